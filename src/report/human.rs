//! Compiler-style output for people: the message, the source lines with the
//! primary and secondary labels underlined, notes and help. Rendered with
//! annotate-snippets (rustc's own renderer).

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::Report;
use crate::diag::{Diagnostic, Label, Safety, Severity};
use crate::escape;
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
    let fixable = |safety: Safety| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.safety == safety))
            .count()
    };
    let fixes = match (fixable(Safety::Safe), fixable(Safety::Unsafe)) {
        (0, 0) => String::new(),
        (safe, 0) => format!("; {safe} fixable with `accordant check --fix`"),
        (0, more) => format!("; {more} fixable with `accordant check --fix --unsafe-fixes`"),
        (safe, more) => format!(
            "; {safe} fixable with `accordant check --fix` ({more} more with `--unsafe-fixes`)"
        ),
    };
    format!(
        "{lead}: {} in {scope}{fixes}; `accordant explain CODE` tells how to fix each",
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

/// Labels on lines at most this far apart share one quoted excerpt; farther ones
/// get excerpts of their own, so a finding never quotes the lines in between.
const JOIN_LINES: u32 = 4;

fn render_one(report: &Report<'_>, d: &Diagnostic, renderer: &Renderer) -> String {
    // Every text from the repo is shown, never obeyed: control characters in
    // messages, paths and quoted lines are made visible (`crate::escape`).
    let title = escape::terminal_line(&d.message);
    let label_texts: Vec<String> = std::iter::once(&d.primary)
        .chain(&d.secondary)
        .map(|l| escape::terminal_line(&l.message))
        .collect();
    let mut excerpts = Vec::new();
    for file in files_of(d) {
        let path = escape::terminal_line(report.sources.path(file));
        let mut labels: Vec<(usize, &Label)> = std::iter::once(&d.primary)
            .chain(&d.secondary)
            .enumerate()
            .filter(|(_, l)| l.file == file)
            .collect();
        labels.sort_by_key(|(_, l)| l.span.start.line);
        for cluster in clusters(&labels) {
            let first = cluster[0].1.span.start.line;
            let last = cluster[cluster.len() - 1].1.span.start.line;
            let excerpt = report
                .sources
                .lines(file, first, last)
                .filter(|(text, range, _)| !text[range.clone()].is_empty())
                .map(|(text, range, first)| {
                    let source = escape::snippet(&text[range]).into_owned();
                    (source, first)
                });
            excerpts.push((path.clone(), cluster.to_vec(), excerpt));
        }
    }
    let mut group = Group::with_title(
        level(d.severity)
            .primary_title(title.as_str())
            .id(format!("{}/{}", d.code, d.name)),
    );
    for (path, cluster, excerpt) in &excerpts {
        match excerpt {
            Some((source, first)) => {
                let annotations = cluster.iter().map(|(i, l)| {
                    let kind = if *i == 0 {
                        AnnotationKind::Primary
                    } else {
                        AnnotationKind::Context
                    };
                    kind.span(byte_range(source, &shifted(l, *first)))
                        .label(label_texts[*i].as_str())
                });
                group = group.element(
                    Snippet::source(source.as_str())
                        .line_start(*first as usize)
                        .path(path.as_str())
                        .fold(true)
                        .annotations(annotations),
                );
            }
            None => {
                for (_, l) in cluster.iter() {
                    group = group.element(
                        Origin::path(path.as_str())
                            .line(l.span.start.line as usize)
                            // Shown as given: 1-based, like our columns.
                            .char_column(l.span.start.col.max(1) as usize),
                    );
                }
            }
        }
    }
    let notes: Vec<String> = d.notes.iter().map(|n| escape::terminal(n)).collect();
    for n in &notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    let help = d.help.as_deref().map(escape::terminal);
    if let Some(h) = &help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    // The fix `check --fix` would apply (its title quotes repo text).
    let fix = d.fix.as_ref().map(|f| {
        let how = match f.safety {
            Safety::Safe => "`accordant check --fix`",
            Safety::Unsafe => "`accordant check --fix --unsafe-fixes`, it needs your judgment",
        };
        format!("fix: {} ({how})", escape::terminal(&f.title))
    });
    if let Some(f) = &fix {
        group = group.element(Level::HELP.message(f.as_str()));
    }
    let groups: Vec<Group<'_>> = vec![group];
    renderer.render(&groups).to_string()
}

/// Labels (sorted by line) split where two are more than [`JOIN_LINES`] apart.
fn clusters<'a, 'l>(labels: &'a [(usize, &'l Label)]) -> Vec<&'a [(usize, &'l Label)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=labels.len() {
        let split = i == labels.len()
            || labels[i].1.span.start.line > labels[i - 1].1.span.start.line + JOIN_LINES;
        if split {
            out.push(&labels[start..i]);
            start = i;
        }
    }
    out
}

/// `l` with its lines counted from `first` (the excerpt's first line) instead of
/// from the top of the file.
fn shifted(l: &Label, first: u32) -> Label {
    let mut span = l.span;
    span.start.line = span.start.line - first + 1;
    span.end.line = span.end.line.saturating_sub(first - 1).max(1);
    if l.span.end.line < l.span.start.line {
        span.end = span.start;
    }
    Label {
        file: l.file,
        span,
        message: String::new(),
    }
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
