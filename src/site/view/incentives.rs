//! Incentive plans in plain words, with a worked payout example computed from
//! the plan's own weights, thresholds, caps and gate.

use serde::Serialize;

use super::{Ctx, Party, Ref, Src, attainment, fmt_num, slug};
use crate::model::{Direction, Incentive, Kind};

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
}

/// A credit split.
#[derive(Clone, Debug, Serialize)]
pub struct SplitView {
    pub deal_type: String,
    pub parts: Vec<(Party, String)>,
    pub double_credit: bool,
}

/// One part of the plan in the worked example.
#[derive(Clone, Debug, Serialize)]
pub struct ExamplePart {
    pub label: String,
    pub weight: String,
}

/// The payout under one assumption about attainment.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    /// e.g. "At today's numbers", "At target (100%)".
    pub name: String,
    /// Per part: "87% counts 87%: 1,820".
    pub cells: Vec<String>,
    pub total: String,
    pub total_pct: String,
    /// What the gate did, when the plan has one.
    pub gate: Option<String>,
}

/// A worked payout example computed from the plan's numbers.
#[derive(Clone, Debug, Serialize)]
pub struct Example {
    pub on_target_pay: String,
    pub plan_share: String,
    pub plan_amount: String,
    pub parts: Vec<ExamplePart>,
    pub scenarios: Vec<Scenario>,
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

/// On-target variable pay the worked example assumes (a round, neutral number).
const EXAMPLE_PAY: f64 = 10_000.0;

impl Ctx<'_> {
    /// Attainment of a goal or metric, and whether it is from today's numbers.
    fn attainment_of(&self, goal: Option<&str>) -> (f64, bool) {
        goal.and_then(|g| self.goal_by_id(g))
            .and_then(|g| {
                let (_, _, dir) = self.goal_unit(g);
                attainment(g.target.as_ref().map(|t| t.value), g.current, dir)
            })
            .map_or((100.0, false), |a| (a, true))
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
                        .map(|(t, p)| (self.party(t), format!("{}%", fmt_num(*p))))
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

    /// The worked payout example: each part's attainment cut by its threshold
    /// and cap, times its weight, under three assumptions: today's numbers (when
    /// the goals have them), everything at target, everything at 130%.
    fn example(&self, inc: &Incentive) -> Example {
        let share = inc.variable_pay_share.unwrap_or(100.0).clamp(0.0, 100.0);
        let plan_amount = EXAMPLE_PAY * share / 100.0;
        let parts = inc
            .components
            .iter()
            .map(|c| ExamplePart {
                label: self
                    .target_ref(goal_str(&c.goal), c.metric.as_deref().map(String::as_str))
                    .label,
                weight: format!("{}%", fmt_num(c.weight.value)),
            })
            .collect();
        let today: Vec<(f64, bool)> = inc
            .components
            .iter()
            .map(|c| self.attainment_of(goal_str(&c.goal)))
            .collect();
        let gate_today = inc
            .gate
            .as_ref()
            .map(|g| self.attainment_of(goal_str(&g.goal)));
        let mut scenarios = Vec::new();
        if today.iter().any(|(_, real)| *real) {
            let atts: Vec<f64> = today.iter().map(|(a, _)| *a).collect();
            scenarios.push(self.scenario(
                inc,
                "At today's numbers",
                &atts,
                gate_today.map(|(a, _)| a),
                plan_amount,
            ));
        }
        for level in [100.0, 130.0] {
            let atts = vec![level; inc.components.len()];
            let name = if level == 100.0 {
                "Everything at target".to_string()
            } else {
                format!("Everything at {}%", fmt_num(level))
            };
            scenarios.push(self.scenario(inc, &name, &atts, Some(level), plan_amount));
        }
        Example {
            on_target_pay: fmt_num(EXAMPLE_PAY),
            plan_share: format!("{}%", fmt_num(share)),
            plan_amount: fmt_num(plan_amount),
            parts,
            scenarios,
        }
    }

    fn scenario(
        &self,
        inc: &Incentive,
        name: &str,
        atts: &[f64],
        gate_att: Option<f64>,
        plan_amount: f64,
    ) -> Scenario {
        let mut total = 0.0;
        let mut cells = Vec::new();
        for (c, att) in inc.components.iter().zip(atts) {
            let counted = if c.threshold.is_some_and(|t| *att < t) {
                0.0
            } else {
                c.cap.map_or(*att, |cap| att.min(cap)).max(0.0)
            };
            let pays = plan_amount * c.weight.value / 100.0 * counted / 100.0;
            total += pays;
            let how = if counted == 0.0 && *att > 0.0 {
                "below threshold".to_string()
            } else if (counted - att).abs() > 0.5 {
                format!("capped at {}%", fmt_num(counted.round()))
            } else {
                String::new()
            };
            cells.push(format!(
                "{}%{}: {}",
                fmt_num(att.round()),
                if how.is_empty() {
                    String::new()
                } else {
                    format!(" ({how})")
                },
                fmt_num(pays.round())
            ));
        }
        let gate = inc.gate.as_ref().map(|g| {
            let att = gate_att.unwrap_or(100.0);
            let met = att >= g.min_attainment;
            if !met {
                total = 0.0;
            }
            format!(
                "gate at {}% of the {}% needed: {}",
                fmt_num(att.round()),
                fmt_num(g.min_attainment),
                if met {
                    "met"
                } else {
                    "not met, nothing is paid"
                }
            )
        });
        Scenario {
            name: name.to_string(),
            cells,
            total: fmt_num(total.round()),
            total_pct: if plan_amount > 0.0 {
                format!("{}%", fmt_num((total / plan_amount * 100.0).round()))
            } else {
                "0%".into()
            },
            gate,
        }
    }
}
