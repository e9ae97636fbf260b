//! G502 kr-weights-not-100: key-result weights that are partial or do not add up.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Goal, Kind};
use crate::rules::shared;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "G502",
        name: "kr-weights-not-100",
        summary: "Key-result weights are given for some but not all key results, or do not \
                  sum to 100.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/G502.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in ctx.model.goals.iter().filter(|g| ctx.in_scope(g.loc.file)) {
        if let Some(d) = one(g) {
            out.push(d);
        }
    }
}

fn one(g: &Goal) -> Option<Diagnostic> {
    let file = g.loc.file;
    let weighted: Vec<_> = g
        .key_results
        .iter()
        .filter_map(|kr| kr.weight.as_ref().map(|w| (kr, w)))
        .collect();
    let (first_kr, first_w) = *weighted.first()?;
    let unweighted: Vec<_> = g
        .key_results
        .iter()
        .filter(|kr| kr.weight.is_none())
        .collect();
    if let Some(missing) = unweighted.first() {
        let mut d = Diagnostic::new(
            &RULE.meta,
            Label::new(file, missing.id.span, "no `weight`"),
            format!(
                "Goal `{}`: {} of {} key results have a `weight` and {} do not",
                g.id.value,
                weighted.len(),
                g.key_results.len(),
                unweighted.len()
            ),
            Kind::Goal.key(&g.id),
            "partial",
        );
        for kr in &unweighted[1..] {
            d = d.with_label(Label::new(file, kr.id.span, "no `weight`"));
        }
        return Some(
            d.with_label(Label::new(file, first_w.span, format!("`{}` is weighted", first_kr.id)))
                .with_help("give every key result a `weight` (percent, summing to 100), or remove them all for equal weights"),
        );
    }
    let sum: f64 = weighted.iter().map(|(_, w)| w.value).sum();
    if (sum - 100.0).abs() <= 0.01 {
        return None;
    }
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(file, first_w.span, "weight"),
        format!(
            "Goal `{}`: key-result weights sum to {}, not 100",
            g.id.value,
            round(sum)
        ),
        Kind::Goal.key(&g.id),
        "sum",
    );
    for (_, w) in &weighted[1..] {
        d = d.with_label(Label::new(file, w.span, "weight"));
    }
    // 0.6 and 0.4: shares written as fractions, not percents.
    let fractions = (sum - 1.0).abs() <= 0.01 && weighted.iter().all(|(_, w)| w.value <= 1.0);
    let help = if fractions {
        let first = round(first_w.value * 100.0);
        format!(
            "weights are percents: write {first} for {}, and so on, so that they add up to 100",
            round(first_w.value)
        )
    } else {
        format!(
            "change the `weight`s so they add up to 100 (now {} too {})",
            round((sum - 100.0).abs()),
            if sum > 100.0 { "many" } else { "few" }
        )
    };
    let values: Vec<_> = weighted.iter().map(|(_, w)| (w.value, w.span)).collect();
    d = d.with_fix(shared::normalise_to_100(
        file,
        &values,
        "key-result weights",
    ));
    Some(
        d.with_note("weights say how much each key result counts towards the goal, in percent")
            .with_help(help),
    )
}

/// Shows 33.333333 as 33.33 and 40.0 as 40.
fn round(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
