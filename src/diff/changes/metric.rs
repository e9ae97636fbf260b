//! Metrics: their definition (and who relies on it) and their funnel stage.

use super::fields::Ent;
use super::{Compare, Models, ids, metric_name, opt_str, party_name, strings};
use crate::diff::words::{Measure, list, quoted};
use crate::model::{Metric, Stage};

impl Compare for Metric {
    fn stake(&self, e: &mut Ent<'_, '_>) {
        e.stake([self.owner.value.as_str()]);
        e.stake(ids(&self.approved_by));
    }

    fn describe(&self, m: &Models<'_>) -> String {
        format!("owned by {}", party_name(m, &self.owner))
    }

    fn fields(e: &mut Ent<'_, '_>, b: &Metric, h: &Metric) {
        let (ba, ha) = (strings(&b.aliases), strings(&h.aliases));
        e.items("aliases", "aliases", &ba, &ha, quoted);
        if b.definition.value.trim() != h.definition.value.trim() {
            definition(e, b, h);
        }
        e.choice("unit", "unit", Some(&b.unit), Some(&h.unit));
        let (bc, hc) = (b.currency.as_deref(), h.currency.as_deref());
        e.text("currency", "currency", bc, hc);
        let (bd, hd) = (&b.direction, &h.direction);
        e.choice("direction", "direction", Some(bd), Some(hd));
        e.choice("category", "category", Some(&b.category), Some(&h.category));
        e.party("owner", "owner", Some(&b.owner), Some(&h.owner));
        e.parties("approved_by", "approved by", &b.approved_by, &h.approved_by);
        e.prose("source", "source", b.source.as_deref(), h.source.as_deref());
        let (bf, hf) = (b.formula.as_deref(), h.formula.as_deref());
        e.prose("formula", "formula", bf, hf);
        stage(e, b.stage.as_ref(), h.stage.as_ref());
    }
}

/// A changed definition, with the goals and incentives that rely on it (their
/// teams become stakeholders).
fn definition(e: &mut Ent<'_, '_>, b: &Metric, h: &Metric) {
    let (goals, incentives, teams) = users_of(e.m, &h.id);
    e.stake(teams.iter().map(String::as_str));
    let mut uses = Vec::new();
    for (names, one, many) in [
        (&goals, "goal", "goals"),
        (&incentives, "incentive", "incentives"),
    ] {
        if !names.is_empty() {
            let noun = if names.len() == 1 { one } else { many };
            uses.push(format!("{noun} {}", list(names)));
        }
    }
    let detail = if uses.is_empty() {
        "definition changed; no goal or incentive uses it".to_string()
    } else {
        format!("definition changed; used by {}", uses.join(" and "))
    };
    e.push(
        "definition",
        Some(b.definition.value.clone()),
        Some(h.definition.value.clone()),
        detail,
    );
}

/// Titles of the goals and names of the incentives that use a metric, and their teams.
fn users_of(m: &Models<'_>, metric: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let model = m.head;
    let mut teams = Vec::new();
    let mut goal_ids = Vec::new();
    let mut goals = Vec::new();
    for g in &model.goals {
        let uses = opt_str(&g.metric) == Some(metric)
            || g.key_results
                .iter()
                .any(|k| opt_str(&k.metric) == Some(metric));
        if uses {
            goals.push(quoted(&g.title));
            goal_ids.push(g.id.value.as_str());
            teams.extend(g.owners.iter().map(|o| o.value.clone()));
        }
    }
    let mut incentives = Vec::new();
    for i in &model.incentives {
        let uses = i.components.iter().any(|c| {
            opt_str(&c.metric) == Some(metric)
                || c.guardrails.iter().any(|g| g.value == metric)
                || opt_str(&c.goal).is_some_and(|g| goal_ids.contains(&g))
        }) || i.gate.as_ref().is_some_and(|g| {
            opt_str(&g.metric) == Some(metric)
                || opt_str(&g.goal).is_some_and(|x| goal_ids.contains(&x))
        });
        if uses {
            incentives.push(quoted(&i.name));
            teams.extend(i.participants.iter().map(|p| p.value.clone()));
        }
    }
    (goals, incentives, teams)
}

fn stage(e: &mut Ent<'_, '_>, b: Option<&Stage>, h: Option<&Stage>) {
    match (b, h) {
        (None, None) => {}
        (None, Some(s)) => {
            e.stake([s.owner.value.as_str()]);
            let d = format!("now funnel stage {} of `{}`", s.order.value, s.funnel.value);
            e.push("stage", None, Some(s.funnel.value.clone()), d);
        }
        (Some(s), None) => {
            e.stake([s.owner.value.as_str()]);
            let d = format!(
                "no longer a funnel stage (was stage {} of `{}`)",
                s.order.value, s.funnel.value
            );
            e.push("stage", Some(s.funnel.value.clone()), None, d);
        }
        (Some(b), Some(h)) => stage_fields(e, b, h),
    }
}

fn stage_fields(e: &mut Ent<'_, '_>, b: &Stage, h: &Stage) {
    let m = e.m;
    e.text("stage.funnel", "funnel", Some(&b.funnel), Some(&h.funnel));
    let ord = |s: &Stage| Some(f64::from(s.order.value));
    e.number("stage.order", "stage order", ord(b), ord(h), Measure::Plain);
    e.party("stage.owner", "stage owner", Some(&b.owner), Some(&h.owner));
    e.number(
        "stage.score_threshold",
        "score threshold",
        b.score_threshold,
        h.score_threshold,
        Measure::Plain,
    );
    let (bc, hc) = (&b.entry_criteria, &h.entry_criteria);
    e.items("stage.entry_criteria", "entry criteria", bc, hc, quoted);
    let (bx, hx) = (strings(&b.exits_to), strings(&h.exits_to));
    e.items("stage.exits_to", "exits to", &bx, &hx, |id| {
        if m.head.metric(id).is_some() || m.base.metric(id).is_some() {
            metric_name(m, id)
        } else {
            format!("`{id}`")
        }
    });
}
