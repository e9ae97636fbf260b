//! Goals and their key results.

use super::fields::Ent;
use super::{
    Compare, Models, goal_title, ids, measure, metric_name, opt_num, opt_str, pair_items,
    party_names,
};
use crate::diff::words::{Measure, list, number, quoted};
use crate::model::{Goal, KeyResult};

impl Compare for Goal {
    fn stake(&self, e: &mut Ent<'_, '_>) {
        e.stake(ids(&self.owners));
        e.stake(opt_str(&self.primary_owner));
    }

    fn describe(&self, m: &Models<'_>) -> String {
        let owners = party_names(m, ids(&self.owners));
        let mut d = format!("owned by {}, period {}", list(&owners), self.period.value);
        if let Some(t) = opt_num(&self.target) {
            d.push_str(&format!(
                ", target {}",
                number(t, measure(m, opt_str(&self.metric)))
            ));
        }
        d
    }

    fn fields(e: &mut Ent<'_, '_>, b: &Goal, h: &Goal) {
        e.parties("owners", "owners", &b.owners, &h.owners);
        let (bo, ho) = (opt_str(&b.primary_owner), opt_str(&h.primary_owner));
        e.party("primary_owner", "primary owner", bo, ho);
        e.text("period", "period", Some(&b.period), Some(&h.period));
        let (bm, hm) = (opt_str(&b.metric), opt_str(&h.metric));
        e.reference("metric", "metric", bm, hm, metric_name);
        let unit = measure(e.m, hm.or(bm));
        let (bb, hb) = (opt_num(&b.baseline), opt_num(&h.baseline));
        e.number("baseline", "baseline", bb, hb, unit);
        let (bt, ht) = (opt_num(&b.target), opt_num(&h.target));
        e.number("target", "target", bt, ht, unit);
        e.number("current", "current value", b.current, h.current, unit);
        e.choice(
            "direction",
            "direction",
            b.direction.as_ref(),
            h.direction.as_ref(),
        );
        let (bp, hp) = (opt_str(&b.parent), opt_str(&h.parent));
        e.reference("parent", "parent goal", bp, hp, goal_title);
        e.choice("status", "status", b.status.as_ref(), h.status.as_ref());
        key_results(e, b, h, unit);
    }
}

fn key_results(e: &mut Ent<'_, '_>, b: &Goal, h: &Goal, goal_unit: Measure<'_>) {
    let same = |x: &KeyResult, y: &KeyResult| x.id.value == y.id.value;
    pair_items(&b.key_results, &h.key_results, same, |old, kr| {
        match (old, kr) {
            (Some(old), Some(kr)) => key_result(e, old, kr, goal_unit),
            (None, Some(kr)) | (Some(kr), None) => {
                let added = old.is_none();
                let word = if added { "added" } else { "removed" };
                let d = format!("key result {} {word}", quoted(&kr.title));
                e.stake(opt_str(&kr.owner));
                let field = format!("key_results[{}]", kr.id.value);
                e.item(&field, added, kr.title.value.clone(), d);
            }
            (None, None) => {}
        }
    });
}

fn key_result(e: &mut Ent<'_, '_>, old: &KeyResult, kr: &KeyResult, goal_unit: Measure<'_>) {
    let f = |x: &str| format!("key_results[{}].{x}", kr.id.value);
    let label = |x: &str| format!("key result {} {x}", quoted(&kr.title));
    let unit = if kr.metric.is_some() {
        measure(e.m, opt_str(&kr.metric))
    } else {
        goal_unit
    };
    e.text(
        &f("title"),
        "key result title",
        Some(&old.title),
        Some(&kr.title),
    );
    let (bt, at) = (opt_num(&old.target), opt_num(&kr.target));
    e.number(&f("target"), &label("target"), bt, at, unit);
    let (bb, ab) = (old.baseline, kr.baseline);
    e.number(&f("baseline"), &label("baseline"), bb, ab, unit);
    let (bc, ac) = (old.current, kr.current);
    e.number(&f("current"), &label("current value"), bc, ac, unit);
    let (bw, aw) = (opt_num(&old.weight), opt_num(&kr.weight));
    e.number(&f("weight"), &label("weight"), bw, aw, Measure::Percent);
    let (bo, ao) = (opt_str(&old.owner), opt_str(&kr.owner));
    e.party(&f("owner"), &label("owner"), bo, ao);
    let (bm, am) = (opt_str(&old.metric), opt_str(&kr.metric));
    e.reference(&f("metric"), &label("metric"), bm, am, metric_name);
    let (bd, ad) = (opt_str(&old.due), opt_str(&kr.due));
    e.text(&f("due"), &label("due date"), bd, ad);
    e.choice(&f("type"), &label("type"), Some(&old.kind), Some(&kr.kind));
    let (bd, ad) = (old.direction.as_ref(), kr.direction.as_ref());
    e.choice(&f("direction"), &label("direction"), bd, ad);
    let (bc, ac) = (opt_str(&old.last_check_in), opt_str(&kr.last_check_in));
    e.text(&f("last_check_in"), &label("last check-in"), bc, ac);
}
