//! I409 component-weights-not-100: the components of a plan do not add up to the
//! whole plan.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Incentive, Kind};
use crate::rules::shared::{self, num};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I409",
        name: "component-weights-not-100",
        summary: "The `weight`s of an incentive's components do not sum to 100.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I409.md"),
    },
    check: Some(check),
};

/// Percentages may carry rounding (33.33 + 33.33 + 33.34), as in G502 and I403.
const TOLERANCE: f64 = 0.01;

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        if let Some(d) = one(inc) {
            out.push(d);
        }
    }
}

fn one(inc: &Incentive) -> Option<Diagnostic> {
    let (first, rest) = inc.components.split_first()?;
    let sum: f64 = inc.components.iter().map(|c| c.weight.value).sum();
    if (sum - 100.0).abs() <= TOLERANCE {
        return None;
    }
    let file = inc.loc.file;
    let n = inc.components.len();
    let weights: Vec<_> = inc
        .components
        .iter()
        .map(|c| (c.weight.value, c.weight.span))
        .collect();
    let label = |c: &crate::model::Component| {
        Label::new(
            file,
            c.weight.span,
            format!("`{}` weighs {}", c.id.value, num(c.weight.value)),
        )
    };
    let mut d = Diagnostic::new(
        &RULE.meta,
        label(first),
        format!(
            "Incentive `{}`: the weights of its {n} component{} sum to {}, not 100",
            inc.id.value,
            if n == 1 { "" } else { "s" },
            num(sum)
        ),
        Kind::Incentive.key(&inc.id),
        "weights",
    );
    for c in rest {
        d = d.with_label(label(c));
    }
    let fractions = inc.components.iter().all(|c| c.weight.value <= 1.0)
        && (sum - 1.0).abs() <= TOLERANCE / 100.0;
    let help = if fractions {
        format!(
            "weights are percents of the plan: write {}, not {}",
            num(first.weight.value * 100.0),
            num(first.weight.value)
        )
    } else {
        format!(
            "change the `weight`s so they add up to 100 (now {} too {})",
            num((sum - 100.0).abs()),
            if sum > 100.0 { "many" } else { "few" }
        )
    };
    Some(
        d.with_note(if fractions {
            "the weights add up to 1, as if written as fractions; they are read as percents, \
             so 99% of the plan is tied to nothing"
                .to_string()
        } else if sum < 100.0 {
            format!(
                "{}% of the plan is tied to nothing: nobody can say what it pays for",
                num(100.0 - sum)
            )
        } else {
            format!(
                "the plan pays out {}% at full attainment: more than it is worth",
                num(sum)
            )
        })
        .with_help(help)
        .with_fix(shared::normalise_to_100(
            file,
            &weights,
            "component weights",
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    fn plan(weights: &[&str]) -> String {
        let comps: String = weights
            .iter()
            .enumerate()
            .map(|(i, w)| format!("  - {{id: c{i}, weight: {w}, metric: m}}\n"))
            .collect();
        format!(
            "{TEST_TEAMS}---\nkind: Incentive\nid: p\nname: n\nperiod: q1\n\
             participants: [sales]\ncomponents:\n{comps}"
        )
    }

    #[test]
    fn sums_within_rounding_pass() {
        assert!(run_yaml(check, &plan(&["33.33", "33.33", "33.34"])).is_empty());
        assert!(run_yaml(check, &plan(&["100"])).is_empty());
        let out = run_yaml(check, &plan(&["60", "30"]));
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("sum to 90"), "{}", out[0].message);
        assert!(out[0].help.as_deref().unwrap_or("").contains("10 too few"));
    }

    #[test]
    fn fractions_are_read_as_a_unit_mistake() {
        let out = run_yaml(check, &plan(&["0.6", "0.4"]));
        assert_eq!(out.len(), 1);
        let help = out[0].help.as_deref().unwrap_or("");
        assert!(help.contains("write 60, not 0.6"), "{help}");
        let out = run_yaml(check, &plan(&["0.5", "0.3"]));
        assert!(!out[0].help.as_deref().unwrap_or("").contains("not 0.5"));
    }
}
