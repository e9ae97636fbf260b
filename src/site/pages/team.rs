//! A team's page: its goals, its roles in the RACI matrix, and short lists of
//! its agreements, meetings and incentive plans that link to their cards (a
//! card lives on one page only, so a team page stays small however many
//! agreements the team is in).

use serde::Serialize;

use crate::model::{Kind, Team};
use crate::site::ics;
use crate::site::view::{self, Ctx, Party, Ref};

#[derive(Serialize)]
struct Role {
    activity: Ref,
    letters: Vec<(String, String)>,
}

/// An agreement as a team page lists it: the canonical card is on the
/// agreements page, one link away.
#[derive(Serialize)]
struct AgreementItem {
    agreement: Ref,
    /// The other parties.
    with: Vec<Party>,
    /// What this team commits to, in its own words.
    commits_to: Vec<String>,
    next_review: Option<String>,
    review_overdue: bool,
}

/// A meeting as a team page lists it (the card is on the calendar page).
#[derive(Serialize)]
struct RitualItem {
    ritual: Ref,
    when: String,
    /// The team runs it (its DRI is the team or one of its people).
    runs: bool,
    ics: Option<String>,
}

/// An incentive plan as a team page lists it (the card is on the incentives page).
#[derive(Serialize)]
struct IncentiveItem {
    incentive: Ref,
    share: Option<String>,
    joint: bool,
}

/// A commit that touched a document mentioning the team.
#[derive(Serialize)]
struct TeamChange {
    hash: String,
    author: String,
    date: String,
    subject: String,
    /// The team's documents it touched.
    changed: Vec<Ref>,
}

/// Most commits listed under "What changed for this team".
const TEAM_CHANGES: usize = 10;

#[derive(Serialize)]
pub(super) struct TeamData {
    team: view::TeamView,
    goals: Vec<view::GoalView>,
    roles: Vec<Role>,
    agreements: Vec<AgreementItem>,
    rituals: Vec<RitualItem>,
    incentives: Vec<IncentiveItem>,
    changes: Vec<TeamChange>,
    /// Why there is no history, when git has none.
    history_missing: Option<String>,
}

/// The newest commits that touched a document mentioning the team: its own
/// file, the goals it owns, the activities it has a letter in, its agreements,
/// meetings and incentive plans.
fn team_changes(ctx: &Ctx<'_>, t: &Team, ti: Option<usize>) -> Vec<TeamChange> {
    use std::collections::HashMap;
    let m = ctx.model;
    let idx = |lists: &Vec<Vec<usize>>| ti.and_then(|i| lists.get(i)).cloned().unwrap_or_default();
    let mut docs: HashMap<&str, Vec<Ref>> = HashMap::new();
    let mut add = |loc: &crate::model::Loc, kind: Kind, id: &str, label: &str| {
        let refs = docs.entry(ctx.path(loc)).or_default();
        if refs.len() < 20 {
            refs.push(Ref {
                label: label.to_string(),
                url: ctx.url(kind, id),
            });
        }
    };
    add(&t.loc, Kind::Team, &t.id, &t.name);
    for i in idx(&ctx.team_goals) {
        let g = &m.goals[i];
        add(&g.loc, Kind::Goal, &g.id, &g.title);
    }
    for i in idx(&ctx.team_resps) {
        let r = &m.responsibilities[i];
        add(&r.loc, Kind::Responsibility, &r.id, &r.activity);
    }
    for i in idx(&ctx.team_agreements) {
        let a = &m.agreements[i];
        add(&a.loc, Kind::Agreement, &a.id, &a.name);
    }
    for i in idx(&ctx.team_rituals) {
        let r = &m.rituals[i];
        add(&r.loc, Kind::Ritual, &r.id, &r.name);
    }
    for i in idx(&ctx.team_incentives) {
        let p = &m.incentives[i];
        add(&p.loc, Kind::Incentive, &p.id, &p.name);
    }
    ctx.history
        .commits
        .iter()
        .filter_map(|c| {
            let mut changed: Vec<Ref> = Vec::new();
            for f in &c.files {
                if let Some(refs) = docs.get(f.as_str()) {
                    changed.extend(refs.iter().cloned());
                }
            }
            (!changed.is_empty()).then(|| TeamChange {
                hash: c.hash.chars().take(10).collect(),
                author: c.author.clone(),
                date: c.date.clone(),
                subject: c.subject.clone(),
                changed,
            })
        })
        .take(TEAM_CHANGES)
        .collect()
}

pub(super) fn team(ctx: &Ctx<'_>, t: &Team) -> TeamData {
    let m = ctx.model;
    let ti = ctx.find(Kind::Team, &t.id);
    let idx = |lists: &Vec<Vec<usize>>| ti.and_then(|i| lists.get(i)).cloned().unwrap_or_default();
    TeamData {
        changes: team_changes(ctx, t, ti),
        history_missing: ctx.history.missing.clone(),
        team: ctx.team(t),
        goals: idx(&ctx.team_goals)
            .into_iter()
            .map(|i| ctx.goal(i, 0))
            .collect(),
        roles: idx(&ctx.team_resps)
            .into_iter()
            .map(|i| {
                let r = &m.responsibilities[i];
                Role {
                    activity: Ref {
                        label: r.activity.value.clone(),
                        url: ctx.url(Kind::Responsibility, &r.id),
                    },
                    letters: ctx
                        .letters_of(r, &t.id)
                        .into_iter()
                        .map(|(c, who)| {
                            let people: Vec<String> =
                                who.into_iter().filter(|w| w.starts_with('@')).collect();
                            (c.to_string(), people.join(", "))
                        })
                        .collect(),
                }
            })
            .collect(),
        agreements: idx(&ctx.team_agreements)
            .into_iter()
            .map(|i| agreement_item(ctx, &m.agreements[i], ti))
            .collect(),
        rituals: idx(&ctx.team_rituals)
            .into_iter()
            .map(|i| {
                let r = &m.rituals[i];
                RitualItem {
                    ritual: Ref {
                        label: r.name.value.clone(),
                        url: ctx.url(Kind::Ritual, &r.id),
                    },
                    when: view::when(&ics::schedule(r, ctx.today), r.duration_minutes),
                    runs: ti.is_some() && ctx.team_index(&r.dri) == ti,
                    ics: ctx.ics.get(r.id.as_str()).cloned(),
                }
            })
            .collect(),
        incentives: idx(&ctx.team_incentives)
            .into_iter()
            .map(|i| {
                let p = &m.incentives[i];
                IncentiveItem {
                    incentive: Ref {
                        label: p.name.value.clone(),
                        url: ctx.url(Kind::Incentive, &p.id),
                    },
                    share: p
                        .variable_pay_share
                        .map(|s| format!("{}%", view::fmt_num(s))),
                    joint: ctx.is_joint(p),
                }
            })
            .collect(),
    }
}

fn agreement_item(
    ctx: &Ctx<'_>,
    a: &crate::model::Agreement,
    team: Option<usize>,
) -> AgreementItem {
    let mine = |p: &str| team.is_some() && ctx.team_index(p) == team;
    let (next_review, review_overdue) = ctx.next_review(a);
    AgreementItem {
        agreement: Ref {
            label: a.name.value.clone(),
            url: ctx.url(Kind::Agreement, &a.id),
        },
        with: a
            .parties
            .iter()
            .filter(|p| !mine(p))
            .map(|p| ctx.party(p))
            .collect(),
        commits_to: a
            .commitments
            .iter()
            .filter(|c| mine(&c.team))
            .map(|c| c.summary.clone())
            .collect(),
        next_review: next_review.map(|d| d.to_string()),
        review_overdue,
    }
}
