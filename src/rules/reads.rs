//! Which kinds of document each model rule reads, so that the language server
//! can keep a rule's findings when an edit changed none of them (a goal's period
//! edited: the RACI and SLA rules are not run again).
//!
//! A rule reads a kind when its findings can change with a document of that kind:
//! it iterates the kind, looks ids of it up (including through the helpers in
//! `rules::shared`, the payout engine's headcounts and the model's
//! cross-document lookups), or names it in a message. Declaring too many kinds
//! costs only time; too few leaves stale findings in the editor. Two tests guard
//! the table: `tests/rules.rs` removes, for every rule, each kind it does not
//! declare from every fixture repo and `examples/acme` and requires the rule's
//! findings to stay the same; and `tests/incremental.rs` compares the server's
//! incremental findings after a series of edits with a full `check`.
//!
//! A rule that is not listed reads every kind.

use crate::model::Kind::{self, Agreement, Goal, Incentive, Metric, Responsibility, Ritual, Team};

/// Every kind.
const ALL: &[Kind] = &Kind::ALL;

/// The kinds of document rule `code` reads.
pub fn reads(code: &str) -> &'static [Kind] {
    match code {
        // Responsibilities alone, or with the teams their parties resolve to.
        "C301" | "C304" | "C306" | "C307" => &[Responsibility],
        "C302" | "C303" | "C305" | "C309" => &[Responsibility, Team],
        "C308" => &[Responsibility, Agreement, Team],
        // Goals, and the metrics whose direction they inherit.
        "G501" | "G502" | "G503" | "G504" | "G505" | "G506" | "G507" => &[Goal],
        "G508" | "G509" => &[Goal, Metric],
        // Incentives: the plan alone, or with the teams it pays (headcounts).
        "I403" | "I408" | "I409" | "I411" | "I412" | "I414" | "I415" | "I416" => &[Incentive],
        "I413" => &[Incentive, Team],
        "I405" | "I410" => &[Incentive, Goal, Team],
        "I401" | "I402" | "I404" | "I406" | "I407" | "I417" => &[Incentive, Goal, Metric, Team],
        // Metrics.
        "M602" | "M603" | "M604" => &[Metric],
        "M605" => &[Metric, Goal, Agreement, Team],
        // Agreements (SLAs), alone or with the teams they bind.
        "L702" | "L704" | "L705" | "L706" => &[Agreement],
        "L701" | "L703" => &[Agreement, Team],
        // People and teams.
        "R203" | "R206" | "R207" => &[Team],
        "R205" => &[Goal, Incentive],
        // Rituals.
        "T804" => &[Ritual],
        "T805" => &[Team, Ritual],
        // References of every kind (R201, R202, M601), ids of every kind (R204),
        // and reviews of goals and agreements by rituals of teams (T801-T803).
        _ => ALL,
    }
}

/// A rule whose every finding is about one document: its primary label lies in
/// that document's file, and it is found from that document, from documents of
/// the `looks_up` kinds, and (with `ids`) from which ids of every kind exist.
/// After an edit of one file that changed no `looks_up` kind (and, with `ids`,
/// no id), the language server runs such a rule on that file's documents only
/// ([`crate::rules::Ctx::scope`]) and keeps its findings about the other files.
/// `tests/rules.rs` checks both halves on every fixture repo.
#[derive(Clone, Copy, Debug)]
pub struct Local {
    pub looks_up: &'static [Kind],
    pub ids: bool,
}

/// Whether rule `code` is [`Local`], and on what it depends besides its subject.
pub fn local(code: &str) -> Option<Local> {
    let only = |looks_up: &'static [Kind]| {
        Some(Local {
            looks_up,
            ids: false,
        })
    };
    match code {
        "G502" | "G503" | "G504" | "G505" | "G506" | "G507" | "R202" => only(&[]),
        "G508" | "M601" => only(&[Metric]),
        // Whether each referenced team, person or document exists (people are
        // listed by teams), and the ids it suggests instead.
        "R201" => Some(Local {
            looks_up: &[Team],
            ids: true,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_listed_code_is_a_model_rule() {
        for rule in super::super::all() {
            let reads = super::reads(rule.meta.code);
            assert!(!reads.is_empty(), "{}", rule.meta.code);
        }
        // A typo in the table would silently fall back to every kind: the codes it
        // names must all exist.
        let src = include_str!("reads.rs");
        let table = &src[..src.find("#[cfg(test)]").unwrap_or(src.len())];
        for code in table
            .split('"')
            .filter(|s| s.len() == 4 && s[1..].chars().all(|c| c.is_ascii_digit()))
        {
            let rule = super::super::find(code);
            assert!(
                rule.is_some_and(|r| r.check.is_some()),
                "{code} in the table is not a model rule"
            );
        }
    }
}
