//! G507 stale-check-in: a running key result whose last check-in is too old.

use crate::date::Date;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Kind, Status};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G507",
        name: "stale-check-in",
        summary: "A key result of a running goal has not been checked in for more than \
                  `limits.check_in_days`.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G507.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let limit = i64::from(ctx.config.limits.check_in_days);
    for g in ctx.model.goals.iter().filter(|g| ctx.in_scope(g.loc.file)) {
        if g.status == Some(Status::Done) {
            continue;
        }
        let Some(p) = ctx.config.period(&g.period) else {
            continue;
        };
        let (Some(start), Some(end)) = (Date::parse(&p.start), Date::parse(&p.end)) else {
            continue;
        };
        if !(start..=end).contains(&ctx.today) {
            continue;
        }
        for kr in &g.key_results {
            let Some(last) = &kr.last_check_in else {
                continue;
            };
            let Some(day) = Date::parse(last) else {
                continue;
            };
            let age = day.days_until(ctx.today);
            if age <= limit {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(g.loc.file, last.span, format!("{age} days ago")),
                    format!(
                        "Goal `{}`: key result `{}` was last checked in on {} ({age} days ago, \
                         more than {limit})",
                        g.id.value, kr.id.value, last.value
                    ),
                    Kind::Goal.key(&g.id),
                    &kr.id.value,
                )
                .with_note(format!(
                    "period `{}` runs until {}; today is {}",
                    p.id.value, p.end.value, ctx.today
                ))
                .with_help(
                    "update `current:` and set `last_check_in:` to the date of the update; \
                     change `limits: check_in_days:` in accordant.yaml for another cadence",
                ),
            );
        }
    }
}
