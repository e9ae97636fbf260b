//! M604 stage-without-criteria: a funnel stage with no entry criteria.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::shared::span_or;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "M604",
        name: "stage-without-criteria",
        summary: "A funnel stage does not say what a lead needs to enter it.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/M604.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for m in &ctx.model.metrics {
        let Some(stage) = &m.stage else { continue };
        if stage.entry_criteria.iter().any(|c| !c.trim().is_empty()) {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE.meta,
            Label::new(
                m.loc.file,
                span_or(stage.funnel.span, m.id.span),
                "this stage has no `entry_criteria`",
            ),
            format!(
                "Stage `{}` of funnel `{}` has no entry criteria",
                m.id.value, stage.funnel.value
            ),
            Kind::Metric.key(&m.id),
            "",
        )
        .with_label(Label::new(m.loc.file, m.id.span, "stage metric"));
        if let Some(t) = stage.score_threshold {
            d = d.with_note(format!(
                "a score threshold ({t}) alone does not say which leads qualify: write down the \
                 fit criteria too"
            ));
        }
        out.push(d.with_help(format!(
            "add `entry_criteria:` under `stage:` of `{}`, e.g. `entry_criteria: [\"lead score >= \
             60\", \"company size 50-5000\"]`",
            m.id.value
        )));
    }
}
