//! Every rule has a failing and a passing fixture repo under
//! `tests/fixtures/rules/<CODE>/{fail,pass}`: the failing one must produce the
//! rule's code with a real position, the passing one must not produce it. Adding a
//! rule without fixtures fails here.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

use std::path::Path;

use accordant::date::Date;
use accordant::pipeline::check_dir;
use accordant::rules;

/// Time-based rules are checked against this date unless a fixture has `today.txt`.
const TODAY: &str = "2026-11-27";

fn today_for(dir: &Path) -> Date {
    let s = std::fs::read_to_string(dir.join("today.txt")).unwrap_or_else(|_| TODAY.to_string());
    Date::parse(s.trim()).expect("today.txt holds YYYY-MM-DD")
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut problems = Vec::new();
    for rule in rules::all() {
        let code = rule.meta.code;
        // I418 compares two revisions: `diff` reports it, and tests/diff.rs tests it.
        if code == "I418" {
            continue;
        }
        for case in ["fail", "pass"] {
            let dir = base.join(code).join(case);
            if !dir.is_dir() {
                problems.push(format!("{code}: missing fixture {}", dir.display()));
                continue;
            }
            let checked = match check_dir(&dir, today_for(&dir)) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(format!("{code}/{case}: could not run: {e:#}"));
                    continue;
                }
            };
            let hits: Vec<_> = checked
                .diagnostics
                .iter()
                .filter(|d| d.code == code)
                .collect();
            match case {
                "fail" if hits.is_empty() => {
                    let got: Vec<String> = checked
                        .diagnostics
                        .iter()
                        .map(|d| format!("{} {}", d.code, d.message))
                        .collect();
                    problems.push(format!("{code}/fail: expected {code}, got {got:?}"));
                }
                "fail" => {
                    for d in hits {
                        if d.primary.span.start.line == 0 {
                            problems.push(format!(
                                "{code}/fail: finding has no position: {}",
                                d.message
                            ));
                        }
                    }
                }
                _ if !hits.is_empty() => problems.push(format!(
                    "{code}/pass: unexpected {code}: {}",
                    hits.iter()
                        .map(|d| d.message.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
