//! Which rituals review a shared goal or an agreement, and whether all of its teams
//! are in the room: the common ground of T801, T802 and T803.

use crate::diag::Label;
use crate::model::de::Spanned;
use crate::model::{Goal, Kind, Model, Ritual};
use crate::rules::shared;
use crate::source::FileId;

/// Something that needs a joint review: a shared goal or an agreement.
pub(crate) struct Subject<'a> {
    pub kind: Kind,
    pub id: &'a Spanned<String>,
    pub file: FileId,
    /// The teams that must attend (owner teams or parties), resolved.
    pub teams: Vec<&'a str>,
}

impl Subject<'_> {
    /// The finding key, e.g. `goal:pipeline-q1`.
    pub fn key(&self) -> String {
        self.kind.key(self.id)
    }

    /// "shared goal `x`" or "agreement `x`".
    pub fn describe(&self) -> String {
        match self.kind {
            Kind::Goal => format!("Shared goal `{}`", self.id.value),
            _ => format!("Agreement `{}`", self.id.value),
        }
    }

    /// The ritual field that lists subjects of this kind.
    pub fn field(&self) -> &'static str {
        match self.kind {
            Kind::Goal => "goals",
            _ => "agreements",
        }
    }

    /// A label on the subject's id.
    pub fn label(&self, text: impl Into<String>) -> Label {
        Label::new(self.file, self.id.span, text)
    }
}

/// A ritual that lists a subject.
pub(crate) struct Review<'a> {
    pub ritual: &'a Ritual,
    /// The entry in the ritual's `goals` or `agreements`.
    pub entry: &'a Spanned<String>,
    /// Subject teams not among the ritual's participants.
    pub missing: Vec<&'a str>,
}

/// Shared goals (two or more distinct owner teams) and every agreement.
pub(crate) fn subjects(model: &Model) -> Vec<Subject<'_>> {
    let mut out: Vec<Subject<'_>> = model
        .goals
        .iter()
        .filter_map(|g| shared(model, g))
        .collect();
    out.extend(model.agreements.iter().map(|a| {
        Subject {
            kind: Kind::Agreement,
            id: &a.id,
            file: a.loc.file,
            teams: shared::teams_of(model, &a.parties)
                .into_iter()
                .map(|(t, _)| t)
                .collect(),
        }
    }));
    out
}

/// A goal as a subject, when two or more teams own it.
fn shared<'a>(model: &'a Model, g: &'a Goal) -> Option<Subject<'a>> {
    let teams: Vec<&str> = shared::teams_of(model, &g.owners)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    (teams.len() >= 2).then_some(Subject {
        kind: Kind::Goal,
        id: &g.id,
        file: g.loc.file,
        teams,
    })
}

/// Every ritual that lists the subject, with the subject teams it lacks.
pub(crate) fn reviews<'a>(model: &'a Model, s: &Subject<'a>) -> Vec<Review<'a>> {
    let mut out = Vec::new();
    for r in model.rituals_reviewing(s.kind, &s.id.value) {
        let list = match s.kind {
            Kind::Goal => &r.goals,
            _ => &r.agreements,
        };
        let Some(entry) = list.iter().find(|e| e.value == s.id.value) else {
            continue;
        };
        let present = shared::teams_of(model, &r.participants);
        let missing = s
            .teams
            .iter()
            .copied()
            .filter(|t| !present.iter().any(|(p, _)| p == t))
            .collect();
        out.push(Review {
            ritual: r,
            entry,
            missing,
        });
    }
    out
}

/// A ritual whose participants include all the subject's teams, for the help text.
pub(crate) fn joint_ritual<'a>(model: &'a Model, s: &Subject<'_>) -> Option<&'a Ritual> {
    let Some(first) = s.teams.first() else {
        return model.rituals.first();
    };
    // A joint ritual is attended by every subject team, the first one included.
    model.rituals_attended_by(first).find(|r| {
        let present = shared::teams_of(model, &r.participants);
        s.teams.iter().all(|t| present.iter().any(|(p, _)| p == t))
    })
}

/// The finding of T801/T802 for a subject no joint ritual reviews, if any.
pub(crate) fn unreviewed(
    meta: &'static crate::rules::RuleMeta,
    model: &Model,
    s: &Subject<'_>,
) -> Option<crate::diag::Diagnostic> {
    let reviews = reviews(model, s);
    if reviews.iter().any(|r| r.missing.is_empty()) {
        return None;
    }
    let teams = shared::list(&s.teams);
    let message = if reviews.is_empty() {
        format!("{} is not reviewed in any ritual", s.describe())
    } else {
        format!(
            "{} is not reviewed in any ritual that all of its teams ({teams}) attend",
            s.describe()
        )
    };
    let mut d =
        crate::diag::Diagnostic::new(meta, s.label("needs a joint review"), message, s.key(), "");
    for r in &reviews {
        d = d.with_label(Label::new(
            r.ritual.loc.file,
            r.entry.span,
            format!(
                "reviewed in `{}`, but without {}",
                r.ritual.id.value,
                shared::list(&r.missing)
            ),
        ));
    }
    let help = match joint_ritual(model, s) {
        Some(r) => format!(
            "add `{}` to the `{}` of ritual `{}`, which {teams} already attend",
            s.id.value,
            s.field(),
            r.id.value
        ),
        None => format!(
            "review it in a recurring meeting of {teams}: a Ritual with `participants: [{}]` and \
             `{}: [{}]`",
            s.teams.join(", "),
            s.field(),
            s.id.value
        ),
    };
    Some(d.with_help(help))
}
