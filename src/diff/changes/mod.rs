//! Semantic changes between two models, per entity and field, in plain words.
//!
//! Documents are matched by (kind, id), never by file or line, so a document that
//! moved to another file is one "moved" change, not a removal and an addition.
//! Each change names the teams it affects (owners, parties, participants, resolved
//! through the model), which is where the approvals come from.
//!
//! This file pairs the documents and holds what every kind shares; `fields`
//! words the change of one field; one file per kind family says which fields
//! that kind has and how it names its stakeholders.

mod agreement;
mod fields;
mod goal;
mod incentive;
mod metric;
mod raci;
mod ritual;
mod team;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use self::fields::Ent;
use super::words::{Measure, quoted};
use crate::model::de::Spanned;
use crate::model::*;
use crate::source::{FileId, SourceDb};

/// What happened to an entity or one of its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeType {
    /// The document is new.
    Added,
    /// The document is gone.
    Removed,
    /// A field of the document changed.
    Changed,
    /// The document now lives in another file.
    Moved,
}

/// One semantic change.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// The entity key, e.g. `goal:pipeline-q2` (the same key findings use).
    pub key: String,
    pub kind: Kind,
    pub id: String,
    /// The entity's display name (goal title, activity, team name, ...).
    pub title: String,
    /// The YAML field, e.g. `target`, `components[pipeline].weight`; `""` for a
    /// whole document added or removed, `file` for a move.
    pub field: String,
    pub change: ChangeType,
    /// The value before, in words (when there was one).
    pub before: Option<String>,
    /// The value after, in words (when there is one).
    pub after: Option<String>,
    /// For a field that holds a number (a target, a weight, a response time):
    /// the number before, in the YAML's own units (`4000000` for `$4.0M`, `12.5`
    /// for `12.5 %`); `None` for other fields and when there was none.
    #[serde(serialize_with = "json_number")]
    pub before_value: Option<f64>,
    /// The number after, like [`Change::before_value`].
    #[serde(serialize_with = "json_number")]
    pub after_value: Option<f64>,
    /// The change in words, standing alone: `Goal "Pipeline": target $4.0M -> $4.5M (+12.5 %)`.
    pub summary: String,
    /// The same without the entity: `target $4.0M -> $4.5M (+12.5 %)`.
    pub detail: String,
    /// Ids of the teams the change affects (their leads approve it).
    pub teams: Vec<String>,
    /// A progress update (current value, status, check-in, review date): reported,
    /// but it needs no approval.
    pub progress: bool,
    /// Whether the teams' leads must approve it: every change but a progress
    /// update and a document moved to another file (no semantic change).
    pub needs_approval: bool,
}

/// A number for JSON: whole numbers without a fraction (`3600`, not `3600.0`),
/// `null` for none (and for infinities, which JSON cannot hold).
fn json_number<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    /// The largest integer an f64 holds exactly (2^53).
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match v {
        Some(x) if x.is_finite() && x.fract() == 0.0 && x.abs() <= EXACT => {
            s.serialize_i64(*x as i64)
        }
        Some(x) if x.is_finite() => s.serialize_f64(*x),
        _ => s.serialize_none(),
    }
}

/// Both models, and the sources for file names.
pub struct Models<'a> {
    pub base: &'a Model,
    pub head: &'a Model,
    pub base_sources: &'a SourceDb,
    pub head_sources: &'a SourceDb,
    /// Per head file id: the base file it is the same as (same path and bytes).
    pub shared: &'a [Option<FileId>],
}

/// Every semantic change from `base` to `head`, ordered by kind (goals first),
/// then by document order.
pub fn compare(m: &Models<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    compare_kind(m, &m.base.goals, &m.head.goals, &mut out);
    compare_kind(
        m,
        &m.base.responsibilities,
        &m.head.responsibilities,
        &mut out,
    );
    compare_kind(m, &m.base.incentives, &m.head.incentives, &mut out);
    compare_kind(m, &m.base.agreements, &m.head.agreements, &mut out);
    compare_kind(m, &m.base.rituals, &m.head.rituals, &mut out);
    compare_kind(m, &m.base.metrics, &m.head.metrics, &mut out);
    compare_kind(m, &m.base.teams, &m.head.teams, &mut out);
    out
}

/// A document with an id, a location, a display name and maybe a description.
trait Doc {
    const KIND: Kind;
    /// The YAML field of the display name (`title`, `activity`, `name`).
    const TITLE: &'static str;
    fn id(&self) -> &str;
    fn loc(&self) -> Loc;
    fn title(&self) -> &str;
    fn description(&self) -> Option<&str>;
}

macro_rules! doc {
    ($t:ident, $title:ident $(, $description:ident)?) => {
        impl Doc for $t {
            const KIND: Kind = Kind::$t;
            const TITLE: &'static str = stringify!($title);
            fn id(&self) -> &str {
                &self.id.value
            }
            fn loc(&self) -> Loc {
                self.loc
            }
            fn title(&self) -> &str {
                &self.$title.value
            }
            fn description(&self) -> Option<&str> {
                None$(.or(self.$description.as_deref()))?
            }
        }
    };
}
doc!(Goal, title, description);
doc!(Responsibility, activity, description);
doc!(Incentive, name, description);
doc!(Agreement, name, description);
doc!(Ritual, name, description);
doc!(Metric, name);
doc!(Team, name, description);

/// How the diff reads one kind of document; each kind's file implements it.
trait Compare: Doc {
    /// Adds the teams the document's changes affect (see [`Ent::stake`]).
    fn stake(&self, e: &mut Ent<'_, '_>);
    /// The document in a few words, for "added (...)" and "removed (was ...)".
    fn describe(&self, m: &Models<'_>) -> String;
    /// Compares the fields after the display name and the description.
    fn fields(e: &mut Ent<'_, '_>, b: &Self, h: &Self);
}

/// Compares the documents of one kind, paired by id: (base, head) in head order,
/// then the removed ones. The first document with an id stands for it (a repeated
/// id is a finding of its own). A document in a file both revisions share is the
/// same in both and skipped (the base model does not even hold it, see `share`).
fn compare_kind<T: Compare>(m: &Models<'_>, base: &[T], head: &[T], out: &mut Vec<Change>) {
    let (bm, hm) = (first_by_id(base), first_by_id(head));
    let mut seen = HashSet::new();
    for h in head {
        if h.id().is_empty() || !seen.insert(h.id()) {
            continue;
        }
        if !in_shared_file(m, h.loc()) {
            entity(m, bm.get(h.id()).copied(), Some(h), out);
        }
    }
    for b in base {
        if b.id().is_empty() || hm.contains_key(b.id()) || !seen.insert(b.id()) {
            continue;
        }
        entity(m, Some(b), None, out);
    }
}

fn first_by_id<T: Doc>(v: &[T]) -> HashMap<&str, &T> {
    let mut m = HashMap::new();
    for e in v {
        if !e.id().is_empty() {
            m.entry(e.id()).or_insert(e);
        }
    }
    m
}

/// Whether a head document lives in a file that is the same in both revisions
/// (same path, same bytes): then it is unchanged. Most documents of a large repo
/// are, and comparing them field by field would be wasted work.
fn in_shared_file(m: &Models<'_>, h: Loc) -> bool {
    m.shared.get(h.file.0 as usize).copied().flatten().is_some()
}

/// The changes of one document: added, removed, or moved and field by field.
fn entity<T: Compare>(m: &Models<'_>, b: Option<&T>, h: Option<&T>, out: &mut Vec<Change>) {
    let Some(any) = h.or(b) else { return };
    let mut e = Ent::new(m, T::KIND, any.id(), any.title(), out);
    for x in b.into_iter().chain(h) {
        x.stake(&mut e);
    }
    if let Some((b, h)) = e.lifecycle(b, h, |x| x.describe(m)) {
        e.text(T::TITLE, T::TITLE, Some(b.title()), Some(h.title()));
        e.prose(
            "description",
            "description",
            b.description(),
            h.description(),
        );
        T::fields(&mut e, b, h);
    }
    e.finish();
}

/// Calls `f` for each item of `h` with the first item of `b` that is the `same`,
/// then for each item of `b` that no item of `h` is the same as (head `None`).
/// For the lists inside a document: key results, components, commitments.
fn pair_items<'t, T>(
    b: &'t [T],
    h: &'t [T],
    same: impl Fn(&T, &T) -> bool,
    mut f: impl FnMut(Option<&'t T>, Option<&'t T>),
) {
    for x in h {
        f(b.iter().find(|o| same(o, x)), Some(x));
    }
    for o in b {
        if !h.iter().any(|x| same(o, x)) {
            f(Some(o), None);
        }
    }
}

/// The values of a list of ids or parties, borrowed.
fn ids(v: &[Spanned<String>]) -> impl Iterator<Item = &str> {
    v.iter().map(|s| s.value.as_str())
}

fn strings(v: &[Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| s.value.clone()).collect()
}

/// The team id a party stands for, in the head model or else the base model.
fn team_id(m: &Models<'_>, party: &str) -> Option<String> {
    m.head
        .team_of_party(party)
        .or_else(|| m.base.team_of_party(party))
        .map(|t| t.id.value.clone())
}

/// A party in words: a team's name, or the `@handle` of a person.
pub(crate) fn party_name(m: &Models<'_>, party: &str) -> String {
    if party.starts_with('@') {
        return party.to_string();
    }
    m.head
        .team(party)
        .or_else(|| m.base.team(party))
        .map_or_else(|| party.to_string(), |t| t.name.value.clone())
}

/// The names of these parties, in order.
fn party_names<'p>(m: &Models<'_>, parties: impl IntoIterator<Item = &'p str>) -> Vec<String> {
    parties.into_iter().map(|p| party_name(m, p)).collect()
}

/// A referenced document in words: its quoted name from head or else base, or the
/// id in backticks when neither has it.
fn named<T>(
    m: &Models<'_>,
    find: impl Fn(&Model) -> Option<&T>,
    name: impl Fn(&T) -> &str,
    id: &str,
) -> String {
    find(m.head)
        .or_else(|| find(m.base))
        .map_or_else(|| format!("`{id}`"), |x| quoted(name(x)))
}

fn goal_title(m: &Models<'_>, id: &str) -> String {
    named(m, |x| x.goal(id), |g| &g.title, id)
}

fn metric_name(m: &Models<'_>, id: &str) -> String {
    named(m, |x| x.metric(id), |x| &x.name, id)
}

fn agreement_name(m: &Models<'_>, id: &str) -> String {
    named(m, |x| x.agreement(id), |x| &x.name, id)
}

fn activity_name(m: &Models<'_>, id: &str) -> String {
    named(m, |x| x.responsibility(id), |r| &r.activity, id)
}

/// How a metric's numbers are shown.
fn measure<'m>(m: &Models<'m>, metric: Option<&str>) -> Measure<'m> {
    metric
        .and_then(|id| m.head.metric(id).or_else(|| m.base.metric(id)))
        .map_or(Measure::Plain, |x| {
            Measure::Unit(x.unit, x.currency.as_deref())
        })
}

fn opt_str(s: &Option<Spanned<String>>) -> Option<&str> {
    s.as_ref().map(|x| x.value.as_str())
}

fn opt_num(s: &Option<Spanned<f64>>) -> Option<f64> {
    s.as_ref().map(|x| x.value)
}

/// A whole number (days, minutes, attempts) as a number to compare.
fn opt_count(x: Option<u32>) -> Option<f64> {
    x.map(f64::from)
}

/// An enum value as it is written in YAML.
fn words<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
