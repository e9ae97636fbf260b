//! I415 clawback-unbounded: a clawback without a window or without a cap.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I415",
        name: "clawback-unbounded",
        summary: "An incentive's clawback sets no window (`window_days`) or no cap (`cap`).",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I415.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        let Some(cb) = &inc.clawback else { continue };
        let mut missing = Vec::new();
        if cb.window_days.is_none() {
            missing.push((
                "window_days",
                "how long after payout money can be taken back",
            ));
        }
        if cb.cap.is_none() {
            missing.push(("cap", "how much of a payout can be taken back"));
        }
        if missing.is_empty() {
            continue;
        }
        let fields: Vec<String> = missing.iter().map(|(f, _)| format!("`{f}`")).collect();
        let span = crate::rules::shared::span_or(cb.span, inc.id.span);
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(inc.loc.file, span, format!("no {}", fields.join(" and no "))),
                format!(
                    "The clawback of incentive `{}` is open-ended: it sets no {}",
                    inc.id.value,
                    missing
                        .iter()
                        .map(|(f, what)| format!("`{f}` ({what})"))
                        .collect::<Vec<_>>()
                        .join(" and no ")
                ),
                Kind::Incentive.key(&inc.id),
                "clawback",
            )
            .with_note(
                "money that can be taken back at any time, or all of it, is money people cannot \
                 count on; open-ended clawbacks are also unenforceable in some jurisdictions",
            )
            .with_help("under `clawback:`, add `window_days: 90` and `cap: 50` (percent of a payout), with the numbers you agreed"),
        );
    }
}
