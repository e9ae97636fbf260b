//! T804 ritual-start-mismatch: a ritual whose first date is not on its weekday.

use crate::date::{Date, parse_weekday, weekday_name};
use crate::diag::{Diagnostic, Edit, Fix, Label, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "T804",
        name: "ritual-start-mismatch",
        summary: "A ritual's `started_on` date is not on its `day` of the week.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/T804.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.model.rituals {
        let (Some(day), Some(start)) = (&r.day, &r.started_on) else {
            continue;
        };
        // Unknown weekday words and malformed dates are schema findings.
        let (Some(want), Some(date)) = (parse_weekday(day), Date::parse(start.trim())) else {
            continue;
        };
        let got = date.weekday();
        if got == want {
            continue;
        }
        let days_ahead = i64::from((want + 7 - got) % 7);
        let fixed = date.add_days(days_ahead);
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(
                    r.loc.file,
                    start.span,
                    format!("{} is a {}", start.value, weekday_name(got)),
                ),
                format!(
                    "Ritual `{}` meets on {} but started on {}, a {}",
                    r.id.value,
                    weekday_name(want),
                    start.value,
                    weekday_name(got)
                ),
                Kind::Ritual.key(&r.id),
                "",
            )
            .with_note(format!(
                "`day: {day}` and `started_on` define every occurrence in the calendar feed"
            ))
            .with_help(format!(
                "set `started_on: {fixed}` (the next {}), or change `day` to `{}`",
                weekday_name(want),
                weekday_name(got).to_lowercase()
            ))
            .with_fix(Fix::safe(
                format!(
                    "Set `started_on` to {fixed}, the next {}",
                    weekday_name(want)
                ),
                vec![Edit::scalar(r.loc.file, start.span, fixed.to_string())],
            )),
        );
    }
}
