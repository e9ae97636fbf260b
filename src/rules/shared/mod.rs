//! Helpers shared by the rule families, in one place so that every rule answers
//! these questions the same way and no family reaches into another:
//!
//! - parties: placeholders (`TBD`), resolving a team id or `@handle` to its team,
//!   a team's display name;
//! - incentives: which teams a plan component pays, and a component's effective
//!   metric and direction (own value, else its goal's, else the metric's);
//! - words: lists ("`a`, `b` and `c`"), numbers without a useless `.0`, and the
//!   span to point at when a field was left out;
//! - [`walk`]: every reference of the model;
//! - for unit tests, `run_yaml` runs one check on YAML text.

pub(crate) mod walk;

use crate::load::yaml::Span;
use crate::model::de::Spanned;
use crate::model::{Category, Component, Direction, Goal, Incentive, Model};

/// The words that stand for "nobody yet" (compared case-insensitively, without `@`).
const PLACEHOLDERS: &[&str] = &[
    "unknown",
    "unassigned",
    "tbd",
    "tba",
    "n/a",
    "na",
    "none",
    "todo",
    "?",
    "-",
    "nobody",
];

/// Whether a party reference is a placeholder such as `TBD` or `@unknown`.
pub(crate) fn is_placeholder(party: &str) -> bool {
    let p = party.trim().trim_start_matches('@');
    PLACEHOLDERS.iter().any(|w| w.eq_ignore_ascii_case(p))
}

/// The team id a party (team id or `@handle`) stands for, if it resolves.
pub(crate) fn team_id<'m>(model: &'m Model, party: &str) -> Option<&'m str> {
    model.team_of_party(party).map(|t| t.id.value.as_str())
}

/// The distinct teams of a list of parties, each with the span of the first
/// reference that resolved to it; parties that do not resolve are left out (R201
/// reports them).
pub(crate) fn teams_of<'m>(model: &'m Model, parties: &[Spanned<String>]) -> Vec<(&'m str, Span)> {
    let mut out: Vec<(&str, Span)> = Vec::new();
    for p in parties {
        if let Some(t) = team_id(model, p)
            && !out.iter().any(|(seen, _)| *seen == t)
        {
            out.push((t, p.span));
        }
    }
    out
}

/// The teams a component pays: its `applies_to`, or else the plan's participants.
pub(crate) fn paid_teams<'m>(
    model: &'m Model,
    inc: &Incentive,
    comp: &Component,
) -> Vec<(&'m str, Span)> {
    if comp.applies_to.is_empty() {
        teams_of(model, &inc.participants)
    } else {
        teams_of(model, &comp.applies_to)
    }
}

/// The goal a component points at, if it resolves.
pub(crate) fn goal_of<'m>(model: &'m Model, comp: &Component) -> Option<&'m Goal> {
    comp.goal.as_ref().and_then(|g| model.goal(g))
}

/// The metric id a component pays on: its own `metric`, else its goal's metric.
pub(crate) fn metric_ref<'a>(model: &'a Model, comp: &'a Component) -> Option<&'a Spanned<String>> {
    comp.metric
        .as_ref()
        .or_else(|| goal_of(model, comp).and_then(|g| g.metric.as_ref()))
}

/// The category of the metric a component pays on, when the metric is defined.
pub(crate) fn category(model: &Model, comp: &Component) -> Option<Category> {
    metric_ref(model, comp)
        .and_then(|m| model.metric(m))
        .map(|m| m.category)
}

/// Where a component's paying direction comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DirectionSource {
    Component,
    Goal,
    Metric,
}

/// The direction that pays: the component's, else its goal's, else the metric's.
pub(crate) fn direction(model: &Model, comp: &Component) -> Option<(Direction, DirectionSource)> {
    if let Some(d) = &comp.direction {
        return Some((d.value, DirectionSource::Component));
    }
    if let Some(d) = goal_of(model, comp).and_then(|g| g.direction) {
        return Some((d, DirectionSource::Goal));
    }
    metric_ref(model, comp)
        .and_then(|m| model.metric(m))
        .map(|m| (m.direction, DirectionSource::Metric))
}

/// The lower-case YAML word of a direction.
pub(crate) fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Increase => "increase",
        Direction::Decrease => "decrease",
    }
}

/// The lower-case YAML word of a category.
pub(crate) fn category_word(c: Category) -> &'static str {
    match c {
        Category::Volume => "volume",
        Category::Quality => "quality",
        Category::Revenue => "revenue",
        Category::Pipeline => "pipeline",
        Category::Activity => "activity",
        Category::Efficiency => "efficiency",
    }
}

/// A team's display name, or its id when the team is not defined.
pub(crate) fn team_name<'a>(model: &'a Model, id: &'a str) -> &'a str {
    model.team(id).map_or(id, |t| t.name.value.as_str())
}

/// `span` when it has a position, else `fallback` (a field that was left out has
/// no span of its own; point at the document's id instead).
pub(crate) fn span_or(span: Span, fallback: Span) -> Span {
    if span.start.line == 0 { fallback } else { span }
}

/// Joins items as "`a`, `b` and `c`".
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Joins phrases as "a, b and c", naming at most `max` of them and counting the
/// rest ("a, b and 5 more"), so that a message stays one readable line.
pub(crate) fn join_some<S: AsRef<str>>(items: &[S], max: usize) -> String {
    let max = max.max(1);
    let shown: Vec<&str> = items.iter().take(max).map(AsRef::as_ref).collect();
    let rest = items.len().saturating_sub(max);
    match (shown.split_last(), rest) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => (*last).to_string(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), n) => format!("{} and {n} more", shown.join(", ")),
    }
}

/// Formats a number without a useless `.0`: `480`, `12.5`.
pub(crate) fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Runs one check over documents written in YAML, for the rules' unit tests. The
/// documents must be schema-valid: a loading finding fails the test.
#[cfg(test)]
pub(crate) fn run_yaml(check: crate::rules::CheckFn, yaml: &str) -> Vec<crate::diag::Diagnostic> {
    let config = crate::config::Config::fallback();
    let parsed = crate::load::parse_file(
        crate::source::FileId(0),
        "test.yaml",
        yaml.as_bytes(),
        &config.loader,
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let mut model = Model::default();
    parsed.entities.into_iter().for_each(|e| model.push(e));
    let ctx = crate::rules::Ctx {
        model: &model,
        config: &config,
        today: crate::date::Date::parse("2026-11-27").unwrap_or(crate::date::Date(0)),
        scope: None,
    };
    let mut out = Vec::new();
    check(&ctx, &mut out);
    out
}

/// Two teams, `sales` (with `@dana`) and `marketing` (with `@lee`), for unit tests.
#[cfg(test)]
pub(crate) const TEST_TEAMS: &str = "kind: Team\nid: sales\nname: Sales\nmembers: [{github: dana, \
     name: Dana}]\n---\nkind: Team\nid: marketing\nname: Marketing\nmembers: [{github: lee, \
     name: Lee}]\n";

/// A one-component plan paid to `sales` (of [`TEST_TEAMS`]) whose component has
/// the pay `curve` given as YAML flow text, for the pay-curve rules' unit tests.
#[cfg(test)]
pub(crate) fn test_curve_plan(curve: &str) -> String {
    format!(
        "{TEST_TEAMS}---\nkind: Incentive\nid: p\nname: n\nperiod: q1\n\
         participants: [sales]\ncomponents:\n  - {{id: c, weight: 100, curve: {curve}}}\n"
    )
}

/// The unsafe fix that scales weights (or splits) in proportion so they sum to
/// exactly 100: whole numbers by the largest remainder, so `30, 30, 30` becomes
/// `34, 33, 33`. `None` when the values sum to nothing or a value is negative.
pub(crate) fn normalise_to_100(
    file: crate::source::FileId,
    values: &[(f64, Span)],
    what: &str,
) -> Option<crate::diag::Fix> {
    let sum: f64 = values.iter().map(|(v, _)| v).sum();
    if values.is_empty() || sum <= 0.0 || values.iter().any(|(v, _)| *v < 0.0 || !v.is_finite()) {
        return None;
    }
    let exact: Vec<f64> = values.iter().map(|(v, _)| v * 100.0 / sum).collect();
    let mut whole: Vec<i64> = exact.iter().map(|x| x.floor() as i64).collect();
    let short = 100 - whole.iter().sum::<i64>();
    let mut by_remainder: Vec<usize> = (0..exact.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in by_remainder
        .iter()
        .take(usize::try_from(short).unwrap_or(0))
    {
        whole[i] += 1;
    }
    let shown: Vec<String> = whole.iter().map(i64::to_string).collect();
    let edits = values
        .iter()
        .zip(&shown)
        .map(|((_, span), v)| crate::diag::Edit::scalar(file, *span, v.clone()))
        .collect();
    Some(crate::diag::Fix::unsafe_(
        format!("Scale the {what} to sum to 100 ({})", shown.join(", ")),
        edits,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(num(480.0), "480");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(1.0 / 3.0), "0.33");
    }

    #[test]
    fn placeholders_ignore_case_and_at() {
        for p in ["TBD", "@unknown", " n/a ", "?", "-", "Nobody"] {
            assert!(is_placeholder(p), "{p}");
        }
        for p in ["sales", "@ann", "tbdx", ""] {
            assert!(!is_placeholder(p), "{p}");
        }
    }

    #[test]
    fn list_joins_in_words() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(list::<&str>(&[]), "");
    }

    #[test]
    fn join_some_counts_what_it_leaves_out() {
        assert_eq!(join_some(&["a"], 3), "a");
        assert_eq!(join_some(&["a", "b"], 3), "a and b");
        assert_eq!(join_some(&["a", "b", "c"], 3), "a, b and c");
        assert_eq!(
            join_some(&["a", "b", "c", "d", "e"], 3),
            "a, b, c and 2 more"
        );
        assert_eq!(join_some::<&str>(&[], 3), "");
    }
}
