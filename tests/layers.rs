//! The crate's layers, checked on its source: data flows one way (pipeline ->
//! diff / site / report -> cmd), so nothing below `cmd/` calls back into it,
//! `diag` knows no rule, and no rule family borrows another family's module
//! (shared helpers live in `src/rules/shared/`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, as (path from `src/`, text).
fn sources(dir: &Path) -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(&src)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn src(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(sub)
}

#[test]
fn nothing_below_the_commands_calls_back_into_them() {
    let mut wrong = Vec::new();
    for (path, text) in sources(&src("")) {
        let top = path.starts_with("cmd/") || path == "cli.rs" || path == "main.rs";
        if !top && (text.contains("crate::cmd") || text.contains("crate::cli")) {
            wrong.push(path);
        }
    }
    assert!(
        wrong.is_empty(),
        "these files use crate::cmd or crate::cli; the pipeline is crate::pipeline, \
         output formats are crate::report::Format: {wrong:?}"
    );
}

#[test]
fn diag_knows_no_rule() {
    for (path, text) in sources(&src("diag")) {
        assert!(
            !text.contains("crate::rules"),
            "{path} uses crate::rules: take a diag::RuleInfo instead"
        );
    }
}

#[test]
fn rule_families_share_helpers_only_through_rules_shared() {
    const FAMILIES: &[&str] = &[
        "agreements",
        "cadence",
        "goals",
        "incentives",
        "metrics",
        "raci",
        "refs",
    ];
    let mut wrong = Vec::new();
    for family in FAMILIES {
        for (path, text) in sources(&src(&format!("rules/{family}"))) {
            for other in FAMILIES.iter().filter(|o| *o != family) {
                if text.contains(&format!("rules::{other}::"))
                    || text.contains(&format!("super::super::{other}"))
                {
                    wrong.push(format!("{path} uses rules::{other}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "move what several families need to src/rules/shared/: {wrong:#?}"
    );
}
