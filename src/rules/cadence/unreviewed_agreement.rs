//! T802 unreviewed-agreement: an agreement no ritual with both parties reviews.

use super::review;
use crate::diag::{Diagnostic, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "T802",
        name: "unreviewed-agreement",
        summary: "An agreement is not reviewed in a ritual that both parties attend.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/T802.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let subjects = review::subjects(ctx.model);
    for s in subjects.iter().filter(|s| s.kind == Kind::Agreement) {
        out.extend(review::unreviewed(&RULE.meta, ctx.model, s));
    }
}
