//! Agreements between teams: each side's commitments in words, the hand-off,
//! and when the agreement is next due for review.

use serde::Serialize;

use super::{Ctx, Party, Ref, Src, fmt_num, slug};
use crate::date::Date;
use crate::model::{Agreement, Kind};

/// What one side promises.
#[derive(Clone, Debug, Serialize)]
pub struct CommitmentView {
    pub team: Party,
    pub summary: String,
    pub details: Vec<String>,
}

/// An agreement between teams.
#[derive(Clone, Debug, Serialize)]
pub struct AgreementView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub description: Option<String>,
    pub parties: Vec<Party>,
    pub handoff: Option<Ref>,
    pub stage: Option<Ref>,
    pub commitments: Vec<CommitmentView>,
    pub return_rule: Option<String>,
    pub disposition_codes: Vec<String>,
    pub last_reviewed: Option<String>,
    pub next_review: Option<String>,
    pub review_overdue: bool,
    pub reviewed_in: Vec<Ref>,
    pub findings: Vec<String>,
    /// The document has load or schema errors: some of its values are left out.
    pub has_errors: bool,
    pub src: Src,
}

fn per_word(p: crate::model::Per) -> &'static str {
    match p {
        crate::model::Per::Day => "a day",
        crate::model::Per::Week => "a week",
        crate::model::Per::Month => "a month",
        crate::model::Per::Quarter => "a quarter",
    }
}

impl Ctx<'_> {
    fn volume(&self, what: &str, v: &crate::model::Volume) -> String {
        let metric = v
            .metric
            .as_ref()
            .map(|m| format!(" {}", self.metric_ref(m).label))
            .unwrap_or_default();
        format!(
            "{what} {}{metric} {}",
            fmt_num(v.amount.value),
            per_word(v.per)
        )
    }

    /// When an agreement is next due for review, and whether that is past.
    pub fn next_review(&self, a: &Agreement) -> (Option<Date>, bool) {
        let every = a
            .review_every_days
            .unwrap_or(self.config.limits.agreement_review_days);
        let last = a.last_reviewed.as_ref().and_then(|d| Date::parse(d));
        let next = last.map(|d| d.add_days(i64::from(every)));
        (next, next.is_some_and(|d| d < self.today))
    }

    /// The view of an agreement.
    pub fn agreement(&self, a: &Agreement) -> AgreementView {
        let commitments = a
            .commitments
            .iter()
            .map(|c| {
                let mut details = Vec::new();
                if let Some(v) = &c.volume {
                    details.push(self.volume("Delivers", v));
                }
                if let Some(v) = &c.capacity {
                    details.push(self.volume("Can take up to", v));
                }
                if let Some(h) = &c.response_time_hours {
                    details.push(format!("First response within {} hours", fmt_num(h.value)));
                }
                if let Some(n) = c.contact_attempts {
                    details.push(format!("At least {n} contact attempts"));
                }
                CommitmentView {
                    team: self.party(&c.team),
                    summary: c.summary.clone(),
                    details,
                }
            })
            .collect();
        let (next, review_overdue) = self.next_review(a);
        AgreementView {
            id: a.id.value.clone(),
            anchor: format!("agreement-{}", slug(&a.id)),
            name: a.name.value.clone(),
            description: a.description.clone(),
            parties: self.parties(a.parties.iter()),
            handoff: a.handoff.as_ref().map(|h| {
                let label = self
                    .responsibility_by_id(h)
                    .map_or_else(|| h.value.clone(), |r| r.activity.value.clone());
                self.ref_of(Kind::Responsibility, h, &label)
            }),
            stage: a.stage.as_ref().map(|s| self.metric_ref(s)),
            commitments,
            return_rule: a.return_rule.clone(),
            disposition_codes: a.disposition_codes.clone(),
            last_reviewed: a.last_reviewed.as_ref().map(|d| d.value.clone()),
            next_review: next.map(|d| d.to_string()),
            review_overdue,
            reviewed_in: self.rituals_ref(self.agreement_rituals.get(a.id.as_str())),
            has_errors: a.loc.has_errors,
            findings: self
                .findings_of(Kind::Agreement, &a.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&a.loc),
        }
    }
}
