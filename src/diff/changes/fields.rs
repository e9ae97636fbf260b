//! One entity's changes in words: [`Ent`] collects them, one method per shape of
//! field (text, long text, number, party, list), so that every kind words the
//! same shape of change the same way.

use std::collections::BTreeSet;

use super::{Change, ChangeType, Doc, Models, party_name, strings, team_id};
use crate::diff::words::{Measure, list, number, number_pair, quoted, relative};
use crate::model::de::Spanned;
use crate::model::{Kind, Unit};

/// Collects the changes of one entity.
pub(super) struct Ent<'a, 'm> {
    pub(super) m: &'a Models<'m>,
    kind: Kind,
    id: String,
    title: String,
    /// How the entity is named in a summary: `Goal "Pipeline"`.
    pub(super) label: String,
    teams: BTreeSet<String>,
    pub(super) out: &'a mut Vec<Change>,
}

/// A list's change in words: the items added and removed, and the whole list
/// before and after.
pub(super) struct ListDiff {
    pub(super) added: Vec<String>,
    pub(super) removed: Vec<String>,
    pub(super) before: String,
    pub(super) after: String,
}

impl<'a, 'm> Ent<'a, 'm> {
    pub(super) fn new(
        m: &'a Models<'m>,
        kind: Kind,
        id: &str,
        title: &str,
        out: &'a mut Vec<Change>,
    ) -> Self {
        Ent {
            m,
            kind,
            id: id.to_string(),
            title: title.to_string(),
            label: format!("{} {}", kind.as_str(), quoted(title)),
            teams: BTreeSet::new(),
            out,
        }
    }

    /// Adds the teams behind these parties (team ids or `@people`) as stakeholders.
    pub(super) fn stake<'s>(&mut self, parties: impl IntoIterator<Item = &'s str>) {
        for p in parties {
            if let Some(t) = team_id(self.m, p) {
                self.teams.insert(t);
            }
        }
    }

    /// Adds a team by id as a stakeholder, as it is (a team is its own stakeholder).
    pub(super) fn stake_team(&mut self, id: &str) {
        self.teams.insert(id.to_string());
    }

    pub(super) fn push_full(
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
        let needs_approval = !progress && change != ChangeType::Moved;
        self.out.push(Change {
            key: self.kind.key(&self.id),
            kind: self.kind,
            id: self.id.clone(),
            title: self.title.clone(),
            field: field.to_string(),
            change,
            before,
            after,
            before_value: None,
            after_value: None,
            summary,
            detail,
            teams: Vec::new(),
            progress,
            needs_approval,
        });
    }

    pub(super) fn push(
        &mut self,
        field: &str,
        before: Option<String>,
        after: Option<String>,
        detail: String,
    ) {
        self.push_full(field, ChangeType::Changed, before, after, detail, None);
    }

    /// An item of a list inside the document (key result, component, commitment)
    /// added, or removed when `added` is false; `value` stands on its side.
    pub(super) fn item(&mut self, field: &str, added: bool, value: String, detail: String) {
        let (before, after) = sides(added, value);
        self.push(field, before, after, detail);
    }

    /// Emits added / removed / moved for a pair; returns both when there is a pair
    /// to compare field by field.
    pub(super) fn lifecycle<'e, T: Doc>(
        &mut self,
        b: Option<&'e T>,
        h: Option<&'e T>,
        describe: impl Fn(&T) -> String,
    ) -> Option<(&'e T, &'e T)> {
        match (b, h) {
            (None, Some(h)) => self.whole(true, describe(h)),
            (Some(b), None) => self.whole(false, describe(b)),
            (Some(b), Some(h)) => {
                let (bf, hf) = (
                    self.m.base_sources.path(b.loc().file),
                    self.m.head_sources.path(h.loc().file),
                );
                if bf != hf {
                    let detail = format!("moved from {bf} to {hf}");
                    let (bf, hf) = (Some(bf.to_string()), Some(hf.to_string()));
                    self.push_full("file", ChangeType::Moved, bf, hf, detail, None);
                }
                return Some((b, h));
            }
            (None, None) => {}
        }
        None
    }

    /// The whole document added, or removed when `added` is false, with what it
    /// is in a few words (`d`).
    fn whole(&mut self, added: bool, d: String) {
        let (change, word, was) = if added {
            (ChangeType::Added, "added", "")
        } else {
            (ChangeType::Removed, "removed", "was ")
        };
        let detail = if d.is_empty() {
            word.to_string()
        } else {
            format!("{word} ({was}{d})")
        };
        let (before, after) = sides(added, d);
        self.push_full("", change, before, after, detail, None);
    }

    /// A text or choice field.
    pub(super) fn text(&mut self, field: &str, label: &str, b: Option<&str>, a: Option<&str>) {
        if b == a {
            return;
        }
        let (b, a) = (b.map(String::from), a.map(String::from));
        self.values(field, label, b, a, "");
    }

    /// A reference to another document, shown by its name through `name`.
    pub(super) fn reference(
        &mut self,
        field: &str,
        label: &str,
        b: Option<&str>,
        a: Option<&str>,
        name: fn(&Models<'_>, &str) -> String,
    ) {
        let m = self.m;
        let show = |x: Option<&str>| x.map(|id| name(m, id));
        self.text(field, label, show(b).as_deref(), show(a).as_deref());
    }

    /// A choice field written as a YAML word (direction, status, unit, ...).
    pub(super) fn choice<T: serde::Serialize>(
        &mut self,
        field: &str,
        label: &str,
        b: Option<&T>,
        a: Option<&T>,
    ) {
        let (b, a) = (b.map(super::words), a.map(super::words));
        self.text(field, label, b.as_deref(), a.as_deref());
    }

    /// A long text whose content is not repeated in the summary.
    pub(super) fn prose(&mut self, field: &str, label: &str, b: Option<&str>, a: Option<&str>) {
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
    pub(super) fn number(
        &mut self,
        field: &str,
        label: &str,
        b: Option<f64>,
        a: Option<f64>,
        m: Measure<'_>,
    ) {
        if b == a {
            return;
        }
        let (bs, as_, rel) = match (b, a) {
            (Some(b), Some(a)) => {
                let (bs, as_) = number_pair(b, a, m);
                // A share already in percent changes by points, not by a ratio.
                let rel = match m {
                    Measure::Percent | Measure::Unit(Unit::Percent, _) => None,
                    _ => relative(b, a),
                }
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
                (Some(bs), Some(as_), rel)
            }
            _ => (
                b.map(|b| number(b, m)),
                a.map(|a| number(a, m)),
                String::new(),
            ),
        };
        let pushed = self.out.len();
        self.values(field, label, bs, as_, &rel);
        if self.out.len() > pushed
            && let Some(last) = self.out.last_mut()
        {
            (last.before_value, last.after_value) = (b, a);
        }
    }

    /// A value in words before and after: "label b -> a{rel}", "label set to a",
    /// "label removed (was b)".
    fn values(
        &mut self,
        field: &str,
        label: &str,
        b: Option<String>,
        a: Option<String>,
        rel: &str,
    ) {
        let both = |b: &str, a: &str| format!("{label} {b} -> {a}{rel}");
        if let Some(detail) = value_words(label, b.as_deref(), a.as_deref(), both) {
            self.push(field, b, a, detail);
        }
    }

    /// A single party (team or `@person`): "moved from Sales to Marketing".
    pub(super) fn party(&mut self, field: &str, label: &str, b: Option<&str>, a: Option<&str>) {
        if b == a {
            return;
        }
        self.stake(b.into_iter().chain(a));
        let [bn, an] = [b, a].map(|x| x.map(|p| party_name(self.m, p)));
        let moved = |b: &str, a: &str| format!("{label} moved from {b} to {a}");
        if let Some(detail) = value_words(label, bn.as_deref(), an.as_deref(), moved) {
            self.push(field, bn, an, detail);
        }
    }

    /// A list of parties: "Sales added, SDR removed".
    pub(super) fn parties(
        &mut self,
        field: &str,
        label: &str,
        b: &[Spanned<String>],
        a: &[Spanned<String>],
    ) {
        if let Some(d) = self.party_diff(&strings(b), &strings(a)) {
            let detail = change_words(label, &d.added, &d.removed);
            self.push(field, Some(d.before), Some(d.after), detail);
        }
    }

    /// The change of a list of parties, named; the parties added or removed become
    /// stakeholders.
    pub(super) fn party_diff(&mut self, b: &[String], a: &[String]) -> Option<ListDiff> {
        let (added, removed) = set_diff(b, a);
        self.stake(added.iter().chain(&removed).map(String::as_str));
        let m = self.m;
        list_diff(b, a, |p| party_name(m, p))
    }

    /// A list of references or words, shown through `show`.
    pub(super) fn items(
        &mut self,
        field: &str,
        label: &str,
        b: &[String],
        a: &[String],
        show: impl Fn(&str) -> String,
    ) {
        if let Some(d) = list_diff(b, a, show) {
            let detail = change_words(label, &d.added, &d.removed);
            self.push(field, Some(d.before), Some(d.after), detail);
        }
    }

    /// Ends the entity: every change gets the entity's stakeholder teams.
    pub(super) fn finish(self) {
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

/// (before, after) with `value` on the after side when `after`, else before.
fn sides(after: bool, value: String) -> (Option<String>, Option<String>) {
    if after {
        (None, Some(value))
    } else {
        (Some(value), None)
    }
}

/// The words for a value before and after: `both` when there are both, else "label
/// set to a" or "label removed (was b)"; `None` when there is neither.
fn value_words(
    label: &str,
    b: Option<&str>,
    a: Option<&str>,
    both: impl FnOnce(&str, &str) -> String,
) -> Option<String> {
    Some(match (b, a) {
        (Some(b), Some(a)) => both(b, a),
        (None, Some(a)) => format!("{label} set to {a}"),
        (Some(b), None) => format!("{label} removed (was {b})"),
        (None, None) => return None,
    })
}

/// What changed from list `b` to list `a`, each item shown through `show`; `None`
/// when no item was added or removed (a new order is no change).
fn list_diff(b: &[String], a: &[String], show: impl Fn(&str) -> String) -> Option<ListDiff> {
    let (added, removed) = set_diff(b, a);
    if added.is_empty() && removed.is_empty() {
        return None;
    }
    let words = |v: &[String]| v.iter().map(|x| show(x)).collect::<Vec<_>>();
    Some(ListDiff {
        added: words(&added),
        removed: words(&removed),
        before: list(&words(b)),
        after: list(&words(a)),
    })
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
pub(super) fn change_words(label: &str, added: &[String], removed: &[String]) -> String {
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("{} added", list(added)));
    }
    if !removed.is_empty() {
        parts.push(format!("{} removed", list(removed)));
    }
    format!("{label}: {}", parts.join(", "))
}

fn set_diff(b: &[String], a: &[String]) -> (Vec<String>, Vec<String>) {
    let added = a.iter().filter(|x| !b.contains(x)).cloned().collect();
    let removed = b.iter().filter(|x| !a.contains(x)).cloned().collect();
    (added, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

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
