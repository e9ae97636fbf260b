//! The index behind every view: entity URLs, reverse references (which
//! rituals review a goal, which teams hold a role), findings by entity, people
//! by handle, and the repository links ("edit", "last updated"). Built once per
//! build; every lookup afterwards is a hash-map hit.

use std::collections::HashMap as StdHashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{PAGE_SIZE, Party, Ref, Src, encode_path, page_file, safe_url, slug};
use crate::config::Config;
use crate::date::Date;
use crate::diag::Diagnostic;
use crate::model::{Kind, Loc, Metric, Model};
use crate::site::history::History;
use crate::source::SourceDb;

/// FNV-1a: the maps here are keyed by short ids from the repo and looked up
/// hundreds of thousands of times per build; SipHash's protection against
/// crafted keys buys nothing for a build of one's own repo and cost ~3 % of it.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map with [`Fnv`].
pub type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<Fnv>>;

/// Reverse references: an id -> indices of the entities that name it.
type Refs<'a> = HashMap<&'a str, Vec<usize>>;

/// A person, found by handle.
struct Person<'a> {
    /// Their name, from the first team that lists them as a member.
    name: Option<&'a str>,
    /// The first team that lists them as a member or a lead.
    team: usize,
    /// Their row on that team's page.
    url: String,
}

/// URLs of every entity, and lookups the views need.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub config: &'a Config,
    pub sources: &'a SourceDb,
    pub diagnostics: &'a [Diagnostic],
    pub history: &'a History,
    pub today: Date,
    /// (kind, id) -> index in the model's list of that kind (the first wins,
    /// as in [`Model`]'s own lookups).
    index: HashMap<(Kind, &'a str), usize>,
    urls: HashMap<(Kind, &'a str), String>,
    /// Ritual id -> its `.ics` file.
    pub ics: HashMap<&'a str, String>,
    /// Handle (lower case, without `@`) -> the person.
    people: HashMap<String, Person<'a>>,
    /// Per metric (by index): how links to it read, "Name (ALIAS)".
    metric_labels: Vec<String>,
    /// Goals in tree order, with their depth.
    pub goal_order: Vec<(usize, usize)>,
    pub(super) children: Refs<'a>,
    pub(super) goal_rituals: Refs<'a>,
    pub(super) goal_incentives: Refs<'a>,
    pub(super) agreement_rituals: Refs<'a>,
    pub(super) metric_goals: Refs<'a>,
    /// (kind, id) of the entity a finding is about -> indices into `diagnostics`.
    findings: HashMap<(Kind, &'a str), Vec<usize>>,
    /// Per team (by index in `model.teams`): indices of its goals,
    /// responsibilities, agreements, rituals and incentives.
    pub team_goals: Vec<Vec<usize>>,
    pub team_resps: Vec<Vec<usize>>,
    pub team_agreements: Vec<Vec<usize>>,
    pub team_rituals: Vec<Vec<usize>>,
    pub team_incentives: Vec<Vec<usize>>,
    edit_base: Option<String>,
    tree_base: Option<String>,
    blob_base: Option<String>,
}

fn push_unique<'a>(map: &mut Refs<'a>, key: &'a str, i: usize) {
    let v = map.entry(key).or_default();
    if v.last() != Some(&i) {
        v.push(i);
    }
}

fn push_team(lists: &mut [Vec<usize>], team: Option<usize>, i: usize) {
    if let Some(v) = team.and_then(|t| lists.get_mut(t))
        && v.last() != Some(&i)
    {
        v.push(i);
    }
}

impl<'a> Ctx<'a> {
    /// Indexes the model: URLs, people, tree order and reverse references.
    pub fn new(
        model: &'a Model,
        config: &'a Config,
        sources: &'a SourceDb,
        diagnostics: &'a [Diagnostic],
        history: &'a History,
        today: Date,
    ) -> Ctx<'a> {
        let teams = model.teams.len();
        let mut c = Ctx {
            model,
            config,
            sources,
            diagnostics,
            history,
            today,
            index: HashMap::default(),
            urls: HashMap::default(),
            ics: HashMap::default(),
            people: HashMap::default(),
            metric_labels: model.metrics.iter().map(metric_label).collect(),
            goal_order: Vec::new(),
            children: HashMap::default(),
            goal_rituals: HashMap::default(),
            goal_incentives: HashMap::default(),
            agreement_rituals: HashMap::default(),
            metric_goals: HashMap::default(),
            findings: HashMap::default(),
            team_goals: vec![Vec::new(); teams],
            team_resps: vec![Vec::new(); teams],
            team_agreements: vec![Vec::new(); teams],
            team_rituals: vec![Vec::new(); teams],
            team_incentives: vec![Vec::new(); teams],
            edit_base: None,
            tree_base: None,
            blob_base: None,
        };
        c.index_entities();
        c.index_links();
        c.index_refs();
        c.index_edit();
        c
    }

    fn index_entities(&mut self) {
        let m = self.model;
        let mut add = |kind: Kind, ids: &mut dyn Iterator<Item = &'a str>| {
            for (i, id) in ids.enumerate() {
                self.index.entry((kind, id)).or_insert(i);
            }
        };
        add(Kind::Team, &mut m.teams.iter().map(|x| x.id.as_str()));
        add(Kind::Metric, &mut m.metrics.iter().map(|x| x.id.as_str()));
        add(Kind::Goal, &mut m.goals.iter().map(|x| x.id.as_str()));
        add(
            Kind::Responsibility,
            &mut m.responsibilities.iter().map(|x| x.id.as_str()),
        );
        add(
            Kind::Incentive,
            &mut m.incentives.iter().map(|x| x.id.as_str()),
        );
        add(
            Kind::Agreement,
            &mut m.agreements.iter().map(|x| x.id.as_str()),
        );
        add(Kind::Ritual, &mut m.rituals.iter().map(|x| x.id.as_str()));
    }

    fn add_urls<T>(
        &mut self,
        kind: Kind,
        section: &str,
        prefix: &str,
        items: &'a [T],
        id: impl Fn(&'a T) -> &'a str,
    ) {
        for (i, item) in items.iter().enumerate() {
            let id = id(item);
            let url = format!(
                "{}#{prefix}-{}",
                page_file(section, i / PAGE_SIZE),
                slug(id)
            );
            self.urls.entry((kind, id)).or_insert(url);
        }
    }

    fn index_links(&mut self) {
        let m = self.model;
        let mut used = std::collections::HashSet::new();
        for (ti, t) in m.teams.iter().enumerate() {
            let mut file = format!("teams/{}.html", slug(&t.id));
            let mut n = 2;
            while !used.insert(file.clone()) {
                file = format!("teams/{}-{n}.html", slug(&t.id));
                n += 1;
            }
            let members = t.members.iter().map(|x| (x.github.as_str(), Some(&x.name)));
            let leads = t.leads.iter().map(|l| (l.trim_start_matches('@'), None));
            for (handle, name) in members.chain(leads) {
                let key = handle.to_ascii_lowercase();
                let person = self.people.entry(key).or_insert_with_key(|key| Person {
                    name: None,
                    team: ti,
                    url: format!("{file}#person-{}", slug(key)),
                });
                if person.name.is_none() {
                    person.name = name.map(|n| n.as_str());
                }
            }
            self.urls.entry((Kind::Team, t.id.as_str())).or_insert(file);
        }
        self.goal_order = goal_tree(m);
        for (k, (i, _)) in self.goal_order.iter().enumerate() {
            let g = &m.goals[*i];
            let url = format!("{}#goal-{}", page_file("goals", k / PAGE_SIZE), slug(&g.id));
            self.urls.entry((Kind::Goal, g.id.as_str())).or_insert(url);
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
                .entry(r.id.as_str())
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
                let t = self.team_index(o);
                push_team(&mut self.team_goals, t, i);
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
                let t = self.team_index(p);
                push_team(&mut self.team_rituals, t, i);
            }
        }
        for (i, inc) in m.incentives.iter().enumerate() {
            for c in &inc.components {
                if let Some(g) = &c.goal {
                    push_unique(&mut self.goal_incentives, g, i);
                }
            }
            for p in inc.participants.iter() {
                let t = self.team_index(p);
                push_team(&mut self.team_incentives, t, i);
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
                let t = self.team_index(p);
                push_team(&mut self.team_resps, t, i);
            }
        }
        for (i, a) in m.agreements.iter().enumerate() {
            for p in a.parties.iter() {
                let t = self.team_index(p);
                push_team(&mut self.team_agreements, t, i);
            }
        }
        for (i, d) in self.diagnostics.iter().enumerate() {
            if let Some(key) = entity_key(&d.key) {
                self.findings.entry(key).or_default().push(i);
            }
        }
    }

    /// The index of an entity in the model's list of its kind.
    pub fn find(&self, kind: Kind, id: &str) -> Option<usize> {
        self.index.get(&(kind, id)).copied()
    }

    /// The index (in `model.teams`) of the team a party stands for: the team
    /// itself, or the first team that lists a person as a member or lead.
    pub fn team_index(&self, party: &str) -> Option<usize> {
        if party.starts_with('@') {
            let handle = party.trim_start_matches('@').to_ascii_lowercase();
            self.people.get(&handle).map(|p| p.team)
        } else {
            self.find(Kind::Team, party)
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
    pub fn links(&self) -> crate::site::env::Links {
        let m = self.model;
        let mut files = StdHashMap::new();
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
        crate::site::env::Links {
            files,
            blob_base: self.blob_base.clone(),
        }
    }

    /// The URL of an entity, relative to the site root.
    pub fn url(&self, kind: Kind, id: &str) -> Option<String> {
        self.urls.get(&(kind, id)).cloned()
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
            let person = self.people.get(&handle.to_ascii_lowercase());
            return Party {
                label: match person.and_then(|x| x.name) {
                    Some(n) => format!("{n} ({p})"),
                    None => p.to_string(),
                },
                url: person.map(|x| x.url.clone()),
                person: true,
                id: p.to_string(),
            };
        }
        match self.team_by_id(p) {
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

    pub(super) fn parties<'s>(
        &self,
        ps: impl IntoIterator<Item = &'s crate::model::de::Spanned<String>>,
    ) -> Vec<Party> {
        ps.into_iter().map(|p| self.party(p)).collect()
    }

    /// A link to a goal, labelled with its title (its id when it does not exist).
    pub fn goal_ref(&self, id: &str) -> Ref {
        Ref {
            label: self
                .goal_by_id(id)
                .map_or_else(|| id.to_string(), |g| g.title.value.clone()),
            url: self.url(Kind::Goal, id),
        }
    }

    pub(super) fn metric_ref(&self, id: &str) -> Ref {
        Ref {
            label: match self.find(Kind::Metric, id) {
                Some(i) => self.metric_labels[i].clone(),
                None => id.to_string(),
            },
            url: self.url(Kind::Metric, id),
        }
    }

    pub(super) fn ref_of(&self, kind: Kind, id: &str, label: &str) -> Ref {
        Ref {
            label: label.to_string(),
            url: self.url(kind, id),
        }
    }

    pub(super) fn period_label(&self, id: &str) -> String {
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
            .get(&(kind, id))
            .map(|v| v.iter().map(|i| &self.diagnostics[*i]).collect())
            .unwrap_or_default()
    }

    /// Where a finding's entity is shown.
    pub fn finding_url(&self, key: &str) -> Option<String> {
        let (kind, id) = entity_key(key)?;
        self.url(kind, id)
    }
}

macro_rules! lookups {
    ($($(#[$doc:meta])* $name:ident: $kind:ident, $list:ident -> $ty:ty;)*) => {
        impl<'a> Ctx<'a> {
            $($(#[$doc])* pub fn $name(&self, id: &str) -> Option<&'a $ty> {
                let m: &'a Model = self.model;
                self.find(Kind::$kind, id).map(|i| &m.$list[i])
            })*
        }
    };
}

lookups! {
    /// A team by id.
    team_by_id: Team, teams -> crate::model::Team;
    /// A metric by id.
    metric_by_id: Metric, metrics -> Metric;
    /// A goal by id.
    goal_by_id: Goal, goals -> crate::model::Goal;
    /// A responsibility (RACI activity) by id.
    responsibility_by_id: Responsibility, responsibilities -> crate::model::Responsibility;
    /// An agreement by id.
    agreement_by_id: Agreement, agreements -> crate::model::Agreement;
}

/// The entity a finding key (`goal:pipeline-q3`) names.
fn entity_key(key: &str) -> Option<(Kind, &str)> {
    let (stem, id) = key.split_once(':')?;
    let kind = Kind::ALL.into_iter().find(|k| k.schema_stem() == stem)?;
    Some((kind, id))
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
    let mut children: HashMap<&str, Vec<usize>> = HashMap::default();
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
