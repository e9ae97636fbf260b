//! The alignment model: every document of the repo, typed, with its location.
//!
//! `load` fills a [`Model`]; rules, the semantic diff and the playbook read it. The
//! model keeps every document even when ids repeat (rule R204 reports that); the
//! lookup helpers return the first document with an id.

pub mod de;
pub mod kinds;

/// The model's lookups hash ids on every reference a rule resolves: foldhash
/// (the hasher hashbrown itself defaults to) is several times faster than the
/// standard library's SipHash on short strings, and its per-process random
/// seed keeps ids a pull request chooses from being crafted to collide.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A set with the same hasher as [`HashMap`].
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
use std::sync::OnceLock;

use serde::Serialize;

pub use kinds::*;

use crate::config::Config;
use crate::source::FileId;

/// The kinds of document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Kind {
    Team,
    Metric,
    Goal,
    Responsibility,
    Incentive,
    Agreement,
    Ritual,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Team,
        Kind::Metric,
        Kind::Goal,
        Kind::Responsibility,
        Kind::Incentive,
        Kind::Agreement,
        Kind::Ritual,
    ];

    /// The `kind:` value in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Team => "Team",
            Kind::Metric => "Metric",
            Kind::Goal => "Goal",
            Kind::Responsibility => "Responsibility",
            Kind::Incentive => "Incentive",
            Kind::Agreement => "Agreement",
            Kind::Ritual => "Ritual",
        }
    }

    /// File stem of the kind's schema, and its folder name in generated repos.
    pub fn schema_stem(self) -> &'static str {
        match self {
            Kind::Team => "team",
            Kind::Metric => "metric",
            Kind::Goal => "goal",
            Kind::Responsibility => "responsibility",
            Kind::Incentive => "incentive",
            Kind::Agreement => "agreement",
            Kind::Ritual => "ritual",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Lower-case prefix used in finding keys: `goal:pipeline`.
    pub fn key(self, id: &str) -> String {
        format!("{}:{id}", self.schema_stem())
    }
}

/// A document that is not in the model because its file could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unloaded {
    pub kind: Option<Kind>,
    pub id: String,
    /// The file's repo-relative path.
    pub path: String,
    pub file: FileId,
}

/// One typed document.
///
/// An incentive (with its curves, targets, budget and SPIFFs) is the largest
/// variant; each entity is built once and moved into its [`Model`] list, so the
/// size difference costs a few copies, not memory (the lists hold the structs).
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Entity {
    Team(Team),
    Metric(Metric),
    Goal(Goal),
    Responsibility(Responsibility),
    Incentive(Incentive),
    Agreement(Agreement),
    Ritual(Ritual),
}

/// Every document of a repo, by kind, in file order.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Model {
    pub teams: Vec<Team>,
    pub metrics: Vec<Metric>,
    pub goals: Vec<Goal>,
    pub responsibilities: Vec<Responsibility>,
    pub incentives: Vec<Incentive>,
    pub agreements: Vec<Agreement>,
    pub rituals: Vec<Ritual>,
    /// The config file, when the repo has one.
    #[serde(skip)]
    pub config_file: Option<FileId>,
    /// Documents of files that could not be parsed, known only by their `kind:`
    /// and `id:` lines: references to them say where they are.
    #[serde(skip)]
    pub unloaded: Vec<Unloaded>,
    /// Per kind (`Kind as usize`): id -> position of the first document with it.
    #[serde(skip)]
    ids: [HashMap<String, usize>; 7],
    /// Cross-document lookups, built on first use and dropped by `push`.
    #[serde(skip)]
    derived: OnceLock<Derived>,
}

/// Lookups that span documents, so that rules stay linear in the size of the repo.
#[derive(Clone, Debug, Default)]
struct Derived {
    /// Lower-case handle without `@` -> the teams listing the person as a member or
    /// lead, in file order.
    people: HashMap<String, Vec<usize>>,
    /// Goal id -> (incentive, component) positions of the components tied to it.
    components_by_goal: HashMap<String, Vec<(usize, usize)>>,
    /// Goal id -> positions of the rituals listing it in `goals` (each once).
    rituals_by_goal: HashMap<String, Vec<usize>>,
    /// Agreement id -> positions of the rituals listing it in `agreements`.
    rituals_by_agreement: HashMap<String, Vec<usize>>,
    /// Team id -> positions of the rituals it takes part in (through its id or one
    /// of its people, resolved like `team_of_party`).
    rituals_by_team: HashMap<String, Vec<usize>>,
}

impl Derived {
    fn new(model: &Model) -> Self {
        fn add<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<usize>>, key: K, i: usize) {
            let v = map.entry(key).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
        let mut d = Derived::default();
        for (i, t) in model.teams.iter().enumerate() {
            let members = t.members.iter().map(|m| m.github.value.as_str());
            let leads = t.leads.iter().map(|l| l.value.as_str());
            for h in members.chain(leads) {
                add(
                    &mut d.people,
                    h.trim_start_matches('@').to_ascii_lowercase(),
                    i,
                );
            }
        }
        for (i, inc) in model.incentives.iter().enumerate() {
            for (j, c) in inc.components.iter().enumerate() {
                if let Some(g) = &c.goal {
                    d.components_by_goal
                        .entry(g.value.clone())
                        .or_default()
                        .push((i, j));
                }
            }
        }
        for (i, r) in model.rituals.iter().enumerate() {
            for g in r.goals.iter() {
                add(&mut d.rituals_by_goal, g.value.clone(), i);
            }
            for a in r.agreements.iter() {
                add(&mut d.rituals_by_agreement, a.value.clone(), i);
            }
            for p in r.participants.iter() {
                let team = match p.strip_prefix('@') {
                    Some(h) => d
                        .people
                        .get(&h.to_ascii_lowercase())
                        .and_then(|ts| ts.first())
                        .map(|&t| &model.teams[t]),
                    None => model.team(p),
                };
                if let Some(t) = team {
                    add(&mut d.rituals_by_team, t.id.value.clone(), i);
                }
            }
        }
        d
    }
}

impl Entity {
    /// The document's `id`.
    pub fn id(&self) -> &str {
        match self {
            Entity::Team(e) => &e.id.value,
            Entity::Metric(e) => &e.id.value,
            Entity::Goal(e) => &e.id.value,
            Entity::Responsibility(e) => &e.id.value,
            Entity::Incentive(e) => &e.id.value,
            Entity::Agreement(e) => &e.id.value,
            Entity::Ritual(e) => &e.id.value,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Entity::Team(_) => Kind::Team,
            Entity::Metric(_) => Kind::Metric,
            Entity::Goal(_) => Kind::Goal,
            Entity::Responsibility(_) => Kind::Responsibility,
            Entity::Incentive(_) => Kind::Incentive,
            Entity::Agreement(_) => Kind::Agreement,
            Entity::Ritual(_) => Kind::Ritual,
        }
    }
}

impl Model {
    /// Adds a document (in file order).
    pub fn push(&mut self, entity: Entity) {
        macro_rules! add {
            ($vec:ident, $kind:expr, $e:expr) => {{
                let i = self.$vec.len();
                self.ids[$kind as usize]
                    .entry($e.id.value.clone())
                    .or_insert(i);
                self.$vec.push($e);
            }};
        }
        self.derived.take();
        match entity {
            Entity::Team(e) => add!(teams, Kind::Team, e),
            Entity::Metric(e) => add!(metrics, Kind::Metric, e),
            Entity::Goal(e) => add!(goals, Kind::Goal, e),
            Entity::Responsibility(e) => add!(responsibilities, Kind::Responsibility, e),
            Entity::Incentive(e) => add!(incentives, Kind::Incentive, e),
            Entity::Agreement(e) => add!(agreements, Kind::Agreement, e),
            Entity::Ritual(e) => add!(rituals, Kind::Ritual, e),
        }
    }

    /// Replaces the documents of one file with `entities` (what parsing the file
    /// again produced) and returns the kinds whose documents changed, for the
    /// language server, which keeps one model between checks. The lists must be
    /// in file order with files numbered in that order (as [`crate::load`] builds
    /// them), so the file's documents are one run in each list and the new ones
    /// go where they were. The cross-document lookups are dropped only when a
    /// kind they index changed (teams, incentives, rituals).
    pub fn splice_file(&mut self, file: FileId, entities: Vec<Entity>) -> Vec<Kind> {
        let mut by_kind: [Vec<Entity>; 7] = Default::default();
        for e in entities {
            by_kind[e.kind() as usize].push(e);
        }
        let [
            teams,
            metrics,
            goals,
            responsibilities,
            incentives,
            agreements,
            rituals,
        ] = by_kind;
        let mut touched = Vec::new();
        macro_rules! splice {
            ($vec:ident, $kind:expr, $variant:ident, $new:expr) => {{
                debug_assert!(self.$vec.is_sorted_by_key(|e| e.loc.file));
                let start = self.$vec.partition_point(|e| e.loc.file < file);
                let len = self.$vec[start..]
                    .iter()
                    .take_while(|e| e.loc.file == file)
                    .count();
                if len > 0 || !$new.is_empty() {
                    let new = $new.into_iter().filter_map(|e| match e {
                        Entity::$variant(x) => Some(x),
                        _ => None,
                    });
                    self.$vec.splice(start..start + len, new);
                    let ids = &mut self.ids[$kind as usize];
                    ids.clear();
                    for (i, e) in self.$vec.iter().enumerate() {
                        ids.entry(e.id.value.clone()).or_insert(i);
                    }
                    touched.push($kind);
                }
            }};
        }
        splice!(teams, Kind::Team, Team, teams);
        splice!(metrics, Kind::Metric, Metric, metrics);
        splice!(goals, Kind::Goal, Goal, goals);
        splice!(
            responsibilities,
            Kind::Responsibility,
            Responsibility,
            responsibilities
        );
        splice!(incentives, Kind::Incentive, Incentive, incentives);
        splice!(agreements, Kind::Agreement, Agreement, agreements);
        splice!(rituals, Kind::Ritual, Ritual, rituals);
        if touched
            .iter()
            .any(|k| matches!(k, Kind::Team | Kind::Incentive | Kind::Ritual))
        {
            self.derived.take();
        }
        touched
    }

    /// Makes room for exactly `n` more documents of a kind.
    pub fn reserve(&mut self, kind: Kind, n: usize) {
        match kind {
            Kind::Team => self.teams.reserve_exact(n),
            Kind::Metric => self.metrics.reserve_exact(n),
            Kind::Goal => self.goals.reserve_exact(n),
            Kind::Responsibility => self.responsibilities.reserve_exact(n),
            Kind::Incentive => self.incentives.reserve_exact(n),
            Kind::Agreement => self.agreements.reserve_exact(n),
            Kind::Ritual => self.rituals.reserve_exact(n),
        }
        self.ids[kind as usize].reserve(n);
    }

    fn find(&self, kind: Kind, id: &str) -> Option<usize> {
        self.ids[kind as usize].get(id).copied()
    }

    /// Builds the cross-document lookups now rather than on first use, so that
    /// rules running in parallel do not wait on the one that happens to build them.
    pub fn prepare(&self) {
        self.derived();
    }

    fn derived(&self) -> &Derived {
        self.derived.get_or_init(|| Derived::new(self))
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.find(Kind::Team, id).map(|i| &self.teams[i])
    }
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.find(Kind::Metric, id).map(|i| &self.metrics[i])
    }
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.find(Kind::Goal, id).map(|i| &self.goals[i])
    }
    pub fn responsibility(&self, id: &str) -> Option<&Responsibility> {
        self.find(Kind::Responsibility, id)
            .map(|i| &self.responsibilities[i])
    }
    pub fn incentive(&self, id: &str) -> Option<&Incentive> {
        self.find(Kind::Incentive, id).map(|i| &self.incentives[i])
    }
    pub fn agreement(&self, id: &str) -> Option<&Agreement> {
        self.find(Kind::Agreement, id).map(|i| &self.agreements[i])
    }
    pub fn ritual(&self, id: &str) -> Option<&Ritual> {
        self.find(Kind::Ritual, id).map(|i| &self.rituals[i])
    }

    /// The teams a person (`@handle` or `handle`, any case) is a member or lead of,
    /// in file order.
    pub fn teams_of_person(&self, handle: &str) -> Vec<&Team> {
        let h = handle.trim_start_matches('@').to_ascii_lowercase();
        self.derived()
            .people
            .get(&h)
            .map(|ts| ts.iter().map(|&i| &self.teams[i]).collect())
            .unwrap_or_default()
    }

    /// Whether a person (`@handle` or `handle`) is a member or lead of some team.
    pub fn is_person(&self, handle: &str) -> bool {
        let h = handle.trim_start_matches('@').to_ascii_lowercase();
        self.derived().people.contains_key(&h)
    }

    /// Every person's handle, lower-case and without `@` (in no particular order).
    pub fn handles(&self) -> impl Iterator<Item = &str> {
        self.derived().people.keys().map(String::as_str)
    }

    /// Whether a party reference (team id or `@handle`) resolves.
    pub fn party_exists(&self, party: &str) -> bool {
        self.team_of_party(party).is_some()
    }

    /// The team a party stands for: the team itself, or a person's first team.
    pub fn team_of_party(&self, party: &str) -> Option<&Team> {
        match party.strip_prefix('@') {
            Some(h) => {
                let i = *self
                    .derived()
                    .people
                    .get(&h.to_ascii_lowercase())?
                    .first()?;
                Some(&self.teams[i])
            }
            None => self.team(party),
        }
    }

    /// The incentive components tied to a goal (`goal: ID`), in file order.
    pub fn components_of_goal<'a>(
        &'a self,
        goal: &str,
    ) -> impl Iterator<Item = (&'a Incentive, &'a Component)> + 'a {
        let found = self.derived().components_by_goal.get(goal);
        found
            .into_iter()
            .flatten()
            .map(|&(i, j)| (&self.incentives[i], &self.incentives[i].components[j]))
    }

    /// The rituals that list a goal (in `goals`) or an agreement (in `agreements`),
    /// in file order. Other kinds are never reviewed: the iterator is empty.
    pub fn rituals_reviewing<'a>(
        &'a self,
        kind: Kind,
        id: &str,
    ) -> impl Iterator<Item = &'a Ritual> + 'a {
        let d = self.derived();
        let found = match kind {
            Kind::Goal => d.rituals_by_goal.get(id),
            Kind::Agreement => d.rituals_by_agreement.get(id),
            _ => None,
        };
        found.into_iter().flatten().map(|&i| &self.rituals[i])
    }

    /// The rituals a team takes part in (listed by id or through one of its people),
    /// in file order.
    pub fn rituals_attended_by<'a>(&'a self, team: &str) -> impl Iterator<Item = &'a Ritual> + 'a {
        let found = self.derived().rituals_by_team.get(team);
        found.into_iter().flatten().map(|&i| &self.rituals[i])
    }

    /// Whether two documents of one kind share an id (R204 reports them).
    pub fn has_duplicate_ids(&self) -> bool {
        let lens = [
            self.teams.len(),
            self.metrics.len(),
            self.goals.len(),
            self.responsibilities.len(),
            self.incentives.len(),
            self.agreements.len(),
            self.rituals.len(),
        ];
        lens.iter().zip(&self.ids).any(|(n, ids)| *n != ids.len())
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.teams.len()
            + self.metrics.len()
            + self.goals.len()
            + self.responsibilities.len()
            + self.incentives.len()
            + self.agreements.len()
            + self.rituals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where every document is, kind by kind in file order.
    pub fn locs(&self) -> impl Iterator<Item = (Kind, &str, &Loc)> {
        let t = self
            .teams
            .iter()
            .map(|e| (Kind::Team, e.id.value.as_str(), &e.loc));
        let m = self
            .metrics
            .iter()
            .map(|e| (Kind::Metric, e.id.value.as_str(), &e.loc));
        let g = self
            .goals
            .iter()
            .map(|e| (Kind::Goal, e.id.value.as_str(), &e.loc));
        let r = self
            .responsibilities
            .iter()
            .map(|e| (Kind::Responsibility, e.id.value.as_str(), &e.loc));
        let i = self
            .incentives
            .iter()
            .map(|e| (Kind::Incentive, e.id.value.as_str(), &e.loc));
        let a = self
            .agreements
            .iter()
            .map(|e| (Kind::Agreement, e.id.value.as_str(), &e.loc));
        let w = self
            .rituals
            .iter()
            .map(|e| (Kind::Ritual, e.id.value.as_str(), &e.loc));
        t.chain(m).chain(g).chain(r).chain(i).chain(a).chain(w)
    }

    /// Whether the document of `kind` with `id` (the first one) has load errors.
    pub fn has_errors(&self, kind: Kind, id: &str) -> bool {
        let loc = match kind {
            Kind::Team => self.team(id).map(|e| &e.loc),
            Kind::Metric => self.metric(id).map(|e| &e.loc),
            Kind::Goal => self.goal(id).map(|e| &e.loc),
            Kind::Responsibility => self.responsibility(id).map(|e| &e.loc),
            Kind::Incentive => self.incentive(id).map(|e| &e.loc),
            Kind::Agreement => self.agreement(id).map(|e| &e.loc),
            Kind::Ritual => self.ritual(id).map(|e| &e.loc),
        };
        loc.is_some_and(|l| l.has_errors)
    }
}

/// A loaded repo: its config, sources, model and the findings of loading.
pub struct Repo {
    pub config: Config,
    pub sources: crate::source::SourceDb,
    pub model: Model,
    pub diagnostics: Vec<crate::diag::Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(yaml: &str) -> Model {
        let config = Config::fallback();
        let parsed = crate::load::parse_file(FileId(0), "t.yaml", yaml.as_bytes(), &config.loader);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let mut m = Model::default();
        parsed.entities.into_iter().for_each(|e| m.push(e));
        m
    }

    const DOCS: &str = "kind: Team\nid: sales\nname: Sales\nmembers: [{github: Dana, name: D}]\n\
        ---\nkind: Team\nid: marketing\nname: Marketing\nleads: ['@lee', '@dana']\n\
        ---\nkind: Goal\nid: g\ntitle: t\nowners: [sales, marketing]\nperiod: q1\n\
        ---\nkind: Incentive\nid: plan\nname: P\nperiod: q1\nparticipants: [sales]\n\
        components: [{id: a, weight: 50, goal: g}, {id: b, weight: 50, goal: other}]\n\
        ---\nkind: Ritual\nid: weekly\nname: W\ncadence: weekly\ndri: '@lee'\n\
        participants: ['@LEE', sales]\ngoals: [g]\n";

    #[test]
    fn lookups_span_documents_and_ignore_handle_case() {
        let m = model(DOCS);
        let teams: Vec<&str> = m
            .teams_of_person("@DANA")
            .iter()
            .map(|t| t.id.value.as_str())
            .collect();
        assert_eq!(teams, ["sales", "marketing"]);
        assert_eq!(
            m.team_of_party("@lee").map(|t| t.id.value.as_str()),
            Some("marketing")
        );
        assert!(m.party_exists("sales") && !m.party_exists("@nobody") && !m.party_exists("x"));
        let comps: Vec<&str> = m
            .components_of_goal("g")
            .map(|(_, c)| c.id.value.as_str())
            .collect();
        assert_eq!(comps, ["a"]);
        assert_eq!(m.rituals_reviewing(Kind::Goal, "g").count(), 1);
        assert_eq!(m.rituals_reviewing(Kind::Agreement, "g").count(), 0);
        assert_eq!(m.rituals_attended_by("marketing").count(), 1);
        assert_eq!(m.rituals_attended_by("sales").count(), 1);
    }

    #[test]
    fn adding_a_document_refreshes_the_lookups() {
        let mut m = model(DOCS);
        assert!(m.teams_of_person("@kim").is_empty());
        let more = model("kind: Team\nid: cs\nname: CS\nmembers: [{github: kim, name: K}]\n");
        for t in more.teams {
            m.push(Entity::Team(t));
        }
        assert_eq!(
            m.team_of_party("@kim").map(|t| t.id.value.as_str()),
            Some("cs")
        );
    }
}
