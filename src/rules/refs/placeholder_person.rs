//! R207 placeholder-person: a team member whose handle is a placeholder
//! (`todo-...`), such as the people `accordant init` writes.

use crate::diag::{Diagnostic, Label, Severity};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "R207",
        name: "placeholder-person",
        summary: "A team member's GitHub handle is a placeholder (`todo-...`), not a real person.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/R207.md"),
    },
    check: Some(check),
};

/// The prefix that marks a handle as a stand-in. GitHub handles are letters,
/// digits and hyphens, so `todo-sales-lead` passes the schema, reads as what it
/// is, and no real account of an organisation's people is likely to start so.
pub const PREFIX: &str = "todo-";

/// Whether `handle` (with or without `@`) is a placeholder.
pub fn is_placeholder_handle(handle: &str) -> bool {
    let h = handle.trim().trim_start_matches('@');
    h.len() > PREFIX.len()
        && h.get(..PREFIX.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // One finding per person, where it is listed as a member: the references
    // (`leads`, `dri`, RACI roles) are fixed by the same replacement.
    for team in &ctx.model.teams {
        for member in &team.members {
            let handle = member.github.trim_start_matches('@');
            if !is_placeholder_handle(handle) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        team.loc.file,
                        member.github.span,
                        "a stand-in, not a person",
                    ),
                    format!(
                        "Team `{}` lists `@{handle}`, a placeholder, not a real person",
                        team.id.value
                    ),
                    crate::model::Kind::Team.key(&team.id.value),
                    &format!("member={}", handle.to_ascii_lowercase()),
                )
                .with_note(
                    "nobody receives the approvals, review requests and meeting invites this \
                     person is listed for",
                )
                .with_help(format!(
                    "replace `{handle}` with the person's GitHub handle (without the @), and \
                     `@{handle}` with `@` + that handle wherever it is referenced (`leads`, \
                     `dri`, RACI roles)"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::run_yaml;

    #[test]
    fn placeholder_handles_are_flagged_once_each() {
        let yaml = "kind: Team\nid: sales\nname: Sales\nleads: ['@todo-sales-lead']\n\
                    members:\n  - {github: todo-sales-lead, name: Lead}\n  - {github: TODO-rep, name: Rep}\n  \
                    - {github: todolist, name: Real}\n  - {github: ana, name: Ana}\n";
        let out = run_yaml(check, yaml);
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Team `sales` lists `@todo-sales-lead`, a placeholder, not a real person",
                "Team `sales` lists `@TODO-rep`, a placeholder, not a real person",
            ]
        );
        assert_eq!(out[0].primary.span.start.line, 6);
    }

    #[test]
    fn the_prefix_alone_or_inside_a_handle_is_no_placeholder() {
        assert!(is_placeholder_handle("@todo-x"));
        assert!(!is_placeholder_handle("todo-"));
        assert!(!is_placeholder_handle("todoist"));
        assert!(!is_placeholder_handle("ana-todo-x"));
        assert!(
            !is_placeholder_handle("tödo-x"),
            "a multi-byte character at the cut"
        );
    }
}
