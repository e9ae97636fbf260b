//! The metric glossary: every definition with its owner and signatories, and
//! the funnels (e.g. MQL -> SAL -> SQL) with their stages in order.

use serde::Serialize;

use super::{Ctx, Party, Ref, Src, fmt_num, slug};
use crate::model::{Direction, Kind, Metric};

/// A funnel stage.
#[derive(Clone, Debug, Serialize)]
pub struct StageView {
    pub metric: Ref,
    pub short: String,
    pub order: u32,
    pub owner: Party,
    pub entry_criteria: Vec<String>,
    pub threshold: Option<String>,
    pub exits: Vec<Ref>,
}

/// A funnel: its stages in order.
#[derive(Clone, Debug, Serialize)]
pub struct FunnelView {
    pub id: String,
    pub stages: Vec<StageView>,
}

/// A metric definition.
#[derive(Clone, Debug, Serialize)]
pub struct MetricView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub definition: String,
    pub unit: String,
    pub direction: String,
    pub category: String,
    pub owner: Party,
    pub approved_by: Vec<Party>,
    pub source: Option<String>,
    pub formula: Option<String>,
    pub stage: Option<String>,
    pub used_by: Vec<Ref>,
    pub findings: Vec<String>,
    /// The document has load or schema errors: some of its values are left out.
    pub has_errors: bool,
    pub src: Src,
}

fn enum_str<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Ctx<'_> {
    /// The view of a metric.
    pub fn metric(&self, m: &Metric) -> MetricView {
        let mut unit = enum_str(m.unit);
        if let Some(c) = &m.currency {
            unit = format!("{unit} ({c})");
        }
        MetricView {
            id: m.id.value.clone(),
            // One anchor per id: links reach the first definition, the one
            // references reach; a second one (R204) gets an anchor of its own.
            anchor: match self.metric_by_id(&m.id) {
                Some(first) if !std::ptr::eq(first, m) => {
                    format!("metric-{}-line-{}", slug(&m.id), m.loc.span.start.line)
                }
                _ => format!("metric-{}", slug(&m.id)),
            },
            name: m.name.value.clone(),
            aliases: m.aliases.iter().map(|a| a.value.clone()).collect(),
            definition: m.definition.value.clone(),
            unit,
            direction: match m.direction {
                Direction::Increase => "higher is better".into(),
                Direction::Decrease => "lower is better".into(),
            },
            category: enum_str(m.category),
            owner: self.party(&m.owner),
            approved_by: self.parties(m.approved_by.iter()),
            source: m.source.clone(),
            formula: m.formula.clone(),
            stage: m
                .stage
                .as_ref()
                .map(|s| format!("stage {} of the {} funnel", s.order.value, s.funnel.value)),
            used_by: self
                .metric_goals
                .get(m.id.as_str())
                .map(|v| {
                    v.iter()
                        .take(50)
                        .map(|i| self.goal_ref(&self.model.goals[*i].id))
                        .collect()
                })
                .unwrap_or_default(),
            has_errors: m.loc.has_errors,
            findings: self
                .findings_of(Kind::Metric, &m.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&m.loc),
        }
    }

    /// Every funnel, stages ordered.
    pub fn funnels(&self) -> Vec<FunnelView> {
        let mut by: indexmap::IndexMap<String, Vec<&Metric>> = indexmap::IndexMap::new();
        for m in &self.model.metrics {
            if let Some(s) = &m.stage {
                by.entry(s.funnel.value.clone()).or_default().push(m);
            }
        }
        by.into_iter()
            .map(|(id, mut ms)| {
                ms.sort_by_key(|m| m.stage.as_ref().map_or(0, |s| s.order.value));
                let stages = ms
                    .iter()
                    .filter_map(|m| {
                        let s = m.stage.as_ref()?;
                        Some(StageView {
                            metric: self.ref_of(Kind::Metric, &m.id, &m.name),
                            short: m
                                .aliases
                                .first()
                                .map_or_else(|| m.name.value.clone(), |a| a.value.clone()),
                            order: s.order.value,
                            owner: self.party(&s.owner),
                            entry_criteria: s.entry_criteria.clone(),
                            threshold: s.score_threshold.map(fmt_num),
                            exits: s
                                .exits_to
                                .iter()
                                .map(|e| match self.metric_by_id(e) {
                                    Some(x) => self.ref_of(
                                        Kind::Metric,
                                        &x.id,
                                        x.aliases.first().map_or(&x.name.value, |a| &a.value),
                                    ),
                                    None => Ref {
                                        label: e.value.clone(),
                                        url: None,
                                    },
                                })
                                .collect(),
                        })
                    })
                    .collect();
                FunnelView { id, stages }
            })
            .collect()
    }
}
