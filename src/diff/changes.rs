//! Semantic changes between two models, per entity and field, in plain words.
//!
//! Documents are matched by (kind, id), never by file or line, so a document that
//! moved to another file is one "moved" change, not a removal and an addition.
//! Each change names the teams it affects (owners, parties, participants, resolved
//! through the model), which is where the approvals come from.

use std::collections::BTreeSet;

use serde::Serialize;

use super::words::{Measure, list, number, number_pair, plural, quoted, relative};
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
    /// The change in words, standing alone: `Goal "Pipeline": target $4.0M -> $4.5M (+12.5 %)`.
    pub summary: String,
    /// The same without the entity: `target $4.0M -> $4.5M (+12.5 %)`.
    pub detail: String,
    /// Ids of the teams the change affects (their leads approve it).
    pub teams: Vec<String>,
    /// A progress update (current value, status, check-in, review date): reported,
    /// but it needs no approval.
    pub progress: bool,
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
    for_each_pair(m, &m.base.goals, &m.head.goals, |b, h| {
        goal(m, b, h, &mut out)
    });
    for_each_pair(
        m,
        &m.base.responsibilities,
        &m.head.responsibilities,
        |b, h| {
            responsibility(m, b, h, &mut out);
        },
    );
    for_each_pair(m, &m.base.incentives, &m.head.incentives, |b, h| {
        incentive(m, b, h, &mut out);
    });
    for_each_pair(m, &m.base.agreements, &m.head.agreements, |b, h| {
        agreement(m, b, h, &mut out);
    });
    for_each_pair(m, &m.base.rituals, &m.head.rituals, |b, h| {
        ritual(m, b, h, &mut out)
    });
    for_each_pair(m, &m.base.metrics, &m.head.metrics, |b, h| {
        metric(m, b, h, &mut out)
    });
    for_each_pair(m, &m.base.teams, &m.head.teams, |b, h| {
        team(m, b, h, &mut out)
    });
    out
}

/// Something with an id and a location.
trait Doc {
    fn id(&self) -> &str;
    fn loc(&self) -> Loc;
}

macro_rules! doc {
    ($($t:ty),*) => {$(
        impl Doc for $t {
            fn id(&self) -> &str {
                &self.id.value
            }
            fn loc(&self) -> Loc {
                self.loc
            }
        }
    )*};
}
doc!(
    Team,
    Metric,
    Goal,
    Responsibility,
    Incentive,
    Agreement,
    Ritual
);

/// Calls `f` for each id: (base, head) in head order, then the removed ones. The
/// first document with an id stands for it (a repeated id is a finding of its own).
/// A document in a file both revisions share is the same in both and skipped (the
/// base model does not even hold it, see `share`).
fn for_each_pair<T: Doc>(
    m: &Models<'_>,
    base: &[T],
    head: &[T],
    mut f: impl FnMut(Option<&T>, Option<&T>),
) {
    let (bm, hm) = (first_by_id(base), first_by_id(head));
    let mut seen = std::collections::HashSet::new();
    for h in head {
        if h.id().is_empty() || !seen.insert(h.id()) {
            continue;
        }
        if !in_shared_file(m, h.loc()) {
            f(bm.get(h.id()).copied(), Some(h));
        }
    }
    for b in base {
        if b.id().is_empty() || hm.contains_key(b.id()) || !seen.insert(b.id()) {
            continue;
        }
        f(Some(b), None);
    }
}

fn first_by_id<T: Doc>(v: &[T]) -> std::collections::HashMap<&str, &T> {
    let mut m = std::collections::HashMap::new();
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

/// Collects the changes of one entity.
struct Ent<'a, 'm> {
    m: &'a Models<'m>,
    kind: Kind,
    id: String,
    title: String,
    /// How the entity is named in a summary: `Goal "Pipeline"`.
    label: String,
    teams: BTreeSet<String>,
    out: &'a mut Vec<Change>,
}

impl<'a, 'm> Ent<'a, 'm> {
    fn new(m: &'a Models<'m>, kind: Kind, id: &str, title: &str, out: &'a mut Vec<Change>) -> Self {
        let noun = match kind {
            Kind::Agreement => "Agreement",
            k => k.as_str(),
        };
        Ent {
            m,
            kind,
            id: id.to_string(),
            title: title.to_string(),
            label: format!("{noun} {}", quoted(title)),
            teams: BTreeSet::new(),
            out,
        }
    }

    /// Adds the teams behind these parties (team ids or `@people`) as stakeholders.
    fn stake<'s>(&mut self, parties: impl IntoIterator<Item = &'s str>) {
        for p in parties {
            if let Some(t) = team_id(self.m, p) {
                self.teams.insert(t);
            }
        }
    }

    fn push_full(
        &mut self,
        field: &str,
        change: ChangeType,
        before: Option<String>,
        after: Option<String>,
        detail: String,
        summary: Option<String>,
    ) {
        let summary = summary.unwrap_or_else(|| format!("{}: {detail}", self.label));
        let progress = is_progress(field);
        self.out.push(Change {
            key: self.kind.key(&self.id),
            kind: self.kind,
            id: self.id.clone(),
            title: self.title.clone(),
            field: field.to_string(),
            change,
            before,
            after,
            summary,
            detail,
            teams: Vec::new(),
            progress,
        });
    }

    fn push(&mut self, field: &str, before: Option<String>, after: Option<String>, detail: String) {
        self.push_full(field, ChangeType::Changed, before, after, detail, None);
    }

    /// A text or choice field.
    fn text(&mut self, field: &str, label: &str, b: Option<&str>, a: Option<&str>) {
        if b == a {
            return;
        }
        let detail = match (b, a) {
            (Some(b), Some(a)) => format!("{label} {b} -> {a}"),
            (None, Some(a)) => format!("{label} set to {a}"),
            (Some(b), None) => format!("{label} removed (was {b})"),
            (None, None) => return,
        };
        self.push(field, b.map(String::from), a.map(String::from), detail);
    }

    /// A long text whose content is not repeated in the summary.
    fn prose(&mut self, field: &str, label: &str, b: Option<&str>, a: Option<&str>) {
        let (b, a) = (non_blank(b), non_blank(a));
        if b == a {
            return;
        }
        let detail = match (b, a) {
            (None, _) => format!("{label} added"),
            (_, None) => format!("{label} removed"),
            _ => format!("{label} edited"),
        };
        self.push(field, b.map(String::from), a.map(String::from), detail);
    }

    /// A number, with the relative change when both sides have one.
    fn number(&mut self, field: &str, label: &str, b: Option<f64>, a: Option<f64>, m: Measure<'_>) {
        if b == a {
            return;
        }
        let (bs, as_, detail) = match (b, a) {
            (Some(b), Some(a)) => {
                let (bs, as_) = number_pair(b, a, m);
                // A share already in percent changes by points, not by a ratio.
                let rel = match m {
                    Measure::Percent | Measure::Unit(Unit::Percent, _) => None,
                    _ => relative(b, a),
                }
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
                let d = format!("{label} {bs} -> {as_}{rel}");
                (Some(bs), Some(as_), d)
            }
            (None, Some(a)) => {
                let s = number(a, m);
                let d = format!("{label} set to {s}");
                (None, Some(s), d)
            }
            (Some(b), None) => {
                let s = number(b, m);
                let d = format!("{label} removed (was {s})");
                (Some(s), None, d)
            }
            (None, None) => return,
        };
        self.push(field, bs, as_, detail);
    }

    /// A single party (team or `@person`): "moved from Sales to Marketing".
    fn party(&mut self, field: &str, label: &str, b: Option<&str>, a: Option<&str>) {
        if b == a {
            return;
        }
        self.stake(b.into_iter().chain(a));
        let (bn, an) = (
            b.map(|p| party_name(self.m, p)),
            a.map(|p| party_name(self.m, p)),
        );
        let detail = match (&bn, &an) {
            (Some(b), Some(a)) => format!("{label} moved from {b} to {a}"),
            (None, Some(a)) => format!("{label} set to {a}"),
            (Some(b), None) => format!("{label} removed (was {b})"),
            (None, None) => return,
        };
        self.push(field, bn, an, detail);
    }

    /// A list of parties: "Sales added, SDR removed".
    fn parties(&mut self, field: &str, label: &str, b: &[Spanned<String>], a: &[Spanned<String>]) {
        let (added, removed) = set_diff(b, a);
        if added.is_empty() && removed.is_empty() {
            return;
        }
        self.stake(added.iter().chain(&removed).map(String::as_str));
        let name = |v: &[String]| v.iter().map(|p| party_name(self.m, p)).collect::<Vec<_>>();
        let detail = change_words(label, &name(&added), &name(&removed));
        let all = |v: &[Spanned<String>]| {
            list(&v.iter().map(|p| party_name(self.m, p)).collect::<Vec<_>>())
        };
        self.push(field, Some(all(b)), Some(all(a)), detail);
    }

    /// A list of references or words, shown through `show`.
    fn items(
        &mut self,
        field: &str,
        label: &str,
        b: &[String],
        a: &[String],
        show: impl Fn(&str) -> String,
    ) {
        let (added, removed) = set_diff_str(b, a);
        if added.is_empty() && removed.is_empty() {
            return;
        }
        let words = |v: &[String]| v.iter().map(|x| show(x)).collect::<Vec<_>>();
        let detail = change_words(label, &words(&added), &words(&removed));
        self.push(field, Some(list(&words(b))), Some(list(&words(a))), detail);
    }

    /// Ends the entity: every change gets the entity's stakeholder teams.
    fn finish(self) {
        let teams: Vec<String> = self.teams.into_iter().collect();
        let key = self.kind.key(&self.id);
        for c in self.out.iter_mut().rev() {
            if c.key != key {
                break;
            }
            let mut t: BTreeSet<String> = c.teams.drain(..).collect();
            t.extend(teams.iter().cloned());
            c.teams = t.into_iter().collect();
        }
    }
}

fn non_blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn is_progress(field: &str) -> bool {
    let last = field.rsplit('.').next().unwrap_or(field);
    matches!(
        last,
        "current" | "status" | "last_check_in" | "last_reviewed"
    )
}

/// "owners: Sales and SDR added, Marketing removed".
fn change_words(label: &str, added: &[String], removed: &[String]) -> String {
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("{} added", list(added)));
    }
    if !removed.is_empty() {
        parts.push(format!("{} removed", list(removed)));
    }
    format!("{label}: {}", parts.join(", "))
}

fn set_diff(b: &[Spanned<String>], a: &[Spanned<String>]) -> (Vec<String>, Vec<String>) {
    let b: Vec<String> = b.iter().map(|s| s.value.clone()).collect();
    let a: Vec<String> = a.iter().map(|s| s.value.clone()).collect();
    set_diff_str(&b, &a)
}

fn set_diff_str(b: &[String], a: &[String]) -> (Vec<String>, Vec<String>) {
    let added = a.iter().filter(|x| !b.contains(x)).cloned().collect();
    let removed = b.iter().filter(|x| !a.contains(x)).cloned().collect();
    (added, removed)
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

fn goal_title(m: &Models<'_>, id: &str) -> String {
    m.head
        .goal(id)
        .or_else(|| m.base.goal(id))
        .map_or_else(|| format!("`{id}`"), |g| quoted(&g.title))
}

fn metric_name(m: &Models<'_>, id: &str) -> String {
    m.head
        .metric(id)
        .or_else(|| m.base.metric(id))
        .map_or_else(|| format!("`{id}`"), |x| quoted(&x.name))
}

fn agreement_name(m: &Models<'_>, id: &str) -> String {
    m.head
        .agreement(id)
        .or_else(|| m.base.agreement(id))
        .map_or_else(|| format!("`{id}`"), |x| quoted(&x.name))
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

fn words<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Emits added / removed / moved for a pair; returns both when there is a pair to
/// compare field by field.
fn lifecycle<'e, T: Doc>(
    ent: &mut Ent<'_, '_>,
    b: Option<&'e T>,
    h: Option<&'e T>,
    describe: impl Fn(&T) -> String,
) -> Option<(&'e T, &'e T)> {
    match (b, h) {
        (None, Some(h)) => {
            let d = describe(h);
            let detail = if d.is_empty() {
                "added".to_string()
            } else {
                format!("added ({d})")
            };
            ent.push_full("", ChangeType::Added, None, Some(d), detail, None);
            None
        }
        (Some(b), None) => {
            let d = describe(b);
            let detail = if d.is_empty() {
                "removed".to_string()
            } else {
                format!("removed (was {d})")
            };
            ent.push_full("", ChangeType::Removed, Some(d), None, detail, None);
            None
        }
        (Some(b), Some(h)) => {
            let (bf, hf) = (
                ent.m.base_sources.path(b.loc().file),
                ent.m.head_sources.path(h.loc().file),
            );
            if bf != hf {
                let detail = format!("moved from {bf} to {hf}");
                ent.push_full(
                    "file",
                    ChangeType::Moved,
                    Some(bf.to_string()),
                    Some(hf.to_string()),
                    detail,
                    None,
                );
            }
            Some((b, h))
        }
        (None, None) => None,
    }
}

fn goal(m: &Models<'_>, b: Option<&Goal>, h: Option<&Goal>, out: &mut Vec<Change>) {
    let Some(any) = h.or(b) else { return };
    let mut e = Ent::new(m, Kind::Goal, &any.id, &any.title, out);
    for g in b.into_iter().chain(h) {
        e.stake(g.owners.iter().map(|o| o.value.as_str()));
        e.stake(opt_str(&g.primary_owner));
    }
    let describe = |g: &Goal| {
        let owners: Vec<String> = g.owners.iter().map(|o| party_name(m, o)).collect();
        let mut d = format!("owned by {}, period {}", list(&owners), g.period.value);
        if let Some(t) = opt_num(&g.target) {
            d.push_str(&format!(
                ", target {}",
                number(t, measure(m, opt_str(&g.metric)))
            ));
        }
        d
    };
    if let Some((b, h)) = lifecycle(&mut e, b, h, describe) {
        goal_fields(&mut e, b, h);
    }
    e.finish();
}

fn goal_fields(e: &mut Ent<'_, '_>, b: &Goal, h: &Goal) {
    let m = e.m;
    e.text("title", "title", Some(&b.title), Some(&h.title));
    e.prose(
        "description",
        "description",
        b.description.as_deref(),
        h.description.as_deref(),
    );
    e.parties("owners", "owners", &b.owners, &h.owners);
    e.party(
        "primary_owner",
        "primary owner",
        opt_str(&b.primary_owner),
        opt_str(&h.primary_owner),
    );
    e.text("period", "period", Some(&b.period), Some(&h.period));
    let (bm, hm) = (opt_str(&b.metric), opt_str(&h.metric));
    if bm != hm {
        let show = |x: Option<&str>| x.map(|id| metric_name(m, id));
        e.text("metric", "metric", show(bm).as_deref(), show(hm).as_deref());
    }
    let unit = measure(m, hm.or(bm));
    e.number(
        "baseline",
        "baseline",
        opt_num(&b.baseline),
        opt_num(&h.baseline),
        unit,
    );
    e.number(
        "target",
        "target",
        opt_num(&b.target),
        opt_num(&h.target),
        unit,
    );
    e.number("current", "current value", b.current, h.current, unit);
    e.text(
        "direction",
        "direction",
        b.direction.as_ref().map(words).as_deref(),
        h.direction.as_ref().map(words).as_deref(),
    );
    let (bp, hp) = (opt_str(&b.parent), opt_str(&h.parent));
    if bp != hp {
        let show = |x: Option<&str>| x.map(|id| goal_title(m, id));
        e.text(
            "parent",
            "parent goal",
            show(bp).as_deref(),
            show(hp).as_deref(),
        );
    }
    e.text(
        "status",
        "status",
        b.status.as_ref().map(words).as_deref(),
        h.status.as_ref().map(words).as_deref(),
    );
    key_results(e, b, h, unit);
}

fn key_results(e: &mut Ent<'_, '_>, b: &Goal, h: &Goal, goal_unit: Measure<'_>) {
    let m = e.m;
    for kr in &h.key_results {
        let f = |x: &str| format!("key_results[{}].{x}", kr.id.value);
        let Some(old) = b.key_results.iter().find(|k| k.id.value == kr.id.value) else {
            let d = format!("key result {} added", quoted(&kr.title));
            e.stake(opt_str(&kr.owner));
            e.push_full(
                f("").trim_end_matches('.'),
                ChangeType::Changed,
                None,
                Some(kr.title.value.clone()),
                d,
                None,
            );
            continue;
        };
        let label = |x: &str| format!("key result {} {x}", quoted(&kr.title));
        let unit = if kr.metric.is_some() {
            measure(m, opt_str(&kr.metric))
        } else {
            goal_unit
        };
        e.text(
            &f("title"),
            "key result title",
            Some(&old.title),
            Some(&kr.title),
        );
        e.number(
            &f("target"),
            &label("target"),
            opt_num(&old.target),
            opt_num(&kr.target),
            unit,
        );
        e.number(
            &f("baseline"),
            &label("baseline"),
            old.baseline,
            kr.baseline,
            unit,
        );
        e.number(
            &f("current"),
            &label("current value"),
            old.current,
            kr.current,
            unit,
        );
        e.number(
            &f("weight"),
            &label("weight"),
            opt_num(&old.weight),
            opt_num(&kr.weight),
            Measure::Percent,
        );
        e.party(
            &f("owner"),
            &label("owner"),
            opt_str(&old.owner),
            opt_str(&kr.owner),
        );
        let show = |x: Option<&str>| x.map(|id| metric_name(m, id));
        e.text(
            &f("metric"),
            &label("metric"),
            show(opt_str(&old.metric)).as_deref(),
            show(opt_str(&kr.metric)).as_deref(),
        );
        e.text(
            &f("due"),
            &label("due date"),
            opt_str(&old.due),
            opt_str(&kr.due),
        );
        e.text(
            &f("type"),
            &label("type"),
            Some(&words(&old.kind)),
            Some(&words(&kr.kind)),
        );
        e.text(
            &f("direction"),
            &label("direction"),
            old.direction.as_ref().map(words).as_deref(),
            kr.direction.as_ref().map(words).as_deref(),
        );
        e.text(
            &f("last_check_in"),
            &label("last check-in"),
            opt_str(&old.last_check_in),
            opt_str(&kr.last_check_in),
        );
    }
    for old in &b.key_results {
        if !h.key_results.iter().any(|k| k.id.value == old.id.value) {
            let d = format!("key result {} removed", quoted(&old.title));
            e.stake(opt_str(&old.owner));
            let field = format!("key_results[{}]", old.id.value);
            e.push_full(
                &field,
                ChangeType::Changed,
                Some(old.title.value.clone()),
                None,
                d,
                None,
            );
        }
    }
}

fn responsibility(
    m: &Models<'_>,
    b: Option<&Responsibility>,
    h: Option<&Responsibility>,
    out: &mut Vec<Change>,
) {
    let Some(any) = h.or(b) else { return };
    let mut e = Ent::new(m, Kind::Responsibility, &any.id, &any.activity, out);
    for r in b.into_iter().chain(h) {
        e.stake(r.responsible.iter().map(|p| p.value.as_str()));
        e.stake(r.accountable.items().into_iter().map(|p| p.value.as_str()));
    }
    let describe = |r: &Responsibility| {
        let acc: Vec<String> = r
            .accountable
            .items()
            .iter()
            .map(|p| party_name(m, p))
            .collect();
        if acc.is_empty() {
            "nobody accountable".to_string()
        } else {
            format!("{} accountable", list(&acc))
        }
    };
    if let Some((b, h)) = lifecycle(&mut e, b, h, describe) {
        raci_fields(&mut e, b, h);
    }
    e.finish();
}

/// One RACI role's (field, label, base parties, head parties).
type RoleLists<'a> = (&'a str, &'a str, Vec<Spanned<String>>, Vec<Spanned<String>>);
fn raci_fields(e: &mut Ent<'_, '_>, b: &Responsibility, h: &Responsibility) {
    let m = e.m;
    let activity = quoted(&h.activity);
    e.text("activity", "activity", Some(&b.activity), Some(&h.activity));
    e.prose(
        "description",
        "description",
        b.description.as_deref(),
        h.description.as_deref(),
    );
    // R, A, C, I read as "Accountable for "Lead scoring" moved from Sales to Marketing".
    let roles: [RoleLists<'_>; 4] = [
        (
            "accountable",
            "Accountable",
            owned(b.accountable.items()),
            owned(h.accountable.items()),
        ),
        (
            "responsible",
            "Responsible",
            b.responsible.value.clone(),
            h.responsible.value.clone(),
        ),
        (
            "consulted",
            "Consulted",
            b.consulted.clone(),
            h.consulted.clone(),
        ),
        (
            "informed",
            "Informed",
            b.informed.clone(),
            h.informed.clone(),
        ),
    ];
    for (field, role, before, after) in roles {
        let (added, removed) = set_diff(&before, &after);
        if added.is_empty() && removed.is_empty() {
            continue;
        }
        e.stake(added.iter().chain(&removed).map(String::as_str));
        let names = |v: &[String]| v.iter().map(|p| party_name(m, p)).collect::<Vec<_>>();
        let all =
            |v: &[Spanned<String>]| list(&v.iter().map(|p| party_name(m, p)).collect::<Vec<_>>());
        let rest = if added.len() == 1 && removed.len() == 1 {
            format!("moved from {} to {}", names(&removed)[0], names(&added)[0])
        } else {
            change_words("", &names(&added), &names(&removed))
                .trim_start_matches(": ")
                .to_string()
        };
        let detail = format!("{role} {rest}");
        let summary = format!("{role} for {activity} {rest}");
        e.push_full(
            field,
            ChangeType::Changed,
            Some(all(&before)),
            Some(all(&after)),
            detail,
            Some(summary),
        );
    }
    e.party(
        "lead",
        "lead of the Responsible parties",
        opt_str(&b.lead),
        opt_str(&h.lead),
    );
    let hand =
        |r: &Responsibility, f: fn(&Handoff) -> &str| r.handoff.as_ref().map(|x| f(x).to_string());
    let (bf, hf) = (hand(b, |x| &x.from), hand(h, |x| &x.from));
    e.party(
        "handoff.from",
        "hand-off from",
        bf.as_deref(),
        hf.as_deref(),
    );
    let (bt, ht) = (hand(b, |x| &x.to), hand(h, |x| &x.to));
    e.party("handoff.to", "hand-off to", bt.as_deref(), ht.as_deref());
}

fn owned(v: Vec<&Spanned<String>>) -> Vec<Spanned<String>> {
    v.into_iter().cloned().collect()
}

fn incentive(m: &Models<'_>, b: Option<&Incentive>, h: Option<&Incentive>, out: &mut Vec<Change>) {
    let Some(any) = h.or(b) else { return };
    let mut e = Ent::new(m, Kind::Incentive, &any.id, &any.name, out);
    for i in b.into_iter().chain(h) {
        e.stake(i.participants.iter().map(|p| p.value.as_str()));
    }
    let describe = |i: &Incentive| {
        let p: Vec<String> = i.participants.iter().map(|x| party_name(m, x)).collect();
        format!(
            "pays {}, {}",
            list(&p),
            plural(i.components.len(), "component")
        )
    };
    if let Some((b, h)) = lifecycle(&mut e, b, h, describe) {
        incentive_fields(&mut e, b, h);
    }
    e.finish();
}

fn incentive_fields(e: &mut Ent<'_, '_>, b: &Incentive, h: &Incentive) {
    let m = e.m;
    e.text("name", "name", Some(&b.name), Some(&h.name));
    e.prose(
        "description",
        "description",
        b.description.as_deref(),
        h.description.as_deref(),
    );
    e.text("period", "period", Some(&b.period), Some(&h.period));
    e.parties(
        "participants",
        "participants",
        &b.participants,
        &h.participants,
    );
    e.number(
        "variable_pay_share",
        "share of variable pay",
        b.variable_pay_share,
        h.variable_pay_share,
        Measure::Percent,
    );
    for c in &h.components {
        let cid = &c.id.value;
        let f = |x: &str| format!("components[{cid}].{x}");
        let label = |x: &str| format!("component `{cid}` {x}");
        let Some(old) = b.components.iter().find(|o| o.id.value == *cid) else {
            let d = format!(
                "component `{cid}` added (weight {}{})",
                number(c.weight.value, Measure::Percent),
                component_target(m, c)
            );
            e.stake(c.applies_to.iter().map(|p| p.value.as_str()));
            e.push_full(
                &format!("components[{cid}]"),
                ChangeType::Changed,
                None,
                Some(cid.clone()),
                d,
                None,
            );
            continue;
        };
        e.number(
            &f("weight"),
            &label("weight"),
            Some(old.weight.value),
            Some(c.weight.value),
            Measure::Percent,
        );
        e.number(
            &f("threshold"),
            &label("threshold"),
            old.threshold,
            c.threshold,
            Measure::Percent,
        );
        e.number(&f("cap"), &label("cap"), old.cap, c.cap, Measure::Percent);
        let show_goal = |x: Option<&str>| x.map(|id| goal_title(m, id));
        e.text(
            &f("goal"),
            &label("goal"),
            show_goal(opt_str(&old.goal)).as_deref(),
            show_goal(opt_str(&c.goal)).as_deref(),
        );
        let show_metric = |x: Option<&str>| x.map(|id| metric_name(m, id));
        e.text(
            &f("metric"),
            &label("metric"),
            show_metric(opt_str(&old.metric)).as_deref(),
            show_metric(opt_str(&c.metric)).as_deref(),
        );
        let dir = |c: &Component| c.direction.as_ref().map(|d| words(&d.value));
        e.text(
            &f("direction"),
            &label("direction"),
            dir(old).as_deref(),
            dir(c).as_deref(),
        );
        e.parties(
            &f("applies_to"),
            &label("paid to"),
            &old.applies_to,
            &c.applies_to,
        );
        e.items(
            &f("guardrails"),
            &label("guardrails"),
            &strings(&old.guardrails),
            &strings(&c.guardrails),
            |id| metric_name(m, id),
        );
    }
    for old in &b.components {
        let cid = &old.id.value;
        if !h.components.iter().any(|c| c.id.value == *cid) {
            let d = format!(
                "component `{cid}` removed (was weight {})",
                number(old.weight.value, Measure::Percent)
            );
            e.push_full(
                &format!("components[{cid}]"),
                ChangeType::Changed,
                Some(cid.clone()),
                None,
                d,
                None,
            );
        }
    }
    gate(e, b.gate.as_ref(), h.gate.as_ref());
    credit_splits(e, b, h);
}

fn component_target(m: &Models<'_>, c: &Component) -> String {
    match (opt_str(&c.goal), opt_str(&c.metric)) {
        (Some(g), _) => format!(", on goal {}", goal_title(m, g)),
        (None, Some(x)) => format!(", on metric {}", metric_name(m, x)),
        _ => String::new(),
    }
}

fn gate(e: &mut Ent<'_, '_>, b: Option<&Gate>, h: Option<&Gate>) {
    let m = e.m;
    let on = |g: &Gate| match (opt_str(&g.goal), opt_str(&g.metric)) {
        (Some(id), _) => format!("goal {}", goal_title(m, id)),
        (None, Some(id)) => format!("metric {}", metric_name(m, id)),
        _ => "nothing".to_string(),
    };
    match (b, h) {
        (None, None) => {}
        (None, Some(g)) => {
            e.stake(g.applies_to.iter().map(|p| p.value.as_str()));
            let d = format!(
                "payout gate added: {} at {}",
                on(g),
                number(g.min_attainment, Measure::Percent)
            );
            e.push("gate", None, Some(on(g)), d);
        }
        (Some(g), None) => {
            let d = format!(
                "payout gate removed (was {} at {})",
                on(g),
                number(g.min_attainment, Measure::Percent)
            );
            e.push("gate", Some(on(g)), None, d);
        }
        (Some(b), Some(h)) => {
            e.text("gate.target", "payout gate", Some(&on(b)), Some(&on(h)));
            e.number(
                "gate.min_attainment",
                "payout gate minimum attainment",
                Some(b.min_attainment),
                Some(h.min_attainment),
                Measure::Percent,
            );
            e.parties(
                "gate.applies_to",
                "payout gate applies to",
                &b.applies_to,
                &h.applies_to,
            );
        }
    }
}

fn credit_splits(e: &mut Ent<'_, '_>, b: &Incentive, h: &Incentive) {
    let m = e.m;
    let show = |s: &CreditSplit| {
        let parts: Vec<String> = s
            .splits
            .iter()
            .map(|(t, p)| format!("{} {}", party_name(m, t), number(*p, Measure::Percent)))
            .collect();
        let mut out = parts.join(" / ");
        if s.double_credit {
            out.push_str(" (double credit)");
        }
        out
    };
    for s in &h.credit_splits {
        let deal = &s.deal_type.value;
        let field = format!("credit_splits[{deal}]");
        let old = b.credit_splits.iter().find(|o| o.deal_type.value == *deal);
        let (before, after) = (old.map(show), show(s));
        if before.as_deref() == Some(after.as_str()) {
            continue;
        }
        e.stake(s.splits.keys().map(String::as_str));
        let detail = match &before {
            Some(bs) => format!("credit split for {deal} {bs} -> {after}"),
            None => format!("credit split for {deal} added: {after}"),
        };
        e.push(&field, before, Some(after), detail);
    }
    for s in &b.credit_splits {
        let deal = &s.deal_type.value;
        if !h.credit_splits.iter().any(|x| x.deal_type.value == *deal) {
            let detail = format!("credit split for {deal} removed (was {})", show(s));
            e.push(
                &format!("credit_splits[{deal}]"),
                Some(show(s)),
                None,
                detail,
            );
        }
    }
}

fn agreement(m: &Models<'_>, b: Option<&Agreement>, h: Option<&Agreement>, out: &mut Vec<Change>) {
    let Some(any) = h.or(b) else { return };
    let mut e = Ent::new(m, Kind::Agreement, &any.id, &any.name, out);
    for a in b.into_iter().chain(h) {
        e.stake(a.parties.iter().map(|p| p.value.as_str()));
    }
    let describe = |a: &Agreement| {
        let p: Vec<String> = a.parties.iter().map(|x| party_name(m, x)).collect();
        format!("between {}", list(&p))
    };
    if let Some((b, h)) = lifecycle(&mut e, b, h, describe) {
        agreement_fields(&mut e, b, h);
    }
    e.finish();
}

fn agreement_fields(e: &mut Ent<'_, '_>, b: &Agreement, h: &Agreement) {
    let m = e.m;
    e.text("name", "name", Some(&b.name), Some(&h.name));
    e.prose(
        "description",
        "description",
        b.description.as_deref(),
        h.description.as_deref(),
    );
    e.parties("parties", "parties", &b.parties, &h.parties);
    let resp = |x: Option<&str>| {
        x.map(|id| {
            m.head
                .responsibility(id)
                .or_else(|| m.base.responsibility(id))
                .map_or_else(|| format!("`{id}`"), |r| quoted(&r.activity))
        })
    };
    e.text(
        "handoff",
        "hand-off activity",
        resp(opt_str(&b.handoff)).as_deref(),
        resp(opt_str(&h.handoff)).as_deref(),
    );
    let metric = |x: Option<&str>| x.map(|id| metric_name(m, id));
    e.text(
        "stage",
        "stage handed over",
        metric(opt_str(&b.stage)).as_deref(),
        metric(opt_str(&h.stage)).as_deref(),
    );
    commitments(e, &b.commitments, &h.commitments);
    e.prose(
        "return_rule",
        "return rule",
        b.return_rule.as_deref(),
        h.return_rule.as_deref(),
    );
    e.items(
        "disposition_codes",
        "disposition codes",
        &b.disposition_codes,
        &h.disposition_codes,
        |c| format!("`{c}`"),
    );
    e.text(
        "last_reviewed",
        "last reviewed",
        opt_str(&b.last_reviewed),
        opt_str(&h.last_reviewed),
    );
    let days = |x: Option<u32>| x.map(f64::from);
    e.number(
        "review_every_days",
        "review interval",
        days(b.review_every_days),
        days(h.review_every_days),
        Measure::Days,
    );
}

fn commitments(e: &mut Ent<'_, '_>, b: &[Commitment], h: &[Commitment]) {
    let m = e.m;
    let (bk, hk) = (keyed(b), keyed(h));
    for (k, c) in &hk {
        let team = party_name(m, &k.0);
        let f = |x: &str| format!("commitments[{}].{x}", k.0);
        let Some((_, old)) = bk.iter().find(|(bkey, _)| bkey == k) else {
            e.stake([k.0.as_str()]);
            let d = format!("commitment of {team} added: {}", c.summary);
            e.push(
                &format!("commitments[{}]", k.0),
                None,
                Some(c.summary.clone()),
                d,
            );
            continue;
        };
        let per = |v: &Option<Volume>| v.as_ref().map(|v| v.per);
        let vol = |v: &Option<Volume>| v.as_ref().map(|v| v.amount.value);
        e.number(
            &f("response_time_hours"),
            &format!("{team} first response within"),
            opt_num(&old.response_time_hours),
            opt_num(&c.response_time_hours),
            Measure::Hours,
        );
        for (field, what, ov, nv) in [
            ("volume", "delivers", &old.volume, &c.volume),
            ("capacity", "can absorb", &old.capacity, &c.capacity),
        ] {
            if per(ov) == per(nv) {
                let unit = per(nv).map_or(String::new(), |p| format!(" per {}", words(&p)));
                let label = format!("{team} {what}");
                let before_len = e.out.len();
                e.number(&f(field), &label, vol(ov), vol(nv), Measure::Plain);
                if e.out.len() > before_len
                    && !unit.is_empty()
                    && let Some(last) = e.out.last_mut()
                {
                    last.detail = volume_words(&last.detail, &unit, vol(ov), vol(nv));
                    last.summary = format!("{}: {}", e.label, last.detail);
                }
            } else {
                let show = |v: &Option<Volume>| {
                    v.as_ref().map(|v| {
                        format!(
                            "{} per {}",
                            number(v.amount.value, Measure::Plain),
                            words(&v.per)
                        )
                    })
                };
                e.text(
                    &f(field),
                    &format!("{team} {what}"),
                    show(ov).as_deref(),
                    show(nv).as_deref(),
                );
            }
        }
        let attempts = |x: Option<u32>| x.map(f64::from);
        e.number(
            &f("contact_attempts"),
            &format!("{team} contact attempts"),
            attempts(old.contact_attempts),
            attempts(c.contact_attempts),
            Measure::Plain,
        );
        if old.summary.trim() != c.summary.trim() {
            let d = format!("commitment of {team} reworded: {}", c.summary.trim());
            e.push(
                &f("summary"),
                Some(old.summary.clone()),
                Some(c.summary.clone()),
                d,
            );
        }
    }
    for (k, old) in &bk {
        if !hk.iter().any(|(hkey, _)| hkey == k) {
            e.stake([k.0.as_str()]);
            let d = format!(
                "commitment of {} removed (was: {})",
                party_name(m, &k.0),
                old.summary.trim()
            );
            e.push(
                &format!("commitments[{}]", k.0),
                Some(old.summary.clone()),
                None,
                d,
            );
        }
    }
}

/// Commitments keyed by team and, when a team has several, by their order.
fn keyed(v: &[Commitment]) -> Vec<((String, usize), &Commitment)> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    v.iter()
        .map(|c| {
            let n = seen.entry(c.team.value.clone()).or_insert(0);
            *n += 1;
            ((c.team.value.clone(), *n), c)
        })
        .collect()
}

/// Puts the period after each number: "500 -> 400 (-20 %)" -> "500 per month -> 400 per month (-20 %)".
fn volume_words(detail: &str, unit: &str, b: Option<f64>, a: Option<f64>) -> String {
    let (label_and_numbers, rel) = match detail.rfind(" (") {
        Some(i) if b.is_some() && a.is_some() => (&detail[..i], &detail[i..]),
        _ => (detail, ""),
    };
    let with = label_and_numbers
        .split(" -> ")
        .map(|part| format!("{part}{unit}"))
        .collect::<Vec<_>>()
        .join(" -> ");
    let with = with.replace(&format!("){unit}"), &format!("{unit})"));
    format!("{with}{rel}")
}

fn ritual(m: &Models<'_>, b: Option<&Ritual>, h: Option<&Ritual>, out: &mut Vec<Change>) {
    let Some(any) = h.or(b) else { return };
    let mut e = Ent::new(m, Kind::Ritual, &any.id, &any.name, out);
    for r in b.into_iter().chain(h) {
        e.stake(r.participants.iter().map(|p| p.value.as_str()));
    }
    let describe = |r: &Ritual| {
        let p: Vec<String> = r.participants.iter().map(|x| party_name(m, x)).collect();
        format!("{}, with {}", words(&r.cadence.value), list(&p))
    };
    if let Some((b, h)) = lifecycle(&mut e, b, h, describe) {
        ritual_fields(&mut e, b, h);
    }
    e.finish();
}

fn ritual_fields(e: &mut Ent<'_, '_>, b: &Ritual, h: &Ritual) {
    let m = e.m;
    e.text("name", "name", Some(&b.name), Some(&h.name));
    e.prose(
        "description",
        "description",
        b.description.as_deref(),
        h.description.as_deref(),
    );
    e.text(
        "cadence",
        "cadence",
        Some(&words(&b.cadence.value)),
        Some(&words(&h.cadence.value)),
    );
    e.text("day", "day", b.day.as_deref(), h.day.as_deref());
    e.text("time", "time", b.time.as_deref(), h.time.as_deref());
    e.text(
        "timezone",
        "time zone",
        b.timezone.as_deref(),
        h.timezone.as_deref(),
    );
    let mins = |x: Option<u32>| x.map(f64::from);
    e.number(
        "duration_minutes",
        "length",
        mins(b.duration_minutes),
        mins(h.duration_minutes),
        Measure::Minutes,
    );
    e.text(
        "started_on",
        "first meeting",
        opt_str(&b.started_on),
        opt_str(&h.started_on),
    );
    e.party("dri", "DRI", Some(&b.dri), Some(&h.dri));
    e.parties(
        "participants",
        "participants",
        &b.participants,
        &h.participants,
    );
    e.items(
        "goals",
        "goals reviewed",
        &strings(&b.goals),
        &strings(&h.goals),
        |id| goal_title(m, id),
    );
    e.items(
        "agreements",
        "agreements reviewed",
        &strings(&b.agreements),
        &strings(&h.agreements),
        |id| agreement_name(m, id),
    );
    e.text(
        "channel",
        "channel",
        b.channel.as_deref(),
        h.channel.as_deref(),
    );
}

fn metric(m: &Models<'_>, b: Option<&Metric>, h: Option<&Metric>, out: &mut Vec<Change>) {
    let Some(any) = h.or(b) else { return };
    let mut e = Ent::new(m, Kind::Metric, &any.id, &any.name, out);
    for x in b.into_iter().chain(h) {
        e.stake([x.owner.value.as_str()]);
        e.stake(x.approved_by.iter().map(|p| p.value.as_str()));
    }
    let describe = |x: &Metric| format!("owned by {}", party_name(m, &x.owner));
    if let Some((b, h)) = lifecycle(&mut e, b, h, describe) {
        metric_fields(&mut e, b, h);
    }
    e.finish();
}

fn metric_fields(e: &mut Ent<'_, '_>, b: &Metric, h: &Metric) {
    let m = e.m;
    e.text("name", "name", Some(&b.name), Some(&h.name));
    e.items(
        "aliases",
        "aliases",
        &strings(&b.aliases),
        &strings(&h.aliases),
        quoted,
    );
    if b.definition.value.trim() != h.definition.value.trim() {
        let (goals, incentives, teams) = users_of(m, &h.id);
        e.stake(teams.iter().map(String::as_str));
        let mut uses = Vec::new();
        if !goals.is_empty() {
            let noun = if goals.len() == 1 { "goal" } else { "goals" };
            uses.push(format!("{noun} {}", list(&goals)));
        }
        if !incentives.is_empty() {
            let noun = if incentives.len() == 1 {
                "incentive"
            } else {
                "incentives"
            };
            uses.push(format!("{noun} {}", list(&incentives)));
        }
        let detail = if uses.is_empty() {
            "definition changed; no goal or incentive uses it".to_string()
        } else {
            format!("definition changed; used by {}", uses.join(" and "))
        };
        e.push(
            "definition",
            Some(b.definition.value.clone()),
            Some(h.definition.value.clone()),
            detail,
        );
    }
    e.text("unit", "unit", Some(&words(&b.unit)), Some(&words(&h.unit)));
    e.text(
        "currency",
        "currency",
        b.currency.as_deref(),
        h.currency.as_deref(),
    );
    e.text(
        "direction",
        "direction",
        Some(&words(&b.direction)),
        Some(&words(&h.direction)),
    );
    e.text(
        "category",
        "category",
        Some(&words(&b.category)),
        Some(&words(&h.category)),
    );
    e.party("owner", "owner", Some(&b.owner), Some(&h.owner));
    e.parties("approved_by", "approved by", &b.approved_by, &h.approved_by);
    e.prose("source", "source", b.source.as_deref(), h.source.as_deref());
    e.prose(
        "formula",
        "formula",
        b.formula.as_deref(),
        h.formula.as_deref(),
    );
    stage(e, b.stage.as_ref(), h.stage.as_ref());
}

/// Titles of the goals and names of the incentives that use a metric, and their teams.
fn users_of(m: &Models<'_>, metric: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let model = m.head;
    let mut teams = Vec::new();
    let mut goal_ids = Vec::new();
    let mut goals = Vec::new();
    for g in &model.goals {
        let uses = opt_str(&g.metric) == Some(metric)
            || g.key_results
                .iter()
                .any(|k| opt_str(&k.metric) == Some(metric));
        if uses {
            goals.push(quoted(&g.title));
            goal_ids.push(g.id.value.as_str());
            teams.extend(g.owners.iter().map(|o| o.value.clone()));
        }
    }
    let mut incentives = Vec::new();
    for i in &model.incentives {
        let uses = i.components.iter().any(|c| {
            opt_str(&c.metric) == Some(metric)
                || c.guardrails.iter().any(|g| g.value == metric)
                || opt_str(&c.goal).is_some_and(|g| goal_ids.contains(&g))
        }) || i.gate.as_ref().is_some_and(|g| {
            opt_str(&g.metric) == Some(metric)
                || opt_str(&g.goal).is_some_and(|x| goal_ids.contains(&x))
        });
        if uses {
            incentives.push(quoted(&i.name));
            teams.extend(i.participants.iter().map(|p| p.value.clone()));
        }
    }
    (goals, incentives, teams)
}

fn stage(e: &mut Ent<'_, '_>, b: Option<&Stage>, h: Option<&Stage>) {
    let m = e.m;
    match (b, h) {
        (None, None) => {}
        (None, Some(s)) => {
            e.stake([s.owner.value.as_str()]);
            let d = format!("now funnel stage {} of `{}`", s.order.value, s.funnel.value);
            e.push("stage", None, Some(s.funnel.value.clone()), d);
        }
        (Some(s), None) => {
            e.stake([s.owner.value.as_str()]);
            let d = format!(
                "no longer a funnel stage (was stage {} of `{}`)",
                s.order.value, s.funnel.value
            );
            e.push("stage", Some(s.funnel.value.clone()), None, d);
        }
        (Some(b), Some(h)) => {
            e.text("stage.funnel", "funnel", Some(&b.funnel), Some(&h.funnel));
            let ord = |s: &Stage| Some(f64::from(s.order.value));
            e.number("stage.order", "stage order", ord(b), ord(h), Measure::Plain);
            e.party("stage.owner", "stage owner", Some(&b.owner), Some(&h.owner));
            e.number(
                "stage.score_threshold",
                "score threshold",
                b.score_threshold,
                h.score_threshold,
                Measure::Plain,
            );
            e.items(
                "stage.entry_criteria",
                "entry criteria",
                &b.entry_criteria,
                &h.entry_criteria,
                quoted,
            );
            e.items(
                "stage.exits_to",
                "exits to",
                &strings(&b.exits_to),
                &strings(&h.exits_to),
                |id| {
                    if m.head.metric(id).is_some() || m.base.metric(id).is_some() {
                        metric_name(m, id)
                    } else {
                        format!("`{id}`")
                    }
                },
            );
        }
    }
}

fn team(m: &Models<'_>, b: Option<&Team>, h: Option<&Team>, out: &mut Vec<Change>) {
    let Some(any) = h.or(b) else { return };
    let mut e = Ent::new(m, Kind::Team, &any.id, &any.name, out);
    e.teams.insert(any.id.value.clone());
    let describe = |t: &Team| {
        let leads: Vec<String> = t.leads.iter().map(|l| l.value.clone()).collect();
        if leads.is_empty() {
            plural(t.members.len(), "member")
        } else {
            format!(
                "led by {}, {}",
                list(&leads),
                plural(t.members.len(), "member")
            )
        }
    };
    if let Some((b, h)) = lifecycle(&mut e, b, h, describe) {
        team_fields(&mut e, b, h);
    }
    e.finish();
}

fn team_fields(e: &mut Ent<'_, '_>, b: &Team, h: &Team) {
    e.text("name", "name", Some(&b.name), Some(&h.name));
    e.prose(
        "description",
        "description",
        b.description.as_deref(),
        h.description.as_deref(),
    );
    e.items(
        "leads",
        "leads",
        &strings(&b.leads),
        &strings(&h.leads),
        str::to_string,
    );
    let member = |t: &Team| {
        t.members
            .iter()
            .map(|x| format!("@{} ({})", x.github.value, x.name.value))
            .collect::<Vec<_>>()
    };
    let handle = |s: &str| s.split(' ').next().unwrap_or(s).to_ascii_lowercase();
    let (bm, hm) = (member(b), member(h));
    let joined: Vec<String> = hm
        .iter()
        .filter(|x| !bm.iter().any(|y| handle(y) == handle(x)))
        .cloned()
        .collect();
    let left: Vec<String> = bm
        .iter()
        .filter(|x| !hm.iter().any(|y| handle(y) == handle(x)))
        .cloned()
        .collect();
    if !joined.is_empty() || !left.is_empty() {
        let mut parts = Vec::new();
        if !joined.is_empty() {
            parts.push(format!("{} joined", list(&joined)));
        }
        if !left.is_empty() {
            parts.push(format!("{} left", list(&left)));
        }
        let detail = format!("members: {}", parts.join(", "));
        e.push(
            "members",
            Some(plural(bm.len(), "member")),
            Some(plural(hm.len(), "member")),
            detail,
        );
    }
    let channel = |t: &Team| {
        t.channels
            .iter()
            .map(|c| {
                if c.open.value {
                    c.name.clone()
                } else {
                    format!("{} (private)", c.name)
                }
            })
            .collect::<Vec<_>>()
    };
    e.items(
        "channels",
        "channels",
        &channel(b),
        &channel(h),
        str::to_string,
    );
    e.items("paths", "paths", &b.paths, &h.paths, |p| format!("`{p}`"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_wording_puts_the_period_after_each_number() {
        assert_eq!(
            volume_words(
                "Marketing delivers 500 -> 400 (-20 %)",
                " per month",
                Some(500.0),
                Some(400.0)
            ),
            "Marketing delivers 500 per month -> 400 per month (-20 %)"
        );
        assert_eq!(
            volume_words(
                "Sales can absorb set to 600",
                " per month",
                None,
                Some(600.0)
            ),
            "Sales can absorb set to 600 per month"
        );
    }

    #[test]
    fn list_changes_name_both_sides() {
        assert_eq!(
            change_words("owners", &["SDR".into()], &["Marketing".into()]),
            "owners: SDR added, Marketing removed"
        );
        assert_eq!(
            change_words("leads", &["@a".into(), "@b".into()], &[]),
            "leads: @a and @b added"
        );
    }

    #[test]
    fn progress_fields_need_no_approval() {
        assert!(is_progress("current"));
        assert!(is_progress("key_results[x].last_check_in"));
        assert!(!is_progress("target"));
    }
}
