//! `accordant build`: render the playbook site into a folder.
//!
//! Findings never stop the build: the site is written in full and its health
//! page lists them. Like every command, `build` then exits 1 when some are at
//! error severity, so a CI job notices; `--allow-errors` exits 0 instead, for
//! the workflow that publishes the playbook whatever its state. It fails (exit
//! 2) when it cannot build: unreadable repo, unsafe output folder, a broken
//! theme template.

use std::path::PathBuf;

use anyhow::Context as _;

use super::Outcome;
use crate::site;

/// Arguments of `accordant build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The alignment repo (or any folder inside it).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output folder: created if missing; if it exists it must be empty or hold an
    /// earlier build (its `.accordant-site.json` manifest).
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub out: PathBuf,
    /// The date the site is built for, as YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Exit 0 even when the repo has error-severity findings (the site is
    /// written either way, its health page lists them): for publishing.
    #[arg(long)]
    pub allow_errors: bool,
}

pub fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    let today = super::support::parse_today(args.today.as_deref())?;
    let site = site::Site::new(&site::Options {
        path: args.path.clone(),
        out: args.out.clone(),
        today,
    })
    .map_err(|e| super::support::repo_hint(e, &args.path, "`accordant build PATH`"))?;
    let loaded = site
        .load()
        .with_context(|| format!("loading {}", site.root().display()))?;
    let built = site.build(&loaded)?;
    eprintln!("{}", summary(&built));
    let errors = built.findings.errors;
    let outcome = if errors == 0 || args.allow_errors {
        Outcome::Clean
    } else {
        eprintln!(
            "error: the site is written, but the repo has {errors} error{}: exit code 1 \
             (`accordant check` lists them; `--allow-errors` exits 0, e.g. to publish anyway)",
            if errors == 1 { "" } else { "s" }
        );
        Outcome::Findings
    };
    // The process ends here: freeing the whole model one allocation at a time
    // would only delay the exit (~2 % of a large build).
    std::mem::forget(loaded);
    Ok(outcome)
}

/// One line saying what was built.
pub fn summary(b: &site::Built) -> String {
    let f = b.findings;
    let findings = if f.errors + f.warnings + f.infos == 0 {
        "no findings".to_string()
    } else {
        format!(
            "{} errors, {} warnings, {} notes (see health.html)",
            f.errors, f.warnings, f.infos
        )
    };
    format!(
        "built {} pages ({} files, {:.1} MB) into {} in {:.2}s; {findings}",
        b.pages,
        b.files,
        b.bytes as f64 / 1e6,
        b.out.display(),
        b.elapsed.as_secs_f64()
    )
}
