//! I408 cap-below-threshold: a component whose pay stops growing before it starts,
//! or before its accelerator starts.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Component, Incentive, Kind};
use crate::rules::shared::num;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I408",
        name: "cap-below-threshold",
        summary: "An incentive component's `cap` is below its `threshold` (its pay never \
                  grows) or at or below where its accelerator starts (the accelerator never pays).",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I408.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inc in &ctx.model.incentives {
        for c in &inc.components {
            if let Some(d) = one(inc, c) {
                out.push(d);
            } else if let Some(d) = accelerator(inc, c) {
                out.push(d);
            }
        }
    }
}

/// The attainment range a component pays on, in percent of target: from its
/// `threshold` (or 0) up to its `cap` (or without end). Accelerator tiers, when
/// the model has them, are ranges of the same kind and will be checked against it.
struct PayRange {
    threshold: f64,
    cap: f64,
}

impl PayRange {
    /// Both ends must be written: a missing one is no contradiction.
    fn of(c: &Component) -> Option<PayRange> {
        Some(PayRange {
            threshold: c.threshold?,
            cap: c.cap?,
        })
    }

    /// A cap equal to the threshold is an all-or-nothing bonus, on purpose.
    fn is_empty(&self) -> bool {
        self.cap < self.threshold
    }
}

fn one(inc: &Incentive, c: &Component) -> Option<Diagnostic> {
    let range = PayRange::of(c)?;
    if !range.is_empty() {
        return None;
    }
    let (threshold, cap) = (num(range.threshold), num(range.cap));
    // `threshold` and `cap` are plain numbers in the model, without a position of
    // their own: the labels point at the component.
    let file = inc.loc.file;
    Some(
        Diagnostic::new(
            &RULE.meta,
            Label::new(
                file,
                c.id.span,
                format!("`cap: {cap}` is below `threshold: {threshold}`"),
            ),
            format!(
                "Component `{}` of incentive `{}` is capped at {cap}% of target but pays \
                 nothing below {threshold}%: its pay can never grow",
                c.id.value, inc.id.value
            ),
            Kind::Incentive.key(&inc.id),
            &c.id,
        )
        .with_note(format!(
            "below {threshold}% of target the component pays nothing, and at {threshold}% it \
             is already past the {cap}% cap: no better result earns more of the {}% of the \
             plan it carries",
            num(c.weight.value)
        ))
        .with_help(format!(
            "on component `{}`, raise `cap` to {threshold} or more, or lower `threshold` to \
             {cap} or less (both are percent of target); if the two were swapped, swap them back",
            c.id.value
        )),
    )
}

/// A cap at or below the first accelerator tier: the higher rate is written but
/// can never be earned.
fn accelerator(inc: &Incentive, c: &Component) -> Option<Diagnostic> {
    let curve = crate::payout::Curve::of(c);
    let (cap, start) = (curve.cap?, curve.accelerator_start()?);
    if cap > start {
        return None;
    }
    let (cap, start) = (crate::payout::plain(cap), crate::payout::plain(start));
    let span = c.curve.as_ref().map_or(c.id.span, |cv| {
        crate::rules::shared::span_or(cv.tiers.span, c.id.span)
    });
    Some(
        Diagnostic::new(
            &RULE.meta,
            Label::new(
                inc.loc.file,
                span,
                format!("the accelerator starts at {start}%, the cap is {cap}%"),
            ),
            format!(
                "Component `{}` of incentive `{}` is capped at {cap}% of target, but its \
                 accelerator starts at {start}%: the higher rate can never be earned",
                c.id.value, inc.id.value
            ),
            Kind::Incentive.key(&inc.id),
            &format!("{}-accelerator", c.id.value),
        )
        .with_note(
            "the plan promises a higher rate above target, and the cap takes it away; people \
             who read the tiers expect money they will not get",
        )
        .with_help(format!(
            "on component `{}`, raise `cap` above {start}, or drop the accelerator tier",
            c.id.value
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    fn plan(comp: &str) -> String {
        format!(
            "{TEST_TEAMS}---\nkind: Incentive\nid: p\nname: n\nperiod: q1\n\
             participants: [sales]\ncomponents:\n  - {{id: c, weight: 100, {comp}}}\n"
        )
    }

    #[test]
    fn only_a_cap_below_the_threshold_is_reported() {
        assert_eq!(run_yaml(check, &plan("threshold: 100, cap: 80")).len(), 1);
        for ok in [
            "threshold: 80, cap: 150",
            "threshold: 100, cap: 100",
            "threshold: 100",
            "cap: 80",
            "metric: m",
        ] {
            assert!(run_yaml(check, &plan(ok)).is_empty(), "{ok}");
        }
    }

    #[test]
    fn a_cap_at_or_below_the_accelerator_is_reported() {
        let tiers =
            "curve: {semantics: marginal, tiers: [{from: 0, rate: 1}, {from: 100, rate: 2}]}";
        assert_eq!(
            run_yaml(check, &plan(&format!("cap: 100, {tiers}"))).len(),
            1
        );
        assert!(run_yaml(check, &plan(&format!("cap: 150, {tiers}"))).is_empty());
    }
}
