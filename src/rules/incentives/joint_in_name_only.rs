//! I417 joint-in-name-only: a shared goal whose owner teams are paid on curves of
//! very different steepness.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Component, Incentive, Kind};
use crate::payout::{Curve, applies, dec, plain};
use crate::rules::shared::{list, span_or, team_id};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I417",
        name: "joint-in-name-only",
        summary: "The owner teams of a shared goal are paid on it with curves of very different \
                  steepness (more than `limits.max_joint_curve_ratio`).",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I417.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let Some(ratio) = dec(ctx.config.limits.max_joint_curve_ratio) else {
        return;
    };
    for goal in model.goals.iter().filter(|g| g.is_shared()) {
        let owners: Vec<&str> = goal.owners.iter().map(|o| o.value.as_str()).collect();
        // Owner team -> the steepest component paying it on this goal.
        let mut steepest: BTreeMap<&str, (Decimal, &Incentive, &Component)> = BTreeMap::new();
        for (inc, c) in model.components_of_goal(&goal.id) {
            let s = Curve::of(c).steepness();
            for p in inc.participants.iter().filter(|p| applies(c, p)) {
                let Some(team) = team_id(model, p) else {
                    continue;
                };
                let Some(&owner) = owners.iter().find(|o| **o == team) else {
                    continue;
                };
                let e = steepest.entry(owner).or_insert((s, inc, c));
                if s > e.0 {
                    *e = (s, inc, c);
                }
            }
        }
        let (Some(hi), Some(lo)) = (
            steepest.iter().max_by_key(|(_, v)| v.0),
            steepest.iter().min_by_key(|(_, v)| v.0),
        ) else {
            continue;
        };
        if hi.0 == lo.0 || hi.1.0 <= lo.1.0 * ratio {
            continue;
        }
        let (hs, hinc, hc) = *hi.1;
        let (ls, linc, lc) = *lo.1;
        let times = if ls.is_zero() {
            "while the other's does not rise at all".to_string()
        } else {
            format!("{}× as steep", plain((hs / ls).round_dp(2)))
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(
                    hinc.loc.file,
                    span_or(hc.id.span, hinc.id.span),
                    format!("`{}`: +{}% of target from 80% to 120%", hi.0, plain(hs)),
                ),
                format!(
                    "Shared goal `{}` is joint in name only: `{}` is paid on it on a curve {times} \
                     as `{}`'s ({}% against {}% more of target from 80% to 120% attainment)",
                    goal.id.value,
                    hi.0,
                    lo.0,
                    plain(hs),
                    plain(ls)
                ),
                Kind::Goal.key(&goal.id),
                &format!("{}-{}", hi.0, lo.0),
            )
            .with_label(Label::new(
                linc.loc.file,
                span_or(lc.id.span, linc.id.span),
                format!("`{}`: +{}% of target from 80% to 120%", lo.0, plain(ls)),
            ))
            .with_note(format!(
                "{} share the goal, but a better or worse result moves one team's pay much \
                 more than the other's: the team with the flat curve has little reason to \
                 push, and the goal is shared only on paper",
                list(&owners)
            ))
            .with_help(format!(
                "give components `{}` (incentive `{}`) and `{}` (incentive `{}`) the same curve \
                 on `{}`, or raise `limits.max_joint_curve_ratio` if the difference is agreed",
                hc.id.value, hinc.id.value, lc.id.value, linc.id.value, goal.id.value
            )),
        );
    }
}
