//! "What changed recently" and "last updated": read from the repo's git history.
//!
//! One `git log --name-only` over the alignment folder gives both the recent
//! commits (who changed which file, when) and the date each file last changed.
//! `git` runs as a child process with a cleaned environment (no `GIT_DIR` or
//! other variables leaking in from a hook or CI step), the way cargo-deny does
//! it. A folder that is not in a git work tree, or a machine without git, gives
//! an empty history with the reason: the site still builds.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Most commits read from the log.
const MAX_COMMITS: usize = 2000;

/// One commit that touched the alignment folder.
#[derive(Clone, Debug)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    /// `YYYY-MM-DD` (author date).
    pub date: String,
    pub subject: String,
    /// Paths relative to the alignment folder, `/`-separated.
    pub files: Vec<String>,
}

/// What git knows about the alignment folder.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Newest first.
    pub commits: Vec<Commit>,
    /// Path (relative to the alignment folder) -> date of its last commit.
    pub last_changed: HashMap<String, String>,
    /// The alignment folder's path inside the git work tree (`""` or `sub/dir/`).
    pub prefix: String,
    /// Why there is no history, when there is none.
    pub missing: Option<String>,
}

impl History {
    /// A history that says why it is empty.
    pub fn unavailable(reason: impl Into<String>) -> History {
        History {
            missing: Some(reason.into()),
            ..History::default()
        }
    }

    /// The latest date among `paths`, when git knows any of them.
    pub fn last_changed_of<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Option<&str> {
        paths
            .into_iter()
            .filter_map(|p| self.last_changed.get(p).map(String::as_str))
            .max()
    }
}

/// `git` with a clean environment: only PATH, HOME, GIT_CEILING_DIRECTORIES
/// (where git stops looking for a repository) and a fixed locale.
fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.env_clear();
    for var in ["PATH", "HOME", "SYSTEMROOT", "GIT_CEILING_DIRECTORIES"] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    cmd.env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off", "--no-pager"]);
    cmd
}

fn run(mut cmd: Command) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("git could not be run ({e})"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads the history of `root` (the alignment folder).
pub fn read(root: &Path) -> History {
    let mut prefix_cmd = git(root);
    prefix_cmd.args(["rev-parse", "--show-prefix"]);
    let prefix = match run(prefix_cmd) {
        Ok(p) => p.trim().to_string(),
        Err(e) => return History::unavailable(format!("no git history: {e}")),
    };
    let mut log = git(root);
    log.args([
        "log",
        &format!("--max-count={MAX_COMMITS}"),
        "--no-renames",
        "--date=short",
        "--format=%x1e%H%x1f%an%x1f%ad%x1f%s",
        "--name-only",
        "--",
        ".",
    ]);
    match run(log) {
        Ok(text) => {
            let mut h = parse_log(&text, &prefix);
            h.prefix = prefix;
            if h.commits.is_empty() {
                h.missing = Some("no commit touches this folder yet".into());
            }
            h
        }
        Err(e) => History::unavailable(format!("no git history: {e}")),
    }
}

/// Parses the output of the `git log` above.
fn parse_log(text: &str, prefix: &str) -> History {
    let mut h = History::default();
    for record in text.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let Some(head) = lines.next() else { continue };
        let mut parts = head.split('\u{1f}');
        let (Some(hash), Some(author), Some(date)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let subject = parts.next().unwrap_or("").to_string();
        let files: Vec<String> = lines
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.strip_prefix(prefix).unwrap_or(l).to_string())
            .collect();
        for f in &files {
            h.last_changed
                .entry(f.clone())
                .or_insert_with(|| date.to_string());
        }
        h.commits.push(Commit {
            hash: hash.to_string(),
            author: author.to_string(),
            date: date.to_string(),
            subject,
            files,
        });
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commits_and_last_dates() {
        let log = "\u{1e}abc\u{1f}Maria\u{1f}2026-11-20\u{1f}Raise target\n\nalign/goals/a.yaml\n\
                   \u{1e}def\u{1f}Sam\u{1f}2026-11-01\u{1f}Init\n\nalign/goals/a.yaml\nalign/teams/s.yaml\n";
        let h = parse_log(log, "align/");
        assert_eq!(h.commits.len(), 2);
        assert_eq!(h.commits[0].author, "Maria");
        assert_eq!(h.commits[0].files, vec!["goals/a.yaml"]);
        assert_eq!(h.last_changed["goals/a.yaml"], "2026-11-20");
        assert_eq!(h.last_changed["teams/s.yaml"], "2026-11-01");
        assert_eq!(
            h.last_changed_of(["teams/s.yaml", "goals/a.yaml"]),
            Some("2026-11-20")
        );
    }

    #[test]
    fn a_folder_outside_git_has_no_history() {
        let dir = crate::test_tempdir();
        let h = read(dir.path());
        assert!(h.commits.is_empty());
        assert!(h.missing.is_some());
    }
}
