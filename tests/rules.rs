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

/// The model with only the documents `keep` accepts (by kind and file), in
/// their order.
fn filtered(
    model: &accordant::model::Model,
    keep: impl Fn(accordant::model::Kind, accordant::source::FileId) -> bool,
) -> accordant::model::Model {
    use accordant::model::{Entity, Kind, Model};
    let mut m = Model::default();
    macro_rules! copy {
        ($vec:ident, $kind:expr, $variant:ident) => {
            for e in model.$vec.iter().filter(|e| keep($kind, e.loc.file)) {
                m.push(Entity::$variant(e.clone()));
            }
        };
    }
    copy!(teams, Kind::Team, Team);
    copy!(metrics, Kind::Metric, Metric);
    copy!(goals, Kind::Goal, Goal);
    copy!(responsibilities, Kind::Responsibility, Responsibility);
    copy!(incentives, Kind::Incentive, Incentive);
    copy!(agreements, Kind::Agreement, Agreement);
    copy!(rituals, Kind::Ritual, Ritual);
    m.unloaded = model.unloaded.clone();
    m.config_file = model.config_file;
    m
}

/// The model without the documents of one kind (the others in their order).
fn without(
    model: &accordant::model::Model,
    kind: accordant::model::Kind,
) -> accordant::model::Model {
    filtered(model, |k, _| k != kind)
}

/// Every fixture repo and the example.
fn fixture_dirs() -> Vec<std::path::PathBuf> {
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
    dirs.sort();
    dirs
}

fn run_rule(
    repo: &accordant::model::Repo,
    model: &accordant::model::Model,
    today: Date,
    scope: Option<accordant::source::FileId>,
    check: rules::CheckFn,
) -> Vec<accordant::diag::Diagnostic> {
    let ctx = rules::Ctx {
        model,
        config: &repo.config,
        today,
        scope,
    };
    let mut out = Vec::new();
    check(&ctx, &mut out);
    out
}

/// The language server runs a local rule (`rules::reads::local`) on the
/// edited file only and keeps its findings about the other files. For every
/// fixture repo and the example, and every file: the rule run on that file
/// finds exactly what the full run finds about it; and removing that file's
/// documents (when it holds none of the kinds the rule looks up, and the rule
/// does not depend on which ids exist) changes nothing the rule finds about the
/// other files.
#[test]
fn local_rules_find_per_file_what_the_full_run_finds() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for dir in fixture_dirs() {
        let repo = accordant::load::load_dir(&dir).unwrap();
        let today = today_for(&dir);
        let files: std::collections::BTreeSet<accordant::source::FileId> =
            repo.model.locs().map(|(_, _, l)| l.file).collect();
        for rule in rules::all() {
            let (Some(check), Some(local)) = (rule.check, rules::reads::local(rule.meta.code))
            else {
                continue;
            };
            let code = rule.meta.code;
            let full = run_rule(&repo, &repo.model, today, None, check);
            for &file in &files {
                compared += 1;
                let about: Vec<_> = full
                    .iter()
                    .filter(|d| d.primary.file == file)
                    .cloned()
                    .collect();
                if run_rule(&repo, &repo.model, today, Some(file), check) != about {
                    problems.push(format!(
                        "{code}: run on {} alone differs from the full run's findings about it ({})",
                        repo.sources.path(file),
                        dir.display()
                    ));
                }
                let kinds: Vec<_> = repo
                    .model
                    .locs()
                    .filter(|(_, _, l)| l.file == file)
                    .map(|(k, _, _)| k)
                    .collect();
                if local.ids || kinds.iter().any(|k| local.looks_up.contains(k)) {
                    continue;
                }
                let rest = filtered(&repo.model, |_, f| f != file);
                let others = |ds: Vec<accordant::diag::Diagnostic>| -> Vec<_> {
                    ds.into_iter().filter(|d| d.primary.file != file).collect()
                };
                if others(run_rule(&repo, &rest, today, None, check)) != others(full.clone()) {
                    problems.push(format!(
                        "{code}: its findings about other files change with {} ({kinds:?}), \
                         a kind `rules::reads::local` does not list in `looks_up` ({})",
                        repo.sources.path(file),
                        dir.display()
                    ));
                }
            }
        }
    }
    assert!(compared > 200, "only {compared} comparisons ran");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
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
    let dirs = fixture_dirs();
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
