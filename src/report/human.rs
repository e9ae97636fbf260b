//! Compiler-style output for people: the message, the source lines with the
//! primary and secondary labels underlined, notes and help. Rendered with
//! annotate-snippets (rustc's own renderer).

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::Report;
use crate::diag::{Diagnostic, Label, Severity};
use crate::source::{FileId, byte_offset};

pub fn emit(report: &Report<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for d in report.diagnostics {
        writeln!(w, "{}\n", render_one(report, d, &renderer))?;
    }
    writeln!(w, "{}", summary_line(report))
}

/// "error: 2 errors, 1 warning in 12 files (40 documents)" or a clean line.
pub fn summary_line(report: &Report<'_>) -> String {
    let c = report.counts;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let scope = format!(
        "{} ({})",
        plural(report.files, "file"),
        plural(report.documents, "document")
    );
    if c.errors + c.warnings + c.infos == 0 {
        return format!("ok: no findings in {scope}");
    }
    let mut parts = Vec::new();
    if c.errors > 0 {
        parts.push(plural(c.errors, "error"));
    }
    if c.warnings > 0 {
        parts.push(plural(c.warnings, "warning"));
    }
    if c.infos > 0 {
        parts.push(plural(c.infos, "note"));
    }
    let lead = if c.errors > 0 { "error" } else { "warning" };
    format!(
        "{lead}: {} in {scope}; `accordant explain CODE` tells how to fix each",
        parts.join(", "),
    )
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info | Severity::Off => Level::NOTE,
    }
}

fn render_one(report: &Report<'_>, d: &Diagnostic, renderer: &Renderer) -> String {
    let texts: Vec<(FileId, Option<std::sync::Arc<str>>)> = files_of(d)
        .into_iter()
        .map(|f| (f, report.sources.text(f)))
        .collect();
    let mut group = Group::with_title(
        level(d.severity)
            .primary_title(d.message.as_str())
            .id(format!("{}/{}", d.code, d.name)),
    );
    for (file, text) in &texts {
        let path = report.sources.path(*file);
        let labels: Vec<(&Label, bool)> = std::iter::once((&d.primary, true))
            .chain(d.secondary.iter().map(|l| (l, false)))
            .filter(|(l, _)| l.file == *file)
            .collect();
        match text {
            Some(text) if !text.is_empty() => {
                let annotations = labels.iter().map(|(l, primary)| {
                    let kind = if *primary {
                        AnnotationKind::Primary
                    } else {
                        AnnotationKind::Context
                    };
                    kind.span(byte_range(text, l)).label(l.message.as_str())
                });
                group = group.element(
                    Snippet::source(&**text)
                        .line_start(1)
                        .path(path)
                        .fold(true)
                        .annotations(annotations),
                );
            }
            _ => {
                for (l, _) in labels {
                    group = group.element(
                        Origin::path(path)
                            .line(l.span.start.line as usize)
                            // Shown as given: 1-based, like our columns.
                            .char_column(l.span.start.col.max(1) as usize),
                    );
                }
            }
        }
    }
    for n in &d.notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    if let Some(h) = &d.help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    let groups: Vec<Group<'_>> = vec![group];
    renderer.render(&groups).to_string()
}

/// The files a diagnostic points into, primary first, each once.
fn files_of(d: &Diagnostic) -> Vec<FileId> {
    let mut files = vec![d.primary.file];
    for l in &d.secondary {
        if !files.contains(&l.file) {
            files.push(l.file);
        }
    }
    files
}

/// Byte range of a label, kept on its first line so a whole mapping is not
/// underlined line after line.
fn byte_range(text: &str, l: &Label) -> std::ops::Range<usize> {
    let start = byte_offset(text, l.span.start);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    let end = if l.span.end.line == l.span.start.line && l.span.end > l.span.start {
        byte_offset(text, l.span.end).min(line_end)
    } else {
        line_end
    };
    if end <= start {
        // Zero-width: underline the next character if there is one on the line.
        let next = text[start..line_end]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        start..start + next
    } else {
        start..end
    }
}
