//! M605 definition-not-approved: a metric that a shared goal or an agreement depends
//! on, not signed by every team involved.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Agreement, Goal, Kind, Metric};
use crate::rules::shared::{self, list};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "M605",
        name: "definition-not-approved",
        summary: "A metric used by a shared goal or an agreement is not approved by every team involved.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/M605.md"),
    },
    check: Some(check),
};

/// The goals and agreements that use each metric, in file order.
#[derive(Default)]
struct Users<'a> {
    goals: Vec<&'a Goal>,
    agreements: Vec<&'a Agreement>,
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let mut by_metric: HashMap<&str, Users<'_>> = HashMap::new();
    for g in &model.goals {
        if let Some(r) = &g.metric {
            by_metric.entry(r.value.as_str()).or_default().goals.push(g);
        }
    }
    for a in &model.agreements {
        if let Some(r) = &a.stage {
            by_metric
                .entry(r.value.as_str())
                .or_default()
                .agreements
                .push(a);
        }
    }
    for m in &model.metrics {
        if let Some(users) = by_metric.get(m.id.value.as_str())
            && let Some(d) = metric(ctx, m, users)
        {
            out.push(d);
        }
    }
}

fn metric(ctx: &Ctx<'_>, m: &Metric, by: &Users<'_>) -> Option<Diagnostic> {
    let model = ctx.model;
    let mut needed: Vec<&str> = Vec::new();
    // (file, span, how it is used, by what, its id): written only for a finding.
    let mut used: Vec<(
        crate::source::FileId,
        crate::load::yaml::Span,
        &str,
        &str,
        &str,
    )> = Vec::new();
    for g in by.goals.iter().copied() {
        let Some(r) = g.metric.as_ref() else {
            continue;
        };
        let owners = shared::teams_of(model, &g.owners);
        if owners.len() < 2 {
            continue;
        }
        needed.extend(owners.iter().map(|(t, _)| *t));
        used.push((g.loc.file, r.span, "used by", "shared goal", &g.id.value));
    }
    for a in by.agreements.iter().copied() {
        let Some(r) = a.stage.as_ref() else {
            continue;
        };
        needed.extend(shared::teams_of(model, &a.parties).iter().map(|(t, _)| *t));
        used.push((
            a.loc.file,
            r.span,
            "handed over in",
            "agreement",
            &a.id.value,
        ));
    }
    let mut approved: Vec<&str> = shared::teams_of(model, &m.approved_by)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    if let Some(owner) = shared::team_id(model, &m.owner).filter(|o| !approved.contains(o)) {
        approved.push(owner);
    }
    let mut missing: Vec<&str> = Vec::new();
    for t in needed {
        if !approved.contains(&t) && !missing.contains(&t) {
            missing.push(t);
        }
    }
    if missing.is_empty() {
        return None;
    }
    let users: Vec<String> = used
        .iter()
        .map(|(_, _, _, what, id)| format!("{what} `{id}`"))
        .collect();
    let uses = used.iter().map(|(file, span, how, what, id)| {
        Label::new(*file, *span, format!("{how} {what} `{id}`"))
    });
    let (span, text) = match m.approved_by.last() {
        Some(last) => (last.span, format!("approved only by {}", list(&approved))),
        None => (
            m.owner.span,
            "no `approved_by`: only the owner signed".to_string(),
        ),
    };
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(m.loc.file, shared::span_or(span, m.id.span), text),
        format!(
            "Metric `{}` is used by {} but not approved by {}",
            m.id.value,
            shared::join_some(&users, 3),
            list(&missing)
        ),
        Kind::Metric.key(&m.id),
        "",
    );
    for l in uses {
        d = d.with_label(l);
    }
    let names: Vec<&str> = missing
        .iter()
        .map(|t| shared::team_name(model, t))
        .collect();
    Some(
        d.with_note(format!(
            "{} may contest every number measured with a definition they never signed",
            crate::rules::shared::join_some(&names, 5)
        ))
        .with_help(format!(
            "have {} review the definition and add them to `approved_by` of `{}`",
            list(&missing),
            m.id.value
        )),
    )
}
