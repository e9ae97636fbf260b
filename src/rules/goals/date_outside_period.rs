//! G503 date-outside-period: a key result is due outside its goal's period.

use crate::date::Date;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G503",
        name: "date-outside-period",
        summary: "A key result's `due` date falls outside its goal's period.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G503.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in ctx.model.goals.iter().filter(|g| ctx.in_scope(g.loc.file)) {
        // Unknown periods are R205's; malformed dates are the schema's.
        let Some(p) = ctx.config.period(&g.period) else {
            continue;
        };
        let (Some(start), Some(end)) = (Date::parse(&p.start), Date::parse(&p.end)) else {
            continue;
        };
        for kr in &g.key_results {
            let Some(due) = &kr.due else { continue };
            let Some(day) = Date::parse(due) else {
                continue;
            };
            if (start..=end).contains(&day) {
                continue;
            }
            let side = if day < start {
                "before it starts"
            } else {
                "after it ends"
            };
            let mut d = Diagnostic::new(
                &RULE.meta,
                Label::new(g.loc.file, due.span, format!("due {side}")),
                format!(
                    "Goal `{}`: key result `{}` is due {}, outside period `{}` ({} to {})",
                    g.id.value, kr.id.value, due.value, p.id.value, p.start.value, p.end.value
                ),
                Kind::Goal.key(&g.id),
                &kr.id.value,
            )
            .with_label(Label::new(g.loc.file, g.period.span, "the goal's period"));
            if let Some(cfg) = ctx.model.config_file {
                d = d.with_label(Label::new(cfg, p.id.span, "period defined here"));
            }
            out.push(
                d.with_note("progress is measured within the goal's period; a later date is never checked, an earlier one leaves the rest of the period without a target")
                    .with_help(format!(
                        "set `due:` between {} and {}, or move the key result to a goal of the right period",
                        p.start.value, p.end.value
                    )),
            );
        }
    }
}
