//! `accordant build`: render the playbook site into a folder.
//!
//! The build never fails because of findings (the health page shows them); it
//! fails (exit 2) only when it cannot build: unreadable repo, unsafe output
//! folder, a broken theme template.

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
    // The process ends here: freeing the whole model one allocation at a time
    // would only delay the exit (~2 % of a large build).
    std::mem::forget(loaded);
    Ok(Outcome::Clean)
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
