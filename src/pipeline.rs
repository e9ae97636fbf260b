//! The check pipeline every command runs, in one direction:
//!
//! 1. **find the repo** ([`repo_root`]): the nearest folder at or above the given
//!    path that holds `accordant.yaml`;
//! 2. **load** ([`crate::load`]): discover, read, parse and schema-check every file;
//! 3. **model** ([`crate::model`]): the typed documents and their indexes;
//! 4. **rules** ([`crate::rules`]): every rule, then the repo's severities;
//! 5. **report**: the sorted findings ([`Checked`]), which [`crate::report`],
//!    [`crate::diff`] and [`crate::site`] turn into output.
//!
//! `cmd/` parses arguments, calls this module, and prints; nothing here calls back
//! into `cmd/`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::config;
use crate::date::Date;
use crate::diag::{self, Counts, Diagnostic};
use crate::model::Repo;
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

/// There is no `accordant.yaml` in the folder a command was given, nor in any
/// folder above it: this is not an alignment repo. Commands stop (exit 2) rather
/// than read every YAML file below, which in a home folder or `/tmp` is
/// thousands of files that have nothing to do with the agreement. `cmd/` adds
/// how to fix it with the command's own arguments.
#[derive(Debug, thiserror::Error)]
#[error("no {} at or above {}", config::FILE_NAME, .start.display())]
pub struct NoRepo {
    /// The folder the search started from (absolute).
    pub start: PathBuf,
}

/// The repo root for `path` (the alignment repo or any folder inside it): the
/// nearest folder at or above it that holds `accordant.yaml`; [`NoRepo`] when
/// there is none. (To load a folder without one, as tests and fuzzing do, call
/// [`crate::load::load_dir`] and [`check_repo`].)
pub fn repo_root(path: &Path) -> anyhow::Result<PathBuf> {
    let abs = path
        .canonicalize()
        .with_context(|| format!("cannot open {}", path.display()))?;
    if !abs.is_dir() {
        anyhow::bail!(
            "{} is not a folder: give the alignment repo's folder",
            path.display()
        );
    }
    match config::find_root(&abs) {
        Some(root) => Ok(root),
        None => Err(NoRepo { start: abs }.into()),
    }
}

/// Loads the repo at `path` (or the repo holding it) without running the rules:
/// its model, and the findings of loading. `repo.sources.root()` is its root.
pub fn load_repo(path: &Path) -> anyhow::Result<Repo> {
    let root = repo_root(path)?;
    crate::load::load_dir(&root)
}

/// Loads and checks the repo at `path` (or the repo holding it).
pub fn check_dir(path: &Path, today: Date) -> anyhow::Result<Checked> {
    Ok(check_repo(load_repo(path)?, today))
}

/// Runs every rule on a loaded repo, applies the repo's severities and sorts the
/// findings.
pub fn check_repo(mut repo: Repo, today: Date) -> Checked {
    let diagnostics = std::mem::take(&mut repo.diagnostics);
    let ctx = Ctx {
        model: &repo.model,
        config: &repo.config,
        today,
        scope: None,
    };
    crate::timings::time("index", || repo.model.prepare());
    let found = crate::timings::time("rules", || rules::run_all(&ctx));
    let diagnostics = combine(&repo, diagnostics, found);
    Checked { repo, diagnostics }
}

/// The findings of a check: those of loading (`loaded`, in file order) and of
/// the rules (`found`, in registry order), with the rules' findings about
/// documents with errors held back, the repo's severities applied, and sorted.
/// The language server combines its kept findings with this too, so that the
/// editor and `check` agree.
pub fn combine(
    repo: &Repo,
    mut loaded: Vec<Diagnostic>,
    mut found: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    rules::hold_back(&repo.model, &mut found);
    loaded.extend(found);
    rules::apply_severities(&repo.config, &mut loaded);
    diag::sort(&mut loaded);
    loaded
}
