//! Loading two revisions of an alignment repo for the semantic diff, each file
//! content parsed once.
//!
//! A revision is either a git commit (its tree listed with `ls-tree`, its blobs read
//! through one `cat-file --batch` process) or the working tree (files found the way
//! `check` finds them). Files are selected with each revision's own
//! `accordant.yaml`. A file whose path and bytes are the same in both revisions is
//! parsed once and its documents are shared by both models: on a pull request that
//! touches 1 % of a large repo, the diff parses barely more than one `check` does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use super::git::{Git, TreeEntry};
use crate::config::{self, Config, LoaderLimits};
use crate::diag::{Diagnostic, Label};
use crate::load::{self, Content, FileResult};
use crate::model::{Entity, Model, Repo};
use crate::source::{FileId, SourceDb, strip_bom};

/// How much work loading both revisions took (the diff's performance contract is
/// that unchanged files are parsed once).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadStats {
    /// Files read from the base revision.
    pub base_files: usize,
    /// Files read from the head revision.
    pub head_files: usize,
    /// Files parsed (each distinct content once).
    pub parsed: usize,
    /// Head files whose parse was shared with the base revision.
    pub shared: usize,
}

/// One revision's files, selected but not yet parsed.
pub(crate) struct Side {
    sources: SourceDb,
    config: Config,
    config_file: Option<FileId>,
    diagnostics: Vec<Diagnostic>,
    files: Vec<SideFile>,
}

struct SideFile {
    /// Path relative to the alignment root.
    path: String,
    /// Blob id, when read from git.
    sha: Option<String>,
    body: Body,
}

enum Body {
    Bytes(Arc<[u8]>),
    Unreadable(String),
}

/// A file of a git revision that will be read.
struct Wanted {
    path: String,
    entry: TreeEntry,
    /// For links: the entry the link resolves to.
    target: Option<TreeEntry>,
}

/// Reads a commit's alignment repo at `prefix` (`""` for the top of the tree).
pub(crate) fn from_commits(
    git: &Git,
    root: &Path,
    prefix: &str,
    commits: &[&str],
) -> anyhow::Result<Vec<Side>> {
    let listings = commits
        .iter()
        .map(|c| git.ls_tree(c, prefix))
        .collect::<Result<Vec<_>, _>>()?;
    let config_path = join(prefix, config::FILE_NAME);
    // First the configs (they decide which files count) and the targets of links,
    // then every other blob of both revisions through one cat-file process, each
    // distinct blob once.
    let config_entries: Vec<Option<&TreeEntry>> = listings
        .iter()
        .map(|l| l.iter().find(|e| e.path == config_path && !e.is_symlink()))
        .collect();
    let mut first: Vec<&str> = config_entries
        .iter()
        .flatten()
        .map(|e| e.sha.as_str())
        .collect();
    let n_configs = first.len();
    first.extend(
        listings
            .iter()
            .flatten()
            .filter(|e| e.is_symlink())
            .map(|e| e.sha.as_str()),
    );
    let first_blobs = git.read_blobs(&first)?;
    let links: HashMap<&str, &[u8]> = first[n_configs..]
        .iter()
        .zip(&first_blobs[n_configs..])
        .map(|(sha, b)| (*sha, &b[..]))
        .collect();
    let mut config_blobs = first_blobs[..n_configs].iter();
    let mut sides = Vec::new();
    let mut wanted_per_side = Vec::new();
    for (listing, config_entry) in listings.iter().zip(&config_entries) {
        let mut sources = SourceDb::new(root.to_path_buf());
        let mut diagnostics = Vec::new();
        let (config, config_file) = match config_entry.and_then(|_| config_blobs.next()) {
            Some(bytes) => {
                let text = std::str::from_utf8(bytes)
                    .ok()
                    .map(|t| Arc::from(strip_bom(t)));
                let id = sources.add(config::FILE_NAME.to_string(), text);
                let (cfg, diags) = load::load_config(id, bytes);
                diagnostics.extend(diags);
                (cfg, Some(id))
            }
            None => (Config::fallback(), None),
        };
        let wanted = select(listing, prefix, &config, &links)?;
        wanted_per_side.push(wanted);
        sides.push(Side {
            sources,
            config,
            config_file,
            diagnostics,
            files: Vec::new(),
        });
    }
    read_wanted(git, &mut sides, wanted_per_side)?;
    Ok(sides)
}

/// Reads the wanted blobs of every side in one batch and fills `files`.
fn read_wanted(git: &Git, sides: &mut [Side], wanted: Vec<Vec<Wanted>>) -> anyhow::Result<()> {
    let mut order: HashMap<&str, usize> = HashMap::new();
    let mut shas: Vec<&str> = Vec::new();
    for (side, list) in sides.iter().zip(&wanted) {
        let max = side.config.loader.max_file_bytes;
        for w in list {
            let e = w.target.as_ref().unwrap_or(&w.entry);
            if e.size <= max && !order.contains_key(e.sha.as_str()) {
                order.insert(&e.sha, shas.len());
                shas.push(&e.sha);
            }
        }
    }
    let blobs = git.read_blobs(&shas)?;
    for (side, list) in sides.iter_mut().zip(&wanted) {
        let max = side.config.loader.max_file_bytes;
        for w in list {
            let body = match (&w.target, w.entry.is_symlink()) {
                (None, true) => Body::Unreadable(
                    "a link that leads outside the repo (or nowhere); it was not read".into(),
                ),
                (target, _) => {
                    let e = target.as_ref().unwrap_or(&w.entry);
                    match order.get(e.sha.as_str()) {
                        Some(&i) if e.size <= max => Body::Bytes(blobs[i].clone()),
                        _ => Body::Unreadable(format!(
                            "the file is {} bytes, over the limit of {max} bytes",
                            e.size
                        )),
                    }
                }
            };
            let sha = w.target.as_ref().unwrap_or(&w.entry).sha.clone();
            side.files.push(SideFile {
                path: w.path.clone(),
                sha: Some(sha),
                body,
            });
        }
    }
    Ok(())
}

/// The entries `check` would read: matching `include`, not `exclude`, not in a
/// hidden folder, not `accordant.yaml` itself. Links are followed when they lead
/// to a file of the repo (as `check` follows them on disk).
fn select(
    listing: &[TreeEntry],
    prefix: &str,
    config: &Config,
    links: &HashMap<&str, &[u8]>,
) -> anyhow::Result<Vec<Wanted>> {
    let include = globs(&config.include)?;
    let exclude = globs(&config.exclude)?;
    let by_path: HashMap<&str, &TreeEntry> = listing.iter().map(|e| (e.path.as_str(), e)).collect();
    let mut out = Vec::new();
    for e in listing {
        let Some(rel) = strip_prefix(&e.path, prefix) else {
            continue;
        };
        if rel == config::FILE_NAME
            || rel.split('/').any(|c| c.starts_with('.'))
            || !include.is_match(rel)
            || exclude.is_match(rel)
        {
            continue;
        }
        let target = if e.is_symlink() {
            links
                .get(e.sha.as_str())
                .and_then(|t| link_target(&e.path, t, prefix))
                .and_then(|p| by_path.get(p.as_str()))
                .filter(|t| !t.is_symlink())
                .map(|t| (*t).clone())
        } else {
            None
        };
        out.push(Wanted {
            path: rel.to_string(),
            entry: e.clone(),
            target,
        });
    }
    Ok(out)
}

/// The tree path a link at `link_path` leads to, when it stays inside `prefix`.
fn link_target(link_path: &str, target: &[u8], prefix: &str) -> Option<String> {
    let target = std::str::from_utf8(target).ok()?;
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link_path.split('/').collect();
    parts.pop();
    for c in target.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    let path = parts.join("/");
    strip_prefix(&path, prefix).map(|_| path.clone())
}

fn strip_prefix<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    if prefix.is_empty() {
        return Some(path);
    }
    path.strip_prefix(prefix)?.strip_prefix('/')
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

fn globs(patterns: &[String]) -> anyhow::Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).with_context(|| format!("invalid glob `{p}` in accordant.yaml"))?);
    }
    Ok(b.build()?)
}

/// Reads the working tree at `root` the way `check` does.
pub(crate) fn from_working_tree(root: &Path) -> anyhow::Result<Side> {
    let mut sources = SourceDb::new(root.to_path_buf());
    let mut diagnostics = Vec::new();
    let config_path = root.join(config::FILE_NAME);
    let (config, config_file) = if config_path.is_file() {
        let bytes = std::fs::read(&config_path)
            .with_context(|| format!("reading {}", config_path.display()))?;
        let text = std::str::from_utf8(&bytes)
            .ok()
            .map(|t| Arc::from(strip_bom(t)));
        let id = sources.add(config::FILE_NAME.to_string(), text);
        let (cfg, diags) = load::load_config(id, &bytes);
        diagnostics.extend(diags);
        (cfg, Some(id))
    } else {
        (Config::fallback(), None)
    };
    let inputs = load::discover(root, &config, &mut diagnostics, &mut sources)?;
    let max = config.loader.max_file_bytes;
    let files = inputs
        .into_par_iter()
        .map(|input| {
            let body = match &input.content {
                Content::Disk(p) => read_limited(p, max),
                Content::Memory(b) => Body::Bytes(b.clone()),
                Content::Unreadable(why) => Body::Unreadable(why.clone()),
            };
            SideFile {
                path: input.path,
                sha: None,
                body,
            }
        })
        .collect();
    Ok(Side {
        sources,
        config,
        config_file,
        diagnostics,
        files,
    })
}

fn read_limited(path: &PathBuf, max: u64) -> Body {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > max => Body::Unreadable(format!(
            "the file is {} bytes, over the limit of {max} bytes",
            m.len()
        )),
        Ok(_) => match std::fs::read(path) {
            Ok(b) => Body::Bytes(Arc::from(b)),
            Err(e) => Body::Unreadable(format!("cannot read the file: {e}")),
        },
        Err(e) => Body::Unreadable(format!("cannot read the file: {e}")),
    }
}

fn same_limits(a: &LoaderLimits, b: &LoaderLimits) -> bool {
    a.max_file_bytes == b.max_file_bytes
        && a.max_depth == b.max_depth
        && a.max_alias_nodes == b.max_alias_nodes
}

/// Where a head file's parse comes from.
enum Source {
    /// Shared with base file `i`.
    Base(usize),
    /// Parsed on its own: job `j`.
    Own(usize),
}

/// Parses both sides, each distinct (path, content) once, and builds both repos.
pub(crate) fn build_pair(mut base: Side, mut head: Side) -> (Repo, Repo, LoadStats) {
    let base_ids: Vec<FileId> = add_sources(&mut base, None);
    let sharable = same_limits(&base.config.loader, &head.config.loader);
    let base_index: HashMap<&str, usize> = base
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let mut plan = Vec::with_capacity(head.files.len());
    let mut own_jobs = Vec::new();
    for (hi, f) in head.files.iter().enumerate() {
        let shared = base_index
            .get(f.path.as_str())
            .filter(|_| sharable)
            .filter(|&&bi| same_content(&base.files[bi], f));
        match shared {
            Some(&bi) => plan.push(Source::Base(bi)),
            None => {
                plan.push(Source::Own(own_jobs.len()));
                own_jobs.push(hi);
            }
        }
    }
    let head_ids = add_sources(&mut head, Some((&base, &base_ids, &plan)));
    let limits_b = base.config.loader.clone();
    let limits_h = head.config.loader.clone();
    // All parsing in one parallel pass: every base file, then the head-only files.
    let jobs: Vec<(&SideFile, FileId, &LoaderLimits)> = base
        .files
        .iter()
        .zip(&base_ids)
        .map(|(f, id)| (f, *id, &limits_b))
        .chain(
            own_jobs
                .iter()
                .map(|&hi| (&head.files[hi], head_ids[hi], &limits_h)),
        )
        .collect();
    let mut results: Vec<Option<FileResult>> = jobs
        .par_iter()
        .map(|(f, id, limits)| Some(parse(f, *id, limits)))
        .collect();
    let stats = LoadStats {
        base_files: base.files.len(),
        head_files: head.files.len(),
        parsed: jobs.len(),
        shared: head.files.len() - own_jobs.len(),
    };
    let n_base = base.files.len();
    // Head results first (clones of shared base results), then move the base ones.
    let head_results: Vec<FileResult> = plan
        .par_iter()
        .zip(head_ids.par_iter())
        .map(|(src, &id)| match src {
            Source::Base(bi) => results[*bi].as_ref().map_or_else(empty, |r| relabel(r, id)),
            Source::Own(_) => empty(),
        })
        .collect();
    let mut head_results = head_results;
    for (slot, src) in head_results.iter_mut().zip(&plan) {
        if let Source::Own(j) = src {
            if let Some(r) = results[n_base + j].take() {
                *slot = r;
            }
        }
    }
    let base_results: Vec<FileResult> = results
        .into_iter()
        .take(n_base)
        .map(|r| r.unwrap_or_else(empty))
        .collect();
    (
        assemble(base, base_results),
        assemble(head, head_results),
        stats,
    )
}

fn same_content(a: &SideFile, b: &SideFile) -> bool {
    match (&a.sha, &b.sha, &a.body, &b.body) {
        (Some(x), Some(y), Body::Bytes(_), Body::Bytes(_)) => x == y,
        (_, _, Body::Bytes(x), Body::Bytes(y)) => x == y,
        _ => false,
    }
}

/// Adds every file of a side to its source database (texts kept, shared with the
/// base side where the content is the same) and returns their ids.
fn add_sources(side: &mut Side, base: Option<(&Side, &[FileId], &[Source])>) -> Vec<FileId> {
    let mut ids = Vec::with_capacity(side.files.len());
    for (i, f) in side.files.iter().enumerate() {
        let shared_text = base.and_then(|(b, b_ids, plan)| match plan.get(i) {
            Some(Source::Base(bi)) => b.sources.text(b_ids[*bi]),
            _ => None,
        });
        let text = shared_text.or_else(|| match &f.body {
            Body::Bytes(bytes) => std::str::from_utf8(bytes)
                .ok()
                .map(|t| Arc::from(strip_bom(t))),
            Body::Unreadable(_) => None,
        });
        ids.push(side.sources.add(f.path.clone(), text));
    }
    ids
}

fn parse(f: &SideFile, id: FileId, limits: &LoaderLimits) -> FileResult {
    match &f.body {
        Body::Bytes(bytes) => load::parse_file(id, &f.path, bytes, limits),
        Body::Unreadable(why) => load::unreadable(id, &f.path, why.clone()),
    }
}

fn empty() -> FileResult {
    FileResult {
        entities: Vec::new(),
        diagnostics: Vec::new(),
    }
}

/// A copy of a parse result for the same content at another file id.
fn relabel(r: &FileResult, id: FileId) -> FileResult {
    let entities = r
        .entities
        .iter()
        .map(|e| {
            let mut e = e.clone();
            match &mut e {
                Entity::Team(x) => x.loc.file = id,
                Entity::Metric(x) => x.loc.file = id,
                Entity::Goal(x) => x.loc.file = id,
                Entity::Responsibility(x) => x.loc.file = id,
                Entity::Incentive(x) => x.loc.file = id,
                Entity::Agreement(x) => x.loc.file = id,
                Entity::Ritual(x) => x.loc.file = id,
            }
            e
        })
        .collect();
    let diagnostics = r
        .diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            relabel_label(&mut d.primary, id);
            for l in &mut d.secondary {
                relabel_label(l, id);
            }
            d
        })
        .collect();
    FileResult {
        entities,
        diagnostics,
    }
}

fn relabel_label(l: &mut Label, id: FileId) {
    // A parse result only points into its own file.
    l.file = id;
}

/// Builds a repo from a side and its files' parse results, in file order, the way
/// `load::load_dir` does.
fn assemble(side: Side, results: Vec<FileResult>) -> Repo {
    let mut model = Model::default();
    let mut diagnostics = side.diagnostics;
    for r in results {
        for e in r.entities {
            model.push(e);
        }
        diagnostics.extend(r.diagnostics);
    }
    model.config_file = side.config_file;
    Repo {
        config: side.config,
        sources: side.sources,
        model,
        diagnostics,
    }
}
