//! I405 one-sided-gate: a payout gate that covers some of a plan's teams but not
//! all of them.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::shared::{self, list, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I405",
        name: "one-sided-gate",
        summary: "A payout gate applies to some of the plan's teams but not all.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I405.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for inc in &model.incentives {
        let Some(gate) = &inc.gate else { continue };
        let participants = shared::teams_of(model, &inc.participants);
        let gated = shared::teams_of(model, &gate.applies_to);
        let (covered, free): (Vec<&str>, Vec<&str>) = participants
            .iter()
            .map(|(t, _)| *t)
            .partition(|t| gated.iter().any(|(g, _)| g == t));
        if covered.is_empty() || free.is_empty() {
            continue;
        }
        let what = match (&gate.goal, &gate.metric) {
            (Some(g), _) => format!("goal `{}`", g.value),
            (None, Some(m)) => format!("metric `{}`", m.value),
            (None, None) => "its target".to_string(),
        };
        let mut d = Diagnostic::new(
            &RULE.meta,
            Label::new(
                inc.loc.file,
                span_or(gate.applies_to.span, inc.id.span),
                format!("gate applies only to {}", list(&covered)),
            ),
            format!(
                "The payout gate of incentive `{}` applies to {} but not to {}",
                inc.id.value,
                list(&covered),
                list(&free)
            ),
            Kind::Incentive.key(&inc.id),
            "gate",
        );
        for (t, span) in participants.iter().filter(|(t, _)| free.contains(t)) {
            d = d.with_label(Label::new(
                inc.loc.file,
                *span,
                format!("`{t}` is paid even if the gate is missed"),
            ));
        }
        let names: Vec<&str> = covered
            .iter()
            .map(|t| shared::team_name(model, t))
            .collect();
        out.push(
            d.with_note(format!(
                "only {} loses its payout when {what} stays below {}%",
                crate::rules::shared::join_some(&names, 5),
                shared::num(gate.min_attainment)
            ))
            .with_help(format!(
                "list every participant under `gate.applies_to` (add {}), or move the gate to \
                 the plan of the team it is meant for",
                list(&free)
            )),
        );
    }
}
