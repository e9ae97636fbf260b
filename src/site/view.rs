//! What templates see: `Serialize`-only view structs built from the model, the
//! config, the findings of `check` and the git history.
//!
//! Templates never see model internals (spans, file ids, raw references): every
//! reference is resolved here into a label and a relative URL, every number is
//! formatted, every sentence of "plain words" is composed here. Text stays
//! unescaped in the views; the templates' autoescape and the `markdown` filter
//! make it safe. URLs that come from users (channel links, the repository) pass
//! [`safe_url`] first.

use std::collections::HashMap;

use serde::Serialize;

use super::history::History;
use super::ics;
use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Severity};
use crate::model::{
    Agreement, Direction, Goal, Incentive, Kind, Loc, Metric, Model, Responsibility, Ritual, Team,
    Unit,
};
use crate::source::SourceDb;

/// Entities per listing page; longer listings are split into numbered pages.
pub const PAGE_SIZE: usize = 100;

/// A stable, file-name and anchor safe form of an id: ASCII letters, digits and
/// `-` and `.` stay; every other byte becomes `_xx` (so distinct ids stay distinct).
pub fn slug(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => out.push(b as char),
            b'A'..=b'Z' => out.push_str(&format!("_{b:02x}")),
            _ => out.push_str(&format!("_{b:02x}")),
        }
    }
    if out.len() > 120 {
        let h = crate::diag::fingerprint("slug", id, "");
        out.truncate(100);
        while !out.is_char_boundary(out.len()) {
            out.pop();
        }
        out.push('_');
        out.push_str(&h);
    }
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, 'x');
    }
    out
}

/// The file of listing page `k` (0-based) of a section: `goals.html`, `goals-2.html`.
pub fn page_file(section: &str, k: usize) -> String {
    if k == 0 {
        format!("{section}.html")
    } else {
        format!("{section}-{}.html", k + 1)
    }
}

/// A URL a user wrote, when it is safe to link to: http(s) or mailto only.
pub fn safe_url(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = (lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:"))
        && !u
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '"' || c == '<' || c == '>');
    ok.then(|| u.to_string())
}

/// Percent-encodes a repo path for a URL (keeps `/` and unreserved characters).
fn encode_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Formats a number with thousands separators and at most two decimals.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let neg = v < 0.0;
    let rounded = (v.abs() * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    if neg { format!("-{out}") } else { out }
}

/// A compact amount: 4.5M, 450k, 1,200.
pub fn fmt_compact(v: f64) -> String {
    let a = v.abs();
    if a >= 1_000_000.0 {
        format!("{}M", fmt_num((v / 100_000.0).round() / 10.0))
    } else if a >= 10_000.0 {
        format!("{}k", fmt_num((v / 100.0).round() / 10.0))
    } else {
        fmt_num(v)
    }
}

/// A value in its metric's unit.
pub fn fmt_value(v: f64, unit: Unit, currency: Option<&str>) -> String {
    match unit {
        Unit::Currency => match currency.map(str::trim) {
            Some("EUR") => format!("€{}", fmt_compact(v)),
            Some("USD") => format!("${}", fmt_compact(v)),
            Some("GBP") => format!("£{}", fmt_compact(v)),
            Some("JPY") => format!("¥{}", fmt_compact(v)),
            Some(c) if !c.is_empty() => format!("{} {c}", fmt_compact(v)),
            _ => fmt_compact(v),
        },
        Unit::Percent => format!("{}%", fmt_num(v)),
        Unit::Days => format!("{} days", fmt_num(v)),
        Unit::Hours => format!("{} h", fmt_num(v)),
        Unit::Count | Unit::Ratio | Unit::Score => fmt_num(v),
    }
}

/// A link to something on the site.
#[derive(Clone, Debug, Serialize)]
pub struct Ref {
    pub label: String,
    /// Relative to the site root; `None` when the thing is not on the site.
    pub url: Option<String>,
}

/// A team or a person (`@handle`), resolved.
#[derive(Clone, Debug, Serialize)]
pub struct Party {
    pub label: String,
    pub url: Option<String>,
    pub person: bool,
    /// The raw reference, e.g. `sales` or `@lee`.
    pub id: String,
}

/// Where an entity is written, with an "edit" link when the repository is known.
#[derive(Clone, Debug, Serialize)]
pub struct Src {
    pub path: String,
    pub line: u32,
    pub edit_url: Option<String>,
}

/// URLs of every entity, and lookups the views need.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub config: &'a Config,
    pub sources: &'a SourceDb,
    pub diagnostics: &'a [Diagnostic],
    pub history: &'a History,
    pub today: Date,
    urls: HashMap<(Kind, String), String>,
    /// Ritual id -> its `.ics` file.
    pub ics: HashMap<String, String>,
    /// Team id -> members' anchors by handle (lower case, without `@`).
    person_team: HashMap<String, String>,
    /// Goals in tree order, with their depth.
    pub goal_order: Vec<(usize, usize)>,
    children: HashMap<String, Vec<usize>>,
    goal_rituals: HashMap<String, Vec<usize>>,
    goal_incentives: HashMap<String, Vec<usize>>,
    agreement_rituals: HashMap<String, Vec<usize>>,
    metric_goals: HashMap<String, Vec<usize>>,
    /// Diagnostic key (`goal:x`) -> indices into `diagnostics`.
    findings: HashMap<String, Vec<usize>>,
    /// Team id -> indices of its goals, responsibilities, agreements, rituals, incentives.
    pub team_goals: HashMap<String, Vec<usize>>,
    pub team_resps: HashMap<String, Vec<usize>>,
    pub team_agreements: HashMap<String, Vec<usize>>,
    pub team_rituals: HashMap<String, Vec<usize>>,
    pub team_incentives: HashMap<String, Vec<usize>>,
    edit_base: Option<String>,
    tree_base: Option<String>,
    blob_base: Option<String>,
}

fn push_unique(map: &mut HashMap<String, Vec<usize>>, key: &str, i: usize) {
    let v = map.entry(key.to_string()).or_default();
    if v.last() != Some(&i) {
        v.push(i);
    }
}

impl<'a> Ctx<'a> {
    /// Indexes the model: URLs, tree order and reverse references.
    pub fn new(
        model: &'a Model,
        config: &'a Config,
        sources: &'a SourceDb,
        diagnostics: &'a [Diagnostic],
        history: &'a History,
        today: Date,
    ) -> Ctx<'a> {
        let mut c = Ctx {
            model,
            config,
            sources,
            diagnostics,
            history,
            today,
            urls: HashMap::new(),
            ics: HashMap::new(),
            person_team: HashMap::new(),
            goal_order: Vec::new(),
            children: HashMap::new(),
            goal_rituals: HashMap::new(),
            goal_incentives: HashMap::new(),
            agreement_rituals: HashMap::new(),
            metric_goals: HashMap::new(),
            findings: HashMap::new(),
            team_goals: HashMap::new(),
            team_resps: HashMap::new(),
            team_agreements: HashMap::new(),
            team_rituals: HashMap::new(),
            team_incentives: HashMap::new(),
            edit_base: None,
            tree_base: None,
            blob_base: None,
        };
        c.index_links();
        c.index_refs();
        c.index_edit();
        c
    }

    fn add_urls<T>(
        &mut self,
        kind: Kind,
        section: &str,
        prefix: &str,
        items: &[T],
        id: impl Fn(&T) -> &str,
    ) {
        for (i, item) in items.iter().enumerate() {
            let id = id(item);
            let url = format!(
                "{}#{prefix}-{}",
                page_file(section, i / PAGE_SIZE),
                slug(id)
            );
            self.urls.entry((kind, id.to_string())).or_insert(url);
        }
    }

    fn index_links(&mut self) {
        let m = self.model;
        let mut used = std::collections::HashSet::new();
        for t in &m.teams {
            let mut file = format!("teams/{}.html", slug(&t.id));
            let mut n = 2;
            while !used.insert(file.clone()) {
                file = format!("teams/{}-{n}.html", slug(&t.id));
                n += 1;
            }
            self.urls
                .entry((Kind::Team, t.id.value.clone()))
                .or_insert(file.clone());
            for mem in &t.members {
                self.person_team
                    .entry(mem.github.to_ascii_lowercase())
                    .or_insert(file.clone());
            }
            for l in &t.leads {
                self.person_team
                    .entry(l.trim_start_matches('@').to_ascii_lowercase())
                    .or_insert(file.clone());
            }
        }
        self.goal_order = goal_tree(m);
        let order: Vec<usize> = self.goal_order.iter().map(|(i, _)| *i).collect();
        for (k, i) in order.iter().enumerate() {
            let g = &m.goals[*i];
            let url = format!("{}#goal-{}", page_file("goals", k / PAGE_SIZE), slug(&g.id));
            self.urls
                .entry((Kind::Goal, g.id.value.clone()))
                .or_insert(url);
        }
        self.add_urls(Kind::Metric, "glossary", "metric", &m.metrics, |x| &x.id);
        self.add_urls(
            Kind::Responsibility,
            "raci",
            "activity",
            &m.responsibilities,
            |x| &x.id,
        );
        self.add_urls(
            Kind::Incentive,
            "incentives",
            "incentive",
            &m.incentives,
            |x| &x.id,
        );
        self.add_urls(
            Kind::Agreement,
            "agreements",
            "agreement",
            &m.agreements,
            |x| &x.id,
        );
        self.add_urls(Kind::Ritual, "calendar", "ritual", &m.rituals, |x| &x.id);
        let mut used = std::collections::HashSet::new();
        used.insert("all.ics".to_string());
        for r in &m.rituals {
            let mut file = format!("{}.ics", slug(&r.id));
            let mut n = 2;
            while !used.insert(file.clone()) {
                file = format!("{}-{n}.ics", slug(&r.id));
                n += 1;
            }
            self.ics
                .entry(r.id.value.clone())
                .or_insert(format!("calendar/{file}"));
        }
    }

    fn index_refs(&mut self) {
        let m = self.model;
        for (i, g) in m.goals.iter().enumerate() {
            if let Some(p) = &g.parent {
                push_unique(&mut self.children, p, i);
            }
            if let Some(metric) = &g.metric {
                push_unique(&mut self.metric_goals, metric, i);
            }
            for o in g.owners.iter() {
                if let Some(t) = m.team_of_party(o) {
                    push_unique(&mut self.team_goals, &t.id, i);
                }
            }
        }
        for (i, r) in m.rituals.iter().enumerate() {
            for g in &r.goals {
                push_unique(&mut self.goal_rituals, g, i);
            }
            for a in &r.agreements {
                push_unique(&mut self.agreement_rituals, a, i);
            }
            for p in r.participants.iter().chain(std::iter::once(&r.dri)) {
                if let Some(t) = m.team_of_party(p) {
                    push_unique(&mut self.team_rituals, &t.id, i);
                }
            }
        }
        for (i, inc) in m.incentives.iter().enumerate() {
            for c in &inc.components {
                if let Some(g) = &c.goal {
                    push_unique(&mut self.goal_incentives, g, i);
                }
            }
            for p in inc.participants.iter() {
                if let Some(t) = m.team_of_party(p) {
                    push_unique(&mut self.team_incentives, &t.id, i);
                }
            }
        }
        for (i, r) in m.responsibilities.iter().enumerate() {
            let a = r.accountable.items();
            let parties = r
                .responsible
                .iter()
                .chain(a)
                .chain(&r.consulted)
                .chain(&r.informed);
            for p in parties {
                if let Some(t) = m.team_of_party(p) {
                    push_unique(&mut self.team_resps, &t.id, i);
                }
            }
        }
        for (i, a) in m.agreements.iter().enumerate() {
            for p in a.parties.iter() {
                if let Some(t) = m.team_of_party(p) {
                    push_unique(&mut self.team_agreements, &t.id, i);
                }
            }
        }
        for (i, d) in self.diagnostics.iter().enumerate() {
            self.findings.entry(d.key.clone()).or_default().push(i);
        }
    }

    fn index_edit(&mut self) {
        let Some(repo) = self.config.site.repository.as_deref().and_then(safe_url) else {
            return;
        };
        let repo = repo
            .trim_end_matches('/')
            .trim_end_matches(".git")
            .to_string();
        let branch = self
            .config
            .site
            .branch
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or("main");
        let prefix = &self.history.prefix;
        self.edit_base = Some(format!(
            "{repo}/edit/{}/{}",
            encode_path(branch),
            encode_path(prefix)
        ));
        self.tree_base = Some(format!(
            "{repo}/tree/{}/{}",
            encode_path(branch),
            encode_path(prefix)
        ));
        self.blob_base = Some(format!(
            "{repo}/blob/{}/{}",
            encode_path(branch),
            encode_path(prefix)
        ));
    }

    /// Where relative links in descriptions lead: each file to the site URL of
    /// its first entity.
    pub fn links(&self) -> super::env::Links {
        let m = self.model;
        let mut files = HashMap::new();
        let mut add = |loc: &Loc, kind: Kind, id: &str| {
            if let Some(url) = self.url(kind, id) {
                files.entry(self.path(loc).to_string()).or_insert(url);
            }
        };
        for x in &m.teams {
            add(&x.loc, Kind::Team, &x.id);
        }
        for x in &m.goals {
            add(&x.loc, Kind::Goal, &x.id);
        }
        for x in &m.metrics {
            add(&x.loc, Kind::Metric, &x.id);
        }
        for x in &m.responsibilities {
            add(&x.loc, Kind::Responsibility, &x.id);
        }
        for x in &m.incentives {
            add(&x.loc, Kind::Incentive, &x.id);
        }
        for x in &m.agreements {
            add(&x.loc, Kind::Agreement, &x.id);
        }
        for x in &m.rituals {
            add(&x.loc, Kind::Ritual, &x.id);
        }
        super::env::Links {
            files,
            blob_base: self.blob_base.clone(),
        }
    }

    /// The URL of an entity, relative to the site root.
    pub fn url(&self, kind: Kind, id: &str) -> Option<String> {
        self.urls.get(&(kind, id.to_string())).cloned()
    }

    /// "Edit" link of a repo file.
    pub fn edit_url(&self, path: &str) -> Option<String> {
        self.edit_base
            .as_ref()
            .map(|b| format!("{b}{}", encode_path(path)))
    }

    /// "Edit this page" for a page built from `locs`: the file itself when there
    /// is one, else the folder they share, else the repository.
    pub fn page_edit(&self, files: &[&str]) -> Option<String> {
        let first = files.first()?;
        if files.iter().all(|f| f == first) {
            return self.edit_url(first);
        }
        let mut common: Vec<&str> = first.split('/').collect();
        common.pop();
        for f in files {
            let parts: Vec<&str> = f.split('/').collect();
            let n = common
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .count();
            common.truncate(n);
        }
        let dir = common.join("/");
        self.tree_base
            .as_ref()
            .map(|b| format!("{b}{}", encode_path(&dir)))
    }

    /// The repo path of a document.
    pub fn path(&self, loc: &Loc) -> &str {
        self.sources.path(loc.file)
    }

    /// Where a document is written.
    pub fn src(&self, loc: &Loc) -> Src {
        let path = self.path(loc).to_string();
        Src {
            edit_url: self.edit_url(&path),
            line: loc.span.start.line,
            path,
        }
    }

    /// "Last updated" of a page built from these files: the latest git date, else
    /// the build date.
    pub fn last_updated(&self, files: &[&str]) -> (String, bool) {
        match self.history.last_changed_of(files.iter().copied()) {
            Some(d) => (d.to_string(), true),
            None => (self.today.to_string(), false),
        }
    }

    /// A party reference resolved to a label and a link.
    pub fn party(&self, p: &str) -> Party {
        if let Some(handle) = p.strip_prefix('@') {
            let person = self.model.teams.iter().find_map(|t| {
                t.members
                    .iter()
                    .find(|m| m.github.eq_ignore_ascii_case(handle))
                    .map(|m| m.name.value.clone())
            });
            let url = self
                .person_team
                .get(&handle.to_ascii_lowercase())
                .map(|f| format!("{f}#person-{}", slug(&handle.to_ascii_lowercase())));
            return Party {
                label: person.map_or_else(|| p.to_string(), |n| format!("{n} ({p})")),
                url,
                person: true,
                id: p.to_string(),
            };
        }
        match self.model.team(p) {
            Some(t) => Party {
                label: t.name.value.clone(),
                url: self.url(Kind::Team, p),
                person: false,
                id: p.to_string(),
            },
            None => Party {
                label: p.to_string(),
                url: None,
                person: false,
                id: p.to_string(),
            },
        }
    }

    fn parties<'s>(
        &self,
        ps: impl IntoIterator<Item = &'s crate::model::de::Spanned<String>>,
    ) -> Vec<Party> {
        ps.into_iter().map(|p| self.party(p)).collect()
    }

    fn goal_ref(&self, id: &str) -> Ref {
        Ref {
            label: self
                .model
                .goal(id)
                .map_or_else(|| id.to_string(), |g| g.title.value.clone()),
            url: self.url(Kind::Goal, id),
        }
    }

    fn metric_ref(&self, id: &str) -> Ref {
        Ref {
            label: self
                .model
                .metric(id)
                .map_or_else(|| id.to_string(), metric_label),
            url: self.url(Kind::Metric, id),
        }
    }

    fn ref_of(&self, kind: Kind, id: &str, label: &str) -> Ref {
        Ref {
            label: label.to_string(),
            url: self.url(kind, id),
        }
    }

    fn period_label(&self, id: &str) -> String {
        match self.config.period(id) {
            Some(p) => format!(
                "{} ({} – {})",
                p.name.as_deref().unwrap_or(&p.id),
                p.start.value,
                p.end.value
            ),
            None => id.to_string(),
        }
    }

    /// Messages of the findings about an entity.
    pub fn findings_of(&self, kind: Kind, id: &str) -> Vec<&Diagnostic> {
        self.findings
            .get(&kind.key(id))
            .map(|v| v.iter().map(|i| &self.diagnostics[*i]).collect())
            .unwrap_or_default()
    }

    /// Where a finding's entity is shown.
    pub fn finding_url(&self, key: &str) -> Option<String> {
        let (kind, id) = key.split_once(':')?;
        let kind = Kind::ALL.into_iter().find(|k| k.schema_stem() == kind)?;
        self.url(kind, id)
    }
}

fn metric_label(m: &Metric) -> String {
    match m.aliases.first() {
        Some(a) if a.value != m.name.value => format!("{} ({})", m.name.value, a.value),
        _ => m.name.value.clone(),
    }
}

/// Goals in tree order (parents before children), with depth. Goals whose parent
/// is missing are roots; goals caught in a parent cycle are added as roots.
fn goal_tree(m: &Model) -> Vec<(usize, usize)> {
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (i, g) in m.goals.iter().enumerate() {
        match g
            .parent
            .as_ref()
            .filter(|p| m.goal(p).is_some() && p.value != g.id.value)
        {
            Some(p) => children.entry(p.as_str()).or_default().push(i),
            None => roots.push(i),
        }
    }
    let mut seen = vec![false; m.goals.len()];
    let mut out = Vec::with_capacity(m.goals.len());
    let visit = |start: usize, out: &mut Vec<(usize, usize)>, seen: &mut Vec<bool>| {
        let mut stack = vec![(start, 0usize)];
        while let Some((i, depth)) = stack.pop() {
            if seen[i] {
                continue;
            }
            seen[i] = true;
            out.push((i, depth));
            if let Some(kids) = children.get(m.goals[i].id.as_str()) {
                for k in kids.iter().rev() {
                    stack.push((*k, depth + 1));
                }
            }
        }
    };
    for r in roots {
        visit(r, &mut out, &mut seen);
    }
    for i in 0..m.goals.len() {
        if !seen[i] {
            visit(i, &mut out, &mut seen);
        }
    }
    out
}

// ---------------------------------------------------------------- goals

/// A goal as cards and the tree show it.
#[derive(Clone, Debug, Serialize)]
pub struct GoalView {
    pub id: String,
    pub anchor: String,
    pub url: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub owners: Vec<Party>,
    pub primary: Option<Party>,
    pub shared: bool,
    pub period: String,
    pub metric: Option<Ref>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub current: Option<String>,
    /// 0..=100, for the progress bar.
    pub progress: Option<u32>,
    /// on-track, at-risk, off-track, done or unknown.
    pub status: String,
    pub status_label: String,
    /// The status was estimated from the numbers, not declared.
    pub status_estimated: bool,
    pub parent: Option<Ref>,
    pub children: Vec<Ref>,
    pub depth: usize,
    pub key_results: Vec<KrView>,
    pub reviewed_in: Vec<Ref>,
    pub paid_by: Vec<Ref>,
    pub findings: Vec<String>,
    pub src: Src,
}

/// A key result.
#[derive(Clone, Debug, Serialize)]
pub struct KrView {
    pub title: String,
    pub milestone: bool,
    pub owner: Option<Party>,
    pub metric: Option<Ref>,
    pub target: Option<String>,
    pub current: Option<String>,
    pub progress: Option<u32>,
    pub due: Option<String>,
    pub weight: Option<String>,
}

/// Progress from baseline to target, 0.0 = baseline, 1.0 = target reached.
fn progress(
    baseline: Option<f64>,
    target: Option<f64>,
    current: Option<f64>,
    dir: Direction,
) -> Option<f64> {
    let (t, c) = (target?, current?);
    let p = match (dir, baseline) {
        (Direction::Increase, Some(b)) if (t - b).abs() > f64::EPSILON => (c - b) / (t - b),
        (Direction::Decrease, Some(b)) if (b - t).abs() > f64::EPSILON => (b - c) / (b - t),
        (Direction::Increase, _) if t.abs() > f64::EPSILON => c / t,
        (Direction::Decrease, _) if c.abs() > f64::EPSILON => t / c,
        _ => return None,
    };
    p.is_finite().then_some(p)
}

/// Attainment in percent of target (what incentive plans pay on).
pub fn attainment(target: Option<f64>, current: Option<f64>, dir: Direction) -> Option<f64> {
    let (t, c) = (target?, current?);
    let a = match dir {
        Direction::Increase if t.abs() > f64::EPSILON => c / t * 100.0,
        Direction::Decrease if c.abs() > f64::EPSILON => t / c * 100.0,
        _ => return None,
    };
    a.is_finite().then_some(a)
}

fn pct_bar(p: Option<f64>) -> Option<u32> {
    p.map(|p| (p * 100.0).clamp(0.0, 100.0).round() as u32)
}

fn status_label(s: &str) -> &'static str {
    match s {
        "on-track" => "On track",
        "at-risk" => "At risk",
        "off-track" => "Off track",
        "done" => "Done",
        _ => "No data",
    }
}

impl Ctx<'_> {
    fn goal_unit(&self, g: &Goal) -> (Unit, Option<String>, Direction) {
        let metric = g.metric.as_ref().and_then(|m| self.model.metric(m));
        let dir = g
            .direction
            .or_else(|| metric.map(|m| m.direction))
            .unwrap_or_default();
        (
            metric.map(|m| m.unit).unwrap_or_default(),
            metric.and_then(|m| m.currency.clone()),
            dir,
        )
    }

    /// How far into its period a goal is (0.0 ..= 1.0).
    fn elapsed(&self, period: &str) -> Option<f64> {
        let p = self.config.period(period)?;
        let (s, e) = (Date::parse(&p.start)?, Date::parse(&p.end)?);
        let len = s.days_until(e) + 1;
        (len > 0).then(|| (s.days_until(self.today) as f64 / len as f64).clamp(0.0, 1.0))
    }

    /// The view of goal `i`, at `depth` in the tree.
    pub fn goal(&self, i: usize, depth: usize) -> GoalView {
        let g = &self.model.goals[i];
        let (unit, cur, dir) = self.goal_unit(g);
        let fmt = |v: f64| fmt_value(v, unit, cur.as_deref());
        let target = g.target.as_ref().map(|t| t.value);
        let p = progress(g.baseline.as_ref().map(|b| b.value), target, g.current, dir);
        let (status, estimated) = match g.status {
            Some(s) => (
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                false,
            ),
            None => match (p, self.elapsed(&g.period)) {
                (Some(p), _) if p >= 1.0 => ("on-track".to_string(), true),
                (Some(p), Some(e)) if p >= e - 0.1 => ("on-track".to_string(), true),
                (Some(p), Some(e)) if p >= e - 0.25 => ("at-risk".to_string(), true),
                (Some(_), Some(_)) => ("off-track".to_string(), true),
                _ => ("unknown".to_string(), false),
            },
        };
        GoalView {
            id: g.id.value.clone(),
            anchor: format!("goal-{}", slug(&g.id)),
            url: self.url(Kind::Goal, &g.id),
            title: g.title.value.clone(),
            description: g.description.clone(),
            owners: self.parties(g.owners.iter()),
            primary: g.primary_owner.as_ref().map(|p| self.party(p)),
            shared: g.is_shared(),
            period: self.period_label(&g.period),
            metric: g.metric.as_ref().map(|m| self.metric_ref(m)),
            baseline: g.baseline.as_ref().map(|b| fmt(b.value)),
            target: target.map(fmt),
            current: g.current.map(fmt),
            progress: pct_bar(p),
            status_label: status_label(&status).to_string(),
            status,
            status_estimated: estimated,
            parent: g.parent.as_ref().map(|p| self.goal_ref(p)),
            children: self
                .children
                .get(g.id.as_str())
                .map(|v| {
                    v.iter()
                        .map(|c| self.goal_ref(&self.model.goals[*c].id))
                        .collect()
                })
                .unwrap_or_default(),
            depth: depth.min(6),
            key_results: g
                .key_results
                .iter()
                .map(|kr| self.key_result(kr, dir))
                .collect(),
            reviewed_in: self.rituals_ref(self.goal_rituals.get(g.id.as_str())),
            paid_by: self
                .goal_incentives
                .get(g.id.as_str())
                .map(|v| {
                    v.iter()
                        .map(|k| {
                            let inc = &self.model.incentives[*k];
                            self.ref_of(Kind::Incentive, &inc.id, &inc.name)
                        })
                        .collect()
                })
                .unwrap_or_default(),
            findings: self
                .findings_of(Kind::Goal, &g.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&g.loc),
        }
    }

    fn rituals_ref(&self, v: Option<&Vec<usize>>) -> Vec<Ref> {
        v.map(|v| {
            v.iter()
                .map(|k| {
                    let r = &self.model.rituals[*k];
                    self.ref_of(Kind::Ritual, &r.id, &r.name)
                })
                .collect()
        })
        .unwrap_or_default()
    }

    fn key_result(&self, kr: &crate::model::KeyResult, goal_dir: Direction) -> KrView {
        let metric = kr.metric.as_ref().and_then(|m| self.model.metric(m));
        let unit = metric.map(|m| m.unit).unwrap_or_default();
        let cur = metric.and_then(|m| m.currency.as_deref());
        let dir = kr
            .direction
            .or(metric.map(|m| m.direction))
            .unwrap_or(goal_dir);
        let target = kr.target.as_ref().map(|t| t.value);
        KrView {
            title: kr.title.value.clone(),
            milestone: kr.kind == crate::model::KrType::Milestone,
            owner: kr.owner.as_ref().map(|o| self.party(o)),
            metric: kr.metric.as_ref().map(|m| self.metric_ref(m)),
            target: target.map(|v| fmt_value(v, unit, cur)),
            current: kr.current.map(|v| fmt_value(v, unit, cur)),
            progress: pct_bar(progress(kr.baseline, target, kr.current, dir)),
            due: kr.due.as_ref().map(|d| d.value.clone()),
            weight: kr.weight.as_ref().map(|w| format!("{}%", fmt_num(w.value))),
        }
    }
}

// ---------------------------------------------------------------- teams

/// A person in a team.
#[derive(Clone, Debug, Serialize)]
pub struct PersonView {
    pub anchor: String,
    pub name: String,
    pub handle: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub lead: bool,
}

/// A channel of a team.
#[derive(Clone, Debug, Serialize)]
pub struct ChannelView {
    pub kind: String,
    pub name: String,
    pub url: Option<String>,
    pub open: bool,
}

/// A team, in full.
#[derive(Clone, Debug, Serialize)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    pub description: Option<String>,
    pub leads: Vec<Party>,
    pub members: Vec<PersonView>,
    pub channels: Vec<ChannelView>,
    pub goal_count: usize,
    pub finding_count: usize,
    pub src: Src,
}

impl Ctx<'_> {
    /// The view of a team.
    pub fn team(&self, t: &Team) -> TeamView {
        let leads: Vec<String> = t
            .leads
            .iter()
            .map(|l| l.trim_start_matches('@').to_ascii_lowercase())
            .collect();
        let mut members: Vec<PersonView> = t
            .members
            .iter()
            .map(|m| PersonView {
                anchor: format!("person-{}", slug(&m.github.to_ascii_lowercase())),
                name: m.name.value.clone(),
                handle: format!("@{}", m.github.value),
                role: m.role.clone(),
                email: m
                    .email
                    .as_deref()
                    .filter(|e| e.contains('@') && safe_url(&format!("mailto:{e}")).is_some())
                    .map(str::to_string),
                lead: leads.contains(&m.github.to_ascii_lowercase()),
            })
            .collect();
        members.sort_by_key(|m| !m.lead);
        TeamView {
            id: t.id.value.clone(),
            name: t.name.value.clone(),
            url: self.url(Kind::Team, &t.id),
            description: t.description.clone(),
            leads: t.leads.iter().map(|l| self.party(l)).collect(),
            members,
            channels: t
                .channels
                .iter()
                .map(|c| ChannelView {
                    kind: serde_json::to_value(c.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    name: c.name.clone(),
                    url: c.url.as_deref().and_then(safe_url),
                    open: *c.open,
                })
                .collect(),
            goal_count: self.team_goals.get(t.id.as_str()).map_or(0, Vec::len),
            finding_count: self.findings_of(Kind::Team, &t.id).len(),
            src: self.src(&t.loc),
        }
    }
}

// ---------------------------------------------------------------- RACI

/// One cell of the matrix.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub team: String,
    pub team_name: String,
    /// e.g. ["A", "R"].
    pub letters: Vec<String>,
    /// Tooltip: what the letters mean and who, when a person is named.
    pub title: String,
    pub conflict: bool,
}

/// One activity.
#[derive(Clone, Debug, Serialize)]
pub struct RaciRow {
    pub id: String,
    pub anchor: String,
    pub activity: String,
    pub description: Option<String>,
    pub handoff: Option<(Party, Party)>,
    pub cells: Vec<Cell>,
    pub responsible: Vec<Party>,
    pub accountable: Vec<Party>,
    pub consulted: Vec<Party>,
    pub informed: Vec<Party>,
    pub lead: Option<Party>,
    pub findings: Vec<String>,
    pub conflict: bool,
    pub src: Src,
}

/// The letters a party holds for an activity, in A R C I order.
pub fn letters_of(r: &Responsibility, team: &str, model: &Model) -> Vec<(char, Vec<String>)> {
    let a = r.accountable.items();
    let groups: [(char, Vec<&crate::model::de::Spanned<String>>); 4] = [
        ('A', a),
        ('R', r.responsible.iter().collect()),
        ('C', r.consulted.iter().collect()),
        ('I', r.informed.iter().collect()),
    ];
    let mut out = Vec::new();
    for (letter, parties) in groups {
        let who: Vec<String> = parties
            .iter()
            .filter(|p| model.team_of_party(p).is_some_and(|t| t.id.value == team))
            .map(|p| p.value.clone())
            .collect();
        if !who.is_empty() {
            out.push((letter, who));
        }
    }
    out
}

fn letter_word(c: char) -> &'static str {
    match c {
        'A' => "Accountable",
        'R' => "Responsible",
        'C' => "Consulted",
        _ => "Informed",
    }
}

impl Ctx<'_> {
    /// The row of responsibility `i` with cells for `teams`.
    pub fn raci_row(&self, i: usize, teams: &[&Team]) -> RaciRow {
        let r = &self.model.responsibilities[i];
        let findings: Vec<String> = self
            .findings_of(Kind::Responsibility, &r.id)
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        let n_accountable = r.accountable.items().len();
        let cells = teams
            .iter()
            .map(|t| {
                let ls = letters_of(r, &t.id, self.model);
                let title = ls
                    .iter()
                    .map(|(c, who)| {
                        let people: Vec<&str> = who
                            .iter()
                            .filter(|w| w.starts_with('@'))
                            .map(String::as_str)
                            .collect();
                        if people.is_empty() {
                            letter_word(*c).to_string()
                        } else {
                            format!("{} ({})", letter_word(*c), people.join(", "))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                RaciRow::cell(t, &ls, title, !findings.is_empty() && n_accountable != 1)
            })
            .collect();
        RaciRow {
            id: r.id.value.clone(),
            anchor: format!("activity-{}", slug(&r.id)),
            activity: r.activity.value.clone(),
            description: r.description.clone(),
            handoff: r
                .handoff
                .as_ref()
                .map(|h| (self.party(&h.from), self.party(&h.to))),
            cells,
            responsible: self.parties(r.responsible.iter()),
            accountable: self.parties(r.accountable.items()),
            consulted: self.parties(r.consulted.iter()),
            informed: self.parties(r.informed.iter()),
            lead: r.lead.as_ref().map(|l| self.party(l)),
            conflict: !findings.is_empty(),
            findings,
            src: self.src(&r.loc),
        }
    }
}

impl RaciRow {
    fn cell(t: &Team, ls: &[(char, Vec<String>)], title: String, conflict_row: bool) -> Cell {
        let letters: Vec<String> = ls.iter().map(|(c, _)| c.to_string()).collect();
        Cell {
            team: t.id.value.clone(),
            team_name: t.name.value.clone(),
            conflict: conflict_row && ls.iter().any(|(c, _)| *c == 'A'),
            letters,
            title,
        }
    }
}

// ---------------------------------------------------------------- incentives

/// One component in plain words.
#[derive(Clone, Debug, Serialize)]
pub struct ComponentView {
    pub id: String,
    pub on: Ref,
    pub weight: String,
    pub threshold: Option<String>,
    pub cap: Option<String>,
    pub applies_to: Vec<Party>,
    pub guardrails: Vec<Ref>,
    pub direction: String,
}

/// A credit split.
#[derive(Clone, Debug, Serialize)]
pub struct SplitView {
    pub deal_type: String,
    pub parts: Vec<(Party, String)>,
    pub double_credit: bool,
}

/// One part of the plan in the worked example.
#[derive(Clone, Debug, Serialize)]
pub struct ExamplePart {
    pub label: String,
    pub weight: String,
}

/// The payout under one assumption about attainment.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    /// e.g. "At today's numbers", "At target (100%)".
    pub name: String,
    /// Per part: "87% counts 87%: 1,820".
    pub cells: Vec<String>,
    pub total: String,
    pub total_pct: String,
    /// What the gate did, when the plan has one.
    pub gate: Option<String>,
}

/// A worked payout example computed from the plan's numbers.
#[derive(Clone, Debug, Serialize)]
pub struct Example {
    pub on_target_pay: String,
    pub plan_share: String,
    pub plan_amount: String,
    pub parts: Vec<ExamplePart>,
    pub scenarios: Vec<Scenario>,
}

/// An incentive plan.
#[derive(Clone, Debug, Serialize)]
pub struct IncentiveView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub description: Option<String>,
    pub period: String,
    pub participants: Vec<Party>,
    pub share: Option<String>,
    pub joint: bool,
    pub components: Vec<ComponentView>,
    pub gate: Option<GateView>,
    pub splits: Vec<SplitView>,
    pub example: Example,
    pub findings: Vec<String>,
    pub src: Src,
}

/// A payout gate.
#[derive(Clone, Debug, Serialize)]
pub struct GateView {
    pub on: Ref,
    pub min: String,
    pub applies_to: Vec<Party>,
}

fn goal_str(g: &Option<crate::model::de::Spanned<String>>) -> Option<&str> {
    g.as_deref().map(String::as_str)
}

/// On-target variable pay the worked example assumes (a round, neutral number).
const EXAMPLE_PAY: f64 = 10_000.0;

impl Ctx<'_> {
    /// Attainment of a goal or metric, and whether it is from today's numbers.
    fn attainment_of(&self, goal: Option<&str>) -> (f64, bool) {
        goal.and_then(|g| self.model.goal(g))
            .and_then(|g| {
                let (_, _, dir) = self.goal_unit(g);
                attainment(g.target.as_ref().map(|t| t.value), g.current, dir)
            })
            .map_or((100.0, false), |a| (a, true))
    }

    fn target_ref(&self, goal: Option<&str>, metric: Option<&str>) -> Ref {
        match (goal, metric) {
            (Some(g), _) => self.goal_ref(g),
            (None, Some(m)) => self.metric_ref(m),
            (None, None) => Ref {
                label: "(nothing named)".into(),
                url: None,
            },
        }
    }

    /// The view of incentive plan `i`.
    pub fn incentive(&self, inc: &Incentive) -> IncentiveView {
        let components: Vec<ComponentView> = inc
            .components
            .iter()
            .map(|c| ComponentView {
                id: c.id.value.clone(),
                on: self.target_ref(
                    c.goal.as_deref().map(String::as_str),
                    c.metric.as_deref().map(String::as_str),
                ),
                weight: format!("{}%", fmt_num(c.weight.value)),
                threshold: c.threshold.map(|t| format!("{}%", fmt_num(t))),
                cap: c.cap.map(|t| format!("{}%", fmt_num(t))),
                applies_to: self.parties(c.applies_to.iter()),
                guardrails: c.guardrails.iter().map(|g| self.metric_ref(g)).collect(),
                direction: match c.direction.as_ref().map(|d| d.value) {
                    Some(Direction::Decrease) => "lower is better".into(),
                    Some(Direction::Increase) => "higher is better".into(),
                    None => String::new(),
                },
            })
            .collect();
        let owners_teams: std::collections::BTreeSet<String> = inc
            .participants
            .iter()
            .filter_map(|p| self.model.team_of_party(p).map(|t| t.id.value.clone()))
            .collect();
        IncentiveView {
            id: inc.id.value.clone(),
            anchor: format!("incentive-{}", slug(&inc.id)),
            name: inc.name.value.clone(),
            description: inc.description.clone(),
            period: self.period_label(&inc.period),
            participants: self.parties(inc.participants.iter()),
            share: inc.variable_pay_share.map(|s| format!("{}%", fmt_num(s))),
            joint: owners_teams.len() > 1,
            components,
            gate: inc.gate.as_ref().map(|g| GateView {
                on: self.target_ref(
                    g.goal.as_deref().map(String::as_str),
                    g.metric.as_deref().map(String::as_str),
                ),
                min: format!("{}%", fmt_num(g.min_attainment)),
                applies_to: self.parties(g.applies_to.iter()),
            }),
            splits: inc
                .credit_splits
                .iter()
                .map(|s| SplitView {
                    deal_type: s.deal_type.value.clone(),
                    parts: s
                        .splits
                        .iter()
                        .map(|(t, p)| (self.party(t), format!("{}%", fmt_num(*p))))
                        .collect(),
                    double_credit: s.double_credit,
                })
                .collect(),
            example: self.example(inc),
            findings: self
                .findings_of(Kind::Incentive, &inc.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&inc.loc),
        }
    }

    /// The worked payout example: each part's attainment cut by its threshold
    /// and cap, times its weight, under three assumptions: today's numbers (when
    /// the goals have them), everything at target, everything at 130%.
    fn example(&self, inc: &Incentive) -> Example {
        let share = inc.variable_pay_share.unwrap_or(100.0).clamp(0.0, 100.0);
        let plan_amount = EXAMPLE_PAY * share / 100.0;
        let parts = inc
            .components
            .iter()
            .map(|c| ExamplePart {
                label: self
                    .target_ref(goal_str(&c.goal), c.metric.as_deref().map(String::as_str))
                    .label,
                weight: format!("{}%", fmt_num(c.weight.value)),
            })
            .collect();
        let today: Vec<(f64, bool)> = inc
            .components
            .iter()
            .map(|c| self.attainment_of(goal_str(&c.goal)))
            .collect();
        let gate_today = inc
            .gate
            .as_ref()
            .map(|g| self.attainment_of(goal_str(&g.goal)));
        let mut scenarios = Vec::new();
        if today.iter().any(|(_, real)| *real) {
            let atts: Vec<f64> = today.iter().map(|(a, _)| *a).collect();
            scenarios.push(self.scenario(
                inc,
                "At today's numbers",
                &atts,
                gate_today.map(|(a, _)| a),
                plan_amount,
            ));
        }
        for level in [100.0, 130.0] {
            let atts = vec![level; inc.components.len()];
            let name = if level == 100.0 {
                "Everything at target".to_string()
            } else {
                format!("Everything at {}%", fmt_num(level))
            };
            scenarios.push(self.scenario(inc, &name, &atts, Some(level), plan_amount));
        }
        Example {
            on_target_pay: fmt_num(EXAMPLE_PAY),
            plan_share: format!("{}%", fmt_num(share)),
            plan_amount: fmt_num(plan_amount),
            parts,
            scenarios,
        }
    }

    fn scenario(
        &self,
        inc: &Incentive,
        name: &str,
        atts: &[f64],
        gate_att: Option<f64>,
        plan_amount: f64,
    ) -> Scenario {
        let mut total = 0.0;
        let mut cells = Vec::new();
        for (c, att) in inc.components.iter().zip(atts) {
            let counted = if c.threshold.is_some_and(|t| *att < t) {
                0.0
            } else {
                c.cap.map_or(*att, |cap| att.min(cap)).max(0.0)
            };
            let pays = plan_amount * c.weight.value / 100.0 * counted / 100.0;
            total += pays;
            let how = if counted == 0.0 && *att > 0.0 {
                "below threshold".to_string()
            } else if (counted - att).abs() > 0.5 {
                format!("capped at {}%", fmt_num(counted.round()))
            } else {
                String::new()
            };
            cells.push(format!(
                "{}%{}: {}",
                fmt_num(att.round()),
                if how.is_empty() {
                    String::new()
                } else {
                    format!(" ({how})")
                },
                fmt_num(pays.round())
            ));
        }
        let gate = inc.gate.as_ref().map(|g| {
            let att = gate_att.unwrap_or(100.0);
            let met = att >= g.min_attainment;
            if !met {
                total = 0.0;
            }
            format!(
                "gate at {}% of the {}% needed: {}",
                fmt_num(att.round()),
                fmt_num(g.min_attainment),
                if met {
                    "met"
                } else {
                    "not met, nothing is paid"
                }
            )
        });
        Scenario {
            name: name.to_string(),
            cells,
            total: fmt_num(total.round()),
            total_pct: if plan_amount > 0.0 {
                format!("{}%", fmt_num((total / plan_amount * 100.0).round()))
            } else {
                "0%".into()
            },
            gate,
        }
    }
}

// ---------------------------------------------------------------- agreements

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
        let every = a
            .review_every_days
            .unwrap_or(self.config.limits.agreement_review_days);
        let last = a.last_reviewed.as_ref().and_then(|d| Date::parse(d));
        let next = last.map(|d| d.add_days(i64::from(every)));
        AgreementView {
            id: a.id.value.clone(),
            anchor: format!("agreement-{}", slug(&a.id)),
            name: a.name.value.clone(),
            description: a.description.clone(),
            parties: self.parties(a.parties.iter()),
            handoff: a.handoff.as_ref().map(|h| {
                let label = self
                    .model
                    .responsibility(h)
                    .map_or_else(|| h.value.clone(), |r| r.activity.value.clone());
                self.ref_of(Kind::Responsibility, h, &label)
            }),
            stage: a.stage.as_ref().map(|s| self.metric_ref(s)),
            commitments,
            return_rule: a.return_rule.clone(),
            disposition_codes: a.disposition_codes.clone(),
            last_reviewed: a.last_reviewed.as_ref().map(|d| d.value.clone()),
            next_review: next.map(|d| d.to_string()),
            review_overdue: next.is_some_and(|d| d < self.today),
            reviewed_in: self.rituals_ref(self.agreement_rituals.get(a.id.as_str())),
            findings: self
                .findings_of(Kind::Agreement, &a.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&a.loc),
        }
    }
}

// ---------------------------------------------------------------- rituals

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
    pub src: Src,
}

impl Ctx<'_> {
    /// The view of a ritual.
    pub fn ritual(&self, r: &Ritual) -> RitualView {
        let s = ics::schedule(r, self.today);
        let day = ics::weekday_name(s.weekday);
        let cadence = match s.cadence {
            crate::model::Cadence::Daily => "Every day".to_string(),
            crate::model::Cadence::Weekly => format!("Every {day}"),
            crate::model::Cadence::Biweekly => format!("Every other {day}"),
            crate::model::Cadence::Monthly => format!("Monthly, on a {day}"),
            crate::model::Cadence::Quarterly => format!("Quarterly, on a {day}"),
        };
        let time = s.time.map(|(h, m)| format!("{h:02}:{m:02}"));
        let mut when = cadence.clone();
        if let Some(t) = &time {
            when.push_str(&format!(" at {t}"));
            if let Some(tz) = &s.timezone {
                when.push_str(&format!(" ({tz})"));
            }
        }
        if let Some(d) = r.duration_minutes {
            when.push_str(&format!(", {d} minutes"));
        }
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
                        .model
                        .agreement(a)
                        .map_or_else(|| a.value.clone(), |x| x.name.value.clone());
                    self.ref_of(Kind::Agreement, a, &label)
                })
                .collect(),
            channel_url: r.channel.as_deref().and_then(safe_url),
            channel: r.channel.clone(),
            ics: self.ics.get(r.id.as_str()).cloned(),
            next,
            findings: self
                .findings_of(Kind::Ritual, &r.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&r.loc),
        }
    }
}

// ---------------------------------------------------------------- metrics

/// A funnel stage.
#[derive(Clone, Debug, Serialize)]
pub struct StageView {
    pub metric: Ref,
    pub short: String,
    pub order: u32,
    pub owner: Party,
    pub entry_criteria: Vec<String>,
    pub threshold: Option<String>,
    pub exits: Vec<Ref>,
}

/// A funnel: its stages in order.
#[derive(Clone, Debug, Serialize)]
pub struct FunnelView {
    pub id: String,
    pub stages: Vec<StageView>,
}

/// A metric definition.
#[derive(Clone, Debug, Serialize)]
pub struct MetricView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub definition: String,
    pub unit: String,
    pub direction: String,
    pub category: String,
    pub owner: Party,
    pub approved_by: Vec<Party>,
    pub source: Option<String>,
    pub formula: Option<String>,
    pub stage: Option<String>,
    pub used_by: Vec<Ref>,
    pub findings: Vec<String>,
    pub src: Src,
}

fn enum_str<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Ctx<'_> {
    /// The view of a metric.
    pub fn metric(&self, m: &Metric) -> MetricView {
        let mut unit = enum_str(m.unit);
        if let Some(c) = &m.currency {
            unit = format!("{unit} ({c})");
        }
        MetricView {
            id: m.id.value.clone(),
            anchor: format!("metric-{}", slug(&m.id)),
            name: m.name.value.clone(),
            aliases: m.aliases.iter().map(|a| a.value.clone()).collect(),
            definition: m.definition.value.clone(),
            unit,
            direction: match m.direction {
                Direction::Increase => "higher is better".into(),
                Direction::Decrease => "lower is better".into(),
            },
            category: enum_str(m.category),
            owner: self.party(&m.owner),
            approved_by: self.parties(m.approved_by.iter()),
            source: m.source.clone(),
            formula: m.formula.clone(),
            stage: m
                .stage
                .as_ref()
                .map(|s| format!("stage {} of the {} funnel", s.order.value, s.funnel.value)),
            used_by: self
                .metric_goals
                .get(m.id.as_str())
                .map(|v| {
                    v.iter()
                        .take(50)
                        .map(|i| self.goal_ref(&self.model.goals[*i].id))
                        .collect()
                })
                .unwrap_or_default(),
            findings: self
                .findings_of(Kind::Metric, &m.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&m.loc),
        }
    }

    /// Every funnel, stages ordered.
    pub fn funnels(&self) -> Vec<FunnelView> {
        let mut by: indexmap::IndexMap<String, Vec<&Metric>> = indexmap::IndexMap::new();
        for m in &self.model.metrics {
            if let Some(s) = &m.stage {
                by.entry(s.funnel.value.clone()).or_default().push(m);
            }
        }
        by.into_iter()
            .map(|(id, mut ms)| {
                ms.sort_by_key(|m| m.stage.as_ref().map_or(0, |s| s.order.value));
                let stages = ms
                    .iter()
                    .filter_map(|m| {
                        let s = m.stage.as_ref()?;
                        Some(StageView {
                            metric: self.ref_of(Kind::Metric, &m.id, &m.name),
                            short: m
                                .aliases
                                .first()
                                .map_or_else(|| m.name.value.clone(), |a| a.value.clone()),
                            order: s.order.value,
                            owner: self.party(&s.owner),
                            entry_criteria: s.entry_criteria.clone(),
                            threshold: s.score_threshold.map(fmt_num),
                            exits: s
                                .exits_to
                                .iter()
                                .map(|e| match self.model.metric(e) {
                                    Some(x) => self.ref_of(
                                        Kind::Metric,
                                        &x.id,
                                        x.aliases.first().map_or(&x.name.value, |a| &a.value),
                                    ),
                                    None => Ref {
                                        label: e.value.clone(),
                                        url: None,
                                    },
                                })
                                .collect(),
                        })
                    })
                    .collect();
                FunnelView { id, stages }
            })
            .collect()
    }
}

// ---------------------------------------------------------------- health

/// A finding of `check`.
#[derive(Clone, Debug, Serialize)]
pub struct FindingView {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    pub location: String,
    pub help: Option<String>,
    pub notes: Vec<String>,
    pub url: Option<String>,
    pub edit_url: Option<String>,
}

impl Ctx<'_> {
    /// The view of a finding.
    pub fn finding(&self, d: &Diagnostic) -> FindingView {
        let path = self.sources.path(d.primary.file);
        let p = d.primary.span.start;
        FindingView {
            code: d.code.to_string(),
            name: d.name.to_string(),
            severity: d.severity.as_str().to_string(),
            message: d.message.clone(),
            location: format!("{path}:{}:{}", p.line, p.col),
            help: d.help.clone(),
            notes: d.notes.clone(),
            url: self.finding_url(&d.key),
            edit_url: self.edit_url(path),
        }
    }

    /// Findings at a severity, for the counts on the nav and the home page.
    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_distinct() {
        assert_eq!(slug("lead-scoring"), "lead-scoring");
        assert_eq!(slug("Lead"), "_4cead");
        assert_ne!(slug("a_b"), slug("a/b"));
        assert!(
            slug("日本語")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        );
        assert_eq!(slug(""), "x");
        assert_eq!(slug(".."), "x..");
        assert!(slug(&"x".repeat(500)).len() <= 120);
    }

    #[test]
    fn urls_must_be_http_or_mailto() {
        assert!(safe_url("https://acme.slack.com/x").is_some());
        assert!(safe_url("mailto:a@b.example").is_some());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url(" JavaScript:alert(1)").is_none());
        assert!(safe_url("https://x\" onmouseover=\"y").is_none());
        assert!(safe_url("data:text/html,x").is_none());
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(fmt_num(4_500_000.0), "4,500,000");
        assert_eq!(fmt_num(12.5), "12.5");
        assert_eq!(fmt_num(-1234.567), "-1,234.57");
        assert_eq!(fmt_compact(4_500_000.0), "4.5M");
        assert_eq!(fmt_compact(450_000.0), "450k");
        assert_eq!(fmt_value(4_500_000.0, Unit::Currency, Some("USD")), "$4.5M");
        assert_eq!(fmt_value(1_200.0, Unit::Currency, Some("CHF")), "1,200 CHF");
        assert_eq!(fmt_value(92.0, Unit::Percent, None), "92%");
    }

    #[test]
    fn progress_and_attainment() {
        let p = progress(Some(3.0), Some(4.5), Some(3.9), Direction::Increase).unwrap();
        assert!((p - 0.6).abs() < 1e-9);
        let d = progress(Some(10.0), Some(5.0), Some(7.5), Direction::Decrease).unwrap();
        assert!((d - 0.5).abs() < 1e-9);
        assert_eq!(
            attainment(Some(200.0), Some(150.0), Direction::Increase),
            Some(75.0)
        );
        assert_eq!(
            attainment(Some(24.0), Some(48.0), Direction::Decrease),
            Some(50.0)
        );
    }
}
