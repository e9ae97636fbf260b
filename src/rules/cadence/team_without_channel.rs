//! T805 team-without-channel: a team other teams have no open way to reach.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "T805",
        name: "team-without-channel",
        summary: "A team has no channel open to other teams.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/T805.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for t in &ctx.model.teams {
        if t.channels.iter().any(|c| c.open.value) {
            continue;
        }
        let message = if t.channels.is_empty() {
            format!("Team `{}` declares no channel", t.id.value)
        } else {
            format!("Team `{}` has only private channels", t.id.value)
        };
        let mut d = Diagnostic::new(
            &RULE.meta,
            Label::new(t.loc.file, t.id.span, "no open channel"),
            message,
            Kind::Team.key(&t.id),
            "",
        );
        for c in t.channels.iter().filter(|c| c.open.span.start.line != 0) {
            d = d.with_label(Label::new(
                t.loc.file,
                c.open.span,
                format!("`{}` is private", c.name),
            ));
        }
        out.push(
            d.with_note("other teams need one place to ask this team a question")
                .with_help(format!(
                    "add a channel other teams can join, e.g. `channels: [{{ type: slack, name: \"#ask-{}\" }}]`",
                    t.id.value
                )),
        );
    }
}
