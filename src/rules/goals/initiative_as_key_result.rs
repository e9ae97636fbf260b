//! G506 initiative-as-key-result: a milestone (a task) written as a key result.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Kind, KrType};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G506",
        name: "initiative-as-key-result",
        summary: "A key result is a milestone (a task), not a measured outcome.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G506.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in ctx.model.goals.iter().filter(|g| ctx.in_scope(g.loc.file)) {
        for kr in &g.key_results {
            if kr.kind != KrType::Milestone {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(g.loc.file, kr.id.span, "a task, not an outcome"),
                    format!(
                        "Goal `{}`: key result `{}` (\"{}\") is a milestone: it says what to do, not what should change",
                        g.id.value, kr.id.value, kr.title.value
                    ),
                    Kind::Goal.key(&g.id),
                    &kr.id.value,
                )
                .with_note("finishing a task does not prove the goal moved; an outcome does")
                .with_help(
                    "replace it with the result the task should bring (`type: metric` with a \
                     `metric` and a `target`), and track the task as an initiative outside \
                     the key results",
                ),
            );
        }
    }
}
