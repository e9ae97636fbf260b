//! L705 review-overdue: an agreement never reviewed, or not reviewed for too long.

use crate::date::Date;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "L705",
        name: "review-overdue",
        summary: "An agreement has no review date, or its last review is overdue.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/L705.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in &ctx.model.agreements {
        let every = a
            .review_every_days
            .unwrap_or(ctx.config.limits.agreement_review_days);
        let key = Kind::Agreement.key(&a.id);
        let Some(last) = &a.last_reviewed else {
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(a.loc.file, a.id.span, "no `last_reviewed`"),
                    format!("Agreement `{}` has never been reviewed", a.id.value),
                    key,
                    "never",
                )
                .with_help(format!(
                    "review the agreement with both teams and record the date: `last_reviewed: {}`",
                    ctx.today
                )),
            );
            continue;
        };
        // A malformed date is a schema finding (S101), not an overdue review.
        let Some(date) = Date::parse(last.trim()) else {
            continue;
        };
        let age = date.days_until(ctx.today);
        if age <= i64::from(every) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(a.loc.file, last.span, format!("{age} days ago")),
                format!(
                    "Agreement `{}` was last reviewed {age} days ago, more than its {every}-day \
                     review interval",
                    a.id.value
                ),
                key,
                "overdue",
            )
            .with_note(format!(
                "the review was due on {}",
                date.add_days(i64::from(every))
            ))
            .with_help(format!(
                "review the agreement with both teams and update `last_reviewed: {}`",
                ctx.today
            )),
        );
    }
}
