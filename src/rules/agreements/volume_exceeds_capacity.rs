//! L703 volume-exceeds-capacity: one side promises more than the other can absorb.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Commitment, Kind, Per, Volume};
use crate::rules::shared::{self, num};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "L703",
        name: "volume-exceeds-capacity",
        summary: "The volume one party promises exceeds the capacity the other states.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/L703.md"),
    },
    check: Some(check),
};

fn per_word(p: Per) -> &'static str {
    match p {
        Per::Day => "day",
        Per::Week => "week",
        Per::Month => "month",
        Per::Quarter => "quarter",
    }
}

/// "480 mqls per month"
fn amount(v: &Volume, metric: Option<&str>) -> String {
    match metric {
        Some(m) => format!("{} `{m}` per {}", num(*v.amount), per_word(v.per)),
        None => format!("{} per {}", num(*v.amount), per_word(v.per)),
    }
}

/// Rounds down, ignoring floating-point noise from converting periods.
fn down(x: f64) -> f64 {
    (x + 1e-6).floor()
}

/// Rounds up, ignoring floating-point noise from converting periods.
fn up(x: f64) -> f64 {
    (x - 1e-6).ceil()
}

/// Both sides count the same thing unless both name different metrics.
fn comparable(a: &Volume, b: &Volume) -> bool {
    match (&a.metric, &b.metric) {
        (Some(x), Some(y)) => x.value == y.value,
        _ => true,
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for a in &ctx.model.agreements {
        let side = |c: &Commitment| {
            shared::team_id(model, &c.team).map_or_else(|| c.team.value.clone(), str::to_string)
        };
        for giver in &a.commitments {
            let Some(vol) = &giver.volume else { continue };
            for taker in &a.commitments {
                let Some(cap) = &taker.capacity else { continue };
                if side(giver) == side(taker) || !comparable(vol, cap) {
                    continue;
                }
                let (v, c) = (vol.per_day(), cap.per_day());
                if v <= c * (1.0 + 1e-9) {
                    continue;
                }
                let metric = vol
                    .metric
                    .as_ref()
                    .or(cap.metric.as_ref())
                    .or(a.stage.as_ref())
                    .map(|m| m.value.as_str());
                let cap_in_vol_per = c * vol.per.days();
                let (gn, tn) = (
                    shared::team_name(model, &giver.team),
                    shared::team_name(model, &taker.team),
                );
                let mut d = Diagnostic::new(
                    &RULE.meta,
                    Label::new(
                        a.loc.file,
                        vol.amount.span,
                        format!("{gn} commits {}", amount(vol, metric)),
                    ),
                    format!(
                        "Agreement `{}`: `{}` promises more than `{}` can take ({} against {})",
                        a.id.value,
                        giver.team.value,
                        taker.team.value,
                        amount(vol, metric),
                        amount(cap, metric)
                    ),
                    Kind::Agreement.key(&a.id),
                    &format!("{}>{}", giver.team.value, taker.team.value),
                )
                .with_label(Label::new(
                    a.loc.file,
                    cap.amount.span,
                    format!("{tn} can absorb {}", amount(cap, None)),
                ));
                if vol.per != cap.per {
                    d = d.with_note(format!(
                        "{tn} can absorb about {} per {}",
                        num(down(cap_in_vol_per)),
                        per_word(vol.per)
                    ));
                }
                out.push(
                    d.with_note(format!(
                        "about {} per {} would go unworked",
                        num(up(*vol.amount - cap_in_vol_per)),
                        per_word(vol.per)
                    ))
                    .with_help(format!(
                        "lower `volume.amount` of `{}` to at most {} per {}, raise `capacity` of \
                         `{}`, or route the overflow elsewhere in the `return_rule`",
                        giver.team.value,
                        num(down(cap_in_vol_per)),
                        per_word(vol.per),
                        taker.team.value
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::shared::{TEST_TEAMS, run_yaml};

    fn sla(vol: &str, cap: &str) -> String {
        format!(
            "{TEST_TEAMS}---\nkind: Agreement\nid: a\nname: n\nparties: [marketing, sales]\n\
             commitments:\n  - {{team: marketing, summary: s, volume: {vol}}}\n  \
             - {{team: \"@dana\", summary: s, capacity: {cap}}}\n"
        )
    }

    #[test]
    fn compares_per_day_and_only_like_with_like() {
        let over = sla("{amount: 30, per: week}", "{amount: 100, per: month}");
        assert_eq!(run_yaml(check, &over).len(), 1);
        let under = sla("{amount: 400, per: month}", "{amount: 100, per: week}");
        assert!(run_yaml(check, &under).is_empty());
        let other = sla(
            "{amount: 900, per: month, metric: mqls}",
            "{amount: 10, per: week, metric: meetings}",
        );
        assert!(run_yaml(check, &other).is_empty());
    }
}
