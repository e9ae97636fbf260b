//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), errors
//! first so that they survive GitHub's display limit (10 errors and 10 warnings
//! per step, 50 per job), then the plain summary line.
//!
//! Escaping ([`crate::escape::workflow_property`] and
//! [`crate::escape::workflow_data`]) follows GitHub's own toolkit (`@actions/core`):
//! property values escape `%`, CR, LF, `:` and `,`; the message escapes `%`, CR and
//! LF, and other control characters are dropped. Since no raw line break survives,
//! text from the repo can never start a workflow command of its own.
//! [`command`] is pure, for reuse by the pull-request review.

use std::io::{self, Write};

use super::{Report, human, line_col};
use crate::diag::{Diagnostic, Severity};
use crate::escape;

/// How many annotations of one level GitHub shows per step.
pub const SHOWN_PER_STEP: usize = 10;

/// One annotation, ready to be written as a workflow command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation<'a> {
    pub severity: Severity,
    /// Path relative to the repo root.
    pub path: &'a str,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// `CODE name`, e.g. `C301 multiple-accountable`.
    pub title: String,
    /// The message; notes, related places and help on lines of their own.
    pub message: String,
}

/// The annotation for one finding.
pub fn annotation<'a>(report: &'a Report<'_>, d: &Diagnostic) -> Annotation<'a> {
    let (line, col, end_line, end_column) = line_col(&d.primary);
    let message = annotation_message(report, d, str::to_owned);
    Annotation {
        severity: d.severity,
        path: report.sources.path(d.primary.file),
        line,
        col,
        end_line,
        end_column,
        title: format!("{} {}", d.code, d.name),
        message,
    }
}

/// A finding's message for an annotation: the message, then its notes, related
/// places (their paths shown through `path`) and help on lines of their own.
pub fn annotation_message(
    report: &Report<'_>,
    d: &Diagnostic,
    path: impl Fn(&str) -> String,
) -> String {
    let mut message = d.message.clone();
    for n in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(n);
    }
    for l in &d.secondary {
        let (l_line, l_col, _, _) = line_col(l);
        message.push_str(&format!(
            "\nsee {}:{l_line}:{l_col}",
            path(report.sources.path(l.file))
        ));
        if !l.message.is_empty() {
            message.push_str(": ");
            message.push_str(&l.message);
        }
    }
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    message
}

/// The workflow command word of a severity.
pub fn command_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Off => "notice",
    }
}

/// One workflow command line (without the line break). Columns are left out when
/// the annotation spans several lines: GitHub accepts them only on a single line.
pub fn command(a: &Annotation<'_>) -> String {
    let mut props = vec![
        ("file", escape::workflow_property(a.path)),
        ("line", a.line.to_string()),
    ];
    if a.end_line == a.line {
        props.push(("col", a.col.to_string()));
    }
    props.push(("endLine", a.end_line.to_string()));
    if a.end_line == a.line {
        props.push(("endColumn", a.end_column.to_string()));
    }
    props.push(("title", escape::workflow_property(&a.title)));
    let props: Vec<String> = props.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(
        "::{} {}::{}",
        command_name(a.severity),
        props.join(","),
        escape::workflow_data(&a.message)
    )
}

/// Writes one command per finding (errors, then warnings, then notes, each in
/// report order), then the summary line.
pub fn emit(report: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        for d in report.diagnostics.iter().filter(|d| d.severity == severity) {
            writeln!(w, "{}", command(&annotation(report, d)))?;
        }
    }
    let c = report.counts;
    if c.errors > SHOWN_PER_STEP || c.warnings > SHOWN_PER_STEP {
        writeln!(
            w,
            "note: GitHub shows only the first {SHOWN_PER_STEP} errors and \
             {SHOWN_PER_STEP} warnings of a step as annotations; all {} findings are listed \
             above (`--format markdown` writes them to the job summary)",
            c.errors + c.warnings + c.infos
        )?;
    }
    writeln!(w, "{}", escape::log_line(&human::summary_line(report)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::{self, sample};

    fn output() -> String {
        let s = sample();
        let mut out = Vec::new();
        emit(&s.report(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn snapshot() {
        let out = output();
        sample::settings().bind(|| insta::assert_snapshot!("github", out));
    }

    #[test]
    fn one_line_per_finding_errors_first() {
        let out = output();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 5, "{out}");
        let kinds: Vec<&str> = lines[..4]
            .iter()
            .map(|l| l.split_once(' ').unwrap().0)
            .collect();
        assert_eq!(kinds, ["::error", "::error", "::warning", "::notice"]);
        assert!(lines[4].starts_with("error: 2 errors, 1 warning, 1 note"));
    }

    #[test]
    fn command_shape() {
        let a = Annotation {
            severity: Severity::Warning,
            path: "goals/q3, 2026.yaml",
            line: 3,
            col: 5,
            end_line: 3,
            end_column: 9,
            title: "G501 unreviewed-shared-goal".into(),
            message: "100% off\nhelp: fix it".into(),
        };
        assert_eq!(
            command(&a),
            "::warning file=goals/q3%2C 2026.yaml,line=3,col=5,endLine=3,endColumn=9,\
             title=G501 unreviewed-shared-goal::100%25 off%0Ahelp: fix it"
        );
        let multi = Annotation {
            end_line: 7,
            severity: Severity::Info,
            ..a
        };
        assert_eq!(
            command(&multi),
            "::notice file=goals/q3%2C 2026.yaml,line=3,endLine=7,\
             title=G501 unreviewed-shared-goal::100%25 off%0Ahelp: fix it"
        );
    }

    #[test]
    fn warns_when_github_would_hide_annotations() {
        let s = sample();
        let error = s
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap();
        let many: Vec<Diagnostic> = (0..11).map(|_| error.clone()).collect();
        let mut report = s.report();
        report.diagnostics = &many;
        report.counts = crate::diag::Counts::of(&many);
        let mut out = Vec::new();
        emit(&report, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out.lines().filter(|l| l.starts_with("::error ")).count(),
            11
        );
        assert!(
            out.contains("GitHub shows only the first 10 errors"),
            "{out}"
        );
    }
}
