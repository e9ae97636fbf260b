//! G504 unmeasurable-key-result: a metric key result without a metric or a target.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Kind, KrType};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G504",
        name: "unmeasurable-key-result",
        summary: "A key result of type `metric` has no `metric` or no `target`.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G504.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in ctx.model.goals.iter().filter(|g| ctx.in_scope(g.loc.file)) {
        for kr in &g.key_results {
            if kr.kind != KrType::Metric {
                continue;
            }
            let missing: Vec<&str> = [
                kr.metric.is_none().then_some("metric"),
                kr.target.is_none().then_some("target"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if missing.is_empty() {
                continue;
            }
            let what = missing.join(" and no ");
            let example = match missing.as_slice() {
                ["metric"] => "metric: <metric id>".to_string(),
                ["target"] => "target: <number>".to_string(),
                _ => "metric: <metric id> and target: <number>".to_string(),
            };
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(g.loc.file, kr.id.span, format!("no {what}")),
                    format!(
                        "Goal `{}`: key result `{}` has no {what}, so it cannot be measured",
                        g.id.value, kr.id.value
                    ),
                    Kind::Goal.key(&g.id),
                    &kr.id.value,
                )
                .with_note("a key result is a measured outcome: which number, and what value counts as success")
                .with_help(format!(
                    "add `{example}` to the key result, or `type: milestone` if it is really a task"
                )),
            );
        }
    }
}
