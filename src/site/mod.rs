//! The playbook: a static site built from the alignment repo.
//!
//! [`Site::new`] resolves the repo and reads the theme, [`Site::load`] loads and
//! checks the repo and reads its git history, [`Site::build`] renders every page
//! on all cores into the output folder (see [`output`] for what it may touch).
//! Views ([`view`]) stand between the model and the templates ([`env`](mod@env)); the
//! calendar feeds ([`ics`]) and the search index ([`search`]) are built here too.
//! The site makes no request outside itself and uses relative URLs only, so it
//! works from any sub-path and from `file://`.

pub mod env;
pub mod history;
pub mod ics;
pub mod output;
mod pages;
pub mod search;
pub mod view;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::date::Date;
use crate::diag::Counts;
use crate::pipeline::Checked;
use env::Theme;
use history::History;
use output::Output;

/// What to build.
#[derive(Clone, Debug)]
pub struct Options {
    /// The alignment repo (or a folder inside it).
    pub path: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// The date the site is built for (health, "next meeting", build date).
    pub today: Date,
}

/// A site being built.
pub struct Site {
    root: PathBuf,
    out: PathBuf,
    today: Date,
}

/// The loaded repo, its findings and its history.
pub struct Loaded {
    pub checked: Checked,
    pub history: History,
    pub theme: Theme,
}

/// What a build produced.
#[derive(Clone, Debug)]
pub struct Built {
    /// HTML pages written.
    pub pages: usize,
    /// Every file written (pages, feeds, assets).
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Stale files of the previous build removed.
    pub removed: usize,
    /// Findings of `check` (shown on the health page).
    pub findings: Counts,
    /// The output folder.
    pub out: PathBuf,
    pub elapsed: Duration,
}

/// One file of the site: where it goes and how to make it.
pub(crate) enum Job {
    Page(pages::Page),
    Calendar(Option<usize>),
    Asset(String, Vec<u8>),
    SearchIndex,
}

impl Site {
    /// Resolves the repo root (the folder holding `accordant.yaml`).
    pub fn new(opts: &Options) -> anyhow::Result<Site> {
        let root = crate::pipeline::repo_root(&opts.path)?;
        Ok(Site {
            root,
            out: opts.out.clone(),
            today: opts.today,
        })
    }

    /// The repo root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Loads and checks the repo, reads the theme and the git history.
    pub fn load(&self) -> anyhow::Result<Loaded> {
        let repo = crate::load::load_dir(&self.root)?;
        let theme = Theme::load(&self.root, repo.config.site.theme.as_deref())?;
        let checked = crate::pipeline::check_repo(repo, self.today);
        let mut history = history::read(&self.root);
        let r = &checked.repo;
        let goal_files: std::collections::BTreeSet<String> = r
            .model
            .goals
            .iter()
            .map(|g| r.sources.path(g.loc.file).to_string())
            .collect();
        history.checkins =
            history::checkins(&self.root, &history, &goal_files, &r.config.loader.capped());
        Ok(Loaded {
            checked,
            history,
            theme,
        })
    }

    /// Renders and writes the whole site.
    pub fn build(&self, loaded: &Loaded) -> anyhow::Result<Built> {
        let start = Instant::now();
        let mut out = Output::open(&self.out, &self.root)?;
        let repo = &loaded.checked.repo;
        let ctx = view::Ctx::new(
            &repo.model,
            &repo.config,
            &repo.sources,
            &loaded.checked.diagnostics,
            &loaded.history,
            self.today,
        );
        let env = env::environment_with(&loaded.theme, ctx.links());
        let site = minijinja::Value::from(minijinja::value::Serde(pages::site_view(&ctx)));
        let jobs = self.jobs(&ctx, &loaded.theme);
        let paths: Vec<String> = jobs.iter().map(|j| job_path(&ctx, j)).collect();
        check_unique(&paths)?;
        out.plan(&paths)?;
        // Each ritual's event goes in its own feed and in `calendar/all.ics`.
        let events: Vec<ics::Event> = repo
            .model
            .rituals
            .par_iter()
            .map(|r| pages::ritual_event(&ctx, r))
            .collect();
        let shared = Shared {
            ctx: &ctx,
            env: &env,
            site: &site,
            events: &events,
        };
        // One buffer per batch of jobs, reused from file to file.
        let written: Vec<u64> = jobs
            .par_iter()
            .zip(paths.par_iter())
            .map_init(Vec::new, |buf, (job, path)| {
                buf.clear();
                render(job, &shared, path, buf)?;
                out.write(path, buf)?;
                Ok(buf.len() as u64)
            })
            .collect::<anyhow::Result<_>>()?;
        let removed = out.finish(&paths)?;
        Ok(Built {
            pages: jobs.iter().filter(|j| matches!(j, Job::Page(_))).count(),
            files: paths.len(),
            bytes: written.iter().sum(),
            removed,
            findings: loaded.checked.counts(),
            out: self.out.clone(),
            elapsed: start.elapsed(),
        })
    }

    /// Every file to write, the largest first (so that a long job starts while
    /// the many small ones keep the other cores busy).
    fn jobs(&self, ctx: &view::Ctx<'_>, theme: &Theme) -> Vec<Job> {
        let mut jobs = vec![Job::SearchIndex, Job::Calendar(None)];
        jobs.extend(pages::all(ctx).into_iter().map(Job::Page));
        jobs.extend((0..ctx.model.rituals.len()).map(|i| Job::Calendar(Some(i))));
        let mut assets: std::collections::BTreeMap<String, Vec<u8>> = env::ASSETS
            .iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect();
        for (name, bytes) in &theme.assets {
            if name != "search-index.js" {
                assets.insert(name.clone(), bytes.clone());
            }
        }
        jobs.extend(assets.into_iter().map(|(n, b)| Job::Asset(n, b)));
        jobs
    }
}

/// What every job reads: made once per build.
struct Shared<'a> {
    ctx: &'a view::Ctx<'a>,
    env: &'a minijinja::Environment<'static>,
    /// The site-wide template value (`site`).
    site: &'a minijinja::Value,
    /// One calendar event per ritual, in model order.
    events: &'a [ics::Event],
}

/// Renders one file of the site into `out`.
fn render(job: &Job, s: &Shared<'_>, path: &str, out: &mut Vec<u8>) -> anyhow::Result<()> {
    match job {
        Job::Page(p) => pages::render(p, s.ctx, s.env, s.site, path, out)?,
        Job::Calendar(which) => {
            out.extend_from_slice(pages::calendar_feed(s.ctx, s.events, *which).as_bytes());
        }
        Job::Asset(_, bytes) => out.extend_from_slice(bytes),
        Job::SearchIndex => search::write_index(&search::search_entries(s.ctx), out)?,
    }
    Ok(())
}

fn job_path(ctx: &view::Ctx<'_>, job: &Job) -> String {
    match job {
        Job::Page(p) => p.path(ctx),
        Job::Calendar(None) => "calendar/all.ics".to_string(),
        Job::Calendar(Some(i)) => ctx
            .ics
            .get(ctx.model.rituals[*i].id.as_str())
            .cloned()
            .unwrap_or_else(|| format!("calendar/ritual-{i}.ics")),
        Job::Asset(name, _) => format!("assets/{name}"),
        Job::SearchIndex => "assets/search-index.js".to_string(),
    }
}

fn check_unique(paths: &[String]) -> anyhow::Result<()> {
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        if !seen.insert(p.as_str()) {
            anyhow::bail!(
                "two files of the site would be written to `{p}`; rename one of the ids involved"
            );
        }
    }
    Ok(())
}

/// Builds the site: [`Site::new`], [`Site::load`], [`Site::build`].
pub fn build(opts: &Options) -> anyhow::Result<Built> {
    let site = Site::new(opts)?;
    let loaded = site
        .load()
        .with_context(|| format!("loading {}", site.root().display()))?;
    site.build(&loaded)
}
