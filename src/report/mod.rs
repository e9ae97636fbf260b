//! Emitters: one per output format, all reading positions from the one
//! [`SourceDb`], so lines and columns agree across formats.

pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
#[cfg(test)]
pub(crate) mod sample;
pub mod sarif;

use std::io::{self, Write};

use crate::diag::{Counts, Diagnostic};
use crate::pipeline::Checked;
use crate::source::SourceDb;

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style messages with source snippets (colour on a terminal).
    Human,
    /// A versioned JSON object (see docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A Markdown summary, fit for a job summary.
    Markdown,
}

/// What every emitter reports on.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub sources: &'a SourceDb,
    pub counts: Counts,
    /// Number of files read.
    pub files: usize,
    /// Number of documents in the model.
    pub documents: usize,
    /// Organisation name from accordant.yaml.
    pub org: &'a str,
}

impl<'a> Report<'a> {
    pub fn new(c: &'a Checked) -> Self {
        Report {
            diagnostics: &c.diagnostics,
            sources: &c.repo.sources,
            counts: c.counts(),
            files: c.repo.sources.len(),
            documents: c.repo.model.len(),
            org: &c.repo.config.org,
        }
    }
}

/// Writes `report` in `format`.
pub fn emit(format: Format, report: &Report<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::emit(report, color, w),
        Format::Json => json::emit(report, w),
        Format::Sarif => sarif::emit(report, w),
        Format::Github => github::emit(report, w),
        Format::Markdown => markdown::emit(report, w),
    }
}

/// 1-based (line, column) of a label's start and end, as every format prints them.
pub fn line_col(d: &crate::diag::Label) -> (u32, u32, u32, u32) {
    let s = d.span.start;
    let e = d.span.end;
    let (el, ec) = if e.line == 0 {
        (s.line, s.col)
    } else {
        (e.line, e.col)
    };
    (s.line.max(1), s.col.max(1), el.max(1), ec.max(1))
}
