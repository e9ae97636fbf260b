//! T803 infrequent-review: a shared goal or agreement whose joint review is too rare.

use super::review;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Cadence;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "T803",
        name: "infrequent-review",
        summary: "A shared goal or agreement is reviewed jointly less often than the limit.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/T803.md"),
    },
    check: Some(check),
};

fn word(c: Cadence) -> &'static str {
    match c {
        Cadence::Daily => "daily",
        Cadence::Weekly => "weekly",
        Cadence::Biweekly => "biweekly",
        Cadence::Monthly => "monthly",
        Cadence::Quarterly => "quarterly",
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let max = ctx.config.limits.max_review_interval_days;
    for s in review::subjects(ctx.model) {
        // Only joint reviews count; a subject without one is T801/T802's.
        let joint = review::reviews(ctx.model, &s)
            .into_iter()
            .filter(|r| r.missing.is_empty())
            .min_by_key(|r| r.ritual.cadence.days());
        let Some(best) = joint else { continue };
        let cadence = &best.ritual.cadence;
        let days = cadence.days();
        if days <= max {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(
                    best.ritual.loc.file,
                    cadence.span,
                    format!("meets {} (every {days} days)", word(cadence.value)),
                ),
                format!(
                    "{} is reviewed jointly only {} (every {days} days), less often than every \
                     {max} days",
                    s.describe(),
                    word(cadence.value)
                ),
                s.key(),
                "",
            )
            .with_label(Label::new(
                best.ritual.loc.file,
                best.entry.span,
                "its most frequent joint review",
            ))
            .with_label(s.label("reviewed too rarely"))
            .with_note("problems at the hand-off need to be seen within weeks to be fixed within the quarter")
            .with_help(format!(
                "add `{}` to the `{}` of a joint ritual that meets at least every {max} days \
                 (e.g. `cadence: weekly`), or make `{}` more frequent",
                s.id.value,
                s.field(),
                best.ritual.id.value
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    fn ritual(id: &str, cadence: &str, who: &str) -> String {
        format!(
            "---\nkind: Ritual\nid: {id}\nname: n\ncadence: {cadence}\ndri: \"@dana\"\n\
             participants: [{who}]\ngoals: [g]\n"
        )
    }

    #[test]
    fn only_rituals_with_every_owner_count() {
        let goal = "---\nkind: Goal\nid: g\ntitle: t\nowners: [sales, marketing]\nperiod: q1\n";
        let partial = [
            TEST_TEAMS,
            goal,
            &ritual("qbr", "quarterly", "sales, \"@lee\""),
            &ritual("forecast", "weekly", "sales"),
        ]
        .concat();
        let out = run_yaml(check, &partial);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].key, "goal:g");
        let joint = [
            TEST_TEAMS,
            goal,
            &ritual("qbr", "quarterly", "sales, marketing"),
            &ritual("weekly", "weekly", "marketing, sales"),
        ]
        .concat();
        assert!(run_yaml(check, &joint).is_empty());
    }
}
