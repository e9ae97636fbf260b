//! The repo as the language server keeps it: read and checked once, then kept
//! between edits. An edited file is parsed again from the editor's buffer
//! (unsaved text wins over the disk) and its documents are spliced into the
//! model in place; only the rules that read a kind of document the edit changed
//! run again ([`crate::rules::reads()`]), the others keep their findings. The
//! findings are then combined exactly as `check` combines them, so the editor
//! and `check` agree (a test compares the two after a series of edits).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::load::{self, Content, FileResult};
use crate::model::{Entity, Kind, Repo, Unloaded};
use crate::pipeline::Checked;
use crate::rules::{self, Ctx};
use crate::source::{FileId, SourceDb, strip_bom};

/// What one file's parse produced besides its documents (which are in the model).
struct Parsed {
    diagnostics: Vec<Diagnostic>,
    unloaded: Vec<Unloaded>,
    /// The kind and id of each of its documents, in order.
    ids: Vec<(Kind, String)>,
}

fn ids_of(entities: &[Entity]) -> Vec<(Kind, String)> {
    entities
        .iter()
        .map(|e| (e.kind(), e.id().to_string()))
        .collect()
}

/// The loaded repo, kept until `accordant.yaml` changes or a file appears.
struct State {
    /// Findings of the config and of discovery (not of any document file).
    pre: Vec<Diagnostic>,
    /// Repo-relative path -> index into `ids` and `parsed`.
    index: HashMap<String, usize>,
    ids: Vec<FileId>,
    parsed: Vec<Parsed>,
    /// The model and sources (in `checked.repo`) and the current findings.
    checked: Checked,
    /// Per rule of [`rules::all`]: its findings on the model as it was when it
    /// last ran (empty for load rules).
    found: Vec<Vec<Diagnostic>>,
    /// Kinds whose documents changed since the rules last ran (`Kind as usize`).
    stale: [bool; 7],
    /// The files parsed again since the rules last ran.
    edited: Vec<FileId>,
    /// An id was added, removed or moved since the rules last ran.
    ids_changed: bool,
    /// `checked.diagnostics` is current.
    fresh: bool,
}

/// The repo, its open buffers, and the result of the last check.
pub struct Workspace {
    pub root: PathBuf,
    pub today: Date,
    /// Repo-relative path -> the editor's text of an open file.
    overlays: HashMap<String, String>,
    state: Option<State>,
    /// Files parsed again since [`Workspace::take_edited`] was last called.
    edited: HashSet<FileId>,
    /// The repo was loaded again since then (file ids may have changed).
    reloaded: bool,
}

impl Workspace {
    /// A workspace for the repo holding `folder` (the folder itself when no
    /// `accordant.yaml` is found at or above it).
    pub fn new(folder: &Path, today: Date) -> Workspace {
        let root = crate::pipeline::repo_root(folder)
            .or_else(|_| folder.canonicalize())
            .unwrap_or_else(|_| folder.to_path_buf());
        Workspace {
            root,
            today,
            overlays: HashMap::new(),
            state: None,
            edited: HashSet::new(),
            reloaded: true,
        }
    }

    /// The repo-relative path of an absolute path inside the repo.
    pub fn rel(&self, path: &Path) -> Option<String> {
        let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let rel = canon
            .strip_prefix(&self.root)
            .or_else(|_| path.strip_prefix(&self.root))
            .ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    /// Sets (or with `None` drops) the editor's text of a file; the next
    /// [`Workspace::check`] sees it.
    pub fn set_overlay(&mut self, rel: &str, text: Option<String>) {
        let same = self.overlays.get(rel) == text.as_ref();
        if same {
            return;
        }
        match text {
            Some(t) => {
                self.overlays.insert(rel.to_string(), t);
            }
            None => {
                self.overlays.remove(rel);
            }
        }
        let reparsed = rel != config::FILE_NAME && self.reparse(rel);
        if !reparsed {
            // The config, or a file the repo did not list before: find the files again.
            self.state = None;
        }
    }

    /// The file was saved or changed on disk (created, deleted): read the repo
    /// again when it is a file the last load did not know.
    pub fn file_changed_on_disk(&mut self, rel: &str) {
        if self.overlays.contains_key(rel) && rel != config::FILE_NAME {
            return;
        }
        if rel == config::FILE_NAME || !self.reparse(rel) {
            self.state = None;
        }
    }

    /// Parses one known file again from its buffer (or the disk) and splices its
    /// documents into the model; `false` when the repo did not list it.
    fn reparse(&mut self, rel: &str) -> bool {
        let Some(st) = self.state.as_mut() else {
            return true; // the next check loads everything anyway
        };
        let Some(&i) = st.index.get(rel) else {
            return false;
        };
        let repo = &mut st.checked.repo;
        let text = match self.overlays.get(rel) {
            Some(t) => t.clone(),
            None => {
                match crate::source::read_limited(
                    &self.root.join(rel),
                    repo.config.loader.max_file_bytes,
                ) {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(_) => return false,
                }
            }
        };
        let id = st.ids[i];
        let FileResult {
            entities,
            diagnostics,
            unloaded,
        } = crate::timings::time("lsp: parse the edited file", || {
            load::parse_file(id, rel, text.as_bytes(), &repo.config.loader)
        });
        repo.sources
            .set_text(id, Arc::from(strip_bom(&text).to_string()));
        let ids = ids_of(&entities);
        if st.parsed[i].ids != ids {
            st.ids_changed = true;
            st.parsed[i].ids = ids;
        }
        if !st.edited.contains(&id) {
            st.edited.push(id);
        }
        let touched = crate::timings::time("lsp: splice the model", || {
            repo.model.splice_file(id, entities)
        });
        for k in touched {
            st.stale[k as usize] = true;
        }
        if st.parsed[i].unloaded != unloaded {
            // References to documents of a file that does not parse read these.
            st.stale = [true; 7];
            st.parsed[i].unloaded = unloaded;
            repo.model.unloaded = st.parsed.iter().flat_map(|p| p.unloaded.clone()).collect();
        }
        st.parsed[i].diagnostics = diagnostics;
        st.fresh = false;
        self.edited.insert(id);
        true
    }

    fn load(&self) -> anyhow::Result<State> {
        let root = &self.root;
        let mut sources = SourceDb::new(root.clone());
        let mut pre = Vec::new();
        let read = |rel: &str, max: u64| -> Option<String> {
            if let Some(t) = self.overlays.get(rel) {
                return Some(t.clone());
            }
            let bytes = crate::source::read_limited(&root.join(rel), max).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        };
        let default_max = crate::config::LoaderLimits::default().max_file_bytes;
        let (config, config_file) = match read(config::FILE_NAME, default_max) {
            Some(text) if root.join(config::FILE_NAME).is_file() => {
                let id = sources.add(
                    config::FILE_NAME.to_string(),
                    Some(Arc::from(strip_bom(&text))),
                );
                let (cfg, diags) = load::load_config(id, text.as_bytes());
                pre.extend(diags);
                (cfg, Some(id))
            }
            _ => (Config::fallback(), None),
        };
        let inputs = load::discover(root, &config, &mut pre, &mut sources)?;
        let max = config.loader.max_file_bytes;
        sources.set_max_file_bytes(max);
        let texts: Vec<Result<String, String>> = inputs
            .par_iter()
            .map(|input| match &input.content {
                Content::Disk(_) => read(&input.path, max).ok_or_else(|| {
                    match crate::source::read_limited(&root.join(&input.path), max) {
                        Err(why) => why,
                        Ok(_) => "cannot read the file".to_string(),
                    }
                }),
                Content::Memory(bytes) => Ok(String::from_utf8_lossy(bytes).into_owned()),
                Content::Unreadable(why) => Err(why.clone()),
            })
            .collect();
        let mut ids = Vec::with_capacity(inputs.len());
        let mut index = HashMap::with_capacity(inputs.len());
        for (i, (input, text)) in inputs.iter().zip(&texts).enumerate() {
            let kept = text.as_ref().ok().map(|t| Arc::from(strip_bom(t)));
            ids.push(sources.add(input.path.clone(), kept));
            index.insert(input.path.clone(), i);
        }
        let limits = config.loader.clone();
        let results: Vec<FileResult> = inputs
            .par_iter()
            .zip(texts.par_iter())
            .zip(ids.par_iter())
            .map(|((input, text), id)| match text {
                Ok(t) => load::parse_file(*id, &input.path, t.as_bytes(), &limits),
                Err(why) => load::unreadable(*id, &input.path, why.clone()),
            })
            .collect();
        let mut parsed = Vec::with_capacity(results.len());
        let mut entities = Vec::with_capacity(results.len());
        for r in results {
            let ids = ids_of(&r.entities);
            entities.push(FileResult {
                entities: r.entities,
                diagnostics: Vec::new(),
                unloaded: r.unloaded.clone(),
            });
            parsed.push(Parsed {
                ids,
                diagnostics: r.diagnostics,
                unloaded: r.unloaded,
            });
        }
        let mut ignored = Vec::new();
        let mut model = crate::timings::time("model", || load::build_model(entities, &mut ignored));
        model.config_file = config_file;
        let repo = Repo {
            config,
            sources,
            model,
            diagnostics: Vec::new(),
        };
        Ok(State {
            pre,
            index,
            ids,
            parsed,
            checked: Checked {
                repo,
                diagnostics: Vec::new(),
            },
            found: vec![Vec::new(); rules::all().len()],
            stale: [true; 7],
            edited: Vec::new(),
            ids_changed: true,
            fresh: false,
        })
    }

    /// The check of the repo with every buffer as the editor has it: loaded
    /// when needed; after an edit, the rules that read a changed kind run again.
    pub fn check(&mut self) -> anyhow::Result<&Checked> {
        if self.state.is_none() {
            self.state = Some(crate::timings::time("lsp: load the repo", || self.load())?);
            self.reloaded = true;
        }
        let Some(st) = self.state.as_mut() else {
            anyhow::bail!("the repo could not be loaded");
        };
        if !st.fresh {
            st.refresh(self.today);
        }
        Ok(&st.checked)
    }

    /// The files whose text changed since the last call, or `None` when the
    /// repo was loaded again in between (every file may have changed, and file
    /// ids may mean other files).
    pub fn take_edited(&mut self) -> Option<HashSet<FileId>> {
        let edited = std::mem::take(&mut self.edited);
        if std::mem::take(&mut self.reloaded) {
            None
        } else {
            Some(edited)
        }
    }

    /// The last check, if it is current.
    pub fn current(&self) -> Option<&Checked> {
        self.state
            .as_ref()
            .filter(|st| st.fresh)
            .map(|st| &st.checked)
    }
}

impl State {
    /// Runs the rules that read a changed kind and combines every finding as
    /// [`crate::pipeline::check_repo`] does: load findings in file order, then the
    /// rules' in registry order, held back, with the repo's severities, sorted.
    fn refresh(&mut self, today: Date) {
        let repo = &self.checked.repo;
        let ctx = Ctx {
            model: &repo.model,
            config: &repo.config,
            today,
            scope: None,
        };
        crate::timings::time("index", || repo.model.prepare());
        let stale = self.stale;
        // One file edited, and nothing a local rule looks up changed: run it on
        // that file's documents only.
        let one_file = match self.edited.as_slice() {
            [file] if repo.model.unloaded.is_empty() => Some(*file),
            _ => None,
        };
        let ids_changed = self.ids_changed;
        let rerun: Vec<(usize, rules::CheckFn, Option<FileId>)> = rules::all()
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let check = r.check?;
                let code = r.meta.code;
                if !rules::reads(code).iter().any(|k| stale[*k as usize]) {
                    return None;
                }
                let scope = one_file.filter(|_| {
                    rules::reads::local(code).is_some_and(|l| {
                        let looked_up_changed = l.looks_up.iter().any(|k| stale[*k as usize]);
                        let ids_matter = l.ids && ids_changed;
                        !(looked_up_changed || ids_matter)
                    })
                });
                Some((i, check, scope))
            })
            .collect();
        let results: Vec<(usize, Vec<Diagnostic>, Option<FileId>)> =
            crate::timings::time("rules", || {
                rerun
                    .par_iter()
                    .map(|&(i, check, scope)| {
                        let ctx = Ctx { scope, ..ctx };
                        let mut out = Vec::new();
                        crate::timings::time_rule(rules::all()[i].meta.code, || {
                            check(&ctx, &mut out)
                        });
                        (i, out, scope)
                    })
                    .collect()
            });
        for (i, out, scope) in results {
            match scope {
                // The findings about the other files stay.
                Some(file) => {
                    let kept = &mut self.found[i];
                    kept.retain(|d| d.primary.file != file);
                    kept.extend(out);
                }
                None => self.found[i] = out,
            }
        }
        self.edited.clear();
        self.ids_changed = false;
        self.stale = [false; 7];
        let diagnostics = crate::timings::time("lsp: combine the findings", || {
            let found: Vec<Diagnostic> = self.found.iter().flatten().cloned().collect();
            let mut loaded = self.pre.clone();
            loaded.extend(
                self.parsed
                    .iter()
                    .flat_map(|p| p.diagnostics.iter().cloned()),
            );
            crate::pipeline::combine(repo, loaded, found)
        });
        self.checked.diagnostics = diagnostics;
        self.fresh = true;
    }
}
