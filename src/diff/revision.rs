//! Loading two revisions of an alignment repo for the semantic diff, each file
//! content parsed once.
//!
//! A revision is either a git commit (its tree listed with `ls-tree`, its blobs read
//! through one `cat-file --batch` process) or the working tree (files found the way
//! `check` finds them). Files are selected with each revision's own
//! `accordant.yaml`. A file whose path and bytes are the same in both revisions is
//! parsed once and its documents are shared by both models: on a pull request that
//! touches 1 % of a large repo, the diff parses barely more than one `check` does.
//! Blobs are parsed on all cores as they stream out of git, so inflating objects
//! (git's work, on one core) overlaps with parsing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use super::git::{Git, TreeEntry};
use crate::config::{self, Config, LoaderLimits};
use crate::diag::Diagnostic;
use crate::load::{self, Content, FileResult};
use crate::model::Repo;
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

/// One revision's files, selected, with their source ids.
struct Side {
    sources: SourceDb,
    config: Config,
    config_file: Option<FileId>,
    diagnostics: Vec<Diagnostic>,
    files: Vec<SideFile>,
}

struct SideFile {
    /// Path relative to the alignment root.
    path: String,
    id: FileId,
    body: Body,
}

enum Body {
    /// A git blob, by index in the list of blobs to read.
    Blob(usize),
    /// Bytes already read (the working tree).
    Bytes(Arc<[u8]>),
    /// Not read; the reason becomes a finding.
    Unreadable(String),
}

/// Which revision a parse job belongs to, and the file's index there.
#[derive(Clone, Copy, Debug)]
enum Job {
    Base(usize),
    Head(usize),
}

/// Where a head file's parse comes from.
#[derive(Clone, Copy)]
enum Origin {
    /// Shared with this base file.
    Base(usize),
    /// Parsed on its own.
    Own,
}

/// Both revisions, loaded.
pub(crate) struct Loaded {
    pub base: Repo,
    pub head: Repo,
    pub stats: LoadStats,
    /// Per head file id: the base file whose parse it shares (same path, same bytes).
    pub shared: Vec<Option<FileId>>,
}

/// Reads both revisions (`head: None` is the working tree at `root`) and builds
/// both repos. File texts are not kept (a large repo's text is as big as the
/// repo), and no output of `diff` quotes them: reports name paths and lines only.
pub(crate) fn load_pair(
    git: &Git,
    root: &Path,
    prefix: &str,
    base: &str,
    head: Option<&str>,
) -> anyhow::Result<Loaded> {
    // The commit the work tree holds (the head, or the base when the head is the
    // work tree): its files that git reports unchanged on disk are read from disk
    // (in parallel, as `check` reads them) instead of being inflated by git.
    let on_disk = head.unwrap_or(base);
    let (base_list, head_list, dirty) = crate::timings::time("git: list trees", || {
        std::thread::scope(|s| {
            let h = head.map(|h| s.spawn(move || git.ls_tree(h, prefix)));
            let d = s.spawn(move || git.dirty_paths(on_disk, prefix).ok());
            let b = git.ls_tree(base, prefix);
            let h = h.map(|j| j.join().unwrap_or_else(|_| Ok(Vec::new())));
            (b, h, d.join().ok().flatten())
        })
    });
    let base_list = base_list?;
    let head_list = head_list.transpose()?;
    let mut blobs = BlobList::default();
    let lists: Vec<&[TreeEntry]> = std::iter::once(base_list.as_slice())
        .chain(head_list.as_deref())
        .collect();
    let firsts = read_configs_and_links(git, prefix, &lists)?;
    let mut firsts = firsts.into_iter();
    let base_dirty = if head.is_none() { dirty.as_ref() } else { None };
    let base_side = firsts
        .next()
        .map(|f| side_from_tree(root, prefix, &base_list, f, &mut blobs, base_dirty))
        .context("reading the base revision")??;
    let head_side = match (&head_list, firsts.next()) {
        (Some(list), Some(f)) => side_from_tree(root, prefix, list, f, &mut blobs, dirty.as_ref())?,
        _ => side_from_working_tree(root)?,
    };
    let pair = Pair::new(base_side, head_side, head.is_some(), git.toplevel(), prefix);
    pair.load(git, &blobs)
}

/// The distinct blobs to read, in the order they will be read.
#[derive(Default)]
struct BlobList {
    shas: Vec<String>,
    index: HashMap<String, usize>,
    /// A path of the work tree (from its top) that holds exactly this blob.
    on_disk: Vec<Option<String>>,
}

impl BlobList {
    fn add(&mut self, sha: &str) -> usize {
        if let Some(&i) = self.index.get(sha) {
            return i;
        }
        self.shas.push(sha.to_string());
        self.on_disk.push(None);
        self.index.insert(sha.to_string(), self.shas.len() - 1);
        self.shas.len() - 1
    }
}

/// A revision's `accordant.yaml` (when it has one) and the targets of its links.
struct FirstRead {
    config: Option<Arc<[u8]>>,
    links: HashMap<String, Arc<[u8]>>,
}

/// Reads every revision's config and links in one small batch: the config
/// decides which files count, and a link's blob is the path it leads to.
fn read_configs_and_links(
    git: &Git,
    prefix: &str,
    lists: &[&[TreeEntry]],
) -> anyhow::Result<Vec<FirstRead>> {
    let config_path = join(prefix, config::FILE_NAME);
    let mut shas: Vec<&str> = Vec::new();
    for list in lists {
        shas.extend(
            list.iter()
                .filter(|e| e.path == config_path || e.is_symlink())
                .map(|e| e.sha.as_str()),
        );
    }
    let blobs = git.read_blobs(&shas)?;
    let by_sha: HashMap<&str, Arc<[u8]>> = shas.iter().copied().zip(blobs).collect();
    Ok(lists
        .iter()
        .map(|list| FirstRead {
            config: list
                .iter()
                .find(|e| e.path == config_path && !e.is_symlink())
                .and_then(|e| by_sha.get(e.sha.as_str()).cloned()),
            links: list
                .iter()
                .filter(|e| e.is_symlink())
                .filter_map(|e| Some((e.sha.clone(), by_sha.get(e.sha.as_str())?.clone())))
                .collect(),
        })
        .collect())
}

impl Side {
    /// A revision at `root` with its config read from `bytes` (the fallback config
    /// when it has none), and no files yet.
    fn new(root: &Path, bytes: Option<&[u8]>) -> Side {
        let mut sources = SourceDb::new(root.to_path_buf());
        let (config, config_file, diagnostics) = match bytes {
            Some(bytes) => {
                let text = std::str::from_utf8(bytes)
                    .ok()
                    .map(|t| Arc::from(strip_bom(t)));
                let id = sources.add(config::FILE_NAME.to_string(), text);
                let (cfg, diags) = load::load_config(id, bytes);
                (cfg, Some(id), diags)
            }
            None => (Config::fallback(), None, Vec::new()),
        };
        sources.set_max_file_bytes(config.loader.max_file_bytes);
        Side {
            sources,
            config,
            config_file,
            diagnostics,
            files: Vec::new(),
        }
    }
}

/// A commit's files: those `check` would read in a checkout of it. A commit
/// without `accordant.yaml` holds no agreement (as `check` would refuse a
/// checkout of it): no file of it counts, so the pull request that adds the
/// config shows every document as added instead of comparing with whatever
/// YAML the folder held before.
fn side_from_tree(
    root: &Path,
    prefix: &str,
    list: &[TreeEntry],
    first: FirstRead,
    blobs: &mut BlobList,
    dirty: Option<&HashSet<String>>,
) -> anyhow::Result<Side> {
    let mut side = Side::new(root, first.config.as_deref());
    if first.config.is_none() {
        return Ok(side);
    }
    for (path, entry) in select(list, prefix, &side.config, &first.links)? {
        let body = match entry {
            None => Body::Unreadable(
                "a link that leads outside the repo (or nowhere); it was not read".into(),
            ),
            Some(e) => {
                let k = blobs.add(&e.sha);
                if dirty.is_some_and(|d| !d.contains(&e.path)) {
                    blobs.on_disk[k] = Some(e.path.clone());
                }
                Body::Blob(k)
            }
        };
        let id = side.sources.add(path.clone(), None);
        side.files.push(SideFile { path, id, body });
    }
    Ok(side)
}

/// The entries `check` would read, as (path below the alignment root, the entry
/// whose blob to read): matching `include`, not `exclude`, not in a hidden
/// folder, not `accordant.yaml` itself. A link is followed when it leads to a file
/// of the repo (as `check` follows it on disk); otherwise its entry is `None`.
fn select<'a>(
    list: &'a [TreeEntry],
    prefix: &str,
    config: &Config,
    links: &HashMap<String, Arc<[u8]>>,
) -> anyhow::Result<Vec<(String, Option<&'a TreeEntry>)>> {
    let include = globs(&config.include)?;
    let exclude = globs(&config.exclude)?;
    let by_path: HashMap<&str, &TreeEntry> = list.iter().map(|e| (e.path.as_str(), e)).collect();
    let mut out = Vec::new();
    for e in list {
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
        let entry = if e.is_symlink() {
            links
                .get(&e.sha)
                .and_then(|t| link_target(&e.path, t, prefix))
                .and_then(|p| by_path.get(p.as_str()).copied())
                .filter(|t| !t.is_symlink())
        } else {
            Some(e)
        };
        out.push((rel.to_string(), entry));
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

/// The working tree at `root`, found and read the way `check` does.
fn side_from_working_tree(root: &Path) -> anyhow::Result<Side> {
    let config_path = root.join(config::FILE_NAME);
    let bytes = if config_path.is_file() {
        Some(
            std::fs::read(&config_path)
                .with_context(|| format!("reading {}", config_path.display()))?,
        )
    } else {
        None
    };
    let mut side = Side::new(root, bytes.as_deref());
    let inputs = load::discover(root, &side.config, &mut side.diagnostics, &mut side.sources)?;
    let max = side.config.loader.max_file_bytes;
    let bodies: Vec<Body> = inputs
        .par_iter()
        .map(|input| match &input.content {
            Content::Disk(p) => read_limited(p, max),
            Content::Memory(b) => Body::Bytes(b.clone()),
            Content::Unreadable(why) => Body::Unreadable(why.clone()),
        })
        .collect();
    side.files = inputs
        .into_iter()
        .zip(bodies)
        .map(|(input, body)| SideFile {
            id: side.sources.add(input.path.clone(), None),
            path: input.path,
            body,
        })
        .collect();
    Ok(side)
}

fn read_limited(path: &Path, max: u64) -> Body {
    match crate::source::read_limited(path, max) {
        Ok(b) => Body::Bytes(Arc::from(b)),
        Err(why) => Body::Unreadable(why),
    }
}

fn same_limits(a: &LoaderLimits, b: &LoaderLimits) -> bool {
    a.max_file_bytes == b.max_file_bytes
        && a.max_depth == b.max_depth
        && a.max_alias_nodes == b.max_alias_nodes
        && a.max_alias_bytes == b.max_alias_bytes
}

/// Both revisions, with what each head file shares with the base.
struct Pair {
    base: Side,
    head: Side,
    /// The base file with the same path, per head file.
    same_path: Vec<Option<usize>>,
    /// Parses can be shared at all (both revisions parse with the same limits).
    sharable: bool,
    /// Head is a commit (its files are blobs too).
    head_in_git: bool,
    /// The top of the work tree, for blobs read from disk.
    top: PathBuf,
    /// For the working tree: head files by path from the top of the work tree.
    head_by_tree_path: HashMap<String, usize>,
}

/// A blob's bytes, kept only when the head is the working tree (to compare).
type Read = Option<Arc<[u8]>>;

/// A blob's bytes: read for the diff, or the working tree's own copy.
enum Blob {
    Owned(Vec<u8>),
    Shared(Arc<[u8]>),
}

impl Blob {
    fn bytes(&self) -> &[u8] {
        match self {
            Blob::Owned(v) => v,
            Blob::Shared(a) => a,
        }
    }

    fn into_arc(self) -> Arc<[u8]> {
        match self {
            Blob::Owned(v) => Arc::from(v),
            Blob::Shared(a) => a,
        }
    }
}

/// What parsing one blob produced: the blob and its jobs' results.
type Streamed = (usize, Read, Vec<(Job, FileResult)>);

impl Pair {
    fn new(base: Side, head: Side, head_in_git: bool, top: &Path, prefix: &str) -> Pair {
        let by_path: HashMap<&str, usize> = base
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let same_path = head
            .files
            .iter()
            .map(|f| by_path.get(f.path.as_str()).copied())
            .collect();
        let sharable = same_limits(&base.config.loader, &head.config.loader);
        let head_by_tree_path = if head_in_git {
            HashMap::new()
        } else {
            head.files
                .iter()
                .enumerate()
                .filter(|(_, f)| matches!(f.body, Body::Bytes(_)))
                .map(|(i, f)| (join(prefix, &f.path), i))
                .collect()
        };
        Pair {
            base,
            head,
            same_path,
            sharable,
            head_in_git,
            top: top.to_path_buf(),
            head_by_tree_path,
        }
    }

    fn side(&self, job: Job) -> (&Side, usize) {
        match job {
            Job::Base(i) => (&self.base, i),
            Job::Head(i) => (&self.head, i),
        }
    }

    fn parse(&self, job: Job, bytes: &[u8]) -> FileResult {
        let (side, i) = self.side(job);
        let f = &side.files[i];
        load::parse_file(f.id, &f.path, bytes, &side.config.loader)
    }

    fn too_big(&self, job: Job, size: u64, max: u64) -> FileResult {
        let (side, i) = self.side(job);
        let f = &side.files[i];
        let why = format!("the file is {size} bytes, over the limit of {max} bytes");
        load::unreadable(f.id, &f.path, why)
    }

    /// Head files known to share a blob with the base file of the same path.
    fn shared_blob(&self, hi: usize) -> Option<usize> {
        let bi = self.same_path[hi].filter(|_| self.sharable)?;
        match (&self.base.files[bi].body, &self.head.files[hi].body) {
            (Body::Blob(x), Body::Blob(y)) if x == y => Some(bi),
            _ => None,
        }
    }

    fn load(self, git: &Git, blobs: &BlobList) -> anyhow::Result<Loaded> {
        // Parse jobs per blob: every base file, and the head files git holds that
        // are not the same blob at the same path.
        let mut jobs: Vec<Vec<Job>> = vec![Vec::new(); blobs.shas.len()];
        for (i, f) in self.base.files.iter().enumerate() {
            if let Body::Blob(k) = f.body {
                jobs[k].push(Job::Base(i));
            }
        }
        for (i, f) in self.head.files.iter().enumerate() {
            if let (Body::Blob(k), None) = (&f.body, self.shared_blob(i)) {
                jobs[*k].push(Job::Head(i));
            }
        }
        let streamed =
            crate::timings::time("read+parse+schema", || self.stream(git, blobs, &jobs))?;
        let mut reads: Vec<Read> = vec![None; blobs.shas.len()];
        let mut base_results: Vec<Option<FileResult>> = Vec::new();
        base_results.resize_with(self.base.files.len(), || None);
        let mut head_results: Vec<Option<FileResult>> = Vec::new();
        head_results.resize_with(self.head.files.len(), || None);
        let mut parsed = 0;
        let mut place = |job: Job, r: FileResult| {
            parsed += 1;
            match job {
                Job::Base(i) => base_results[i] = Some(r),
                Job::Head(i) => head_results[i] = Some(r),
            }
        };
        for (k, read, results) in streamed {
            reads[k] = read;
            for (job, r) in results {
                place(job, r);
            }
        }
        let origins = self.origins(&reads);
        // Files that did not come out of git (the working tree, unreadable files).
        let base_rest = (0..self.base.files.len()).map(Job::Base);
        let head_rest = (0..self.head.files.len())
            .filter(|&i| matches!(origins[i], Origin::Own))
            .map(Job::Head);
        let rest: Vec<(Job, FileResult)> = base_rest
            .chain(head_rest)
            .filter(|&job| {
                let (side, i) = self.side(job);
                !matches!(side.files[i].body, Body::Blob(_))
            })
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|job| {
                let (side, i) = self.side(job);
                let f = &side.files[i];
                let r = match &f.body {
                    Body::Bytes(b) => self.parse(job, b),
                    Body::Unreadable(why) => load::unreadable(f.id, &f.path, why.clone()),
                    Body::Blob(_) => {
                        load::unreadable(f.id, &f.path, "git did not return it".into())
                    }
                };
                (job, r)
            })
            .collect();
        for (job, r) in rest {
            place(job, r);
        }
        drop(reads);
        // A shared file's documents move to head (base gets them lent back for
        // its check, see `share`); its findings are copied, they are few.
        let mut base_results = base_results;
        let head_results: Vec<FileResult> = head_results
            .into_iter()
            .zip(&self.head.files)
            .zip(&origins)
            .map(|((own, f), origin)| match (own, origin) {
                (Some(r), _) => r,
                (None, Origin::Base(bi)) => match base_results[*bi].as_mut() {
                    Some(r) => lend(r, f.id),
                    None => empty(),
                },
                (None, Origin::Own) => empty(),
            })
            .collect();
        let base_results: Vec<FileResult> = base_results
            .into_iter()
            .map(|r| r.unwrap_or_else(empty))
            .collect();
        let stats = LoadStats {
            base_files: self.base.files.len(),
            head_files: self.head.files.len(),
            parsed,
            shared: origins
                .iter()
                .filter(|o| matches!(o, Origin::Base(_)))
                .count(),
        };
        let mut shared = vec![None; self.head.sources.len()];
        for (f, origin) in self.head.files.iter().zip(&origins) {
            if let Origin::Base(bi) = origin {
                shared[f.id.0 as usize] = Some(self.base.files[*bi].id);
            }
        }
        Ok(Loaded {
            base: assemble(self.base, base_results),
            head: assemble(self.head, head_results),
            stats,
            shared,
        })
    }

    /// A blob's bytes from the work tree, when git reported its file unchanged:
    /// the head's own bytes for the working tree, else read from disk. `None`
    /// when git has to provide it.
    fn local(&self, k: usize, blobs: &BlobList, max: u64) -> Option<Result<Blob, u64>> {
        let path = blobs.on_disk[k].as_deref()?;
        if let Some(&hi) = self.head_by_tree_path.get(path)
            && let Body::Bytes(b) = &self.head.files[hi].body
        {
            return Some(Ok(Blob::Shared(b.clone())));
        }
        let full = self.top.join(path);
        let meta = std::fs::symlink_metadata(&full).ok()?;
        if !meta.is_file() {
            return None;
        }
        if meta.len() > max {
            return Some(Err(meta.len()));
        }
        std::fs::read(&full).ok().map(|b| Ok(Blob::Owned(b)))
    }

    fn parse_blob(
        &self,
        k: usize,
        blob: Result<Blob, u64>,
        jobs: &[Vec<Job>],
        max: u64,
    ) -> Streamed {
        match blob {
            Ok(b) => {
                let results = jobs[k]
                    .iter()
                    .map(|&j| (j, self.parse(j, b.bytes())))
                    .collect();
                // Kept only to compare with the working tree's files.
                let keep = (!self.head_in_git).then(|| b.into_arc());
                (k, keep, results)
            }
            Err(size) => {
                let results = jobs[k]
                    .iter()
                    .map(|&j| (j, self.too_big(j, size, max)))
                    .collect();
                (k, None, results)
            }
        }
    }

    /// Gets every blob (from the work tree where git says the file is unchanged,
    /// else through one `cat-file --batch`) and parses it on the thread pool;
    /// blobs from git are parsed in small batches as they arrive, so git inflating
    /// and rayon parsing overlap.
    fn stream(
        &self,
        git: &Git,
        blobs: &BlobList,
        jobs: &[Vec<Job>],
    ) -> anyhow::Result<Vec<Streamed>> {
        const BATCH: usize = 16;
        let max = self
            .base
            .config
            .loader
            .max_file_bytes
            .max(self.head.config.loader.max_file_bytes);
        let local: Vec<(usize, Option<Streamed>)> = (0..blobs.shas.len())
            .into_par_iter()
            .filter(|&k| blobs.on_disk[k].is_some())
            .map(|k| {
                (
                    k,
                    self.local(k, blobs, max)
                        .map(|b| self.parse_blob(k, b, jobs, max)),
                )
            })
            .collect();
        let mut from_disk = vec![false; blobs.shas.len()];
        let mut streamed = Vec::with_capacity(blobs.shas.len());
        for (k, s) in local {
            if let Some(s) = s {
                from_disk[k] = true;
                streamed.push(s);
            }
        }
        let remote: Vec<usize> = (0..blobs.shas.len()).filter(|&k| !from_disk[k]).collect();
        let shas: Vec<&str> = remote.iter().map(|&k| blobs.shas[k].as_str()).collect();
        let done = std::sync::Mutex::new(streamed);
        let work = |batch: Vec<(usize, Result<Vec<u8>, u64>)>| {
            let out: Vec<Streamed> = batch
                .into_iter()
                .map(|(i, blob)| self.parse_blob(remote[i], blob.map(Blob::Owned), jobs, max))
                .collect();
            if let Ok(mut d) = done.lock() {
                d.extend(out);
            }
        };
        let read = rayon::in_place_scope(|scope| {
            let mut batch = Vec::with_capacity(BATCH);
            let read = git.stream_blobs(&shas, max, |i, b| {
                batch.push((i, b));
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    scope.spawn(|_| work(full));
                }
                true
            });
            if !batch.is_empty() {
                scope.spawn(|_| work(batch));
            }
            read
        });
        read?;
        let streamed = done
            .into_inner()
            .map_err(|_| anyhow::anyhow!("parsing stopped unexpectedly"))?;
        Ok(streamed)
    }

    /// Where each head file's parse comes from; for the working tree, a file is
    /// shared when its bytes equal the base blob at the same path.
    fn origins(&self, reads: &[Read]) -> Vec<Origin> {
        (0..self.head.files.len())
            .map(|hi| {
                if let Some(bi) = self.shared_blob(hi) {
                    return Origin::Base(bi);
                }
                let same = self.same_path[hi].filter(|_| self.sharable && !self.head_in_git);
                match (same, &self.head.files[hi].body) {
                    (Some(bi), Body::Bytes(h)) => match &self.base.files[bi].body {
                        Body::Blob(k) if reads[*k].as_deref() == Some(&h[..]) => Origin::Base(bi),
                        _ => Origin::Own,
                    },
                    _ => Origin::Own,
                }
            })
            .collect()
    }
}

fn empty() -> FileResult {
    FileResult {
        entities: Vec::new(),
        diagnostics: Vec::new(),
        unloaded: Vec::new(),
    }
}

/// The head's share of a parse result of a file both revisions have: its
/// documents (moved out, pointed at the head's file id) and a copy of its findings.
fn lend(r: &mut FileResult, id: FileId) -> FileResult {
    let mut entities = std::mem::take(&mut r.entities);
    let mut unloaded = r.unloaded.clone();
    for u in &mut unloaded {
        u.file = id;
    }
    for e in &mut entities {
        super::share::set_file(e, id);
    }
    let diagnostics = r
        .diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.primary.file = id;
            for l in &mut d.secondary {
                l.file = id;
            }
            d
        })
        .collect();
    FileResult {
        entities,
        diagnostics,
        unloaded,
    }
}

/// Builds a repo from a side and its files' parse results, in file order, the way
/// `load::load_dir` does.
fn assemble(side: Side, results: Vec<FileResult>) -> Repo {
    let mut diagnostics = side.diagnostics;
    let mut model = crate::load::build_model(results, &mut diagnostics);
    model.config_file = side.config_file;
    Repo {
        config: side.config,
        sources: side.sources,
        model,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_inside_the_prefix_only() {
        assert_eq!(
            link_target("org/goals/a.yaml", b"../shared/b.yaml", "org").as_deref(),
            Some("org/shared/b.yaml")
        );
        assert_eq!(link_target("org/a.yaml", b"../../etc/passwd", "org"), None);
        assert_eq!(link_target("org/a.yaml", b"/etc/passwd", "org"), None);
        assert_eq!(
            link_target("a.yaml", b"b/c.yaml", "").as_deref(),
            Some("b/c.yaml")
        );
    }
}
