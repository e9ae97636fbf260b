//! `accordant.yaml`: the repo's configuration, found by walking up from the
//! current directory the way cargo finds `Cargo.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::de::Spanned;

/// The file name looked for in every ancestor directory.
pub const FILE_NAME: &str = "accordant.yaml";

/// The repo configuration.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Config {
    /// Organisation name, shown on the playbook.
    pub org: Spanned<String>,
    /// Fiscal periods that goals and incentives refer to by id.
    #[serde(default)]
    pub periods: Vec<Period>,
    /// Globs (relative to the repo root) of the files to read.
    #[serde(default = "default_include")]
    pub include: Vec<String>,
    /// Globs of files to skip, on top of `.gitignore`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Severity per rule code or name: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<String>>,
    /// Thresholds used by rules.
    #[serde(default)]
    pub limits: RuleLimits,
    /// Loader limits.
    #[serde(default)]
    pub loader: LoaderLimits,
    /// Settings for the playbook site.
    #[serde(default)]
    pub site: Site,
}

fn default_include() -> Vec<String> {
    vec!["**/*.yaml".into(), "**/*.yml".into()]
}

/// A fiscal period.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Period {
    pub id: Spanned<String>,
    /// `YYYY-MM-DD`
    pub start: Spanned<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub end: Spanned<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// Numbers the rules compare against.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct RuleLimits {
    /// Most Consulted parties on one activity.
    pub max_consulted: usize,
    /// Largest share (percent) of activities one party may be Accountable for.
    pub max_accountable_share: f64,
    /// Least number of activities before the share above is checked.
    pub min_activities_for_share: usize,
    /// Longest gap (days) between reviews of a shared goal or agreement.
    pub max_review_interval_days: u32,
    /// Days after `last_reviewed` before an agreement's review is overdue.
    pub agreement_review_days: u32,
    /// Days without a check-in before a key result is stale.
    pub check_in_days: u32,
    /// Longest first-response time (hours) an agreement may set.
    pub max_response_time_hours: f64,
    /// Largest rise of payout, in percent of the target incentive, within one
    /// attainment point before it is a cliff (I411).
    pub max_payout_jump: f64,
    /// Most one owner team's pay curve on a shared goal may be steeper than
    /// another's, as a ratio (I417).
    pub max_joint_curve_ratio: f64,
}

impl Default for RuleLimits {
    fn default() -> Self {
        RuleLimits {
            max_consulted: 4,
            max_accountable_share: 60.0,
            min_activities_for_share: 4,
            max_review_interval_days: 31,
            agreement_review_days: 92,
            check_in_days: 14,
            max_response_time_hours: 24.0,
            max_payout_jump: 10.0,
            max_joint_curve_ratio: 1.5,
        }
    }
}

/// Limits that protect the loader from hostile files.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct LoaderLimits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting.
    pub max_depth: usize,
    /// Most nodes aliases may add to a document.
    pub max_alias_nodes: usize,
    /// Most bytes of text (scalars and keys) aliases may add to a document.
    pub max_alias_bytes: u64,
}

impl LoaderLimits {
    /// The highest `max_file_bytes` a repo may set (256 MiB).
    pub const FILE_BYTES_CAP: u64 = 256 * 1024 * 1024;
    /// The highest `max_depth` a repo may set: deeper documents would exhaust the
    /// stack of the recursive steps after parsing (schema validation, typing).
    pub const DEPTH_CAP: usize = 256;
    /// The highest `max_alias_nodes` a repo may set.
    pub const ALIAS_NODES_CAP: usize = 1_000_000;
    /// The highest `max_alias_bytes` a repo may set (64 MiB).
    pub const ALIAS_BYTES_CAP: u64 = 64 * 1024 * 1024;

    /// These limits with every value held to its cap. `accordant.yaml` can be
    /// changed by any pull request, so the schema's maximums (reported as P006)
    /// are not the only guard: the loader only ever uses capped limits.
    pub fn capped(&self) -> LoaderLimits {
        LoaderLimits {
            max_file_bytes: self.max_file_bytes.min(Self::FILE_BYTES_CAP),
            max_depth: self.max_depth.min(Self::DEPTH_CAP),
            max_alias_nodes: self.max_alias_nodes.min(Self::ALIAS_NODES_CAP),
            max_alias_bytes: self.max_alias_bytes.min(Self::ALIAS_BYTES_CAP),
        }
    }
}

impl Default for LoaderLimits {
    fn default() -> Self {
        LoaderLimits {
            max_file_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_alias_nodes: 10_000,
            max_alias_bytes: 1024 * 1024,
        }
    }
}

/// Playbook site settings.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Site {
    /// Title of the site (default: "`<org>` playbook").
    pub title: Option<String>,
    /// Web address of the repository, for "edit this page" links.
    pub repository: Option<String>,
    /// Branch that edit links point at.
    pub branch: Option<String>,
    /// Folder with template and asset overrides, relative to the repo root.
    pub theme: Option<String>,
    /// Public base URL of the site (used in the calendar feeds).
    pub base_url: Option<String>,
}

impl Config {
    /// A configuration for a repo that has no `accordant.yaml`.
    pub fn fallback() -> Config {
        Config {
            org: Spanned::new("Unnamed organisation".into(), Default::default()),
            periods: Vec::new(),
            include: default_include(),
            exclude: Vec::new(),
            rules: BTreeMap::new(),
            limits: RuleLimits::default(),
            loader: LoaderLimits::default(),
            site: Site::default(),
        }
    }

    pub fn period(&self, id: &str) -> Option<&Period> {
        self.periods.iter().find(|p| *p.id == id)
    }
}

/// Finds the repo root: `start` itself when it holds `accordant.yaml`, else the
/// nearest ancestor that does. `None` when no ancestor has one.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
}
