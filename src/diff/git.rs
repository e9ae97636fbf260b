//! The `git` binary, run with a cleaned environment: the diff reads revisions
//! straight from the object database (`ls-tree`, one `cat-file --batch`) and never
//! checks anything out. Running the binary instead of linking a git library keeps
//! the user's transports, credentials and repository format working as they do on
//! the command line; cleaning the environment keeps hooks' `GIT_DIR`, a system
//! config or a pager from changing what we read.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use crate::load::schema::closest;

/// What can go wrong talking to git, for callers that branch on it.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The `git` program is not on `PATH`.
    #[error("git is not installed (or not on PATH): install git, then run this again")]
    GitMissing,
    /// The folder is not inside a git work tree.
    #[error("{} is not inside a git repository: {reason}", path.display())]
    NotARepo {
        /// The folder asked about.
        path: PathBuf,
        /// What git said.
        reason: String,
    },
    /// A revision that does not name a commit here.
    #[error("{}", unknown_revision_message(rev, *shallow, suggestion.as_deref()))]
    UnknownRevision {
        /// The revision as given.
        rev: String,
        /// The clone is shallow, so the commit may exist upstream but was not fetched.
        shallow: bool,
        /// The branch, tag or remote branch of this repository whose name is
        /// nearest to `rev` (a typo away), with `rev`'s `~N`/`^` suffix kept.
        suggestion: Option<String>,
    },
    /// Any other failure of a git command.
    #[error("`git {args}` failed: {stderr}")]
    Failed {
        /// The arguments, for the message.
        args: String,
        /// What git printed on standard error.
        stderr: String,
    },
    /// Talking to the git process failed.
    #[error("running `git {args}`: {source}")]
    Io {
        /// The arguments, for the message.
        args: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

fn unknown_revision_message(rev: &str, shallow: bool, suggestion: Option<&str>) -> String {
    // The end of the first sentence: a question when there is a guess.
    let stop = suggestion.map_or_else(|| ".".to_string(), |s| format!("; did you mean `{s}`?"));
    if shallow {
        format!(
            "the revision `{rev}` is not in this clone, which is shallow (fetched with a limited \
             history){stop} In GitHub Actions, give actions/checkout `fetch-depth: 0`; or fetch \
             the commit before running accordant: `git fetch --depth=1 origin {rev}`"
        )
    } else {
        format!(
            "revision `{rev}` not found: no branch, tag or commit of this repository is called \
             that{stop} Give a branch, tag or commit id (e.g. `origin/main`); if it only exists \
             on a remote, run `git fetch origin {rev}` first"
        )
    }
}

/// One file of a tree listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    /// File mode, e.g. `100644`, `100755`, `120000` (symbolic link).
    pub mode: String,
    /// Object id of the blob.
    pub sha: String,
    /// Path from the top of the work tree, `/`-separated, unquoted.
    pub path: String,
}

impl TreeEntry {
    /// Whether the entry is a symbolic link (its blob holds the target path).
    pub fn is_symlink(&self) -> bool {
        self.mode == "120000"
    }
}

/// A git work tree, addressed through the `git` binary.
#[derive(Clone, Debug)]
pub struct Git {
    toplevel: PathBuf,
}

impl Git {
    /// Finds the work tree that holds `path`.
    pub fn open(path: &Path) -> Result<Git, GitError> {
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let out = run(&dir, &["rev-parse", "--show-toplevel"])?;
        if !out.status_ok {
            return Err(GitError::NotARepo {
                path: path.to_path_buf(),
                reason: first_line(&out.stderr),
            });
        }
        let top = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
        let toplevel = PathBuf::from(&top);
        let toplevel = toplevel.canonicalize().unwrap_or(toplevel);
        Ok(Git { toplevel })
    }

    /// The top folder of the work tree.
    pub fn toplevel(&self) -> &Path {
        &self.toplevel
    }

    /// The `/`-separated path of `dir` below the top of the work tree (`""` for the
    /// top itself); `None` when `dir` is outside it.
    pub fn prefix_of(&self, dir: &Path) -> Option<String> {
        let dir = dir.canonicalize().ok()?;
        let rel = dir.strip_prefix(&self.toplevel).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// The commit id a revision names (`main`, `origin/main`, `HEAD~1`, a sha).
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        if rev.is_empty() || rev.starts_with('-') {
            return Err(GitError::UnknownRevision {
                rev: rev.to_string(),
                shallow: false,
                suggestion: None,
            });
        }
        let spec = format!("{rev}^{{commit}}");
        let out = self.git(&["rev-parse", "--verify", "--quiet", &spec])?;
        let sha = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status_ok && !sha.is_empty() {
            return Ok(sha);
        }
        let names = self.ref_names().unwrap_or_default();
        Err(GitError::UnknownRevision {
            rev: rev.to_string(),
            shallow: self.is_shallow(),
            suggestion: suggest(rev, &names),
        })
    }

    /// The short names of every branch, remote branch and tag (`main`,
    /// `origin/main`, `v1.2`), and `HEAD`.
    pub fn ref_names(&self) -> Result<Vec<String>, GitError> {
        let args = [
            "for-each-ref",
            "--format=%(refname:short)",
            "refs/heads",
            "refs/remotes",
            "refs/tags",
        ];
        let out = self.git(&args)?;
        if !out.status_ok {
            return Err(failed(&args, &out.stderr));
        }
        let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect();
        names.push("HEAD".to_string());
        Ok(names)
    }

    /// Whether the clone is shallow (`git clone --depth N`, actions/checkout's default).
    pub fn is_shallow(&self) -> bool {
        self.git(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|o| o.status_ok && String::from_utf8_lossy(&o.stdout).trim() == "true")
    }

    /// Every blob of `commit` under `prefix` (the whole tree when empty), recursively.
    /// Submodules are skipped.
    pub fn ls_tree(&self, commit: &str, prefix: &str) -> Result<Vec<TreeEntry>, GitError> {
        let out = self.git_under(&["ls-tree", "-r", "-z", "--full-tree", commit], prefix)?;
        Ok(parse_ls_tree(&out))
    }

    /// The paths under `prefix` whose file in the working tree differs from `commit`
    /// (changed, staged, deleted), as git itself sees them (its index's stat
    /// cache, with content checks where timestamps are ambiguous). Every other path
    /// of `commit` has the same bytes on disk.
    pub fn dirty_paths(&self, commit: &str, prefix: &str) -> Result<HashSet<String>, GitError> {
        let args = ["diff-index", "-z", "--name-only", "--no-renames", commit];
        let out = self.git_under(&args, prefix)?;
        Ok(out
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect())
    }

    /// Reads many blobs through one `git cat-file --batch` process, in the order
    /// asked. A missing object is an error.
    pub fn read_blobs(&self, shas: &[&str]) -> Result<Vec<Arc<[u8]>>, GitError> {
        let mut blobs = Vec::with_capacity(shas.len());
        self.stream_blobs(shas, u64::MAX, |_, b| {
            blobs.push(Arc::from(b.unwrap_or_default()));
            true
        })?;
        Ok(blobs)
    }

    /// Reads many blobs through one `git cat-file --batch` process and hands each
    /// to `each` (with its index in `shas`) as soon as it arrives, so the caller can
    /// parse while git still inflates. A blob over `max` bytes is skipped without
    /// being kept (`each` gets `Err(size)`). `each` returns `false` to stop early.
    pub fn stream_blobs(
        &self,
        shas: &[&str],
        max: u64,
        mut each: impl FnMut(usize, Result<Vec<u8>, u64>) -> bool,
    ) -> Result<(), GitError> {
        // `--buffer`: git writes through normal stdio buffering instead of
        // flushing after every object (we send every request up front).
        let args = ["cat-file", "--batch", "--buffer"];
        if shas.is_empty() {
            return Ok(());
        }
        let mut child = self
            .command(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_error(&args, e))?;
        let io = |e: std::io::Error| GitError::Io {
            args: args.join(" "),
            source: e,
        };
        let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io(broken_pipe()));
        };
        let request: Vec<u8> = shas
            .iter()
            .flat_map(|s| [s.as_bytes(), b"\n"])
            .flatten()
            .copied()
            .collect();
        // Write from another thread: git answers while we still ask, and both pipes
        // would fill up if one thread did both.
        let writer = std::thread::spawn(move || stdin.write_all(&request));
        let mut reader = BufReader::with_capacity(1 << 16, stdout);
        let read = read_batch(&mut reader, shas, max, &mut each);
        if read.is_err() {
            let _ = child.kill();
        }
        drop(reader);
        let wrote = writer.join();
        let status = child.wait().map_err(io)?;
        let mut stderr = String::new();
        if let Some(mut s) = child.stderr.take() {
            let _ = s.read_to_string(&mut stderr);
        }
        match read {
            Err(Some(e)) => Err(e),
            Err(None) => Ok(()),
            Ok(()) => match wrote {
                Ok(Ok(())) if status.success() => Ok(()),
                Ok(Err(e)) if stderr.trim().is_empty() => Err(io(e)),
                _ => Err(failed(&args, stderr.as_bytes())),
            },
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        command(&self.toplevel, args)
    }

    /// Runs `git args -- prefix/` (over the whole tree when `prefix` is empty);
    /// its stdout, or an error when git fails.
    fn git_under(&self, args: &[&str], prefix: &str) -> Result<Vec<u8>, GitError> {
        let spec = format!("{}/", prefix.trim_end_matches('/'));
        let mut args = args.to_vec();
        if !prefix.is_empty() {
            args.push("--");
            args.push(&spec);
        }
        let out = self.git(&args)?;
        if !out.status_ok {
            return Err(failed(&args, &out.stderr));
        }
        Ok(out.stdout)
    }

    fn git(&self, args: &[&str]) -> Result<Output, GitError> {
        run(&self.toplevel, args)
    }
}

/// Reads the answers of `cat-file --batch`: `<sha> <type> <size>\n<bytes>\n` per
/// object, `<sha> missing\n` for an unknown one. `Err(None)` when `each` stopped.
fn read_batch(
    reader: &mut impl BufRead,
    shas: &[&str],
    max: u64,
    each: &mut impl FnMut(usize, Result<Vec<u8>, u64>) -> bool,
) -> Result<(), Option<GitError>> {
    let io = |e: std::io::Error| {
        Some(GitError::Io {
            args: "cat-file --batch".into(),
            source: e,
        })
    };
    let mut header = Vec::new();
    for (i, sha) in shas.iter().enumerate() {
        header.clear();
        reader.read_until(b'\n', &mut header).map_err(io)?;
        let line = String::from_utf8_lossy(&header);
        let mut parts = line.split_whitespace();
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        let Some(size) = kind.and(size).and_then(|s| s.parse::<usize>().ok()) else {
            return Err(Some(GitError::Failed {
                args: "cat-file --batch".into(),
                stderr: format!("object {sha} is missing ({})", line.trim()),
            }));
        };
        let blob = if size as u64 > max {
            // Skip it: a hostile blob must not fill memory.
            let mut rest = reader.by_ref().take(size as u64 + 1);
            std::io::copy(&mut rest, &mut std::io::sink()).map_err(io)?;
            Err(size as u64)
        } else {
            let mut data = vec![0; size + 1];
            reader.read_exact(&mut data).map_err(io)?;
            data.pop();
            Ok(data)
        };
        if !each(i, blob) {
            return Err(None);
        }
    }
    Ok(())
}

/// The ref name nearest to `rev` (a typo away, see [`closest`]), keeping what
/// follows the name (`~2`, `^`, `@{u}`): `mian~1` -> `main~1`. `None` when
/// nothing is near, or when the name itself is a ref (then the suffix is wrong).
fn suggest(rev: &str, names: &[String]) -> Option<String> {
    let cut = rev.find(['~', '^', '@', ':']).unwrap_or(rev.len());
    let (name, rest) = rev.split_at(cut);
    if name.is_empty() || names.iter().any(|n| n == name) {
        return None;
    }
    closest(name, names.iter().map(String::as_str)).map(|n| format!("{n}{rest}"))
}

fn broken_pipe() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::BrokenPipe, "no pipe to git")
}

/// A `git` command with a clean environment: only `PATH`, `HOME`,
/// `GIT_CEILING_DIRECTORIES` (it only stops git from looking for a repository
/// above those folders) and `LANG=C` come through, no system config is read,
/// git never prompts, and paths are printed unquoted.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.env_clear();
    for var in ["PATH", "HOME", "GIT_CEILING_DIRECTORIES"] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    cmd.env("LANG", "C")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .current_dir(dir)
        .args(["-c", "core.quotepath=off"])
        .args(args);
    cmd
}

struct Output {
    status_ok: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(dir: &Path, args: &[&str]) -> Result<Output, GitError> {
    let out = command(dir, args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| spawn_error(args, e))?;
    Ok(Output {
        status_ok: out.status.success(),
        stdout: out.stdout,
        stderr: out.stderr,
    })
}

fn spawn_error(args: &[&str], e: std::io::Error) -> GitError {
    if e.kind() == std::io::ErrorKind::NotFound {
        GitError::GitMissing
    } else {
        GitError::Io {
            args: args.join(" "),
            source: e,
        }
    }
}

fn failed(args: &[&str], stderr: &[u8]) -> GitError {
    GitError::Failed {
        args: args.join(" "),
        stderr: String::from_utf8_lossy(stderr).trim().to_string(),
    }
}

fn first_line(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("git said nothing");
    line.trim().trim_start_matches("fatal: ").to_string()
}

/// Parses `ls-tree -r -z`: `<mode> SP <type> SP <object> TAB <path> NUL`.
fn parse_ls_tree(out: &[u8]) -> Vec<TreeEntry> {
    out.split(|b| *b == 0)
        .filter(|rec| !rec.is_empty())
        .filter_map(|rec| {
            let tab = rec.iter().position(|b| *b == b'\t')?;
            let meta = std::str::from_utf8(&rec[..tab]).ok()?;
            let path = String::from_utf8_lossy(&rec[tab + 1..]).into_owned();
            let mut f = meta.split_whitespace();
            let (mode, kind, sha) = (f.next()?, f.next()?, f.next()?);
            if kind != "blob" {
                return None;
            }
            Some(TreeEntry {
                mode: mode.to_string(),
                sha: sha.to_string(),
                path,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tree_listings_and_skips_submodules() {
        let out = b"100644 blob 1111111111111111111111111111111111111111\tgoals/a b.yaml\0\
160000 commit 2222222222222222222222222222222222222222\tvendor/sub\0\
120000 blob 3333333333333333333333333333333333333333\tlink.yaml\0";
        let entries = parse_ls_tree(out);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].path, "goals/a b.yaml");
        assert!(!entries[0].is_symlink());
        assert!(entries[1].is_symlink());
    }

    #[test]
    fn shallow_message_says_how_to_fix_it() {
        let e = GitError::UnknownRevision {
            rev: "abc123".into(),
            shallow: true,
            suggestion: None,
        };
        let msg = e.to_string();
        assert!(msg.contains("fetch-depth: 0"), "{msg}");
        assert!(msg.contains("git fetch --depth=1 origin abc123"), "{msg}");
        let e = GitError::UnknownRevision {
            rev: "nope".into(),
            shallow: false,
            suggestion: None,
        };
        assert!(!e.to_string().contains("fetch-depth"));
    }

    #[test]
    fn unknown_revisions_suggest_the_nearest_ref() {
        let names: Vec<String> = ["main", "origin/main", "release-1.2", "v1.2.0", "HEAD"]
            .map(String::from)
            .to_vec();
        let s = |rev: &str| suggest(rev, &names);
        assert_eq!(s("mian").as_deref(), Some("main"));
        assert_eq!(s("origin/mian").as_deref(), Some("origin/main"));
        assert_eq!(s("mian~2").as_deref(), Some("main~2"));
        assert_eq!(s("HAED^").as_deref(), Some("HEAD^"));
        assert_eq!(s("v1.2.1").as_deref(), Some("v1.2.0"));
        assert_eq!(s("feature-x"), None, "nothing near");
        assert_eq!(s("main~999"), None, "the name is right, the suffix is not");
        let e = GitError::UnknownRevision {
            rev: "mian".into(),
            shallow: false,
            suggestion: s("mian"),
        };
        assert_eq!(
            e.to_string(),
            "revision `mian` not found: no branch, tag or commit of this repository is called \
             that; did you mean `main`? Give a branch, tag or commit id (e.g. `origin/main`); if \
             it only exists on a remote, run `git fetch origin mian` first"
        );
    }
}
