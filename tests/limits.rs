//! Limits that a hostile repo, or a pull request to `accordant.yaml`, could try to
//! lift: the alias budget in bytes, the caps on the loader limits, and the human
//! report's quoting of only the lines a finding needs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn repo(config: &str, files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::write(dir.path().join("accordant.yaml"), config).unwrap();
    for (name, body) in files {
        fs::write(dir.path().join(name), body).unwrap();
    }
    dir
}

fn check(dir: &Path, format: &str) -> (i32, String, String, Duration) {
    let start = Instant::now();
    let out = Command::cargo_bin("accordant")
        .unwrap()
        .args([
            "check",
            "--color",
            "never",
            "--today",
            "2026-11-27",
            "--format",
            format,
        ])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

#[test]
fn aliases_are_budgeted_in_bytes_not_only_in_nodes() {
    // 9,000 aliases of one 100 KB text: few nodes, 900 MB once expanded.
    let big = "x".repeat(100_000);
    let mut doc = format!("kind: Team\nid: bomb\nname: &big \"{big}\"\nnotes:\n");
    for _ in 0..9_000 {
        doc.push_str("  - *big\n");
    }
    let dir = repo("org: Limits\n", &[("bomb.yaml", doc)]);
    let (code, out, err, took) = check(dir.path(), "json");
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let p003 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "P003")
        .unwrap_or_else(|| panic!("no P003: {out}"));
    let message = p003["message"].as_str().unwrap();
    assert!(message.contains("bytes"), "{message}");
    assert!(
        took < Duration::from_secs(10),
        "refused quickly, took {took:?}"
    );
}

#[test]
fn loader_limits_raised_past_their_caps_are_reported_and_held() {
    // Block style: `- - - … x` nests one sequence per dash.
    let mut deep = String::from("kind: Team\nid: deep\nname: Deep\nnotes:\n  ");
    deep.push_str(&"- ".repeat(5_000));
    deep.push_str("x\n");
    let config = "org: Limits\nloader:\n  max_depth: 1000000\n  max_alias_bytes: 99999999999\n";
    let dir = repo(config, &[("deep.yaml", deep)]);
    let (code, out, err, _) = check(dir.path(), "human");
    assert_eq!(code, 1, "no crash (a stack overflow exits 134): {err}");
    assert!(
        out.contains("P006") && out.contains("accordant.yaml"),
        "{out}"
    );
    assert!(out.contains("at most 256") || out.contains("256"), "{out}");
    assert!(
        out.contains("P003") && out.contains("deeper than 256"),
        "{out}"
    );
}

#[test]
fn the_deepest_nesting_the_cap_allows_does_not_overflow() {
    let mut deep = String::from("kind: Team\nid: deep\nname: Deep\nnotes:\n  ");
    deep.push_str(&"- ".repeat(250));
    deep.push_str("x\n");
    let dir = repo(
        "org: Limits\nloader:\n  max_depth: 256\n",
        &[("deep.yaml", deep)],
    );
    let (code, out, err, _) = check(dir.path(), "human");
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(!out.contains("P003"), "{out}");
}

#[test]
fn the_human_report_quotes_only_the_lines_a_finding_needs() {
    let mut doc = String::new();
    for i in 0..3_000 {
        doc.push_str(&format!(
            "---\nkind: Team\nid: m{i}\nname: Metric number {i}\n"
        ));
    }
    doc.push_str("---\nkind: Team\nid: m0\nname: Duplicate\n");
    let dir = repo("org: Limits\n", &[("metrics.yaml", doc)]);
    let (_, out, _, _) = check(dir.path(), "human");
    let r204 = out
        .split("\n\n")
        .find(|block| block.contains("R204"))
        .unwrap_or_else(|| panic!("no R204: {}", &out[..out.len().min(2000)]));
    assert!(r204.contains("id: m0"), "{r204}");
    assert!(
        !r204.contains("Metric number 1500"),
        "lines between the two places are not quoted: {r204}"
    );
}
