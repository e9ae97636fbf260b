//! Shared sample for the emitter snapshot tests: two in-memory files and a handful
//! of diagnostics that between them use every part of a [`Diagnostic`] (secondary
//! label in another file, notes, help, each severity) and every character the
//! formats must escape (`%`, `:`, `,`, newline, `|`, `<script>`, non-ASCII).
//!
//! The rules here are test-only [`RuleMeta`]s, so the snapshots do not change when
//! a real rule's doc is edited.

use std::sync::Arc;

use crate::diag::{self, Counts, Diagnostic, Label, Severity};
use crate::load::yaml::{Pos, Span};
use crate::report::Report;
use crate::rules::{RuleMeta, RuleStatus};
use crate::source::{FileId, SourceDb};

/// A team file; its path holds a space, a comma and non-ASCII text.
pub(crate) const TEAM_PATH: &str = "teams/sales team, émea.yaml";
pub(crate) const TEAM: &str = "\
kind: Team
id: sales
name: Sales EMEA
leads: [\"@dana\"]
members:
  - github: dana
    name: Dana Ødegård
";

/// A RACI file.
pub(crate) const RACI_PATH: &str = "raci/lead-scoring.yaml";
pub(crate) const RACI: &str = "\
kind: Responsibility
id: lead-scoring
activity: Score inbound leads
accountable: [sales, marketing]
responsible: [\"@zoë\"]
";

pub(crate) static MULTIPLE_ACCOUNTABLE: RuleMeta = RuleMeta {
    code: "C301",
    name: "multiple-accountable",
    summary: "An activity has more than one Accountable party.",
    default_severity: Severity::Error,
    status: RuleStatus::Stable,
    doc: "## What it checks\n\nThat every activity has exactly one Accountable party.\n\n\
          ## Why it matters\n\nTwo owners means no owner.\n\n\
          ## Example\n\n```yaml\naccountable: [sales, marketing]\n```\n\n\
          ## How to fix\n\nKeep one team in `accountable`; move the other to `consulted`.\n\n\
          ## Configuration\n\n`rules: {C301: warning}`\n",
};

pub(crate) static UNREVIEWED_GOAL: RuleMeta = RuleMeta {
    code: "G501",
    name: "unreviewed-shared-goal",
    summary: "A shared goal has no review ritual.",
    default_severity: Severity::Warning,
    status: RuleStatus::Stable,
    doc: "## What it checks\n\nShared goals are reviewed by both teams.\n\n\
          ## Why it matters\n\nUnreviewed goals drift.\n\n## Example\n\n\
          ## How to fix\n\nAdd a ritual.\n\n## Configuration\n\n`rules: {G501: off}`\n",
};

pub(crate) static SOLE_LEAD: RuleMeta = RuleMeta {
    code: "T801",
    name: "sole-lead",
    summary: "A team has a single lead.",
    default_severity: Severity::Info,
    status: RuleStatus::Preview,
    doc: "## What it checks\n\nTeams with one lead.\n\n## Why it matters\n\n\
          ## Example\n\n## How to fix\n\n## Configuration\n",
};

pub(crate) static DANGLING: RuleMeta = RuleMeta {
    code: "R201",
    name: "dangling-reference",
    summary: "A reference names nothing.",
    default_severity: Severity::Error,
    status: RuleStatus::Stable,
    doc: "## What it checks\n\nReferences resolve.\n\n## Why it matters\n\n\
          ## Example\n\n## How to fix\n\n## Configuration\n",
};

/// The rules of the sample, in code order (what a SARIF driver lists).
pub(crate) fn rules() -> Vec<&'static RuleMeta> {
    vec![
        &MULTIPLE_ACCOUNTABLE,
        &UNREVIEWED_GOAL,
        &DANGLING,
        &SOLE_LEAD,
    ]
}

/// The sample files and findings.
pub(crate) struct Sample {
    pub db: SourceDb,
    pub diagnostics: Vec<Diagnostic>,
}

impl Sample {
    /// A report over the sample, as `accordant check` would build it.
    pub fn report(&self) -> Report<'_> {
        Report {
            diagnostics: &self.diagnostics,
            sources: &self.db,
            counts: Counts::of(&self.diagnostics),
            files: self.db.len(),
            documents: 2,
            org: "Acme",
        }
    }
}

/// The single-line span of the `nth` (0-based) occurrence of `needle` in `text`.
pub(crate) fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let (offset, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` not in sample"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    let len = needle.chars().count();
    let pos = |col: usize| Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    };
    Span {
        start: pos(col),
        end: pos(col + len),
    }
}

/// Builds the sample.
pub(crate) fn sample() -> Sample {
    let mut db = SourceDb::new("/repo");
    let team = db.add(TEAM_PATH.to_owned(), Some(Arc::from(TEAM)));
    let raci = db.add(RACI_PATH.to_owned(), Some(Arc::from(RACI)));
    let at = |file: FileId, text: &str, needle: &str, message: &str| {
        Label::new(file, span_of(text, needle, 0), message)
    };

    let mut diagnostics = vec![
        Diagnostic::new(
            &MULTIPLE_ACCOUNTABLE,
            at(raci, RACI, "[sales, marketing]", "two accountable parties"),
            "activity `lead-scoring` has 2 Accountable parties: sales, marketing",
            "responsibility:lead-scoring",
            "",
        )
        .with_label(at(team, TEAM, "sales", "team `sales` is defined here"))
        .with_help("keep one party in `accountable` and move the other to `consulted`"),
        Diagnostic::new(
            &UNREVIEWED_GOAL,
            at(team, TEAM, "Sales EMEA", "this team shares a goal"),
            "team `sales` shares goal `pipeline-q3` with no review ritual",
            "team:sales",
            "pipeline-q3",
        )
        .with_note("sales owns 3 of 4 shared goals")
        .with_note("the last review was 2026-01-05")
        .with_help("add a ritual of kind `goal-review` attended by both teams"),
        Diagnostic::new(
            &SOLE_LEAD,
            at(team, TEAM, "[\"@dana\"]", "one lead"),
            "team `sales` has a single lead",
            "team:sales",
            "",
        ),
        Diagnostic::new(
            &DANGLING,
            at(raci, RACI, "\"@zoë\"", "not a member of any team"),
            "unknown party `@zoë`: 100% unknown, checked teams a,b\n\
             | <script>alert(\"x\")</script> & *bold* _it_ [link](javascript:x) `tick`",
            "responsibility:lead-scoring",
            "@zoë",
        )
        .with_help("add `zoë` to a team's `members`, or fix the handle: Zoë, Zoé?"),
    ];
    diag::sort(&mut diagnostics);
    Sample { db, diagnostics }
}

/// Settings that replace the crate version in snapshots, so a release does not
/// invalidate them.
pub(crate) fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION").replace('.', r"\.")),
        "\"[VERSION]\"",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{human, json};

    fn render(f: impl FnOnce(&Report<'_>, &mut Vec<u8>) -> std::io::Result<()>) -> String {
        let s = sample();
        let mut out = Vec::new();
        f(&s.report(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn spans_point_at_the_needle() {
        let s = span_of(RACI, "\"@zoë\"", 0);
        assert_eq!((s.start.line, s.start.col, s.end.col), (5, 15, 21));
        let t = span_of(TEAM, "sales", 0);
        assert_eq!((t.start.line, t.start.col), (2, 5));
    }

    #[test]
    fn human_snapshot() {
        let out = render(|r, w| human::emit(r, false, w));
        settings().bind(|| insta::assert_snapshot!("human", out));
    }

    #[test]
    fn a_finding_on_a_file_without_text_names_line_and_column_from_one() {
        // Links and too-large files have no text to show: only the origin.
        let mut db = SourceDb::new("/repo");
        let link = db.add("shared".to_owned(), Some(Arc::from("")));
        let p = Pos { line: 1, col: 1 };
        let diagnostics = vec![Diagnostic::new(
            &DANGLING,
            Label::new(link, Span { start: p, end: p }, "this link"),
            "shared is a link",
            "shared",
            "",
        )];
        let s = Sample { db, diagnostics };
        let mut out = Vec::new();
        human::emit(&s.report(), false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("--> shared:1:1\n"), "{out}");
    }

    #[test]
    fn json_snapshot() {
        let out = render(|r, w| json::emit(r, w));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["findings"].as_array().map(Vec::len), Some(4));
        settings().bind(|| insta::assert_snapshot!("json", out));
    }
}
