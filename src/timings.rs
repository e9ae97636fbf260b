//! Phase timings for `--timings` (discover, parse, rules, report), so a slow repo
//! can be diagnosed without a profiler. Recording is off unless enabled, and costs
//! one atomic load per phase then.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static PHASES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

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

/// The phases recorded so far, in order.
pub fn take() -> Vec<(&'static str, Duration)> {
    PHASES
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default()
}
