//! The home page: the shared goals at a glance, the next meetings, what
//! changed recently and the teams.

use serde::Serialize;

use super::changes::{CommitView, changes};
use crate::model::Kind;
use crate::site::ics;
use crate::site::view::{self, Ctx, Ref};

#[derive(Serialize)]
struct Stat {
    label: &'static str,
    value: usize,
    url: &'static str,
}

fn stat(value: usize, one: &'static str, many: &'static str, url: &'static str) -> Stat {
    Stat {
        label: if value == 1 { one } else { many },
        value,
        url,
    }
}

#[derive(Serialize)]
struct Upcoming {
    date: String,
    ritual: Ref,
    when: String,
}

#[derive(Serialize)]
pub(super) struct HomeData {
    stats: Vec<Stat>,
    shared_goals: Vec<view::GoalView>,
    more_shared: usize,
    teams: Vec<view::TeamView>,
    more_teams: usize,
    upcoming: Vec<Upcoming>,
    recent: Vec<CommitView>,
}

/// Most cards of one kind on the home page.
const HOME_CARDS: usize = 24;

pub(super) fn home(ctx: &Ctx<'_>) -> HomeData {
    let m = ctx.model;
    let shared: Vec<usize> = (0..m.goals.len())
        .filter(|i| m.goals[*i].is_shared())
        .collect();
    let mut upcoming: Vec<(ics::Schedule, &crate::model::Ritual)> = m
        .rituals
        .iter()
        .map(|r| (ics::schedule(r, ctx.today), r))
        .collect();
    let mut next: Vec<(crate::date::Date, &crate::model::Ritual)> = upcoming
        .drain(..)
        .filter_map(|(s, r)| ics::next_occurrence(&s, ctx.today).map(|d| (d, r)))
        .collect();
    next.sort_by_key(|(d, _)| *d);
    HomeData {
        stats: vec![
            stat(m.teams.len(), "team", "teams", "teams.html"),
            stat(shared.len(), "shared goal", "shared goals", "goals.html"),
            stat(
                m.responsibilities.len(),
                "activity with an owner",
                "activities with owners",
                "raci.html",
            ),
            stat(
                m.agreements.len(),
                "agreement",
                "agreements",
                "agreements.html",
            ),
            stat(m.rituals.len(), "meeting", "meetings", "calendar.html"),
            stat(
                m.metrics.len(),
                "metric definition",
                "metric definitions",
                "glossary.html",
            ),
        ],
        shared_goals: shared
            .iter()
            .take(HOME_CARDS)
            .map(|i| ctx.goal(*i, 0))
            .collect(),
        more_shared: shared.len().saturating_sub(HOME_CARDS),
        teams: m
            .teams
            .iter()
            .take(HOME_CARDS)
            .map(|t| ctx.team(t))
            .collect(),
        more_teams: m.teams.len().saturating_sub(HOME_CARDS),
        upcoming: next
            .into_iter()
            .take(6)
            .map(|(d, r)| {
                let v = ctx.ritual(r);
                Upcoming {
                    date: format!("{} {d}", ics::weekday_name(d.weekday())),
                    ritual: Ref {
                        label: v.name,
                        url: ctx.url(Kind::Ritual, &r.id),
                    },
                    when: v.when,
                }
            })
            .collect(),
        recent: changes(ctx, 5).commits,
    }
}
