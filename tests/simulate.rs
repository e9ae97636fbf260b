//! `accordant simulate`: payouts over the attainment grid, per payee and
//! component, in every format; exact decimals and the rounding rule; what-if
//! attainments from the command line and from a scenario file; mistakes named
//! with file:line:column.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn accordant() -> Command {
    Command::cargo_bin("accordant").unwrap()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = accordant().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const TEAMS: &str = "kind: Team\nid: sales\nname: Sales\nleads: ['@ana']\nmembers:\n  - github: ana\n    name: Ana\n    role: AE\n  - github: bo\n    name: Bo\n    role: AE\n  - github: cy\n    name: Cy\n    role: Manager\n---\nkind: Team\nid: marketing\nname: Marketing\nleads: ['@dee']\nmembers:\n  - github: dee\n    name: Dee\n";

const PLAN: &str = "\
kind: Incentive
id: plan
name: Plan
period: q1
participants: [sales, marketing]
variable_pay_share: 50
components:
  - id: bookings
    goal: bookings
    weight: 60
    cap: 150
    curve:
      semantics: marginal
      tiers:
        - {from: 0, rate: 1}
        - {from: 100, rate: 2}
  - id: quality
    metric: quality
    weight: 40
    threshold: 50
    curve:
      semantics: tiered
      tiers:
        - {from: 0, rate: 1}
        - {from: 100, rate: 1.5}
gate:
  goal: bookings
  min_attainment: 50
  applies_to: [sales, marketing]
targets:
  - participant: sales
    role: AE
    amount: 10000
    currency: EUR
  - participant: marketing
    variable_pay: 10.25
    currency: EUR
budget:
  currency: EUR
  at_target: 20000
  ceiling: 25000
";

fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    fs::write(
        dir.path().join("accordant.yaml"),
        "org: Sim\nperiods:\n  - id: q1\n    start: 2026-01-01\n    end: 2026-03-31\n",
    )
    .unwrap();
    fs::write(dir.path().join("teams.yaml"), TEAMS).unwrap();
    for (name, body) in files {
        fs::write(dir.path().join(name), body).unwrap();
    }
    dir
}

fn json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["simulate", dir.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// The point at `att` of the first plan.
fn point<'a>(v: &'a Value, att: &str) -> &'a Value {
    v["plans"][0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["attainment"] == att)
        .unwrap_or_else(|| panic!("no point at {att}"))
}

#[test]
fn json_pays_each_curve_by_its_semantics_over_the_default_grid() {
    let dir = repo(&[("plan.yaml", PLAN)]);
    let v = json(dir.path(), &[]);
    assert_eq!(v["version"], 1);
    let grid: Vec<&str> = v["grid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert_eq!(
        grid,
        ["0", "50", "80", "90", "100", "110", "120", "150", "200"]
    );
    let plan = &v["plans"][0];
    assert_eq!(plan["payees"][0]["participant"], "sales");
    assert_eq!(plan["payees"][0]["role"], "AE");
    assert_eq!(plan["payees"][0]["headcount"], 2, "two members are AEs");
    assert_eq!(plan["payees"][0]["target"], "10000.00");
    // 50 % of 10.25 of variable pay is 5.125: rounded half to even to 5.12.
    assert_eq!(plan["payees"][1]["target"], "5.12");
    // At 120 %: bookings marginal 100 + 20 x 2 = 140 % x 60 % of 10,000 = 8,400;
    // quality tiered 120 x 1.5 = 180 % x 40 % = 7,200.
    let ae = &point(&v, "120")["payees"][0];
    assert_eq!(ae["components"][0]["factor"], "140");
    assert_eq!(ae["components"][0]["amount"], "8400.00");
    assert_eq!(ae["components"][1]["factor"], "180");
    assert_eq!(ae["components"][1]["amount"], "7200.00");
    assert_eq!(ae["total"], "15600.00");
    assert_eq!(ae["total_pct"], "156.00");
    assert_eq!(ae["gate"], "met");
    // Capped at 150 %: 100 + 50 x 2 = 200 % at 200 % attainment too.
    assert_eq!(
        point(&v, "200")["payees"][0]["components"][0]["factor"],
        "200"
    );
    // Below the gate nothing is paid.
    let zero = &point(&v, "0")["payees"][0];
    assert_eq!(zero["gate"], "not met");
    assert_eq!(zero["total"], "0.00");
    // Marketing at 120 %: 5.12 x 60 % x 140 % = 4.3008 -> 4.30, and
    // 5.12 x 40 % x 180 % = 3.6864 -> 3.69. Cost: 2 AEs and 1 marketer,
    // 2 x 15,600 + 7.99, over the ceiling.
    let p120 = point(&v, "120");
    assert_eq!(p120["payees"][1]["components"][0]["amount"], "4.30");
    assert_eq!(p120["payees"][1]["total"], "7.99");
    assert_eq!(p120["cost"]["EUR"], "31207.99");
    assert_eq!(p120["over_ceiling"], true);
    assert_eq!(point(&v, "100")["over_ceiling"], false);
    assert_eq!(plan["budget"]["ceiling"], "25000");
}

#[test]
fn money_is_exact_and_rounded_half_to_even_per_component() {
    // 10.25 x 50 % = 5.125, exactly half a cent: half to even gives 5.12 (binary
    // floating point and half-up rounding would both give 5.13). 0.1 + 0.2 of
    // target at 100 % is exactly 0.30.
    let plan = "kind: Incentive\nid: p\nname: P\nperiod: q1\nparticipants: [sales]\n\
                components:\n  - {id: a, goal: g, weight: 50}\n  - {id: b, goal: h, weight: 50}\n\
                targets:\n  - {participant: sales, amount: 10.25, currency: EUR, headcount: 1}\n";
    let dir = repo(&[("p.yaml", plan)]);
    let v = json(dir.path(), &["--grid", "100"]);
    let p = &v["plans"][0]["points"][0]["payees"][0];
    assert_eq!(p["components"][0]["amount"], "5.12");
    assert_eq!(p["components"][1]["amount"], "5.12");
    assert_eq!(p["total"], "10.24", "the total is the sum of rounded parts");
    let tenths = "kind: Incentive\nid: p\nname: P\nperiod: q1\nparticipants: [sales]\n\
                  components:\n  - {id: a, goal: g, weight: 10}\n  - {id: b, goal: h, weight: 20}\n\
                  targets:\n  - {participant: sales, amount: 1, currency: EUR}\n";
    let dir = repo(&[("p.yaml", tenths)]);
    let v = json(dir.path(), &["--grid", "100"]);
    assert_eq!(v["plans"][0]["points"][0]["payees"][0]["total"], "0.30");
    assert!(v["rounding"].as_str().unwrap().contains("half to even"));
}

#[test]
fn what_if_attainments_from_flags_and_scenario_files() {
    let dir = repo(&[("plan.yaml", PLAN)]);
    // Quality fixed at 100 %, bookings along the grid.
    let v = json(
        dir.path(),
        &["--grid", "80", "--attainment", "quality=100%"],
    );
    let ae = &v["plans"][0]["points"][0]["payees"][0];
    assert_eq!(ae["components"][0]["attainment"], "80");
    assert_eq!(ae["components"][1]["attainment"], "100");
    // 80 % x 60 % x 10,000 + 150 % x 40 % x 10,000 (tiered: 100 reaches the 1.5 tier).
    assert_eq!(ae["total"], "10800.00");
    fs::write(
        dir.path().join("what-if.yaml"),
        "# close these numbers\ngrid: [100]\nattainment:\n  bookings: 110\n  quality: \"95%\"\n",
    )
    .unwrap();
    let scen = dir.path().join("what-if.yaml");
    let v = json(dir.path(), &["--scenario", scen.to_str().unwrap()]);
    assert_eq!(v["grid"], serde_json::json!(["100"]));
    assert_eq!(v["overrides"]["bookings"], "110");
    let ae = &v["plans"][0]["points"][0]["payees"][0];
    // 120 % x 60 % x 10,000 = 7,200; 95 % x 40 % x 10,000 = 3,800.
    assert_eq!(ae["total"], "11000.00");
}

#[test]
fn mistakes_stop_with_exit_2_and_say_where() {
    let dir = repo(&[("plan.yaml", PLAN)]);
    let d = dir.path().to_str().unwrap();
    fs::write(
        dir.path().join("bad.yaml"),
        "attainment:\n  bookings: lots\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.yaml");
    let (code, _, err) = run(&["simulate", d, "--scenario", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.yaml:2:13"), "{err}");
    assert!(err.contains("percent of 0 or more"), "{err}");
    fs::write(dir.path().join("bad.yaml"), "atainment: {}\n").unwrap();
    let (code, _, err) = run(&["simulate", d, "--scenario", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.yaml:1:1") && err.contains("unknown key `atainment`"),
        "{err}"
    );
    fs::write(dir.path().join("bad.yaml"), "attainment: [\n").unwrap();
    let (code, _, err) = run(&["simulate", d, "--scenario", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.yaml:"), "{err}");
    let (code, _, err) = run(&["simulate", d, "--attainment", "nope=100"]);
    assert_eq!(code, 2);
    assert!(err.contains("`nope`") && err.contains("bookings"), "{err}");
    let (code, _, err) = run(&["simulate", d, "--grid", "80,lots"]);
    assert_eq!(code, 2);
    assert!(err.contains("`lots`"), "{err}");
    let (code, _, err) = run(&["simulate", d, "--plan", "other"]);
    assert_eq!(code, 2);
    assert!(err.contains("the plans are: plan"), "{err}");
}

#[test]
fn human_markdown_and_csv_show_the_same_numbers() {
    let dir = repo(&[("plan.yaml", PLAN)]);
    let d = dir.path().to_str().unwrap();
    let (code, human, _) = run(&["simulate", d, "--grid", "100,120", "--color", "never"]);
    assert_eq!(code, 0);
    assert!(
        human.contains("sales (AE) × 2 · target 10,000.00 EUR per person"),
        "{human}"
    );
    assert!(human.contains("15,600.00 (156%)"), "{human}");
    assert!(human.contains("OVER the ceiling of 25,000.00"), "{human}");
    assert!(human.contains("Rounding: "));
    let (_, md, _) = run(&["simulate", d, "--grid", "100,120", "--format", "markdown"]);
    assert!(md.contains("## Plan (`plan`)"), "{md}");
    assert!(
        md.contains("| 120% | 8,400.00 | 7,200.00 | 15,600.00 (156%) |"),
        "{md}"
    );
    let (_, csv, _) = run(&["simulate", d, "--grid", "120", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "plan,participant,role,headcount,currency,attainment,component,component_attainment,factor_pct,amount"
    );
    assert!(
        csv.contains("plan,sales,AE,2,EUR,120,bookings,120,140,8400.00\n"),
        "{csv}"
    );
    assert!(
        csv.contains("plan,sales,AE,2,EUR,120,total,,156.00,15600.00\n"),
        "{csv}"
    );
    assert!(
        csv.contains("plan,cost,,,EUR,120,total,,,31207.99\n"),
        "{csv}"
    );
}

#[test]
fn a_plan_without_targets_is_simulated_in_percent_of_target() {
    let plan = "kind: Incentive\nid: p\nname: P\nperiod: q1\nparticipants: [sales]\n\
                components:\n  - {id: a, goal: g, weight: 100, threshold: 80, cap: 120}\n";
    let dir = repo(&[("p.yaml", plan)]);
    let v = json(dir.path(), &["--grid", "79,80,130"]);
    let pts = v["plans"][0]["points"].as_array().unwrap();
    assert_eq!(pts[0]["payees"][0]["total_pct"], "0.00");
    assert_eq!(pts[1]["payees"][0]["total_pct"], "80.00");
    assert_eq!(pts[2]["payees"][0]["total_pct"], "120.00");
    assert!(pts[2]["payees"][0]["total"].is_null());
    assert_eq!(v["plans"][0]["payees"][0]["headcount"], 3);
}

#[test]
fn the_example_repo_simulates_every_plan() {
    let acme = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    let v = json(&acme, &[]);
    let plans = v["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 4);
    let joint = plans
        .iter()
        .find(|p| p["id"] == "joint-pipeline-bonus-fy27-h1")
        .unwrap();
    let at120 = joint["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["attainment"] == "120")
        .unwrap();
    // AE target 9,000: pipeline 130 % x 70 % = 8,190; quality capped 120 % x 30 % = 3,240.
    assert_eq!(at120["payees"][0]["total"], "11430.00");
}

#[test]
fn only_the_files_of_plans_and_teams_are_read_for_a_simulation() {
    // A broken goal file does not concern the plans: no warning, the same numbers.
    let dir = repo(&[
        ("plan.yaml", PLAN),
        ("goal.yaml", "kind: Goal\nid: g\ntitle: [unclosed\n"),
    ]);
    let (code, out, err) = run(&[
        "simulate",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--grid",
        "120",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["plans"][0]["points"][0]["payees"][0]["total"], "15600.00");
    // A broken plan is reported (its bad values are left out).
    fs::write(
        dir.path().join("bad-plan.yaml"),
        "kind: Incentive\nid: bad\nname: Bad\nperiod: q1\nparticipants: [sales]\n\
         components:\n  - {id: c, weight: lots}\n",
    )
    .unwrap();
    let (code, _, err) = run(&["simulate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        err.contains("warning: the plans' and teams' files have"),
        "{err}"
    );
}
