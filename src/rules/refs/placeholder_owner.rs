//! R202 placeholder-owner: a party reference that is a placeholder such as `TBD`.

use crate::diag::{Diagnostic, Label, Severity};
use crate::rules::shared;
use crate::rules::shared::walk::{self, Target};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "R202",
        name: "placeholder-owner",
        summary: "A team or person field holds a placeholder such as `TBD` or `unknown`.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/R202.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    walk::each_ref_in(ctx.model, ctx.scope, |r| {
        if r.target != Target::Party || !shared::is_placeholder(r.value) {
            return;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(r.file, r.span, "placeholder, not an owner"),
                format!(
                    "{} `{}`: `{}` is the placeholder `{}`, so nobody actually holds this role",
                    r.kind.as_str(),
                    r.id,
                    r.field,
                    r.value
                ),
                r.key(),
                &format!("{}={}", r.field, r.value.to_ascii_lowercase()),
            )
            .with_note("a placeholder hides a gap in ownership instead of closing it")
            .with_help(format!(
                "replace `{}` with the team id (e.g. `sales`) or the `@handle` of the person \
                 who owns it; if nobody does yet, agree on an owner before merging",
                r.value
            )),
        );
    });
}
