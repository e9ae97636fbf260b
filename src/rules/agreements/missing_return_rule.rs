//! L706 missing-return-rule: an agreement that does not say where unaccepted leads go.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "L706",
        name: "missing-return-rule",
        summary: "An agreement does not say what happens to leads the receiving team does not accept.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/L706.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for a in &ctx.model.agreements {
        if a.return_rule
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
        {
            continue;
        }
        let sender = a
            .commitments
            .iter()
            .find(|c| c.volume.is_some())
            .map_or("the sending team", |c| c.team.value.as_str());
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(a.loc.file, a.id.span, "no `return_rule`"),
                format!(
                    "Agreement `{}` does not say what happens to leads that are not accepted",
                    a.id.value
                ),
                Kind::Agreement.key(&a.id),
                "",
            )
            .with_note("unaccepted leads with no return path sit in a queue nobody owns")
            .with_help(format!(
                "add a `return_rule`, e.g. `return_rule: Leads not worked within 10 business days \
                 go back to {sender} for nurture.`"
            )),
        );
    }
}
