//! `accordant diff` on real git repositories made in temporary folders: a base
//! commit from `tests/fixtures/diff/base`, a change, a head commit (or the working
//! tree), then the semantic changes, the findings split by fingerprint and the
//! approvals are checked. See: issue 3.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

mod support;

use std::path::{Path, PathBuf};

use accordant::date::Date;
use accordant::diff::git::GitError;
use accordant::diff::{Change, ChangeType, DiffOptions, DiffReport, run_diff};

const TODAY: &str = "2026-11-27";

/// A git repository in a temporary folder holding the fixture org at `sub`.
struct Sandbox {
    _dir: tempfile::TempDir,
    top: PathBuf,
    org: PathBuf,
}

impl Sandbox {
    /// The fixture at the top of a new repository, committed.
    fn new() -> Sandbox {
        Sandbox::at("")
    }

    /// The fixture in the subfolder `sub` of a new repository, committed.
    fn at(sub: &str) -> Sandbox {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let top = dir.path().join("repo");
        std::fs::create_dir_all(&top).unwrap();
        let org = if sub.is_empty() {
            top.clone()
        } else {
            top.join(sub)
        };
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/base");
        support::copy_dir(&fixture, &org);
        let s = Sandbox {
            _dir: dir,
            top,
            org,
        };
        s.git(&["init", "-q"]);
        s.commit("base");
        s
    }

    fn git(&self, args: &[&str]) -> String {
        support::git(&self.top, self._dir.path(), args)
    }

    fn commit(&self, msg: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", msg]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Replaces `from` by `to` in an org file; the text must be there.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.org.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.org.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn diff(&self, base: &str, head: Option<&str>) -> DiffReport {
        self.try_diff(base, head)
            .unwrap_or_else(|e| panic!("diff failed: {e:#}"))
    }

    fn try_diff(&self, base: &str, head: Option<&str>) -> anyhow::Result<DiffReport> {
        run_diff(&DiffOptions {
            base: base.to_string(),
            head: head.map(String::from),
            path: self.org.clone(),
            today: Date::parse(TODAY).unwrap(),
        })
    }

    /// Commits the current edits as head and diffs the previous commit with it.
    fn diff_commit(&self) -> DiffReport {
        let base = self.git(&["rev-parse", "HEAD"]);
        let head = self.commit("change");
        self.diff(&base, Some(&head))
    }
}

fn details(r: &DiffReport, key: &str) -> Vec<String> {
    r.changes
        .iter()
        .filter(|c| c.key == key)
        .map(|c| c.detail.clone())
        .collect()
}

fn change<'a>(r: &'a DiffReport, key: &str, field: &str) -> &'a Change {
    r.changes
        .iter()
        .find(|c| c.key == key && c.field == field)
        .unwrap_or_else(|| panic!("no change of {key} {field}; changes: {:#?}", summaries(r)))
}

fn summaries(r: &DiffReport) -> Vec<String> {
    r.changes.iter().map(|c| c.summary.clone()).collect()
}

fn has(r: &DiffReport, key: &str, detail: &str) {
    let d = details(r, key);
    assert!(
        d.iter().any(|x| x == detail),
        "expected {key}: {detail:?}\n got {d:#?}"
    );
}

#[test]
fn the_base_fixture_is_clean() {
    // The other tests read "introduced", "resolved" and "already there" against a
    // base without findings; a new rule that flags the fixture must fix it here.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/base");
    let checked = accordant::pipeline::check_dir(&dir, Date::parse(TODAY).unwrap()).unwrap();
    let found: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(
        found.is_empty(),
        "tests/fixtures/diff/base has findings: {found:#?}"
    );
}

#[test]
fn goal_changes_are_in_plain_words() {
    let s = Sandbox::new();
    let g = "goals/pipeline.yaml";
    s.edit(g, "target: 4000000", "target: 4500000");
    s.edit(g, "period: FY27-Q2", "period: FY27-Q1");
    s.edit(
        g,
        "owners: [marketing, sales]",
        "owners: [marketing, sales, sdr]",
    );
    s.edit(g, "primary_owner: sales", "primary_owner: marketing");
    s.edit(g, "    target: 600\n", "    target: 700\n");
    s.edit(
        g,
        "  - id: mql-volume-kr\n    title: 1,500 MQLs in the quarter\n    metric: mql\n    owner: marketing\n    target: 1500\n    due: 2027-01-31\n",
        "  - id: win-rate\n    title: Win rate of 25 %\n    owner: sales\n",
    );
    s.edit("goals/mql.yaml", "parent: pipeline-q2\n", "");
    let r = s.diff_commit();
    let key = "goal:pipeline-q2";
    has(&r, key, "target $4.0M -> $4.5M (+12.5 %)");
    has(&r, key, "period FY27-Q2 -> FY27-Q1");
    has(&r, key, "owners: SDR added");
    has(&r, key, "primary owner moved from Sales to Marketing");
    has(
        &r,
        key,
        "key result \"600 SQLs in the quarter\" target 600 -> 700 (+16.7 %)",
    );
    has(&r, key, "key result \"Win rate of 25 %\" added");
    has(&r, key, "key result \"1,500 MQLs in the quarter\" removed");
    has(
        &r,
        "goal:mql-volume",
        "parent goal removed (was \"Grow qualified pipeline\")",
    );
    let t = change(&r, key, "target");
    assert_eq!(t.before.as_deref(), Some("$4.0M"));
    assert_eq!(t.after.as_deref(), Some("$4.5M"));
    assert_eq!(
        t.summary,
        "Goal \"Grow qualified pipeline\": target $4.0M -> $4.5M (+12.5 %)"
    );
    assert_eq!(t.teams, ["marketing", "sales", "sdr"]);
    assert_eq!(
        r.approval_sentence().as_deref(),
        Some("needs approval from Marketing (@maria), Sales (@sam) and SDR (@sofia)")
    );
}

#[test]
fn goals_added_and_removed() {
    let s = Sandbox::new();
    std::fs::remove_file(s.org.join("goals/mql.yaml")).unwrap();
    s.edit(
        "incentives/joint.yaml",
        "goal: mql-volume",
        "goal: pipeline-q2",
    );
    s.edit(
        "rituals/weekly.yaml",
        "goals: [pipeline-q2]",
        "goals: [pipeline-q2, sql-q2]",
    );
    s.write(
        "goals/sql.yaml",
        "kind: Goal\nid: sql-q2\ntitle: Qualify 600 SQLs\nowners: [sales]\nperiod: FY27-Q2\nmetric: sql\ntarget: 600\nparent: pipeline-q2\n",
    );
    let r = s.diff_commit();
    let added = change(&r, "goal:sql-q2", "");
    assert_eq!(added.change, ChangeType::Added);
    assert_eq!(
        added.detail,
        "added (owned by Sales, period FY27-Q2, target 600)"
    );
    let removed = change(&r, "goal:mql-volume", "");
    assert_eq!(removed.change, ChangeType::Removed);
    assert_eq!(
        removed.summary,
        "Goal \"Deliver 1,500 MQLs\": removed (was owned by Marketing, period FY27-Q2, target 1,500)"
    );
    has(
        &r,
        "ritual:pipeline-review",
        "goals reviewed: \"Qualify 600 SQLs\" added",
    );
}

#[test]
fn raci_changes_name_the_teams() {
    let s = Sandbox::new();
    let f = "raci/lead-scoring.yaml";
    s.edit(f, "accountable: sales", "accountable: marketing");
    s.edit(
        f,
        "responsible: [marketing]",
        "responsible: [marketing, sales]",
    );
    s.edit(f, "consulted: [sdr]", "consulted: []");
    s.edit(f, "informed: ['@lee']", "informed: ['@lee', '@tom']");
    let r = s.diff_commit();
    let acc = change(&r, "responsibility:lead-scoring", "accountable");
    assert_eq!(
        acc.summary,
        "Accountable for \"Lead scoring\" moved from Sales to Marketing"
    );
    assert_eq!(acc.before.as_deref(), Some("Sales"));
    assert_eq!(acc.after.as_deref(), Some("Marketing"));
    let key = "responsibility:lead-scoring";
    has(&r, key, "Responsible Sales added");
    has(&r, key, "Consulted SDR removed");
    has(&r, key, "Informed @tom added");
    assert_eq!(acc.teams, ["marketing", "sales", "sdr"]);
    // Only the changed activity is reported.
    assert!(details(&r, "responsibility:lead-follow-up").is_empty());
}

#[test]
fn incentive_changes() {
    let s = Sandbox::new();
    let f = "incentives/joint.yaml";
    s.edit(f, "weight: 70", "weight: 60");
    s.edit(f, "threshold: 80", "threshold: 75");
    s.edit(f, "cap: 150", "cap: 200");
    s.edit(f, "weight: 30", "weight: 40");
    s.edit(
        f,
        "participants: [marketing, sales]",
        "participants: [marketing, sales, sdr]",
    );
    s.edit(f, "min_attainment: 70", "min_attainment: 80");
    s.edit(
        f,
        "applies_to: [marketing, sales]",
        "applies_to: [marketing, sales, sdr]",
    );
    let r = s.diff_commit();
    let key = "incentive:joint-pipeline";
    has(&r, key, "component `pipeline` weight 70 % -> 60 %");
    has(&r, key, "component `pipeline` threshold 80 % -> 75 %");
    has(&r, key, "component `pipeline` cap 150 % -> 200 %");
    has(&r, key, "component `mqls` weight 30 % -> 40 %");
    has(&r, key, "participants: SDR added");
    has(&r, key, "payout gate minimum attainment 70 % -> 80 %");
    has(&r, key, "payout gate applies to: SDR added");
    let w = change(&r, key, "components[pipeline].weight");
    assert_eq!(
        w.summary,
        "Incentive \"Joint pipeline bonus\": component `pipeline` weight 70 % -> 60 %"
    );
}

#[test]
fn sla_changes() {
    let s = Sandbox::new();
    let f = "agreements/mql-handoff.yaml";
    s.edit(f, "response_time_hours: 24", "response_time_hours: 48");
    s.edit(f, "amount: 500", "amount: 400");
    s.edit(f, "amount: 600", "amount: 700");
    let r = s.diff_commit();
    let key = "agreement:mql-handoff";
    has(&r, key, "Sales first response within 24 h -> 48 h (+100 %)");
    has(
        &r,
        key,
        "Marketing delivers 500 per month -> 400 per month (-20 %)",
    );
    has(
        &r,
        key,
        "Sales can absorb 600 per month -> 700 per month (+16.7 %)",
    );
    assert_eq!(
        r.approval_sentence().as_deref(),
        Some("needs approval from Marketing (@maria) and Sales (@sam)")
    );
}

#[test]
fn ritual_changes() {
    let s = Sandbox::new();
    let f = "rituals/weekly.yaml";
    s.edit(f, "cadence: weekly", "cadence: biweekly");
    s.edit(
        f,
        "participants: [marketing, sales]",
        "participants: [marketing, sales, sdr]",
    );
    s.edit(
        f,
        "goals: [pipeline-q2]",
        "goals: [pipeline-q2, mql-volume]",
    );
    s.edit(f, "duration_minutes: 45", "duration_minutes: 60");
    let r = s.diff_commit();
    let key = "ritual:pipeline-review";
    has(&r, key, "cadence weekly -> biweekly");
    has(&r, key, "participants: SDR added");
    has(&r, key, "goals reviewed: \"Deliver 1,500 MQLs\" added");
    has(&r, key, "length 45 min -> 60 min (+33.3 %)");
}

#[test]
fn metric_definition_names_its_users() {
    let s = Sandbox::new();
    s.edit(
        "metrics/funnel.yaml",
        "score of 60 or more",
        "score of 70 or more",
    );
    let r = s.diff_commit();
    let c = change(&r, "metric:mql", "definition");
    assert_eq!(
        c.detail,
        "definition changed; used by goals \"Deliver 1,500 MQLs\" and \"Grow qualified pipeline\" \
         and incentive \"Joint pipeline bonus\""
    );
    assert_eq!(c.teams, ["marketing", "sales"]);
    assert_eq!(r.changes.len(), 1, "{:#?}", summaries(&r));
}

#[test]
fn team_changes() {
    let s = Sandbox::new();
    let f = "teams/marketing.yaml";
    s.edit(f, "leads: ['@maria']", "leads: ['@maria', '@tom']");
    s.edit(
        f,
        "  - github: tom\n",
        "  - github: nina\n    name: Nina Park\n  - github: tom\n",
    );
    s.edit(
        "teams/sales.yaml",
        "  - github: lee\n    name: Lee Chen\n    role: SDR manager\n",
        "",
    );
    s.edit(
        "raci/lead-scoring.yaml",
        "informed: ['@lee']",
        "informed: [sdr]",
    );
    let r = s.diff_commit();
    has(&r, "team:marketing", "leads: @tom added");
    has(&r, "team:marketing", "members: @nina (Nina Park) joined");
    has(&r, "team:sales", "members: @lee (Lee Chen) left");
    let a = &r.approvals;
    let marketing = a.iter().find(|x| x.team == "marketing").unwrap();
    assert_eq!(marketing.leads, ["@maria", "@tom"]);
}

#[test]
fn a_moved_document_is_not_removed_and_added() {
    let s = Sandbox::new();
    let text = std::fs::read_to_string(s.org.join("raci/lead-scoring.yaml")).unwrap();
    let (scoring, follow_up) = text.split_once("---\n").unwrap();
    s.write("raci/lead-scoring.yaml", follow_up);
    s.write("responsibilities/scoring.yaml", scoring);
    s.git(&["mv", "teams/sdr.yaml", "sdr-team.yaml"]);
    let r = s.diff_commit();
    assert!(
        r.changes
            .iter()
            .all(|c| !matches!(c.change, ChangeType::Added | ChangeType::Removed)),
        "{:#?}",
        summaries(&r)
    );
    let moved = change(&r, "responsibility:lead-scoring", "file");
    assert_eq!(moved.change, ChangeType::Moved);
    assert_eq!(
        moved.detail,
        "moved from raci/lead-scoring.yaml to responsibilities/scoring.yaml"
    );
    has(&r, "team:sdr", "moved from teams/sdr.yaml to sdr-team.yaml");
    assert_eq!(r.changes.len(), 2, "{:#?}", summaries(&r));
    assert!(r.introduced.is_empty() && r.resolved.is_empty());
}

#[test]
fn a_file_only_move_asks_nobody_to_approve() {
    let s = Sandbox::new();
    let base = s.git(&["rev-parse", "HEAD"]);
    s.git(&["mv", "teams/sdr.yaml", "sdr-team.yaml"]);
    std::fs::create_dir_all(s.org.join("goals/fy27")).unwrap();
    s.git(&["mv", "goals/pipeline.yaml", "goals/fy27/pipeline.yaml"]);
    let head = s.commit("reorganise the folders");
    let r = s.diff(&base, Some(&head));
    assert_eq!(r.changes.len(), 2, "{:#?}", summaries(&r));
    assert!(r.changes.iter().all(|c| c.change == ChangeType::Moved));
    assert!(r.changes.iter().all(|c| !c.needs_approval));
    assert!(r.approvals.is_empty(), "{:?}", r.approvals);
    assert_eq!(r.approval_sentence(), None);
    assert!(r.introduced.is_empty() && r.resolved.is_empty());
    assert_eq!(
        accordant::diff::render::headline(&r),
        "no semantic change · 2 documents moved"
    );
    let md = r.markdown(usize::MAX);
    assert!(md.contains("#### No semantic change (2 moved)"), "{md}");
    assert!(md.contains("nobody needs to approve"), "{md}");
    assert!(
        md.contains("moved from goals/pipeline.yaml to goals/fy27/pipeline.yaml"),
        "{md}"
    );
    assert!(!md.contains("approval from"), "{md}");

    let json = accordant(
        &s.top,
        &["diff", &base, &head, "--format", "json", "--today", TODAY],
    );
    assert_eq!(json.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["approval"].is_null(), "{v:#}");
    assert_eq!(v["approvals"], serde_json::json!([]));
    assert_eq!(v["changes"][0]["change"], "moved");
    assert_eq!(v["changes"][0]["needs_approval"], false);
    let human = accordant(
        &s.top,
        &["diff", &base, &head, "--color", "never", "--today", TODAY],
    );
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("No semantic change (2 moved)"), "{text}");
    assert!(!text.contains("Needs approval"), "{text}");

    // A move with a real change in it: the change needs its approvals, the move
    // adds none of its own.
    let base = head;
    s.git(&["mv", "goals/fy27/pipeline.yaml", "goals/pipeline.yaml"]);
    s.edit("goals/pipeline.yaml", "target: 4000000", "target: 4500000");
    let head = s.commit("move back and raise the target");
    let r = s.diff(&base, Some(&head));
    assert_eq!(
        accordant::diff::render::headline(&r),
        "1 change · 1 document moved"
    );
    assert!(change(&r, "goal:pipeline-q2", "target").needs_approval);
    assert!(!change(&r, "goal:pipeline-q2", "file").needs_approval);
    let teams: Vec<&str> = r.approvals.iter().map(|a| a.team.as_str()).collect();
    assert_eq!(teams, ["marketing", "sales"]);
    assert!(r.markdown(usize::MAX).contains("#### What changed (2)"));
}

fn r201(v: &[accordant::diag::Diagnostic]) -> Vec<&accordant::diag::Diagnostic> {
    v.iter().filter(|d| d.code == "R201").collect()
}

#[test]
fn a_change_that_introduces_and_resolves_findings() {
    let s = Sandbox::new();
    // Base: two dangling references.
    s.edit(
        "goals/mql.yaml",
        "parent: pipeline-q2",
        "parent: pipeline-q9",
    );
    s.edit(
        "goals/pipeline.yaml",
        "    owner: sales\n",
        "    owner: '@nobody-here'\n",
    );
    let base = s.commit("base with findings");
    // Head: one fixed, one new, and the old one pushed down by new lines.
    s.edit(
        "goals/mql.yaml",
        "parent: pipeline-q9",
        "parent: pipeline-q2",
    );
    s.edit(
        "rituals/weekly.yaml",
        "participants: [marketing, sales]",
        "participants: [marketing, sales, growth]",
    );
    s.edit(
        "goals/pipeline.yaml",
        "kind: Goal\n",
        "# The shared goal.\n# Reviewed every Monday.\n\nkind: Goal\n",
    );
    let head = s.commit("head");
    let r = s.diff(&base, Some(&head));
    let introduced = r201(&r.introduced);
    let resolved = r201(&r.resolved);
    let existing = r201(&r.existing);
    assert_eq!(introduced.len(), 1, "{introduced:#?}");
    assert_eq!(introduced[0].key, "ritual:pipeline-review");
    assert!(introduced[0].message.contains("growth"));
    assert_eq!(resolved.len(), 1, "{resolved:#?}");
    assert_eq!(resolved[0].key, "goal:mql-volume");
    assert_eq!(existing.len(), 1, "{existing:#?}");
    assert_eq!(existing[0].key, "goal:pipeline-q2");
    // Head's copy: three lines further down than in base.
    let base_line = r201(&r.base.diagnostics)
        .into_iter()
        .find(|d| d.key == "goal:pipeline-q2")
        .unwrap()
        .primary
        .span
        .start
        .line;
    assert_eq!(existing[0].primary.span.start.line, base_line + 3);
    assert!(r.counts_introduced().errors >= 1);
    let md = r.markdown(usize::MAX);
    assert!(md.contains("Introduced by this change"), "{md}");
    assert!(md.contains("Resolved by this change"), "{md}");
    assert!(md.contains("Already there"), "{md}");
    assert!(md.contains("rituals/weekly.yaml:"), "{md}");
}

#[test]
fn everything_resolved_says_so() {
    let s = Sandbox::new();
    s.edit(
        "goals/mql.yaml",
        "parent: pipeline-q2",
        "parent: pipeline-q9",
    );
    let base = s.commit("broken");
    s.edit(
        "goals/mql.yaml",
        "parent: pipeline-q9",
        "parent: pipeline-q2",
    );
    let head = s.commit("fixed");
    let r = s.diff(&base, Some(&head));
    assert!(
        r.introduced.is_empty() && r.existing.is_empty(),
        "{:#?}",
        r.introduced
    );
    assert_eq!(r201(&r.resolved).len(), 1);
    let md = r.markdown(65_536);
    assert!(md.contains("Everything is resolved"), "{md}");
}

#[test]
fn head_defaults_to_the_working_tree() {
    let s = Sandbox::new();
    s.edit("goals/pipeline.yaml", "target: 4000000", "target: 5000000");
    s.write(
        "goals/new.yaml",
        "kind: Goal\nid: untracked\ntitle: Not committed yet\nowners: [sdr]\nperiod: FY27-Q2\n",
    );
    let r = s.diff("HEAD", None);
    has(&r, "goal:pipeline-q2", "target $4.0M -> $5.0M (+25 %)");
    assert_eq!(change(&r, "goal:untracked", "").change, ChangeType::Added);
    assert!(r.head_commit.is_none());
}

#[test]
fn unchanged_files_are_parsed_once() {
    let s = Sandbox::new();
    s.edit("goals/pipeline.yaml", "target: 4000000", "target: 4200000");
    let r = s.diff_commit();
    let st = r.stats;
    assert_eq!(st.base_files, 10);
    assert_eq!(st.head_files, 10);
    assert_eq!(st.shared, 9);
    assert_eq!(st.parsed, 11, "each distinct content once: {st:?}");
    // The working tree shares by content too.
    s.edit("goals/pipeline.yaml", "target: 4200000", "target: 4300000");
    let r = s.diff("HEAD", None);
    assert_eq!((r.stats.parsed, r.stats.shared), (11, 9));
    // Shared parses still point at the right files in each revision.
    let d = change(&r, "goal:pipeline-q2", "target");
    assert_eq!(d.detail, "target $4.2M -> $4.3M (+2.4 %)");
}

#[test]
fn an_alignment_repo_in_a_subfolder() {
    let s = Sandbox::at("org/acme");
    s.write("../../README.md", "not part of the org\n");
    s.edit("rituals/weekly.yaml", "cadence: weekly", "cadence: monthly");
    let r = s.diff_commit();
    assert_eq!(r.prefix, "org/acme");
    has(&r, "ritual:pipeline-review", "cadence weekly -> monthly");
    assert_eq!(r.stats.base_files, 10);
}

#[test]
fn a_shallow_clone_without_the_base_commit_says_how_to_fix_it() {
    let s = Sandbox::new();
    let base = s.git(&["rev-parse", "HEAD"]);
    s.edit("goals/pipeline.yaml", "target: 4000000", "target: 4100000");
    s.commit("second");
    let clone = s._dir.path().join("clone");
    let url = format!("file://{}", s.top.display());
    support::git(
        s._dir.path(),
        s._dir.path(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
    );
    let err = run_diff(&DiffOptions {
        base: base.clone(),
        head: None,
        path: clone.clone(),
        today: Date::parse(TODAY).unwrap(),
    })
    .err()
    .expect("the base commit is not in the clone");
    let msg = format!("{err:#}");
    assert!(msg.contains("fetch-depth: 0"), "{msg}");
    assert!(
        msg.contains(&format!("git fetch --depth=1 origin {base}")),
        "{msg}"
    );
    assert!(matches!(
        err.downcast_ref::<GitError>(),
        Some(GitError::UnknownRevision { shallow: true, .. })
    ));
}

#[test]
fn an_unknown_revision_is_an_error() {
    let s = Sandbox::new();
    let err = s.try_diff("no-such-branch", None).err().unwrap();
    let msg = format!("{err:#}");
    assert!(msg.contains("revision `no-such-branch` not found"), "{msg}");
    assert!(!msg.contains("fetch-depth"), "{msg}");
    let err = s
        .try_diff("HEAD", Some("--upload-pack=evil"))
        .err()
        .unwrap();
    assert!(matches!(
        err.downcast_ref::<GitError>(),
        Some(GitError::UnknownRevision { .. })
    ));
    // A folder outside every git repository: the target dir may lie inside
    // one (this checkout), so git is told not to look above the folder.
    let outside = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    std::fs::write(outside.path().join("accordant.yaml"), "org: Outside\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_accordant"))
        .args(["diff", "HEAD", "--path"])
        .arg(outside.path())
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("not in a git repository") || stderr.contains("not a git repository"),
        "{stderr}"
    );
}

#[test]
fn a_work_tree_without_accordant_yaml_is_not_an_alignment_repo() {
    // A git repository with YAML in it, but no accordant.yaml: `diff` stops
    // (exit 2) instead of comparing every YAML file, and names its own flag.
    let s = Sandbox::new();
    std::fs::remove_file(s.org.join("accordant.yaml")).unwrap();
    let err = s.try_diff("HEAD", None).err().unwrap();
    assert!(
        err.downcast_ref::<accordant::pipeline::NoRepo>().is_some(),
        "{err:#}"
    );
    let out = accordant(&s.top, &["diff", "HEAD", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    let top = s.top.canonicalize().unwrap();
    assert!(
        err.starts_with(&format!(
            "error: no accordant.yaml at or above {}",
            top.display()
        )),
        "{err}"
    );
    assert!(err.contains("`accordant diff BASE --path DIR`"), "{err}");
}

#[test]
fn a_base_without_accordant_yaml_holds_no_agreement() {
    // The pull request that adds accordant.yaml: before it there was no
    // agreement, so every document is added (nothing is "resolved").
    let s = Sandbox::new();
    s.git(&["rm", "-q", "accordant.yaml"]);
    let base = s.commit("before accordant");
    s.git(&["checkout", "-q", "HEAD~1", "--", "accordant.yaml"]);
    let head = s.commit("add accordant.yaml");
    let r = s.diff(&base, Some(&head));
    assert_eq!(r.stats.base_files, 0, "{:?}", r.stats);
    assert!(!r.changes.is_empty());
    assert!(
        r.changes.iter().all(|c| c.change == ChangeType::Added),
        "{:#?}",
        summaries(&r)
    );
    assert!(r.changes.iter().any(|c| c.key == "goal:pipeline-q2"));
    assert!(r.resolved.is_empty(), "{:#?}", r.resolved);
    assert!(r.base.repo.model.is_empty());
}

#[test]
fn an_unknown_revision_suggests_the_nearest_branch_or_tag() {
    let s = Sandbox::new();
    s.git(&["branch", "feature/scoring"]);
    s.git(&["tag", "v1.0"]);
    let suggestion = |rev: &str| match s.try_diff(rev, None).err().unwrap().downcast::<GitError>() {
        Ok(GitError::UnknownRevision { suggestion, .. }) => suggestion,
        other => panic!("{rev}: {other:?}"),
    };
    assert_eq!(suggestion("mian").as_deref(), Some("main"));
    assert_eq!(
        suggestion("feature/scorign").as_deref(),
        Some("feature/scoring")
    );
    assert_eq!(suggestion("v1.1").as_deref(), Some("v1.0"));
    assert_eq!(suggestion("mian~1").as_deref(), Some("main~1"));
    assert_eq!(suggestion("something-else"), None);

    let out = accordant(&s.top, &["diff", "mian", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: revision `mian` not found: no branch, tag or commit of this repository is called that; did you mean `main`?"),
        "{err}"
    );
    let out = accordant(&s.top, &["diff", "HEAD", "v1.1", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean `v1.0`?"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = accordant(&s.top, &["diff", "zzzzzz", "--today", TODAY]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("did you mean"));
}

#[test]
fn numbers_are_given_as_json_numbers_next_to_their_words() {
    let s = Sandbox::new();
    let base = s.git(&["rev-parse", "HEAD"]);
    s.edit("goals/pipeline.yaml", "target: 4000000", "target: 4500000");
    s.edit(
        "agreements/mql-handoff.yaml",
        "response_time_hours: 24",
        "response_time_hours: 36.5",
    );
    s.edit("agreements/mql-handoff.yaml", "amount: 600", "amount: 3600");
    s.edit("agreements/mql-handoff.yaml", "review_every_days: 92\n", "");
    s.edit(
        "rituals/weekly.yaml",
        "cadence: weekly",
        "cadence: biweekly",
    );
    let head = s.commit("numbers");

    // The library's changes.
    let r = s.diff(&base, Some(&head));
    let t = change(&r, "goal:pipeline-q2", "target");
    assert_eq!((t.before_value, t.after_value), (Some(4e6), Some(4.5e6)));
    let rt = change(
        &r,
        "agreement:mql-handoff",
        "commitments[sales].response_time_hours",
    );
    assert_eq!((rt.before_value, rt.after_value), (Some(24.0), Some(36.5)));
    let c = change(&r, "ritual:pipeline-review", "cadence");
    assert_eq!((c.before_value, c.after_value), (None, None));

    // The JSON: numbers as numbers (whole ones without `.0`), the words unchanged.
    let out = accordant(
        &s.top,
        &["diff", &base, &head, "--format", "json", "--today", TODAY],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_field = |field: &str| {
        v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == field)
            .unwrap_or_else(|| panic!("no {field} in {v:#}"))
            .clone()
    };
    let t = by_field("target");
    assert_eq!(t["before"], "$4.0M");
    assert_eq!(t["after"], "$4.5M");
    assert!(t["before_value"].is_u64() && t["before_value"] == 4_000_000);
    assert!(t["after_value"].is_u64() && t["after_value"] == 4_500_000);
    let cap = by_field("commitments[sales].capacity");
    assert_eq!(cap["after"], "3,600");
    assert_eq!(cap["after_value"], 3600);
    let rt = by_field("commitments[sales].response_time_hours");
    assert_eq!(rt["after"], "36.5 h");
    assert_eq!(rt["after_value"], 36.5);
    let gone = by_field("review_every_days");
    assert_eq!(gone["before_value"], 92);
    assert!(gone["after_value"].is_null() && gone["after"].is_null());
    let cadence = by_field("cadence");
    assert!(cadence["before_value"].is_null() && cadence["after_value"].is_null());
    assert_eq!(cadence["after"], "biweekly");
}

#[test]
fn the_markdown_is_cut_to_size_without_breaking_it() {
    let s = Sandbox::new();
    s.edit(
        "goals/pipeline.yaml",
        "    owner: sales\n",
        "    owner: '@nobody-here'\n",
    );
    let base = s.commit("base with a finding");
    for (from, to) in [
        ("target: 4000000", "target: 4500000"),
        ("period: FY27-Q2", "period: FY27-Q1"),
        (
            "owners: [marketing, sales]",
            "owners: [marketing, sales, ghost]",
        ),
    ] {
        s.edit("goals/pipeline.yaml", from, to);
    }
    s.edit(
        "rituals/weekly.yaml",
        "cadence: weekly",
        "cadence: biweekly",
    );
    let head = s.commit("head");
    let r = s.diff(&base, Some(&head));
    let full = r.markdown(usize::MAX);
    assert_eq!(
        full.matches("<details>").count(),
        full.matches("</details>").count()
    );
    assert!(!full.contains("cut to fit"));
    for max in [300, 700, full.len() - 1] {
        let cut = r.markdown(max);
        assert!(cut.len() <= max, "{} > {max}", cut.len());
        assert!(cut.contains("job summary"), "{cut}");
        assert_eq!(
            cut.matches("<details>").count(),
            cut.matches("</details>").count(),
            "{cut}"
        );
    }
    assert_eq!(r.markdown(full.len()), full);
}

fn accordant(dir: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("accordant")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_line_exit_codes_and_formats() {
    let s = Sandbox::new();
    let base = s.git(&["rev-parse", "HEAD"]);
    s.edit(
        "rituals/weekly.yaml",
        "participants: [marketing, sales]",
        "participants: [marketing, sales, growth]",
    );
    let head = s.commit("introduce a dangling reference");
    let org = s.org.to_str().unwrap();
    let out = accordant(
        &s.top,
        &[
            "diff", &base, &head, "--path", org, "--format", "json", "--today", TODAY,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["base"]["commit"], base.as_str());
    assert_eq!(v["head"]["commit"], head.as_str());
    assert!(v["summary"]["introduced"]["errors"].as_u64().unwrap() >= 1);
    assert_eq!(v["changes"][0]["key"], "ritual:pipeline-review");
    assert_eq!(v["changes"][0]["detail"], "participants: growth added");
    assert!(v["findings"]["introduced"][0]["location"]["path"].is_string());

    let out = accordant(
        &s.top,
        &[
            "diff",
            &base,
            &head,
            "--fail-on",
            "never",
            "--format",
            "markdown",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("### accordant review"), "{md}");

    let out = accordant(
        &s.top,
        &[
            "diff",
            &head,
            &head,
            "--fail-on",
            "any",
            "--today",
            TODAY,
            "--color",
            "never",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "the head still has the error");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Already there (1)") || text.contains("Already there ("),
        "{text}"
    );
    assert!(!text.contains('\x1b'));

    let out = accordant(&s.top, &["diff", "nope", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("revision `nope` not found"));
}

// ---- Payouts before and after, and the running-plan rule (issue 11) -----------

/// The fixture's joint plan with targets and a budget, committed as the base.
fn with_targets() -> Sandbox {
    let s = Sandbox::new();
    let f = "incentives/joint.yaml";
    let text = std::fs::read_to_string(s.org.join(f)).unwrap();
    s.write(
        f,
        &format!(
            "{text}targets:\n  - participant: sales\n    amount: 10000\n    currency: EUR\n    \
             headcount: 2\n  - participant: marketing\n    amount: 6000\n    currency: EUR\n    \
             headcount: 1\nbudget:\n  currency: EUR\n  at_target: 30000\n  ceiling: 60000\n"
        ),
    );
    s.commit("targets");
    s
}

#[test]
fn a_plan_change_shows_payouts_before_and_after() {
    let s = with_targets();
    // Period FY27-Q2 started on 2026-11-01; the change says from when it applies.
    s.edit(
        "incentives/joint.yaml",
        "cap: 150",
        "cap: 110\n    floor: 0",
    );
    s.edit(
        "incentives/joint.yaml",
        "period: FY27-Q2",
        "period: FY27-Q2\neffective_from: 2026-12-01",
    );
    let r = s.diff_commit();
    let p = r
        .payouts
        .iter()
        .find(|p| p.id == "joint-pipeline")
        .expect("payout section for the changed plan");
    assert_eq!(p.status, "changed");
    let sales = p.rows.iter().find(|r| r.label == "sales").unwrap();
    // Sales is paid on pipeline only (mqls applies to marketing): 70 % weight.
    // At 120 %: before 120 % x 70 % x 10,000 = 8,400; after capped at 110 %: 7,700.
    assert_eq!(
        sales.cells[2],
        (
            "120%".into(),
            Some("8400.00".into()),
            Some("7700.00".into())
        )
    );
    assert_eq!(
        sales.cells[1].1, sales.cells[1].2,
        "100 % is below both caps"
    );
    // Cost at 150 %: before 2 x 10,500 + marketing (10,500 x 0.6 + 30 % x 120 % x 6,000)
    let cost = p.cost.iter().find(|r| r.label == "total cost").unwrap();
    assert_eq!(cost.cells[0].0, "100%");
    assert_ne!(cost.cells[1].1, cost.cells[1].2);
    let ceiling = p.cost.iter().find(|r| r.label == "budget ceiling").unwrap();
    assert_eq!(ceiling.cells[0].1.as_deref(), Some("60000.00"));
    assert!(!r.introduced.iter().any(|d| d.code == "I418"));
    let md = r.markdown(usize::MAX);
    assert!(md.contains("What the changed plans pay (1)"), "{md}");
    assert!(
        md.contains(
            "| sales | 5,600.00 EUR (same) | 7,000.00 EUR (same) | 8,400.00 EUR → 7,700.00 EUR |"
        ),
        "{md}"
    );
    let mut json = Vec::new();
    accordant::diff::render::json(&r, &mut json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["payouts"][0]["id"], "joint-pipeline");
}

#[test]
fn a_running_plan_changed_without_effective_from_is_an_error() {
    let s = with_targets();
    s.edit("incentives/joint.yaml", "cap: 150", "cap: 110");
    let r = s.diff_commit();
    let d = r
        .introduced
        .iter()
        .find(|d| d.code == "I418")
        .expect("I418 for a running plan changed without effective_from");
    assert_eq!(d.severity, accordant::diag::Severity::Error);
    assert!(d.message.contains("`joint-pipeline`"), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("effective_from: 2026-11-27")
    );
    assert!(r.counts_introduced().errors >= 1);
    // A change that pays the same (a description) needs no date.
    let s = with_targets();
    s.edit(
        "incentives/joint.yaml",
        "name: Joint pipeline bonus",
        "name: Joint pipeline bonus\ndescription: Same terms.",
    );
    let r = s.diff_commit();
    assert!(!r.introduced.iter().any(|d| d.code == "I418"));
    assert!(r.payouts.is_empty());
}
