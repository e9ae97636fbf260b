//! I411 payout-cliff: a payout that jumps by more than a set share of the target
//! incentive within one attainment point.

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Incentive, Kind};
use crate::payout::{Attainments, Curve, dec, plain};
use crate::rules::shared::span_or;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I411",
        name: "payout-cliff",
        summary: "An incentive's payout jumps by more than `limits.max_payout_jump` percent of \
                  the target incentive within one attainment point.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I411.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(limit) = dec(ctx.config.limits.max_payout_jump) else {
        return;
    };
    for inc in &ctx.model.incentives {
        for c in &inc.components {
            let curve = Curve::of(c);
            let (rise, at) = curve.max_jump();
            let weight = dec(c.weight.value).unwrap_or_default();
            let share = rise * weight / Decimal::ONE_HUNDRED;
            if share <= limit {
                continue;
            }
            let span = c
                .curve
                .as_ref()
                .map_or(c.id.span, |cv| span_or(cv.tiers.span, c.id.span));
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        inc.loc.file,
                        span_or(span, c.id.span),
                        format!(
                            "pays {}% more of the target at {}%",
                            plain(share.round_dp(2)),
                            plain(at)
                        ),
                    ),
                    format!(
                        "Component `{}` of incentive `{}` has a payout cliff: one attainment \
                         point more ({}% to {}%) pays {}% of the target incentive more, above \
                         the limit of {}%",
                        c.id.value,
                        inc.id.value,
                        plain((at - Decimal::ONE).max(Decimal::ZERO)),
                        plain(at),
                        plain(share.round_dp(2)),
                        plain(limit)
                    ),
                    Kind::Incentive.key(&inc.id),
                    &c.id,
                )
                .with_note(
                    "people just below a cliff hold deals back or push them in early to cross it, \
                     and one deal decides much of their pay",
                )
                .with_help(format!(
                    "replace the step with a ramp: drop `threshold` on `{}` and start a curve \
                     tier below it (e.g. `from: 60, rate: 2.5` pays 50% at 80% and 100% at 100%), \
                     or raise `limits.max_payout_jump` in accordant.yaml if the step is intended",
                    c.id.value
                )),
            );
        }
        if let Some(d) = gate_cliff(inc, limit) {
            out.push(d);
        }
    }
}

/// The gate opens at its minimum: everything the plan pays there appears at once.
fn gate_cliff(inc: &Incentive, limit: Decimal) -> Option<Diagnostic> {
    let gate = inc.gate.as_ref()?;
    let min = dec(gate.min_attainment)?;
    if min <= Decimal::ZERO {
        return None;
    }
    let att = Attainments {
        base: min,
        overrides: None,
    };
    let at_min: Decimal = inc
        .components
        .iter()
        .map(|c| {
            dec(c.weight.value).unwrap_or_default() * Curve::of(c).factor(att.of_component(c))
                / Decimal::ONE_HUNDRED
        })
        .sum();
    if at_min <= limit {
        return None;
    }
    Some(
        Diagnostic::new(
            &RULE.meta,
            Label::new(
                inc.loc.file,
                span_or(gate.applies_to.span, inc.id.span),
                format!(
                    "opens at {}% with {}% of the target",
                    plain(min),
                    plain(at_min.round_dp(2))
                ),
            ),
            format!(
                "The gate of incentive `{}` is a payout cliff: just below {}% nothing is paid, \
                 at {}% the plan pays {}% of the target incentive at once, above the limit of {}%",
                inc.id.value,
                plain(min),
                plain(min),
                plain(at_min.round_dp(2)),
                plain(limit)
            ),
            Kind::Incentive.key(&inc.id),
            "gate",
        )
        .with_help(
            "let the curves start at the gate's `min_attainment` (pay 0 there and ramp up), or \
             lower `min_attainment` to where the components pay little",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    fn plan(comp: &str) -> String {
        format!(
            "{TEST_TEAMS}---\nkind: Incentive\nid: p\nname: n\nperiod: q1\n\
             participants: [sales]\ncomponents:\n  - {{id: c, weight: 100, {comp}}}\n"
        )
    }

    #[test]
    fn a_threshold_step_or_a_steep_rate_is_a_cliff_a_ramp_is_not() {
        assert_eq!(run_yaml(check, &plan("threshold: 80")).len(), 1);
        assert_eq!(
            run_yaml(check, &plan("curve: {tiers: [{from: 90, rate: 20}]}")).len(),
            1
        );
        for ok in [
            "cap: 150",
            "curve: {tiers: [{from: 60, rate: 2.5}, {from: 100, rate: 1.5}]}",
            "threshold: 80, curve: {tiers: [{from: 80, rate: 5}]}",
        ] {
            assert!(run_yaml(check, &plan(ok)).is_empty(), "{ok}");
        }
    }
}
