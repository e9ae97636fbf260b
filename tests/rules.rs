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

/// The model without the documents of one kind (the others in their order).
fn without(
    model: &accordant::model::Model,
    kind: accordant::model::Kind,
) -> accordant::model::Model {
    use accordant::model::{Entity, Kind, Model};
    let mut m = Model::default();
    let keep = |k: Kind| k != kind;
    if keep(Kind::Team) {
        model
            .teams
            .iter()
            .for_each(|e| m.push(Entity::Team(e.clone())));
    }
    if keep(Kind::Metric) {
        model
            .metrics
            .iter()
            .for_each(|e| m.push(Entity::Metric(e.clone())));
    }
    if keep(Kind::Goal) {
        model
            .goals
            .iter()
            .for_each(|e| m.push(Entity::Goal(e.clone())));
    }
    if keep(Kind::Responsibility) {
        (model.responsibilities.iter()).for_each(|e| m.push(Entity::Responsibility(e.clone())));
    }
    if keep(Kind::Incentive) {
        (model.incentives.iter()).for_each(|e| m.push(Entity::Incentive(e.clone())));
    }
    if keep(Kind::Agreement) {
        (model.agreements.iter()).for_each(|e| m.push(Entity::Agreement(e.clone())));
    }
    if keep(Kind::Ritual) {
        model
            .rituals
            .iter()
            .for_each(|e| m.push(Entity::Ritual(e.clone())));
    }
    m.unloaded = model.unloaded.clone();
    m.config_file = model.config_file;
    m
}

/// The language server keeps a rule's findings while no kind it reads
/// (`rules::reads`) changed. For every fixture repo and the example, removing
/// all documents of a kind a rule does not declare must leave its findings as
/// they were; a rule that reads an undeclared kind (a team's name in its
/// message, a goal's metric) changes them here.
#[test]
fn rules_read_only_the_kinds_they_declare() {
    use accordant::model::Kind;
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![base.join("examples/acme")];
    for rule in std::fs::read_dir(base.join("tests/fixtures/rules")).unwrap() {
        for case in ["fail", "pass"] {
            let dir = rule.as_ref().unwrap().path().join(case);
            if dir.is_dir() {
                dirs.push(dir);
            }
        }
    }
    let mut problems = Vec::new();
    let mut compared = 0;
    for dir in &dirs {
        let repo = accordant::load::load_dir(dir).unwrap();
        let today = today_for(dir);
        let run = |model: &accordant::model::Model, check: rules::CheckFn| {
            let ctx = rules::Ctx {
                model,
                config: &repo.config,
                today,
                scope: None,
            };
            let mut out = Vec::new();
            check(&ctx, &mut out);
            out
        };
        for rule in rules::all() {
            let Some(check) = rule.check else { continue };
            let reads = rules::reads(rule.meta.code);
            let full = run(&repo.model, check);
            for kind in Kind::ALL.into_iter().filter(|k| !reads.contains(k)) {
                compared += 1;
                let part = run(&without(&repo.model, kind), check);
                if part != full {
                    problems.push(format!(
                        "{} reads {kind:?} documents (in {}) but `rules::reads` does not say so",
                        rule.meta.code,
                        dir.strip_prefix(base).unwrap_or(dir).display()
                    ));
                }
            }
        }
    }
    problems.dedup();
    assert!(compared > 1000, "only {compared} comparisons ran");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
