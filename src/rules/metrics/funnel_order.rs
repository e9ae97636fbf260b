//! M603 funnel-order: the stages of a funnel are not an ordered waterfall.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Edit, Fix, Label, Severity};
use crate::model::{Kind, Metric, Stage};
use crate::rules::shared::{list, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "M603",
        name: "funnel-order",
        summary: "Funnel stages are not numbered 1, 2, 3… or do not exit to the next stage.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/M603.md"),
    },
    check: Some(check),
};

/// Exits that leave the funnel instead of moving forward.
const TERMINAL: &[&str] = &["recycle", "disqualified"];

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut funnels: BTreeMap<&str, Vec<(&Metric, &Stage)>> = BTreeMap::new();
    for m in &ctx.model.metrics {
        if let Some(s) = &m.stage {
            funnels.entry(&s.funnel.value).or_default().push((m, s));
        }
    }
    for (funnel, mut stages) in funnels {
        stages.sort_by_key(|(_, s)| s.order.value);
        let unique = orders(funnel, &stages, out);
        if unique {
            exits(ctx, funnel, &stages, out);
        }
    }
}

/// Reports repeated orders and gaps; returns whether orders are unique.
fn orders(funnel: &str, stages: &[(&Metric, &Stage)], out: &mut Vec<Diagnostic>) -> bool {
    let mut unique = true;
    for w in stages.windows(2) {
        let ((a, sa), (b, sb)) = (w[0], w[1]);
        if sa.order.value == sb.order.value {
            unique = false;
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        b.loc.file,
                        sb.order.span,
                        format!("order {} again", sb.order.value),
                    ),
                    format!(
                        "Stages `{}` and `{}` of funnel `{funnel}` both have order {}",
                        a.id.value, b.id.value, sb.order.value
                    ),
                    Kind::Metric.key(&b.id),
                    "order",
                )
                .with_label(Label::new(a.loc.file, sa.order.span, "first given here"))
                .with_help("give each stage of the funnel its own `order`: 1, 2, 3…"),
            );
        }
    }
    let mut expected = 1;
    let mut prev = None;
    for (m, s) in stages {
        if prev == Some(s.order.value) {
            continue; // a repeat, reported above
        }
        prev = Some(s.order.value);
        if s.order.value != expected {
            let all: Vec<String> = stages
                .iter()
                .map(|(_, s)| s.order.value.to_string())
                .collect();
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        m.loc.file,
                        s.order.span,
                        format!("expected order {expected}"),
                    ),
                    format!(
                        "Funnel `{funnel}` has no stage {expected}: stage `{}` has order {}",
                        m.id.value, s.order.value
                    ),
                    Kind::Metric.key(&m.id),
                    "gap",
                )
                .with_note(format!(
                    "the stage orders of `{funnel}` are {}",
                    all.join(", ")
                ))
                .with_help("number the stages of a funnel 1, 2, 3… without gaps")
                .with_fix(unique.then(|| renumber(stages))),
            );
            break;
        }
        expected += 1;
    }
    unique
}

/// Renumbers the stages 1, 2, 3… in their present order (only called when the
/// orders are unique, so the order of the funnel is not in doubt): safe.
fn renumber(stages: &[(&Metric, &Stage)]) -> Fix {
    let edits = stages
        .iter()
        .zip(1u32..)
        .filter(|((_, s), n)| s.order.value != *n)
        .map(|((m, s), n)| Edit::scalar(m.loc.file, s.order.span, n.to_string()))
        .collect();
    Fix::safe("Renumber the stages of the funnel 1, 2, 3…", edits)
}

/// Every stage but the last exits to the next; exits go only forward or out.
fn exits(ctx: &Ctx<'_>, funnel: &str, stages: &[(&Metric, &Stage)], out: &mut Vec<Diagnostic>) {
    for (i, (m, s)) in stages.iter().enumerate() {
        let next = stages.get(i + 1).map(|(n, _)| *n);
        if let Some(n) = next
            && !s.exits_to.iter().any(|e| e.value == n.id.value)
        {
            let at = s.exits_to.first().map_or(s.order.span, |e| e.span);
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        m.loc.file,
                        span_or(at, m.id.span),
                        format!("no exit to `{}`", n.id.value),
                    ),
                    format!(
                        "Stage `{}` of funnel `{funnel}` does not exit to the next stage `{}`",
                        m.id.value, n.id.value
                    ),
                    Kind::Metric.key(&m.id),
                    "next",
                )
                .with_label(Label::new(n.loc.file, n.id.span, "the next stage"))
                .with_help(format!(
                    "add `{}` to `stage.exits_to` of `{}`",
                    n.id.value, m.id.value
                )),
            );
        }
        for e in &s.exits_to {
            let forward = next.is_some_and(|n| n.id.value == e.value);
            // Undefined ids are M601's; terminal words are always fine.
            if forward || TERMINAL.contains(&e.value.as_str()) || ctx.model.metric(e).is_none() {
                continue;
            }
            let mut allowed: Vec<&str> = next.map(|n| n.id.value.as_str()).into_iter().collect();
            allowed.extend(TERMINAL);
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(m.loc.file, e.span, "not the next stage"),
                    format!(
                        "Stage `{}` of funnel `{funnel}` exits to `{}`, which is not the next stage",
                        m.id.value, e.value
                    ),
                    Kind::Metric.key(&m.id),
                    &format!("exit={}", e.value),
                )
                .with_note("a lead moves forward one stage, back to nurture, or out of the funnel")
                .with_help(format!("`stage.exits_to` may hold only {}", list(&allowed))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::run_yaml;

    fn stage(id: &str, order: u32, exits: &str) -> String {
        format!(
            "---\nkind: Metric\nid: {id}\nname: {id}\ndefinition: d\nunit: count\n\
             direction: increase\nowner: sales\nstage: {{funnel: f, order: {order}, owner: sales, \
             entry_criteria: [x], exits_to: [{exits}]}}\n"
        )
    }

    #[test]
    fn repeated_orders_are_reported_once_and_skip_exit_checks() {
        let yaml = [stage("a", 1, "b"), stage("b", 2, ""), stage("c", 2, "a")].concat();
        let out = run_yaml(check, &yaml);
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].message.contains("both have order 2"));
    }

    #[test]
    fn a_clean_waterfall_and_an_undefined_exit_pass() {
        let yaml = [
            stage("a", 1, "b, recycle"),
            stage("b", 2, "nowhere, disqualified"),
        ]
        .concat();
        assert!(run_yaml(check, &yaml).is_empty());
    }
}
