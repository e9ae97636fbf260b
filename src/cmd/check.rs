//! `accordant check`: load the repo, run every rule, report.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use super::Outcome;
use crate::cli::CheckArgs;
use crate::config;
use crate::date::Date;
use crate::diag::{self, Counts, Diagnostic};
use crate::model::Repo;
use crate::report::{self, Report};
use crate::rules::{self, Ctx};

/// A loaded repo and all its findings, sorted and with severities applied.
pub struct Checked {
    pub repo: Repo,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }
}

/// Parses `--today`, defaulting to today (UTC).
pub fn parse_today(arg: Option<&str>) -> anyhow::Result<Date> {
    match arg {
        None => Ok(Date::today()),
        Some(s) => {
            Date::parse(s).with_context(|| format!("--today `{s}` is not a date: write YYYY-MM-DD"))
        }
    }
}

/// The repo root for `path`: the nearest folder holding accordant.yaml, else `path`.
pub fn repo_root(path: &Path) -> anyhow::Result<std::path::PathBuf> {
    let abs = path
        .canonicalize()
        .with_context(|| format!("cannot open {}", path.display()))?;
    if !abs.is_dir() {
        anyhow::bail!(
            "{} is not a folder: give the alignment repo's folder",
            path.display()
        );
    }
    Ok(config::find_root(&abs).unwrap_or(abs))
}

/// Loads and checks the repo at `path`.
pub fn check_dir(path: &Path, today: Date) -> anyhow::Result<Checked> {
    let root = repo_root(path)?;
    let repo = crate::load::load_dir(&root)?;
    Ok(check_repo(repo, today))
}

/// Runs every rule on a loaded repo.
pub fn check_repo(mut repo: Repo, today: Date) -> Checked {
    let mut diagnostics = std::mem::take(&mut repo.diagnostics);
    let ctx = Ctx {
        model: &repo.model,
        config: &repo.config,
        today,
    };
    crate::timings::time("index", || repo.model.prepare());
    let mut found = crate::timings::time("rules", || rules::run_all(&ctx));
    rules::hold_back(&repo.model, &mut found);
    diagnostics.extend(found);
    rules::apply_severities(&repo.config, &mut diagnostics);
    diag::sort(&mut diagnostics);
    Checked { repo, diagnostics }
}

pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    if args.timings {
        crate::timings::enable();
    }
    let today = parse_today(args.today.as_deref())?;
    let checked = check_dir(&args.path, today)?;
    let report = Report::new(&checked);
    write_stdout(&args.color, |out, color| {
        crate::timings::time("report", || report::emit(args.format, &report, color, out))
    })?;
    crate::timings::print();
    Ok(if checked.counts().errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Writes a report to stdout through `write`, in colour as `--color` says (`auto`:
/// when stdout is a terminal that shows colour). Buffered: stdout is line-buffered,
/// and a large JSON report has many lines.
pub fn write_stdout(
    color: &str,
    write: impl FnOnce(&mut dyn Write, bool) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let color = match color {
        "always" => true,
        "never" => false,
        _ => anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never,
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    write(&mut out, color).context("writing the report")?;
    out.flush().ok();
    Ok(())
}
