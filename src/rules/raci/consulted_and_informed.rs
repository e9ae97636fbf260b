//! C304 consulted-and-informed: a party that is both Consulted and Informed.

use crate::diag::{Diagnostic, Edit, Fix, Label, Severity};
use crate::model::Kind;
use crate::rules::shared;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C304",
        name: "consulted-and-informed",
        summary: "A party is both Consulted and Informed on one activity.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C304.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.model.responsibilities {
        let mut reported: Vec<String> = Vec::new();
        for i in &r.informed {
            if shared::is_placeholder(i) {
                continue;
            }
            let Some(c) = r.consulted.iter().find(|c| c.eq_ignore_ascii_case(i)) else {
                continue;
            };
            let party = i.to_ascii_lowercase();
            if reported.contains(&party) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(r.loc.file, i.span, "informed here"),
                    format!(
                        "Responsibility `{}`: `{}` is both Consulted and Informed",
                        r.id.value, i.value
                    ),
                    Kind::Responsibility.key(&r.id),
                    &party,
                )
                .with_label(Label::new(r.loc.file, c.span, "consulted here"))
                .with_note(
                    "Consulted is a two-way conversation before the decision; Informed is a \
                     one-way notice after it",
                )
                .with_help(format!(
                    "keep `{}` under `consulted` if its opinion is needed before deciding, \
                     otherwise under `informed`, and remove it from the other list",
                    i.value
                ))
                // Removing it from `informed` keeps the stronger involvement.
                .with_fix(Fix::safe(
                    format!("Remove `{}` from `informed` (it stays Consulted)", i.value),
                    vec![Edit::remove_item(r.loc.file, i.span)],
                )),
            );
            reported.push(party);
        }
    }
}
