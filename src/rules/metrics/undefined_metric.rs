//! M601 undefined-metric: a metric reference that is not the id of any Metric.

use crate::diag::{Diagnostic, Label, Severity};
use crate::load::schema::closest;
use crate::model::de::Spanned;
use crate::model::{Commitment, Kind, Model};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};
use crate::source::FileId;

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "M601",
        name: "undefined-metric",
        summary: "A metric reference does not match any Metric document.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/M601.md"),
    },
    check: Some(check),
};

/// Funnel exits that are not stages.
const TERMINAL_EXITS: &[&str] = &["recycle", "disqualified"];

/// One metric reference with the document holding it.
pub(crate) struct MetricRef<'a> {
    pub kind: Kind,
    pub id: &'a str,
    pub file: FileId,
    /// The YAML field, e.g. `components[mqls].guardrails`.
    pub field: String,
    pub value: &'a Spanned<String>,
}

/// Every metric reference of the model, in document order.
pub(crate) fn metric_refs(model: &Model) -> Vec<MetricRef<'_>> {
    let mut refs: Vec<MetricRef<'_>> = Vec::new();
    for g in &model.goals {
        let at = |field: String, value| MetricRef {
            kind: Kind::Goal,
            id: &g.id,
            file: g.loc.file,
            field,
            value,
        };
        refs.extend(g.metric.iter().map(|m| at("metric".into(), m)));
        for kr in &g.key_results {
            let field = format!("key_results[{}].metric", kr.id.value);
            refs.extend(kr.metric.iter().map(|m| at(field.clone(), m)));
        }
    }
    for inc in &model.incentives {
        let at = |field: String, value| MetricRef {
            kind: Kind::Incentive,
            id: &inc.id,
            file: inc.loc.file,
            field,
            value,
        };
        for c in &inc.components {
            let base = format!("components[{}]", c.id.value);
            refs.extend(c.metric.iter().map(|m| at(format!("{base}.metric"), m)));
            refs.extend(
                c.guardrails
                    .iter()
                    .map(|m| at(format!("{base}.guardrails"), m)),
            );
        }
        if let Some(gate) = &inc.gate {
            refs.extend(gate.metric.iter().map(|m| at("gate.metric".into(), m)));
        }
    }
    for a in &model.agreements {
        let at = |field: String, value| MetricRef {
            kind: Kind::Agreement,
            id: &a.id,
            file: a.loc.file,
            field,
            value,
        };
        refs.extend(a.stage.iter().map(|m| at("stage".into(), m)));
        for c in &a.commitments {
            for (what, v) in volumes(c) {
                let field = format!("commitments[{}].{what}.metric", c.team.value);
                refs.extend(v.map(|m| at(field.clone(), m)));
            }
        }
    }
    for m in &model.metrics {
        let Some(stage) = &m.stage else { continue };
        for e in &stage.exits_to {
            if !TERMINAL_EXITS.contains(&e.value.as_str()) {
                refs.push(MetricRef {
                    kind: Kind::Metric,
                    id: &m.id,
                    file: m.loc.file,
                    field: "stage.exits_to".into(),
                    value: e,
                });
            }
        }
    }
    refs
}

fn volumes(c: &Commitment) -> [(&'static str, Option<&Spanned<String>>); 2] {
    [
        ("volume", c.volume.as_ref().and_then(|v| v.metric.as_ref())),
        (
            "capacity",
            c.capacity.as_ref().and_then(|v| v.metric.as_ref()),
        ),
    ]
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for r in metric_refs(model) {
        if model.metric(r.value).is_some() {
            continue;
        }
        let ids = model.metrics.iter().map(|m| m.id.value.as_str());
        let help = match closest(r.value, ids) {
            Some(near) => format!("did you mean `{near}`? Use the `id` of a Metric document"),
            None => format!(
                "add a Metric document with `id: {}` (name, definition, unit, direction, \
                 owner), or use the id of an existing one",
                r.value.value
            ),
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(r.file, r.value.span, "no Metric has this id"),
                format!(
                    "{} `{}` refers to undefined metric `{}` in `{}`",
                    r.kind.as_str(),
                    r.id,
                    r.value.value,
                    r.field
                ),
                r.kind.key(r.id),
                &format!("{}={}", r.field, r.value.value),
            )
            .with_help(help),
        );
    }
}
