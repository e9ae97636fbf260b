//! T804 ritual-start-mismatch: a ritual whose first date is not on its weekday.

use crate::date::Date;
use crate::diag::{Diagnostic, Label, Severity};
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

/// Weekday names, 0 = Monday (as `Date::weekday`).
const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// 0 = Monday for `monday`, `Mon`, `MONDAY`; `None` for anything else.
fn weekday(day: &str) -> Option<u32> {
    let d = day.trim().to_lowercase();
    if d.len() < 3 {
        return None;
    }
    let i = DAYS.iter().position(|name| name.starts_with(d.as_str()))?;
    u32::try_from(i).ok()
}

/// The YAML word for a weekday: `monday`.
fn name(i: u32) -> &'static str {
    DAYS.get(i as usize).copied().unwrap_or("?")
}

/// The weekday as written in a sentence: `Monday`.
fn title(i: u32) -> String {
    let n = name(i);
    n.get(..1).map_or_else(String::new, str::to_uppercase) + n.get(1..).unwrap_or("")
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.model.rituals {
        let (Some(day), Some(start)) = (&r.day, &r.started_on) else {
            continue;
        };
        // Unknown weekday words and malformed dates are schema findings.
        let (Some(want), Some(date)) = (weekday(day), Date::parse(start.trim())) else {
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
                    format!("{} is a {}", start.value, title(got)),
                ),
                format!(
                    "Ritual `{}` meets on {} but started on {}, a {}",
                    r.id.value,
                    title(want),
                    start.value,
                    title(got)
                ),
                Kind::Ritual.key(&r.id),
                "",
            )
            .with_note(format!(
                "`day: {day}` and `started_on` define every occurrence in the calendar feed"
            ))
            .with_help(format!(
                "set `started_on: {fixed}` (the next {}), or change `day` to `{}`",
                title(want),
                name(got)
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_weekday_words() {
        assert_eq!(weekday("monday"), Some(0));
        assert_eq!(weekday("Sun"), Some(6));
        assert_eq!(weekday("THURSDAY"), Some(3));
        assert_eq!(weekday("mo"), None);
        assert_eq!(weekday("someday"), None);
        assert_eq!(title(2), "Wednesday");
    }
}
