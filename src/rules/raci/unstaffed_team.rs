//! C309 unstaffed-team: a team with no members or no leads is Responsible or
//! Accountable for some activity.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Kind, Responsibility, Team};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C309",
        name: "unstaffed-team",
        summary: "A team with no `members` or no `leads` is Responsible or Accountable for an \
                  activity.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C309.md"),
    },
    check: Some(check),
};

/// The roles a team holds on one activity.
struct Role<'a> {
    r: &'a Responsibility,
    responsible: bool,
    accountable: bool,
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for t in &ctx.model.teams {
        let (no_members, no_leads) = (t.members.is_empty(), t.leads.is_empty());
        if !no_members && !no_leads {
            continue;
        }
        let roles = roles(t, &ctx.model.responsibilities);
        if let Some(d) = finding(t, no_members, no_leads, &roles) {
            out.push(d);
        }
    }
}

/// The activities naming the team itself (not one of its people: a person is
/// staff) as Responsible or Accountable, in file order.
fn roles<'a>(t: &Team, all: &'a [Responsibility]) -> Vec<Role<'a>> {
    let is_team = |p: &str| p == t.id.value;
    all.iter()
        .map(|r| Role {
            r,
            responsible: r.responsible.iter().any(|p| is_team(p)),
            accountable: r.accountable.items().iter().any(|p| is_team(p)),
        })
        .filter(|role| role.responsible || role.accountable)
        .collect()
}

fn finding(t: &Team, no_members: bool, no_leads: bool, roles: &[Role<'_>]) -> Option<Diagnostic> {
    let first = roles.first()?;
    let missing = match (no_members, no_leads) {
        (true, true) => "no `members` and no `leads`",
        (true, false) => "no `members`",
        _ => "no `leads`",
    };
    let any_r = roles.iter().any(|x| x.responsible);
    let any_a = roles.iter().any(|x| x.accountable);
    let named = match (any_r, any_a) {
        (true, true) => "Responsible or Accountable",
        (true, false) => "Responsible",
        _ => "Accountable",
    };
    let n = roles.len();
    let (field, span) = if first.responsible {
        let p = first.r.responsible.iter().find(|p| p.value == t.id.value);
        ("responsible", p.map_or(first.r.id.span, |p| p.span))
    } else {
        let items = first.r.accountable.items();
        let p = items.iter().find(|p| p.value == t.id.value);
        ("accountable", p.map_or(first.r.id.span, |p| p.span))
    };
    let more = match n - 1 {
        0 => String::new(),
        1 => " (and 1 more activity)".to_string(),
        k => format!(" (and {k} more activities)"),
    };
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(t.loc.file, t.id.span, missing),
        format!(
            "Team `{}` has {missing} but is {named} for {n} activit{}",
            t.id.value,
            if n == 1 { "y" } else { "ies" }
        ),
        Kind::Team.key(&t.id),
        "",
    )
    .with_label(Label::new(
        first.r.loc.file,
        span,
        format!("`{field}` in `{}`{more}", first.r.id.value),
    ));
    if no_members {
        d = d.with_note(format!(
            "nobody is listed in {}: there is nobody to do the work or to ask about it",
            t.name.value
        ));
    }
    if no_leads {
        d = d.with_note(format!(
            "{} has no lead: nobody approves its changes or answers for its outcomes",
            t.name.value
        ));
    }
    let help = match t.members.first() {
        Some(m) if no_leads => format!(
            "add the person who approves for the team, e.g. `leads: [\"@{}\"]`, or name a \
             staffed team as {named}",
            m.github.value.trim_start_matches('@')
        ),
        _ => format!(
            "list the team's people under `members` (and who approves under `leads`), or name \
             a staffed team as {named}"
        ),
    };
    Some(d.with_help(help))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::run_yaml;

    const TEAMS: &str = "kind: Team\nid: sales\nname: Sales\nleads: ['@dana']\n\
        members: [{github: dana, name: Dana}]\n---\nkind: Team\nid: empty\nname: Empty\n\
        ---\nkind: Team\nid: leaderless\nname: Leaderless\nmembers: [{github: lee, name: Lee}]\n";

    fn resp(id: &str, r: &str, a: &str) -> String {
        format!(
            "---\nkind: Responsibility\nid: {id}\nactivity: {id}\nresponsible: [{r}]\n\
             accountable: {a}\n"
        )
    }

    #[test]
    fn one_finding_per_team_counting_its_activities() {
        let yaml = [
            TEAMS,
            &resp("a", "empty", "sales"),
            &resp("b", "sales, empty", "empty"),
            &resp("c", "sales", "leaderless"),
        ]
        .concat();
        let out = run_yaml(check, &yaml);
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(
            out[0].message,
            "Team `empty` has no `members` and no `leads` but is Responsible or Accountable \
             for 2 activities"
        );
        assert_eq!(
            out[0].secondary[0].message,
            "`responsible` in `a` (and 1 more activity)"
        );
        assert!(
            out[1]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("leads: [\"@lee\"]")
        );
    }

    #[test]
    fn people_and_other_roles_do_not_count() {
        let yaml = [
            TEAMS,
            &resp("a", "\"@lee\"", "sales"),
            "---\nkind: Responsibility\nid: c\nactivity: c\nresponsible: [sales]\n\
             accountable: sales\nconsulted: [empty]\ninformed: [leaderless]\n",
        ]
        .concat();
        assert!(run_yaml(check, &yaml).is_empty());
    }
}
