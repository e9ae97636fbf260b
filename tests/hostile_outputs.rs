//! One hostile payload in every free-text field, id, handle and file name of the
//! shipped example, then every output format and every generated file checked for
//! text that left its context: a forged workflow command, a terminal escape, a
//! mention that pings, raw HTML, a template that ran, a line of CODEOWNERS or .ics
//! that the payload wrote.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

mod support;

use std::path::Path;

use assert_cmd::Command;

/// What an attacker writes, as a YAML double-quoted string body: the comment
/// marker, workflow commands after line breaks, mentions, ESC/OSC/BEL/CSI, CRLF,
/// a template, a script, Markdown links and table breakers.
const PAYLOAD: &str = r#"Evil <script>alert(1)</script> {{ 7*7 }} {% raw %} @everyone @acme/sales <!-- accordant:summary -->\n::error::forged annotation\r\n::add-mask::secret\n::stop-commands::tok\n\e]8;;https://evil.example\a\e[2J\x9b31m | *bold* [click](javascript:alert(1)) \u202eReversed ##[add-mask]hidden"#;

/// Fields of the example whose values are free text on one line.
const TEXT_FIELDS: &[&str] = &[
    "name",
    "title",
    "activity",
    "role",
    "definition",
    "note",
    "notes",
    "summary",
    "where",
    "formula",
    "source",
];

fn accordant() -> Command {
    Command::cargo_bin("accordant").unwrap()
}

/// Runs accordant in `dir`; returns (exit code, stdout, stderr) as bytes made text.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    // The copies are in no git repository of their own, but the target dir may
    // lie inside one (this checkout): without a ceiling, `codeowners` would find
    // that repository and write its .github/CODEOWNERS.
    let out = accordant()
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", env!("CARGO_TARGET_TMPDIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `examples/acme` with [`PAYLOAD`] appended to every one-line free-text value.
/// Returns how many values were changed.
fn poison_text(repo: &Path) -> usize {
    let mut changed = 0;
    for entry in walk(repo) {
        if entry.extension().is_none_or(|e| e != "yaml") || entry.ends_with("accordant.yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let mut out = String::new();
        for line in text.lines() {
            let trimmed = line.trim_start().trim_start_matches("- ");
            let field = TEXT_FIELDS.iter().find(|f| {
                trimmed.starts_with(&format!("{f}: "))
                    && !trimmed.ends_with('|')
                    && !trimmed.ends_with('>')
                    && !trimmed.ends_with(": [")
            });
            match field {
                Some(f) => {
                    let indent = &line[..line.len() - trimmed.len()];
                    let value = trimmed[f.len() + 2..].trim().trim_matches(['"', '\'']);
                    out.push_str(&format!("{indent}{f}: \"{value} {PAYLOAD}\"\n"));
                    changed += 1;
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        std::fs::write(&entry, out).unwrap();
    }
    changed
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if !p.ends_with(".git") {
                out.extend(walk(&p));
            }
        } else {
            out.push(p);
        }
    }
    out
}

/// Adds a team whose id, lead handle, paths and file name are hostile too (the
/// schema refuses them, so `check` reports them, and every report quotes them).
fn poison_ids(repo: &Path) {
    let team = format!(
        "kind: Team\nid: \"evil\\n::error::id {{{{ 7*7 }}}}\"\nname: \"{PAYLOAD}\"\nleads: \
         [\"@evil\\n* @attacker\", \"@everyone\"]\npaths: [\"teams/x\\n* @attacker\"]\n\
         channels:\n  - type: slack\n    name: \"{PAYLOAD}\"\n"
    );
    std::fs::write(
        repo.join("teams").join("evil\n::error::file\u{1b}[2J.yaml"),
        team,
    )
    .unwrap();
}

fn example_copy(to: &Path) {
    let acme = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    support::copy_dir(&acme, to);
}

/// No raw control character other than line feed (and tab) in terminal output.
fn assert_terminal_safe(what: &str, out: &str) {
    for (n, line) in out.lines().enumerate() {
        // `check` also runs in GitHub Actions, where the runner reads these
        // (`::: path` is the renderer's marker for a further file, no command).
        let t = line.trim_start();
        assert!(
            (!t.starts_with("::") || t.starts_with("::: ")) && !line.contains("##["),
            "{what}: line {} is a runner command: {line:?}",
            n + 1
        );
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() && c != '\t' || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{what}: line {} holds a control character: {line:?}",
            n + 1
        );
    }
}

/// Every line that the Actions runner would read as a workflow command is an
/// annotation accordant meant: `::error|warning|notice file=…::…`.
fn assert_only_annotations(what: &str, out: &str) -> usize {
    let mut commands = 0;
    for line in out.split('\n') {
        assert!(!line.contains('\r'), "{what}: raw CR in {line:?}");
        if line.trim_start().starts_with("::") {
            commands += 1;
            let ok = ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|p| line.starts_with(p));
            assert!(ok, "{what}: a command accordant did not mean: {line:?}");
        }
        assert!(!line.contains('\u{1b}'), "{what}: ESC in {line:?}");
    }
    commands
}

/// Markdown that mentions nobody, holds no HTML of the payload and no control
/// character, and whose lines the payload did not add.
fn assert_markdown_safe(what: &str, md: &str) {
    assert!(!md.contains("<script"), "{what}: raw <script>");
    assert!(!md.contains("<!-- accordant:summary -->\n::") && !md.contains("\n::error::forged"));
    assert!(!md.contains("[click](javascript"), "{what}: live link");
    // GitHub turns no mention inside a code span into a ping.
    let outside_code: String = md
        .lines()
        .map(|l| l.split('`').step_by(2).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    for bad in ["@everyone", "@acme/sales", "@evil"] {
        if let Some(i) = outside_code.find(bad) {
            let md = &outside_code;
            let from = (0..=i.saturating_sub(120))
                .rev()
                .find(|&j| md.is_char_boundary(j))
                .unwrap_or(0);
            panic!("{what}: `{bad}` would ping: {:?}", &md[from..i + bad.len()]);
        }
    }
    for line in md.lines() {
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "{what}: control character in {line:?}"
        );
        assert!(!line.starts_with("::"), "{what}: {line:?}");
    }
    // Only accordant's own marker may appear, and only as a comment's first line.
    assert!(
        !md.contains("<!-- accordant"),
        "{what}: the payload's marker is live"
    );
}

#[test]
fn check_outputs_keep_hostile_text_in_its_context() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = dir.path().join("repo");
    example_copy(&repo);
    assert!(
        poison_text(&repo) > 30,
        "the payload reached too few fields"
    );
    poison_ids(&repo);

    let (code, human, stderr) = run(&repo, &["check", ".", "--color", "never"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        human.contains("S101"),
        "the hostile ids are reported: {human}"
    );
    assert!(
        human.contains("\\x1b") || human.contains("␛"),
        "escapes are shown visibly"
    );
    assert_terminal_safe("human", &human);
    assert_terminal_safe("human stderr", &stderr);

    let (_, github, stderr) = run(&repo, &["check", ".", "--format", "github"]);
    let commands = assert_only_annotations("github", &github);
    assert!(commands >= 3, "the findings are annotations: {github}");
    assert_only_annotations("github stderr", &stderr);

    let (_, md, _) = run(&repo, &["check", ".", "--format", "markdown"]);
    assert_markdown_safe("markdown", &md);

    for format in ["json", "sarif"] {
        let (_, out, _) = run(&repo, &["check", ".", "--format", format]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v.is_object(), "{format}");
        assert!(
            out.contains("::error::forged"),
            "{format} keeps the text, as data"
        );
        assert!(
            !out.contains('\u{1b}'),
            "{format}: raw ESC (JSON escapes it)"
        );
    }

    // CODEOWNERS: the hostile lead and path cannot be written as one line each,
    // so nothing is written and the run fails with exit 2.
    std::fs::create_dir_all(repo.join(".github")).unwrap();
    let (code, out, err) = run(&repo, &["codeowners", "."]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(!repo.join(".github/CODEOWNERS").exists());
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains(".yaml:"), "the refusal names the place: {err}");
    assert_terminal_safe("codeowners stderr", &err);
}

#[test]
fn codeowners_site_and_calendar_keep_hostile_names_in_their_context() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = dir.path().join("repo");
    example_copy(&repo);
    poison_text(&repo);
    std::fs::create_dir_all(repo.join(".github")).unwrap();
    std::fs::write(
        repo.join(".github/CODEOWNERS"),
        "# hand-written\n/docs/ @docs-team\n",
    )
    .unwrap();

    let (code, out, err) = run(&repo, &["codeowners", "."]);
    assert_eq!(code, 0, "{out}{err}");
    let owners = std::fs::read_to_string(repo.join(".github/CODEOWNERS")).unwrap();
    for line in owners.lines() {
        let ok = line.is_empty()
            || line.starts_with('#')
            || (line.starts_with('/')
                && line
                    .split(' ')
                    .skip(1)
                    .all(accordant::escape::is_github_handle));
        assert!(ok, "a CODEOWNERS line accordant did not mean: {line:?}");
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
    assert!(
        owners.contains("/docs/ @docs-team"),
        "hand-written lines kept"
    );

    let site = dir.path().join("site");
    let (code, out, err) = run(
        &repo,
        &[
            "build",
            ".",
            "--out",
            site.to_str().unwrap(),
            "--today",
            "2026-11-27",
        ],
    );
    assert!(code == 0 || code == 1, "{out}{err}");
    assert_terminal_safe("build stderr", &err);
    let mut pages = 0;
    let mut saw_payload = false;
    for file in walk(&site) {
        let name = file.display().to_string();
        let bytes = std::fs::read(&file).unwrap();
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if name.ends_with(".html") {
            pages += 1;
            assert!(!text.contains("<script>alert"), "{name}: live script");
            if let Some(i) = text.find("href=\"javascript") {
                let from = (0..=i.saturating_sub(200))
                    .rev()
                    .find(|&j| text.is_char_boundary(j))
                    .unwrap_or(0);
                panic!("{name}: live link: {:?}", &text[from..i + 20]);
            }
            assert!(!text.contains('\u{1b}'), "{name}: raw ESC");
            // The template in the payload is shown as text, never run.
            saw_payload |= text.contains("{{ 7*7 }}") || text.contains("{{ 7*7 }}");
        } else if name.ends_with(".ics") {
            for line in text.split("\r\n") {
                let ok = line.is_empty()
                    || line.starts_with(' ')
                    || line.split_once([':', ';']).is_some_and(|(k, _)| {
                        k.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
                    });
                assert!(ok, "{name}: a line the payload wrote: {line:?}");
                assert!(
                    !line.contains('\n') && !line.contains('\u{1b}'),
                    "{name}: {line:?}"
                );
            }
        } else if name.ends_with("search-index.js") {
            assert!(
                !text.contains("</script"),
                "{name}: could end a script element"
            );
            assert!(!text.contains('\u{1b}'), "{name}: raw ESC");
        }
    }
    assert!(pages > 10, "the site was built ({pages} pages)");
    assert!(saw_payload, "the payload is shown as text on the pages");
}

#[test]
fn the_diff_report_keeps_hostile_text_in_its_context() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let repo = dir.path().join("repo");
    example_copy(&repo);
    support::git(&repo, &home, &["init", "-q"]);
    support::git(&repo, &home, &["add", "-A"]);
    support::git(&repo, &home, &["commit", "-qm", "base"]);
    poison_text(&repo);
    poison_ids(&repo);
    support::git(&repo, &home, &["add", "-A"]);
    support::git(&repo, &home, &["commit", "-qm", "hostile"]);

    let diff = |format: &str| {
        let out = accordant()
            .current_dir(&repo)
            .env("HOME", &home)
            .args([
                "diff", "HEAD~1", "HEAD", "--format", format, "--color", "never",
            ])
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (md, err) = diff("markdown");
    assert!(md.contains("What changed"), "{md}{err}");
    assert_markdown_safe("diff markdown", &md);
    let (human, err) = diff("human");
    assert!(human.contains("What changed"), "{human}{err}");
    assert_terminal_safe("diff human", &human);
    assert_terminal_safe("diff stderr", &err);
    let (json, _) = diff("json");
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
}
