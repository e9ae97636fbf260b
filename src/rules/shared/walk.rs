//! Every party and document reference of the model, with its span and the
//! document that holds it, visited without collecting them (R201, R202, and the
//! field names M601 reports).

use crate::load::yaml::Span;
use crate::model::de::Spanned;
use crate::model::{Kind, Model};
use crate::source::FileId;

/// What a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A team id or an `@handle`.
    Party,
    /// A document of this kind, by id.
    Entity(Kind),
}

/// The YAML field holding a reference, e.g. `owners` or
/// `key_results[crm-hygiene].owner`; written out only for the few that are reported.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field<'a> {
    /// The list and the id of the item the field is in, e.g. (`key_results`, `crm`).
    pub within: Option<(&'static str, &'a str)>,
    pub name: &'static str,
}

impl std::fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.within {
            Some((list, item)) => write!(f, "{list}[{item}].{}", self.name),
            None => f.write_str(self.name),
        }
    }
}

impl From<&'static str> for Field<'_> {
    fn from(name: &'static str) -> Self {
        Field { within: None, name }
    }
}

/// One reference written in a document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ref<'a> {
    /// Kind of the document holding the reference.
    pub kind: Kind,
    /// Id of the document holding the reference.
    pub id: &'a str,
    pub file: FileId,
    pub field: Field<'a>,
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

struct Walker<'a, F> {
    f: F,
    kind: Kind,
    id: &'a str,
    file: FileId,
}

impl<'a, F: FnMut(Ref<'a>)> Walker<'a, F> {
    fn at(&mut self, kind: Kind, id: &'a str, file: FileId) {
        (self.kind, self.id, self.file) = (kind, id, file);
    }
    fn push(&mut self, field: impl Into<Field<'a>>, s: &'a Spanned<String>, target: Target) {
        self.raw(field.into(), &s.value, s.span, target);
    }
    fn raw(&mut self, field: Field<'a>, value: &'a str, span: Span, target: Target) {
        (self.f)(Ref {
            kind: self.kind,
            id: self.id,
            file: self.file,
            field,
            value,
            span,
            target,
        });
    }
    fn party(&mut self, field: impl Into<Field<'a>>, s: &'a Spanned<String>) {
        self.push(field, s, Target::Party);
    }
    fn parties(&mut self, field: impl Into<Field<'a>>, list: &'a [Spanned<String>]) {
        let field = field.into();
        for s in list {
            self.party(field, s);
        }
    }
}

/// Calls `f` with every party and entity reference of the model, in file order
/// (metric references excluded: M601). Nothing is collected, so a large repo costs
/// no memory here.
pub(crate) fn each_ref<'a>(model: &'a Model, f: impl FnMut(Ref<'a>)) {
    each_ref_in(model, None, f);
}

/// Like [`each_ref`], but only the references held by documents of `scope`
/// (every document when `None`; see [`crate::rules::Ctx::scope`]).
pub(crate) fn each_ref_in<'a>(model: &'a Model, scope: Option<FileId>, f: impl FnMut(Ref<'a>)) {
    let keep = |file: FileId| scope.is_none_or(|s| s == file);
    let mut w = Walker {
        f,
        kind: Kind::Team,
        id: "",
        file: FileId::default(),
    };
    let goal = Target::Entity(Kind::Goal);
    let within = |list: &'static str, item: &'a str, name: &'static str| Field {
        within: Some((list, item)),
        name,
    };
    for t in model.teams.iter().filter(|e| keep(e.loc.file)) {
        w.at(Kind::Team, &t.id, t.loc.file);
        w.parties("leads", &t.leads);
    }
    for m in model.metrics.iter().filter(|e| keep(e.loc.file)) {
        w.at(Kind::Metric, &m.id, m.loc.file);
        w.party("owner", &m.owner);
        w.parties("approved_by", &m.approved_by);
        if let Some(st) = &m.stage {
            w.party("stage.owner", &st.owner);
        }
    }
    for g in model.goals.iter().filter(|e| keep(e.loc.file)) {
        w.at(Kind::Goal, &g.id, g.loc.file);
        w.parties("owners", &g.owners);
        if let Some(p) = &g.primary_owner {
            w.party("primary_owner", p);
        }
        for kr in &g.key_results {
            if let Some(o) = &kr.owner {
                w.party(within("key_results", &kr.id.value, "owner"), o);
            }
        }
        if let Some(p) = &g.parent {
            w.push("parent", p, goal);
        }
    }
    for r in model.responsibilities.iter().filter(|e| keep(e.loc.file)) {
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
    for i in model.incentives.iter().filter(|e| keep(e.loc.file)) {
        w.at(Kind::Incentive, &i.id, i.loc.file);
        w.parties("participants", &i.participants);
        for c in &i.components {
            w.parties(
                within("components", &c.id.value, "applies_to"),
                &c.applies_to,
            );
            if let Some(g) = &c.goal {
                w.push(within("components", &c.id.value, "goal"), g, goal);
            }
        }
        if let Some(gate) = &i.gate {
            w.parties("gate.applies_to", &gate.applies_to);
            if let Some(g) = &gate.goal {
                w.push("gate.goal", g, goal);
            }
        }
        for cs in &i.credit_splits {
            let field = within("credit_splits", &cs.deal_type.value, "splits");
            for key in cs.splits.keys() {
                w.raw(field, key, cs.splits.span, Target::Party);
            }
        }
    }
    for a in model.agreements.iter().filter(|e| keep(e.loc.file)) {
        w.at(Kind::Agreement, &a.id, a.loc.file);
        w.parties("parties", &a.parties);
        for c in &a.commitments {
            w.party("commitments.team", &c.team);
        }
        if let Some(h) = &a.handoff {
            w.push("handoff", h, Target::Entity(Kind::Responsibility));
        }
    }
    for r in model.rituals.iter().filter(|e| keep(e.loc.file)) {
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
}
