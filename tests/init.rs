//! `accordant init`: the scaffold it writes passes `accordant check`, carries the
//! schemas and editor settings, and init never overwrites anything.

// Helpers of a test binary panic on purpose: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use accordant::cli::InitArgs;
use accordant::cmd::init;
use accordant::date::Date;
use accordant::diag::Severity;
use accordant::load::schema::SCHEMAS;
use accordant::pipeline::check_dir;
use assert_cmd::Command;

const TODAY: &str = "2026-11-27";

fn args(dir: &Path) -> InitArgs {
    InitArgs {
        dir: dir.to_path_buf(),
        org: Some("Globex Analytics".into()),
        today: Some(TODAY.into()),
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

#[test]
fn scaffold_passes_check_without_errors() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path().join("alignment");
    init::run(&args(&dir)).unwrap();
    let checked = check_dir(&dir, Date::parse(TODAY).unwrap()).unwrap();
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let model = &checked.repo.model;
    assert_eq!(model.teams.len(), 2);
    assert_eq!(model.goals.len(), 1);
    assert!(model.goals[0].is_shared());
    assert_eq!(model.metrics.len(), 1);
    assert_eq!(model.responsibilities.len(), 1);
    assert_eq!(model.incentives.len(), 1);
    assert_eq!(model.agreements.len(), 1);
    assert_eq!(model.rituals.len(), 1);
    assert_eq!(*checked.repo.config.org, "Globex Analytics");
    // The only findings are the stand-in people, one per team, until replaced.
    let findings: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert_eq!(
        findings,
        [
            "R207 Team `marketing` lists `@todo-marketing-lead`, a placeholder, not a real person",
            "R207 Team `sales` lists `@todo-sales-lead`, a placeholder, not a real person",
        ],
        "the scaffold should be clean but for its placeholder people"
    );
}

#[test]
fn replacing_the_placeholder_people_leaves_no_finding() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path().join("alignment");
    init::run(&args(&dir)).unwrap();
    for (file, real) in [("sales", "ana-silva"), ("marketing", "mo-chen")] {
        let path = dir.join(format!("teams/{file}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let placeholder = format!("todo-{file}-lead");
        assert!(text.contains(&placeholder), "{text}");
        std::fs::write(&path, text.replace(&placeholder, real)).unwrap();
    }
    // The goal's DRI and the RACI roles name the sales lead too.
    for entry in walkdir(&dir) {
        let text = std::fs::read_to_string(&entry).unwrap();
        if text.contains("todo-sales-lead") {
            std::fs::write(&entry, text.replace("todo-sales-lead", "ana-silva")).unwrap();
        }
    }
    let checked = check_dir(&dir, Date::parse(TODAY).unwrap()).unwrap();
    let findings: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect()
}

#[test]
fn the_built_playbook_is_ignored_by_git() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path();
    init::run(&args(dir)).unwrap();
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/site/"), "{ignore}");
    // The schemas are not ignored: editors read them offline from the repo.
    assert!(!ignore.contains(".accordant"), "{ignore}");
}

#[test]
fn an_existing_gitignore_is_kept_and_the_missing_line_named() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".gitignore"), "*.log\n").unwrap();
    let out = Command::cargo_bin("accordant")
        .unwrap()
        .args(["init", "--org", "Initech", "--today", TODAY])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("kept    "), "{stdout}");
    assert!(stdout.contains("add `/site/` to it"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "*.log\n"
    );
}

#[test]
fn without_org_the_name_comes_from_the_folder() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    for (folder, org) in [
        ("globex-alignment", "Globex"),
        ("initech_revops_playbook", "Initech"),
        ("umbrella-corp", "Umbrella Corp"),
        ("alignment", "My organisation"),
    ] {
        let dir = tmp.path().join(folder);
        // No terminal here (the test's stdin is not one), so nothing is asked.
        let out = Command::cargo_bin("accordant")
            .unwrap()
            .args(["init", "--today", TODAY])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{folder}");
        let checked = check_dir(&dir, Date::parse(TODAY).unwrap()).unwrap();
        assert_eq!(*checked.repo.config.org, org, "{folder}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&format!("Organisation: {org}")),
            "{folder}"
        );
    }
    // `.` is the current folder's name.
    let here = tmp.path().join("hooli-gtm");
    std::fs::create_dir_all(&here).unwrap();
    let out = Command::cargo_bin("accordant")
        .unwrap()
        .current_dir(&here)
        .args(["init", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let checked = check_dir(&here, Date::parse(TODAY).unwrap()).unwrap();
    assert_eq!(*checked.repo.config.org, "Hooli");
}

#[test]
fn scaffold_has_modelines_schemas_and_editor_settings() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path();
    init::run(&args(dir)).unwrap();
    let goal = std::fs::read_to_string(dir.join("goals/pipeline.yaml")).unwrap();
    let first = goal.lines().next().unwrap();
    assert_eq!(
        first,
        "# yaml-language-server: $schema=../.accordant/schemas/goal.schema.json"
    );
    let config = std::fs::read_to_string(dir.join("accordant.yaml")).unwrap();
    assert!(
        config
            .starts_with("# yaml-language-server: $schema=.accordant/schemas/config.schema.json\n")
    );
    for (name, text) in SCHEMAS {
        let written = std::fs::read_to_string(dir.join(".accordant/schemas").join(name)).unwrap();
        assert_eq!(&written, text, "{name}");
    }
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".vscode/settings.json")).unwrap())
            .unwrap();
    assert_eq!(
        settings["yaml.schemas"][".accordant/schemas/goal.schema.json"],
        "goals/**/*.yaml"
    );
    // Every modeline points at a schema file that exists.
    for (path, bytes) in snapshot(dir) {
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = String::from_utf8(bytes).unwrap();
            let line = text.lines().next().unwrap();
            let target = line
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{} has no modeline", path.display()));
            assert!(
                path.parent().unwrap().join(target).is_file(),
                "{}: {target} does not exist",
                path.display()
            );
        }
    }
}

#[test]
fn second_init_refuses_and_changes_nothing() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path();
    init::run(&args(dir)).unwrap();
    std::fs::write(
        dir.join("teams/sales.yaml"),
        "kind: Team\nid: sales\nname: Edited\n",
    )
    .unwrap();
    let before = snapshot(dir);
    let err = init::run(&args(dir)).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("accordant.yaml already exists"), "{msg}");
    assert_eq!(
        snapshot(dir),
        before,
        "a refused init must not touch any file"
    );
}

#[test]
fn second_init_exits_2_with_a_clear_message() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path();
    init::run(&args(dir)).unwrap();
    let before = snapshot(dir);
    let out = Command::cargo_bin("accordant")
        .unwrap()
        .args(["init", "--org", "Other"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("never overwrites"), "{stderr}");
    assert_eq!(snapshot(dir), before);
}

#[test]
fn existing_files_are_kept() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join(".vscode")).unwrap();
    let mine = "{ \"editor.tabSize\": 2 }\n";
    std::fs::write(dir.join(".vscode/settings.json"), mine).unwrap();
    init::run(&args(dir)).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join(".vscode/settings.json")).unwrap(),
        mine
    );
    assert!(dir.join("accordant.yaml").is_file());
}

#[test]
fn binary_init_then_check_exits_0() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = tmp.path().join("repo");
    let out = Command::cargo_bin("accordant")
        .unwrap()
        .args(["init", "--org", "Initech", "--today", TODAY])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created"));
    let out = Command::cargo_bin("accordant")
        .unwrap()
        .args(["check", "--color", "never", "--today", TODAY])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// On a terminal, init asks for the name, offering the folder's. The terminal is
/// a real pseudo-terminal from util-linux's `script` (on every Debian machine).
#[test]
fn on_a_terminal_init_asks_for_the_name() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: util-linux `script` is not installed");
        return;
    }
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("accordant");
    for (n, answer, org) in [
        (1, "Wayne Enterprises\n", "Wayne Enterprises"),
        (2, "\n", "Gotham"),
    ] {
        let dir = tmp.path().join(n.to_string()).join("gotham-alignment");
        let line = format!("{} init {} --today {TODAY}", bin.display(), dir.display());
        let out = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .write_stdin(answer)
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{shown}");
        assert!(shown.contains("Organisation name [Gotham]: "), "{shown}");
        let checked = check_dir(&dir, Date::parse(TODAY).unwrap()).unwrap();
        assert_eq!(*checked.repo.config.org, org);
    }
}
