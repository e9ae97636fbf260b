//! T801 unreviewed-shared-goal: a shared goal no joint ritual reviews.

use super::review;
use crate::diag::{Diagnostic, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "T801",
        name: "unreviewed-shared-goal",
        summary: "A shared goal is not reviewed in a ritual that all of its owner teams attend.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/T801.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for s in review::subjects(ctx.model)
        .iter()
        .filter(|s| s.kind == Kind::Goal)
    {
        out.extend(review::unreviewed(&RULE.meta, ctx.model, s));
    }
}
