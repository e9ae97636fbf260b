//! `accordant init [DIR] --org NAME`: scaffolds a small alignment repo that passes
//! `accordant check` — two teams with a shared goal, the metric it moves, the
//! hand-off between them, a joint incentive, the agreement that governs the
//! hand-off, and the weekly meeting that reviews them — plus the JSON Schemas and
//! editor settings, so that editors complete and check fields offline.
//!
//! It never overwrites a file: a folder that already holds `accordant.yaml` is
//! refused, and any other file that already exists is kept as it is.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::Outcome;
use super::support::{parse_today, write_stdout};
use crate::cli::InitArgs;
use crate::config;
use crate::date::Date;
use crate::load::schema::SCHEMAS;

/// Folder (relative to the repo root) that receives the JSON Schemas.
pub const SCHEMA_DIR: &str = ".accordant/schemas";

/// One file to create: path relative to the repo root, and its text.
struct File {
    path: String,
    text: String,
}

/// The dates the scaffold is planned around: the calendar quarter holding `today`.
struct Plan {
    org: String,
    today: Date,
    /// `2026-Q4`
    period: String,
    /// `2026-q4`, for ids
    slug: String,
    start: Date,
    end: Date,
    /// The Monday on or before `today`, when the weekly meeting started.
    monday: Date,
}

impl Plan {
    fn new(org: &str, today: Date) -> anyhow::Result<Plan> {
        let (y, m, _) = today.ymd();
        let q = (m - 1) / 3 + 1;
        let start = Date::parse(&format!("{y:04}-{:02}-01", (q - 1) * 3 + 1))
            .context("computing the start of the quarter")?;
        let next = if q == 4 {
            format!("{:04}-01-01", y + 1)
        } else {
            format!("{y:04}-{:02}-01", q * 3 + 1)
        };
        let end = Date::parse(&next)
            .context("computing the end of the quarter")?
            .add_days(-1);
        Ok(Plan {
            org: org.to_string(),
            today,
            period: format!("{y}-Q{q}"),
            slug: format!("{y}-q{q}"),
            start,
            end,
            monday: today.add_days(-i64::from(today.weekday())),
        })
    }
}

pub fn run(args: &InitArgs) -> anyhow::Result<Outcome> {
    let today = parse_today(args.today.as_deref())?;
    let dir = &args.dir;
    let org = match &args.org {
        Some(org) => org.trim().to_string(),
        None => ask_org(&org_from_dir(dir))?,
    };
    if org.is_empty() {
        anyhow::bail!("--org must not be empty: give the organisation's name");
    }
    let org = org.as_str();
    let config_path = dir.join(config::FILE_NAME);
    if config_path.exists() {
        anyhow::bail!(
            "{} already exists: {} is already an alignment repo, and init never overwrites \
             files. Run `accordant check {}` instead, or choose an empty folder",
            config_path.display(),
            dir.display(),
            dir.display()
        );
    }
    let plan = Plan::new(org, today)?;
    let (created, kept) = write_all(dir, &files(&plan))?;
    write_stdout("never", |out, _| {
        for path in &created {
            writeln!(out, "created {}", path.display())?;
        }
        for path in &kept {
            writeln!(out, "kept    {} (it already existed)", path.display())?;
            if path.ends_with(".gitignore") {
                writeln!(
                    out,
                    "        add `/site/` to it, so that the playbook `accordant build` \
                     writes stays out of git"
                )?;
            }
        }
        writeln!(
            out,
            "\nOrganisation: {org}\nNext: replace the placeholder people (`todo-...`) in \
             teams/ with real GitHub handles; `accordant check` warns (R207) until you \
             have:\n  accordant check {}",
            dir.display()
        )
    })?;
    Ok(Outcome::Clean)
}

/// What the repo keeps out of git: the playbook that `accordant build` writes
/// (by default into `site/`).
const GITIGNORE: &str =
    "# The playbook built by `accordant build` (publish it from CI, do not commit it).
/site/
";

/// The organisation's name as the folder suggests it: the last component of
/// `dir` (of the current folder for `.`), split at `-`, `_` and `.`, without
/// words that name the repo rather than the company ("alignment", "playbook"),
/// each word capitalised. `globex-alignment` gives "Globex".
fn org_from_dir(dir: &Path) -> String {
    const REPO_WORDS: &[&str] = &[
        "alignment",
        "agreement",
        "agreements",
        "playbook",
        "repo",
        "accordant",
        "gtm",
        "revops",
        "sales",
        "marketing",
    ];
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = absolute
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => None,
            _ => None,
        })
        .next_back()
        .unwrap_or_default();
    let words: Vec<String> = name
        .split(['-', '_', '.', ' '])
        .filter(|w| !w.is_empty() && !REPO_WORDS.contains(&w.to_lowercase().as_str()))
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(c).collect::<String>()
            })
        })
        .collect();
    if words.is_empty() {
        "My organisation".to_string()
    } else {
        words.join(" ")
    }
}

/// Asks for the organisation's name when a person is at the terminal (stdin
/// and stderr both terminals), offering `suggested`; otherwise, and on an empty
/// answer, `suggested`.
fn ask_org(suggested: &str) -> anyhow::Result<String> {
    use std::io::IsTerminal as _;
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Ok(suggested.to_string());
    }
    let mut err = std::io::stderr();
    write!(err, "Organisation name [{suggested}]: ").context("asking for the organisation")?;
    err.flush().context("asking for the organisation")?;
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .context("reading the organisation's name")?;
    let answer = answer.trim();
    Ok(if answer.is_empty() {
        suggested.to_string()
    } else {
        answer.to_string()
    })
}

/// Writes every file that does not exist yet; returns (created, kept) paths.
fn write_all(dir: &Path, files: &[File]) -> anyhow::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut created = Vec::new();
    let mut kept = Vec::new();
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        // `create_new` fails instead of truncating, even if the file appears
        // between a check and the write.
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(f.text.as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
                created.push(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => kept.push(path),
            Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
        }
    }
    Ok((created, kept))
}

/// The first line of a YAML file in `folder`, pointing editors at the schema.
fn modeline(folder_depth: usize, stem: &str) -> String {
    format!(
        "# yaml-language-server: $schema={}{SCHEMA_DIR}/{stem}.schema.json\n",
        "../".repeat(folder_depth)
    )
}

/// Every file of the scaffold.
fn files(plan: &Plan) -> Vec<File> {
    let mut files = vec![
        File {
            path: config::FILE_NAME.into(),
            text: modeline(0, "config") + &config_yaml(plan),
        },
        kind_file("teams/sales.yaml", "team", &team_yaml("sales", "Sales")),
        kind_file(
            "teams/marketing.yaml",
            "team",
            &team_yaml("marketing", "Marketing"),
        ),
        kind_file("metrics/pipeline-value.yaml", "metric", METRIC),
        kind_file("goals/pipeline.yaml", "goal", &goal_yaml(plan)),
        kind_file(
            "responsibilities/lead-follow-up.yaml",
            "responsibility",
            RESPONSIBILITY,
        ),
        kind_file(
            "incentives/joint-pipeline-bonus.yaml",
            "incentive",
            &incentive_yaml(plan),
        ),
        kind_file(
            "agreements/lead-handoff-sla.yaml",
            "agreement",
            &agreement_yaml(plan),
        ),
        kind_file(
            "rituals/weekly-alignment.yaml",
            "ritual",
            &ritual_yaml(plan),
        ),
        File {
            path: ".vscode/settings.json".into(),
            text: vscode_settings(),
        },
        File {
            path: ".gitignore".into(),
            text: GITIGNORE.into(),
        },
    ];
    for (name, text) in SCHEMAS {
        files.push(File {
            path: format!("{SCHEMA_DIR}/{name}"),
            text: (*text).to_string(),
        });
    }
    files
}

fn kind_file(path: &str, stem: &str, body: &str) -> File {
    File {
        path: path.to_string(),
        text: modeline(1, stem) + body,
    }
}

/// A YAML double-quoted string (JSON string syntax is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn config_yaml(p: &Plan) -> String {
    format!(
        "# The configuration of this alignment repo. See `accordant explain CODE` for any
# finding, and docs/format.md in the accordant repository for every field.
org: {org}

# Fiscal periods that goals and incentives refer to by id. Add the next one
# before the quarter starts.
periods:
  - id: {period}
    start: {start}
    end: {end}

# Files to read (default: every .yaml and .yml file); .gitignore is respected.
include:
  - \"**/*.yaml\"

# Change the severity of a rule by code or name, e.g.:
# rules:
#   too-many-consulted: off
",
        org = quoted(&p.org),
        period = p.period,
        start = p.start,
        end = p.end,
    )
}

fn team_yaml(id: &str, name: &str) -> String {
    format!(
        "kind: Team
id: {id}
name: {name}
description: |
  What the {name} team does. Markdown works here.
# People who approve changes for this team: `@` + GitHub handle, quoted.
leads:
  - \"@todo-{id}-lead\"
# Replace the placeholder (`todo-...`) with the real people: `github` is the
# handle WITHOUT the @. `accordant check` warns (R207) until you do.
members:
  - github: todo-{id}-lead
    name: {name} Lead
    role: Head of {name}
channels:
  - type: slack
    name: \"#revenue-team\"
    open: true
"
    )
}

const METRIC: &str = "kind: Metric
id: pipeline-value
name: Qualified pipeline value
aliases: [pipeline]
definition: |
  Sum of the first-year value of opportunities that reached the first sales
  stage in the period, whoever sourced them. Renewals do not count.
unit: currency
currency: EUR
direction: increase
category: pipeline
# One team owns the definition; every team that is measured on it signs it.
owner: sales
approved_by: [sales, marketing]
";

fn goal_yaml(p: &Plan) -> String {
    format!(
        "# A shared goal: both teams own the whole number, one of them leads.
kind: Goal
id: pipeline-{slug}
title: Create 1,000,000 EUR of qualified pipeline in {period}
owners: [sales, marketing]
primary_owner: sales
period: {period}
metric: pipeline-value
target: 1000000
key_results:
  - id: pipeline
    title: 1,000,000 EUR of qualified pipeline
    metric: pipeline-value
    owner: sales
    target: 1000000
    due: {end}
    last_check_in: {today}
",
        slug = p.slug,
        period = p.period,
        end = p.end,
        today = p.today,
    )
}

const RESPONSIBILITY: &str =
    "# RACI: who is Responsible, Accountable (exactly one), Consulted, Informed.
kind: Responsibility
id: lead-follow-up
activity: Lead follow-up
description: |
  Marketing hands qualified leads to Sales, who contact each one quickly and
  accept it or return it with a reason.
handoff:
  from: marketing
  to: sales
responsible: [sales]
accountable: sales
consulted: [marketing]
";

fn incentive_yaml(p: &Plan) -> String {
    format!(
        "# A joint incentive: both owners of the shared goal are paid on it, on the same terms.
kind: Incentive
id: joint-pipeline-bonus-{slug}
name: Joint pipeline bonus {period}
period: {period}
participants: [sales, marketing]
components:
  - id: pipeline
    goal: pipeline-{slug}
    weight: 100
    cap: 150
    curve:                # `accordant simulate` shows what it pays
      semantics: marginal # each band of attainment at its own rate
      tiers:
        - {{from: 60, rate: 2.5}}   # 60% pays 0, 80% pays 50%, 100% pays 100%
        - {{from: 100, rate: 1}}    # linear above target, up to the cap
gate:
  goal: pipeline-{slug}
  min_attainment: 60
  applies_to: [sales, marketing]
",
        slug = p.slug,
        period = p.period,
    )
}

fn agreement_yaml(p: &Plan) -> String {
    format!(
        "# The service-level agreement that governs the lead hand-off.
kind: Agreement
id: lead-handoff-sla
name: Lead hand-off SLA
parties: [marketing, sales]
handoff: lead-follow-up
commitments:
  - team: marketing
    summary: Hand over at least 100 qualified leads a week.
    volume:
      amount: 100
      per: week
  - team: sales
    summary: Contact every lead within 24 hours, with up to five attempts.
    capacity:
      amount: 150
      per: week
    response_time_hours: 24
    contact_attempts: 5
return_rule: Leads Sales does not accept go back to Marketing with a disposition code.
disposition_codes: [no-response, no-budget, wrong-persona]
last_reviewed: {today}
review_every_days: 92
",
        today = p.today,
    )
}

fn ritual_yaml(p: &Plan) -> String {
    format!(
        "# The meeting where both teams review the shared goal and the agreement.
kind: Ritual
id: weekly-alignment
name: Weekly sales and marketing alignment
cadence: weekly
day: monday
time: \"09:30\"
timezone: UTC
duration_minutes: 30
started_on: {monday}
dri: \"@todo-sales-lead\"
participants: [sales, marketing]
goals: [pipeline-{slug}]
agreements: [lead-handoff-sla]
",
        monday = p.monday,
        slug = p.slug,
    )
}

/// VS Code settings mapping each folder to its schema (Red Hat YAML extension).
fn vscode_settings() -> String {
    let folders = [
        ("config", "accordant.yaml".to_string()),
        ("team", "teams/**/*.yaml".to_string()),
        ("metric", "metrics/**/*.yaml".to_string()),
        ("goal", "goals/**/*.yaml".to_string()),
        ("responsibility", "responsibilities/**/*.yaml".to_string()),
        ("incentive", "incentives/**/*.yaml".to_string()),
        ("agreement", "agreements/**/*.yaml".to_string()),
        ("ritual", "rituals/**/*.yaml".to_string()),
    ];
    let mut schemas = serde_json::Map::new();
    for (stem, glob) in folders {
        schemas.insert(
            format!("{SCHEMA_DIR}/{stem}.schema.json"),
            serde_json::Value::String(glob),
        );
    }
    let settings = serde_json::json!({
        "yaml.yamlVersion": "1.2",
        "yaml.schemas": schemas,
    });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_uses_the_calendar_quarter() {
        let p = Plan::new("Acme", Date::parse("2026-11-27").unwrap()).unwrap();
        assert_eq!(p.period, "2026-Q4");
        assert_eq!(p.start.to_string(), "2026-10-01");
        assert_eq!(p.end.to_string(), "2026-12-31");
        assert_eq!(p.monday.to_string(), "2026-11-23");
        let p = Plan::new("Acme", Date::parse("2027-02-28").unwrap()).unwrap();
        assert_eq!(p.period, "2027-Q1");
        assert_eq!(p.end.to_string(), "2027-03-31");
    }

    #[test]
    fn org_names_are_quoted_safely() {
        assert_eq!(quoted("Acme: \"GmbH\" #1"), r##""Acme: \"GmbH\" #1""##);
    }

    #[test]
    fn every_schema_is_mapped_in_the_editor_settings() {
        let settings: serde_json::Value = serde_json::from_str(&vscode_settings()).unwrap();
        let mapped = settings["yaml.schemas"].as_object().unwrap();
        for (name, _) in SCHEMAS {
            assert!(
                mapped.contains_key(&format!("{SCHEMA_DIR}/{name}")),
                "{name}"
            );
        }
    }
}
