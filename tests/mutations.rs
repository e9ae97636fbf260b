//! One mistake, one finding: every number and boolean of `examples/acme`, and
//! every text value of its documents, replaced in turn by a value of the wrong
//! type (text for a number, `no` for a boolean, a list for a text). Each mutation
//! must give exactly one error finding, on the mutated value's line, add no other
//! finding, keep the document in the model, and show in the semantic diff as a
//! changed document (never as removed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use accordant::date::Date;
use accordant::diag::Severity;
use accordant::diff::changes::{ChangeType, Models, compare};
use accordant::load::yaml::{self, Node, Span, Value};
use accordant::load::{Content, Input, load_dir, load_inputs};
use accordant::model::Kind;
use accordant::pipeline::{Checked, check_repo};
use accordant::source::SourceDb;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme")
}

fn today() -> Date {
    Date::parse("2026-12-01").unwrap()
}

/// The example's files (path, text) in load order, and its config.
fn files() -> (Vec<(String, String)>, accordant::config::Config) {
    let repo = load_dir(&example()).unwrap();
    let mut out = Vec::new();
    for n in 0..repo.sources.len() {
        let id = accordant::source::FileId(u32::try_from(n).unwrap());
        let path = repo.sources.path(id).to_string();
        if path == "accordant.yaml" {
            continue;
        }
        let text = std::fs::read_to_string(example().join(&path)).unwrap();
        out.push((path, text));
    }
    (out, repo.config)
}

fn check(files: &[(String, String)], config: &accordant::config::Config) -> Checked {
    let inputs = files
        .iter()
        .map(|(p, t)| Input {
            path: p.clone(),
            content: Content::Memory(Arc::from(t.as_bytes())),
        })
        .collect();
    let repo = load_inputs(config.clone(), SourceDb::new(example()), inputs);
    check_repo(repo, today())
}

/// One value to replace: where it is, in which document, and with what.
struct Mutation {
    file: usize,
    span: Span,
    replacement: &'static str,
    doc: (Kind, String),
    what: String,
}

/// Every scalar of every document, with the wrong-typed value to put there.
fn mutations(files: &[(String, String)]) -> Vec<Mutation> {
    let mut out = Vec::new();
    for (i, (_, text)) in files.iter().enumerate() {
        for doc in yaml::parse_stream(text, yaml::Limits::default()).unwrap() {
            let kind = Kind::parse(doc.get("kind").and_then(Node::as_str).unwrap()).unwrap();
            let id = doc.get("id").and_then(Node::as_str).unwrap().to_string();
            let mut found = Vec::new();
            scalars(&doc, "", &mut found);
            for (pointer, node) in found {
                // The identity is what the document is found by: without it there
                // is no document to keep.
                if pointer == "/kind" || pointer == "/id" {
                    continue;
                }
                let replacement = match node.value {
                    Value::Int(_) | Value::Float(_) => "12 units",
                    Value::Bool(_) => "no",
                    // `accountable` may be written as a list (C301 says why one
                    // party is right): a mapping is the wrong type there.
                    Value::Str(_) if pointer == "/accountable" => "{one: two}",
                    Value::Str(_) => "[one, two]",
                    _ => continue,
                };
                out.push(Mutation {
                    file: i,
                    span: node.span,
                    replacement,
                    doc: (kind, id.clone()),
                    what: format!("{kind:?} `{id}` {pointer}"),
                });
            }
        }
    }
    out
}

fn scalars<'a>(node: &'a Node, pointer: &str, out: &mut Vec<(String, &'a Node)>) {
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                scalars(v, &format!("{pointer}/{}", k.text), out);
            }
        }
        Value::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                scalars(v, &format!("{pointer}/{i}"), out);
            }
        }
        Value::Null => {}
        _ => out.push((pointer.to_string(), node)),
    }
}

/// `text` with the one-line `span` replaced.
fn replace(text: &str, span: Span, with: &str) -> Option<String> {
    if span.start.line != span.end.line {
        return None;
    }
    let mut out = String::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n + 1 == span.start.line as usize {
            let chars: Vec<char> = line.chars().collect();
            let (a, b) = (span.start.col as usize - 1, span.end.col as usize - 1);
            out.extend(&chars[..a]);
            out.push_str(with);
            out.extend(&chars[b..]);
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

fn has_doc(checked: &Checked, (kind, id): &(Kind, String)) -> bool {
    checked
        .repo
        .model
        .locs()
        .any(|(k, i, _)| k == *kind && i == id)
}

#[test]
fn every_wrong_typed_value_gives_one_finding_and_keeps_its_document() {
    let (files, config) = files();
    let base = check(&files, &config);
    assert_eq!(base.counts().errors, 0, "the example is clean");
    let base_findings: Vec<(String, String)> = base
        .diagnostics
        .iter()
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    let all = mutations(&files);
    let numbers_and_booleans = all
        .iter()
        .filter(|m| matches!(m.replacement, "12 units" | "no"))
        .count();
    assert!(
        numbers_and_booleans > 40,
        "the example has numbers and booleans to mutate ({numbers_and_booleans})"
    );
    let mut problems = Vec::new();
    let mut tried = 0;
    for m in &all {
        let Some(text) = replace(&files[m.file].1, m.span, m.replacement) else {
            continue;
        };
        tried += 1;
        let mut mutated = files.clone();
        mutated[m.file].1 = text;
        let head = check(&mutated, &config);
        let path = &files[m.file].0;
        let errors: Vec<_> = head
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let at = format!("{path}:{}", m.span.start.line);
        let show = || {
            head.diagnostics
                .iter()
                .map(|d| {
                    format!(
                        "    {} {}:{} {}",
                        d.code,
                        head.repo.sources.path(d.primary.file),
                        d.primary.span.start.line,
                        d.message
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        if errors.len() != 1 {
            problems.push(format!(
                "{} ({at}) -> {}: {} errors\n{}",
                m.what,
                m.replacement,
                errors.len(),
                show()
            ));
            continue;
        }
        let e = errors[0];
        if head.repo.sources.path(e.primary.file) != path
            || e.primary.span.start.line != m.span.start.line
        {
            problems.push(format!(
                "{} ({at}) -> {}: the error is not on the value's line\n{}",
                m.what,
                m.replacement,
                show()
            ));
            continue;
        }
        let new_other: Vec<_> = head
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Error)
            .filter(|d| !base_findings.contains(&(d.code.to_string(), d.message.clone())))
            .collect();
        if !new_other.is_empty() {
            problems.push(format!(
                "{} ({at}) -> {}: {} other new finding(s)\n{}",
                m.what,
                m.replacement,
                new_other.len(),
                show()
            ));
            continue;
        }
        if !has_doc(&head, &m.doc) {
            problems.push(format!(
                "{} -> {}: the document left the model",
                m.what, m.replacement
            ));
            continue;
        }
        let shared = vec![None; head.repo.sources.len()];
        let changes = compare(&Models {
            base: &base.repo.model,
            head: &head.repo.model,
            base_sources: &base.repo.sources,
            head_sources: &head.repo.sources,
            shared: &shared,
        });
        let key = m.doc.0.key(&m.doc.1);
        if changes
            .iter()
            .any(|c| c.key == key && matches!(c.change, ChangeType::Removed | ChangeType::Added))
        {
            problems.push(format!(
                "{} -> {}: the diff shows the document as removed",
                m.what, m.replacement
            ));
        }
    }
    assert!(tried >= all.len() * 9 / 10, "{tried} of {}", all.len());
    assert!(
        problems.is_empty(),
        "{} of {tried} mutations broke the rule:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
