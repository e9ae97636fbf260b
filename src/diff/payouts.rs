//! The payout section of `diff`: for every incentive plan the change touches,
//! what each payee earns at 80, 100 and 120 % attainment before and after, and
//! what the plan costs at 100 % and at 150 % (where the budget ceiling is
//! checked) before and after, computed by [`crate::payout`]. Also the
//! plan-change rule (I418): a plan whose period has started may only change with
//! a new `effective_from`.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Serialize;

use super::changes::{Change, ChangeType};
use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Label};
use crate::model::{Incentive, Kind, Model};
use crate::payout::{self, Attainments, Payee};

/// Attainments the payout section compares, in percent.
pub const LEVELS: [i64; 3] = [80, 100, 120];

/// One plan's payouts before and after the change.
#[derive(Clone, Debug, Serialize)]
pub struct PlanPayout {
    pub id: String,
    pub name: String,
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    pub rows: Vec<PayoutRow>,
    pub cost: Vec<PayoutRow>,
}

/// A payee (or a cost line) at the three levels: before and after, as exact
/// decimal text (`"11430.00"` or `"127%"` without a target).
#[derive(Clone, Debug, Serialize)]
pub struct PayoutRow {
    pub label: String,
    pub currency: Option<String>,
    /// `(attainment, before, after)`.
    pub cells: Vec<(String, Option<String>, Option<String>)>,
}

fn payee_key(p: &Payee) -> String {
    p.role.as_ref().map_or_else(
        || p.participant.clone(),
        |r| format!("{} ({r})", p.participant),
    )
}

fn at(level: i64) -> Attainments<'static> {
    Attainments {
        base: Decimal::from(level),
        overrides: None,
    }
}

fn value(inc: &Incentive, p: &Payee, level: i64) -> String {
    let r = payout::pay(inc, p, &at(level));
    match r.total {
        Some(t) => t.to_string(),
        None => format!("{}%", payout::plain(payout::round_cents(r.total_pct))),
    }
}

/// The payout section for the plans `changes` touch.
pub fn compare(changes: &[Change], base: &Model, head: &Model) -> Vec<PlanPayout> {
    let ids: BTreeSet<&str> = changes
        .iter()
        .filter(|c| c.kind == Kind::Incentive && c.change != ChangeType::Moved)
        .map(|c| c.id.as_str())
        .collect();
    let mut out = Vec::new();
    for id in ids {
        let (b, h) = (base.incentive(id), head.incentive(id));
        let status = match (b, h) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (Some(_), Some(_)) => "changed",
            (None, None) => continue,
        };
        let bp = b.map(|i| payout::payees(base, i)).unwrap_or_default();
        let hp = h.map(|i| payout::payees(head, i)).unwrap_or_default();
        let mut keys: Vec<String> = hp.iter().map(payee_key).collect();
        for k in bp.iter().map(payee_key) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        let rows: Vec<PayoutRow> = keys
            .iter()
            .map(|k| {
                let bpe = bp.iter().find(|p| payee_key(p) == *k);
                let hpe = hp.iter().find(|p| payee_key(p) == *k);
                PayoutRow {
                    label: k.clone(),
                    currency: hpe.or(bpe).and_then(|p| p.currency.clone()),
                    cells: LEVELS
                        .iter()
                        .map(|l| {
                            (
                                format!("{l}%"),
                                b.zip(bpe).map(|(i, p)| value(i, p, *l)),
                                h.zip(hpe).map(|(i, p)| value(i, p, *l)),
                            )
                        })
                        .collect(),
                }
            })
            .collect();
        let mut currencies: BTreeSet<String> = BTreeSet::new();
        let bc: Vec<_> = [100, 150]
            .iter()
            .map(|l| {
                b.map(|i| payout::cost_of(i, &bp, &at(*l)))
                    .unwrap_or_default()
            })
            .collect();
        let hc: Vec<_> = [100, 150]
            .iter()
            .map(|l| {
                h.map(|i| payout::cost_of(i, &hp, &at(*l)))
                    .unwrap_or_default()
            })
            .collect();
        for m in bc.iter().chain(&hc) {
            currencies.extend(m.keys().cloned());
        }
        let mut cost = Vec::new();
        for cur in currencies {
            let cells = [100, 150]
                .iter()
                .enumerate()
                .map(|(n, l)| {
                    (
                        format!("{l}%"),
                        bc[n].get(&cur).map(ToString::to_string),
                        hc[n].get(&cur).map(ToString::to_string),
                    )
                })
                .collect();
            cost.push(PayoutRow {
                label: "total cost".into(),
                currency: Some(cur.clone()),
                cells,
            });
            let ceiling = |i: Option<&Incentive>| {
                i.and_then(payout::budget)
                    .filter(|(c, _, _)| *c == cur)
                    .and_then(|(_, _, ceiling)| ceiling)
                    .map(|c| payout::round_cents(c).to_string())
            };
            let (bce, hce) = (ceiling(b), ceiling(h));
            if bce.is_some() || hce.is_some() {
                cost.push(PayoutRow {
                    label: "budget ceiling".into(),
                    currency: Some(cur),
                    cells: vec![("any".into(), bce, hce)],
                });
            }
        }
        let name = h.or(b).map(|i| i.name.value.clone()).unwrap_or_default();
        let same = rows
            .iter()
            .chain(&cost)
            .all(|r| r.cells.iter().all(|(_, x, y)| x == y));
        if status == "changed" && same {
            continue;
        }
        out.push(PlanPayout {
            id: id.to_string(),
            name,
            status,
            rows,
            cost,
        });
    }
    out
}

/// A plan whose period had started on `today` changed what it pays (per the
/// payout section) without a new `effective_from`.
pub fn running_plan_changes(
    payouts: &[PlanPayout],
    changes: &[Change],
    base: &Model,
    head: &Model,
    config: &Config,
    today: Date,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in payouts.iter().filter(|p| p.status == "changed") {
        let (Some(b), Some(h)) = (base.incentive(&p.id), head.incentive(&p.id)) else {
            continue;
        };
        let started = config
            .period(&b.period)
            .and_then(|per| Date::parse(&per.start))
            .is_some_and(|s| s <= today);
        if !started {
            continue;
        }
        let (be, he) = (
            b.effective_from.as_ref().map(|e| e.value.as_str()),
            h.effective_from.as_ref().map(|e| e.value.as_str()),
        );
        if he.is_some() && he != be {
            continue;
        }
        let fields: Vec<&str> = changes
            .iter()
            .filter(|c| c.kind == Kind::Incentive && c.id == p.id)
            .map(|c| c.field.as_str())
            .collect();
        let span = h.effective_from.as_ref().map_or(h.id.span, |e| e.span);
        let d = Diagnostic::new(
            &crate::rules::incentives::running_plan_changed::RULE.meta,
            Label::new(
                h.loc.file,
                span,
                "the plan's period has started: say from when the change applies",
            ),
            format!(
                "Incentive `{}` changes what it pays while its period `{}` is running, without \
                 a new `effective_from`",
                h.id.value, h.period.value
            ),
            Kind::Incentive.key(&h.id),
            "effective_from",
        )
        .with_note(format!(
            "changed: {}; a plan changed mid-period without a date reads as if it always \
             applied, which rewrites pay already earned",
            fields.join(", ")
        ))
        .with_help(format!(
            "add `effective_from: {today}` (or the agreed date, YYYY-MM-DD) to incentive `{}`; \
             earlier results keep the terms of the plan before",
            h.id.value
        ));
        out.push(d);
    }
    out
}

/// A value of a row for people: `11,430.00 EUR`, or `127%` as it is.
fn show(v: &str, currency: Option<&str>) -> String {
    if v.ends_with('%') {
        return v.to_string();
    }
    match v.parse::<Decimal>() {
        Ok(d) => match currency {
            Some(c) => format!("{} {c}", payout::money(d)),
            None => payout::money(d),
        },
        Err(_) => v.to_string(),
    }
}

/// "before → after", "new: after", "was: before" or "unchanged: x".
pub fn cell(before: Option<&str>, after: Option<&str>, currency: Option<&str>) -> String {
    match (before, after) {
        (Some(b), Some(a)) if b == a => format!("{} (same)", show(a, currency)),
        (Some(b), Some(a)) => format!("{} → {}", show(b, currency), show(a, currency)),
        (None, Some(a)) => format!("new: {}", show(a, currency)),
        (Some(b), None) => format!("was {}", show(b, currency)),
        (None, None) => "-".to_string(),
    }
}

/// The rows of one table as plain cells: a header and the rows, with labels
/// passed through `text` (the output context's escaping).
pub fn table(rows: &[PayoutRow], text: &dyn Fn(&str) -> String) -> (Vec<String>, Vec<Vec<String>>) {
    let header: Vec<String> = std::iter::once(String::new())
        .chain(
            rows.first()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|(l, _, _)| format!("at {l}"))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        )
        .collect();
    let body = rows
        .iter()
        .map(|r| {
            std::iter::once(text(&r.label))
                .chain(r.cells.iter().map(|(_, b, a)| {
                    text(&cell(b.as_deref(), a.as_deref(), r.currency.as_deref()))
                }))
                .collect()
        })
        .collect();
    (header, body)
}
