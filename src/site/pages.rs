//! The pages of the playbook: which pages exist, what data each one gets, and
//! the calendar feeds and search entries built next to them.

use std::collections::HashMap;

use anyhow::Context as _;
use serde::Serialize;

use super::ics;
use super::search::Entry;
use super::view::{self, Ctx, PAGE_SIZE, Party, Ref, page_file, slug};
use crate::diag::Severity;
use crate::model::{Kind, Team};

/// A page of the site.
#[derive(Clone, Copy, Debug)]
pub enum Page {
    Home,
    Teams,
    Team(usize),
    /// Listing pages: the section's page number (0-based).
    Goals(usize),
    Raci(usize),
    Incentives(usize),
    Agreements(usize),
    Calendar(usize),
    Glossary(usize),
    Health,
    Changes,
    NotFound,
}

fn chunks(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// Every page of the site.
pub fn all(ctx: &Ctx<'_>) -> Vec<Page> {
    let m = ctx.model;
    let mut v = vec![Page::Home, Page::Teams];
    v.extend((0..m.teams.len()).map(Page::Team));
    v.extend((0..chunks(m.goals.len())).map(Page::Goals));
    v.extend((0..chunks(m.responsibilities.len())).map(Page::Raci));
    v.extend((0..chunks(m.incentives.len())).map(Page::Incentives));
    v.extend((0..chunks(m.agreements.len())).map(Page::Agreements));
    v.extend((0..chunks(m.rituals.len())).map(Page::Calendar));
    v.extend((0..chunks(m.metrics.len())).map(Page::Glossary));
    v.extend([Page::Health, Page::Changes, Page::NotFound]);
    v
}

impl Page {
    /// The page's file, relative to the site root.
    pub fn path(&self, ctx: &Ctx<'_>) -> String {
        match *self {
            Page::Home => "index.html".into(),
            Page::Teams => "teams.html".into(),
            Page::Team(i) => ctx
                .url(Kind::Team, &ctx.model.teams[i].id)
                .unwrap_or_else(|| format!("teams/team-{i}.html")),
            Page::Goals(k) => page_file("goals", k),
            Page::Raci(k) => page_file("raci", k),
            Page::Incentives(k) => page_file("incentives", k),
            Page::Agreements(k) => page_file("agreements", k),
            Page::Calendar(k) => page_file("calendar", k),
            Page::Glossary(k) => page_file("glossary", k),
            Page::Health => "health.html".into(),
            Page::Changes => "changes.html".into(),
            Page::NotFound => "404.html".into(),
        }
    }

    fn template(&self) -> &'static str {
        match self {
            Page::Home => "index.html",
            Page::Teams => "teams.html",
            Page::Team(_) => "team.html",
            Page::Goals(_) => "goals.html",
            Page::Raci(_) => "raci.html",
            Page::Incentives(_) => "incentives.html",
            Page::Agreements(_) => "agreements.html",
            Page::Calendar(_) => "calendar.html",
            Page::Glossary(_) => "glossary.html",
            Page::Health => "health.html",
            Page::Changes => "changes.html",
            Page::NotFound => "404.html",
        }
    }

    fn section(&self) -> &'static str {
        match self {
            Page::Home => "home",
            Page::Teams | Page::Team(_) => "teams",
            Page::Goals(_) => "goals",
            Page::Raci(_) => "raci",
            Page::Incentives(_) => "incentives",
            Page::Agreements(_) => "agreements",
            Page::Calendar(_) => "calendar",
            Page::Glossary(_) => "glossary",
            Page::Health => "health",
            Page::Changes => "changes",
            Page::NotFound => "",
        }
    }
}

/// A navigation entry.
#[derive(Clone, Debug, Serialize)]
pub struct Nav {
    pub id: &'static str,
    pub label: &'static str,
    pub url: &'static str,
}

/// What every page knows about the site.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub org: String,
    pub build_date: String,
    pub nav: Vec<Nav>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub repository: Option<String>,
}

/// The site-wide view.
pub fn site_view(ctx: &Ctx<'_>) -> SiteView {
    let org = ctx.config.org.value.clone();
    let nav = [
        ("home", "Home", "index.html"),
        ("teams", "Teams", "teams.html"),
        ("goals", "Goals", "goals.html"),
        ("raci", "Who does what", "raci.html"),
        ("incentives", "Incentives", "incentives.html"),
        ("agreements", "Agreements", "agreements.html"),
        ("calendar", "Meetings", "calendar.html"),
        ("glossary", "Glossary", "glossary.html"),
        ("health", "Health", "health.html"),
        ("changes", "Changes", "changes.html"),
    ];
    SiteView {
        title: ctx
            .config
            .site
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| format!("{org} playbook")),
        org,
        build_date: ctx.today.to_string(),
        nav: nav
            .into_iter()
            .map(|(id, label, url)| Nav { id, label, url })
            .collect(),
        errors: ctx.count(Severity::Error),
        warnings: ctx.count(Severity::Warning),
        infos: ctx.count(Severity::Info),
        repository: ctx
            .config
            .site
            .repository
            .as_deref()
            .and_then(view::safe_url),
    }
}

/// What every page knows about itself.
#[derive(Clone, Debug, Serialize)]
struct PageMeta {
    /// Prefix that leads from this page to the site root ("" or "../").
    root: String,
    path: String,
    section: &'static str,
    title: String,
    last_updated: String,
    /// The date comes from git (else it is the build date).
    from_git: bool,
    edit_url: Option<String>,
}

/// Links between the numbered pages of a listing.
#[derive(Clone, Debug, Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<(usize, String)>,
}

fn pager(section: &str, k: usize, n: usize) -> Pager {
    let total = chunks(n);
    Pager {
        current: k + 1,
        total,
        prev: (k > 0).then(|| page_file(section, k - 1)),
        next: (k + 1 < total).then(|| page_file(section, k + 1)),
        pages: (0..total).map(|i| (i + 1, page_file(section, i))).collect(),
    }
}

fn range(k: usize, n: usize) -> std::ops::Range<usize> {
    (k * PAGE_SIZE).min(n)..((k + 1) * PAGE_SIZE).min(n)
}

#[derive(Serialize)]
struct Context<'a, T: Serialize> {
    site: &'a SiteView,
    page: PageMeta,
    #[serde(flatten)]
    data: T,
}

/// Renders one page.
pub fn render(
    page: &Page,
    ctx: &Ctx<'_>,
    env: &minijinja::Environment<'static>,
    site: &SiteView,
    path: &str,
) -> anyhow::Result<String> {
    let depth = path.matches('/').count();
    let mut root = "../".repeat(depth);
    if matches!(page, Page::NotFound)
        && let Some(base) = ctx.config.site.base_url.as_deref().and_then(view::safe_url)
    {
        root = format!("{}/", base.trim_end_matches('/'));
    }
    let (title, files, data) = data(page, ctx);
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let (last_updated, from_git) = ctx.last_updated(&files);
    // Pages made of no file (changes, an empty listing) edit the repo's config.
    let config: Vec<&str> = ctx
        .model
        .config_file
        .map(|f| ctx.sources.path(f))
        .into_iter()
        .collect();
    let edit_files = if files.is_empty() { &config } else { &files };
    let meta = PageMeta {
        root,
        path: path.to_string(),
        section: page.section(),
        title,
        last_updated,
        from_git,
        edit_url: if matches!(page, Page::NotFound) {
            None
        } else {
            ctx.page_edit(edit_files)
        },
    };
    let context = Context {
        site,
        page: meta,
        data,
    };
    let tmpl = env
        .get_template(page.template())
        .with_context(|| format!("loading the template {}", page.template()))?;
    tmpl.render(minijinja::Value::from(minijinja::value::Serde(&context)))
        .map_err(|e| {
            anyhow::anyhow!(
                "rendering {path} with the template {}: {e:#}",
                page.template()
            )
        })
}

/// Title, source files and template data of a page.
fn data(page: &Page, ctx: &Ctx<'_>) -> (String, Vec<String>, serde_json::Value) {
    let m = ctx.model;
    let file = |loc: &crate::model::Loc| ctx.path(loc).to_string();
    let json = |v: serde_json::Result<serde_json::Value>| v.unwrap_or(serde_json::Value::Null);
    match *page {
        Page::Home => (
            "Home".into(),
            m.goals
                .iter()
                .filter(|g| g.is_shared())
                .map(|g| file(&g.loc))
                .collect(),
            json(serde_json::to_value(home(ctx))),
        ),
        Page::Teams => (
            "Teams".into(),
            m.teams.iter().map(|t| file(&t.loc)).collect(),
            json(serde_json::to_value(TeamsData {
                teams: m.teams.iter().map(|t| ctx.team(t)).collect(),
            })),
        ),
        Page::Team(i) => {
            let t = &m.teams[i];
            (
                t.name.value.clone(),
                vec![file(&t.loc)],
                json(serde_json::to_value(team(ctx, t))),
            )
        }
        Page::Goals(k) => {
            let r = range(k, ctx.goal_order.len());
            let order = &ctx.goal_order[r];
            let files = order.iter().map(|(i, _)| file(&m.goals[*i].loc)).collect();
            let goals: Vec<_> = order.iter().map(|(i, d)| ctx.goal(*i, *d)).collect();
            let data = ListData {
                items: goals,
                pager: pager("goals", k, m.goals.len()),
                extra: (),
            };
            ("Goals".into(), files, json(serde_json::to_value(data)))
        }
        Page::Raci(k) => raci(ctx, k),
        Page::Incentives(k) => {
            let items = &m.incentives[range(k, m.incentives.len())];
            let data = ListData {
                items: items.iter().map(|x| ctx.incentive(x)).collect::<Vec<_>>(),
                pager: pager("incentives", k, m.incentives.len()),
                extra: (),
            };
            (
                "Incentives".into(),
                items.iter().map(|x| file(&x.loc)).collect(),
                json(serde_json::to_value(data)),
            )
        }
        Page::Agreements(k) => {
            let items = &m.agreements[range(k, m.agreements.len())];
            let data = ListData {
                items: items.iter().map(|x| ctx.agreement(x)).collect::<Vec<_>>(),
                pager: pager("agreements", k, m.agreements.len()),
                extra: (),
            };
            (
                "Agreements".into(),
                items.iter().map(|x| file(&x.loc)).collect(),
                json(serde_json::to_value(data)),
            )
        }
        Page::Calendar(k) => {
            let items = &m.rituals[range(k, m.rituals.len())];
            let rituals: Vec<_> = items.iter().map(|x| ctx.ritual(x)).collect();
            let week = if k == 0 { week(ctx) } else { Vec::new() };
            let data = ListData {
                items: rituals,
                pager: pager("calendar", k, m.rituals.len()),
                extra: CalendarExtra {
                    week,
                    all_ics: "calendar/all.ics",
                },
            };
            (
                "Meetings".into(),
                items.iter().map(|x| file(&x.loc)).collect(),
                json(serde_json::to_value(data)),
            )
        }
        Page::Glossary(k) => {
            let items = &m.metrics[range(k, m.metrics.len())];
            let data = ListData {
                items: items.iter().map(|x| ctx.metric(x)).collect::<Vec<_>>(),
                pager: pager("glossary", k, m.metrics.len()),
                extra: GlossaryExtra {
                    funnels: if k == 0 { ctx.funnels() } else { Vec::new() },
                },
            };
            (
                "Glossary".into(),
                items.iter().map(|x| file(&x.loc)).collect(),
                json(serde_json::to_value(data)),
            )
        }
        Page::Health => health(ctx),
        Page::Changes => (
            "What changed recently".into(),
            Vec::new(),
            json(serde_json::to_value(changes(ctx, 100))),
        ),
        Page::NotFound => ("Page not found".into(), Vec::new(), serde_json::json!({})),
    }
}

#[derive(Serialize)]
struct ListData<T: Serialize, E: Serialize> {
    items: Vec<T>,
    pager: Pager,
    #[serde(flatten)]
    extra: E,
}

#[derive(Serialize)]
struct CalendarExtra {
    week: Vec<Day>,
    all_ics: &'static str,
}

#[derive(Serialize)]
struct GlossaryExtra {
    funnels: Vec<view::FunnelView>,
}

#[derive(Serialize)]
struct TeamsData {
    teams: Vec<view::TeamView>,
}

// ---------------------------------------------------------------- home

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
struct HomeData {
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

fn home(ctx: &Ctx<'_>) -> HomeData {
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

// ---------------------------------------------------------------- team

#[derive(Serialize)]
struct Role {
    activity: Ref,
    letters: Vec<(String, String)>,
}

#[derive(Serialize)]
struct TeamData {
    team: view::TeamView,
    goals: Vec<view::GoalView>,
    roles: Vec<Role>,
    agreements: Vec<view::AgreementView>,
    rituals: Vec<view::RitualView>,
    incentives: Vec<view::IncentiveView>,
}

fn team(ctx: &Ctx<'_>, t: &Team) -> TeamData {
    let m = ctx.model;
    let idx =
        |map: &HashMap<String, Vec<usize>>| map.get(t.id.as_str()).cloned().unwrap_or_default();
    TeamData {
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
                    letters: view::letters_of(r, &t.id, m)
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
            .map(|i| ctx.agreement(&m.agreements[i]))
            .collect(),
        rituals: idx(&ctx.team_rituals)
            .into_iter()
            .map(|i| ctx.ritual(&m.rituals[i]))
            .collect(),
        incentives: idx(&ctx.team_incentives)
            .into_iter()
            .map(|i| ctx.incentive(&m.incentives[i]))
            .collect(),
    }
}

// ---------------------------------------------------------------- RACI

/// Most team columns before the matrix turns into a list (R / A / C / I columns).
const MATRIX_MAX_TEAMS: usize = 12;

#[derive(Serialize)]
struct RaciData {
    layout: &'static str,
    teams: Vec<Party>,
    items: Vec<view::RaciRow>,
    pager: Pager,
}

fn raci(ctx: &Ctx<'_>, k: usize) -> (String, Vec<String>, serde_json::Value) {
    let m = ctx.model;
    let r = range(k, m.responsibilities.len());
    let rows = &m.responsibilities[r.clone()];
    let teams: Vec<&Team> = if m.teams.len() <= MATRIX_MAX_TEAMS {
        m.teams.iter().collect()
    } else {
        m.teams
            .iter()
            .filter(|t| {
                rows.iter()
                    .any(|row| !view::letters_of(row, &t.id, m).is_empty())
            })
            .collect()
    };
    let layout = if teams.len() <= MATRIX_MAX_TEAMS {
        "matrix"
    } else {
        "list"
    };
    let cols: Vec<&Team> = if layout == "matrix" {
        teams
    } else {
        Vec::new()
    };
    let data = RaciData {
        layout,
        teams: cols.iter().map(|t| ctx.party(&t.id)).collect(),
        items: r.map(|i| ctx.raci_row(i, &cols)).collect(),
        pager: pager("raci", k, m.responsibilities.len()),
    };
    let files = rows.iter().map(|x| ctx.path(&x.loc).to_string()).collect();
    (
        "Who does what (RACI)".into(),
        files,
        serde_json::to_value(data).unwrap_or_default(),
    )
}

// ---------------------------------------------------------------- calendar

#[derive(Serialize)]
struct Slot {
    ritual: Ref,
    time: Option<String>,
}

#[derive(Serialize)]
struct Day {
    name: &'static str,
    slots: Vec<Slot>,
}

/// Most meetings shown in the week view.
const WEEK_MAX: usize = 200;

fn week(ctx: &Ctx<'_>) -> Vec<Day> {
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
        let on: Vec<u32> = match s.cadence {
            Cadence::Daily => (0..5).collect(),
            Cadence::Weekly | Cadence::Biweekly => vec![s.weekday],
            Cadence::Monthly | Cadence::Quarterly => continue,
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

/// The `.ics` feed of one ritual, or of all (`None`).
pub fn calendar_feed(ctx: &Ctx<'_>, which: Option<usize>) -> String {
    let m = ctx.model;
    let org = ctx.config.org.value.as_str();
    let rituals: Vec<&crate::model::Ritual> = match which {
        Some(i) => vec![&m.rituals[i]],
        None => m.rituals.iter().collect(),
    };
    let base = ctx.config.site.base_url.as_deref().and_then(view::safe_url);
    let events: Vec<ics::Event> = rituals
        .iter()
        .map(|r| {
            let s = ics::schedule(r, ctx.today);
            let v = ctx.ritual(r);
            let mut desc = String::new();
            if let Some(d) = &r.description {
                desc.push_str(d.trim());
                desc.push_str("\n\n");
            }
            desc.push_str(&format!("Run by: {}\n", v.dri.label));
            let names: Vec<&str> = v.participants.iter().map(|p| p.label.as_str()).collect();
            desc.push_str(&format!("Participants: {}\n", names.join(", ")));
            if !v.goals.is_empty() {
                let g: Vec<&str> = v.goals.iter().map(|g| g.label.as_str()).collect();
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
        })
        .collect();
    let name = match which {
        Some(i) => format!("{} ({org})", m.rituals[i].name.value),
        None => format!("{org} meetings"),
    };
    let refs: Vec<&ics::Event> = events.iter().collect();
    ics::calendar(&name, &refs)
}

// ---------------------------------------------------------------- health & changes

/// Most findings listed on the health page.
const HEALTH_MAX: usize = 2000;

#[derive(Serialize)]
struct HealthData {
    findings: Vec<view::FindingView>,
    total: usize,
}

fn health(ctx: &Ctx<'_>) -> (String, Vec<String>, serde_json::Value) {
    let mut ds: Vec<&crate::diag::Diagnostic> = ctx.diagnostics.iter().collect();
    ds.sort_by_key(|d| std::cmp::Reverse(d.severity));
    let data = HealthData {
        findings: ds.iter().take(HEALTH_MAX).map(|d| ctx.finding(d)).collect(),
        total: ds.len(),
    };
    let files = match ctx.model.config_file {
        Some(f) => vec![ctx.sources.path(f).to_string()],
        None => Vec::new(),
    };
    (
        "Health".into(),
        files,
        serde_json::to_value(data).unwrap_or_default(),
    )
}

/// A changed entity.
#[derive(Clone, Debug, Serialize)]
struct Changed {
    kind: &'static str,
    label: String,
    url: Option<String>,
}

/// One commit.
#[derive(Clone, Debug, Serialize)]
struct CommitView {
    hash: String,
    author: String,
    date: String,
    subject: String,
    changed: Vec<Changed>,
    /// Files with no entity (removed files, config).
    files: Vec<String>,
}

#[derive(Serialize)]
struct ChangesData {
    available: bool,
    reason: Option<String>,
    commits: Vec<CommitView>,
}

fn entities_by_file<'a>(ctx: &'a Ctx<'_>) -> HashMap<&'a str, Vec<Changed>> {
    let m = ctx.model;
    let mut map: HashMap<&str, Vec<Changed>> = HashMap::new();
    let mut add = |loc: &crate::model::Loc, kind: Kind, id: &str, label: &str| {
        map.entry(ctx.path(loc)).or_default().push(Changed {
            kind: kind.as_str(),
            label: label.to_string(),
            url: ctx.url(kind, id),
        });
    };
    for x in &m.teams {
        add(&x.loc, Kind::Team, &x.id, &x.name);
    }
    for x in &m.goals {
        add(&x.loc, Kind::Goal, &x.id, &x.title);
    }
    for x in &m.metrics {
        add(&x.loc, Kind::Metric, &x.id, &x.name);
    }
    for x in &m.responsibilities {
        add(&x.loc, Kind::Responsibility, &x.id, &x.activity);
    }
    for x in &m.incentives {
        add(&x.loc, Kind::Incentive, &x.id, &x.name);
    }
    for x in &m.agreements {
        add(&x.loc, Kind::Agreement, &x.id, &x.name);
    }
    for x in &m.rituals {
        add(&x.loc, Kind::Ritual, &x.id, &x.name);
    }
    map
}

fn changes(ctx: &Ctx<'_>, max: usize) -> ChangesData {
    let h = ctx.history;
    let by_file = entities_by_file(ctx);
    ChangesData {
        available: !h.commits.is_empty(),
        reason: h.missing.clone(),
        commits: h
            .commits
            .iter()
            .take(max)
            .map(|c| {
                let mut changed = Vec::new();
                let mut files = Vec::new();
                for f in &c.files {
                    match by_file.get(f.as_str()) {
                        Some(es) => changed.extend(es.iter().take(20).cloned()),
                        None => files.push(f.clone()),
                    }
                }
                CommitView {
                    hash: c.hash.chars().take(10).collect(),
                    author: c.author.clone(),
                    date: c.date.clone(),
                    subject: c.subject.clone(),
                    changed,
                    files,
                }
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- search

/// Every search entry.
pub fn search_entries(ctx: &Ctx<'_>) -> Vec<Entry> {
    let m = ctx.model;
    let url = |k: Kind, id: &str| ctx.url(k, id).unwrap_or_default();
    let mut v = Vec::with_capacity(m.len() * 2);
    for t in &m.teams {
        let team_url = url(Kind::Team, &t.id);
        v.push(Entry::new(
            "Team",
            &t.name,
            team_url.clone(),
            t.description.as_deref().unwrap_or(""),
        ));
        for p in &t.members {
            let text = format!(
                "@{} {} {}",
                p.github.value,
                p.role.as_deref().unwrap_or(""),
                t.name.value
            );
            let anchor = format!("{team_url}#person-{}", slug(&p.github.to_ascii_lowercase()));
            v.push(Entry::new("Person", &p.name, anchor, &text));
        }
    }
    for g in &m.goals {
        let owners: Vec<String> = g.owners.iter().map(|o| ctx.party(o).label).collect();
        v.push(Entry::new(
            "Goal",
            &g.title,
            url(Kind::Goal, &g.id),
            &owners.join(", "),
        ));
    }
    for x in &m.metrics {
        let aliases: Vec<&str> = x.aliases.iter().map(|a| a.as_str()).collect();
        let text = format!("{} {}", aliases.join(" "), x.definition.value);
        v.push(Entry::new(
            "Metric",
            &x.name,
            url(Kind::Metric, &x.id),
            &text,
        ));
    }
    for x in &m.responsibilities {
        v.push(Entry::new(
            "Activity",
            &x.activity,
            url(Kind::Responsibility, &x.id),
            x.description.as_deref().unwrap_or(""),
        ));
    }
    for x in &m.agreements {
        v.push(Entry::new(
            "Agreement",
            &x.name,
            url(Kind::Agreement, &x.id),
            x.description.as_deref().unwrap_or(""),
        ));
    }
    for x in &m.incentives {
        v.push(Entry::new(
            "Incentive",
            &x.name,
            url(Kind::Incentive, &x.id),
            x.description.as_deref().unwrap_or(""),
        ));
    }
    for x in &m.rituals {
        v.push(Entry::new(
            "Meeting",
            &x.name,
            url(Kind::Ritual, &x.id),
            x.description.as_deref().unwrap_or(""),
        ));
    }
    v
}
