//! C307 accountable-overload: one party is Accountable for too large a share of
//! all activities.

use std::collections::HashMap;

use super::multiple_accountable::accountable;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C307",
        name: "accountable-overload",
        summary: "One party is Accountable for more than `limits.max_accountable_share` \
                  percent of the activities.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C307.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let limits = &ctx.config.limits;
    let all = &ctx.model.responsibilities;
    if all.is_empty() || all.len() < limits.min_activities_for_share {
        return;
    }
    // party (lower case) -> (as first written, the activities it is accountable for)
    let mut by_party: HashMap<String, (&str, Vec<usize>)> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for (i, r) in all.iter().enumerate() {
        for a in accountable(r) {
            let key = a.to_ascii_lowercase();
            let entry = by_party.entry(key.clone()).or_insert_with(|| {
                order.push(key);
                (a.value.as_str(), Vec::new())
            });
            entry.1.push(i);
        }
    }
    #[allow(clippy::cast_precision_loss)] // counts of documents are far below 2^52
    let share = |n: usize| n as f64 * 100.0 / all.len() as f64;
    for key in order {
        let Some((party, activities)) = by_party.get(&key) else {
            continue;
        };
        let pct = share(activities.len());
        if pct <= limits.max_accountable_share {
            continue;
        }
        let label_of = |i: usize| {
            let r = &all[i];
            let span = accountable(r)
                .into_iter()
                .find(|a| a.eq_ignore_ascii_case(party))
                .map_or(r.id.span, |a| a.span);
            (r.loc.file, span)
        };
        let (file, span) = label_of(activities[0]);
        let entity = if party.starts_with('@') {
            format!("person:{}", key.trim_start_matches('@'))
        } else {
            Kind::Team.key(party)
        };
        let mut d = Diagnostic::new(
            &RULE.meta,
            Label::new(file, span, "accountable here"),
            format!(
                "`{party}` is Accountable for {} of {} activities ({pct:.0}%), more than the \
                 {}% limit",
                activities.len(),
                all.len(),
                limits.max_accountable_share
            ),
            entity,
            "",
        );
        for &i in &activities[1..] {
            let (f, s) = label_of(i);
            d = d.with_label(Label::new(f, s, "also accountable here"));
        }
        out.push(
            d.with_note(
                "a default Accountable on everything means nobody is really accountable for \
                 any one thing",
            )
            .with_help(format!(
                "hand some activities to the team that does the work (its `accountable:`), or \
                 raise `limits: max_accountable_share:` in accordant.yaml if `{party}` truly \
                 owns them"
            )),
        );
    }
}
