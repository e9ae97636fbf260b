//! I412 payout-falls: a pay curve that pays less for a better result.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Kind, Semantics};
use crate::payout::{Curve, plain};
use crate::rules::shared::span_or;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I412",
        name: "payout-falls",
        summary: "An incentive component pays less at a higher attainment than at a lower one.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I412.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        for c in &inc.components {
            let curve = Curve::of(c);
            let Some(at) = curve.first_fall() else {
                continue;
            };
            let below = at - rust_decimal::Decimal::new(1, 2);
            let (hi, lo) = (curve.factor(below), curve.factor(at));
            let span = c
                .curve
                .as_ref()
                .map_or(c.id.span, |cv| span_or(cv.tiers.span, c.id.span));
            let tiered = curve.semantics == Semantics::Tiered;
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        inc.loc.file,
                        span,
                        format!(
                            "pays {}% at {}% but {}% just below",
                            plain(lo),
                            plain(at),
                            plain(hi)
                        ),
                    ),
                    format!(
                        "Component `{}` of incentive `{}` pays less for a better result: {}% of \
                         target at {}% attainment, {}% at {}%",
                        c.id.value,
                        inc.id.value,
                        plain(hi),
                        plain(below),
                        plain(lo),
                        plain(at)
                    ),
                    Kind::Incentive.key(&inc.id),
                    &c.id,
                )
                .with_note(if tiered {
                    "under `semantics: tiered` the rate of the highest tier reached applies to \
                     all attainment, so a lower rate in a higher tier lowers the whole payout"
                } else {
                    "a floor or a rate change makes the payout drop at this attainment"
                })
                .with_help(format!(
                    "on `{}`, use `semantics: marginal` (each band at its own rate) or give the \
                     higher tier a rate at least as high as the one below it",
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
    fn a_lower_tiered_rate_above_is_reported_a_marginal_one_is_not() {
        let falls = "{semantics: tiered, tiers: [{from: 0, rate: 1.2}, {from: 100, rate: 0.9}]}";
        assert_eq!(run_yaml(check, &plan(falls)).len(), 1);
        let ok = "{semantics: marginal, tiers: [{from: 0, rate: 1.2}, {from: 100, rate: 0.9}]}";
        assert!(run_yaml(check, &plan(ok)).is_empty());
    }
}
