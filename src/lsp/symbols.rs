//! What an id at a place means: the documents, people and periods of the model,
//! where each is defined and where it is referred to.

use crate::load::yaml::{Pos, Span};
use crate::model::de::Spanned;
use crate::model::{Kind, Loc, Model};
use crate::rules::shared::walk::{self, Target};
use crate::source::FileId;

use super::convert::contains;

/// Something with an id the editor can point at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sym {
    /// A document of a kind, by id.
    Entity(Kind, String),
    /// A person, by handle (lower case, without `@`).
    Person(String),
    /// A period of `accordant.yaml`, by id.
    Period(String),
}

/// A document's id, with its kind, title and location.
pub struct Def<'a> {
    pub kind: Kind,
    pub id: &'a Spanned<String>,
    /// The document's name, title or activity.
    pub title: &'a str,
    pub loc: &'a Loc,
}

/// Every document of the model, by kind in file order.
pub fn defs(model: &Model) -> Vec<Def<'_>> {
    let mut out = Vec::with_capacity(model.len());
    macro_rules! each {
        ($list:expr, $kind:expr, $title:ident) => {
            for e in &$list {
                out.push(Def {
                    kind: $kind,
                    id: &e.id,
                    title: &e.$title.value,
                    loc: &e.loc,
                });
            }
        };
    }
    each!(model.teams, Kind::Team, name);
    each!(model.metrics, Kind::Metric, name);
    each!(model.goals, Kind::Goal, title);
    each!(model.responsibilities, Kind::Responsibility, activity);
    each!(model.incentives, Kind::Incentive, name);
    each!(model.agreements, Kind::Agreement, name);
    each!(model.rituals, Kind::Ritual, name);
    out
}

/// The period references of the model (goals and incentives).
fn period_refs(model: &Model) -> Vec<(FileId, &Spanned<String>)> {
    let goals = model.goals.iter().map(|g| (g.loc.file, &g.period));
    let plans = model.incentives.iter().map(|i| (i.loc.file, &i.period));
    goals.chain(plans).filter(|(_, p)| !p.is_empty()).collect()
}

/// The metric references of the model (the rules' reference walk leaves them
/// to M601, which has its own).
fn metric_refs(model: &Model) -> Vec<(FileId, &Spanned<String>)> {
    let mut out = Vec::new();
    for g in &model.goals {
        let f = g.loc.file;
        out.extend(g.metric.iter().map(|m| (f, m)));
        for kr in &g.key_results {
            out.extend(kr.metric.iter().map(|m| (f, m)));
        }
    }
    for inc in &model.incentives {
        let f = inc.loc.file;
        for c in &inc.components {
            out.extend(c.metric.iter().map(|m| (f, m)));
            out.extend(c.guardrails.iter().map(|m| (f, m)));
        }
        if let Some(gate) = &inc.gate {
            out.extend(gate.metric.iter().map(|m| (f, m)));
        }
    }
    for a in &model.agreements {
        let f = a.loc.file;
        out.extend(a.stage.iter().map(|m| (f, m)));
        for c in &a.commitments {
            for v in [&c.volume, &c.capacity].into_iter().flatten() {
                out.extend(v.metric.iter().map(|m| (f, m)));
            }
        }
    }
    for m in &model.metrics {
        if let Some(st) = &m.stage {
            out.extend(st.exits_to.iter().map(|e| (m.loc.file, e)));
        }
    }
    out
}

/// The symbol at `pos` of `file`, and the span of the text naming it.
pub fn at(
    model: &Model,
    config: &crate::config::Config,
    config_file: Option<FileId>,
    file: FileId,
    pos: Pos,
) -> Option<(Sym, Span)> {
    let mut found: Option<(Sym, Span)> = None;
    walk::each_ref(model, |r| {
        if found.is_some() || r.file != file || !contains(r.span, pos) {
            return;
        }
        let sym = match r.target {
            Target::Party => match r.value.strip_prefix('@') {
                Some(h) => Sym::Person(h.to_ascii_lowercase()),
                None => Sym::Entity(Kind::Team, r.value.to_string()),
            },
            Target::Entity(kind) => Sym::Entity(kind, r.value.to_string()),
        };
        found = Some((sym, r.span));
    });
    if found.is_some() {
        return found;
    }
    for (f, m) in metric_refs(model) {
        if f == file && contains(m.span, pos) {
            return Some((Sym::Entity(Kind::Metric, m.value.clone()), m.span));
        }
    }
    for d in defs(model) {
        if d.loc.file == file && contains(d.id.span, pos) {
            return Some((Sym::Entity(d.kind, d.id.value.clone()), d.id.span));
        }
    }
    for t in &model.teams {
        for m in &t.members {
            if t.loc.file == file && contains(m.github.span, pos) {
                let h = m.github.trim_start_matches('@').to_ascii_lowercase();
                return Some((Sym::Person(h), m.github.span));
            }
        }
    }
    for (f, p) in period_refs(model) {
        if f == file && contains(p.span, pos) {
            return Some((Sym::Period(p.value.clone()), p.span));
        }
    }
    if config_file == Some(file) {
        for p in &config.periods {
            if contains(p.id.span, pos) {
                return Some((Sym::Period(p.id.value.clone()), p.id.span));
            }
        }
    }
    None
}

/// Where a symbol is defined: the first document with the id, the person's
/// first `members` entry, the period in `accordant.yaml`.
pub fn definition(
    model: &Model,
    config: &crate::config::Config,
    config_file: Option<FileId>,
    sym: &Sym,
) -> Vec<(FileId, Span)> {
    match sym {
        Sym::Entity(kind, id) => defs(model)
            .into_iter()
            .filter(|d| d.kind == *kind && d.id.value == *id)
            .map(|d| (d.loc.file, d.id.span))
            .take(1)
            .collect(),
        Sym::Person(h) => people(model, h).into_iter().take(1).collect(),
        Sym::Period(p) => config_file
            .into_iter()
            .flat_map(|f| {
                config
                    .periods
                    .iter()
                    .filter(|x| x.id.value == *p)
                    .map(move |x| (f, x.id.span))
            })
            .take(1)
            .collect(),
    }
}

/// Every `members` entry of a person.
fn people(model: &Model, handle: &str) -> Vec<(FileId, Span)> {
    let mut out = Vec::new();
    for t in &model.teams {
        for m in &t.members {
            if m.github
                .trim_start_matches('@')
                .eq_ignore_ascii_case(handle)
            {
                out.push((t.loc.file, m.github.span));
            }
        }
    }
    out
}

/// One place naming a symbol; `at_sign` when it is written `@handle`.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    pub file: FileId,
    pub span: Span,
    pub at_sign: bool,
    pub is_definition: bool,
}

/// Every place naming `sym`: its definitions and its references, in model order.
pub fn places(
    model: &Model,
    config: &crate::config::Config,
    config_file: Option<FileId>,
    sym: &Sym,
) -> Vec<Place> {
    let mut out = Vec::new();
    match sym {
        Sym::Entity(kind, id) => {
            for d in defs(model) {
                if d.kind == *kind && d.id.value == *id {
                    out.push(Place {
                        file: d.loc.file,
                        span: d.id.span,
                        at_sign: false,
                        is_definition: true,
                    });
                }
            }
            if *kind == Kind::Metric {
                for (file, m) in metric_refs(model) {
                    if m.value == *id {
                        out.push(Place {
                            file,
                            span: m.span,
                            at_sign: false,
                            is_definition: false,
                        });
                    }
                }
            }
        }
        Sym::Person(h) => {
            for (file, span) in people(model, h) {
                out.push(Place {
                    file,
                    span,
                    at_sign: false,
                    is_definition: true,
                });
            }
        }
        Sym::Period(p) => {
            if let Some(f) = config_file {
                for x in config.periods.iter().filter(|x| x.id.value == *p) {
                    out.push(Place {
                        file: f,
                        span: x.id.span,
                        at_sign: false,
                        is_definition: true,
                    });
                }
            }
            for (file, r) in period_refs(model) {
                if r.value == *p {
                    out.push(Place {
                        file,
                        span: r.span,
                        at_sign: false,
                        is_definition: false,
                    });
                }
            }
            return out;
        }
    }
    walk::each_ref(model, |r| {
        let hit = match (sym, r.target) {
            (Sym::Entity(kind, id), Target::Entity(k)) => k == *kind && r.value == id,
            (Sym::Entity(Kind::Team, id), Target::Party) => r.value == id,
            (Sym::Person(h), Target::Party) => r
                .value
                .strip_prefix('@')
                .is_some_and(|v| v.eq_ignore_ascii_case(h)),
            _ => false,
        };
        if hit {
            out.push(Place {
                file: r.file,
                span: r.span,
                at_sign: r.value.starts_with('@'),
                is_definition: false,
            });
        }
    });
    out
}
