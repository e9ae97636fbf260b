//! G505 primary-owner: a shared goal without a primary owner among its owners.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::shared;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G505",
        name: "primary-owner",
        summary: "A goal with several owners has no `primary_owner`, or the primary owner is \
                  not one of its owners.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G505.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in ctx.model.goals.iter().filter(|g| ctx.in_scope(g.loc.file)) {
        let file = g.loc.file;
        let owners: Vec<&str> = g.owners.iter().map(|o| o.value.as_str()).collect();
        match &g.primary_owner {
            None if g.owners.len() > 1 => out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(file, g.owners.span, "several owners"),
                    format!(
                        "Goal `{}` is shared by {} but names no `primary_owner`",
                        g.id.value,
                        shared::list(&owners)
                    ),
                    Kind::Goal.key(&g.id),
                    "missing",
                )
                .with_note("a shared goal still needs one team that leads it and calls the meeting when it slips")
                .with_help(format!("add `primary_owner: {}` (or another of the owners)", owners[0])),
            ),
            // Placeholders are R202's.
            Some(p) if !shared::is_placeholder(p) && !owners.contains(&p.value.as_str()) => out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(file, p.span, "not an owner"),
                    format!(
                        "Goal `{}`: primary owner `{}` is not one of its owners ({})",
                        g.id.value,
                        p.value,
                        shared::list(&owners)
                    ),
                    Kind::Goal.key(&g.id),
                    "not-owner",
                )
                .with_label(Label::new(file, g.owners.span, "the owners"))
                .with_help(format!(
                    "set `primary_owner:` to one of {}, or add `{}` to `owners`",
                    shared::list(&owners),
                    p.value
                )),
            ),
            _ => {}
        }
    }
}
