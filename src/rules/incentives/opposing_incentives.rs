//! I406 opposing-incentives: two components paying different teams for moving the
//! same metric in opposite directions.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Component, Direction, Incentive, Kind};
use crate::rules::shared::{self, DirectionSource, direction_word, list, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I406",
        name: "opposing-incentives",
        summary: "Two teams are paid for moving the same metric in opposite directions.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I406.md"),
    },
    check: Some(check),
};

/// One component paying on a metric.
struct Pay<'a> {
    inc: &'a Incentive,
    comp: &'a Component,
    dir: Direction,
    source: DirectionSource,
    teams: Vec<&'a str>,
}

impl Pay<'_> {
    /// Where the paying direction is written (or the closest node to it).
    fn label(&self, metric: &str) -> Label {
        let c = self.comp;
        let span = match (&c.direction, &c.metric, &c.goal) {
            (Some(d), _, _) => d.span,
            (None, Some(m), _) => m.span,
            (None, None, Some(g)) => g.span,
            _ => c.id.span,
        };
        let who = if self.teams.is_empty() {
            format!("`{}`", self.inc.id.value)
        } else {
            list(&self.teams)
        };
        Label::new(
            self.inc.loc.file,
            span_or(span, c.id.span),
            format!(
                "{who} paid to `{}` `{metric}` here",
                direction_word(self.dir)
            ),
        )
    }

    fn name(&self) -> String {
        format!("{}/{}", self.inc.id.value, self.comp.id.value)
    }

    fn source_note(&self, metric: &str) -> Option<String> {
        let from = match self.source {
            DirectionSource::Component => return None,
            DirectionSource::Goal => "its goal's `direction`".to_string(),
            DirectionSource::Metric => format!("the `direction` of metric `{metric}`"),
        };
        Some(format!(
            "component `{}` has no `direction`; it pays to `{}` from {from}",
            self.name(),
            direction_word(self.dir)
        ))
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let mut by_metric: BTreeMap<&str, Vec<Pay<'_>>> = BTreeMap::new();
    for inc in &model.incentives {
        for comp in &inc.components {
            let Some(m) = shared::metric_ref(model, comp) else {
                continue;
            };
            let Some((dir, source)) = shared::direction(model, comp) else {
                continue;
            };
            let mut teams: Vec<&str> = shared::paid_teams(model, inc, comp)
                .into_iter()
                .map(|(t, _)| t)
                .collect();
            teams.sort_unstable();
            by_metric.entry(&m.value).or_default().push(Pay {
                inc,
                comp,
                dir,
                source,
                teams,
            });
        }
    }
    for (metric, pays) in &by_metric {
        for (i, a) in pays.iter().enumerate() {
            for b in &pays[i + 1..] {
                if a.dir != b.dir
                    && !a.teams.is_empty()
                    && !b.teams.is_empty()
                    && a.teams != b.teams
                {
                    out.push(finding(metric, a, b));
                }
            }
        }
    }
}

fn finding(metric: &str, a: &Pay<'_>, b: &Pay<'_>) -> Diagnostic {
    let mut d = Diagnostic::new(
        &RULE.meta,
        a.label(metric),
        format!(
            "Incentives pull in opposite directions on metric `{metric}`: {} is paid to `{}` it \
             (`{}`), {} to `{}` it (`{}`)",
            list(&a.teams),
            direction_word(a.dir),
            a.name(),
            list(&b.teams),
            direction_word(b.dir),
            b.name()
        ),
        Kind::Metric.key(metric),
        &format!("{}~{}", a.name(), b.name()),
    )
    .with_label(b.label(metric))
    .with_note("each side is rewarded for what hurts the other");
    for note in [a.source_note(metric), b.source_note(metric)]
        .into_iter()
        .flatten()
    {
        d = d.with_note(note);
    }
    d.with_help(format!(
        "pay both teams for the same `direction` on `{metric}`, or pay one of them on a \
         different metric that does not pull against the other"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    const METRIC: &str = "---\nkind: Metric\nid: mqls\nname: MQLs\ndefinition: d\nunit: count\n\
        direction: increase\nowner: marketing\n---\nkind: Goal\nid: fewer\ntitle: t\n\
        owners: [sales]\nperiod: q1\nmetric: mqls\ndirection: decrease\n";

    fn plan(id: &str, who: &str, comp: &str) -> String {
        format!(
            "---\nkind: Incentive\nid: {id}\nname: n\nperiod: q1\nparticipants: [{who}]\n\
             components:\n  - {{id: c, weight: 100, {comp}}}\n"
        )
    }

    #[test]
    fn direction_falls_back_to_goal_then_metric() {
        let yaml = [
            TEST_TEAMS,
            METRIC,
            &plan("m", "marketing", "metric: mqls"),
            &plan("s", "\"@dana\"", "goal: fewer"),
        ]
        .concat();
        let out = run_yaml(check, &yaml);
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].notes.iter().any(|n| n.contains("its goal's")));
    }

    #[test]
    fn same_teams_or_same_direction_do_not_oppose() {
        let same_dir = [
            TEST_TEAMS,
            METRIC,
            &plan("m", "marketing", "metric: mqls"),
            &plan("s", "sales", "metric: mqls"),
        ]
        .concat();
        assert!(run_yaml(check, &same_dir).is_empty());
        let same_team = [
            TEST_TEAMS,
            METRIC,
            &plan("m", "sales", "metric: mqls"),
            &plan("s", "\"@dana\"", "goal: fewer"),
        ]
        .concat();
        assert!(run_yaml(check, &same_team).is_empty());
    }
}
