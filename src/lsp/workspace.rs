//! The repo as the language server keeps it: read once, every file's parse
//! result cached, and an edited file parsed again from the editor's buffer
//! (unsaved text wins over the disk) before the rules run on the whole model.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::load::{self, Content, FileResult};
use crate::model::Repo;
use crate::pipeline::{self, Checked};
use crate::source::{FileId, SourceDb, strip_bom};

/// What loading the repo found once, reused until `accordant.yaml` changes.
struct Base {
    config: Config,
    config_file: Option<FileId>,
    /// Findings of the config and of discovery (not of any document file).
    pre: Vec<Diagnostic>,
    sources: SourceDb,
    /// Repo-relative path -> index into `ids` and `results`.
    index: HashMap<String, usize>,
    ids: Vec<FileId>,
    results: Vec<FileResult>,
}

/// The repo, its open buffers, and the result of the last check.
pub struct Workspace {
    pub root: PathBuf,
    pub today: Date,
    /// Repo-relative path -> the editor's text of an open file.
    overlays: HashMap<String, String>,
    base: Option<Base>,
    /// The last check, when nothing changed since.
    checked: Option<Checked>,
}

impl Workspace {
    /// A workspace for the repo holding `folder` (the folder itself when no
    /// `accordant.yaml` is found at or above it).
    pub fn new(folder: &Path, today: Date) -> Workspace {
        let root = pipeline::repo_root(folder)
            .or_else(|_| folder.canonicalize())
            .unwrap_or_else(|_| folder.to_path_buf());
        Workspace {
            root,
            today,
            overlays: HashMap::new(),
            base: None,
            checked: None,
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
        self.checked = None;
        let reparsed = rel != config::FILE_NAME && self.reparse(rel);
        if !reparsed {
            // The config, or a file the repo did not list before: find the files again.
            self.base = None;
        }
    }

    /// The file was saved or changed on disk (created, deleted): read the repo
    /// again when it is a file the last load did not know.
    pub fn file_changed_on_disk(&mut self, rel: &str) {
        self.checked = None;
        if self.overlays.contains_key(rel) && rel != config::FILE_NAME {
            return;
        }
        if rel == config::FILE_NAME || !self.reparse(rel) {
            self.base = None;
        }
    }

    /// Parses one known file again from its buffer (or the disk); `false` when
    /// the repo did not list it.
    fn reparse(&mut self, rel: &str) -> bool {
        let Some(base) = self.base.as_mut() else {
            return true; // the next check loads everything anyway
        };
        let Some(&i) = base.index.get(rel) else {
            return false;
        };
        let text = match self.overlays.get(rel) {
            Some(t) => t.clone(),
            None => {
                match crate::source::read_limited(
                    &self.root.join(rel),
                    base.config.loader.max_file_bytes,
                ) {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(_) => return false,
                }
            }
        };
        let id = base.ids[i];
        base.results[i] = load::parse_file(id, rel, text.as_bytes(), &base.config.loader);
        base.sources
            .set_text(id, Arc::from(strip_bom(&text).to_string()));
        true
    }

    fn load_base(&self) -> anyhow::Result<Base> {
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
        Ok(Base {
            config,
            config_file,
            pre,
            sources,
            index,
            ids,
            results,
        })
    }

    /// The check of the repo with every buffer as the editor has it: loaded
    /// when needed, the rules run again after any change.
    pub fn check(&mut self) -> anyhow::Result<&Checked> {
        if self.base.is_none() {
            self.base = Some(crate::timings::time("lsp: load the repo", || {
                self.load_base()
            })?);
        }
        if self.checked.is_none() {
            let Some(base) = self.base.as_ref() else {
                anyhow::bail!("the repo could not be loaded");
            };
            let mut diagnostics = base.pre.clone();
            let results = crate::timings::time("lsp: copy parse results", || base.results.clone());
            let mut model =
                crate::timings::time("model", || load::build_model(results, &mut diagnostics));
            model.config_file = base.config_file;
            let repo = Repo {
                config: base.config.clone(),
                sources: base.sources.clone(),
                model,
                diagnostics,
            };
            self.checked = Some(pipeline::check_repo(repo, self.today));
        }
        match self.checked.as_ref() {
            Some(c) => Ok(c),
            None => anyhow::bail!("the repo could not be checked"),
        }
    }

    /// The last check, if it is current.
    pub fn current(&self) -> Option<&Checked> {
        self.checked.as_ref()
    }
}
