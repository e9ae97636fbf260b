//! The health page (the findings of `check`) and "what changed recently" (git
//! history, each commit with the entities its files hold).

use std::collections::HashMap;

use minijinja::Value;
use serde::Serialize;

use super::to_value;
use crate::model::Kind;
use crate::site::view::{self, Ctx};

/// Most findings listed on the health page.
const HEALTH_MAX: usize = 2000;

#[derive(Serialize)]
struct HealthData {
    findings: Vec<view::FindingView>,
    total: usize,
}

pub(super) fn health(ctx: &Ctx<'_>) -> (String, Vec<String>, Value) {
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
    ("Health".into(), files, to_value(&data))
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
pub(super) struct CommitView {
    hash: String,
    author: String,
    date: String,
    subject: String,
    changed: Vec<Changed>,
    /// Files with no entity (removed files, config).
    files: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ChangesData {
    available: bool,
    reason: Option<String>,
    /// Older history was not read (a shallow clone, or over the commit limit).
    truncated: bool,
    pub(super) commits: Vec<CommitView>,
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

pub(super) fn changes(ctx: &Ctx<'_>, max: usize) -> ChangesData {
    let h = ctx.history;
    let by_file = entities_by_file(ctx);
    ChangesData {
        available: !h.commits.is_empty(),
        reason: h.missing.clone(),
        truncated: h.truncated,
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
