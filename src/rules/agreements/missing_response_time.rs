//! L702 missing-response-time: an agreement with no (or too long a) first-response
//! time.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::shared::num;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "L702",
        name: "missing-response-time",
        summary: "An agreement sets no response time, or one longer than the limit.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/L702.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let max = ctx.config.limits.max_response_time_hours;
    for a in &ctx.model.agreements {
        let key = Kind::Agreement.key(&a.id);
        let set: Vec<_> = a
            .commitments
            .iter()
            .filter_map(|c| c.response_time_hours.as_ref().map(|h| (c, h)))
            .collect();
        if set.is_empty() {
            let receiver = a
                .commitments
                .iter()
                .find(|c| c.capacity.is_some() || c.contact_attempts.is_some())
                .map_or_else(
                    || "the team that receives the hand-off".to_string(),
                    |c| format!("`{}`", c.team.value),
                );
            let mut d = Diagnostic::new(
                &RULE.meta,
                Label::new(
                    a.loc.file,
                    a.id.span,
                    "no commitment sets `response_time_hours`",
                ),
                format!(
                    "Agreement `{}` does not say how fast a handed-over lead gets a first response",
                    a.id.value
                ),
                key,
                "missing",
            );
            for c in &a.commitments {
                d = d.with_label(Label::new(
                    a.loc.file,
                    c.team.span,
                    format!("`{}` commits to no response time", c.team.value),
                ));
            }
            out.push(d.with_help(format!(
                "add `response_time_hours: {}` (or less) to the commitment of {receiver}",
                num(max)
            )));
            continue;
        }
        for (c, h) in set {
            if h.value <= max {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(a.loc.file, h.span, format!("{} hours", num(h.value))),
                    format!(
                        "Agreement `{}` lets `{}` take {} hours to respond, more than the {}-hour limit",
                        a.id.value,
                        c.team.value,
                        num(h.value),
                        num(max)
                    ),
                    key.clone(),
                    &format!("slow={}", c.team.value),
                )
                .with_note("interest cools within hours: the first team to call usually wins the deal")
                .with_help(format!(
                    "set `response_time_hours` to {} or less, or raise `limits.max_response_time_hours` in accordant.yaml if the longer time is intended",
                    num(max)
                )),
            );
        }
    }
}
