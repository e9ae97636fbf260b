//! The pages of the playbook: which pages exist, where each one goes, and the
//! data each one's template gets. One module per page that needs more than a
//! listing; the views themselves come from [`super::view`].

mod calendar;
mod changes;
mod home;
mod raci;
mod team;

use anyhow::Context as _;
use minijinja::Value;
use serde::Serialize;

use super::view::{self, Ctx, PAGE_SIZE, page_file};
use crate::diag::Severity;
use crate::model::Kind;

pub use calendar::{calendar_feed, ritual_event};

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

/// Renders one page, appending it to `out`.
pub fn render(
    page: &Page,
    ctx: &Ctx<'_>,
    env: &minijinja::Environment<'static>,
    site: &minijinja::Value,
    path: &str,
    out: &mut Vec<u8>,
) -> anyhow::Result<()> {
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
    let context = minijinja::context! {
        site => site.clone(),
        page => to_value(&meta),
        ..data
    };
    let tmpl = env
        .get_template(page.template())
        .with_context(|| format!("loading the template {}", page.template()))?;
    match tmpl.render_captured_to(context, &mut *out) {
        Ok(_) => Ok(()),
        Err(e) => Err(anyhow::anyhow!(
            "rendering {path} with the template {}: {e:#}",
            page.template()
        )),
    }
}

/// A view as a template value (serialised once, straight into minijinja).
fn to_value<T: Serialize>(v: T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// Title, source files and template data of the `k`-th page of a plain paged
/// list of documents (`title`, `section` as in its file name).
fn list_page<T, V: Serialize>(
    (title, section): (&str, &str),
    k: usize,
    all: &[T],
    file: impl Fn(&T) -> String,
    view: impl Fn(&T) -> V,
) -> (String, Vec<String>, Value) {
    let items = &all[range(k, all.len())];
    let data = ListData {
        items: items.iter().map(&view).collect::<Vec<_>>(),
        pager: pager(section, k, all.len()),
        extra: (),
    };
    (
        title.into(),
        items.iter().map(file).collect(),
        to_value(data),
    )
}

/// Title, source files and template data of a page.
fn data(page: &Page, ctx: &Ctx<'_>) -> (String, Vec<String>, Value) {
    let m = ctx.model;
    let file = |loc: &crate::model::Loc| ctx.path(loc).to_string();
    match *page {
        Page::Home => (
            "Home".into(),
            m.goals
                .iter()
                .filter(|g| g.is_shared())
                .map(|g| file(&g.loc))
                .collect(),
            to_value(home::home(ctx)),
        ),
        Page::Teams => (
            "Teams".into(),
            m.teams.iter().map(|t| file(&t.loc)).collect(),
            to_value(TeamsData {
                teams: m.teams.iter().map(|t| ctx.team(t)).collect(),
            }),
        ),
        Page::Team(i) => {
            let t = &m.teams[i];
            (
                t.name.value.clone(),
                vec![file(&t.loc)],
                to_value(team::team(ctx, t)),
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
            ("Goals".into(), files, to_value(data))
        }
        Page::Raci(k) => raci::raci(ctx, k),
        Page::Incentives(k) => list_page(
            ("Incentives", "incentives"),
            k,
            &m.incentives,
            |x| file(&x.loc),
            |x| ctx.incentive(x),
        ),
        Page::Agreements(k) => list_page(
            ("Agreements", "agreements"),
            k,
            &m.agreements,
            |x| file(&x.loc),
            |x| ctx.agreement(x),
        ),
        Page::Calendar(k) => {
            let items = &m.rituals[range(k, m.rituals.len())];
            let rituals: Vec<_> = items.iter().map(|x| ctx.ritual(x)).collect();
            let week = if k == 0 {
                calendar::week(ctx)
            } else {
                Vec::new()
            };
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
                to_value(data),
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
                to_value(data),
            )
        }
        Page::Health => changes::health(ctx),
        Page::Changes => (
            "What changed recently".into(),
            Vec::new(),
            to_value(changes::changes(ctx, 100)),
        ),
        Page::NotFound => (
            "Page not found".into(),
            Vec::new(),
            to_value(std::collections::BTreeMap::<String, String>::new()),
        ),
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
    week: Vec<calendar::Day>,
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
