//! R203 inconsistent-identity: one GitHub handle described differently in two teams.

use crate::model::HashMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Member, Team};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "R203",
        name: "inconsistent-identity",
        summary: "One GitHub handle has a different name or email in different teams.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/R203.md"),
    },
    check: Some(check),
};

/// Names compare without case and with runs of spaces folded (R206 too).
pub(crate) fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // handle -> (team, member) in file order, one entry per team.
    let mut seen: HashMap<String, Vec<(&Team, &Member)>> = HashMap::default();
    let mut order: Vec<String> = Vec::new();
    for t in &ctx.model.teams {
        for m in &t.members {
            let h = m.github.trim_start_matches('@').to_ascii_lowercase();
            let entry = seen.entry(h.clone()).or_default();
            if entry.is_empty() {
                order.push(h);
            }
            if !entry.iter().any(|(team, _)| team.id.value == t.id.value) {
                entry.push((t, m));
            }
        }
    }
    for h in order {
        let Some(uses) = seen.get(&h) else { continue };
        let Some(&(first_team, first)) = uses.first() else {
            continue;
        };
        for &(team, m) in &uses[1..] {
            let name_differs = norm(&m.name) != norm(&first.name);
            let email_differs = match (&m.email, &first.email) {
                (Some(a), Some(b)) => !a.trim().eq_ignore_ascii_case(b.trim()),
                _ => false,
            };
            if !name_differs && !email_differs {
                continue;
            }
            let what = if name_differs {
                format!("name `{}` here but `{}`", m.name.value, first.name.value)
            } else {
                format!(
                    "email `{}` here but `{}`",
                    m.email.as_deref().unwrap_or_default(),
                    first.email.as_deref().unwrap_or_default()
                )
            };
            let span = if name_differs {
                m.name.span
            } else {
                m.github.span
            };
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(team.loc.file, span, "differs from the first definition"),
                    format!(
                        "Person `@{}` has {what} in team `{}`",
                        m.github.trim_start_matches('@'),
                        first_team.id.value
                    ),
                    format!("person:{h}"),
                    &team.id.value,
                )
                .with_label(Label::new(
                    first_team.loc.file,
                    if name_differs {
                        first.name.span
                    } else {
                        first.github.span
                    },
                    "first defined here",
                ))
                .with_note(
                    "one handle is one person: the playbook and the PR review show one name for it",
                )
                .with_help(format!(
                    "write the same `name` (and `email`) for `github: {}` in both teams",
                    m.github.trim_start_matches('@')
                )),
            );
        }
    }
}
