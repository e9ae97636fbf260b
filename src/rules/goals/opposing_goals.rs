//! G509 opposing-goals: two goals of one period pushing the same metric in opposite
//! directions.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::de::Spanned;
use crate::model::{Direction, Goal, Kind, Model};
use crate::rules::shared::direction_word;
use crate::rules::shared::list;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G509",
        name: "opposing-goals",
        summary: "Two goals of the same period push the same metric in opposite directions.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G509.md"),
    },
    check: Some(check),
};

/// A goal on a metric, with the direction it pushes it in.
struct Push<'a> {
    goal: &'a Goal,
    metric: &'a Spanned<String>,
    dir: Direction,
    /// Whether the direction is the goal's own (else the metric's).
    own: bool,
}

impl Push<'_> {
    fn label(&self, text: &str) -> Label {
        Label::new(
            self.goal.loc.file,
            self.metric.span,
            format!(
                "`{}` wants to {} `{}`{text}",
                self.goal.id.value,
                direction_word(self.dir),
                self.metric.value
            ),
        )
    }

    fn owners(&self) -> Vec<&str> {
        self.goal.owners.iter().map(|o| o.value.as_str()).collect()
    }
}

/// The goal's `direction`, else its metric's; `None` when neither is known.
fn push<'a>(model: &Model, g: &'a Goal) -> Option<Push<'a>> {
    let metric = g.metric.as_ref()?;
    let (dir, own) = match g.direction {
        Some(d) => (d, true),
        None => (model.metric(metric)?.direction, false),
    };
    Some(Push {
        goal: g,
        metric,
        dir,
        own,
    })
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // (period, metric) -> the goals on it, in file order.
    let mut groups: BTreeMap<(&str, &str), Vec<Push<'_>>> = BTreeMap::new();
    for g in &ctx.model.goals {
        if let Some(p) = push(ctx.model, g) {
            groups
                .entry((g.period.value.as_str(), p.metric.value.as_str()))
                .or_default()
                .push(p);
        }
    }
    for ((period, metric), pushes) in &groups {
        for (j, later) in pushes.iter().enumerate() {
            for earlier in &pushes[..j] {
                // Two documents with one id are R204's.
                if earlier.dir != later.dir && earlier.goal.id.value != later.goal.id.value {
                    out.push(finding(period, metric, earlier, later));
                }
            }
        }
    }
}

fn finding(period: &str, metric: &str, earlier: &Push<'_>, later: &Push<'_>) -> Diagnostic {
    let (a, b) = (&earlier.goal.id.value, &later.goal.id.value);
    let from = |p: &Push<'_>| {
        if p.own {
            ""
        } else {
            " (the metric's direction)"
        }
    };
    let d = Diagnostic::new(
        &RULE.meta,
        later.label(from(later)),
        format!(
            "Goals `{b}` and `{a}` of period `{period}` push metric `{metric}` in opposite \
             directions: `{b}` wants to {} it, `{a}` to {} it",
            direction_word(later.dir),
            direction_word(earlier.dir)
        ),
        Kind::Goal.key(b),
        a,
    )
    .with_label(earlier.label(from(earlier)))
    .with_note(format!(
        "`{b}` is owned by {} and `{a}` by {}: whatever one achieves counts against the other",
        list(&later.owners()),
        list(&earlier.owners())
    ));
    // Point at the goal whose own `direction` makes the difference.
    let odd = match (later.own, earlier.own) {
        (true, false) => Some(later),
        (false, true) => Some(earlier),
        _ => None,
    };
    let help = match odd {
        Some(p) => format!(
            "agree on one direction for `{metric}` in `{period}`: remove `direction: {}` from \
             goal `{}` if it should follow the metric, or tie it to a metric that measures what \
             it really wants",
            direction_word(p.dir),
            p.goal.id.value
        ),
        None => format!(
            "agree on one direction for `{metric}` in `{period}`: change the `direction` of \
             `{b}` or of `{a}`, or tie one of them to a metric that measures what it really wants"
        ),
    };
    d.with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    const METRIC: &str = "---\nkind: Metric\nid: m\nname: M\ndefinition: d\nunit: count\n\
        direction: increase\nowner: sales\n";

    fn goal(id: &str, fields: &str) -> String {
        format!("---\nkind: Goal\nid: {id}\ntitle: t\nowners: [sales]\n{fields}\n")
    }

    #[test]
    fn one_finding_per_opposing_pair() {
        let yaml = [
            TEST_TEAMS,
            METRIC,
            &goal("up", "period: q1\nmetric: m"),
            &goal("down", "period: q1\nmetric: m\ndirection: decrease"),
            &goal("up-too", "period: q1\nmetric: m\ndirection: increase"),
        ]
        .concat();
        let out = run_yaml(check, &yaml);
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].key, "goal:down");
        assert_eq!(out[1].key, "goal:up-too");
        assert!(
            out[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("from goal `down`")
        );
    }

    #[test]
    fn other_periods_metrics_and_unknown_directions_pass() {
        let yaml = [
            TEST_TEAMS,
            METRIC,
            &goal("up", "period: q1\nmetric: m"),
            &goal("down-later", "period: q2\nmetric: m\ndirection: decrease"),
            &goal(
                "down-other",
                "period: q1\nmetric: other\ndirection: decrease",
            ),
            &goal("unknown", "period: q1\nmetric: other"),
            &goal("no-metric", "period: q1\ndirection: decrease"),
        ]
        .concat();
        assert!(run_yaml(check, &yaml).is_empty());
    }
}
