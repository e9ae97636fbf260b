//! Recovery from mistakes, through the CLI: a repeated key, a file that is not
//! YAML, a tab, an unquoted `@handle`, an over-indented key and text in a number
//! field each give one finding that points at the mistake and says how to fix it,
//! and the rest of the repo is still checked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use assert_cmd::Command;

fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    std::fs::write(dir.path().join("accordant.yaml"), "org: Test\n").unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// `check --format json` on `dir`: the findings as (code, severity, file, line,
/// message, help).
fn findings(dir: &Path) -> Vec<(String, String, String, u64, String, String)> {
    let out = Command::cargo_bin("accordant")
        .unwrap()
        .args(["check", ".", "--format", "json", "--today", "2026-12-01"])
        .current_dir(dir)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["location"]["path"].as_str().unwrap_or("").to_string(),
                f["location"]["line"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap().to_string(),
                f["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const TEAMS: &str = "kind: Team\nid: sales\nname: Sales\nleads: ['@ana']\nmembers:\n  - github: ana\n    name: Ana\n";

#[test]
fn a_repeated_key_is_one_finding_and_the_document_stays() {
    let dir = repo(&[
        ("teams.yaml", TEAMS),
        (
            "goal.yaml",
            "kind: Goal\nid: g\ntitle: G\ntitle: G again\nowners: [sales]\nperiod: FY27\n",
        ),
        (
            "ritual.yaml",
            "kind: Ritual\nid: r\nname: R\ncadence: weekly\ndri: '@ana'\nparticipants: [sales]\ngoals: [g]\n",
        ),
    ]);
    let f = findings(dir.path());
    let errors: Vec<_> = f.iter().filter(|x| x.1 == "error").collect();
    assert_eq!(errors.len(), 1, "{f:#?}");
    assert_eq!(errors[0].0, "P002");
    assert_eq!((errors[0].2.as_str(), errors[0].3), ("goal.yaml", 4));
    // The ritual's reference to the goal still resolves: no R201.
    assert!(!f.iter().any(|x| x.0 == "R201"), "{f:#?}");
}

#[test]
fn references_into_a_file_that_is_not_yaml_say_where_the_document_is() {
    let dir = repo(&[
        ("teams.yaml", TEAMS),
        (
            "goals/g.yaml",
            "kind: Goal\nid: g\ntitle: [unclosed\nowners: [sales]\nperiod: FY27\n",
        ),
        (
            "ritual.yaml",
            "kind: Ritual\nid: r\nname: R\ncadence: weekly\ndri: '@ana'\nparticipants: [sales]\ngoals: [g]\n---\nkind: Ritual\nid: r2\nname: R2\ncadence: weekly\ndri: '@ana'\nparticipants: [sales]\ngoals: [g]\n",
        ),
    ]);
    let f = findings(dir.path());
    let errors: Vec<_> = f.iter().filter(|x| x.1 == "error").collect();
    assert_eq!(errors.len(), 1, "{f:#?}");
    assert_eq!(errors[0].0, "P001");
    // The first finding is the root cause.
    assert_eq!(f[0].0, "P001", "{f:#?}");
    let waiting: Vec<_> = f.iter().filter(|x| x.0 == "R201").collect();
    assert_eq!(waiting.len(), 1, "one note for both references: {f:#?}");
    assert_eq!(waiting[0].1, "info");
    assert!(
        waiting[0]
            .4
            .contains("`g`, which is defined in goals/g.yaml, which has errors"),
        "{f:#?}"
    );
}

#[test]
fn syntax_errors_point_at_the_cause_with_the_fix() {
    let dir = repo(&[
        (
            "a.yaml",
            "kind: Team\nid: a\nname: A\nleads: [@tom-becker]\n",
        ),
        ("b.yaml", "kind: Team\nid: b\n\tname: B\n"),
        (
            "c.yaml",
            "kind: Team\nid: c\nname: C\nmembers:\n  - github: x\n    name: X\n      role: y\n",
        ),
    ]);
    let f = findings(dir.path());
    let by_file = |p: &str| f.iter().find(|x| x.2 == p).unwrap();
    let a = by_file("a.yaml");
    assert_eq!(a.3, 4);
    assert!(a.5.contains("quote it: '@tom-becker'"), "{a:?}");
    let b = by_file("b.yaml");
    assert_eq!(b.3, 3, "the tab's own line: {b:?}");
    assert!(b.5.contains("tab"), "{b:?}");
    let c = by_file("c.yaml");
    assert_eq!(c.3, 7);
    assert!(
        c.5.contains("indent `role:` like `name:` (4 spaces)"),
        "{c:?}"
    );
    assert!(!c.5.contains("quote"), "{c:?}");
}

#[test]
fn text_in_a_number_field_gets_the_number_it_means() {
    let dir = repo(&[
        ("teams.yaml", TEAMS),
        (
            "agreement.yaml",
            "kind: Agreement\nid: sla\nname: SLA\nparties: [sales, sales]\ncommitments:\n  - team: sales\n    summary: Call back\n    response_time_hours: 24h\n",
        ),
    ]);
    let f = findings(dir.path());
    let hit = f
        .iter()
        .find(|x| x.0 == "S101" && x.3 == 8)
        .unwrap_or_else(|| panic!("{f:#?}"));
    assert!(hit.5.starts_with("write 24 (hours)"), "{hit:?}");
}

#[test]
fn the_glossary_has_one_anchor_per_id_when_a_metric_is_defined_twice() {
    let metric = "kind: Metric\nid: mql\nname: MQL\ndefinition: A lead.\nunit: count\ndirection: increase\nowner: sales\n";
    let dir = repo(&[
        ("teams.yaml", TEAMS),
        ("a.yaml", metric),
        ("b.yaml", metric),
    ]);
    let out = dir.path().join("site");
    let st = Command::cargo_bin("accordant")
        .unwrap()
        .args([
            "build",
            ".",
            "--out",
            "site",
            "--allow-errors",
            "--today",
            "2026-12-01",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let html = std::fs::read_to_string(out.join("glossary.html")).unwrap();
    assert_eq!(html.matches("id=\"metric-mql\"").count(), 1, "{html}");
    // Both definitions are shown; the second has an anchor of its own.
    assert_eq!(html.matches("id=\"metric-mql-line-").count(), 1);
}

#[test]
fn a_broken_id_line_stands_in_by_the_file_name() {
    // The mistake is in the `id:` line itself, so the id cannot be read: the file
    // name says which team it probably is, and the references to it wait.
    let dir = repo(&[
        ("teams.yaml", TEAMS),
        (
            "teams/marketing.yaml",
            "kind: Team\nid: [marketing\nname: Marketing\n",
        ),
        (
            "ritual.yaml",
            "kind: Ritual\nid: r\nname: R\ncadence: weekly\ndri: '@ana'\nparticipants: [sales, marketing]\n",
        ),
    ]);
    let f = findings(dir.path());
    let errors: Vec<_> = f.iter().filter(|x| x.1 == "error").collect();
    assert_eq!(errors.len(), 1, "{f:#?}");
    assert_eq!(errors[0].0, "P001");
    let waiting: Vec<_> = f.iter().filter(|x| x.0 == "R201").collect();
    assert_eq!(waiting.len(), 1, "{f:#?}");
    assert_eq!(waiting[0].1, "info", "{f:#?}");
    assert!(waiting[0].4.contains("teams/marketing.yaml"), "{f:#?}");
}
