//! Findings produced while loading files: they have no check function, but they
//! have codes, docs and configurable severities like every other rule.

use super::{Rule, RuleMeta, RuleStatus};
use crate::diag::Severity;

macro_rules! load_rule {
    ($module:ident, $code:literal, $name:literal, $severity:expr, $summary:literal) => {
        pub mod $module {
            use super::*;
            pub static RULE: Rule = Rule {
                meta: RuleMeta {
                    code: $code,
                    name: $name,
                    summary: $summary,
                    default_severity: $severity,
                    status: RuleStatus::Stable,
                    doc: include_str!(concat!("docs/", $code, ".md")),
                },
                check: None,
            };
        }
    };
}

load_rule!(
    yaml_syntax,
    "P001",
    "yaml-syntax",
    Severity::Error,
    "The file is not valid YAML."
);
load_rule!(
    duplicate_key,
    "P002",
    "duplicate-key",
    Severity::Error,
    "A mapping repeats a key."
);
load_rule!(
    resource_limit,
    "P003",
    "resource-limit",
    Severity::Error,
    "A file is too large, too deeply nested or expands aliases too far, or a text is too long for the playbook."
);
load_rule!(
    unreadable_file,
    "P004",
    "unreadable-file",
    Severity::Error,
    "A file cannot be read: not UTF-8, unreadable, or a link leading outside the repo."
);
load_rule!(
    unknown_kind,
    "P005",
    "unknown-kind",
    Severity::Error,
    "A document has no `kind`, or a kind accordant does not know."
);
load_rule!(
    invalid_config,
    "P006",
    "invalid-config",
    Severity::Error,
    "`accordant.yaml` has a value accordant cannot use."
);
load_rule!(
    schema_violation,
    "S101",
    "schema-violation",
    Severity::Error,
    "A document does not match the schema of its kind."
);

/// The load-time rules.
pub static ALL: &[&Rule] = &[
    &yaml_syntax::RULE,
    &duplicate_key::RULE,
    &resource_limit::RULE,
    &unreadable_file::RULE,
    &unknown_kind::RULE,
    &invalid_config::RULE,
    &schema_violation::RULE,
];
