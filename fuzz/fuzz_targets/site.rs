//! The playbook built from one fuzzed document file: no input may panic, and no
//! page may carry a live script from the input.
#![no_main]

use accordant::date::Date;
use accordant::site::{Options, build};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let repo = dir.path().join("repo");
    let out = dir.path().join("out");
    if std::fs::create_dir_all(&repo).is_err()
        || std::fs::write(repo.join("accordant.yaml"), "org: Fuzz\n").is_err()
        || std::fs::write(repo.join("docs.yaml"), data).is_err()
    {
        return;
    }
    let opts = Options {
        path: repo,
        out: out.clone(),
        today: Date::parse("2026-11-27").expect("a valid date"),
    };
    // A build may refuse an input (exit 1 or 2 in the CLI); it must never panic.
    if build(&opts).is_ok() {
        for entry in walk(&out) {
            if entry.extension().is_some_and(|e| e == "html")
                && let Ok(text) = std::fs::read_to_string(&entry)
            {
                assert!(!text.contains("<script>alert"), "live script in {entry:?}");
            }
        }
    }
});

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
