//! I401 non-joint-incentive: a shared goal that is not paid to every owner team.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Goal, Kind};
use crate::rules::shared::{self, list};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I401",
        name: "non-joint-incentive",
        summary: "A shared goal is not paid to every team that owns it.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I401.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in ctx.model.goals.iter().filter(|g| g.is_shared()) {
        if let Some(d) = goal(ctx, g) {
            out.push(d);
        }
    }
}

fn goal(ctx: &Ctx<'_>, g: &Goal) -> Option<Diagnostic> {
    let model = ctx.model;
    let owners = shared::teams_of(model, &g.owners);
    if owners.len() < 2 {
        // One real team behind several references: not shared after all.
        return None;
    }
    let mut paid: Vec<&str> = Vec::new();
    // Where each component pays on the goal, and whom; labelled only for a finding.
    let mut pays = Vec::new();
    for (inc, c) in model.components_of_goal(&g.id) {
        let Some(r) = c.goal.as_ref() else {
            continue;
        };
        let teams: Vec<&str> = shared::paid_teams(model, inc, c)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        for t in &teams {
            if !paid.contains(t) {
                paid.push(t);
            }
        }
        pays.push((inc.loc.file, r.span, teams));
    }
    let unpaid: Vec<&str> = owners
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| !paid.contains(t))
        .collect();
    if unpaid.is_empty() {
        return None;
    }
    let labels: Vec<Label> = pays
        .into_iter()
        .map(|(file, span, teams)| {
            let what = if teams.is_empty() {
                "pays no known team on this goal".to_string()
            } else {
                format!("pays {} on this goal", list(&teams))
            };
            Label::new(file, span, what)
        })
        .collect();
    let owner_ids: Vec<&str> = owners.iter().map(|(t, _)| *t).collect();
    let message = if labels.is_empty() {
        format!(
            "Shared goal `{}` is not tied to any incentive: none of its owners ({}) is paid on it",
            g.id.value,
            list(&owner_ids)
        )
    } else {
        format!(
            "Shared goal `{}` is not paid to every owner: {} {} not paid on it",
            g.id.value,
            list(&unpaid),
            if unpaid.len() == 1 { "is" } else { "are" }
        )
    };
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(g.loc.file, g.owners.span, "shared by these teams"),
        message,
        Kind::Goal.key(&g.id),
        "",
    );
    for l in labels {
        d = d.with_label(l);
    }
    let names: Vec<&str> = unpaid.iter().map(|t| shared::team_name(model, t)).collect();
    Some(
        d.with_note(format!(
            "{} has no pay riding on this goal: it is shared on paper only",
            crate::rules::shared::join_some(&names, 5)
        ))
        .with_help(format!(
            "pay every owner on the goal: add {} to the `participants` (or `applies_to`) of a \
             component with `goal: {}`, or add such a component to their own plan",
            list(&unpaid),
            g.id.value
        )),
    )
}
