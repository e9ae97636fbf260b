//! Shared helpers for the reference, RACI and goal rules: every reference of the
//! model with its span and owning entity, placeholder detection, and a party index
//! that resolves a team id or `@handle` to its team without scanning every team.

use std::collections::{HashMap, HashSet};

use crate::load::yaml::Span;
use crate::model::de::Spanned;
use crate::model::{Kind, Model};
use crate::source::FileId;

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

/// What a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A team id or an `@handle`.
    Party,
    /// A document of this kind, by id.
    Entity(Kind),
}

/// One reference written in a document.
#[derive(Clone, Debug)]
pub(crate) struct Ref<'a> {
    /// Kind of the document holding the reference.
    pub kind: Kind,
    /// Id of the document holding the reference.
    pub id: &'a str,
    pub file: FileId,
    /// The YAML field, e.g. `owners` or `key_results[crm-hygiene].owner`.
    pub field: String,
    pub value: &'a str,
    pub span: Span,
    pub target: Target,
}

impl Ref<'_> {
    /// The finding key of the holding document, e.g. `goal:pipeline`.
    pub fn key(&self) -> String {
        self.kind.key(self.id)
    }
}

struct Walker<'a> {
    out: Vec<Ref<'a>>,
    kind: Kind,
    id: &'a str,
    file: FileId,
}

impl<'a> Walker<'a> {
    fn at(&mut self, kind: Kind, id: &'a str, file: FileId) {
        (self.kind, self.id, self.file) = (kind, id, file);
    }
    fn push(&mut self, field: impl Into<String>, s: &'a Spanned<String>, target: Target) {
        self.out.push(Ref {
            kind: self.kind,
            id: self.id,
            file: self.file,
            field: field.into(),
            value: &s.value,
            span: s.span,
            target,
        });
    }
    fn party(&mut self, field: impl Into<String>, s: &'a Spanned<String>) {
        self.push(field, s, Target::Party);
    }
    fn parties(&mut self, field: &str, list: &'a [Spanned<String>]) {
        for s in list {
            self.party(field, s);
        }
    }
}

/// Every party and entity reference of the model (metric references excluded: M601).
pub(crate) fn refs(model: &Model) -> Vec<Ref<'_>> {
    let mut w = Walker {
        out: Vec::new(),
        kind: Kind::Team,
        id: "",
        file: FileId::default(),
    };
    let goal = Target::Entity(Kind::Goal);
    for t in &model.teams {
        w.at(Kind::Team, &t.id, t.loc.file);
        w.parties("leads", &t.leads);
    }
    for m in &model.metrics {
        w.at(Kind::Metric, &m.id, m.loc.file);
        w.party("owner", &m.owner);
        w.parties("approved_by", &m.approved_by);
        if let Some(st) = &m.stage {
            w.party("stage.owner", &st.owner);
        }
    }
    for g in &model.goals {
        w.at(Kind::Goal, &g.id, g.loc.file);
        w.parties("owners", &g.owners);
        if let Some(p) = &g.primary_owner {
            w.party("primary_owner", p);
        }
        for kr in &g.key_results {
            if let Some(o) = &kr.owner {
                w.party(format!("key_results[{}].owner", kr.id.value), o);
            }
        }
        if let Some(p) = &g.parent {
            w.push("parent", p, goal);
        }
    }
    for r in &model.responsibilities {
        w.at(Kind::Responsibility, &r.id, r.loc.file);
        w.parties("responsible", &r.responsible);
        for a in r.accountable.items() {
            w.party("accountable", a);
        }
        w.parties("consulted", &r.consulted);
        w.parties("informed", &r.informed);
        if let Some(l) = &r.lead {
            w.party("lead", l);
        }
        if let Some(h) = &r.handoff {
            w.party("handoff.from", &h.from);
            w.party("handoff.to", &h.to);
        }
    }
    for i in &model.incentives {
        w.at(Kind::Incentive, &i.id, i.loc.file);
        w.parties("participants", &i.participants);
        for c in &i.components {
            w.parties(
                &format!("components[{}].applies_to", c.id.value),
                &c.applies_to,
            );
            if let Some(g) = &c.goal {
                w.push(format!("components[{}].goal", c.id.value), g, goal);
            }
        }
        if let Some(gate) = &i.gate {
            w.parties("gate.applies_to", &gate.applies_to);
            if let Some(g) = &gate.goal {
                w.push("gate.goal", g, goal);
            }
        }
        for cs in &i.credit_splits {
            for key in cs.splits.keys() {
                w.out.push(Ref {
                    kind: Kind::Incentive,
                    id: &i.id,
                    file: i.loc.file,
                    field: format!("credit_splits[{}].splits", cs.deal_type.value),
                    value: key,
                    span: cs.splits.span,
                    target: Target::Party,
                });
            }
        }
    }
    for a in &model.agreements {
        w.at(Kind::Agreement, &a.id, a.loc.file);
        w.parties("parties", &a.parties);
        for c in &a.commitments {
            w.party("commitments.team", &c.team);
        }
        if let Some(h) = &a.handoff {
            w.push("handoff", h, Target::Entity(Kind::Responsibility));
        }
    }
    for r in &model.rituals {
        w.at(Kind::Ritual, &r.id, r.loc.file);
        w.parties("participants", &r.participants);
        w.party("dri", &r.dri);
        for g in &r.goals {
            w.push("goals", g, goal);
        }
        for a in &r.agreements {
            w.push("agreements", a, Target::Entity(Kind::Agreement));
        }
    }
    w.out
}

/// Team ids and people's handles, for resolving party references quickly.
pub(crate) struct Parties<'a> {
    teams: HashSet<&'a str>,
    /// Lower-case handle (no `@`) -> the id of the first team listing the person.
    people: HashMap<String, &'a str>,
}

impl<'a> Parties<'a> {
    pub fn new(model: &'a Model) -> Self {
        let mut teams = HashSet::new();
        let mut people = HashMap::new();
        for t in &model.teams {
            teams.insert(t.id.value.as_str());
            let handles = t.members.iter().map(|m| m.github.value.as_str());
            let leads = t.leads.iter().map(|l| l.value.as_str());
            for h in handles.chain(leads) {
                people
                    .entry(h.trim_start_matches('@').to_ascii_lowercase())
                    .or_insert(t.id.value.as_str());
            }
        }
        Parties { teams, people }
    }

    /// Whether `party` (team id or `@handle`) names a team or a person of a team.
    pub fn exists(&self, party: &str) -> bool {
        self.team_of(party).is_some()
    }

    /// The team id a party stands for: the team itself, or a person's first team.
    pub fn team_of(&self, party: &str) -> Option<&'a str> {
        match party.strip_prefix('@') {
            Some(h) => self.people.get(&h.to_ascii_lowercase()).copied(),
            None => self.teams.get(party).copied(),
        }
    }

    /// Whether `handle` (without `@`) is a person of some team.
    pub fn is_person(&self, handle: &str) -> bool {
        self.people.contains_key(&handle.to_ascii_lowercase())
    }

    pub fn team_ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.teams.iter().copied()
    }

    /// Handles of every person, lower-case, without `@`.
    pub fn handles(&self) -> impl Iterator<Item = &str> + '_ {
        self.people.keys().map(String::as_str)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
