//! I410 non-participant-team: a plan's gate or credit split names a team the plan
//! does not pay.

use crate::diag::{Diagnostic, Label, Severity};
use crate::load::yaml::Span;
use crate::model::{Incentive, Kind, Model};
use crate::rules::shared::join_some;
use crate::rules::shared::{self, list, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I410",
        name: "non-participant-team",
        summary: "An incentive's `gate.applies_to` or a credit split names a team that is not \
                  a participant of the plan.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I410.md"),
    },
    check: Some(check),
};

/// One place where a plan names a team.
struct Mention<'a> {
    /// As written: a team id or an `@handle`.
    written: &'a str,
    span: Span,
    /// e.g. "`gate.applies_to`" or "the credit split for `inbound`".
    place: String,
    /// Whether it is a credit split key.
    split: bool,
}

/// Files a mention under its team.
fn add<'a>(foreign: &mut Vec<(&'a str, Vec<Mention<'a>>)>, team: &'a str, m: Mention<'a>) {
    match foreign.iter_mut().find(|(t, _)| *t == team) {
        Some((_, ms)) => ms.push(m),
        None => foreign.push((team, vec![m])),
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        one(ctx.model, inc, out);
    }
}

fn one(model: &Model, inc: &Incentive, out: &mut Vec<Diagnostic>) {
    let participants = shared::teams_of(model, &inc.participants);
    if participants.is_empty() {
        // Nobody resolves (R201 reports why): every team would look foreign.
        return;
    }
    // Team id -> its mentions, in the order first named.
    let mut foreign: Vec<(&str, Vec<Mention<'_>>)> = Vec::new();
    let is_participant = |t: &str| participants.iter().any(|(p, _)| *p == t);
    if let Some(gate) = &inc.gate {
        for p in gate.applies_to.iter() {
            // Parties that do not resolve are R201's.
            let Some(t) = shared::team_id(model, p).filter(|t| !is_participant(t)) else {
                continue;
            };
            add(
                &mut foreign,
                t,
                Mention {
                    written: &p.value,
                    span: p.span,
                    place: "`gate.applies_to`".to_string(),
                    split: false,
                },
            );
        }
    }
    for cs in &inc.credit_splits {
        for key in cs.splits.keys() {
            let Some(t) = shared::team_id(model, key).filter(|t| !is_participant(t)) else {
                continue;
            };
            add(
                &mut foreign,
                t,
                Mention {
                    written: key,
                    // Keys have no span of their own: point at the split.
                    span: span_or(cs.splits.span, cs.deal_type.span),
                    place: format!("the credit split for `{}`", cs.deal_type.value),
                    split: true,
                },
            );
        }
    }
    let file = inc.loc.file;
    let ids: Vec<&str> = participants.iter().map(|(t, _)| *t).collect();
    for (team, mentions) in foreign {
        let mut places: Vec<&str> = Vec::new();
        for m in &mentions {
            if !places.contains(&m.place.as_str()) {
                places.push(&m.place);
            }
        }
        let in_split = mentions.iter().any(|m| m.split);
        let label = |m: &Mention<'_>| {
            let who = if m.written == team {
                format!("`{team}`")
            } else {
                format!("`{}` (team `{team}`)", m.written)
            };
            Label::new(file, m.span, format!("{who} is not a participant"))
        };
        let mut d = Diagnostic::new(
            &RULE.meta,
            label(&mentions[0]),
            format!(
                "Incentive `{}` names team `{team}` in {}, but `{team}` is not one of its \
                 participants",
                inc.id.value,
                join_some(&places, 3)
            ),
            Kind::Incentive.key(&inc.id),
            team,
        );
        for m in &mentions[1..] {
            d = d.with_label(label(m));
        }
        out.push(
            d.with_label(Label::new(
                file,
                span_or(inc.participants.span, inc.id.span),
                format!("the plan pays {}", list(&ids)),
            ))
            .with_note(format!(
                "{} is not paid by this plan, so a gate cannot hold back its payout and credit \
                 given to it here pays nobody",
                shared::team_name(model, team)
            ))
            .with_help(format!(
                "add `{team}` to `participants` if the plan pays it; otherwise remove it from \
                 {}{}",
                join_some(&places, 3),
                if in_split {
                    " (its share of a split goes to a participant)"
                } else {
                    ""
                }
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    fn plan(participants: &str, rest: &str) -> String {
        format!(
            "{TEST_TEAMS}---\nkind: Incentive\nid: p\nname: n\nperiod: q1\n\
             participants: [{participants}]\ncomponents:\n  - {{id: c, weight: 100, metric: m}}\n\
             {rest}"
        )
    }

    const GATE_AND_SPLIT: &str = "gate: {metric: m, min_attainment: 70, applies_to: [sales, \
        marketing]}\ncredit_splits:\n  - {deal_type: inbound, splits: {sales: 50, marketing: 50}}\n";

    #[test]
    fn one_finding_per_team_for_all_its_mentions() {
        let out = run_yaml(check, &plan("sales", GATE_AND_SPLIT));
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(
            out[0]
                .message
                .contains("in `gate.applies_to` and the credit split for `inbound`"),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn handles_count_for_their_team() {
        assert!(run_yaml(check, &plan("sales, \"@lee\"", GATE_AND_SPLIT)).is_empty());
        let out = run_yaml(
            check,
            &plan(
                "sales",
                "gate: {metric: m, min_attainment: 70, applies_to: [\"@lee\"]}\n",
            ),
        );
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].primary.message,
            "`@lee` (team `marketing`) is not a participant"
        );
    }

    #[test]
    fn unknown_teams_are_left_to_r201() {
        let rest = "credit_splits:\n  - {deal_type: d, splits: {sales: 50, partners: 50}}\n";
        assert!(run_yaml(check, &plan("sales", rest)).is_empty());
    }
}
