//! L704 missing-disposition-codes: an agreement without codes for rejected leads.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "L704",
        name: "missing-disposition-codes",
        summary: "An agreement lists no disposition codes for rejected leads.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/L704.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in &ctx.model.agreements {
        if a.disposition_codes.iter().any(|c| !c.trim().is_empty()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(a.loc.file, a.id.span, "no `disposition_codes`"),
                format!(
                    "Agreement `{}` has no disposition codes for rejected leads",
                    a.id.value
                ),
                Kind::Agreement.key(&a.id),
                "",
            )
            .with_note(
                "without a fixed list of reasons, rejected leads teach the sending team nothing",
            )
            .with_help(
                "add the reasons a rejected lead must carry, e.g. `disposition_codes: [bad-fit, \
                 no-budget, no-response, duplicate]`",
            ),
        );
    }
}
