//! R204 duplicate-id: two documents of one kind, two key results of one goal or two
//! members of one team share an id.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::load::yaml::Span;
use crate::model::{Kind, Loc};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};
use crate::source::FileId;

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "R204",
        name: "duplicate-id",
        summary: "Two documents of one kind (or two key results, members or components \
                  of one document) share an id.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/R204.md"),
    },
    check: Some(check),
};

/// One id occurrence: its normalised id, as written, file and span.
type Item<'a> = (String, &'a str, FileId, Span);

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    macro_rules! docs {
        ($vec:ident, $kind:expr) => {
            documents(
                $kind,
                m.$vec
                    .iter()
                    .map(|e| (e.id.value.as_str(), e.id.span, e.loc)),
                out,
            )
        };
    }
    docs!(teams, Kind::Team);
    docs!(metrics, Kind::Metric);
    docs!(goals, Kind::Goal);
    docs!(responsibilities, Kind::Responsibility);
    docs!(incentives, Kind::Incentive);
    docs!(agreements, Kind::Agreement);
    docs!(rituals, Kind::Ritual);
    for g in &m.goals {
        let items = g.key_results.iter().map(|kr| {
            (
                kr.id.value.clone(),
                kr.id.value.as_str(),
                g.loc.file,
                kr.id.span,
            )
        });
        inner(
            Kind::Goal.key(&g.id),
            "key result",
            "key_results",
            items,
            out,
        );
    }
    for t in &m.teams {
        let items = t.members.iter().map(|mb| {
            let h = mb.github.trim_start_matches('@');
            (h.to_ascii_lowercase(), h, t.loc.file, mb.github.span)
        });
        inner(Kind::Team.key(&t.id), "member", "members", items, out);
    }
    for i in &m.incentives {
        let items = i.components.iter().map(|c| {
            (
                c.id.value.clone(),
                c.id.value.as_str(),
                i.loc.file,
                c.id.span,
            )
        });
        inner(
            Kind::Incentive.key(&i.id),
            "component",
            "components",
            items,
            out,
        );
    }
}

fn documents<'a>(
    kind: Kind,
    items: impl Iterator<Item = (&'a str, Span, Loc)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<&str, (Span, Loc, usize)> = HashMap::new();
    for (id, span, loc) in items {
        let entry = first.entry(id).or_insert((span, loc, 0));
        entry.2 += 1;
        if entry.2 == 1 {
            continue;
        }
        let (first_span, first_loc, n) = *entry;
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(
                    loc.file,
                    span,
                    format!("{} `{id}` defined again", kind.as_str()),
                ),
                format!("{} `{id}` is defined {n} times", kind.as_str()),
                kind.key(id),
                &n.to_string(),
            )
            .with_label(Label::new(first_loc.file, first_span, "first defined here"))
            .with_note("references to this id can only reach the first definition")
            .with_help(format!(
                "give one of the two {} documents another `id`, or merge them into one",
                kind.as_str()
            )),
        );
    }
}

fn inner<'a>(
    key: String,
    what: &str,
    field: &str,
    items: impl Iterator<Item = Item<'a>>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<String, (FileId, Span)> = HashMap::new();
    for (norm, id, file, span) in items {
        let Some(&(first_file, first_span)) = first.get(&norm) else {
            first.insert(norm, (file, span));
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(file, span, format!("{what} `{id}` listed again")),
                format!("`{field}` of `{key}` lists {what} `{id}` twice"),
                key.clone(),
                &format!("{field}:{norm}"),
            )
            .with_label(Label::new(first_file, first_span, "first defined here"))
            .with_help(format!(
                "remove the second entry under `{field}`, or give it its own id"
            )),
        );
    }
}
