//! The output folder, written safely.
//!
//! The build writes only inside its output folder and never deletes or overwrites
//! a file it did not create. It keeps a manifest (`.accordant-site.json`) of what
//! it wrote; a rebuild removes only stale files listed there. It refuses the repo
//! root (or any folder holding it), a non-empty folder without a manifest, a file
//! in the way that the manifest does not list, and links inside the folder.
//! Removing never follows a link: a stale entry goes only when it is a regular
//! file (or an empty folder) whose every parent is a real folder inside the
//! output folder; entries that are absolute or contain `..` are dropped when the
//! manifest is read.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};

/// The manifest's file name, inside the output folder.
pub const MANIFEST: &str = ".accordant-site.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    generator: String,
    /// Files written, relative to the output folder.
    files: BTreeSet<String>,
    /// Folders the build created (removed again when they end up empty).
    dirs: BTreeSet<String>,
}

/// An output folder opened for one build.
#[derive(Debug)]
pub struct Output {
    dir: PathBuf,
    old: Manifest,
}

/// Whether `rel` is a plain relative path without `..`, root or prefix.
fn is_clean(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

impl Output {
    /// Checks and opens (creating it if missing) the output folder `dir` for the
    /// repo at `repo_root`.
    pub fn open(dir: &Path, repo_root: &Path) -> anyhow::Result<Output> {
        let abs = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            std::env::current_dir()
                .context("reading the current folder")?
                .join(dir)
        };
        if let Ok(meta) = std::fs::symlink_metadata(&abs) {
            if meta.file_type().is_symlink() {
                bail!(
                    "the output folder {} is a link; give a real folder with --out",
                    abs.display()
                );
            }
            if !meta.is_dir() {
                bail!(
                    "the output {} is a file, not a folder; choose another --out",
                    abs.display()
                );
            }
        } else {
            std::fs::create_dir_all(&abs)
                .with_context(|| format!("creating the output folder {}", abs.display()))?;
        }
        let abs = abs
            .canonicalize()
            .with_context(|| format!("opening {}", abs.display()))?;
        let root = repo_root.canonicalize().unwrap_or(repo_root.to_path_buf());
        if root.starts_with(&abs) {
            bail!(
                "refusing to build into {}: it holds the alignment repo itself; use a folder of its own, e.g. --out site",
                abs.display()
            );
        }
        let manifest_path = abs.join(MANIFEST);
        if std::fs::symlink_metadata(&manifest_path).is_ok_and(|m| !m.is_file()) {
            bail!(
                "refusing to build into {}: {MANIFEST} there is a link or a folder, not the file `accordant build` writes; remove it or choose another --out",
                abs.display()
            );
        }
        let old = if manifest_path.is_file() {
            let text = std::fs::read_to_string(&manifest_path)
                .with_context(|| format!("reading {}", manifest_path.display()))?;
            let m: Manifest = serde_json::from_str(&text).with_context(|| {
                format!(
                    "{} is damaged; delete the output folder {} by hand and build again",
                    manifest_path.display(),
                    abs.display()
                )
            })?;
            Manifest {
                files: m.files.into_iter().filter(|f| is_clean(f)).collect(),
                dirs: m.dirs.into_iter().filter(|d| is_clean(d)).collect(),
                ..m
            }
        } else {
            let mut entries =
                std::fs::read_dir(&abs).with_context(|| format!("reading {}", abs.display()))?;
            if entries.next().is_some() {
                bail!(
                    "refusing to build into {}: the folder is not empty and was not made by `accordant build` (no {MANIFEST}); choose an empty or new folder with --out",
                    abs.display()
                );
            }
            Manifest::default()
        };
        Ok(Output { dir: abs, old })
    }

    /// The output folder (absolute).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Checks that every file can be written safely, creates the folders, and
    /// records the files in the manifest before any is written.
    pub fn plan(&mut self, files: &[String]) -> anyhow::Result<()> {
        let mut dirs = BTreeSet::new();
        for f in files {
            if !is_clean(f) {
                bail!("internal error: output path `{f}` is not a plain relative path");
            }
            let mut parent = Path::new(f).parent();
            while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
                dirs.insert(p.to_string_lossy().replace('\\', "/"));
                parent = p.parent();
            }
        }
        for d in &dirs {
            let path = self.dir.join(d);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => bail!(
                    "{} is in the way (a file or link where the site needs a folder); move it or choose another --out",
                    path.display()
                ),
                Err(_) => {
                    std::fs::create_dir(&path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    self.old.dirs.insert(d.clone());
                }
            }
        }
        for f in files {
            let path = self.dir.join(f);
            if let Ok(m) = std::fs::symlink_metadata(&path)
                && (m.file_type().is_symlink() || !self.old.files.contains(f))
            {
                bail!(
                    "refusing to overwrite {}: accordant did not create it; move it or choose another --out",
                    path.display()
                );
            }
        }
        // Record new files first, so an interrupted build can still clean up.
        let mut union = Manifest {
            generator: generator(),
            files: self.old.files.clone(),
            dirs: self.old.dirs.clone(),
        };
        union.files.extend(files.iter().cloned());
        self.write_manifest(&union)
    }

    /// Writes one planned file.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if !is_clean(rel) {
            bail!("internal error: output path `{rel}` is not a plain relative path");
        }
        let path = self.dir.join(rel);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// Records the final manifest and removes files of the previous build that this
    /// one did not write. Returns how many files were removed.
    pub fn finish(self, files: &[String]) -> anyhow::Result<usize> {
        let new: BTreeSet<String> = files.iter().cloned().collect();
        let mut removed = 0;
        for stale in self.old.files.difference(&new) {
            // A regular file inside the folder only: never a link, never
            // through a link (`symlink_metadata` does not follow the last part,
            // `contained` checks every folder above it).
            let Some(path) = self.contained(stale) else {
                continue;
            };
            if let Ok(m) = std::fs::symlink_metadata(&path)
                && m.is_file()
            {
                std::fs::remove_file(&path)
                    .with_context(|| format!("removing the stale file {}", path.display()))?;
                removed += 1;
            }
        }
        let needed: BTreeSet<String> = new
            .iter()
            .flat_map(|f| {
                Path::new(f)
                    .ancestors()
                    .skip(1)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut dirs = BTreeSet::new();
        // Deepest first, so a folder's children go before it.
        for d in self.old.dirs.iter().rev() {
            if needed.contains(d) {
                dirs.insert(d.clone());
                continue;
            }
            // Only real, empty folders inside the output folder go: remove_dir
            // fails on anything else.
            let removed = self.contained(d).is_some_and(|path| {
                std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
                    && std::fs::remove_dir(&path).is_ok()
            });
            if !removed {
                dirs.insert(d.clone());
            }
        }
        self.write_manifest(&Manifest {
            generator: generator(),
            files: new,
            dirs,
        })?;
        Ok(removed)
    }

    /// Where the manifest entry `rel` is, when removing it cannot reach outside
    /// the output folder: `rel` is a plain relative path, every folder above it
    /// is a real folder (not a link) and the canonical parent is inside the
    /// output folder. `None` otherwise (or when a folder on the way is missing).
    fn contained(&self, rel: &str) -> Option<PathBuf> {
        if !is_clean(rel) {
            return None;
        }
        let rel = Path::new(rel);
        let name = rel.file_name()?;
        let mut at = self.dir.clone();
        for part in rel.parent()?.components() {
            at.push(part);
            let m = std::fs::symlink_metadata(&at).ok()?;
            if m.file_type().is_symlink() || !m.is_dir() {
                return None;
            }
        }
        let parent = at.canonicalize().ok()?;
        parent.starts_with(&self.dir).then(|| parent.join(name))
    }

    fn write_manifest(&self, m: &Manifest) -> anyhow::Result<()> {
        let path = self.dir.join(MANIFEST);
        let text = serde_json::to_string_pretty(m)?;
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
    }
}

fn generator() -> String {
    format!("accordant {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(out: &Output, files: &[&str]) -> Vec<String> {
        let files: Vec<String> = files.iter().map(|s| s.to_string()).collect();
        for f in &files {
            out.write(f, b"x").unwrap();
        }
        files
    }

    #[test]
    fn rebuild_removes_only_its_own_stale_files() {
        let repo = crate::test_tempdir();
        let tmp = crate::test_tempdir();
        let dir = tmp.path().join("site");
        let mut out = Output::open(&dir, repo.path()).unwrap();
        let files: Vec<String> = ["index.html", "teams/a.html"].map(String::from).to_vec();
        out.plan(&files).unwrap();
        build(&out, &["index.html", "teams/a.html"]);
        out.finish(&files).unwrap();
        std::fs::write(dir.join("mine.txt"), "keep").unwrap();
        let mut out = Output::open(&dir, repo.path()).unwrap();
        let files = vec!["index.html".to_string()];
        out.plan(&files).unwrap();
        build(&out, &["index.html"]);
        assert_eq!(out.finish(&files).unwrap(), 1);
        assert!(!dir.join("teams").exists());
        assert!(dir.join("mine.txt").exists());
        // A foreign file where a page goes is not overwritten.
        std::fs::write(dir.join("raci.html"), "theirs").unwrap();
        let mut out = Output::open(&dir, repo.path()).unwrap();
        assert!(out.plan(&["raci.html".to_string()]).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.join("raci.html")).unwrap(),
            "theirs"
        );
    }

    #[test]
    fn refuses_foreign_folders_and_the_repo() {
        let repo = crate::test_tempdir();
        std::fs::write(repo.path().join("x.yaml"), "").unwrap();
        let err = Output::open(repo.path(), repo.path()).unwrap_err();
        assert!(format!("{err:#}").contains("repo itself"), "{err:#}");
        let foreign = crate::test_tempdir();
        std::fs::write(foreign.path().join("notes.txt"), "").unwrap();
        let err = Output::open(foreign.path(), repo.path()).unwrap_err();
        assert!(format!("{err:#}").contains("not empty"), "{err:#}");
        assert!(!is_clean("../x") && !is_clean("/x") && is_clean("a/b.html"));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_manifest_is_neither_read_nor_written() {
        let repo = crate::test_tempdir();
        let tmp = crate::test_tempdir();
        let dir = tmp.path().join("site");
        std::fs::create_dir(&dir).unwrap();
        // A valid manifest elsewhere, reached through a link.
        let elsewhere = tmp.path().join("elsewhere.json");
        let text = r#"{"generator":"x","files":[],"dirs":[]}"#;
        std::fs::write(&elsewhere, text).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.join(MANIFEST)).unwrap();
        let err = Output::open(&dir, repo.path()).unwrap_err();
        assert!(format!("{err:#}").contains("is a link"), "{err:#}");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), text);
    }
}
