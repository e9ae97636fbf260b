//! Phase timings for `--timings` (discover, parse, rules, report), so a slow repo
//! can be diagnosed without a profiler. Recording is off unless enabled, and costs
//! one atomic load per phase then.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static PHASES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());
static RULES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Starts recording phases.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Runs `f`, recording how long it took under `phase` when recording is on.
pub fn time<T>(phase: &'static str, f: impl FnOnce() -> T) -> T {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let out = f();
    if let Ok(mut p) = PHASES.lock() {
        p.push((phase, start.elapsed()));
    }
    out
}

/// Whether recording is on.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Runs one rule's check, recording its time under its code when recording is on.
pub fn time_rule<T>(code: &'static str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    if let Ok(mut r) = RULES.lock() {
        r.push((code, start.elapsed()));
    }
    out
}

/// The `n` slowest rules recorded so far, slowest first (rules run in parallel, so
/// their times add up to more than the `rules` phase).
pub fn take_slowest_rules(n: usize) -> Vec<(&'static str, Duration)> {
    let mut all = RULES
        .lock()
        .map(|mut r| std::mem::take(&mut *r))
        .unwrap_or_default();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    all.truncate(n);
    all
}

/// The phases recorded so far, in order.
pub fn take() -> Vec<(&'static str, Duration)> {
    PHASES
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default()
}
