//! R205 unknown-period: a goal or incentive names a period accordant.yaml lacks.

use crate::diag::{Diagnostic, Label, Severity};
use crate::load::schema::closest;
use crate::model::Kind;
use crate::model::de::Spanned;
use crate::rules::shared;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};
use crate::source::FileId;

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "R205",
        name: "unknown-period",
        summary: "A goal or incentive names a period that accordant.yaml does not define.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/R205.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for g in &ctx.model.goals {
        one(ctx, Kind::Goal, &g.id, g.loc.file, &g.period, out);
    }
    for i in &ctx.model.incentives {
        one(ctx, Kind::Incentive, &i.id, i.loc.file, &i.period, out);
    }
}

fn one(
    ctx: &Ctx<'_>,
    kind: Kind,
    id: &str,
    file: FileId,
    period: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    if ctx.config.period(period).is_some() {
        return;
    }
    let ids: Vec<&str> = ctx
        .config
        .periods
        .iter()
        .map(|p| p.id.value.as_str())
        .collect();
    let help = match closest(period, ids.iter().copied()) {
        Some(p) => format!("did you mean `period: {p}`?"),
        None if ids.is_empty() => format!(
            "add the period to accordant.yaml:\n  periods:\n    - id: {}\n      start: 2026-01-01\n      end: 2026-03-31",
            period.value
        ),
        None => format!(
            "use one of the periods of accordant.yaml ({}), or add `{}` to its `periods:`",
            shared::list(&ids),
            period.value
        ),
    };
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(file, period.span, "unknown period"),
        format!(
            "{} `{id}` is set in period `{}`, which accordant.yaml does not define",
            kind.as_str(),
            period.value
        ),
        kind.key(id),
        &period.value,
    )
    .with_help(help);
    if let (Some(cfg), Some(p)) = (ctx.model.config_file, ctx.config.periods.first()) {
        d = d.with_label(Label::new(cfg, p.id.span, "periods are defined here"));
    }
    out.push(d);
}
