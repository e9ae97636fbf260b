//! Incentive plans in plain words, with a worked payout example, a payout table,
//! a chart and a "what will I earn" calculator, all computed with the plan's own
//! curves by [`crate::payout`] (the calculator's script, `assets/calc.js`,
//! implements the same rules; the browser test compares the two).

use serde::Serialize;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Ctx, Party, Ref, Src, attainment, fmt_num, slug};
use crate::model::{Direction, Incentive, Kind, Semantics};
use crate::payout;

/// One component in plain words.
#[derive(Clone, Debug, Serialize)]
pub struct ComponentView {
    pub id: String,
    pub on: Ref,
    pub weight: String,
    pub threshold: Option<String>,
    pub cap: Option<String>,
    pub applies_to: Vec<Party>,
    pub guardrails: Vec<Ref>,
    pub direction: String,
    /// The pay curve and floor in plain words, when the component has them.
    pub curve: Option<String>,
}

/// A credit split.
#[derive(Clone, Debug, Serialize)]
pub struct SplitView {
    pub deal_type: String,
    pub parts: Vec<(Party, String)>,
    pub double_credit: bool,
}

/// One part of the plan in the worked example and the calculator.
#[derive(Clone, Debug, Serialize)]
pub struct ExamplePart {
    pub id: String,
    pub label: String,
    pub weight: String,
    /// Today's attainment, e.g. "87%", or `None` when the goal has no current value.
    pub today: Option<String>,
    /// Today's attainment as a plain number for the calculator's start value.
    pub start: String,
}

/// The payout under one assumption about attainment.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    /// e.g. "At today's numbers", "Everything at 120%".
    pub name: String,
    /// Per part: "87% pays 67.5% of its part" or "no current value yet".
    pub cells: Vec<String>,
    /// Percent of target, or why it cannot be worked out.
    pub total_pct: String,
    /// Per payee with a target amount: "8,190.00 EUR".
    pub amounts: Vec<String>,
    /// What the gate did, in plain words, when the plan has one.
    pub gate: Option<String>,
}

/// A payee with a stated target, for the table's amount columns.
#[derive(Clone, Debug, Serialize)]
pub struct PayeeView {
    pub label: String,
    pub target: String,
}

/// A worked payout example computed by the payout engine, a static payout table
/// and chart, and the data of the "what will I earn" calculator.
#[derive(Clone, Debug, Serialize)]
pub struct Example {
    pub parts: Vec<ExamplePart>,
    pub payees: Vec<PayeeView>,
    pub scenarios: Vec<Scenario>,
    /// Grid rows: attainment, per part factor, total percent, per payee amount.
    pub table: Vec<Scenario>,
    pub chart: Chart,
    /// JSON for `assets/calc.js` (escaped by the template as an attribute).
    pub calc: String,
    /// The gate is on a goal or metric that no component pays on: it gets its
    /// own input.
    pub gate_input: Option<String>,
}

/// An inline SVG chart of the total payout against attainment (0-200 %).
#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    /// `x,y x,y ...` of the total payout line, in the 0..400 x 0..200 box.
    pub total: String,
    pub parts: Vec<String>,
    /// Highest payout on the y axis, in percent of target.
    pub y_max: String,
    /// Y axis labels: (y, text).
    pub y_ticks: Vec<(String, String)>,
}

/// An incentive plan.
#[derive(Clone, Debug, Serialize)]
pub struct IncentiveView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub description: Option<String>,
    pub period: String,
    pub participants: Vec<Party>,
    pub share: Option<String>,
    pub joint: bool,
    pub components: Vec<ComponentView>,
    pub gate: Option<GateView>,
    pub splits: Vec<SplitView>,
    pub example: Example,
    pub findings: Vec<String>,
    /// The document has load or schema errors: some of its values are left out.
    pub has_errors: bool,
    pub src: Src,
}

/// A payout gate.
#[derive(Clone, Debug, Serialize)]
pub struct GateView {
    pub on: Ref,
    pub min: String,
    pub applies_to: Vec<Party>,
}

fn goal_str(g: &Option<crate::model::de::Spanned<String>>) -> Option<&str> {
    g.as_deref().map(String::as_str)
}

impl Ctx<'_> {
    /// Today's attainment of a goal, when it has a target and a current value.
    fn attainment_of(&self, goal: Option<&str>) -> Option<f64> {
        goal.and_then(|g| self.goal_by_id(g)).and_then(|g| {
            let (_, _, dir) = self.goal_unit(g);
            attainment(g.target.as_ref().map(|t| t.value), g.current, dir)
        })
    }

    fn target_ref(&self, goal: Option<&str>, metric: Option<&str>) -> Ref {
        match (goal, metric) {
            (Some(g), _) => self.goal_ref(g),
            (None, Some(m)) => self.metric_ref(m),
            (None, None) => Ref {
                label: "(nothing named)".into(),
                url: None,
            },
        }
    }

    /// Whether a plan pays more than one team.
    pub fn is_joint(&self, inc: &Incentive) -> bool {
        let teams: std::collections::BTreeSet<&str> = inc
            .participants
            .iter()
            .filter_map(|p| self.team_index(p).map(|t| self.model.teams[t].id.as_str()))
            .collect();
        teams.len() > 1
    }

    /// The view of incentive plan `i`.
    pub fn incentive(&self, inc: &Incentive) -> IncentiveView {
        let components: Vec<ComponentView> = inc
            .components
            .iter()
            .map(|c| ComponentView {
                id: c.id.value.clone(),
                on: self.target_ref(
                    c.goal.as_deref().map(String::as_str),
                    c.metric.as_deref().map(String::as_str),
                ),
                weight: format!("{}%", fmt_num(c.weight.value)),
                threshold: c.threshold.map(|t| format!("{}%", fmt_num(t))),
                cap: c.cap.map(|t| format!("{}%", fmt_num(t))),
                applies_to: self.parties(c.applies_to.iter()),
                guardrails: c.guardrails.iter().map(|g| self.metric_ref(g)).collect(),
                curve: curve_words(c),
                direction: match c.direction.as_ref().map(|d| d.value) {
                    Some(Direction::Decrease) => "lower is better".into(),
                    Some(Direction::Increase) => "higher is better".into(),
                    None => String::new(),
                },
            })
            .collect();
        IncentiveView {
            id: inc.id.value.clone(),
            anchor: format!("incentive-{}", slug(&inc.id)),
            name: inc.name.value.clone(),
            description: inc.description.clone(),
            period: self.period_label(&inc.period),
            participants: self.parties(inc.participants.iter()),
            share: inc.variable_pay_share.map(|s| format!("{}%", fmt_num(s))),
            joint: self.is_joint(inc),
            components,
            gate: inc.gate.as_ref().map(|g| GateView {
                on: self.target_ref(
                    g.goal.as_deref().map(String::as_str),
                    g.metric.as_deref().map(String::as_str),
                ),
                min: format!("{}%", fmt_num(g.min_attainment)),
                applies_to: self.parties(g.applies_to.iter()),
            }),
            splits: inc
                .credit_splits
                .iter()
                .map(|s| SplitView {
                    deal_type: s.deal_type.value.clone(),
                    parts: s
                        .splits
                        .iter()
                        .map(|(t, p)| (self.party(t), format!("{}%", fmt_num(p.value))))
                        .collect(),
                    double_credit: s.double_credit,
                })
                .collect(),
            example: self.example(inc),
            has_errors: inc.loc.has_errors,
            findings: self
                .findings_of(Kind::Incentive, &inc.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&inc.loc),
        }
    }

    /// The worked payout example, the payout table, the chart and the
    /// calculator's data, all from [`crate::payout`].
    fn example(&self, inc: &Incentive) -> Example {
        let payees: Vec<payout::Payee> = payout::payees(self.model, inc)
            .into_iter()
            .filter(|p| p.target.is_some())
            .collect();
        let today: Vec<Option<f64>> = inc
            .components
            .iter()
            .map(|c| self.attainment_of(goal_str(&c.goal)))
            .collect();
        let parts: Vec<ExamplePart> = inc
            .components
            .iter()
            .zip(&today)
            .map(|(c, t)| ExamplePart {
                id: c.id.value.clone(),
                label: self
                    .target_ref(goal_str(&c.goal), c.metric.as_deref().map(String::as_str))
                    .label,
                weight: format!("{}%", fmt_num(c.weight.value)),
                today: t.map(|a| format!("{}%", fmt_num(a.round()))),
                start: t.map_or_else(|| "100".to_string(), |a| fmt_num(a.round())),
            })
            .collect();
        let mut scenarios = Vec::new();
        if today.iter().any(Option::is_some) {
            let mut overrides = BTreeMap::new();
            let mut missing = Vec::new();
            for (c, t) in inc.components.iter().zip(&today) {
                match t.and_then(|a| payout::dec(a.round())) {
                    Some(a) => {
                        overrides.insert(c.id.value.clone(), a);
                    }
                    None => missing.push(c.id.value.clone()),
                }
            }
            let gate_today = inc.gate.as_ref().and_then(|g| {
                let a = self.attainment_of(goal_str(&g.goal))?;
                payout::dec(a.round())
            });
            if let (Some(g), Some(a)) = (&inc.gate, gate_today) {
                for key in g.goal.iter().chain(g.metric.iter()) {
                    overrides.insert(key.value.clone(), a);
                }
            }
            let gate_missing = inc.gate.is_some() && gate_today.is_none();
            scenarios.push(self.scenario(
                inc,
                &payees,
                "At today's numbers",
                Decimal::ZERO,
                &overrides,
                &missing,
                gate_missing,
            ));
        }
        for level in [80, 100, 120] {
            let name = if level == 100 {
                "Everything at target".to_string()
            } else {
                format!("Everything at {level}%")
            };
            scenarios.push(self.scenario(
                inc,
                &payees,
                &name,
                Decimal::from(level),
                &BTreeMap::new(),
                &[],
                false,
            ));
        }
        let table = payout::DEFAULT_GRID
            .iter()
            .map(|g| {
                self.scenario(
                    inc,
                    &payees,
                    &format!("{g}%"),
                    Decimal::from(*g),
                    &BTreeMap::new(),
                    &[],
                    false,
                )
            })
            .collect();
        let gate_input = inc.gate.as_ref().and_then(|g| {
            let paid = inc.components.iter().any(|c| {
                (g.goal.is_some()
                    && c.goal.as_ref().map(|x| &x.value) == g.goal.as_ref().map(|x| &x.value))
                    || (g.goal.is_none()
                        && g.metric.is_some()
                        && c.metric.as_ref().map(|x| &x.value)
                            == g.metric.as_ref().map(|x| &x.value))
            });
            (!paid).then(|| {
                self.target_ref(goal_str(&g.goal), g.metric.as_deref().map(String::as_str))
                    .label
            })
        });
        Example {
            payees: payees
                .iter()
                .map(|p| PayeeView {
                    label: self.payee_label(p),
                    target: format!(
                        "{} {}",
                        payout::money(p.target.unwrap_or_default()),
                        p.currency.as_deref().unwrap_or("")
                    ),
                })
                .collect(),
            chart: chart(inc),
            calc: calc_json(inc, &payees, &parts, |p| self.payee_label(p)),
            parts,
            scenarios,
            table,
            gate_input,
        }
    }

    fn payee_label(&self, p: &payout::Payee) -> String {
        let team = self.party(&p.participant).label;
        match &p.role {
            Some(r) => format!("{team}: {r}"),
            None => team,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn scenario(
        &self,
        inc: &Incentive,
        payees: &[payout::Payee],
        name: &str,
        base: Decimal,
        overrides: &BTreeMap<String, Decimal>,
        missing: &[String],
        gate_missing: bool,
    ) -> Scenario {
        let att = payout::Attainments {
            base,
            overrides: Some(overrides),
        };
        let mut cells = Vec::new();
        let mut total = Decimal::ZERO;
        let gate_met = inc.gate.as_ref().map(|g| {
            let a = att.of_gate(inc).unwrap_or_default();
            payout::dec(g.min_attainment).is_some_and(|m| a >= m)
        });
        for c in &inc.components {
            if missing.contains(&c.id.value) {
                cells.push("no current value yet".to_string());
                continue;
            }
            let a = att.of_component(c);
            let factor = if gate_met == Some(false) {
                Decimal::ZERO
            } else {
                payout::Curve::of(c).factor(a)
            };
            let weight = payout::dec(c.weight.value).unwrap_or_default();
            total += weight * factor / Decimal::ONE_HUNDRED;
            cells.push(format!(
                "{}% pays {}% of its part",
                payout::plain(a),
                payout::plain(factor.round_dp(2))
            ));
        }
        // A gate known to be missed settles the payout, whatever the other parts say.
        let unknown = (!missing.is_empty() && gate_met != Some(false)) || gate_missing;
        let amounts = payees
            .iter()
            .map(|p| {
                if unknown {
                    return "not known yet".to_string();
                }
                let r = payout::pay(inc, p, &att);
                format!(
                    "{} {}",
                    payout::money(r.total.unwrap_or_default()),
                    p.currency.as_deref().unwrap_or("")
                )
            })
            .collect();
        let gate = inc.gate.as_ref().map(|g| {
            let on = self
                .target_ref(goal_str(&g.goal), g.metric.as_deref().map(String::as_str))
                .label;
            let min = fmt_num(g.min_attainment);
            if gate_missing {
                return format!(
                    "{on} has no current value yet, so nobody knows if the {min}% gate is met"
                );
            }
            let a = payout::plain(att.of_gate(inc).unwrap_or_default());
            if gate_met == Some(true) {
                format!("{on} is at {a}% of target and the gate needs {min}%: met")
            } else {
                format!(
                    "{on} is at {a}% of target but the gate needs {min}%: not met, nothing is paid"
                )
            }
        });
        Scenario {
            name: name.to_string(),
            cells,
            total_pct: if unknown {
                let mut what: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                if gate_missing {
                    what.push("the gate".into());
                }
                format!(
                    "not known until {} {} a current value",
                    what.join(" and "),
                    if what.len() == 1 { "has" } else { "have" }
                )
            } else {
                format!("{}% of target", payout::plain(payout::round_cents(total)))
            },
            amounts,
            gate,
        }
    }
}

/// "Pay curve (marginal: ...): from 60% of target, 2.5% of its part per point; ..."
fn curve_words(c: &crate::model::Component) -> Option<String> {
    let cv = payout::Curve::of(c);
    let mut out = Vec::new();
    if !cv.tiers.is_empty() {
        let how = match cv.semantics {
            Semantics::Marginal => "each band of attainment is paid at its own rate",
            Semantics::Tiered => "the rate of the highest tier reached applies to all attainment",
        };
        let tiers: Vec<String> = cv
            .tiers
            .iter()
            .map(|(f, r)| {
                format!(
                    "from {}% of target, {}% of its part per point",
                    payout::plain(*f),
                    payout::plain(*r)
                )
            })
            .collect();
        out.push(format!("Pay curve ({how}): {}.", tiers.join("; ")));
    }
    if let Some(f) = cv.floor {
        out.push(format!(
            "It pays at least {}% of its part once it pays at all.",
            payout::plain(f)
        ));
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// The chart's total and per-part payout at one attainment.
type Sample = (Decimal, Vec<Decimal>);

/// Chart geometry: x 0..=200 % attainment onto 0..400, y 0..=`y_max` onto 200..0.
fn chart(inc: &Incentive) -> Chart {
    let curves: Vec<(payout::Curve, Decimal)> = inc
        .components
        .iter()
        .map(|c| {
            (
                payout::Curve::of(c),
                payout::dec(c.weight.value).unwrap_or_default(),
            )
        })
        .collect();
    let gate_min = inc
        .gate
        .as_ref()
        .and_then(|g| payout::dec(g.min_attainment));
    let xs: Vec<Decimal> = (0..=200).step_by(2).map(Decimal::from).collect();
    let at = |x: Decimal| -> (Decimal, Vec<Decimal>) {
        let open = gate_min.is_none_or(|m| x >= m);
        let parts: Vec<Decimal> = curves
            .iter()
            .map(|(cv, w)| {
                if open {
                    cv.factor(x) * w / Decimal::ONE_HUNDRED
                } else {
                    Decimal::ZERO
                }
            })
            .collect();
        (parts.iter().copied().sum(), parts)
    };
    let values: Vec<(Decimal, Vec<Decimal>)> = xs.iter().map(|x| at(*x)).collect();
    let top = values.iter().map(|v| v.0).max().unwrap_or_default();
    // Round the axis up to the next 50 %.
    let fifty = Decimal::from(50);
    let y_max = ((top / fifty).ceil() * fifty).max(Decimal::ONE_HUNDRED);
    let point = |x: Decimal, y: Decimal| {
        let px = x * Decimal::TWO;
        let py = Decimal::from(200) - y * Decimal::from(200) / y_max;
        format!(
            "{},{}",
            px.round_dp(1).normalize(),
            py.round_dp(1).normalize()
        )
    };
    let line = |f: &dyn Fn(&Sample) -> Decimal| {
        xs.iter()
            .zip(&values)
            .map(|(x, v)| point(*x, f(v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let total = line(&|v| v.0);
    let parts = (0..curves.len()).map(|i| line(&|v| v.1[i])).collect();
    let y_ticks = [Decimal::ZERO, y_max / Decimal::TWO, y_max]
        .iter()
        .map(|y| {
            let py = Decimal::from(200) - y * Decimal::from(200) / y_max;
            (
                py.round_dp(1).normalize().to_string(),
                format!("{}%", y.round_dp(0).normalize()),
            )
        })
        .collect();
    Chart {
        total,
        parts,
        y_max: y_max.normalize().to_string(),
        y_ticks,
    }
}

/// What `assets/calc.js` needs, as JSON: decimals as exact strings.
fn calc_json(
    inc: &Incentive,
    payees: &[payout::Payee],
    parts: &[ExamplePart],
    label: impl Fn(&payout::Payee) -> String,
) -> String {
    let s = |d: Option<Decimal>| d.map(|d| serde_json::Value::String(d.normalize().to_string()));
    let components: Vec<serde_json::Value> = inc
        .components
        .iter()
        .map(|c| {
            let cv = payout::Curve::of(c);
            serde_json::json!({
                "id": c.id.value,
                "goal": c.goal.as_ref().map(|g| g.value.clone()),
                "metric": c.metric.as_ref().map(|m| m.value.clone()),
                "weight": s(payout::dec(c.weight.value)),
                "threshold": s(cv.threshold),
                "cap": s(cv.cap),
                "floor": s(cv.floor),
                "semantics": match cv.semantics { Semantics::Marginal => "marginal", Semantics::Tiered => "tiered" },
                "tiers": cv.tiers.iter().map(|(f, r)| [f.normalize().to_string(), r.normalize().to_string()]).collect::<Vec<_>>(),
                "applies_to": c.applies_to.iter().map(|a| a.value.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let gate = inc.gate.as_ref().map(|g| {
        serde_json::json!({
            "goal": g.goal.as_ref().map(|x| x.value.clone()),
            "metric": g.metric.as_ref().map(|x| x.value.clone()),
            "min": s(payout::dec(g.min_attainment)),
            "applies_to": g.applies_to.iter().map(|a| a.value.clone()).collect::<Vec<_>>(),
        })
    });
    let payees: Vec<serde_json::Value> = payees
        .iter()
        .map(|p| {
            serde_json::json!({
                "label": crate::escape::html_text(&label(p)),
                "participant": p.participant,
                "target": p.target.map(|t| payout::round_cents(t).to_string()),
                "currency": p.currency,
            })
        })
        .collect();
    serde_json::json!({
        "components": components,
        "gate": gate,
        "payees": payees,
        "start": parts.iter().map(|p| p.start.clone()).collect::<Vec<_>>(),
    })
    .to_string()
}
