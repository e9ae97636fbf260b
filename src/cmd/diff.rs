//! `accordant diff BASE [HEAD]`: compare two revisions of the alignment repo
//! semantically and say what changed, which findings the change introduces or
//! resolves, and whose approval it needs. The work is in [`crate::diff`]; this
//! module parses the arguments, picks the format and decides the exit code.

use std::path::PathBuf;

use clap::ValueEnum;

use super::Outcome;
use super::support::{parse_today, repo_hint, write_stdout};
use crate::diag::Counts;
use crate::diff::{self, DiffOptions, DiffReport, render};

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Readable sections (colour on a terminal).
    Human,
    /// A versioned JSON object (see docs/diff.md).
    Json,
    /// The Markdown of the pull-request comment.
    Markdown,
}

/// When `diff` exits with 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// The change introduces at least one error.
    Introduced,
    /// The head revision has any error, new or not.
    Any,
    /// Never (report only).
    Never,
}

/// Compare two git revisions of the alignment repo.
///
/// Exit codes: 0 nothing to fail on; 1 the change introduces errors (see
/// --fail-on); 2 the diff could not run (not a git repo, unknown revision, a
/// shallow clone without the base commit).
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The base revision: a branch, tag or commit (e.g. `origin/main`).
    #[arg(value_name = "BASE")]
    pub base: String,
    /// The head revision; without it, the working tree (including uncommitted edits).
    #[arg(value_name = "HEAD")]
    pub head: Option<String>,
    /// The alignment repo folder (may be a subfolder of the git work tree).
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// The date time-based rules compare against, as YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// What fails the run: errors the change introduces, any error in the head
    /// revision, or nothing.
    #[arg(long, value_enum, default_value_t = FailOn::Introduced)]
    pub fail_on: FailOn,
    /// Colour: auto, always or never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// Print how long each phase took to standard error.
    #[arg(long)]
    pub timings: bool,
}

/// Whether the report fails the run under `fail_on`.
pub fn fails(report: &DiffReport, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Introduced => report.counts_introduced().errors > 0,
        FailOn::Any => Counts::of(&report.head.diagnostics).errors > 0,
        FailOn::Never => false,
    }
}

pub fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    if args.timings {
        crate::timings::enable();
    }
    let today = parse_today(args.today.as_deref())?;
    let report = diff::run_diff(&DiffOptions {
        base: args.base.clone(),
        head: args.head.clone(),
        path: args.path.clone(),
        today,
    })
    .map_err(|e| repo_hint(e, &args.path, "`accordant diff BASE --path DIR`"))?;
    write_stdout(&args.color, |out, color| match args.format {
        DiffFormat::Human => render::human(&report, color, out),
        DiffFormat::Json => render::json(&report, out),
        DiffFormat::Markdown => out.write_all(report.markdown(usize::MAX).as_bytes()),
    })?;
    crate::timings::print();
    let outcome = if fails(&report, args.fail_on) {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    // The process ends right after this: freeing two whole models piece by piece
    // would only cost time (the operating system reclaims the memory at once).
    std::mem::forget(report);
    Ok(outcome)
}
