//! G508 target-not-beyond-baseline: a goal or key result whose target asks for no
//! change, or for a change in the wrong direction.

use crate::diag::{Diagnostic, Label, Severity};
use crate::load::yaml::Span;
use crate::model::de::Spanned;
use crate::model::{Direction, Goal, Kind, KrType, Model};
use crate::rules::shared::{direction_word, num};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G508",
        name: "target-not-beyond-baseline",
        summary: "A goal's or key result's `target` equals its `baseline`, or lies on the wrong \
                  side of it for its direction.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G508.md"),
    },
    check: Some(check),
};

/// Where a direction comes from.
#[derive(Clone, Copy)]
enum Source<'m> {
    /// The goal's or key result's own `direction`.
    Own,
    /// The `direction` of this metric.
    Metric(&'m crate::model::Metric),
}

/// The direction of a goal or key result: its own, else its metric's (when the
/// metric is defined).
fn direction<'m>(
    model: &'m Model,
    own: Option<Direction>,
    metric: Option<&Spanned<String>>,
) -> Option<(Direction, Source<'m>)> {
    if let Some(d) = own {
        return Some((d, Source::Own));
    }
    let m = model.metric(metric?)?;
    Some((m.direction, Source::Metric(m)))
}

/// One goal or key result to check.
struct Subject<'a> {
    goal: &'a Goal,
    /// The key result's id, or `None` for the goal itself.
    kr: Option<&'a str>,
    baseline: f64,
    /// `None` when the baseline has no position (key results).
    baseline_span: Option<Span>,
    target: &'a Spanned<f64>,
    metric: Option<&'a Spanned<String>>,
    own_direction: Option<Direction>,
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in ctx.model.goals.iter().filter(|g| ctx.in_scope(g.loc.file)) {
        if let (Some(b), Some(t)) = (&g.baseline, &g.target) {
            let s = Subject {
                goal: g,
                kr: None,
                baseline: b.value,
                baseline_span: Some(b.span),
                target: t,
                metric: g.metric.as_ref(),
                own_direction: g.direction,
            };
            out.extend(one(ctx.model, &s));
        }
        for kr in g.key_results.iter().filter(|kr| kr.kind == KrType::Metric) {
            let (Some(b), Some(t)) = (kr.baseline, &kr.target) else {
                continue;
            };
            let s = Subject {
                goal: g,
                kr: Some(&kr.id.value),
                baseline: b,
                baseline_span: None,
                target: t,
                metric: kr.metric.as_ref(),
                own_direction: kr.direction,
            };
            out.extend(one(ctx.model, &s));
        }
    }
}

/// Equal up to the rounding of decimal numbers read from YAML.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn one(model: &Model, s: &Subject<'_>) -> Option<Diagnostic> {
    let g = s.goal;
    let file = g.loc.file;
    let (target, baseline) = (s.target.value, s.baseline);
    // Most targets are fine: decide before formatting any text (this rule sees
    // every goal and key result, and runs on every edit of a goal in the editor).
    let dir = direction(model, s.own_direction, s.metric);
    if !same(target, baseline) {
        let wrong = match dir?.0 {
            Direction::Increase => target < baseline,
            Direction::Decrease => target > baseline,
        };
        if !wrong {
            return None;
        }
    }
    let (tn, bn) = (num(target), num(baseline));
    let who = match s.kr {
        Some(kr) => format!("Goal `{}`, key result `{kr}`", g.id.value),
        None => format!("Goal `{}`", g.id.value),
    };
    let what = if s.kr.is_some() { "key result" } else { "goal" };
    let mut d =
        if same(target, baseline) {
            Diagnostic::new(
            &RULE.meta,
            Label::new(file, s.target.span, format!("target {tn}, the same as the baseline")),
            format!("{who}: `target` {tn} equals `baseline` {bn}: there is nothing to achieve"),
            Kind::Goal.key(&g.id),
            s.kr.unwrap_or(""),
        )
        .with_note(format!(
            "the {what} is met on the day it is set, and progress from baseline to target \
             cannot be measured"
        ))
        .with_help(match dir {
            Some((dir, _)) => format!(
                "set the `target` the {what} should reach ({} {bn} to {}); to hold a level \
                 rather than move it, leave `baseline` out",
                if dir == Direction::Increase {
                    "above"
                } else {
                    "below"
                },
                direction_word(dir)
            ),
            None => format!(
                "set the `target` the {what} should reach; to hold a level rather than move it, \
                 leave `baseline` out"
            ),
        })
        } else {
            let (dir, source) = dir?;
            let wrong = match dir {
                Direction::Increase => target < baseline,
                Direction::Decrease => target > baseline,
            };
            if !wrong {
                return None;
            }
            let (side, want) = match dir {
                Direction::Increase => ("below", "above"),
                Direction::Decrease => ("above", "below"),
            };
            let other = match dir {
                Direction::Increase => Direction::Decrease,
                Direction::Decrease => Direction::Increase,
            };
            let aim = match s.metric {
                Some(m) => format!("to {} `{}`", direction_word(dir), m.value),
                None => format!("to {}", direction_word(dir)),
            };
            let mut d = Diagnostic::new(
                &RULE.meta,
                Label::new(
                    file,
                    s.target.span,
                    format!("target {tn}, {side} the baseline"),
                ),
                format!("{who}: `target` {tn} is {side} `baseline` {bn}, but the {what} is {aim}"),
                Kind::Goal.key(&g.id),
                s.kr.unwrap_or(""),
            )
            .with_note(format!(
                "reaching the target would move the number the wrong way: the {what} counts as met \
             before any work is done"
            ));
            let fix_direction = match source {
                Source::Own => format!("change its `direction` to `{}`", direction_word(other)),
                Source::Metric(m) => {
                    d = d.with_label(Label::new(
                        m.loc.file,
                        m.id.span,
                        format!(
                            "`direction: {}` comes from this metric",
                            direction_word(dir)
                        ),
                    ));
                    format!("add `direction: {}` to the {what}", direction_word(other))
                }
            };
            d.with_help(format!(
                "set a `target` {want} {bn}, swap `baseline` and `target` if they were written the \
             wrong way round, or, if the number should really {}, {fix_direction}",
                direction_word(other)
            ))
        };
    if let Some(span) = s.baseline_span {
        d = d.with_label(Label::new(file, span, format!("baseline {bn}")));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    const METRIC: &str = "---\nkind: Metric\nid: m\nname: M\ndefinition: d\nunit: count\n\
        direction: increase\nowner: sales\n";

    fn goal(fields: &str) -> String {
        format!(
            "{TEST_TEAMS}{METRIC}---\nkind: Goal\nid: g\ntitle: t\nowners: [sales]\n\
             period: q1\n{fields}"
        )
    }

    #[test]
    fn equal_and_wrong_side_are_reported() {
        let eq = run_yaml(check, &goal("metric: m\nbaseline: 10\ntarget: 10\n"));
        assert_eq!(eq.len(), 1);
        assert!(eq[0].message.contains("nothing to achieve"));
        let wrong = run_yaml(check, &goal("metric: m\nbaseline: 10\ntarget: 8\n"));
        assert_eq!(wrong.len(), 1);
        assert_eq!(wrong[0].secondary.len(), 2, "{:?}", wrong[0].secondary);
        let own = run_yaml(
            check,
            &goal("direction: decrease\nbaseline: 8\ntarget: 10\n"),
        );
        assert_eq!(own.len(), 1);
        assert!(
            own[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("change its `direction`")
        );
    }

    #[test]
    fn right_side_or_missing_values_pass() {
        for ok in [
            "metric: m\nbaseline: 10\ntarget: 12\n",
            "metric: m\ndirection: decrease\nbaseline: 10\ntarget: 8\n",
            "metric: m\ntarget: 8\n",
            "metric: m\nbaseline: 8\n",
            "metric: undefined\nbaseline: 10\ntarget: 8\n",
            "baseline: 10\ntarget: 8\n",
        ] {
            assert!(run_yaml(check, &goal(ok)).is_empty(), "{ok}");
        }
    }

    #[test]
    fn key_results_use_their_own_metric() {
        let kr = |fields: &str| {
            goal(&format!(
                "direction: decrease\nkey_results:\n  - {{id: k, title: t, {fields}}}\n"
            ))
        };
        let out = run_yaml(check, &kr("metric: m, baseline: 10, target: 8"));
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].message.contains("key result `k`"));
        assert!(run_yaml(check, &kr("metric: m, baseline: 10, target: 12")).is_empty());
        let milestone = kr("type: milestone, baseline: 0, target: 0");
        assert!(run_yaml(check, &milestone).is_empty());
    }
}
