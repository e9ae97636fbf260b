//! G501 goal-cycle: following `parent` from a goal comes back to it.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Goal, Kind};
use crate::rules::shared;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G501",
        name: "goal-cycle",
        summary: "Goals' `parent` links form a loop.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G501.md"),
    },
    check: Some(check),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    New,
    OnPath,
    Done,
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let goals = &ctx.model.goals;
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, g) in goals.iter().enumerate() {
        index.entry(g.id.value.as_str()).or_insert(i);
    }
    let parent = |i: usize| -> Option<usize> {
        let p = goals[i].parent.as_ref()?;
        index.get(p.value.as_str()).copied()
    };
    // Each goal is walked once: linear in the number of goals.
    let mut state = vec![State::New; goals.len()];
    for start in 0..goals.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                State::Done => break,
                State::OnPath => {
                    if let Some(pos) = path.iter().position(|&p| p == i) {
                        out.push(finding(goals, &path[pos..]));
                    }
                    break;
                }
                State::New => {
                    state[i] = State::OnPath;
                    path.push(i);
                    at = parent(i);
                }
            }
        }
        for i in path {
            state[i] = State::Done;
        }
    }
}

/// `cycle[k]`'s parent is `cycle[k + 1]`, the last one's is `cycle[0]`.
fn finding(goals: &[Goal], cycle: &[usize]) -> Diagnostic {
    // Report on the smallest id, so the finding does not depend on file order.
    let first = (0..cycle.len())
        .min_by_key(|&k| goals[cycle[k]].id.value.as_str())
        .unwrap_or(0);
    let order: Vec<&Goal> = (0..cycle.len())
        .map(|k| &goals[cycle[(first + k) % cycle.len()]])
        .collect();
    let mut ids: Vec<&str> = order.iter().map(|g| g.id.value.as_str()).collect();
    ids.push(order[0].id.value.as_str());
    let g = order[0];
    let span = g.parent.as_ref().map_or(g.id.span, |p| p.span);
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(g.loc.file, span, "parent link starts the loop"),
        format!(
            "Goal `{}` ladders up to itself: {}",
            g.id.value,
            ids.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(" → ")
        ),
        Kind::Goal.key(&g.id),
        "",
    );
    for other in &order[1..] {
        if let Some(p) = &other.parent {
            d = d.with_label(Label::new(
                other.loc.file,
                p.span,
                "parent link in the loop",
            ));
        }
    }
    let cut = shared::list(&ids[..ids.len() - 1]);
    d.with_note("goals form a tree: each one ladders up to a bigger one, never back to itself")
        .with_help(format!(
            "remove or change the `parent:` of one of {cut} so the chain ends at a top-level goal"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::date::Date;
    use crate::model::de::Spanned;
    use crate::model::{Entity, Model};

    fn goal(id: &str, parent: Option<&str>) -> Entity {
        Entity::Goal(Goal {
            id: Spanned::new(id.into(), Default::default()),
            parent: parent.map(|p| Spanned::new(p.into(), Default::default())),
            ..Goal::default()
        })
    }

    fn run(goals: Vec<Entity>) -> Vec<Diagnostic> {
        let mut model = Model::default();
        goals.into_iter().for_each(|g| model.push(g));
        let config = Config::fallback();
        let mut out = Vec::new();
        check(
            &Ctx {
                model: &model,
                config: &config,
                today: Date(0),
                scope: None,
            },
            &mut out,
        );
        out
    }

    #[test]
    fn a_tail_into_a_loop_reports_the_loop_once() {
        let out = run(vec![
            goal("x", Some("b")),
            goal("b", Some("a")),
            goal("a", Some("b")),
            goal("top", None),
        ]);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].key, "goal:a");
        assert!(
            out[0].message.contains("`a` → `b` → `a`"),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn self_parent_and_trees() {
        assert_eq!(run(vec![goal("a", Some("a"))]).len(), 1);
        let tree = vec![
            goal("a", None),
            goal("b", Some("a")),
            goal("c", Some("a")),
            goal("d", Some("zz")),
        ];
        assert!(run(tree).is_empty());
    }
}
