//! I418 running-plan-changed: a change to a running plan without a new
//! `effective_from`. It compares two revisions, so `accordant diff` (and the pull
//! request review) reports it, not `check`: the check lives in
//! `crate::diff::payouts`.

use crate::diag::Severity;
use crate::rules::{Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I418",
        name: "running-plan-changed",
        summary: "A pull request changes what an incentive plan pays while its period is \
                  running, without a new `effective_from` (reported by `diff`).",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I418.md"),
    },
    check: None,
};
