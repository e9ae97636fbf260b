//! C303 missing-responsible: an activity nobody does.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::shared::span_or;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C303",
        name: "missing-responsible",
        summary: "An activity has no Responsible party.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C303.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.model.responsibilities {
        // A placeholder (`responsible: [TBD]`) is reported by R202.
        if !r.responsible.is_empty() {
            continue;
        }
        let acc = r.accountable.items();
        // Only a party the repo has is suggested.
        let suggestion = acc
            .first()
            .map(|a| a.value.as_str())
            .or_else(|| ctx.model.teams.first().map(|t| t.id.value.as_str()))
            .unwrap_or("a-team-id");
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(
                    r.loc.file,
                    span_or(r.responsible.span, r.id.span),
                    "nobody is responsible",
                ),
                format!(
                    "Responsibility `{}` (\"{}\") has no Responsible party: nobody does the work",
                    r.id.value, r.activity.value
                ),
                Kind::Responsibility.key(&r.id),
                "",
            )
            .with_note("work that everybody assumes someone else does falls between the teams")
            .with_help(format!(
                "list who does the work, e.g. `responsible: [{suggestion}]`"
            )),
        );
    }
}
