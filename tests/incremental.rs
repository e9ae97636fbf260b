//! The language server's incremental check (`lsp::workspace::Workspace`) against
//! a full `check` of the same texts, after every edit of a series.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

mod support;

use std::path::Path;

use accordant::date::Date;
use accordant::diag::Diagnostic;
use accordant::lsp::workspace::Workspace;
use accordant::pipeline::check_dir;

/// After every edit, the workspace's incremental findings (model spliced,
/// only the rules reading a changed kind run again) equal a full `check` of
/// the same texts written to disk: kinds and ids changed, references broken
/// across files, YAML broken and fixed, a document added, a file emptied,
/// and every buffer closed again.
#[test]
fn incremental_findings_equal_a_full_check_after_every_edit() {
    let acme = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let (live, disk) = (tmp.path().join("live"), tmp.path().join("disk"));
    support::copy_dir(&acme, &live);
    support::copy_dir(&acme, &disk);
    let today = Date::parse("2026-11-27").unwrap();
    let mut ws = Workspace::new(&live, today);
    let read = |rel: &str| std::fs::read_to_string(acme.join(rel)).unwrap();
    let edit = |rel: &str, from: &str, to: &str| {
        let t = read(rel);
        assert!(t.contains(from), "{rel} has no `{from}`");
        (rel.to_string(), Some(t.replacen(from, to, 1)))
    };
    let steps: Vec<(String, Option<String>)> = vec![
        // Values of one goal file (the local rules run on it alone).
        edit(
            "goals/team-goals.yaml",
            "owners: [marketing]",
            "owners: [marketting]",
        ),
        edit(
            "goals/team-goals.yaml",
            "baseline: 3100",
            "baseline: 999999",
        ),
        ("goals/team-goals.yaml".into(), None),
        // A person leaves a team: references to the handle elsewhere break.
        edit(
            "teams/marketing.yaml",
            "github: sam-patel",
            "github: sam-patel-old",
        ),
        ("teams/marketing.yaml".into(), None),
        edit(
            "goals/pipeline-fy27-h1.yaml",
            "period: FY27-H1",
            "period: FY27-Z9",
        ),
        edit("teams/sdr.yaml", "id: sdr", "id: sdrs"),
        edit(
            "responsibilities/demand.yaml",
            "accountable: marketing",
            "accountable: [marketing, sales]",
        ),
        edit("metrics/quality.yaml", "unit: percent", "unit: [percent"),
        edit("metrics/quality.yaml", "unit: percent", "unit: percentage"),
        edit(
            "rituals/weekly-pipeline.yaml",
            "kind: Ritual",
            "kind: Agreement",
        ),
        (
            "teams/sdr.yaml".into(),
            Some(
                read("teams/sdr.yaml")
                    + "---\nkind: Goal\nid: sdr-goal\ntitle: T\nowners: [sdr]\nperiod: FY27-H1\n",
            ),
        ),
        ("incentives/team-plans.yaml".into(), Some(String::new())),
        edit("goals/company.yaml", "kind: Goal", "kind: Goal\nkind: Goal"),
        ("teams/sdr.yaml".into(), None),
        ("goals/pipeline-fy27-h1.yaml".into(), None),
        ("responsibilities/demand.yaml".into(), None),
        ("metrics/quality.yaml".into(), None),
        ("rituals/weekly-pipeline.yaml".into(), None),
        ("incentives/team-plans.yaml".into(), None),
        ("goals/company.yaml".into(), None),
    ];
    let first = ws.check().unwrap().diagnostics.clone();
    let full = check_dir(&disk, today).unwrap();
    assert_eq!(first, full.diagnostics);
    let (mut previous, mut changed, total) = (first, 0, steps.len());
    for (n, (rel, text)) in steps.into_iter().enumerate() {
        std::fs::write(disk.join(&rel), text.clone().unwrap_or_else(|| read(&rel))).unwrap();
        ws.set_overlay(&rel, text);
        let got = ws.check().unwrap().diagnostics.clone();
        let want = check_dir(&disk, today).unwrap().diagnostics;
        let show = |ds: &[Diagnostic]| {
            ds.iter()
                .map(|d| format!("{} {}", d.code, d.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(
            got == want,
            "step {n} ({rel}): the editor's findings differ from check's\n--- editor:\n{}\n--- check:\n{}",
            show(&got),
            show(&want)
        );
        changed += usize::from(got != previous);
        previous = got;
    }
    // The edits are not no-ops: nearly every one adds or clears findings.
    assert!(
        changed + 2 >= total,
        "only {changed} of {total} edits changed the findings"
    );
}
