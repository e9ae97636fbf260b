//! Rituals (recurring meetings): when they happen in words, who runs and
//! attends them, what they review, and their calendar feed.

use serde::Serialize;

use super::{Ctx, Party, Ref, Src, safe_url, slug};
use crate::model::{Kind, Ritual};
use crate::site::ics;

/// A recurring meeting.
#[derive(Clone, Debug, Serialize)]
pub struct RitualView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub description: Option<String>,
    pub cadence: String,
    pub when: String,
    pub weekday: u32,
    pub time: Option<String>,
    pub dri: Party,
    pub participants: Vec<Party>,
    pub goals: Vec<Ref>,
    pub agreements: Vec<Ref>,
    pub channel: Option<String>,
    pub channel_url: Option<String>,
    pub ics: Option<String>,
    pub next: Option<String>,
    pub findings: Vec<String>,
    /// The document has load or schema errors: some of its values are left out.
    pub has_errors: bool,
    pub src: Src,
}

/// The cadence in words: "Every Monday", "Every other Tuesday".
fn cadence(s: &ics::Schedule) -> String {
    let day = ics::weekday_name(s.weekday);
    match s.cadence {
        crate::model::Cadence::Daily => "Every day".to_string(),
        crate::model::Cadence::Weekly => format!("Every {day}"),
        crate::model::Cadence::Biweekly => format!("Every other {day}"),
        crate::model::Cadence::Monthly => format!("Monthly, on a {day}"),
        crate::model::Cadence::Quarterly => format!("Quarterly, on a {day}"),
    }
}

/// When a meeting happens, in words: "Every Monday at 09:30 (Europe/Paris),
/// 45 minutes".
pub fn when(s: &ics::Schedule, duration_minutes: Option<u32>) -> String {
    let mut when = cadence(s);
    if let Some((h, m)) = s.time {
        when.push_str(&format!(" at {h:02}:{m:02}"));
        if let Some(tz) = &s.timezone {
            when.push_str(&format!(" ({tz})"));
        }
    }
    if let Some(d) = duration_minutes {
        when.push_str(&format!(", {d} minutes"));
    }
    when
}

impl Ctx<'_> {
    /// The view of a ritual.
    pub fn ritual(&self, r: &Ritual) -> RitualView {
        let s = ics::schedule(r, self.today);
        let cadence = cadence(&s);
        let time = s.time.map(|(h, m)| format!("{h:02}:{m:02}"));
        let when = when(&s, r.duration_minutes);
        let next = ics::next_occurrence(&s, self.today)
            .map(|d| format!("{} {}", ics::weekday_name(d.weekday()), d));
        RitualView {
            id: r.id.value.clone(),
            anchor: format!("ritual-{}", slug(&r.id)),
            name: r.name.value.clone(),
            description: r.description.clone(),
            cadence,
            when,
            weekday: s.weekday,
            time,
            dri: self.party(&r.dri),
            participants: self.parties(r.participants.iter()),
            goals: r.goals.iter().map(|g| self.goal_ref(g)).collect(),
            agreements: r
                .agreements
                .iter()
                .map(|a| {
                    let label = self
                        .agreement_by_id(a)
                        .map_or_else(|| a.value.clone(), |x| x.name.value.clone());
                    self.ref_of(Kind::Agreement, a, &label)
                })
                .collect(),
            channel_url: r.channel.as_deref().and_then(safe_url),
            channel: r.channel.clone(),
            ics: self.ics.get(r.id.as_str()).cloned(),
            next,
            has_errors: r.loc.has_errors,
            findings: self
                .findings_of(Kind::Ritual, &r.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&r.loc),
        }
    }
}
