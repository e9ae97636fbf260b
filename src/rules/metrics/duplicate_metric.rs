//! M602 duplicate-metric: two Metric documents that share a name or an alias.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::de::Spanned;
use crate::model::{Kind, Metric};
use crate::rules::shared::list;
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "M602",
        name: "duplicate-metric",
        summary: "Two metrics share a name or alias: one metric defined twice.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/M602.md"),
    },
    check: Some(check),
};

/// A shared spelling: (this metric's, the earlier metric's).
type Pair<'a> = (&'a Spanned<String>, &'a Spanned<String>);

/// A name as people say it: lower case, single spaces.
fn normal(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A metric's name followed by its aliases.
fn names(m: &Metric) -> impl Iterator<Item = &Spanned<String>> {
    std::iter::once(&m.name).chain(m.aliases.iter())
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // Normalised name -> (metric, the spelling that claimed it first).
    let mut seen: HashMap<String, (&Metric, &Spanned<String>)> = HashMap::new();
    for m in &ctx.model.metrics {
        // Earlier metric id -> the (mine, theirs) spellings shared with it.
        let mut clashes: Vec<(&Metric, Vec<Pair<'_>>)> = Vec::new();
        for n in names(m) {
            let key = normal(n);
            if key.is_empty() {
                continue;
            }
            match seen.get(&key) {
                Some((other, theirs)) if other.id.value != m.id.value => {
                    match clashes
                        .iter_mut()
                        .find(|(o, _)| o.id.value == other.id.value)
                    {
                        Some((_, pairs)) => pairs.push((n, theirs)),
                        None => clashes.push((other, vec![(n, theirs)])),
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (m, n));
                }
            }
        }
        for (other, pairs) in clashes {
            out.push(finding(m, other, &pairs));
        }
    }
}

fn finding(m: &Metric, other: &Metric, pairs: &[Pair<'_>]) -> Diagnostic {
    let shared: Vec<&str> = pairs.iter().map(|(mine, _)| mine.value.as_str()).collect();
    let (mine, theirs) = pairs[0];
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(
            m.loc.file,
            mine.span,
            format!("`{}` names metric `{}` here", mine.value, m.id.value),
        ),
        format!(
            "Metrics `{}` and `{}` share the name {}: one metric defined twice",
            other.id.value,
            m.id.value,
            list(&shared)
        ),
        Kind::Metric.key(&m.id),
        &other.id,
    )
    .with_label(Label::new(
        other.loc.file,
        theirs.span,
        format!("and metric `{}` here", other.id.value),
    ));
    for (mine, theirs) in &pairs[1..] {
        d = d
            .with_label(Label::new(m.loc.file, mine.span, "also shared"))
            .with_label(Label::new(other.loc.file, theirs.span, "with this"));
    }
    d.with_note(format!(
        "`{}` is owned by {} and `{}` by {}: reports and plans will pick either definition",
        other.id.value, other.owner.value, m.id.value, m.owner.value
    ))
    .with_help(format!(
        "keep one definition (e.g. `{}`), approved by both teams, and point references to \
         `{}` at it; if they measure different things, rename one so the names say how",
        other.id.value, m.id.value
    ))
}
