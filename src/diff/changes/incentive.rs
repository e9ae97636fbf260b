//! Incentives: their components, payout gate and credit splits.

use super::fields::Ent;
use super::{
    Compare, Models, goal_title, ids, metric_name, opt_str, pair_items, party_name, party_names,
    strings,
};
use crate::diff::words::{Measure, list, number, plural};
use crate::model::{Component, CreditSplit, Gate, Incentive};

impl Compare for Incentive {
    fn stake(&self, e: &mut Ent<'_, '_>) {
        e.stake(ids(&self.participants));
    }

    fn describe(&self, m: &Models<'_>) -> String {
        let p = party_names(m, ids(&self.participants));
        format!(
            "pays {}, {}",
            list(&p),
            plural(self.components.len(), "component")
        )
    }

    fn fields(e: &mut Ent<'_, '_>, b: &Incentive, h: &Incentive) {
        e.text("period", "period", Some(&b.period), Some(&h.period));
        let (bp, hp) = (&b.participants, &h.participants);
        e.parties("participants", "participants", bp, hp);
        e.number(
            "variable_pay_share",
            "share of variable pay",
            b.variable_pay_share,
            h.variable_pay_share,
            Measure::Percent,
        );
        let same = |x: &Component, y: &Component| x.id.value == y.id.value;
        pair_items(&b.components, &h.components, same, |old, c| {
            component(e, old, c);
        });
        gate(e, b.gate.as_ref(), h.gate.as_ref());
        credit_splits(e, b, h);
    }
}

fn component(e: &mut Ent<'_, '_>, old: Option<&Component>, c: Option<&Component>) {
    let m = e.m;
    match (old, c) {
        (None, Some(c)) => {
            let cid = &c.id.value;
            let d = format!(
                "component `{cid}` added (weight {}{})",
                number(c.weight.value, Measure::Percent),
                component_target(m, c)
            );
            e.stake(ids(&c.applies_to));
            e.item(&format!("components[{cid}]"), true, cid.clone(), d);
        }
        (Some(old), None) => {
            let cid = &old.id.value;
            let d = format!(
                "component `{cid}` removed (was weight {})",
                number(old.weight.value, Measure::Percent)
            );
            e.item(&format!("components[{cid}]"), false, cid.clone(), d);
        }
        (Some(old), Some(c)) => component_fields(e, old, c),
        (None, None) => {}
    }
}

fn component_fields(e: &mut Ent<'_, '_>, old: &Component, c: &Component) {
    let m = e.m;
    let cid = &c.id.value;
    let f = |x: &str| format!("components[{cid}].{x}");
    let label = |x: &str| format!("component `{cid}` {x}");
    let percent = Measure::Percent;
    let (bw, aw) = (Some(old.weight.value), Some(c.weight.value));
    e.number(&f("weight"), &label("weight"), bw, aw, percent);
    let (bt, at) = (old.threshold, c.threshold);
    e.number(&f("threshold"), &label("threshold"), bt, at, percent);
    e.number(&f("cap"), &label("cap"), old.cap, c.cap, percent);
    let (bg, ag) = (opt_str(&old.goal), opt_str(&c.goal));
    e.reference(&f("goal"), &label("goal"), bg, ag, goal_title);
    let (bm, am) = (opt_str(&old.metric), opt_str(&c.metric));
    e.reference(&f("metric"), &label("metric"), bm, am, metric_name);
    let dir = |c: &Component| c.direction.as_ref().map(|d| d.value);
    let (bd, ad) = (dir(old), dir(c));
    e.choice(
        &f("direction"),
        &label("direction"),
        bd.as_ref(),
        ad.as_ref(),
    );
    let (bp, ap) = (&old.applies_to, &c.applies_to);
    e.parties(&f("applies_to"), &label("paid to"), bp, ap);
    let (bg, ag) = (strings(&old.guardrails), strings(&c.guardrails));
    e.items(&f("guardrails"), &label("guardrails"), &bg, &ag, |id| {
        metric_name(m, id)
    });
}

fn component_target(m: &Models<'_>, c: &Component) -> String {
    match (opt_str(&c.goal), opt_str(&c.metric)) {
        (Some(g), _) => format!(", on goal {}", goal_title(m, g)),
        (None, Some(x)) => format!(", on metric {}", metric_name(m, x)),
        _ => String::new(),
    }
}

fn gate(e: &mut Ent<'_, '_>, b: Option<&Gate>, h: Option<&Gate>) {
    let m = e.m;
    let on = |g: &Gate| match (opt_str(&g.goal), opt_str(&g.metric)) {
        (Some(id), _) => format!("goal {}", goal_title(m, id)),
        (None, Some(id)) => format!("metric {}", metric_name(m, id)),
        _ => "nothing".to_string(),
    };
    match (b, h) {
        (None, None) => {}
        (None, Some(g)) => {
            e.stake(ids(&g.applies_to));
            let d = format!(
                "payout gate added: {} at {}",
                on(g),
                number(g.min_attainment, Measure::Percent)
            );
            e.push("gate", None, Some(on(g)), d);
        }
        (Some(g), None) => {
            let d = format!(
                "payout gate removed (was {} at {})",
                on(g),
                number(g.min_attainment, Measure::Percent)
            );
            e.push("gate", Some(on(g)), None, d);
        }
        (Some(b), Some(h)) => {
            e.text("gate.target", "payout gate", Some(&on(b)), Some(&on(h)));
            e.number(
                "gate.min_attainment",
                "payout gate minimum attainment",
                Some(b.min_attainment),
                Some(h.min_attainment),
                Measure::Percent,
            );
            e.parties(
                "gate.applies_to",
                "payout gate applies to",
                &b.applies_to,
                &h.applies_to,
            );
        }
    }
}

fn credit_splits(e: &mut Ent<'_, '_>, b: &Incentive, h: &Incentive) {
    let m = e.m;
    let show = |s: &CreditSplit| {
        let parts: Vec<String> = s
            .splits
            .iter()
            .map(|(t, p)| format!("{} {}", party_name(m, t), number(*p, Measure::Percent)))
            .collect();
        let mut out = parts.join(" / ");
        if s.double_credit {
            out.push_str(" (double credit)");
        }
        out
    };
    let same = |x: &CreditSplit, y: &CreditSplit| x.deal_type.value == y.deal_type.value;
    pair_items(&b.credit_splits, &h.credit_splits, same, |old, s| {
        let Some(deal) = s.or(old).map(|x| &x.deal_type.value) else {
            return;
        };
        let field = format!("credit_splits[{deal}]");
        let Some(s) = s else {
            let before = old.map(show).unwrap_or_default();
            let detail = format!("credit split for {deal} removed (was {before})");
            e.push(&field, Some(before), None, detail);
            return;
        };
        let (before, after) = (old.map(show), show(s));
        if before.as_deref() == Some(after.as_str()) {
            return;
        }
        e.stake(s.splits.keys().map(String::as_str));
        let detail = match &before {
            Some(bs) => format!("credit split for {deal} {bs} -> {after}"),
            None => format!("credit split for {deal} added: {after}"),
        };
        e.push(&field, before, Some(after), detail);
    });
}
