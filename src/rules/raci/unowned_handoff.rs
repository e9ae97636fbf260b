//! C308 unowned-handoff: an agreement whose hand-off no Responsibility covers.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Agreement, Kind};
use crate::rules::shared;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C308",
        name: "unowned-handoff",
        summary: "An agreement has no `handoff` Responsibility, or that Responsibility does \
                  not hand work between the agreement's two parties.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C308.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in &ctx.model.agreements {
        if let Some(d) = one(ctx, a) {
            out.push(d);
        }
    }
}

fn one(ctx: &Ctx<'_>, a: &Agreement) -> Option<Diagnostic> {
    let file = a.loc.file;
    let key = Kind::Agreement.key(&a.id);
    let names: Vec<&str> = a.parties.iter().map(|p| p.value.as_str()).collect();
    let (from, to) = match names.as_slice() {
        [x, y] => (*x, *y),
        _ => ("marketing", "sales"),
    };
    let Some(h) = &a.handoff else {
        return Some(
            Diagnostic::new(
                &RULE.meta,
                Label::new(file, a.id.span, "no `handoff`"),
                format!(
                    "Agreement `{}` does not say which Responsibility owns its hand-off",
                    a.id.value
                ),
                key,
                "missing",
            )
            .with_note("a hand-off nobody owns is where leads get lost between the teams")
            .with_help(format!(
                "add `handoff: <responsibility id>` naming a Responsibility with \
                 `handoff: {{from: {from}, to: {to}}}` and one `accountable` party"
            )),
        );
    };
    // Unknown ids are R201's, placeholders R202's.
    let r = ctx.model.responsibility(h)?;
    let rfile = r.loc.file;
    let Some(rh) = &r.handoff else {
        return Some(
            Diagnostic::new(
                &RULE.meta,
                Label::new(file, h.span, "this Responsibility"),
                format!(
                    "Agreement `{}` names Responsibility `{}` for its hand-off, but that \
                     Responsibility describes no hand-off",
                    a.id.value, r.id.value
                ),
                key,
                "no-handoff",
            )
            .with_label(Label::new(rfile, r.id.span, "has no `handoff:`"))
            .with_help(format!(
                "add to Responsibility `{}`:\n  handoff:\n    from: {from}\n    to: {to}",
                r.id.value
            )),
        );
    };
    if names.len() != 2 || shared::is_placeholder(&rh.from) || shared::is_placeholder(&rh.to) {
        // Agreements that are not between exactly two parties are L701's.
        return None;
    }
    let team =
        |p: &str| shared::team_id(ctx.model, p).map_or_else(|| p.to_string(), str::to_string);
    let ends = [team(&rh.from), team(&rh.to)];
    let sides = [team(from), team(to)];
    let matches = ends[0] != ends[1] && ends.iter().all(|e| sides.contains(e));
    if matches {
        return None;
    }
    Some(
        Diagnostic::new(
            &RULE.meta,
            Label::new(file, h.span, "hand-off owned here"),
            format!(
                "Agreement `{}` is between {}, but its hand-off Responsibility `{}` hands work \
                 from `{}` to `{}`",
                a.id.value,
                shared::list(&names),
                r.id.value,
                rh.from.value,
                rh.to.value
            ),
            key,
            "mismatch",
        )
        .with_label(Label::new(rfile, rh.from.span, "from"))
        .with_label(Label::new(rfile, rh.to.span, "to"))
        .with_label(Label::new(file, a.parties.span, "the agreement's parties"))
        .with_help(format!(
            "point `handoff:` at the Responsibility for the hand-off between `{from}` and \
             `{to}`, or fix its `handoff: {{from: …, to: …}}`"
        )),
    )
}
