//! C302 missing-accountable: an activity without an Accountable party.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::shared::span_or;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C302",
        name: "missing-accountable",
        summary: "An activity has no Accountable party.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C302.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.model.responsibilities {
        // A placeholder (`accountable: TBD`) is reported by R202.
        if !r.accountable.items().is_empty() {
            continue;
        }
        // Only a party the repo has is suggested: a Responsible one, else the
        // first team.
        let suggestion = r
            .responsible
            .first()
            .map(|p| p.value.clone())
            .or_else(|| ctx.model.teams.first().map(|t| t.id.value.clone()));
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(
                    r.loc.file,
                    span_or(r.accountable.span, r.id.span),
                    "no accountable party",
                ),
                format!(
                    "Responsibility `{}` (\"{}\") has no Accountable party",
                    r.id.value, r.activity.value
                ),
                Kind::Responsibility.key(&r.id),
                "",
            )
            .with_note("without an Accountable party, nobody answers for the outcome when it slips")
            .with_help(match suggestion {
                Some(s) => format!(
                    "add the one team or `@person` who answers for it, e.g. `accountable: {s}`"
                ),
                None => "add the one team or `@person` who answers for it under `accountable:` (define the team first)".to_string(),
            }),
        );
    }
}
