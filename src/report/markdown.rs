//! `--format markdown`: a summary for people reading a CI run, fit for
//! `$GITHUB_STEP_SUMMARY`: a verdict heading, a table of counts, then the findings
//! grouped by severity, one table row each (rule linked to its doc, place,
//! message, help).
//!
//! Every piece of text that comes from the repo goes through [`crate::escape`]'s Markdown
//! functions (the same ones the PR comment uses), so a
//! message can neither break the table nor inject HTML or links. The output is
//! capped at [`MAX_BYTES`] (GitHub's limit for a step summary); findings that do not
//! fit are counted on a last line.

use std::io::{self, Write};

use super::sarif::rule_doc_url;
use super::{Report, line_col};
use crate::diag::{Diagnostic, Severity};
use crate::escape;

/// GitHub's limit for one step's job summary: 1 MiB.
pub const MAX_BYTES: usize = 1 << 20;

/// Writes the summary of `report`, at most [`MAX_BYTES`] long.
pub fn emit(report: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    w.write_all(render(report, MAX_BYTES).as_bytes())
}

/// The summary of `report`, at most `max_bytes` long (never less than the heading
/// and counts table, a few hundred bytes).
pub fn render(report: &Report<'_>, max_bytes: usize) -> String {
    let c = report.counts;
    let total = c.errors + c.warnings + c.infos;
    let mut out = String::new();
    out.push_str(&heading(report));
    out.push_str("\n\n");
    if !report.org.is_empty() {
        out.push_str(&format!(
            "Alignment repo of **{}**.\n\n",
            escape::markdown(report.org)
        ));
    }
    out.push_str("| Errors | Warnings | Notes | Files | Documents |\n");
    out.push_str("| ---: | ---: | ---: | ---: | ---: |\n");
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} |\n",
        c.errors, c.warnings, c.infos, report.files, report.documents
    ));

    // Room kept for the last line, sized for the largest count it could show.
    let reserve = left_out_line(total).len();
    let mut written = 0;
    'sections: for (severity, title) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Notes"),
    ] {
        let mut findings = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .peekable();
        let n = findings.clone().count();
        if findings.peek().is_none() {
            continue;
        }
        let mut header = Some(format!(
            "\n### {title} ({n})\n\n| Rule | Location | Message | Help |\n| --- | --- | --- | --- |\n"
        ));
        for d in findings {
            let row = row(report, d);
            let needed = header.as_ref().map_or(0, String::len) + row.len();
            if out.len() + needed + reserve > max_bytes {
                break 'sections;
            }
            if let Some(h) = header.take() {
                out.push_str(&h);
            }
            out.push_str(&row);
            written += 1;
        }
    }
    if written < report.diagnostics.len() {
        out.push_str(&left_out_line(report.diagnostics.len() - written));
    }
    out
}

fn heading(report: &Report<'_>) -> String {
    let c = report.counts;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut others = Vec::new();
    if c.warnings > 0 {
        others.push(plural(c.warnings, "warning"));
    }
    if c.infos > 0 {
        others.push(plural(c.infos, "note"));
    }
    if c.errors > 0 {
        let mut parts = vec![plural(c.errors, "error")];
        parts.extend(others);
        format!("## ❌ accordant check: {}", parts.join(", "))
    } else if others.is_empty() {
        "## ✅ accordant check: no findings".to_owned()
    } else {
        format!("## ✅ accordant check: no errors ({})", others.join(", "))
    }
}

fn row(report: &Report<'_>, d: &Diagnostic) -> String {
    let (line, col, _, _) = line_col(&d.primary);
    let location = format!("{}:{line}:{col}", report.sources.path(d.primary.file));
    let mut message = escape::markdown_message(&d.message);
    for n in &d.notes {
        message.push_str("<br>note: ");
        message.push_str(&escape::markdown_message(n));
    }
    for l in &d.secondary {
        let (l_line, l_col, _, _) = line_col(l);
        let place = format!("{}:{l_line}:{l_col}", report.sources.path(l.file));
        message.push_str("<br>see ");
        message.push_str(&escape::markdown(&place));
        if !l.message.is_empty() {
            message.push_str(": ");
            message.push_str(&escape::markdown_message(&l.message));
        }
    }
    format!(
        "| [{}]({}) {} | {} | {} | {} |\n",
        d.code,
        rule_doc_url(d.code),
        escape::markdown(d.name),
        escape::markdown(&location),
        message,
        d.help
            .as_deref()
            .map(escape::markdown_message)
            .unwrap_or_default()
    )
}

fn left_out_line(n: usize) -> String {
    format!(
        "\n**{n} more finding{} left out**: a job summary holds at most 1 MiB. \
         Run `accordant check --format json` for the full list.\n",
        if n == 1 { " was" } else { "s were" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::{self, sample};

    #[test]
    fn snapshot() {
        let s = sample();
        let mut out = Vec::new();
        emit(&s.report(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        sample::settings().bind(|| insta::assert_snapshot!("markdown", out));
    }

    fn big_report_output(max: usize) -> (String, usize) {
        let s = sample();
        let many: Vec<Diagnostic> = (0..4000)
            .map(|i| {
                let mut d = s.diagnostics[i % s.diagnostics.len()].clone();
                d.message = format!("finding {i}: {}", "x".repeat(300));
                d
            })
            .collect();
        let mut report = s.report();
        report.diagnostics = &many;
        report.counts = crate::diag::Counts::of(&many);
        (render(&report, max), many.len())
    }

    #[test]
    fn output_over_one_mib_is_cut() {
        let s = sample();
        let (out, total) = big_report_output(MAX_BYTES);
        assert!(out.len() <= MAX_BYTES, "{} bytes", out.len());
        assert!(
            out.len() > MAX_BYTES - 2_000,
            "cut too early: {} bytes",
            out.len()
        );
        let rows = out.lines().filter(|l| l.starts_with("| [")).count();
        assert!(rows > 0 && rows < total);
        let last = out.trim_end().lines().last().unwrap();
        assert_eq!(
            last,
            format!(
                "**{} more findings were left out**: a job summary holds at most 1 MiB. \
                 Run `accordant check --format json` for the full list.",
                total - rows
            )
        );
        // The same report under the cap is whole.
        let mut whole = Vec::new();
        emit(&s.report(), &mut whole).unwrap();
        assert!(!String::from_utf8(whole).unwrap().contains("left out"));
    }

    #[test]
    fn a_tiny_cap_keeps_heading_and_counts() {
        let (out, total) = big_report_output(0);
        assert!(out.starts_with("## ❌ accordant check: "));
        assert!(out.contains("| Errors | Warnings |"));
        assert!(out.ends_with(&left_out_line(total)), "{out}");
    }

    #[test]
    fn verdicts() {
        let s = sample();
        let mut report = s.report();
        assert!(heading(&report).starts_with("## ❌"));
        let warnings: Vec<Diagnostic> = s
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .cloned()
            .collect();
        report.diagnostics = &warnings;
        report.counts = crate::diag::Counts::of(&warnings);
        assert_eq!(
            heading(&report),
            "## ✅ accordant check: no errors (1 warning)"
        );
        report.diagnostics = &[];
        report.counts = crate::diag::Counts::default();
        assert_eq!(heading(&report), "## ✅ accordant check: no findings");
        assert!(!render(&report, MAX_BYTES).contains("###"));
    }
}
