//! C305 responsible-without-lead: several teams share the work and none leads.

use crate::diag::{Diagnostic, Edit, Fix, Label, Severity};
use crate::model::Kind;
use crate::rules::shared;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C305",
        name: "responsible-without-lead",
        summary: "Several teams are Responsible for an activity and none is marked `lead`.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C305.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &ctx.model.responsibilities {
        // One (team, first party written for it) per distinct team.
        let mut teams: Vec<&str> = Vec::new();
        let mut firsts = Vec::new();
        for p in r.responsible.iter() {
            if let Some(t) = shared::team_id(ctx.model, p)
                && !teams.contains(&t)
            {
                teams.push(t);
                firsts.push(p);
            }
        }
        if teams.len() < 2 {
            continue;
        }
        let lead = r.lead.as_ref().filter(|l| !shared::is_placeholder(l));
        let lead_ok = lead.is_some_and(|l| {
            r.responsible.iter().any(|p| p.eq_ignore_ascii_case(l))
                || shared::team_id(ctx.model, l).is_some_and(|t| teams.contains(&t))
        });
        if lead_ok || (lead.is_none() && r.lead.is_some()) {
            // A placeholder lead is reported by R202.
            continue;
        }
        let file = r.loc.file;
        let message = match lead {
            Some(l) => format!(
                "Responsibility `{}`: lead `{}` is not one of the Responsible teams ({})",
                r.id.value,
                l.value,
                shared::list(&teams)
            ),
            None => format!(
                "Responsibility `{}`: {} teams are Responsible ({}) and none is marked `lead`",
                r.id.value,
                teams.len(),
                shared::list(&teams)
            ),
        };
        let team_label = |k: usize| format!("responsible ({})", teams[k]);
        let (primary, rest) = match lead {
            Some(l) => (Label::new(file, l.span, "not a responsible party"), 0),
            None => (Label::new(file, firsts[0].span, team_label(0)), 1),
        };
        let mut d = Diagnostic::new(
            &RULE.meta,
            primary,
            message,
            Kind::Responsibility.key(&r.id),
            "",
        );
        for (k, p) in firsts.iter().enumerate().skip(rest) {
            d = d.with_label(Label::new(file, p.span, team_label(k)));
        }
        // With no `lead` at all, adding the first responsible team is mechanical;
        // a wrong lead is a choice between teams, left to a person.
        if r.lead.is_none() {
            d = d.with_fix(Fix::safe(
                format!("Add `lead: {}`", teams[0]),
                vec![Edit::line_after(
                    file,
                    r.id.span,
                    format!("lead: {}", teams[0]),
                )],
            ));
        }
        out.push(
            d.with_note(
                "several teams doing one job without a lead diffuse the effort and the blame",
            )
            .with_help(format!(
                "add `lead: {}` (or another of the responsible parties) to say who coordinates",
                teams[0]
            )),
        );
    }
}
