//! C301 multiple-accountable: an activity with more than one Accountable party,
//! within one document or across two documents describing the same activity.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::de::Spanned;
use crate::model::{Kind, Responsibility};
use crate::rules::shared::{self, span_or};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C301",
        name: "multiple-accountable",
        summary: "An activity has more than one Accountable party.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C301.md"),
    },
    check: Some(check),
};

/// The real (non-placeholder) accountable parties, one entry per party (no case).
pub(crate) fn accountable(r: &Responsibility) -> Vec<&Spanned<String>> {
    let mut seen: Vec<&Spanned<String>> = Vec::new();
    for a in r.accountable.items() {
        if !shared::is_placeholder(a) && !seen.iter().any(|s| s.eq_ignore_ascii_case(a)) {
            seen.push(a);
        }
    }
    seen
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.model.responsibilities {
        let acc = accountable(r);
        if acc.len() > 1 {
            out.push(within(r, &acc));
        }
    }
    across(ctx, out);
}

fn within(r: &Responsibility, acc: &[&Spanned<String>]) -> Diagnostic {
    let names: Vec<&str> = acc.iter().map(|a| a.value.as_str()).collect();
    let file = r.loc.file;
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(file, acc[0].span, "accountable here"),
        format!(
            "Responsibility `{}` has {} Accountable parties: {}",
            r.id.value,
            acc.len(),
            shared::list(&names)
        ),
        Kind::Responsibility.key(&r.id),
        "",
    );
    for a in &acc[1..] {
        d = d.with_label(Label::new(file, a.span, "also accountable here"));
    }
    d.with_note("if two are accountable, neither is: exactly one party answers for the outcome")
        .with_help(format!(
            "keep one party under `accountable` (e.g. `accountable: {}`) and move the others \
             to `responsible` or `consulted`",
            names[0]
        ))
}

/// Two documents for the same activity (same words, any case) must name the same
/// Accountable party.
fn across(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, &Responsibility> = HashMap::new();
    for r in &ctx.model.responsibilities {
        let activity = r.activity.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(&f) = first.get(&activity.to_lowercase()) else {
            first.insert(activity.to_lowercase(), r);
            continue;
        };
        let mut mine: Vec<String> = accountable(r).iter().map(|a| a.to_lowercase()).collect();
        let mut theirs: Vec<String> = accountable(f).iter().map(|a| a.to_lowercase()).collect();
        mine.sort();
        theirs.sort();
        if mine.is_empty() || theirs.is_empty() || mine == theirs {
            continue;
        }
        let here = span_or(r.accountable.span, r.activity.span);
        let there = span_or(f.accountable.span, f.activity.span);
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(r.loc.file, here, "accountable here"),
                format!(
                    "Activity \"{}\" is described twice with different Accountable parties: \
                     {} in `{}`, {} in `{}`",
                    r.activity.value,
                    shared::list(&mine),
                    r.id.value,
                    shared::list(&theirs),
                    f.id.value
                ),
                Kind::Responsibility.key(&r.id),
                &format!("activity:{}", f.id.value),
            )
            .with_label(Label::new(f.loc.file, there, "also accountable here"))
            .with_label(Label::new(f.loc.file, f.activity.span, "same activity"))
            .with_note("if two are accountable, neither is: each activity needs one owner")
            .with_help(format!(
                "agree on one Accountable party and describe the activity once: merge \
                 `{}` into `{}`, or rename one `activity` if they are different work",
                r.id.value, f.id.value
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::date::Date;
    use crate::model::{Entity, Model, OneOrMany};

    fn resp(id: &str, activity: &str, acc: &[&str]) -> Entity {
        let s = |v: &str| Spanned::new(v.to_string(), Default::default());
        Entity::Responsibility(Responsibility {
            id: s(id),
            activity: s(activity),
            accountable: Spanned::new(
                OneOrMany::Many(acc.iter().map(|a| s(a)).collect()),
                Default::default(),
            ),
            ..Responsibility::default()
        })
    }

    fn run(docs: Vec<Entity>) -> Vec<Diagnostic> {
        let mut model = Model::default();
        docs.into_iter().for_each(|d| model.push(d));
        let config = Config::fallback();
        let mut out = Vec::new();
        let ctx = Ctx {
            model: &model,
            config: &config,
            today: Date(0),
            scope: None,
        };
        check(&ctx, &mut out);
        out
    }

    #[test]
    fn placeholders_and_case_do_not_count_as_parties() {
        assert!(run(vec![resp("a", "Scoring", &["sales", "tbd", "Sales"])]).is_empty());
        assert_eq!(
            run(vec![resp("a", "Scoring", &["sales", "marketing"])]).len(),
            1
        );
    }

    #[test]
    fn same_activity_in_two_documents() {
        let differ = run(vec![
            resp("a", "Lead  scoring", &["sales"]),
            resp("b", "lead scoring", &["marketing"]),
        ]);
        assert_eq!(differ.len(), 1);
        assert_eq!(differ[0].key, "responsibility:b");
        let agree = run(vec![
            resp("a", "Lead scoring", &["sales"]),
            resp("b", "Lead scoring", &["sales"]),
            resp("c", "Forecast", &["marketing"]),
        ]);
        assert!(agree.is_empty(), "{agree:?}");
    }
}
