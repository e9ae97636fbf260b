//! The semantic diff of two revisions of an alignment repo: what changed in the
//! agreement (per entity and field, in plain words), which findings the change
//! introduces, resolves or leaves as they were, and whose approval it needs.
//!
//! Both revisions are read straight from git ([`git`]); the working tree can stand
//! for the head. Each distinct file content is parsed once ([`revision`]), both
//! models are checked with every rule, then compared ([`changes`], [`findings`]).
//! [`render`] turns the result into text, JSON or the Markdown of a PR comment.

pub mod changes;
pub mod findings;
pub mod git;
pub mod payouts;
pub mod render;
pub mod revision;
mod share;
pub mod words;

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

pub use changes::{Change, ChangeType};
pub use revision::LoadStats;

use crate::date::Date;
use crate::diag::{Counts, Diagnostic};
use crate::model::Model;
use crate::pipeline::{Checked, repo_root};

/// What to compare.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// The base revision (branch, tag, commit).
    pub base: String,
    /// The head revision; `None` compares against the working tree.
    pub head: Option<String>,
    /// The alignment repo folder (may be a subfolder of the git work tree).
    pub path: PathBuf,
    /// The date time-based rules compare against.
    pub today: Date,
}

/// A team whose leads must approve the change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Approval {
    /// Team id.
    pub team: String,
    /// Team name.
    pub name: String,
    /// The team's leads, `@handle`.
    pub leads: Vec<String>,
}

/// The result of a diff.
pub struct DiffReport {
    /// Semantic changes, goals first.
    pub changes: Vec<Change>,
    /// Findings in head whose fingerprint is not in base.
    pub introduced: Vec<Diagnostic>,
    /// Findings in base whose fingerprint is not in head (base's copy).
    pub resolved: Vec<Diagnostic>,
    /// Findings in both (head's copy).
    pub existing: Vec<Diagnostic>,
    /// Teams affected by the changes, with their leads.
    pub approvals: Vec<Approval>,
    /// What the plans the change touches pay before and after (see [`payouts`]).
    pub payouts: Vec<payouts::PlanPayout>,
    /// The head revision, checked (sources for introduced and existing findings).
    pub head: Checked,
    /// The base revision, checked (sources for resolved findings).
    pub base: Checked,
    /// The base revision as given, and the commit it names.
    pub base_rev: String,
    pub base_commit: String,
    /// The head revision as given and its commit; `None` for the working tree.
    pub head_rev: Option<String>,
    pub head_commit: Option<String>,
    /// The alignment repo's folder below the top of the git work tree (`""` at the top).
    pub prefix: String,
    /// How much loading took.
    pub stats: LoadStats,
}

/// Reads both revisions, checks them and compares them.
pub fn run_diff(opts: &DiffOptions) -> anyhow::Result<DiffReport> {
    let git = git::Git::open(&opts.path)?;
    let root = repo_root(&opts.path)?;
    let prefix = git.prefix_of(&root).with_context(|| {
        format!(
            "{} is outside the git work tree at {}",
            root.display(),
            git.toplevel().display()
        )
    })?;
    let base_commit = git.resolve(&opts.base)?;
    let head_commit = opts.head.as_deref().map(|h| git.resolve(h)).transpose()?;
    let loaded = revision::load_pair(&git, &root, &prefix, &base_commit, head_commit.as_deref())?;
    let stats = loaded.stats;
    let (head, base) = share::check_both(loaded.head, loaded.base, &loaded.shared, opts.today);
    let changes = crate::timings::time("compare", || {
        changes::compare(&changes::Models {
            base: &base.repo.model,
            head: &head.repo.model,
            base_sources: &base.repo.sources,
            head_sources: &head.repo.sources,
            shared: &loaded.shared,
        })
    });
    let mut split = findings::split(&base.diagnostics, &head.diagnostics);
    let payouts = crate::timings::time("payouts", || {
        payouts::compare(&changes, &base.repo.model, &head.repo.model)
    });
    let mut running = payouts::running_plan_changes(
        &payouts,
        &changes,
        &base.repo.model,
        &head.repo.model,
        &head.repo.config,
        opts.today,
    );
    crate::rules::apply_severities(&head.repo.config, &mut running);
    split.introduced.extend(running);
    let approvals = approvals(&changes, &base.repo.model, &head.repo.model);
    Ok(DiffReport {
        changes,
        introduced: split.introduced,
        resolved: split.resolved,
        existing: split.existing,
        approvals,
        payouts,
        head,
        base,
        base_rev: opts.base.clone(),
        base_commit,
        head_rev: opts.head.clone(),
        head_commit,
        prefix,
        stats,
    })
}

/// The teams behind the changes that need approval, by name, with their leads
/// (from head, or from base for a team the change removes). Progress updates
/// and documents that only moved to another file need none.
fn approvals(changes: &[Change], base: &Model, head: &Model) -> Vec<Approval> {
    let ids: BTreeSet<&str> = changes
        .iter()
        .filter(|c| c.needs_approval)
        .flat_map(|c| c.teams.iter().map(String::as_str))
        .collect();
    let mut out: Vec<Approval> = ids
        .into_iter()
        .filter_map(|id| {
            let t = head.team(id).or_else(|| base.team(id))?;
            Some(Approval {
                team: id.to_string(),
                name: t.name.value.clone(),
                leads: t
                    .leads
                    .iter()
                    .map(|l| format!("@{}", l.value.trim_start_matches('@')))
                    .collect(),
            })
        })
        .collect();
    out.sort_by_key(|a| a.name.to_lowercase());
    out
}

impl DiffReport {
    /// The Markdown report (PR comment / job summary body), cut to at most
    /// `max_bytes` with a pointer to the job summary when cut. No hidden marker:
    /// the GitHub code adds it.
    pub fn markdown(&self, max_bytes: usize) -> String {
        render::markdown(self, max_bytes)
    }

    /// How many changes are documents moved to another file, and how many are
    /// anything else (semantic changes).
    pub fn moved_and_semantic(&self) -> (usize, usize) {
        let moved = self
            .changes
            .iter()
            .filter(|c| c.change == ChangeType::Moved)
            .count();
        (moved, self.changes.len() - moved)
    }

    /// Counts of the findings this change introduces.
    pub fn counts_introduced(&self) -> Counts {
        Counts::of(&self.introduced)
    }

    /// "needs approval from Sales (@alice) and Marketing (@bob)", or `None` when no
    /// change needs approval.
    pub fn approval_sentence(&self) -> Option<String> {
        if self.approvals.is_empty() {
            return None;
        }
        let teams: Vec<String> = self
            .approvals
            .iter()
            .map(|a| {
                if a.leads.is_empty() {
                    format!("{} (no lead listed)", a.name)
                } else {
                    format!("{} ({})", a.name, a.leads.join(" or "))
                }
            })
            .collect();
        Some(format!("needs approval from {}", words::list(&teams)))
    }
}
