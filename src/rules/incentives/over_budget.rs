//! I413 over-budget: a plan that costs more than its budget at 100 %, 120 % or
//! 150 % attainment.

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::payout::{Attainments, budget, cost_of, money, payees};
use crate::rules::shared::span_or;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I413",
        name: "over-budget",
        summary: "An incentive plan costs more than `budget.at_target` at 100 % attainment, or \
                  more than `budget.ceiling` at 120 % or 150 %.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I413.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        let (Some(b), Some((cur, at_target, ceiling))) = (&inc.budget, budget(inc)) else {
            continue;
        };
        if inc.targets.is_empty() {
            continue;
        }
        let people = payees(ctx.model, inc);
        let cost_at = |pct: i64| {
            let att = Attainments {
                base: Decimal::from(pct),
                overrides: None,
            };
            cost_of(inc, &people, &att)
                .get(&cur)
                .copied()
                .unwrap_or_default()
        };
        let mut checks: Vec<(i64, Decimal, &str, crate::load::yaml::Span)> = Vec::new();
        if let (Some(t), Some(s)) = (at_target, &b.at_target) {
            checks.push((100, t, "budget.at_target", s.span));
        }
        if let (Some(c), Some(s)) = (ceiling, &b.ceiling) {
            checks.push((120, c, "budget.ceiling", s.span));
            checks.push((150, c, "budget.ceiling", s.span));
        }
        for (pct, limit, field, span) in checks {
            let cost = cost_at(pct);
            if cost <= limit {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        inc.loc.file,
                        span_or(span, inc.id.span),
                        format!("{} {cur} at {pct}%", money(cost)),
                    ),
                    format!(
                        "Incentive `{}` costs {} {cur} at {pct}% attainment, over its \
                         `{field}` of {} {cur}",
                        inc.id.value,
                        money(cost),
                        money(limit)
                    ),
                    Kind::Incentive.key(&inc.id),
                    &format!("{field}@{pct}"),
                )
                .with_note(
                    "the cost is every target's payout times its headcount, plus every SPIFF in \
                     full; see `accordant simulate` for the whole grid",
                )
                .with_help(format!(
                    "raise `{field}`, lower the targets or the accelerators, or cap the curve \
                     lower; `accordant simulate --plan {}` shows the cost at each attainment",
                    inc.id.value
                )),
            );
            // One finding per budget field: the 150 % check adds nothing once 120 % is over.
            if field == "budget.ceiling" {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    fn plan(budget: &str) -> String {
        format!(
            "{TEST_TEAMS}---\nkind: Incentive\nid: p\nname: n\nperiod: q1\n\
             participants: [sales]\ncomponents:\n  - {{id: c, weight: 100}}\n\
             targets:\n  - {{participant: sales, amount: 1000, currency: EUR, headcount: 10}}\n\
             budget: {budget}\n"
        )
    }

    #[test]
    fn cost_is_compared_at_target_and_at_120_and_150() {
        // 10 people x 1,000 = 10,000 at 100 %, 12,000 at 120 %, 15,000 at 150 %.
        assert_eq!(
            run_yaml(check, &plan("{currency: EUR, at_target: 9000}")).len(),
            1
        );
        assert_eq!(
            run_yaml(check, &plan("{currency: EUR, ceiling: 14000}")).len(),
            1
        );
        assert!(
            run_yaml(
                check,
                &plan("{currency: EUR, at_target: 10000, ceiling: 15000}")
            )
            .is_empty()
        );
        assert!(run_yaml(check, &plan("{currency: USD, at_target: 1}")).is_empty());
    }
}
