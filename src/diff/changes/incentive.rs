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
        let (bt, ht) = (targets_words(b), targets_words(h));
        e.text("targets", "targets", bt.as_deref(), ht.as_deref());
        let (bb, hb) = (budget_words(b), budget_words(h));
        e.text("budget", "budget", bb.as_deref(), hb.as_deref());
        let (bs, hs) = (spiffs_words(b), spiffs_words(h));
        e.text("spiffs", "SPIFFs", bs.as_deref(), hs.as_deref());
        let (bc, hc) = (clawback_words(b), clawback_words(h));
        e.text("clawback", "clawback", bc.as_deref(), hc.as_deref());
        let (be, he) = (opt_str(&b.effective_from), opt_str(&h.effective_from));
        e.text("effective_from", "effective from", be, he);
    }
}

fn join_or_none(v: Vec<String>) -> Option<String> {
    (!v.is_empty()).then(|| v.join("; "))
}

fn targets_words(i: &Incentive) -> Option<String> {
    join_or_none(
        i.targets
            .iter()
            .map(|t| {
                let who = match &t.role {
                    Some(r) => format!("{} ({})", t.participant.value, r.value),
                    None => t.participant.value.clone(),
                };
                let what = match (&t.amount, &t.variable_pay) {
                    (Some(a), _) => {
                        format!("{} {}", number(a.value, Measure::Plain), t.currency.value)
                    }
                    (None, Some(v)) => format!(
                        "share of variable pay {} {}",
                        number(v.value, Measure::Plain),
                        t.currency.value
                    ),
                    (None, None) => "no amount".to_string(),
                };
                match &t.headcount {
                    Some(h) => format!("{who}: {what} × {}", h.value),
                    None => format!("{who}: {what}"),
                }
            })
            .collect(),
    )
}

fn budget_words(i: &Incentive) -> Option<String> {
    let b = i.budget.as_ref()?;
    let n = |v: &Option<crate::model::de::Spanned<f64>>| {
        v.as_ref()
            .map_or("none".to_string(), |x| number(x.value, Measure::Plain))
    };
    Some(format!(
        "at target {}, ceiling {} {}",
        n(&b.at_target),
        n(&b.ceiling),
        b.currency.value
    ))
}

fn spiffs_words(i: &Incentive) -> Option<String> {
    join_or_none(
        i.spiffs
            .iter()
            .map(|s| {
                format!(
                    "{} {} to {}: {} {}",
                    s.id.value,
                    s.start.value,
                    s.end.value,
                    number(s.amount.value, Measure::Plain),
                    s.currency.value
                )
            })
            .collect(),
    )
}

fn clawback_words(i: &Incentive) -> Option<String> {
    let c = i.clawback.as_ref()?;
    Some(format!(
        "window {}, cap {}",
        c.window_days
            .as_ref()
            .map_or("none".to_string(), |w| format!("{} days", w.value)),
        c.cap
            .as_ref()
            .map_or("none".to_string(), |x| number(x.value, Measure::Percent))
    ))
}

fn curve_words(c: &Component) -> Option<String> {
    let cv = c.curve.as_ref()?;
    let sem = cv
        .semantics
        .as_ref()
        .map_or("semantics unset", |s| match s.value {
            crate::model::Semantics::Marginal => "marginal",
            crate::model::Semantics::Tiered => "tiered",
        });
    let tiers: Vec<String> = cv
        .tiers
        .iter()
        .map(|t| {
            format!(
                "from {} rate {}",
                number(t.from.value, Measure::Percent),
                number(t.rate.value, Measure::Plain)
            )
        })
        .collect();
    Some(format!("{sem}: {}", tiers.join(", ")))
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
    let floor = |c: &Component| c.floor.as_ref().map(|f| f.value);
    e.number(&f("floor"), &label("floor"), floor(old), floor(c), percent);
    let (bc, ac) = (curve_words(old), curve_words(c));
    e.text(
        &f("curve"),
        &label("pay curve"),
        bc.as_deref(),
        ac.as_deref(),
    );
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
            .map(|(t, p)| format!("{} {}", party_name(m, t), number(p.value, Measure::Percent)))
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
