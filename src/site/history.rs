//! "What changed recently" and "last updated": read from the repo's git history.
//!
//! One `git log --raw` over the alignment folder gives the recent commits (who
//! changed which agreement file, when), the date each file last changed, and the
//! blob each commit left for each file. Only agreement files count (YAML
//! documents and `accordant.yaml`): when the alignment folder sits inside a
//! larger repo, or holds a README or a theme, a commit that touches nothing but
//! those is not a change to the agreement and is left out.
//!
//! The check-in history of goals ([`checkins`]) reads the goal files' old
//! blobs through one `git cat-file --batch` and takes each goal's `current:`
//! from each version.
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
    /// The blob each file has after the commit, in the order of `files`
    /// (`None` when the commit removed it).
    pub blobs: Vec<Option<String>>,
}

/// One check-in of a goal: the `current:` value a commit left.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// `YYYY-MM-DD` (author date of the commit).
    pub date: String,
    pub value: f64,
    /// The commit's subject.
    pub subject: String,
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
    /// The history was cut short: a shallow clone, or more than the most commits read.
    pub truncated: bool,
    /// Goal file and id -> its check-ins, oldest first (see [`checkins`]).
    pub checkins: HashMap<(String, String), Vec<Point>>,
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
        "--raw",
        "--no-abbrev",
        "--",
        ".",
    ]);
    match run(log) {
        Ok(text) => {
            let mut h = parse_log(&text, &prefix);
            h.prefix = prefix;
            h.truncated = h.commits.len() >= MAX_COMMITS || is_shallow(root);
            if h.commits.is_empty() {
                h.missing = Some("no commit touches the agreement files of this folder yet".into());
            }
            h
        }
        Err(e) => History::unavailable(format!("no git history: {e}")),
    }
}

fn is_shallow(root: &Path) -> bool {
    let mut cmd = git(root);
    cmd.args(["rev-parse", "--is-shallow-repository"]);
    run(cmd).is_ok_and(|o| o.trim() == "true")
}

/// Whether a path (relative to the alignment folder) is an agreement file:
/// a YAML document or the configuration.
pub fn is_agreement_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// One line of `--raw` output: `:100644 100644 <old> <new> M\tpath`; the path
/// and the new blob (`None` for a removal).
fn raw_line(line: &str) -> Option<(&str, Option<&str>)> {
    let (meta, path) = line.strip_prefix(':')?.split_once('\t')?;
    let mut f = meta.split(' ');
    let (_, _, _, new, status) = (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
    // A rename or copy (not asked for, but a config may turn it on) names two paths.
    let path = path.rsplit('\t').next().unwrap_or(path);
    let removed = status.starts_with('D') || new.bytes().all(|b| b == b'0');
    Some((path, (!removed).then_some(new)))
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
        let mut files = Vec::new();
        let mut blobs = Vec::new();
        for line in lines.map(str::trim_end).filter(|l| !l.is_empty()) {
            let (path, blob) = match raw_line(line) {
                Some(x) => x,
                // `--name-only` style (a plain path), for old output and tests.
                None => (line.trim(), None),
            };
            let path = path.strip_prefix(prefix).unwrap_or(path);
            if is_agreement_file(path) {
                files.push(path.to_string());
                blobs.push(blob.map(str::to_string));
            }
        }
        if files.is_empty() {
            continue;
        }
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
            blobs,
        });
    }
    h
}

/// Most check-ins kept per goal (the newest).
pub const MAX_POINTS: usize = 24;
/// Most old file versions read for all goals together.
const MAX_BLOBS: usize = 4000;
/// Largest old file version read.
const MAX_BLOB_BYTES: u64 = 1 << 20;

/// The check-in history of the goals in `goal_files` (paths relative to the
/// alignment folder): for each file, the versions the newest commits left
/// (at most [`MAX_POINTS`] per file), read through one `git cat-file --batch`,
/// parsed with the loader, and each goal's `current:` taken from each. A
/// version where the goal has no `current:`, or the same value as the version
/// before, adds no point. Git failing gives no history, never an error.
pub fn checkins(
    root: &Path,
    history: &History,
    goal_files: &std::collections::BTreeSet<String>,
    limits: &crate::config::LoaderLimits,
) -> HashMap<(String, String), Vec<Point>> {
    // (file, blob, date, subject), oldest first per file.
    let mut wanted: Vec<(&str, &str, &str, &str)> = Vec::new();
    let mut per_file: HashMap<&str, usize> = HashMap::new();
    'commits: for c in &history.commits {
        for (f, b) in c.files.iter().zip(&c.blobs) {
            let (Some(b), true) = (b, goal_files.contains(f)) else {
                continue;
            };
            let n = per_file.entry(f.as_str()).or_default();
            if *n >= MAX_POINTS {
                continue;
            }
            *n += 1;
            wanted.push((f, b, &c.date, &c.subject));
            if wanted.len() >= MAX_BLOBS {
                break 'commits;
            }
        }
    }
    wanted.reverse();
    let mut out: HashMap<(String, String), Vec<Point>> = HashMap::new();
    if wanted.is_empty() {
        return out;
    }
    let Ok(repo) = crate::diff::git::Git::open(root) else {
        return out;
    };
    let shas: Vec<&str> = wanted.iter().map(|w| w.1).collect();
    let mut texts: Vec<Option<Vec<u8>>> = vec![None; shas.len()];
    let read = repo.stream_blobs(&shas, MAX_BLOB_BYTES, |i, blob| {
        texts[i] = blob.ok();
        true
    });
    if read.is_err() {
        return out;
    }
    use rayon::prelude::*;
    let parsed: Vec<Vec<(String, f64)>> = wanted
        .par_iter()
        .zip(texts.par_iter())
        .map(|((path, ..), bytes)| {
            let Some(bytes) = bytes else {
                return Vec::new();
            };
            let r = crate::load::parse_file(crate::source::FileId(0), path, bytes, limits);
            r.entities
                .into_iter()
                .filter_map(|e| match e {
                    crate::model::Entity::Goal(g) => g.current.map(|c| (g.id.value.clone(), c)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    for ((path, _, date, subject), goals) in wanted.iter().zip(parsed) {
        for (id, value) in goals {
            let points = out.entry((path.to_string(), id)).or_default();
            if points.last().is_some_and(|p: &Point| p.value == value) {
                continue;
            }
            points.push(Point {
                date: date.to_string(),
                value,
                subject: subject.to_string(),
            });
        }
    }
    out
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
    fn raw_lines_give_blobs_and_only_agreement_files_count() {
        let z = "0".repeat(40);
        let (a, b) = ("a".repeat(40), "b".repeat(40));
        let log = format!(
            "\u{1e}c1\u{1f}Maria\u{1f}2026-11-20\u{1f}Check-in\n\n\
             :100644 100644 {a} {b} M\talign/goals/g.yaml\n\
             :100644 000000 {a} {z} D\talign/goals/old.yaml\n\
             :100644 100644 {a} {b} M\talign/README.md\n\
             \u{1e}c2\u{1f}Sam\u{1f}2026-11-19\u{1f}Docs only\n\n\
             :100644 100644 {a} {b} M\talign/README.md\n"
        );
        let h = parse_log(&log, "align/");
        assert_eq!(
            h.commits.len(),
            1,
            "a commit touching no agreement file is left out"
        );
        let c = &h.commits[0];
        assert_eq!(c.files, vec!["goals/g.yaml", "goals/old.yaml"]);
        assert_eq!(c.blobs, vec![Some(b.clone()), None]);
        assert!(!h.last_changed.contains_key("README.md"));
    }

    #[test]
    fn a_folder_outside_git_has_no_history() {
        let dir = crate::test_tempdir();
        let h = read(dir.path());
        assert!(h.commits.is_empty());
        assert!(h.missing.is_some());
    }
}
