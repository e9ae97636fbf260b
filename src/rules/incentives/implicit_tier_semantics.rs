//! I414 implicit-tier-semantics: a pay curve whose tiers would pay differently as
//! `marginal` and as `tiered`, without saying which.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Kind, Semantics};
use crate::payout::{Curve, plain};
use crate::rules::shared::span_or;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I414",
        name: "implicit-tier-semantics",
        summary: "A pay curve's tiers pay differently as `marginal` and as `tiered`, and the \
                  curve does not say which it means.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I414.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        for c in &inc.components {
            let Some(cv) = &c.curve else { continue };
            let curve = Curve::of(c);
            if curve.explicit {
                continue;
            }
            let Some(probe) = curve.semantics_differ_at() else {
                continue;
            };
            let (m, t) = (
                curve.factor_as(probe, Semantics::Marginal),
                curve.factor_as(probe, Semantics::Tiered),
            );
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        inc.loc.file,
                        span_or(cv.tiers.span, c.id.span),
                        "no `semantics:` for these tiers",
                    ),
                    format!(
                        "The pay curve of component `{}` of incentive `{}` does not say how its \
                         tiers combine: at {}% attainment it pays {}% of target as `marginal` \
                         (the default) and {}% as `tiered`",
                        c.id.value,
                        inc.id.value,
                        plain(probe),
                        plain(m),
                        plain(t)
                    ),
                    Kind::Incentive.key(&inc.id),
                    &c.id,
                )
                .with_note(
                    "people read tiers both ways; the reading decides real money, so the plan \
                     must say it",
                )
                .with_help(format!(
                    "add `semantics: marginal` (each band at its own rate, like tax brackets) \
                     or `semantics: tiered` (the highest tier's rate on all attainment) to the \
                     curve of `{}`",
                    c.id.value
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{run_yaml, test_curve_plan as plan};

    #[test]
    fn only_tiers_that_pay_differently_need_semantics() {
        // One tier from 50: marginal pays (a - 50) x 2, tiered 2a.
        assert_eq!(
            run_yaml(check, &plan("{tiers: [{from: 50, rate: 2}]}")).len(),
            1
        );
        assert_eq!(
            run_yaml(
                check,
                &plan("{tiers: [{from: 0, rate: 1}, {from: 100, rate: 2}]}")
            )
            .len(),
            1
        );
        for ok in [
            "{semantics: marginal, tiers: [{from: 0, rate: 1}, {from: 100, rate: 2}]}",
            "{tiers: [{from: 0, rate: 2}]}",
            "{tiers: [{from: 0, rate: 1}, {from: 100, rate: 1}]}",
        ] {
            assert!(run_yaml(check, &plan(ok)).is_empty(), "{ok}");
        }
    }
}
