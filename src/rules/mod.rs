//! The rule registry.
//!
//! Each rule lives in its own file under a family folder and exports a `static
//! RULE: Rule`: its [`RuleMeta`] (stable code, kebab-case name, default severity,
//! the Markdown doc shown by `accordant explain`) and, for model rules, a check
//! function. Load-time findings (YAML syntax, schema) are rules too, without a
//! check function, so that every code is explained and configurable the same way.
//!
//! Codes: `P0xx` load/parse, `S1xx` schema, `R2xx` references, `C3xx` RACI,
//! `I4xx` incentives, `G5xx` goals, `M6xx` metrics, `L7xx` agreements (SLAs),
//! `T8xx` rituals and channels. Codes are never reused or renumbered.

pub mod agreements;
pub mod cadence;
pub mod goals;
pub mod incentives;
pub mod load;
pub mod metrics;
pub mod raci;
pub mod reads;
pub mod refs;
pub(crate) mod shared;

pub use reads::reads;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Severity};
use crate::model::Model;

/// Whether a rule's behaviour is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleStatus {
    Stable,
    Preview,
}

/// What `accordant rules` lists and `accordant explain` shows.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    pub default_severity: Severity,
    pub status: RuleStatus,
    /// Markdown with the headings "What it checks", "Why it matters", "Example",
    /// "How to fix", "Configuration".
    #[serde(skip)]
    pub doc: &'static str,
}

impl crate::diag::RuleInfo for RuleMeta {
    fn code(&self) -> &'static str {
        self.code
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn default_severity(&self) -> Severity {
        self.default_severity
    }
}

/// What a check function sees.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub config: &'a Config,
    /// The date time-based rules compare against (`--today`).
    pub today: Date,
    /// For the language server: only the documents of this file are the
    /// subjects of a rule that [`reads::local`] lists (the others are still
    /// looked up); `None`, as in `check`, for every document.
    pub scope: Option<crate::source::FileId>,
}

impl Ctx<'_> {
    /// Whether documents of `file` are subjects of this run.
    pub fn in_scope(&self, file: crate::source::FileId) -> bool {
        self.scope.is_none_or(|f| f == file)
    }
}

pub type CheckFn = fn(&Ctx<'_>, &mut Vec<Diagnostic>);

/// A registered rule.
pub struct Rule {
    pub meta: RuleMeta,
    /// `None` for findings produced while loading.
    pub check: Option<CheckFn>,
}

/// Every rule, sorted by code: each family module lists its own rules in `ALL`.
/// A test keeps codes and names unique and sorted.
pub fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static Rule> = [
            load::ALL,
            refs::ALL,
            raci::ALL,
            incentives::ALL,
            goals::ALL,
            metrics::ALL,
            agreements::ALL,
            cadence::ALL,
        ]
        .concat();
        v.sort_by_key(|r| r.meta.code);
        v
    })
}

/// Finds a rule by code (`C301`, any case) or name (`multiple-accountable`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.meta.code.eq_ignore_ascii_case(code_or_name) || r.meta.name == code_or_name)
}

/// Runs every model rule (in parallel) and returns their findings.
pub fn run_all(ctx: &Ctx<'_>) -> Vec<Diagnostic> {
    all()
        .par_iter()
        .filter_map(|r| Some((r.meta.code, r.check?)))
        .flat_map_iter(|(code, check)| {
            let mut out = Vec::new();
            crate::timings::time_rule(code, || check(ctx, &mut out));
            out
        })
        .collect()
}

/// Drops the findings of model rules about a document with load or schema errors:
/// the fields that failed are absent from the model, so what a rule concludes
/// about such a document would be a guess, or a consequence of the error already
/// reported. A finding is about such a document when it is keyed to it, when one
/// of its labels points into it, or into a document that refers to it by id (a
/// plan component tied to a goal with errors reads that goal's metric). Load
/// findings, and R204 (two documents with one id, which decides what references
/// reach), always stay. Returns how many findings were held back.
pub fn hold_back(model: &Model, diags: &mut Vec<Diagnostic>) -> usize {
    use crate::model::{HashMap, HashSet};

    use crate::load::yaml::Span;
    use crate::source::FileId;

    let mut keys: HashSet<String> = HashSet::default();
    // A second document with an id already taken is reached by no reference:
    // R204 reports it, and no other rule judges it.
    let mut seen: HashSet<(crate::model::Kind, &str)> = HashSet::default();
    let mut shadowed: HashMap<FileId, Vec<Span>> = HashMap::default();
    // Most repos have no repeated id: then nothing is shadowed, and the ids need
    // not be hashed again (this runs on every check, and on every edit in the
    // editor).
    let dups = model.has_duplicate_ids();
    for (kind, id, loc) in model.locs() {
        if loc.has_errors {
            keys.insert(kind.key(id));
        }
        if dups && !seen.insert((kind, id)) {
            shadowed.entry(loc.file).or_default().push(loc.span);
        }
    }
    if keys.is_empty() && shadowed.is_empty() {
        return 0;
    }
    // Documents that read a document with errors through a reference (teams
    // excepted: a reference to a team reads nothing but its id).
    shared::walk::each_ref(model, |r| {
        if let shared::walk::Target::Entity(kind) = r.target
            && kind != crate::model::Kind::Team
            && model.has_errors(kind, r.value)
        {
            keys.insert(r.key());
        }
    });
    let mut spans: HashMap<FileId, Vec<Span>> = shadowed;
    for (kind, id, loc) in model.locs() {
        if keys.contains(&kind.key(id)) {
            spans.entry(loc.file).or_default().push(loc.span);
        }
    }
    let inside = |l: &crate::diag::Label| {
        spans.get(&l.file).is_some_and(|spans| {
            spans
                .iter()
                .any(|s| s.start <= l.span.start && l.span.end <= s.end)
        })
    };
    let mut broken_kinds: HashSet<crate::model::Kind> = HashSet::default();
    for (kind, _, loc) in model.locs() {
        if loc.has_errors {
            broken_kinds.insert(kind);
        }
    }
    let before = diags.len();
    diags.retain(|d| {
        let from_model_rule = find(d.code).is_some_and(|r| r.check.is_some());
        if !from_model_rule || d.code == refs::duplicate_id::RULE.meta.code {
            return true;
        }
        if reads_every(d.code).iter().any(|k| broken_kinds.contains(k)) {
            return false;
        }
        !(keys.contains(&d.key) || inside(&d.primary) || d.secondary.iter().any(inside))
    });
    before - diags.len()
}

/// The kinds a rule searches across the whole repo to conclude that something is
/// missing ("no incentive pays this goal", "no ritual reviews it"): while any
/// document of those kinds has errors, the missing thing may be in a value that
/// failed, so the rule holds back all of its findings.
fn reads_every(code: &str) -> &'static [crate::model::Kind] {
    use crate::model::Kind::{Agreement, Goal, Incentive, Metric, Responsibility, Ritual, Team};
    match code {
        "C307" | "C308" | "C309" => &[Responsibility],
        "I401" => &[Incentive],
        "I402" => &[Incentive, Goal],
        "I404" => &[Incentive, Metric],
        "I406" | "I407" => &[Incentive, Goal, Metric],
        "M603" => &[Metric],
        "M605" => &[Goal, Agreement],
        "T801" | "T802" | "T803" => &[Ritual, Team],
        _ => &[],
    }
}

/// Applies the severities configured in `accordant.yaml` and drops `off` findings.
/// Unknown rule keys and severities are reported by the config loader.
pub fn apply_severities(config: &Config, diags: &mut Vec<Diagnostic>) {
    if config.rules.is_empty() {
        return;
    }
    let overrides: Vec<(&'static str, Severity)> = config
        .rules
        .iter()
        .filter_map(|(key, sev)| Some((find(key)?.meta.code, Severity::parse(sev)?)))
        .collect();
    for d in diags.iter_mut() {
        if let Some((_, sev)) = overrides.iter().find(|(code, _)| *code == d.code) {
            d.severity = *sev;
        }
    }
    diags.retain(|d| d.severity != Severity::Off);
}

/// Looks a rule's meta up by code; for use in rule files (`meta("C301")`).
pub fn meta(code: &str) -> &'static RuleMeta {
    match find(code) {
        Some(r) => &r.meta,
        None => &load::schema_violation::RULE.meta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let codes: Vec<&str> = all().iter().map(|r| r.meta.code).collect();
        let mut unique = codes.clone();
        unique.dedup();
        assert_eq!(codes, unique, "rule codes must be unique");
        let mut names: Vec<&str> = all().iter().map(|r| r.meta.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all().len(), "rule names must be unique");
        for r in all() {
            let m = &r.meta;
            assert!(
                m.code.len() == 4 && m.code.chars().skip(1).all(|c| c.is_ascii_digit()),
                "{}",
                m.code
            );
            assert!(
                m.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                m.name
            );
            for heading in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## How to fix",
                "## Configuration",
            ] {
                assert!(m.doc.contains(heading), "{} doc lacks `{heading}`", m.code);
            }
        }
    }
}
