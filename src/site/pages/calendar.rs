//! The meeting calendar: the typical week on the first calendar page, and the
//! `.ics` feeds (one per ritual and `calendar/all.ics`), built from one event
//! per ritual.

use serde::Serialize;

use crate::model::Kind;
use crate::site::ics;
use crate::site::view::{self, Ctx, Ref, slug};

#[derive(Serialize)]
struct Slot {
    ritual: Ref,
    time: Option<String>,
    /// How often, when it is not every week ("every other week", "monthly").
    often: Option<&'static str>,
}

#[derive(Serialize)]
pub(super) struct Day {
    name: &'static str,
    slots: Vec<Slot>,
}

/// Most meetings shown in the week view.
const WEEK_MAX: usize = 200;

pub(super) fn week(ctx: &Ctx<'_>) -> Vec<Day> {
    use crate::model::Cadence;
    let mut days: Vec<Day> = (0..7)
        .map(|d| Day {
            name: ics::weekday_name(d),
            slots: Vec::new(),
        })
        .collect();
    let mut shown = 0;
    for r in &ctx.model.rituals {
        let s = ics::schedule(r, ctx.today);
        // A meeting that is not weekly shows on its weekday, saying how often.
        let (on, often): (Vec<u32>, _) = match s.cadence {
            Cadence::Daily => ((0..5).collect(), None),
            Cadence::Weekly => (vec![s.weekday], None),
            Cadence::Biweekly => (vec![s.weekday], Some("every other week")),
            Cadence::Monthly => (vec![s.weekday], Some("monthly")),
            Cadence::Quarterly => (vec![s.weekday], Some("quarterly")),
        };
        for d in on {
            if shown >= WEEK_MAX {
                break;
            }
            shown += 1;
            days[d as usize].slots.push(Slot {
                ritual: Ref {
                    label: r.name.value.clone(),
                    url: ctx.url(Kind::Ritual, &r.id),
                },
                time: s.time.map(|(h, m)| format!("{h:02}:{m:02}")),
                often,
            });
        }
    }
    for d in &mut days {
        d.slots.sort_by(|a, b| a.time.cmp(&b.time));
    }
    // Weekends only when something happens then.
    days.into_iter()
        .enumerate()
        .filter(|(i, d)| *i < 5 || !d.slots.is_empty())
        .map(|(_, d)| d)
        .collect()
}

/// The calendar event of a ritual (its `VEVENT`), made once and used in the
/// ritual's own feed and in `calendar/all.ics`.
pub fn ritual_event(ctx: &Ctx<'_>, r: &crate::model::Ritual) -> ics::Event {
    let org = ctx.config.org.value.as_str();
    let base = ctx.config.site.base_url.as_deref().and_then(view::safe_url);
    let s = ics::schedule(r, ctx.today);
    let mut desc = String::new();
    match &r.description {
        // Too long for the playbook (`check` reports it): not copied into calendars.
        Some(d) if d.len() > crate::load::MAX_MARKDOWN_BYTES => {
            desc.push_str("(The description is too long to show; see the ritual's file.)\n\n");
        }
        Some(d) => {
            desc.push_str(d.trim());
            desc.push_str("\n\n");
        }
        None => {}
    }
    desc.push_str(&format!("Run by: {}\n", ctx.party(&r.dri).label));
    let names: Vec<String> = r.participants.iter().map(|p| ctx.party(p).label).collect();
    desc.push_str(&format!("Participants: {}\n", names.join(", ")));
    if !r.goals.is_empty() {
        let g: Vec<String> = r.goals.iter().map(|g| ctx.goal_ref(g).label).collect();
        desc.push_str(&format!("Goals reviewed: {}\n", g.join("; ")));
    }
    let text = ics::EventText {
        uid: format!(
            "ritual-{}@{}.accordant",
            slug(&r.id),
            slug(&org.to_lowercase())
        ),
        summary: &r.name,
        description: desc.trim_end().to_string(),
        location: r.channel.as_deref(),
        url: base.as_ref().and_then(|b| {
            ctx.url(Kind::Ritual, &r.id)
                .map(|u| format!("{}/{u}", b.trim_end_matches('/')))
        }),
    };
    ics::event(&s, &text, ctx.today)
}

/// The `.ics` feed of one ritual, or of all (`None`), from the events of
/// [`ritual_event`] (one per ritual, in model order).
pub fn calendar_feed(ctx: &Ctx<'_>, events: &[ics::Event], which: Option<usize>) -> String {
    let org = ctx.config.org.value.as_str();
    match which {
        Some(i) => {
            let name = format!("{} ({org})", ctx.model.rituals[i].name.value);
            ics::calendar(&name, &events[i..=i].iter().collect::<Vec<_>>())
        }
        None => ics::calendar(
            &format!("{org} meetings"),
            &events.iter().collect::<Vec<_>>(),
        ),
    }
}
