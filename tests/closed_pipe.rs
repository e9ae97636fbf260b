//! Every command whose standard output is a pipe that the reader has already
//! closed (`accordant rules | head -1`): the output ends quietly, the command
//! exits with its usual code, and nothing panics or complains about the pipe.
//!
//! The pipe's read end is closed before the process starts, so the very first
//! write fails: deterministic, unlike racing a reader that stops after a line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const TODAY: &str = "2026-11-27";
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/acme");

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_accordant"))
}

/// Runs accordant with `args` in `dir`, its stdout a pipe nobody reads any more,
/// with `env` on top of a clean environment; returns (exit code, stderr).
fn closed_stdout(dir: &Path, args: &[&str], env: &[(&str, String)]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = Command::new(bin());
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts a quiet end with exit code `code`.
fn quiet(dir: &Path, args: &[&str], env: &[(&str, String)], code: i32) {
    let (got, stderr) = closed_stdout(dir, args, env);
    assert_ne!(got, Some(101), "{args:?} panicked:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}:\n{stderr}");
    let lower = stderr.to_lowercase();
    assert!(
        !lower.contains("broken pipe") && !lower.contains("os error 32"),
        "{args:?} complained about the pipe:\n{stderr}"
    );
    assert_eq!(got, Some(code), "{args:?}:\n{stderr}");
}

#[test]
fn commands_that_read_nothing() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let d = dir.path();
    let out = d.join("schemas");
    let out = out.to_str().unwrap();
    for args in [
        &["rules"][..],
        &["rules", "--format", "json"],
        &["explain", "C301"],
        &["explain", "multiple-accountable", "--format", "json"],
        &["schema"],
        &["schema", "--kind", "goal"],
        &["schema", "--out", out],
        &["--help"],
        &["--version"],
        &["check", "--help"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["man"],
    ] {
        quiet(d, args, &[], 0);
    }
    assert!(
        d.join("schemas/goal.schema.json").is_file(),
        "still written"
    );
}

#[test]
fn check_in_every_format() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    for format in ["human", "json", "sarif", "github", "markdown"] {
        let args = ["check", EXAMPLE, "--today", TODAY, "--format", format];
        quiet(dir.path(), &args, &[], 0);
    }
    // With error findings the exit code stays 1.
    let repo = dir.path().join("broken");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("accordant.yaml"), "org: Pipe\n").unwrap();
    std::fs::write(repo.join("team.yaml"), "kind: Team\nid: x\nnmae: X\n").unwrap();
    quiet(dir.path(), &["check", repo.to_str().unwrap()], &[], 1);
}

#[test]
fn init_codeowners_and_build() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let d = dir.path();
    quiet(d, &["init", "new", "--today", TODAY], &[], 0);
    assert!(d.join("new/accordant.yaml").is_file());
    let org = d.join("org");
    support::copy_dir(Path::new(EXAMPLE), &org);
    let org = org.to_str().unwrap();
    // The copy is in no git repository of its own, but the target dir may lie
    // inside one (this checkout): without a ceiling, codeowners would find that
    // repository and write its .github/CODEOWNERS.
    let ceiling = [("GIT_CEILING_DIRECTORIES", d.to_str().unwrap().to_string())];
    quiet(d, &["codeowners", org, "--check"], &ceiling, 1);
    quiet(d, &["codeowners", org], &ceiling, 0);
    quiet(d, &["codeowners", org], &ceiling, 0);
    quiet(d, &["codeowners", org, "--check"], &ceiling, 0);
    assert!(
        d.join("org/.github/CODEOWNERS").is_file(),
        "written in the repo itself"
    );
    let site = d.join("site");
    let site = site.to_str().unwrap();
    quiet(d, &["build", org, "--out", site, "--today", TODAY], &[], 0);
}

/// A git repository holding the diff fixture, with a second commit that adds a
/// team to a ritual (a dangling reference: one introduced error).
struct Sandbox {
    dir: tempfile::TempDir,
    base: String,
    head: String,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let top = dir.path().join("repo");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/base");
        support::copy_dir(&fixture, &top);
        let git = |args: &[&str]| support::git(&top, dir.path(), args);
        git(&["init", "-q"]);
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "base"]);
        let base = git(&["rev-parse", "HEAD"]);
        let ritual = top.join("rituals/weekly.yaml");
        let text = std::fs::read_to_string(&ritual).unwrap();
        let from = "participants: [marketing, sales]";
        assert!(text.contains(from));
        std::fs::write(
            &ritual,
            text.replace(from, "participants: [marketing, sales, growth]"),
        )
        .unwrap();
        git(&["commit", "-q", "-am", "head"]);
        let head = git(&["rev-parse", "HEAD"]);
        Sandbox { dir, base, head }
    }

    fn top(&self) -> PathBuf {
        self.dir.path().join("repo")
    }
}

#[test]
fn diff_in_every_format() {
    let s = Sandbox::new();
    for format in ["human", "json", "markdown"] {
        let args = [
            "diff", &s.base, &s.head, "--format", format, "--today", TODAY,
        ];
        quiet(&s.top(), &args, &[], 1);
    }
}

#[test]
fn github_without_a_token() {
    // No token: the annotations, the verdict and a notice go to stdout; the
    // summary and outputs files are still written.
    let s = Sandbox::new();
    let files = s.dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut event: serde_json::Value = serde_json::from_str(include_str!(
        "fixtures/github/webhooks/pull_request/synchronize.payload.json"
    ))
    .unwrap();
    event["pull_request"]["base"]["sha"] = s.base.clone().into();
    event["pull_request"]["head"]["sha"] = s.head.clone().into();
    let event_path = files.join("event.json");
    std::fs::write(&event_path, serde_json::to_vec(&event).unwrap()).unwrap();
    let summary = files.join("summary.md");
    let output = files.join("output.txt");
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    let env = [
        ("GITHUB_EVENT_NAME", "pull_request".to_owned()),
        ("GITHUB_EVENT_PATH", path(&event_path)),
        ("GITHUB_REPOSITORY", "acme/alignment".to_owned()),
        ("GITHUB_STEP_SUMMARY", path(&summary)),
        ("GITHUB_OUTPUT", path(&output)),
    ];
    quiet(&s.top(), &["github", "--today", TODAY], &env, 1);
    assert!(
        std::fs::read_to_string(&summary)
            .unwrap()
            .contains("accordant review")
    );
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("introduced-errors=1")
    );
}

#[test]
fn a_reader_that_stops_after_one_line() {
    // `| head -1` for real: the first line arrives, then the reader goes away
    // while a long report is still being written.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = dir.path();
    std::fs::write(repo.join("accordant.yaml"), "org: Pipe\n").unwrap();
    let mut many = String::new();
    for i in 0..3000 {
        many.push_str(&format!("---\nkind: Team\nid: t{i}\nnmae: T{i}\n"));
    }
    std::fs::write(repo.join("teams.yaml"), many).unwrap();
    let mut child = Command::new(bin())
        .args(["check", "--color", "never"])
        .arg(repo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("error["), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
}
