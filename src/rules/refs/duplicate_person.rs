//! R206 duplicate-person: one person listed under two GitHub handles.

use crate::model::HashMap;

use super::inconsistent_identity::norm;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Member, Team};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "R206",
        name: "duplicate-person",
        summary: "Two different GitHub handles have the same person's name or email.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/R206.md"),
    },
    check: Some(check),
};

/// One `members` entry.
#[derive(Clone, Copy)]
struct Entry<'a> {
    team: &'a Team,
    member: &'a Member,
}

impl Entry<'_> {
    fn name(&self) -> Option<String> {
        Some(norm(&self.member.name)).filter(|n| !n.is_empty())
    }

    fn email(&self) -> Option<String> {
        let e = self.member.email.as_deref()?.trim().to_lowercase();
        (!e.is_empty()).then_some(e)
    }

    fn handle(&self) -> &str {
        self.member.github.trim_start_matches('@')
    }
}

/// What two handles have in common.
struct Match {
    name: bool,
    /// The shared email, lower case.
    email: Option<String>,
}

/// The names and emails written for one handle, across its entries.
fn names_and_emails(entries: &[Entry<'_>]) -> (Vec<String>, Vec<String>) {
    let names = entries.iter().filter_map(Entry::name).collect();
    let emails = entries.iter().filter_map(Entry::email).collect();
    (names, emails)
}

/// Same email, or same name unless both handles give emails and none is shared
/// (two people who share a name).
fn compare(a: &[Entry<'_>], b: &[Entry<'_>]) -> Option<Match> {
    let ((an, ae), (bn, be)) = (names_and_emails(a), names_and_emails(b));
    let email = ae.iter().find(|e| be.contains(e)).cloned();
    let namesakes = !ae.is_empty() && !be.is_empty() && email.is_none();
    let name = !namesakes && an.iter().any(|n| bn.contains(n));
    (name || email.is_some()).then_some(Match { name, email })
}

/// The entry of each handle that shows the match (the name's, else the email's).
fn shown<'a>(a: &[Entry<'a>], b: &[Entry<'a>], m: &Match) -> Option<(Entry<'a>, Entry<'a>)> {
    let key = |e: &Entry<'_>| if m.name { e.name() } else { e.email() };
    a.iter().find_map(|x| {
        let k = key(x)?;
        b.iter()
            .find(|y| key(y).as_ref() == Some(&k))
            .map(|y| (*x, *y))
    })
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // Handle (lower case) -> its entries, handles in the order first listed.
    let mut by_handle: HashMap<String, usize> = HashMap::default();
    let mut handles: Vec<(String, Vec<Entry<'_>>)> = Vec::new();
    for team in &ctx.model.teams {
        for member in &team.members {
            let h = member.github.trim_start_matches('@').to_ascii_lowercase();
            let i = *by_handle.entry(h.clone()).or_insert_with(|| {
                handles.push((h, Vec::new()));
                handles.len() - 1
            });
            handles[i].1.push(Entry { team, member });
        }
    }
    // Name or email -> the handles listed with it so far: only handles that share
    // one are compared, so the rule stays linear in the number of people.
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::default();
    let mut by_email: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, (h, entries)) in handles.iter().enumerate() {
        let (names, emails) = names_and_emails(entries);
        let mut candidates: Vec<usize> = names
            .iter()
            .filter_map(|n| by_name.get(n))
            .chain(emails.iter().filter_map(|e| by_email.get(e)))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        // The first earlier handle this one matches: one finding per extra handle.
        let found = candidates.iter().find_map(|&j| {
            let (g, earlier) = &handles[j];
            let m = compare(entries, earlier)?;
            let (here, there) = shown(entries, earlier, &m)?;
            Some((g, here, there, m))
        });
        if let Some((g, here, there, m)) = found {
            out.push(finding(h, g, &here, &there, &m));
        }
        for n in names {
            let v = by_name.entry(n).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
        for e in emails {
            let v = by_email.entry(e).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }
}

fn finding(h: &str, g: &str, here: &Entry<'_>, there: &Entry<'_>, m: &Match) -> Diagnostic {
    let (mine, theirs) = (here.handle(), there.handle());
    // As first written.
    let name = there.member.name.trim();
    let shared = match (m.name, &m.email) {
        (true, Some(email)) => format!("both are named `{name}` with email `{email}`"),
        (true, None) => format!("both are named `{name}`"),
        (false, email) => format!("both have email `{}`", email.as_deref().unwrap_or_default()),
    };
    let in_team = |e: &Entry<'_>| format!("in team `{}`", e.team.id.value);
    let d = Diagnostic::new(
        &RULE.meta,
        Label::new(
            here.team.loc.file,
            here.member.github.span,
            format!("`{mine}` {}", in_team(here)),
        ),
        format!("GitHub handles `@{mine}` and `@{theirs}` look like one person: {shared}"),
        format!("person:{h}"),
        g,
    )
    .with_label(Label::new(
        there.team.loc.file,
        there.member.github.span,
        format!("`{theirs}` {}", in_team(there)),
    ))
    .with_note(
        "one person under two handles is two people to accordant: their roles, approvals and \
         review requests are split between the two",
    );
    let mut help = format!(
        "write one handle for this person everywhere: replace `github: {mine}` with `github: \
         {theirs}` (and `@{mine}` with `@{theirs}` in references)"
    );
    if m.email.is_none() {
        help.push_str(", or, if they are two people who share a name, give each their `email`");
    }
    d.with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::run_yaml;

    fn teams(a: &str, b: &str) -> String {
        format!(
            "kind: Team\nid: sales\nname: Sales\nmembers: [{a}]\n---\nkind: Team\n\
             id: marketing\nname: Marketing\nmembers: [{b}]\n"
        )
    }

    #[test]
    fn same_name_or_email_under_two_handles() {
        let name = teams(
            "{github: ann, name: Ann Lee}",
            "{github: ann-lee, name: ' ann  LEE'}",
        );
        let out = run_yaml(check, &name);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].message,
            "GitHub handles `@ann-lee` and `@ann` look like one person: both are named `Ann Lee`"
        );
        let email = teams(
            "{github: ann, name: Ann Lee, email: Ann@x.example}",
            "{github: al, name: A. Lee, email: ann@X.example}",
        );
        assert_eq!(run_yaml(check, &email).len(), 1);
    }

    #[test]
    fn one_finding_per_extra_handle() {
        let yaml = teams(
            "{github: ann, name: Ann Lee}, {github: ann2, name: Ann Lee}",
            "{github: ann, name: Ann Lee}, {github: ann3, name: Ann Lee}",
        );
        let out = run_yaml(check, &yaml);
        let keys: Vec<&str> = out.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["person:ann2", "person:ann3"]);
    }

    #[test]
    fn same_handle_or_namesakes_with_different_emails_pass() {
        let same = teams(
            "{github: Ann, name: Ann Lee}",
            "{github: ann, name: Ann Lee}",
        );
        assert!(run_yaml(check, &same).is_empty());
        let namesakes = teams(
            "{github: ann, name: Ann Lee, email: ann@x.example}",
            "{github: alee, name: Ann Lee, email: alee@x.example}",
        );
        assert!(run_yaml(check, &namesakes).is_empty());
        // The email of `ann` is written in one of her entries only.
        let yaml = teams(
            "{github: ann, name: Ann Lee}, {github: alee, name: Ann Lee, email: alee@x.example}",
            "{github: ann, name: Ann Lee, email: ann@x.example}",
        );
        assert!(run_yaml(check, &yaml).is_empty());
    }
}
