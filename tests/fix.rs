//! `check --fix`, `--unsafe-fixes` and `--diff` on a copy of `examples/acme`
//! with one fixable mistake of each kind: what is written, what is kept byte for
//! byte, what is left for a person, and that fingerprints do not move.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

mod support;

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn accordant() -> Command {
    Command::cargo_bin("accordant").unwrap()
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = accordant()
        .arg("check")
        .arg(dir)
        .args(["--today", "2026-12-01", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Replaces the one line `from` of a file by `to`.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join(file);
    let text = fs::read_to_string(&p).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from} in {file}");
    fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// A copy of the example with a typo'd owner, a party both Consulted and
/// Informed, a ritual starting on the wrong weekday, a funnel gap, two
/// Responsible teams without a lead, and key-result weights summing to 110.
/// A copy of the repo folder `rel` (relative to the crate) in a temp folder.
fn copy_of(rel: &str) -> tempfile::TempDir {
    let tmp = tempfile::Builder::new()
        .prefix("fix-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    support::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(rel), tmp.path());
    tmp
}

fn broken() -> tempfile::TempDir {
    let tmp = copy_of("examples/acme");
    let d = tmp.path();
    edit(
        d,
        "goals/company.yaml",
        "owners: [sales, marketing, customer-success]",
        "owners: [sales, marketting, customer-success]",
    );
    edit(
        d,
        "goals/company.yaml",
        "    weight: 40\n",
        "    weight: 50\n",
    );
    edit(
        d,
        "responsibilities/demand.yaml",
        "informed: [customer-success]\n---\nkind: Responsibility\nid: campaign-planning",
        "informed: [customer-success, sales]  # keep this comment\n---\nkind: Responsibility\nid: campaign-planning",
    );
    edit(
        d,
        "rituals/weekly-pipeline.yaml",
        "started_on: 2026-08-03",
        "started_on: \"2026-08-05\"",
    );
    edit(d, "metrics/funnel.yaml", "  order: 3\n", "  order: 4\n");
    tmp
}

fn codes(dir: &Path) -> Vec<(String, String)> {
    let (_, out, _) = run(dir, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn sorted_codes(dir: &Path) -> Vec<String> {
    let mut c: Vec<String> = codes(dir).into_iter().map(|(c, _)| c).collect();
    c.sort();
    c
}

#[test]
fn diff_shows_the_patch_and_writes_nothing() {
    let tmp = broken();
    let d = tmp.path();
    let before = fs::read_to_string(d.join("goals/company.yaml")).unwrap();
    let (code, out, err) = run(d, &["--diff"]);
    assert_eq!(code, 1, "a non-empty patch exits 1: {err}");
    assert!(
        out.contains("--- a/goals/company.yaml\n+++ b/goals/company.yaml\n"),
        "{out}"
    );
    assert!(out.contains("-owners: [sales, marketting, customer-success]\n+owners: [sales, marketing, customer-success]\n"), "{out}");
    assert!(out.contains("-informed: [customer-success, sales]  # keep this comment\n+informed: [customer-success]  # keep this comment\n"), "{out}");
    assert!(
        out.contains("-started_on: \"2026-08-05\"\n+started_on: \"2026-08-10\"\n"),
        "{out}"
    );
    assert!(out.contains("-  order: 4\n+  order: 3\n"), "{out}");
    // Unsafe fixes are not in the patch without --unsafe-fixes.
    assert!(!out.contains("weight: 55"), "{out}");
    assert!(err.contains("fixes in 4 files (nothing written)"), "{err}");
    assert_eq!(
        fs::read_to_string(d.join("goals/company.yaml")).unwrap(),
        before
    );

    let (_, out, _) = run(d, &["--diff", "--unsafe-fixes"]);
    assert!(out.contains("-    weight: 60\n+    weight: 55\n"), "{out}");
    assert!(out.contains("-    weight: 50\n+    weight: 45\n"), "{out}");
}

#[test]
fn fix_applies_safe_fixes_keeps_the_rest_and_reports_what_is_left() {
    let tmp = broken();
    let d = tmp.path();
    let before = codes(d);
    assert_eq!(
        sorted_codes(d),
        ["C304", "G502", "M603", "R201", "T804"],
        "the mistakes are found"
    );
    let demand_before = fs::read_to_string(d.join("responsibilities/demand.yaml")).unwrap();
    let (code, out, _) = run(d, &["--fix"]);
    assert_eq!(code, 1, "G502 is left: {out}");
    assert!(
        out.contains("fixed goals/company.yaml:11:17 R201 Replace `marketting` with `marketing`"),
        "{out}"
    );
    assert!(out.contains("fixed 4 fixes in 4 files"), "{out}");
    assert!(
        out.contains("G502/kr-weights-not-100"),
        "what is left is reported: {out}"
    );
    // Only the edited span changed: the comment, the quotes and every other byte stay.
    let demand = fs::read_to_string(d.join("responsibilities/demand.yaml")).unwrap();
    assert_eq!(
        demand,
        demand_before.replacen(
            "informed: [customer-success, sales]  # keep this comment",
            "informed: [customer-success]  # keep this comment",
            1
        )
    );
    let ritual = fs::read_to_string(d.join("rituals/weekly-pipeline.yaml")).unwrap();
    assert!(ritual.contains("started_on: \"2026-08-10\"\n"), "{ritual}");
    // The finding left keeps its fingerprint.
    let after = codes(d);
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(before.contains(&after[0]), "{before:?} {after:?}");
    // A second run has nothing safe to do.
    let (_, out, _) = run(d, &["--fix"]);
    assert!(out.contains("fixed 0 fixes in 0 files"), "{out}");

    let (code, out, _) = run(d, &["--fix", "--unsafe-fixes"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("(unsafe fix)"), "{out}");
    let company = fs::read_to_string(d.join("goals/company.yaml")).unwrap();
    assert!(company.contains("    weight: 55\n") && company.contains("    weight: 45\n"));
    assert!(sorted_codes(d).is_empty());
}

#[test]
fn a_missing_lead_is_added_after_the_id() {
    let tmp = broken();
    let d = tmp.path();
    edit(
        d,
        "responsibilities/demand.yaml",
        "responsible: [marketing]\naccountable: marketing\nconsulted: [sales, sdr]\ninformed: [customer-success, sales]",
        "responsible: [marketing, sdr]\naccountable: marketing\nconsulted: [sales]\ninformed: [customer-success]",
    );
    assert!(sorted_codes(d).contains(&"C305".to_string()));
    let (_, out, _) = run(d, &["--fix"]);
    assert!(out.contains("C305 Add `lead: marketing`"), "{out}");
    let demand = fs::read_to_string(d.join("responsibilities/demand.yaml")).unwrap();
    assert!(
        demand.contains("id: lead-scoring\nlead: marketing\nactivity: Lead scoring model\n"),
        "{demand}"
    );
    assert!(!sorted_codes(d).contains(&"C305".to_string()));
}

/// Without `--fix`, the report says which findings have a fix and how to apply
/// it: on each fixable finding, and counted in the summary line.
#[test]
fn the_report_says_what_can_be_fixed() {
    let tmp = broken();
    let (code, out, _) = run(tmp.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "= help: fix: Replace `marketting` with `marketing` (`accordant check --fix`)"
        ),
        "{out}"
    );
    assert!(
        out.contains("(`accordant check --fix --unsafe-fixes`, it needs your judgment)"),
        "the weights' fix is marked unsafe: {out}"
    );
    assert!(
        out.contains("; 4 fixable with `accordant check --fix` (1 more with `--unsafe-fixes`);"),
        "{out}"
    );
    // Nothing was written.
    assert_eq!(
        sorted_codes(tmp.path()),
        ["C304", "G502", "M603", "R201", "T804"]
    );
}

/// A credit split that does not add up to 100 gets the unsafe fix that scales
/// its shares: `--fix` alone leaves it, `--unsafe-fixes` writes only the numbers.
#[test]
fn credit_splits_are_scaled_to_100_only_with_unsafe_fixes() {
    let tmp = copy_of("tests/fixtures/rules/I403/fail");
    let d = tmp.path();
    let before = fs::read_to_string(d.join("incentive.yaml")).unwrap();
    assert!(
        before.contains("splits: { sales: 70, marketing: 40 }"),
        "{before}"
    );
    let (_, out, _) = run(d, &["--fix"]);
    assert!(out.contains("I403"), "{out}");
    assert_eq!(
        fs::read_to_string(d.join("incentive.yaml")).unwrap(),
        before
    );
    let (_, out, _) = run(d, &["--fix", "--unsafe-fixes"]);
    assert!(
        out.contains("Scale the credit splits to sum to 100 (64, 36)"),
        "{out}"
    );
    let after = fs::read_to_string(d.join("incentive.yaml")).unwrap();
    assert_eq!(
        after,
        before.replacen(
            "splits: { sales: 70, marketing: 40 }",
            "splits: { sales: 64, marketing: 36 }",
            1
        )
    );
    assert!(!sorted_codes(d).contains(&"I403".to_string()));
}
