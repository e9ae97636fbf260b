//! I416 spiff-outside-period: a SPIFF whose dates are not inside the plan's period.

use crate::date::Date;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::shared::span_or;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I416",
        name: "spiff-outside-period",
        summary: "A SPIFF starts before or ends after its plan's period, or ends before it starts.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I416.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        let period = ctx.config.period(&inc.period);
        let bounds = period.and_then(|p| Some((Date::parse(&p.start)?, Date::parse(&p.end)?)));
        for s in &inc.spiffs {
            let (Some(start), Some(end)) = (Date::parse(&s.start), Date::parse(&s.end)) else {
                continue;
            };
            let (problem, span) = if end < start {
                (
                    format!(
                        "ends on {} before it starts on {}",
                        s.end.value, s.start.value
                    ),
                    s.end.span,
                )
            } else if let Some((ps, pe)) = bounds {
                if start < ps {
                    (
                        format!(
                            "starts on {}, before the plan's period `{}` starts on {ps}",
                            s.start.value, inc.period.value
                        ),
                        s.start.span,
                    )
                } else if end > pe {
                    (
                        format!(
                            "ends on {}, after the plan's period `{}` ends on {pe}",
                            s.end.value, inc.period.value
                        ),
                        s.end.span,
                    )
                } else {
                    continue;
                }
            } else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(inc.loc.file, span_or(span, s.id.span), problem.clone()),
                    format!(
                        "SPIFF `{}` of incentive `{}` {problem}",
                        s.id.value, inc.id.value
                    ),
                    Kind::Incentive.key(&inc.id),
                    &s.id,
                )
                .with_note(
                    "a SPIFF is paid from the plan's budget and under its terms; outside the \
                     period nobody has agreed to it",
                )
                .with_help(format!(
                    "move `start` and `end` of `{}` inside the period `{}` (see `periods` in \
                     accordant.yaml), or put the SPIFF in the plan of the period it falls in",
                    s.id.value, inc.period.value
                )),
            );
        }
    }
}
