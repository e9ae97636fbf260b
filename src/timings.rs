//! Phase timings for `--timings` (discover, parse, rules, report), so a slow repo
//! can be diagnosed without a profiler: the time of each phase, the process's peak
//! memory when it ended (Linux), and the slowest rules. Recording is off unless
//! enabled, and costs one atomic load per phase then.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static PHASES: Mutex<Vec<Phase>> = Mutex::new(Vec::new());
static RULES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// One recorded phase.
#[derive(Clone, Debug)]
pub struct Phase {
    pub name: &'static str,
    pub time: Duration,
    /// The process's peak resident memory so far, in bytes, where the OS tells it.
    pub peak_rss: Option<u64>,
}

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
    let time = start.elapsed();
    if let Ok(mut p) = PHASES.lock() {
        p.push(Phase {
            name: phase,
            time,
            peak_rss: peak_rss(),
        });
    }
    out
}

/// The peak resident set size of this process (`VmHWM` in `/proc/self/status`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
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
pub fn take() -> Vec<Phase> {
    PHASES
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default()
}

/// Prints what was recorded to stderr (phases in order, then the five slowest
/// rules) and forgets it. Prints nothing when recording is off.
pub fn print() {
    for p in take() {
        let peak = p
            .peak_rss
            .map(|b| format!("   peak memory {:>6.1} MB", b as f64 / 1e6))
            .unwrap_or_default();
        eprintln!(
            "timing: {:<18} {:>8.1} ms{peak}",
            p.name,
            p.time.as_secs_f64() * 1000.0
        );
    }
    let rules = take_slowest_rules(usize::MAX);
    if !rules.is_empty() {
        let cpu: Duration = rules.iter().map(|(_, d)| *d).sum();
        eprintln!(
            "timing:   {} rules ran, {:.1} ms in all (on all cores)",
            rules.len(),
            cpu.as_secs_f64() * 1000.0
        );
    }
    for (code, d) in rules.into_iter().take(5) {
        eprintln!(
            "timing:   rule {code:<13} {:>8.1} ms",
            d.as_secs_f64() * 1000.0
        );
    }
}
