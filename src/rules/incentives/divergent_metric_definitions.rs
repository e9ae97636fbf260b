//! I402 divergent-metric-definitions: components tied to one goal that pay on
//! different metrics.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Goal, Kind};
use crate::rules::shared::{self, list, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I402",
        name: "divergent-metric-definitions",
        summary: "Incentive components tied to one goal pay on different metrics.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I402.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in &ctx.model.goals {
        if let Some(d) = goal(ctx, g) {
            out.push(d);
        }
    }
}

/// One component paying on the goal, and the metric it uses.
struct Use<'a> {
    label: Label,
    metric: &'a str,
}

fn goal(ctx: &Ctx<'_>, g: &Goal) -> Option<Diagnostic> {
    let model = ctx.model;
    let mut uses: Vec<Use<'_>> = Vec::new();
    for (inc, c) in model.components_of_goal(&g.id) {
        let Some(r) = c.goal.as_ref() else {
            continue;
        };
        let Some(m) = shared::metric_ref(model, c) else {
            continue;
        };
        let own = c.metric.is_some();
        let teams: Vec<&str> = shared::paid_teams(model, inc, c)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        let who = if teams.is_empty() {
            format!("`{}`", inc.id.value)
        } else {
            list(&teams)
        };
        let text = if own {
            format!("{who} paid on `{}` here", m.value)
        } else {
            format!("{who} paid on the goal's metric `{}` here", m.value)
        };
        let span = if own {
            m.span
        } else {
            span_or(r.span, c.id.span)
        };
        uses.push(Use {
            label: Label::new(inc.loc.file, span, text),
            metric: &m.value,
        });
    }
    let mut metrics: Vec<&str> = Vec::new();
    for u in &uses {
        if !metrics.contains(&u.metric) {
            metrics.push(u.metric);
        }
    }
    if metrics.len() < 2 {
        return None;
    }
    let mut uses = uses.into_iter();
    let first = uses.next()?;
    let mut d = Diagnostic::new(
        &RULE.meta,
        first.label,
        format!(
            "Components paying on goal `{}` use {} different metrics: {}",
            g.id.value,
            metrics.len(),
            list(&metrics)
        ),
        Kind::Goal.key(&g.id),
        "",
    )
    .with_note("one goal measured two ways lets each team hit its number while the other misses");
    for u in uses {
        d = d.with_label(u.label);
    }
    if let Some(gm) = &g.metric {
        d = d.with_label(Label::new(g.loc.file, gm.span, "the goal's metric"));
    }
    let keep = g.metric.as_ref().map_or(metrics[0], |m| m.value.as_str());
    Some(d.with_help(format!(
        "pay every team on one metric: remove the components' own `metric` so they use the \
         goal's, or set `metric: {keep}` on each of them"
    )))
}
