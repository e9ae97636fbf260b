//! M601 undefined-metric: a metric reference that is not the id of any Metric.

use crate::diag::{Diagnostic, Label, Severity};
use crate::load::schema::closest;
use crate::model::de::Spanned;
use crate::model::{Commitment, Kind, Model};
use crate::rules::shared::walk::Field;
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
struct MetricRef<'a> {
    kind: Kind,
    id: &'a str,
    file: FileId,
    /// The YAML field, e.g. `components[mqls].guardrails`.
    field: Field<'a>,
    value: &'a Spanned<String>,
}

/// Calls `f` with every metric reference of the model, in file order.
fn each_metric_ref<'a>(model: &'a Model, scope: Option<FileId>, mut f: impl FnMut(MetricRef<'a>)) {
    let keep = |file: FileId| scope.is_none_or(|s| s == file);
    let within = |list: &'static str, item: &'a str, name: &'static str| Field {
        within: Some((list, item)),
        name,
    };
    for g in model.goals.iter().filter(|e| keep(e.loc.file)) {
        let mut at = |field: Field<'a>, value| {
            f(MetricRef {
                kind: Kind::Goal,
                id: &g.id,
                file: g.loc.file,
                field,
                value,
            });
        };
        g.metric.iter().for_each(|m| at("metric".into(), m));
        for kr in &g.key_results {
            let field = within("key_results", &kr.id.value, "metric");
            kr.metric.iter().for_each(|m| at(field, m));
        }
    }
    for inc in model.incentives.iter().filter(|e| keep(e.loc.file)) {
        let mut at = |field: Field<'a>, value| {
            f(MetricRef {
                kind: Kind::Incentive,
                id: &inc.id,
                file: inc.loc.file,
                field,
                value,
            });
        };
        for c in &inc.components {
            let id = c.id.value.as_str();
            c.metric
                .iter()
                .for_each(|m| at(within("components", id, "metric"), m));
            c.guardrails
                .iter()
                .for_each(|m| at(within("components", id, "guardrails"), m));
        }
        if let Some(gate) = &inc.gate {
            gate.metric.iter().for_each(|m| at("gate.metric".into(), m));
        }
    }
    for a in model.agreements.iter().filter(|e| keep(e.loc.file)) {
        let mut at = |field: Field<'a>, value| {
            f(MetricRef {
                kind: Kind::Agreement,
                id: &a.id,
                file: a.loc.file,
                field,
                value,
            });
        };
        a.stage.iter().for_each(|m| at("stage".into(), m));
        for c in &a.commitments {
            for (what, v) in volumes(c) {
                v.into_iter()
                    .for_each(|m| at(within("commitments", &c.team.value, what), m));
            }
        }
    }
    for m in model.metrics.iter().filter(|e| keep(e.loc.file)) {
        let Some(stage) = &m.stage else { continue };
        for e in &stage.exits_to {
            if !TERMINAL_EXITS.contains(&e.value.as_str()) {
                f(MetricRef {
                    kind: Kind::Metric,
                    id: &m.id,
                    file: m.loc.file,
                    field: "stage.exits_to".into(),
                    value: e,
                });
            }
        }
    }
}

fn volumes(c: &Commitment) -> [(&'static str, Option<&Spanned<String>>); 2] {
    [
        (
            "volume.metric",
            c.volume.as_ref().and_then(|v| v.metric.as_ref()),
        ),
        (
            "capacity.metric",
            c.capacity.as_ref().and_then(|v| v.metric.as_ref()),
        ),
    ]
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    each_metric_ref(model, ctx.scope, |r| {
        if model.metric(r.value).is_some() {
            return;
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
    });
}
