//! I404 volume-without-guardrail: a component paying on volume with no quality
//! guardrail.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Category, Kind};
use crate::rules::shared::{self, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I404",
        name: "volume-without-guardrail",
        summary: "An incentive component pays on a volume metric without a quality guardrail.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I404.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let quality = model
        .metrics
        .iter()
        .find(|m| m.category == Category::Quality)
        .map(|m| m.id.value.as_str());
    for inc in &model.incentives {
        for c in inc.components.iter().filter(|c| c.guardrails.is_empty()) {
            let Some(mref) = shared::metric_ref(model, c) else {
                continue;
            };
            let Some(metric) = model
                .metric(mref)
                .filter(|m| m.category == Category::Volume)
            else {
                continue;
            };
            let span = match (&c.metric, &c.goal) {
                (Some(m), _) => m.span,
                (None, Some(g)) => g.span,
                (None, None) => c.id.span,
            };
            let teams: Vec<&str> = shared::paid_teams(model, inc, c)
                .into_iter()
                .map(|(t, _)| shared::team_name(model, t))
                .collect();
            let via_goal = if c.metric.is_none() {
                " (the metric of its goal)"
            } else {
                ""
            };
            let mut d = Diagnostic::new(
                &RULE.meta,
                Label::new(
                    inc.loc.file,
                    span_or(span, c.id.span),
                    format!("pays on volume metric `{}`", mref.value),
                ),
                format!(
                    "Component `{}` of incentive `{}` pays on volume metric `{}`{via_goal} \
                     without a quality guardrail",
                    c.id.value, inc.id.value, mref.value
                ),
                Kind::Incentive.key(&inc.id),
                &c.id,
            )
            .with_label(Label::new(
                metric.loc.file,
                metric.id.span,
                "defined here as `category: volume`",
            ));
            if !teams.is_empty() {
                d = d.with_note(format!(
                    "{} can earn this component by adding volume of any quality",
                    crate::rules::shared::join_some(&teams, 5)
                ));
            }
            // Only a metric the repo defines is ever suggested.
            let help = match quality {
                Some(q) => format!(
                    "add `guardrails: [{q}]` (a quality metric such as acceptance or win rate) \
                     to component `{}`",
                    c.id.value
                ),
                None => format!(
                    "define a quality metric (a Metric with `category: quality`, such as an \
                     acceptance or win rate) and list it under `guardrails:` of component `{}`",
                    c.id.value
                ),
            };
            out.push(d.with_help(help));
        }
    }
}
