//! Hostile and malformed input through the whole `check` pipeline: every bad file
//! becomes a finding with a position and a fix, the other files are still checked,
//! and nothing panics or hangs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

use std::fs;
use std::path::Path;

use accordant::date::Date;
use accordant::pipeline::{Checked, check_dir};

const TEAM: &str = "kind: Team\nid: sales\nname: Sales\nleads: ['@ana']\nmembers:\n  - github: ana\n    name: Ana\nchannels:\n  - type: slack\n    name: '#sales'\n";

fn repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::write(dir.path().join("accordant.yaml"), "org: Hostile Inc\n").unwrap();
    fs::write(dir.path().join("team.yaml"), TEAM).unwrap();
    for (name, body) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, body).unwrap();
    }
    dir
}

fn check(dir: &Path) -> Checked {
    check_dir(dir, Date::parse("2026-11-27").unwrap()).unwrap()
}

/// The finding with `code` in `path`, asserting the good team file still loaded.
fn finding<'a>(c: &'a Checked, code: &str, path: &str) -> &'a accordant::diag::Diagnostic {
    assert!(
        c.repo.model.team("sales").is_some(),
        "the good file must still be loaded"
    );
    c.diagnostics
        .iter()
        .find(|d| d.code == code && c.repo.sources.path(d.primary.file) == path)
        .unwrap_or_else(|| {
            panic!(
                "no {code} in {path}; got {:?}",
                c.diagnostics
                    .iter()
                    .map(|d| (d.code, &d.message))
                    .collect::<Vec<_>>()
            )
        })
}

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut s = String::from(
        "kind: Team\nid: lol\nname: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let (prev, name) = (w[0], w[1]);
        s.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let dir = repo(&[("bomb.yaml", s.as_bytes())]);
    let start = std::time::Instant::now();
    let c = check(dir.path());
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    let d = finding(&c, "P003", "bomb.yaml");
    assert!(d.message.contains("alias"), "{}", d.message);
    assert!(d.primary.span.start.line >= 5);
}

#[test]
fn ten_thousand_deep_nesting_is_refused_without_overflow() {
    let block = "- ".repeat(10_000) + "x\n";
    let flow = "[".repeat(10_000);
    let map = "{a: ".repeat(10_000);
    let dir = repo(&[
        ("block.yaml", block.as_bytes()),
        ("flow.yaml", flow.as_bytes()),
        ("map.yaml", map.as_bytes()),
    ]);
    let c = check(dir.path());
    let d = finding(&c, "P003", "block.yaml");
    assert!(d.message.contains("deeper than 64"), "{}", d.message);
    assert!(d.help.is_some());
    // Flow nesting is refused by the limit or by the parser, never by a crash.
    for f in ["flow.yaml", "map.yaml"] {
        assert!(
            c.diagnostics
                .iter()
                .any(|d| c.repo.sources.path(d.primary.file) == f && d.code.starts_with('P')),
            "{f}"
        );
    }
}

#[test]
fn a_fifty_megabyte_file_is_refused_by_size() {
    let big = "a: b\n".repeat(50 * 1024 * 1024 / 5);
    let dir = repo(&[("big.yaml", big.as_bytes())]);
    let c = check(dir.path());
    let d = finding(&c, "P003", "big.yaml");
    assert!(d.message.contains("over the limit"), "{}", d.message);
    assert!(d.help.as_deref().unwrap().contains("max_file_bytes"));
}

/// `check` reports what `build` cannot show: a Markdown text over 1 MB.
/// See: the security issue, "a description over 1 MB makes build fail while
/// check passes".
#[test]
fn a_description_over_a_megabyte_is_reported() {
    let huge = "word ".repeat(250_000);
    let goal = format!("kind: Team\nid: big\nname: Big\ndescription: >\n  {huge}\n");
    let dir = repo(&[("big.yaml", goal.as_bytes())]);
    let c = check(dir.path());
    let d = finding(&c, "P003", "big.yaml");
    assert_eq!(
        (d.primary.span.start.line, d.primary.span.start.col),
        (5, 3),
        "the start of the text"
    );
    for part in ["`description`", "1,250,001 bytes", "1,000,000"] {
        assert!(d.message.contains(part), "{part}: {}", d.message);
    }
    assert!(
        d.help.as_deref().unwrap().contains("shorten"),
        "{:?}",
        d.help
    );
    // The rest of the document still counts.
    assert!(c.repo.model.team("big").is_some());
}

#[test]
fn invalid_utf8_names_the_line_and_column() {
    let dir = repo(&[("latin1.yaml", b"kind: Team\nid: x\nname: Caf\xe9\n")]);
    let c = check(dir.path());
    let d = finding(&c, "P004", "latin1.yaml");
    assert_eq!(
        (d.primary.span.start.line, d.primary.span.start.col),
        (3, 10)
    );
    assert!(d.help.as_deref().unwrap().contains("UTF-8"));
}

#[cfg(unix)]
#[test]
fn a_symlink_outside_the_repo_is_not_followed() {
    let outside = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::write(
        outside.path().join("secret.yaml"),
        "kind: Team\nid: secret\nname: Secret\n",
    )
    .unwrap();
    let dir = repo(&[]);
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        dir.path().join("link.yaml"),
    )
    .unwrap();
    let c = check(dir.path());
    let d = finding(&c, "P004", "link.yaml");
    assert!(d.message.contains("outside the repo"), "{}", d.message);
    assert!(
        c.repo.model.team("secret").is_none(),
        "the outside file must not be read"
    );
}

/// A linked folder that leads out of the repo is reported like a linked file,
/// not skipped in silence; one that stays inside is simply not walked twice.
/// See: the security issue, "directory symlinks leading out are skipped silently".
#[cfg(unix)]
#[test]
fn a_folder_symlink_outside_the_repo_is_reported() {
    let outside = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::write(
        outside.path().join("secret.yaml"),
        "kind: Team\nid: secret\nname: Secret\n",
    )
    .unwrap();
    let dir = repo(&[("teams/inner.yaml", b"kind: Team\nid: inner\nname: Inner\n")]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("shared")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("teams"), dir.path().join("alias")).unwrap();
    let c = check(dir.path());
    let d = finding(&c, "P004", "shared");
    assert!(
        d.message.contains("folder") && d.message.contains("outside the repo"),
        "{}",
        d.message
    );
    assert_eq!(
        (d.primary.span.start.line, d.primary.span.start.col),
        (1, 1)
    );
    assert!(
        d.help.as_deref().unwrap().contains("exclude"),
        "{:?}",
        d.help
    );
    assert!(c.repo.model.team("secret").is_none(), "not read");
    assert!(c.repo.model.team("inner").is_some());
    assert!(
        !c.diagnostics
            .iter()
            .any(|d| c.repo.sources.path(d.primary.file) == "alias"),
        "a folder link inside the repo is fine"
    );
    // Leaving the folder out on purpose silences it.
    fs::write(
        dir.path().join("accordant.yaml"),
        "org: Hostile Inc\nexclude: ['shared/**']\n",
    )
    .unwrap();
    let c = check(dir.path());
    assert!(
        !c.diagnostics
            .iter()
            .any(|d| c.repo.sources.path(d.primary.file) == "shared")
    );
}

#[test]
fn duplicate_keys_point_at_both_keys() {
    let dir = repo(&[(
        "dup.yaml",
        b"kind: Team\nid: mkt\nname: Marketing\nid: marketing\n",
    )]);
    let c = check(dir.path());
    let d = finding(&c, "P002", "dup.yaml");
    assert_eq!(d.primary.span.start.line, 4);
    assert_eq!(d.secondary[0].span.start.line, 2);
}

#[test]
fn tabs_get_a_clear_fix() {
    let dir = repo(&[(
        "tabs.yaml",
        b"kind: Team\nid: t\nname: T\nmembers:\n\t- github: x\n",
    )]);
    let c = check(dir.path());
    let d = finding(&c, "P001", "tabs.yaml");
    assert_eq!(d.primary.span.start.line, 5);
    assert!(d.help.as_deref().unwrap().contains("spaces"));
}

#[test]
fn norway_stays_text_bom_and_crlf_are_fine() {
    // `NO` and `yes` must stay strings: a team called NO with a channel named yes.
    let body = "\u{feff}kind: Team\r\nid: 'no'\r\nname: NO\r\nleads: ['@ola']\r\nmembers:\r\n  - github: ola\r\n    name: yes\r\n";
    let dir = repo(&[("norway.yaml", body.as_bytes())]);
    let c = check(dir.path());
    let t = c.repo.model.team("no").expect("loaded");
    assert_eq!(t.name.value, "NO");
    assert_eq!(t.members[0].name.value, "yes");
    assert_eq!(t.name.span.start.line, 3);
    assert!(
        !c.diagnostics
            .iter()
            .any(|d| d.code == "S101" && c.repo.sources.path(d.primary.file) == "norway.yaml")
    );
}

#[test]
fn every_bad_file_is_reported_in_one_run() {
    let dir = repo(&[
        ("a.yaml", b"kind: Team\nid: a\nname: [\n"),
        ("b.yaml", b"kind: Team\nid: b\nname: B\nname: C\n"),
        ("c.yaml", b"kind: Nope\nid: c\n"),
        ("d.yaml", b"kind: Team\nid: d\n"),
    ]);
    let c = check(dir.path());
    for (code, path) in [
        ("P001", "a.yaml"),
        ("P002", "b.yaml"),
        ("P005", "c.yaml"),
        ("S101", "d.yaml"),
    ] {
        finding(&c, code, path);
    }
}

#[test]
fn gitignored_files_are_skipped() {
    let dir = repo(&[
        ("ignored/bad.yaml", b"kind: Team\nid: [\n"),
        (".gitignore", b"ignored/\n"),
    ]);
    let c = check(dir.path());
    assert!(
        c.diagnostics
            .iter()
            .all(|d| !c.repo.sources.path(d.primary.file).starts_with("ignored/"))
    );
}

#[test]
fn an_error_at_the_end_of_input_points_at_a_real_line() {
    // See helper report: every format must agree on a line that exists.
    let dir = repo(&[("eof.yaml", b"kind: Team\nid: x\nname: \"unterminated\n")]);
    let c = check(dir.path());
    let d = finding(&c, "P001", "eof.yaml");
    assert_eq!(d.primary.span.start.line, 3, "{}", d.message);
}
