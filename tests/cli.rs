//! The command line as users meet it: exit codes (0 clean, 1 error findings, 2
//! could not run), messages for bad arguments, and the subcommands that only read
//! the embedded rules and schemas.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

use std::fs;

use assert_cmd::Command;

fn accordant() -> Command {
    Command::cargo_bin("accordant").unwrap()
}

fn stdout(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const TEAM: &str = "kind: Team\nid: sales\nname: Sales\nleads: ['@ana']\nmembers:\n  - github: ana\n    name: Ana\nchannels:\n  - type: slack\n    name: '#sales'\n";

fn repo(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::write(dir.path().join("accordant.yaml"), "org: CLI Test\n").unwrap();
    fs::write(dir.path().join("team.yaml"), TEAM).unwrap();
    for (name, body) in extra {
        fs::write(dir.path().join(name), body).unwrap();
    }
    dir
}

#[test]
fn clean_repo_exits_0() {
    let dir = repo(&[]);
    let (code, out, _) = stdout(
        accordant()
            .args(["check", "--today", "2026-11-27"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok: no findings in 2 files (1 document)"),
        "{out}"
    );
}

#[test]
fn errors_exit_1_with_file_line_column() {
    let dir = repo(&[("bad.yaml", "kind: Team\nid: mkt\nnmae: Marketing\n")]);
    let (code, out, _) = stdout(
        accordant()
            .args(["check", "--color", "never"])
            .arg(dir.path()),
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[S101/schema-violation]"), "{out}");
    assert!(out.contains("--> bad.yaml:3:1"), "{out}");
    assert!(out.contains("did you mean `name`"), "{out}");
}

#[test]
fn warnings_alone_exit_0_and_overrides_apply() {
    // A team without an open channel is a warning (T805); the repo can raise it.
    let lonely = "kind: Team\nid: ops\nname: Ops\nleads: ['@olu']\nmembers:\n  - github: olu\n    name: Olu\n";
    let dir = repo(&[("ops.yaml", lonely)]);
    let (code, out, _) = stdout(
        accordant()
            .args(["check", "--format", "json"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "T805" && f["severity"] == "warning"),
        "{out}"
    );
    fs::write(
        dir.path().join("accordant.yaml"),
        "org: CLI Test\nrules:\n  team-without-channel: error\n",
    )
    .unwrap();
    let (code, out, _) = stdout(
        accordant()
            .args(["check", "--format", "json"])
            .arg(dir.path()),
    );
    assert_eq!(code, 1, "{out}");
    fs::write(
        dir.path().join("accordant.yaml"),
        "org: CLI Test\nrules:\n  T805: off\n",
    )
    .unwrap();
    let (code, out, _) = stdout(
        accordant()
            .args(["check", "--format", "json"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0);
    assert!(!out.contains("T805"), "{out}");
}

#[test]
fn unknown_rule_in_config_is_reported_with_a_suggestion() {
    let dir = repo(&[]);
    fs::write(
        dir.path().join("accordant.yaml"),
        "org: CLI Test\nrules:\n  multiple-acountable: off\n",
    )
    .unwrap();
    let (code, out, _) = stdout(
        accordant()
            .args(["check", "--color", "never"])
            .arg(dir.path()),
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("P006"), "{out}");
    assert!(out.contains("did you mean `multiple-accountable`"), "{out}");
    assert!(out.contains("accordant.yaml:3:3"), "{out}");
}

#[test]
fn could_not_run_exits_2() {
    let (code, _, err) = stdout(accordant().args(["check", "/definitely/not/here"]));
    assert_eq!(code, 2);
    assert!(err.contains("cannot open /definitely/not/here"), "{err}");
    let dir = repo(&[]);
    let (code, _, err) = stdout(
        accordant()
            .args(["check", "--today", "2026-02-30"])
            .arg(dir.path()),
    );
    assert_eq!(code, 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    let (code, _, _) = stdout(accordant().args(["check", "--format", "xml"]));
    assert_eq!(code, 2);
}

#[test]
fn check_finds_the_root_from_a_subfolder() {
    let dir = repo(&[("bad.yaml", "kind: Team\nid: x\n")]);
    fs::create_dir(dir.path().join("sub")).unwrap();
    let (code, out, _) = stdout(
        accordant()
            .args(["check", "--format", "json"])
            .arg(dir.path().join("sub")),
    );
    assert_eq!(code, 1);
    assert!(out.contains("\"path\": \"bad.yaml\""), "{out}");
}

/// A folder with YAML files but no `accordant.yaml` at or above it.
fn not_a_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let top = dir.path().canonicalize().unwrap();
    assert!(
        top.ancestors().all(|a| !a.join("accordant.yaml").exists()),
        "an accordant.yaml above {} makes this test meaningless",
        top.display()
    );
    fs::write(dir.path().join("team.yaml"), TEAM).unwrap();
    fs::create_dir(dir.path().join("deploy")).unwrap();
    fs::write(dir.path().join("deploy/values.yaml"), "replicas: 3\n").unwrap();
    dir
}

#[test]
fn every_command_that_reads_a_repo_stops_without_accordant_yaml() {
    let dir = not_a_repo();
    let top = dir.path().canonicalize().unwrap();
    let site = dir.path().join("site");
    let cases: [(&[&str], &str); 5] = [
        (&["check"], "`accordant check PATH`"),
        (&["check", "--format", "json"], "`accordant check PATH`"),
        (
            &["build", "--out", site.to_str().unwrap()],
            "`accordant build PATH`",
        ),
        (&["codeowners", "--check"], "`accordant codeowners PATH`"),
        (&["serve", "--port", "0"], "`accordant serve PATH`"),
    ];
    for (args, how) in cases {
        // Given as a path argument, and as the current folder.
        let (code, out, err) = stdout(accordant().args(args).arg(dir.path()));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?} wrote a report: {out}");
        let want = format!("error: no accordant.yaml at or above {}", top.display());
        assert!(err.starts_with(&want), "{args:?}: {err}");
        assert!(err.contains("so this is not an alignment repo"), "{err}");
        let init = format!(
            "run `accordant init {}` to start one there",
            dir.path().display()
        );
        assert!(err.contains(&init), "{args:?}: {err}");
        assert!(
            err.contains(&format!("pass the repo's folder: {how}")),
            "{err}"
        );
        let (code, _, err) = stdout(accordant().args(args).current_dir(dir.path()));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("run `accordant init` to start one here"),
            "{err}"
        );
    }
    assert!(!site.exists(), "build wrote nothing");
    assert!(
        !dir.path().join(".github").exists(),
        "codeowners wrote nothing"
    );
}

#[test]
fn the_config_is_found_from_a_subfolder_and_init_makes_a_repo() {
    let dir = not_a_repo();
    let (code, _, err) = stdout(
        accordant()
            .args(["init", "--today", "2026-11-27"])
            .current_dir(dir.path()),
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = stdout(
        accordant()
            .args(["check", "--format", "json", "--today", "2026-11-27"])
            .arg(dir.path().join("deploy")),
    );
    // Found from the subfolder; the stray YAML is now part of the repo.
    assert_ne!(code, 2, "{err}");
    assert!(out.contains("\"path\": \"deploy/values.yaml\""), "{out}");
}

#[test]
fn explain_shows_the_doc_and_suggests_on_typos() {
    let (code, out, _) = stdout(accordant().args(["explain", "C301"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("# C301 multiple-accountable"), "{out}");
    for heading in ["## What it checks", "## Why it matters", "## How to fix"] {
        assert!(out.contains(heading), "{out}");
    }
    let (code, out, _) =
        stdout(accordant().args(["explain", "multiple-accountable", "--format", "json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["code"], "C301");
    let (code, _, err) = stdout(accordant().args(["explain", "C3O1"]));
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `C301`"), "{err}");
}

#[test]
fn rules_lists_every_code() {
    let (code, out, _) = stdout(accordant().args(["rules", "--format", "json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.len() >= 25, "{codes:?}");
    for family in ['P', 'S', 'R', 'C', 'I', 'G', 'M', 'L', 'T'] {
        assert!(
            codes.iter().any(|c| c.starts_with(family)),
            "no {family} rule"
        );
    }
}

#[test]
fn schema_exports_every_kind() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let (code, _, _) = stdout(accordant().args(["schema", "--out"]).arg(dir.path()));
    assert_eq!(code, 0);
    for kind in [
        "team",
        "metric",
        "goal",
        "responsibility",
        "incentive",
        "agreement",
        "ritual",
        "config",
    ] {
        let text = fs::read_to_string(dir.path().join(format!("{kind}.schema.json"))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(
            v["$id"]
                .as_str()
                .unwrap()
                .ends_with(&format!("{kind}.schema.json"))
        );
    }
    let (code, out, _) = stdout(accordant().args(["schema", "--kind", "goal"]));
    assert_eq!(code, 0);
    assert!(out.contains("\"title\""));
}

#[test]
fn timings_name_the_phases_and_the_slowest_rules() {
    let dir = repo(&[]);
    let (code, _, err) = stdout(
        accordant()
            .args(["check", "--timings", "--today", "2026-11-27"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{err}");
    for phase in [
        "discover",
        "read+parse+schema",
        "model",
        "index",
        "rules",
        "report",
    ] {
        assert!(err.contains(&format!("timing: {phase} ")), "{phase}: {err}");
    }
    assert_eq!(err.matches("timing:   rule ").count(), 5, "{err}");
    if cfg!(target_os = "linux") {
        assert!(err.contains("peak memory"), "{err}");
    }
}

#[test]
fn the_pages_workflow_publishes_a_playbook_with_errors() {
    // `build` exits 1 on error findings; the shipped Pages workflow must pass
    // `--allow-errors`, or a repo with errors would never publish its playbook.
    let wf = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.github/workflows/playbook-pages.yml"
    ))
    .unwrap();
    let step = wf
        .split("- name: ")
        .find(|s| s.contains("command: build"))
        .expect("a build step");
    let args = step
        .lines()
        .find_map(|l| l.trim().strip_prefix("args:"))
        .expect("args of the build step");
    assert!(
        args.split_whitespace().any(|a| a == "--allow-errors"),
        "{args}"
    );

    // And the flag does what the workflow needs.
    let dir = repo(&[("bad.yaml", "kind: Team\nid: mkt\nnmae: Marketing\n")]);
    let site = dir.path().join("site");
    let build = |extra: &[&str]| {
        stdout(
            accordant()
                .args(["build", "--today", "2026-11-27", "--out"])
                .arg(&site)
                .args(extra)
                .arg(dir.path()),
        )
    };
    let (code, _, err) = build(&[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        site.join("health.html").is_file(),
        "written despite the errors"
    );
    let (code, _, err) = build(&["--allow-errors"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn version_answers_to_both_spellings() {
    let expected = format!("accordant {}\n", env!("CARGO_PKG_VERSION"));
    for flag in ["-V", "--version"] {
        let (code, out, _) = stdout(accordant().arg(flag));
        assert_eq!((code, out.as_str()), (0, expected.as_str()), "{flag}");
    }
}

#[test]
fn completions_know_every_subcommand_and_option() {
    let (code, bash, _) = stdout(accordant().args(["completions", "bash"]));
    assert_eq!(code, 0);
    for word in [
        "check",
        "diff",
        "build",
        "codeowners",
        "--today",
        "--format",
    ] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    // The formats `check --format` takes are offered as values.
    assert!(
        bash.contains("sarif"),
        "bash completion lacks the format values"
    );
    let (code, zsh, _) = stdout(accordant().args(["completions", "zsh"]));
    assert_eq!(code, 0);
    assert!(zsh.starts_with("#compdef accordant"), "{}", &zsh[..40]);
    let (code, fish, _) = stdout(accordant().args(["completions", "fish"]));
    assert_eq!(code, 0);
    assert!(fish.contains("complete -c accordant"));
    let (code, _, err) = stdout(accordant().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn man_prints_a_page_or_writes_one_per_command() {
    let (code, page, _) = stdout(accordant().arg("man"));
    assert_eq!(code, 0);
    assert!(page.contains(".TH accordant 1"), "{}", &page[..200]);
    assert!(
        page.contains(".SH \"EXIT STATUS\""),
        "exit codes are documented"
    );
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = dir.path().join("man1");
    let (code, listing, _) = stdout(accordant().arg("man").arg("--out").arg(&out));
    assert_eq!(code, 0);
    for name in ["accordant.1", "accordant-check.1", "accordant-diff.1"] {
        let text = fs::read_to_string(out.join(name)).unwrap();
        assert!(
            text.contains(".SH OPTIONS") || name == "accordant.1",
            "{name}"
        );
        assert!(listing.contains(name), "{listing}");
    }
    let check = fs::read_to_string(out.join("accordant-check.1")).unwrap();
    assert!(check.contains("today"), "the page lists check's options");
}
