//! L701 one-sided-agreement: an agreement that is not a two-sided promise between
//! two teams.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Agreement, Kind, Model};
use crate::rules::shared::{self, list, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "L701",
        name: "one-sided-agreement",
        summary: "An agreement is not between two teams that each commit to something.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/L701.md"),
    },
    check: Some(check),
};

/// What a party reference stands for: its team id, or the reference itself (lower
/// case) when it does not resolve (R201 reports that).
fn side(model: &Model, party: &str) -> String {
    shared::team_id(model, party).map_or_else(|| party.trim().to_lowercase(), str::to_string)
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in &ctx.model.agreements {
        agreement(ctx.model, a, out);
    }
}

fn agreement(model: &Model, a: &Agreement, out: &mut Vec<Diagnostic>) {
    let file = a.loc.file;
    let key = Kind::Agreement.key(&a.id);
    let mut sides: Vec<(String, &crate::model::de::Spanned<String>)> = Vec::new();
    for p in a.parties.iter() {
        let s = side(model, p);
        if !sides.iter().any(|(seen, _)| *seen == s) {
            sides.push((s, p));
        }
    }
    if sides.len() != 2 {
        let names: Vec<&str> = sides.iter().map(|(s, _)| s.as_str()).collect();
        let what = if names.is_empty() {
            "no team".to_string()
        } else {
            format!(
                "{} team{}: {}",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                list(&names)
            )
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(file, span_or(a.parties.span, a.id.span), "parties"),
                format!("Agreement `{}` is between {what}, not two", a.id.value),
                key.clone(),
                "parties",
            )
            .with_note("an agreement is a two-sided promise between a sending and a receiving team")
            .with_help("list exactly two different teams under `parties`, e.g. `parties: [marketing, sales]`; split an agreement between more teams into one per pair"),
        );
    }
    let committed: Vec<String> = a.commitments.iter().map(|c| side(model, &c.team)).collect();
    for (s, p) in &sides {
        if committed.contains(s) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(file, p.span, format!("`{}` promises nothing", p.value)),
                format!(
                    "Agreement `{}` has no commitment from party `{}`",
                    a.id.value, p.value
                ),
                key.clone(),
                &format!("silent={s}"),
            )
            .with_note("Marketing commits to lead volume and quality; Sales commits to response time, follow-up and feedback")
            .with_help(format!(
                "add a commitment with `team: {}` and a `summary` of what it promises",
                p.value
            )),
        );
    }
    for (c, s) in a.commitments.iter().zip(&committed) {
        if sides.iter().any(|(p, _)| p == s) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(file, c.team.span, "not a party of this agreement"),
                format!(
                    "Agreement `{}` has a commitment from `{}`, which is not one of its parties",
                    a.id.value, c.team.value
                ),
                key.clone(),
                &format!("stranger={s}"),
            )
            .with_label(Label::new(file, span_or(a.parties.span, a.id.span), "the parties"))
            .with_help(format!(
                "set the commitment's `team` to one of the parties, or make a separate agreement with `{}`",
                c.team.value
            )),
        );
    }
}
