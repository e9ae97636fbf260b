//! `--format json`: the stable machine contract. A versioned top-level object;
//! fields are only ever added within a version (see docs/json-output.md).

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, line_col};
use crate::diag::{Counts, Diagnostic, Label};
use crate::source::SourceDb;

/// Version of the JSON output; bumped on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    org: &'a str,
    summary: Summary,
    findings: Vec<Finding<'a>>,
}

/// The tool that wrote a JSON output (also in `diff --format json`).
#[derive(Serialize)]
pub(crate) struct Tool {
    name: &'static str,
    version: &'static str,
}

/// accordant, at this version.
pub(crate) const TOOL: Tool = Tool {
    name: "accordant",
    version: env!("CARGO_PKG_VERSION"),
};

#[derive(Serialize)]
struct Summary {
    files: usize,
    documents: usize,
    #[serde(flatten)]
    counts: Counts,
}

/// One finding (also in `diff --format json`).
#[derive(Serialize)]
pub(crate) struct Finding<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    location: Location<'a>,
    related: Vec<Location<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
    entity: &'a str,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
}

fn location<'a>(sources: &'a SourceDb, l: &'a Label) -> Location<'a> {
    let (line, column, end_line, end_column) = line_col(l);
    Location {
        path: sources.path(l.file),
        line,
        column,
        end_line,
        end_column,
        message: &l.message,
    }
}

/// A finding with its positions in `sources`.
pub(crate) fn finding<'a>(sources: &'a SourceDb, d: &'a Diagnostic) -> Finding<'a> {
    Finding {
        code: d.code,
        name: d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        location: location(sources, &d.primary),
        related: d.secondary.iter().map(|l| location(sources, l)).collect(),
        notes: &d.notes,
        help: d.help.as_deref(),
        entity: &d.key,
        fingerprint: &d.fingerprint,
    }
}

pub fn emit(report: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    let out = Output {
        version: VERSION,
        tool: TOOL,
        org: report.org,
        summary: Summary {
            files: report.files,
            documents: report.documents,
            counts: report.counts,
        },
        findings: report
            .diagnostics
            .iter()
            .map(|d| finding(report.sources, d))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}
