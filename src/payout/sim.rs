//! `simulate`'s result: every plan's payout per payee and component over a grid of
//! attainments, and the plan's cost against its budget. Amounts are decimal
//! strings with two decimals in JSON (exact, never binary floating point).

use std::collections::BTreeMap;

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Attainments, Payee, budget, cost_of, pay, payees, plain, round_cents, spiff_cost};
use crate::model::{Incentive, Model};

/// Serializes a decimal as its exact text.
fn ser_dec<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

fn ser_opt<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

fn ser_pct<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&plain(*d))
}

fn ser_map<S: serde::Serializer>(m: &BTreeMap<String, Decimal>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(m.len()))?;
    for (k, v) in m {
        map.serialize_entry(k, &v.to_string())?;
    }
    map.end()
}

/// The whole simulation.
#[derive(Clone, Debug, Serialize)]
pub struct Simulation {
    pub version: u32,
    pub rounding: &'static str,
    /// The attainment grid, in percent.
    #[serde(serialize_with = "ser_grid")]
    pub grid: Vec<Decimal>,
    /// Fixed attainments (id -> percent) that override the grid.
    #[serde(serialize_with = "ser_map_pct")]
    pub overrides: BTreeMap<String, Decimal>,
    pub plans: Vec<PlanSim>,
}

fn ser_grid<S: serde::Serializer>(g: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(g.len()))?;
    for d in g {
        seq.serialize_element(&plain(*d))?;
    }
    seq.end()
}

fn ser_map_pct<S: serde::Serializer>(
    m: &BTreeMap<String, Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(m.len()))?;
    for (k, v) in m {
        map.serialize_entry(k, &plain(*v))?;
    }
    map.end()
}

/// One plan.
#[derive(Clone, Debug, Serialize)]
pub struct PlanSim {
    pub id: String,
    pub name: String,
    pub period: String,
    /// Repo-relative path of the plan's file.
    pub file: String,
    pub components: Vec<ComponentInfo>,
    pub payees: Vec<PayeeInfo>,
    pub budget: Option<BudgetInfo>,
    /// SPIFFs at full amount for everyone they apply to, per currency (included
    /// in every point's cost).
    #[serde(serialize_with = "ser_map")]
    pub spiffs: BTreeMap<String, Decimal>,
    pub points: Vec<Point>,
}

/// A component of the plan as the simulation used it.
#[derive(Clone, Debug, Serialize)]
pub struct ComponentInfo {
    pub id: String,
    #[serde(serialize_with = "ser_pct")]
    pub weight: Decimal,
    /// `marginal` or `tiered`.
    pub semantics: &'static str,
    /// The plan wrote the semantics (rather than the default applying).
    pub semantics_explicit: bool,
}

/// One payee.
#[derive(Clone, Debug, Serialize)]
pub struct PayeeInfo {
    pub participant: String,
    pub role: Option<String>,
    pub currency: Option<String>,
    /// Target incentive of one person; `null` when the plan states none.
    #[serde(serialize_with = "ser_opt")]
    pub target: Option<Decimal>,
    pub headcount: u32,
}

impl PayeeInfo {
    /// `sales`, or `sales (Account Executive)`.
    pub fn label(&self) -> String {
        match &self.role {
            Some(r) => format!("{} ({r})", self.participant),
            None => self.participant.clone(),
        }
    }
}

/// A plan's budget.
#[derive(Clone, Debug, Serialize)]
pub struct BudgetInfo {
    pub currency: String,
    #[serde(serialize_with = "ser_opt")]
    pub at_target: Option<Decimal>,
    #[serde(serialize_with = "ser_opt")]
    pub ceiling: Option<Decimal>,
}

/// The plan at one grid attainment.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    #[serde(serialize_with = "ser_pct")]
    pub attainment: Decimal,
    /// In the order of [`PlanSim::payees`].
    pub payees: Vec<PayeePoint>,
    /// Total cost per currency.
    #[serde(serialize_with = "ser_map")]
    pub cost: BTreeMap<String, Decimal>,
    /// The cost in the budget's currency is above the ceiling.
    pub over_ceiling: bool,
}

/// One payee at one point.
#[derive(Clone, Debug, Serialize)]
pub struct PayeePoint {
    pub components: Vec<ComponentPoint>,
    /// `met`, `not met`, or `null` when no gate applies.
    pub gate: Option<&'static str>,
    /// Percent of the payee's target, to two decimals (half to even).
    #[serde(serialize_with = "ser_dec")]
    pub total_pct: Decimal,
    #[serde(serialize_with = "ser_opt")]
    pub total: Option<Decimal>,
}

/// One component for one payee at one point.
#[derive(Clone, Debug, Serialize)]
pub struct ComponentPoint {
    pub id: String,
    #[serde(serialize_with = "ser_pct")]
    pub attainment: Decimal,
    /// Payout factor, percent of the component's target (exact).
    #[serde(serialize_with = "ser_pct")]
    pub factor: Decimal,
    #[serde(serialize_with = "ser_opt")]
    pub amount: Option<Decimal>,
}

/// Simulates `plans` over `grid`, with `overrides` fixed at every point.
pub fn simulate(
    model: &Model,
    plans: &[&Incentive],
    path_of: &(dyn Fn(&Incentive) -> String + Sync),
    grid: &[Decimal],
    overrides: &BTreeMap<String, Decimal>,
) -> Simulation {
    Simulation {
        version: 1,
        rounding: super::ROUNDING,
        grid: grid.to_vec(),
        overrides: overrides.clone(),
        // Plans are independent: simulate them on all cores, in order.
        plans: plans
            .par_iter()
            .map(|inc| plan(model, inc, path_of(inc), grid, overrides))
            .collect(),
    }
}

fn plan(
    model: &Model,
    inc: &Incentive,
    file: String,
    grid: &[Decimal],
    overrides: &BTreeMap<String, Decimal>,
) -> PlanSim {
    let people: Vec<Payee> = payees(model, inc);
    let budget = budget(inc);
    let points = grid
        .iter()
        .map(|a| {
            let att = Attainments {
                base: *a,
                overrides: Some(overrides),
            };
            let cost = cost_of(inc, &people, &att);
            let over_ceiling = budget.as_ref().is_some_and(|(cur, _, ceiling)| {
                ceiling.is_some_and(|c| cost.get(cur).is_some_and(|v| *v > c))
            });
            Point {
                attainment: *a,
                payees: people
                    .iter()
                    .map(|p| {
                        let r = pay(inc, p, &att);
                        PayeePoint {
                            components: r
                                .components
                                .iter()
                                .map(|c| ComponentPoint {
                                    id: c.id.clone(),
                                    attainment: c.attainment,
                                    factor: c.factor,
                                    amount: c.amount,
                                })
                                .collect(),
                            gate: r.gate_met.map(|m| if m { "met" } else { "not met" }),
                            total_pct: round_cents(r.total_pct),
                            total: r.total,
                        }
                    })
                    .collect(),
                cost,
                over_ceiling,
            }
        })
        .collect();
    PlanSim {
        id: inc.id.value.clone(),
        name: inc.name.value.clone(),
        period: inc.period.value.clone(),
        file,
        components: inc
            .components
            .iter()
            .map(|c| {
                let curve = super::Curve::of(c);
                ComponentInfo {
                    id: c.id.value.clone(),
                    weight: super::dec(c.weight.value).unwrap_or_default(),
                    semantics: match curve.semantics {
                        crate::model::Semantics::Marginal => "marginal",
                        crate::model::Semantics::Tiered => "tiered",
                    },
                    semantics_explicit: curve.explicit,
                }
            })
            .collect(),
        payees: people
            .iter()
            .map(|p| PayeeInfo {
                participant: p.participant.clone(),
                role: p.role.clone(),
                currency: p.currency.clone(),
                target: p.target.map(round_cents),
                headcount: p.headcount,
            })
            .collect(),
        budget: budget.map(|(currency, at_target, ceiling)| BudgetInfo {
            currency,
            at_target,
            ceiling,
        }),
        spiffs: spiff_cost(inc, &people),
        points,
    }
}
