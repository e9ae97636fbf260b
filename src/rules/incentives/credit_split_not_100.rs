//! I403 credit-split-not-100: a deal type's credit split does not add up to 100 %.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::shared::{self, num, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I403",
        name: "credit-split-not-100",
        summary: "A credit split does not add up to 100 % and is not marked double credit.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I403.md"),
    },
    check: Some(check),
};

/// Percentages may carry rounding (33.33 + 33.33 + 33.34).
const TOLERANCE: f64 = 0.01;

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        for s in &inc.credit_splits {
            if s.double_credit {
                continue;
            }
            let total: f64 = s.splits.values().map(|p| p.value).sum();
            if (total - 100.0).abs() <= TOLERANCE {
                continue;
            }
            let parts: Vec<String> = s
                .splits
                .iter()
                .map(|(team, pct)| format!("{team} {}%", num(pct.value)))
                .collect();
            let short = if total < 100.0 {
                format!("{}% of the credit goes to nobody", num(100.0 - total))
            } else {
                format!("{}% more credit than the deal is worth", num(total - 100.0))
            };
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        inc.loc.file,
                        span_or(s.splits.span, s.deal_type.span),
                        format!("adds up to {}%", num(total)),
                    ),
                    format!(
                        "Credit split for deal type `{}` in incentive `{}` adds up to {}%, not 100%",
                        s.deal_type.value,
                        inc.id.value,
                        num(total)
                    ),
                    Kind::Incentive.key(&inc.id),
                    &s.deal_type,
                )
                .with_label(Label::new(inc.loc.file, s.deal_type.span, "deal type"))
                .with_note(format!("{}: {short}", parts.join(" + ")))
                .with_help(
                    "change the percentages under `splits` so they add up to 100, or add \
                     `double_credit: true` if every team is meant to get full credit on purpose",
                )
                .with_fix(shared::normalise_to_100(
                    inc.loc.file,
                    &s.splits
                        .values()
                        .map(|p| (p.value, p.span))
                        .collect::<Vec<_>>(),
                    "credit splits",
                )),
            );
        }
    }
}
