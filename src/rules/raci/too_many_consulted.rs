//! C306 too-many-consulted: more Consulted parties than the configured limit.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::Kind;
use crate::model::de::Spanned;
use crate::rules::shared;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "C306",
        name: "too-many-consulted",
        summary: "An activity consults more parties than `limits.max_consulted`.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/C306.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let max = ctx.config.limits.max_consulted;
    for r in &ctx.model.responsibilities {
        let mut distinct: Vec<&Spanned<String>> = Vec::new();
        for c in &r.consulted {
            if !shared::is_placeholder(c) && !distinct.iter().any(|d| c.eq_ignore_ascii_case(d)) {
                distinct.push(c);
            }
        }
        if distinct.len() <= max {
            continue;
        }
        let file = r.loc.file;
        let mut d = Diagnostic::new(
            &RULE.meta,
            Label::new(
                file,
                distinct[max].span,
                format!("consulted party {} of at most {max}", max + 1),
            ),
            format!(
                "Responsibility `{}` consults {} parties; the limit is {max}",
                r.id.value,
                distinct.len()
            ),
            Kind::Responsibility.key(&r.id),
            "",
        );
        for c in distinct.iter().skip(max + 1) {
            d = d.with_label(Label::new(file, c.span, "over the limit"));
        }
        out.push(
            d.with_note("every Consulted party must be heard before deciding: many of them slow every decision")
                .with_help(
                    "move parties who only need to know the outcome to `informed`, or raise \
                     `limits: max_consulted:` in accordant.yaml",
                ),
        );
    }
}
