//! The alignment model: every document of the repo, typed, with its location.
//!
//! `load` fills a [`Model`]; rules, the semantic diff and the playbook read it. The
//! model keeps every document even when ids repeat (rule R204 reports that); the
//! lookup helpers return the first document with an id.

pub mod de;
pub mod kinds;

use std::collections::HashMap;

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

/// One typed document.
#[derive(Clone, Debug)]
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
    #[serde(skip)]
    index: HashMap<(Kind, String), usize>,
}

impl Model {
    /// Adds a document (in file order).
    pub fn push(&mut self, entity: Entity) {
        macro_rules! add {
            ($vec:ident, $kind:expr, $e:expr) => {{
                let i = self.$vec.len();
                self.index.entry(($kind, $e.id.value.clone())).or_insert(i);
                self.$vec.push($e);
            }};
        }
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

    fn find(&self, kind: Kind, id: &str) -> Option<usize> {
        self.index.get(&(kind, id.to_string())).copied()
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

    /// The teams a person (`@handle` or `handle`) is a member or lead of.
    pub fn teams_of_person(&self, handle: &str) -> Vec<&Team> {
        let h = handle.trim_start_matches('@');
        self.teams
            .iter()
            .filter(|t| {
                t.members.iter().any(|m| m.github.eq_ignore_ascii_case(h))
                    || t.leads
                        .iter()
                        .any(|l| l.trim_start_matches('@').eq_ignore_ascii_case(h))
            })
            .collect()
    }

    /// Whether a party reference (team id or `@handle`) resolves.
    pub fn party_exists(&self, party: &str) -> bool {
        if party.starts_with('@') {
            !self.teams_of_person(party).is_empty()
        } else {
            self.team(party).is_some()
        }
    }

    /// The team a party stands for: the team itself, or a person's first team.
    pub fn team_of_party(&self, party: &str) -> Option<&Team> {
        if party.starts_with('@') {
            self.teams_of_person(party).into_iter().next()
        } else {
            self.team(party)
        }
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
}

/// A loaded repo: its config, sources, model and the findings of loading.
pub struct Repo {
    pub config: Config,
    pub sources: crate::source::SourceDb,
    pub model: Model,
    pub diagnostics: Vec<crate::diag::Diagnostic>,
}
