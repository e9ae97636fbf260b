//! `accordant simulate [PATH]`: what every incentive plan pays over a grid of
//! attainments, per participant (or role) and component, and what the plan costs
//! against its budget. The arithmetic is in [`crate::payout`]; this module parses
//! the arguments and the scenario file and renders the result.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::ValueEnum;
use rust_decimal::Decimal;

use super::Outcome;
use super::support::{repo_hint, write_stdout};
use crate::escape;
use crate::load::yaml::{self, Node, Value};
use crate::model::Incentive;
use crate::payout::sim::{Simulation, simulate};
use crate::payout::{DEFAULT_GRID, money, parse_percent, plain};

/// Output formats of `simulate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SimFormat {
    /// Tables for a terminal.
    Human,
    /// A versioned JSON object; amounts are exact decimal strings.
    Json,
    /// One row per plan, payee, attainment and component (plus a `total` row).
    Csv,
    /// Markdown tables.
    Markdown,
}

/// Payout of every incentive plan at a grid of attainments.
///
/// Exit codes: 0 simulated; 2 could not run (no repo, a bad --grid, --attainment
/// or scenario file).
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The repo (or any folder inside it).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[arg(long, short, value_enum, default_value_t = SimFormat::Human)]
    pub format: SimFormat,
    /// Attainments to simulate, in percent, comma-separated
    /// (default 0,50,80,90,100,110,120,150,200).
    #[arg(long, value_name = "PCTS")]
    pub grid: Option<String>,
    /// Fix one attainment at every grid point: `ID=PCT`, where ID is a goal, a
    /// metric or a component id, e.g. `--attainment pipeline-fy27-h1=110%`.
    /// Repeat for several.
    #[arg(long = "attainment", value_name = "ID=PCT")]
    pub attainments: Vec<String>,
    /// A YAML scenario file with `attainment:` (id -> percent) and an optional
    /// `grid:` list; --grid and --attainment win over it.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Only these plans (incentive ids); repeat for several.
    #[arg(long = "plan", value_name = "ID")]
    pub plans: Vec<String>,
    /// Colour: auto, always or never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// Print how long each phase took (to standard error).
    #[arg(long)]
    pub timings: bool,
}

/// A scenario file: its grid and overrides.
#[derive(Debug, Default)]
struct Scenario {
    grid: Option<Vec<Decimal>>,
    overrides: BTreeMap<String, Decimal>,
}

fn at(path: &Path, node_span: yaml::Span) -> String {
    format!(
        "{}:{}:{}",
        path.display(),
        node_span.start.line,
        node_span.start.col
    )
}

fn percent_of(node: &Node) -> Option<Decimal> {
    match &node.value {
        Value::Int(i) => (*i >= 0).then(|| Decimal::from(*i)),
        Value::Float(f) => crate::payout::dec(*f).filter(|d| *d >= Decimal::ZERO),
        Value::Str(s) => parse_percent(s),
        _ => None,
    }
}

/// Reads a scenario file; every mistake names its file:line:column.
fn read_scenario(path: &Path) -> anyhow::Result<Scenario> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let docs = yaml::parse_stream(&text, yaml::Limits::default()).map_err(|e| {
        anyhow::anyhow!(
            "{}: {}{}",
            at(path, e.span),
            e.message,
            e.help.map(|h| format!(" ({h})")).unwrap_or_default()
        )
    })?;
    let mut sc = Scenario::default();
    let Some(doc) = docs.into_iter().next() else {
        return Ok(sc);
    };
    let Value::Map(entries) = &doc.value else {
        anyhow::bail!(
            "{}: a scenario is a mapping with `attainment:` (id: percent) and an optional \
             `grid:` list",
            at(path, doc.span)
        );
    };
    for (k, v) in entries {
        match k.text.as_str() {
            "grid" => {
                let Value::Seq(items) = &v.value else {
                    anyhow::bail!(
                        "{}: `grid` is a list of percents, e.g. [80, 100, 120]",
                        at(path, v.span)
                    );
                };
                let mut g = Vec::new();
                for item in items {
                    g.push(percent_of(item).with_context(|| {
                        format!(
                            "{}: a grid value is a percent of 0 or more, e.g. 110",
                            at(path, item.span)
                        )
                    })?);
                }
                sc.grid = Some(g);
            }
            "attainment" => {
                let Value::Map(ids) = &v.value else {
                    anyhow::bail!(
                        "{}: `attainment` maps goal, metric or component ids to percents, \
                         e.g. `pipeline-fy27-h1: 110`",
                        at(path, v.span)
                    );
                };
                for (id, pct) in ids {
                    let p = percent_of(pct).with_context(|| {
                        format!(
                            "{}: the attainment of `{}` must be a percent of 0 or more, e.g. \
                             110 or \"110%\"",
                            at(path, pct.span),
                            escape::terminal(&id.text)
                        )
                    })?;
                    sc.overrides.insert(id.text.clone(), p);
                }
            }
            other => anyhow::bail!(
                "{}: unknown key `{}` in a scenario: use `attainment` and `grid`",
                at(path, k.span),
                escape::terminal(other)
            ),
        }
    }
    Ok(sc)
}

fn parse_grid(s: &str) -> anyhow::Result<Vec<Decimal>> {
    s.split(',')
        .map(|p| {
            parse_percent(p).with_context(|| {
                format!(
                    "--grid: `{}` is not a percent of 0 or more; write e.g. 0,80,100,120",
                    escape::terminal(p.trim())
                )
            })
        })
        .collect()
}

/// The ids an override may name for `plans`.
fn known_ids(plans: &[&Incentive]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for inc in plans {
        for c in &inc.components {
            ids.insert(c.id.value.clone());
            ids.extend(c.goal.iter().map(|g| g.value.clone()));
            ids.extend(c.metric.iter().map(|m| m.value.clone()));
        }
        if let Some(g) = &inc.gate {
            ids.extend(g.goal.iter().map(|g| g.value.clone()));
            ids.extend(g.metric.iter().map(|m| m.value.clone()));
        }
    }
    ids
}

pub fn run(args: &SimulateArgs) -> anyhow::Result<Outcome> {
    if args.timings {
        crate::timings::enable();
    }
    let mut scenario = match &args.scenario {
        Some(p) => read_scenario(p)?,
        None => Scenario::default(),
    };
    for a in &args.attainments {
        let (id, pct) = a.split_once('=').with_context(|| {
            format!(
                "--attainment `{}`: write ID=PCT, e.g. pipeline-fy27-h1=110%",
                escape::terminal(a)
            )
        })?;
        let p = parse_percent(pct).with_context(|| {
            format!(
                "--attainment `{}`: `{}` is not a percent of 0 or more",
                escape::terminal(a),
                escape::terminal(pct)
            )
        })?;
        scenario.overrides.insert(id.trim().to_string(), p);
    }
    let grid = match &args.grid {
        Some(g) => parse_grid(g)?,
        None => scenario
            .grid
            .clone()
            .unwrap_or_else(|| DEFAULT_GRID.iter().map(|g| Decimal::from(*g)).collect()),
    };
    if grid.is_empty() {
        anyhow::bail!("the grid is empty: give at least one attainment, e.g. --grid 100");
    }
    // Only plans and teams (for headcounts) are needed: the other files are not
    // parsed (see `load_dir_only`).
    let repo = crate::pipeline::repo_root(&args.path)
        .and_then(|root| crate::load::load_dir_only(&root, &["Incentive", "Team"]))
        .map_err(|e| repo_hint(e, &args.path, "`accordant simulate PATH`"))?;
    let model = &repo.model;
    for id in &args.plans {
        if model.incentive(id).is_none() {
            let ids: Vec<&str> = model.incentives.iter().map(|i| i.id.as_str()).collect();
            anyhow::bail!(
                "--plan `{}`: no incentive has this id; the plans are: {}",
                escape::terminal(id),
                escape::terminal(&ids.join(", "))
            );
        }
    }
    let plans: Vec<&Incentive> = model
        .incentives
        .iter()
        .filter(|i| args.plans.is_empty() || args.plans.iter().any(|p| *p == *i.id))
        .collect();
    let known = known_ids(&plans);
    for id in scenario.overrides.keys() {
        if !known.contains(id) {
            anyhow::bail!(
                "attainment for `{}`: no simulated plan pays on a component, goal or metric \
                 with this id; use one of: {}",
                escape::terminal(id),
                escape::terminal(&known.iter().cloned().collect::<Vec<_>>().join(", "))
            );
        }
    }
    let with_errors = repo
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .count();
    if with_errors > 0 {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "warning: the plans' and teams' files have {with_errors} load or schema error(s); \
             values that failed are left out of the simulation (run `accordant check` to see \
             them)"
        );
    }
    let sim = crate::timings::time("simulate", || {
        simulate(
            model,
            &plans,
            &|inc| repo.sources.path(inc.loc.file).to_string(),
            &grid,
            &scenario.overrides,
        )
    });
    let written = crate::timings::time("report", || {
        write_stdout(&args.color, |out, _| match args.format {
            SimFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, &sim).map_err(std::io::Error::from)?;
                out.write_all(b"\n")
            }
            SimFormat::Csv => out.write_all(csv(&sim).as_bytes()),
            SimFormat::Human => out.write_all(tables(&sim, false).as_bytes()),
            SimFormat::Markdown => out.write_all(tables(&sim, true).as_bytes()),
        })
    });
    crate::timings::print();
    written?;
    Ok(Outcome::Clean)
}

/// CSV: one row per plan, payee, attainment and component, and a `total` row.
pub fn csv(sim: &Simulation) -> String {
    let mut s = String::from(
        "plan,participant,role,headcount,currency,attainment,component,component_attainment,\
         factor_pct,amount\n",
    );
    let f = escape::csv_field;
    for p in &sim.plans {
        for pt in &p.points {
            for (payee, pp) in p.payees.iter().zip(&pt.payees) {
                let lead = format!(
                    "{},{},{},{},{},{}",
                    f(&p.id),
                    f(&payee.participant),
                    f(payee.role.as_deref().unwrap_or("")),
                    payee.headcount,
                    f(payee.currency.as_deref().unwrap_or("")),
                    plain(pt.attainment)
                );
                for c in &pp.components {
                    s.push_str(&format!(
                        "{lead},{},{},{},{}\n",
                        f(&c.id),
                        plain(c.attainment),
                        plain(c.factor),
                        c.amount.map(|a| a.to_string()).unwrap_or_default()
                    ));
                }
                s.push_str(&format!(
                    "{lead},total,,{},{}\n",
                    pp.total_pct,
                    pp.total.map(|a| a.to_string()).unwrap_or_default()
                ));
            }
            for (cur, v) in &pt.cost {
                s.push_str(&format!(
                    "{},cost,,,{},{},total,,,{}\n",
                    f(&p.id),
                    f(cur),
                    plain(pt.attainment),
                    v
                ));
            }
        }
    }
    s
}

/// Human or Markdown tables: per plan, one table per payee (attainment rows,
/// component columns, total), then the cost against the budget.
pub fn tables(sim: &Simulation, md: bool) -> String {
    let text = |s: &str| {
        if md {
            escape::markdown(s)
        } else {
            escape::terminal(s)
        }
    };
    let mut out = String::new();
    if !sim.overrides.is_empty() {
        let fixed: Vec<String> = sim
            .overrides
            .iter()
            .map(|(k, v)| format!("{} at {}%", text(k), plain(*v)))
            .collect();
        out.push_str(&format!("Fixed at every point: {}.\n\n", fixed.join(", ")));
    }
    for p in &sim.plans {
        if md {
            out.push_str(&format!(
                "## {} (`{}`)\n\n",
                text(&p.name),
                escape::markdown_code(&p.id)
            ));
        } else {
            out.push_str(&format!(
                "{} ({}) · {}\n\n",
                text(&p.name),
                text(&p.id),
                text(&p.file)
            ));
        }
        for (i, payee) in p.payees.iter().enumerate() {
            let target = match (payee.target, &payee.currency) {
                (Some(t), Some(c)) => format!("target {} {} per person", money(t), text(c)),
                _ => "no target amount: percent of target".to_string(),
            };
            out.push_str(&format!(
                "{}{} × {} · {target}\n\n",
                if md { "### " } else { "  " },
                text(&payee.label()),
                payee.headcount,
            ));
            let mut header = vec!["attainment".to_string()];
            header.extend(
                p.points
                    .first()
                    .map(|pt| {
                        pt.payees[i]
                            .components
                            .iter()
                            .map(|c| text(&c.id))
                            .collect()
                    })
                    .unwrap_or_else(Vec::new),
            );
            header.push("total".into());
            let mut rows = Vec::new();
            for pt in &p.points {
                let pp = &pt.payees[i];
                let mut row = vec![format!("{}%", plain(pt.attainment))];
                for c in &pp.components {
                    row.push(match c.amount {
                        Some(a) => money(a),
                        None => format!("{}%", plain(c.factor)),
                    });
                }
                let gate = if pp.gate == Some("not met") {
                    " (gate not met)"
                } else {
                    ""
                };
                row.push(match pp.total {
                    Some(t) => format!("{} ({}%){gate}", money(t), plain(pp.total_pct)),
                    None => format!("{}%{gate}", plain(pp.total_pct)),
                });
                rows.push(row);
            }
            out.push_str(&table(&header, &rows, md));
            out.push('\n');
        }
        let currencies: BTreeSet<&String> = p.points.iter().flat_map(|pt| pt.cost.keys()).collect();
        if !currencies.is_empty() {
            let mut header = vec!["attainment".to_string()];
            header.extend(currencies.iter().map(|c| format!("cost {}", text(c))));
            if p.budget.is_some() {
                header.push("budget".into());
            }
            let mut rows = Vec::new();
            for pt in &p.points {
                let mut row = vec![format!("{}%", plain(pt.attainment))];
                for c in &currencies {
                    row.push(pt.cost.get(*c).map(|v| money(*v)).unwrap_or_default());
                }
                if let Some(b) = &p.budget {
                    let mut cell = Vec::new();
                    if pt.attainment == Decimal::ONE_HUNDRED
                        && let Some(t) = b.at_target
                    {
                        cell.push(format!("at target {}", money(t)));
                    }
                    if let Some(c) = b.ceiling {
                        cell.push(if pt.over_ceiling {
                            format!("OVER the ceiling of {}", money(c))
                        } else {
                            format!("within {}", money(c))
                        });
                    }
                    row.push(cell.join(", "));
                }
                rows.push(row);
            }
            if md {
                out.push_str("### Cost\n\n");
            } else {
                out.push_str("  cost\n\n");
            }
            out.push_str(&table(&header, &rows, md));
            out.push('\n');
        }
    }
    if sim.plans.is_empty() {
        out.push_str("No incentive plan to simulate.\n");
    }
    out.push_str(&format!("Rounding: {}.\n", sim.rounding));
    out
}

fn table(header: &[String], rows: &[Vec<String>], md: bool) -> String {
    let mut s = String::new();
    if md {
        s.push_str(&format!("| {} |\n", header.join(" | ")));
        s.push_str(&format!(
            "|{}\n",
            header.iter().map(|_| "---:|").collect::<String>()
        ));
        for r in rows {
            s.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        return s;
    }
    let width = |i: usize| {
        rows.iter()
            .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
            .chain(std::iter::once(header[i].chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |cells: &[String]| {
        let mut l = String::from("  ");
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            if i > 0 {
                l.push_str("  ");
            }
            l.push_str(&" ".repeat(pad));
            l.push_str(c);
        }
        l.push('\n');
        l
    };
    s.push_str(&line(header));
    for r in rows {
        s.push_str(&line(r));
    }
    s
}
