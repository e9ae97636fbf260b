//! The payout engine: what an incentive plan pays at a given attainment.
//!
//! One implementation for every place that computes pay: `accordant simulate`,
//! the plan-risk rules (I411 and after), the payout section of `diff` and the
//! playbook's static payout table. The playbook's "what will I earn" calculator
//! (`src/site/assets/calc.js`) implements the same rules in JavaScript; the
//! browser test compares the two.
//!
//! # Semantics (also in docs/format.md, "Pay curves")
//!
//! All numbers are exact decimals ([`Decimal`]); YAML numbers are read as the
//! shortest decimal that denotes them (`0.1` is one tenth, not the nearest binary
//! fraction). For a component with attainment `a` (percent of target):
//!
//! 1. below its `threshold` the component pays 0;
//! 2. attainment above its `cap` counts as the cap;
//! 3. the curve turns the counted attainment into a payout factor (percent of
//!    the component's target): without a curve the factor is the attainment
//!    itself (linear); `marginal` tiers pay each band of attainment at its own
//!    rate, `tiered` tiers pay all of it at the rate of the highest tier reached;
//!    below the first tier's `from` the curve pays 0;
//! 4. once the threshold is met, the factor is at least the `floor`.
//!
//! A participant's payout from a component is `target × weight/100 × factor/100`,
//! rounded half to even to cents (two decimals) per component; the total is the
//! sum of the rounded components. A gate that is not met makes the whole plan pay
//! 0 to the participants it applies to.

pub mod sim;

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{Component, Incentive, Model, Semantics};

/// Decimal places of every amount (cents).
pub const CENTS: u32 = 2;

/// The rounding rule, in words, for outputs that state it.
pub const ROUNDING: &str = "each component's payout is rounded half to even to 2 decimals \
                            (cents); totals and costs are sums of rounded amounts";

/// The default attainment grid of `simulate`, in percent.
pub const DEFAULT_GRID: [i64; 9] = [0, 50, 80, 90, 100, 110, 120, 150, 200];

/// The exact decimal a YAML number denotes (its shortest round-trip form), or
/// `None` for a number no decimal holds (infinite, NaN, beyond 28 digits).
pub fn dec(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    let s = format!("{x}");
    Decimal::from_str(&s)
        .or_else(|_| Decimal::from_scientific(&s))
        .ok()
        .map(|d| d.normalize())
}

/// A number in percent, parsed from `110`, `110%` or `112.5 %`.
pub fn parse_percent(s: &str) -> Option<Decimal> {
    let t = s.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    let d = Decimal::from_str(t).ok()?;
    (d >= Decimal::ZERO).then(|| d.normalize())
}

/// Rounds an amount to cents, half to even.
pub fn round_cents(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(CENTS, RoundingStrategy::MidpointNearestEven);
    r.rescale(CENTS);
    r
}

/// A number for people: no trailing zeros, `.` as the decimal point.
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// An amount with thousands separators and cents, e.g. `12,345.60`.
pub fn money(d: Decimal) -> String {
    let r = round_cents(d);
    let s = r.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if r.is_sign_negative() && !r.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac}")
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// One component's pay curve, in exact decimals.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub threshold: Option<Decimal>,
    pub cap: Option<Decimal>,
    pub floor: Option<Decimal>,
    /// `(from, rate)` in rising order of `from`; empty means linear from 0.
    pub tiers: Vec<(Decimal, Decimal)>,
    pub semantics: Semantics,
    /// The plan wrote `semantics:` (rather than leaving the default).
    pub explicit: bool,
}

impl Curve {
    /// The curve of a component, from its threshold, cap, floor and tiers. Tiers
    /// are sorted by `from`; values no decimal can hold are left out.
    pub fn of(c: &Component) -> Curve {
        let mut tiers: Vec<(Decimal, Decimal)> = c
            .curve
            .as_ref()
            .map(|cv| {
                cv.tiers
                    .iter()
                    .filter_map(|t| Some((dec(t.from.value)?, dec(t.rate.value)?)))
                    .collect()
            })
            .unwrap_or_default();
        tiers.sort_by_key(|t| t.0);
        let sem = c.curve.as_ref().and_then(|cv| cv.semantics.as_ref());
        Curve {
            threshold: c.threshold.and_then(dec),
            cap: c.cap.and_then(dec),
            floor: c.floor.as_ref().and_then(|f| dec(f.value)),
            tiers,
            semantics: sem.map(|s| s.value).unwrap_or_default(),
            explicit: sem.is_some(),
        }
    }

    /// Payout factor in percent of the component's target at attainment `att`.
    pub fn factor(&self, att: Decimal) -> Decimal {
        self.factor_as(att, self.semantics)
    }

    /// The factor as if the curve had semantics `sem`.
    pub fn factor_as(&self, att: Decimal, sem: Semantics) -> Decimal {
        let att = att.max(Decimal::ZERO);
        if self.threshold.is_some_and(|t| att < t) {
            return Decimal::ZERO;
        }
        let counted = self.cap.map_or(att, |c| att.min(c));
        let base = if self.tiers.is_empty() {
            counted
        } else {
            match sem {
                Semantics::Marginal => {
                    let mut sum = Decimal::ZERO;
                    for (i, (from, rate)) in self.tiers.iter().enumerate() {
                        if counted <= *from {
                            break;
                        }
                        let upto = self
                            .tiers
                            .get(i + 1)
                            .map_or(counted, |(next, _)| counted.min(*next));
                        sum += (upto - from) * rate;
                    }
                    sum
                }
                Semantics::Tiered => self
                    .tiers
                    .iter()
                    .rev()
                    .find(|(from, _)| *from <= counted)
                    .map_or(Decimal::ZERO, |(_, rate)| rate * counted),
            }
        };
        match self.floor {
            Some(f) => base.max(f),
            None => base,
        }
    }

    /// An attainment where the two semantics pay differently for this curve, if
    /// there is one (probed just past each tier start, 20 points past it, and at
    /// 100 % and 150 %).
    pub fn semantics_differ_at(&self) -> Option<Decimal> {
        if self.tiers.is_empty() {
            return None;
        }
        let mut probes: Vec<Decimal> = self
            .tiers
            .iter()
            .flat_map(|(from, _)| [*from + Decimal::from(20), *from + Decimal::ONE])
            .chain([HUNDRED, Decimal::from(150)])
            .collect();
        probes.sort();
        probes.into_iter().find(|p| {
            self.factor_as(*p, Semantics::Marginal) != self.factor_as(*p, Semantics::Tiered)
        })
    }

    /// Whether the two semantics would pay differently for this curve.
    pub fn semantics_matter(&self) -> bool {
        self.semantics_differ_at().is_some()
    }

    /// Where the first accelerator starts: the `from` of the first tier at or
    /// above target (100 %) that pays a higher rate than the tier below it (than
    /// 1, the linear rate, when it is the first tier). A steep ramp up to target
    /// is not an accelerator.
    pub fn accelerator_start(&self) -> Option<Decimal> {
        let mut prev = Decimal::ONE;
        for (from, rate) in &self.tiers {
            if *from >= HUNDRED && *rate > prev {
                return Some(*from);
            }
            prev = *rate;
        }
        None
    }

    /// The largest rise of the factor within one attainment point, and the
    /// attainment where it ends: the jumps at the threshold and the tier starts,
    /// and the steepest rate that still counts (below the cap).
    pub fn max_jump(&self) -> (Decimal, Decimal) {
        let mut best = (Decimal::ZERO, Decimal::ZERO);
        for b in self.breakpoints() {
            let before = (b - Decimal::ONE).max(Decimal::ZERO);
            let rise = self.factor(b) - self.factor(before);
            if rise > best.0 {
                best = (rise, b);
            }
        }
        let slopes: Vec<(Decimal, Decimal)> = if self.tiers.is_empty() {
            vec![(Decimal::ZERO, Decimal::ONE)]
        } else {
            self.tiers.clone()
        };
        for (from, rate) in &slopes {
            if self.cap.is_some_and(|c| *from >= c) {
                continue;
            }
            // Within a tier both semantics rise by the tier's rate per point.
            if *rate > best.0 {
                best = (*rate, *from + Decimal::ONE);
            }
        }
        best
    }

    /// The first attainment where the payout is lower than just below it.
    pub fn first_fall(&self) -> Option<Decimal> {
        let step = Decimal::new(1, 2);
        self.breakpoints()
            .into_iter()
            .filter(|b| *b > Decimal::ZERO)
            .find(|b| self.factor(*b) < self.factor(*b - step))
    }

    /// How much the factor rises from 80 % to 120 % attainment: a measure of the
    /// curve's steepness around target.
    pub fn steepness(&self) -> Decimal {
        self.factor(Decimal::from(120)) - self.factor(Decimal::from(80))
    }

    /// The attainments where the curve can change slope or jump, in rising order:
    /// the threshold, the tier starts and the cap.
    pub fn breakpoints(&self) -> Vec<Decimal> {
        let mut v: Vec<Decimal> = self
            .threshold
            .into_iter()
            .chain(self.tiers.iter().map(|t| t.0))
            .chain(self.cap)
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Someone (or a group of people with the same target) paid by a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Payee {
    /// Team id or `@person`.
    pub participant: String,
    pub role: Option<String>,
    /// Target incentive of one person at 100 %, when the plan states it.
    pub target: Option<Decimal>,
    pub currency: Option<String>,
    pub headcount: u32,
}

impl Payee {
    /// `sales`, or `sales (Account Executive)`.
    pub fn label(&self) -> String {
        match &self.role {
            Some(r) => format!("{} ({r})", self.participant),
            None => self.participant.clone(),
        }
    }
}

/// The payees of a plan: one per `targets` entry, then one (without an amount)
/// per participant that no entry names. A target given as variable pay is
/// rounded to cents (half to even), like an amount, before any payout is
/// computed from it.
pub fn payees(model: &Model, inc: &Incentive) -> Vec<Payee> {
    let share = inc
        .variable_pay_share
        .and_then(dec)
        .unwrap_or(HUNDRED)
        .clamp(Decimal::ZERO, HUNDRED);
    let mut out: Vec<Payee> = inc
        .targets
        .iter()
        .map(|t| {
            let target = match (&t.amount, &t.variable_pay) {
                (Some(a), _) => dec(a.value).map(round_cents),
                (None, Some(v)) => dec(v.value).map(|v| round_cents(v * share / HUNDRED)),
                (None, None) => None,
            };
            let role = t.role.as_ref().map(|r| r.value.clone());
            let headcount = t.headcount.as_ref().map_or_else(
                || default_headcount(model, &t.participant, role.as_deref()),
                |h| h.value,
            );
            Payee {
                participant: t.participant.value.clone(),
                role,
                target,
                currency: Some(t.currency.value.clone()),
                headcount,
            }
        })
        .collect();
    for p in inc.participants.iter() {
        if !inc.targets.iter().any(|t| t.participant.value == p.value) {
            out.push(Payee {
                participant: p.value.clone(),
                role: None,
                target: None,
                currency: None,
                headcount: default_headcount(model, p, None),
            });
        }
    }
    out
}

/// Members of the team with `role` (all members without one); 1 for a person or
/// a team without matching members.
fn default_headcount(model: &Model, party: &str, role: Option<&str>) -> u32 {
    if party.starts_with('@') {
        return 1;
    }
    let Some(team) = model.team(party) else {
        return 1;
    };
    let n = team
        .members
        .iter()
        .filter(|m| {
            role.is_none_or(|r| {
                m.role
                    .as_deref()
                    .is_some_and(|mr| mr.trim().eq_ignore_ascii_case(r.trim()))
            })
        })
        .count();
    u32::try_from(n).unwrap_or(u32::MAX).max(1)
}

/// Attainment of each component and of the gate: a base level for everything,
/// with overrides by component id, goal id or metric id (in that order).
#[derive(Clone, Debug, Default)]
pub struct Attainments<'a> {
    pub base: Decimal,
    pub overrides: Option<&'a BTreeMap<String, Decimal>>,
}

impl Attainments<'_> {
    fn lookup(&self, keys: &[Option<&str>]) -> Decimal {
        if let Some(o) = self.overrides {
            for k in keys.iter().flatten() {
                if let Some(v) = o.get(*k) {
                    return *v;
                }
            }
        }
        self.base
    }

    pub fn of_component(&self, c: &Component) -> Decimal {
        self.lookup(&[
            Some(c.id.as_str()),
            c.goal.as_deref().map(String::as_str),
            c.metric.as_deref().map(String::as_str),
        ])
    }

    pub fn of_gate(&self, inc: &Incentive) -> Option<Decimal> {
        let g = inc.gate.as_ref()?;
        Some(self.lookup(&[
            g.goal.as_deref().map(String::as_str),
            g.metric.as_deref().map(String::as_str),
        ]))
    }
}

/// What one component pays one payee.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentPay {
    pub id: String,
    pub attainment: Decimal,
    /// Payout factor, percent of the component's own target.
    pub factor: Decimal,
    /// Share of the payee's whole target: `weight × factor / 100`, exact.
    pub pct_of_target: Decimal,
    /// Rounded amount, when the payee has a target.
    pub amount: Option<Decimal>,
}

/// What a plan pays one payee at one set of attainments.
#[derive(Clone, Debug, PartialEq)]
pub struct PayeePay {
    pub components: Vec<ComponentPay>,
    /// `Some(met)` when a gate applies to this payee.
    pub gate_met: Option<bool>,
    pub gate_attainment: Option<Decimal>,
    /// Percent of target, exact (sum of the components' shares).
    pub total_pct: Decimal,
    pub total: Option<Decimal>,
}

/// Whether a component pays participant `p`.
pub fn applies(c: &Component, p: &str) -> bool {
    c.applies_to.is_empty() || c.applies_to.iter().any(|a| a.value == p)
}

/// What `inc` pays `payee` at `att`.
pub fn pay(inc: &Incentive, payee: &Payee, att: &Attainments<'_>) -> PayeePay {
    let gate_attainment = att.of_gate(inc);
    let gate_met = inc.gate.as_ref().and_then(|g| {
        let applies =
            g.applies_to.is_empty() || g.applies_to.iter().any(|a| a.value == payee.participant);
        let min = dec(g.min_attainment)?;
        applies.then(|| gate_attainment.is_some_and(|a| a >= min))
    });
    let gated = gate_met == Some(false);
    let mut components = Vec::new();
    let mut total_pct = Decimal::ZERO;
    let mut total = payee.target.map(|_| Decimal::ZERO);
    for c in inc
        .components
        .iter()
        .filter(|c| applies(c, &payee.participant))
    {
        let a = att.of_component(c);
        let factor = if gated {
            Decimal::ZERO
        } else {
            Curve::of(c).factor(a)
        };
        let weight = dec(c.weight.value).unwrap_or_default();
        let pct = weight * factor / HUNDRED;
        let amount = payee.target.map(|t| round_cents(t * pct / HUNDRED));
        total_pct += pct;
        if let (Some(sum), Some(a)) = (total.as_mut(), amount) {
            *sum += a;
        }
        components.push(ComponentPay {
            id: c.id.value.clone(),
            attainment: a,
            factor,
            pct_of_target: pct,
            amount,
        });
    }
    PayeePay {
        components,
        gate_met,
        gate_attainment,
        total_pct,
        total: total.map(round_cents),
    }
}

/// Total cost of a plan at `att`, per currency: every payee's total times its
/// headcount, plus every SPIFF paid to everyone it applies to.
pub fn cost(model: &Model, inc: &Incentive, att: &Attainments<'_>) -> BTreeMap<String, Decimal> {
    cost_of(inc, &payees(model, inc), att)
}

/// [`cost`] with the payees already worked out.
pub fn cost_of(
    inc: &Incentive,
    payees: &[Payee],
    att: &Attainments<'_>,
) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for p in payees {
        let (Some(cur), Some(total)) = (&p.currency, pay(inc, p, att).total) else {
            continue;
        };
        *out.entry(cur.clone()).or_insert(Decimal::ZERO) += total * Decimal::from(p.headcount);
    }
    for (cur, amount) in spiff_cost(inc, payees) {
        *out.entry(cur).or_insert(Decimal::ZERO) += amount;
    }
    out
}

/// SPIFFs at their full amount for everyone they apply to, per currency.
pub fn spiff_cost(inc: &Incentive, payees: &[Payee]) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for s in &inc.spiffs {
        let Some(amount) = dec(s.amount.value) else {
            continue;
        };
        let people: u32 = payees
            .iter()
            .filter(|p| {
                s.applies_to.is_empty() || s.applies_to.iter().any(|a| a.value == p.participant)
            })
            .map(|p| p.headcount)
            .sum();
        *out.entry(s.currency.value.clone()).or_insert(Decimal::ZERO) +=
            round_cents(amount) * Decimal::from(people);
    }
    out
}

/// The budget's currency and amounts, when the plan has a budget.
pub fn budget(inc: &Incentive) -> Option<(String, Option<Decimal>, Option<Decimal>)> {
    let b = inc.budget.as_ref()?;
    Some((
        b.currency.value.clone(),
        b.at_target.as_ref().and_then(|v| dec(v.value)),
        b.ceiling.as_ref().and_then(|v| dec(v.value)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    fn curve(tiers: &[(&str, &str)], sem: Semantics) -> Curve {
        Curve {
            threshold: None,
            cap: None,
            floor: None,
            tiers: tiers.iter().map(|(a, b)| (d(a), d(b))).collect(),
            semantics: sem,
            explicit: true,
        }
    }

    #[test]
    fn marginal_pays_each_band_at_its_rate_and_tiered_all_at_the_top_rate() {
        let m = curve(&[("0", "1"), ("100", "2")], Semantics::Marginal);
        assert_eq!(m.factor(d("120")), d("140"));
        assert_eq!(m.factor(d("80")), d("80"));
        let t = curve(&[("0", "1"), ("100", "2")], Semantics::Tiered);
        assert_eq!(t.factor(d("120")), d("240"));
        assert_eq!(t.factor(d("99.5")), d("99.5"));
        assert!(m.semantics_matter());
        assert_eq!(m.accelerator_start(), Some(d("100")));
        let ramp = curve(&[("60", "2.5"), ("100", "1")], Semantics::Marginal);
        assert_eq!(
            ramp.accelerator_start(),
            None,
            "a ramp to target is no accelerator"
        );
        assert_eq!(ramp.max_jump().0, d("2.5"));
        let falls = curve(&[("0", "1.2"), ("100", "0.9")], Semantics::Tiered);
        assert_eq!(falls.first_fall(), Some(d("100")));
        assert_eq!(m.first_fall(), None);
    }

    #[test]
    fn threshold_cap_and_floor() {
        let mut c = curve(&[], Semantics::Marginal);
        c.threshold = Some(d("80"));
        c.cap = Some(d("150"));
        c.floor = Some(d("50"));
        assert_eq!(c.factor(d("79.99")), Decimal::ZERO);
        assert_eq!(c.factor(d("80")), d("80"));
        assert_eq!(c.factor(d("200")), d("150"));
        c.threshold = Some(d("30"));
        assert_eq!(c.factor(d("40")), d("50"));
        c.threshold = Some(d("80"));
        assert_eq!(c.max_jump(), (d("80"), d("80")), "the threshold is a cliff");
        // Below the first tier's start nothing is paid.
        let t = curve(&[("50", "2")], Semantics::Marginal);
        assert_eq!(t.factor(d("40")), Decimal::ZERO);
        assert_eq!(t.factor(d("100")), d("100"));
    }

    #[test]
    fn decimals_are_exact_and_rounding_is_half_even() {
        assert_eq!(dec(0.1), Some(d("0.1")));
        assert_eq!(round_cents(d("0.125")), d("0.12"));
        assert_eq!(round_cents(d("0.135")), d("0.14"));
        assert_eq!(money(d("1234567.5")), "1,234,567.50");
        assert_eq!(parse_percent("112.5 %"), Some(d("112.5")));
        assert_eq!(parse_percent("-3"), None);
        assert_eq!(dec(f64::INFINITY), None);
    }
}
