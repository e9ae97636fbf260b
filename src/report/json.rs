//! `--format json`: the stable machine contract. A versioned top-level object;
//! fields are only ever added within a version (see docs/json-output.md).

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, line_col};
use crate::diag::{Counts, Diagnostic, Label};

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

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    documents: usize,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct Finding<'a> {
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
pub(crate) struct Location<'a> {
    pub path: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: &'a str,
}

pub(crate) fn location<'a>(report: &'a Report<'_>, l: &'a Label) -> Location<'a> {
    let (line, column, end_line, end_column) = line_col(l);
    Location {
        path: report.sources.path(l.file),
        line,
        column,
        end_line,
        end_column,
        message: &l.message,
    }
}

fn finding<'a>(report: &'a Report<'_>, d: &'a Diagnostic) -> Finding<'a> {
    Finding {
        code: d.code,
        name: d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        location: location(report, &d.primary),
        related: d.secondary.iter().map(|l| location(report, l)).collect(),
        notes: &d.notes,
        help: d.help.as_deref(),
        entity: &d.key,
        fingerprint: &d.fingerprint,
    }
}

pub fn emit(report: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    let out = Output {
        version: VERSION,
        tool: Tool {
            name: "accordant",
            version: env!("CARGO_PKG_VERSION"),
        },
        org: report.org,
        summary: Summary {
            files: report.files,
            documents: report.documents,
            counts: report.counts,
        },
        findings: report
            .diagnostics
            .iter()
            .map(|d| finding(report, d))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}
