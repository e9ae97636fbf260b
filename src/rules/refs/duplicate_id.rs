//! R204 duplicate-id: two documents of one kind, two key results of one goal or two
//! members of one team share an id.

use crate::model::HashMap;

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
/// One entry of a list: its id as written, its file and its span.
type Item<'a> = (&'a str, FileId, Span);

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
        let items = g
            .key_results
            .iter()
            .map(|kr| (kr.id.as_str(), g.loc.file, kr.id.span));
        let key = || Kind::Goal.key(&g.id);
        inner(key, "key result", "key_results", false, items, out);
    }
    for t in &m.teams {
        let items = t.members.iter().map(|mb| {
            let h = mb.github.trim_start_matches('@');
            (h, t.loc.file, mb.github.span)
        });
        inner(
            || Kind::Team.key(&t.id),
            "member",
            "members",
            true,
            items,
            out,
        );
    }
    for i in &m.incentives {
        let items = i
            .components
            .iter()
            .map(|c| (c.id.as_str(), i.loc.file, c.id.span));
        let key = || Kind::Incentive.key(&i.id);
        inner(key, "component", "components", false, items, out);
    }
}

fn documents<'a>(
    kind: Kind,
    items: impl Iterator<Item = (&'a str, Span, Loc)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<&str, (Span, Loc, usize)> = HashMap::default();
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

/// The entries of one list (key results, members, components) that repeat an
/// earlier one; `fold_case` compares ids without case (GitHub handles). The
/// lists are short, so they are scanned rather than hashed, and the document's
/// key is formatted only for a finding: this runs for every document.
fn inner<'a>(
    key: impl Fn() -> String,
    what: &str,
    field: &str,
    fold_case: bool,
    items: impl Iterator<Item = Item<'a>>,
    out: &mut Vec<Diagnostic>,
) {
    let items: Vec<Item<'a>> = items.collect();
    let same = |a: &str, b: &str| {
        if fold_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let norm = |id: &str| {
        if fold_case {
            id.to_ascii_lowercase()
        } else {
            id.to_string()
        }
    };
    let mut long: Option<HashMap<String, (FileId, Span)>> =
        (items.len() > 32).then(HashMap::default);
    for (i, &(id, file, span)) in items.iter().enumerate() {
        let first = match long.as_mut() {
            Some(map) => match map.entry(norm(id)) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert((file, span));
                    None
                }
            },
            None => items[..i]
                .iter()
                .find(|(earlier, _, _)| same(earlier, id))
                .map(|&(_, f, s)| (f, s)),
        };
        let Some((first_file, first_span)) = first else {
            continue;
        };
        let key = key();
        out.push(
            Diagnostic::new(
                &RULE.meta,
                Label::new(file, span, format!("{what} `{id}` listed again")),
                format!("`{field}` of `{key}` lists {what} `{id}` twice"),
                key.clone(),
                &format!("{field}:{}", norm(id)),
            )
            .with_label(Label::new(first_file, first_span, "first defined here"))
            .with_help(format!(
                "remove the second entry under `{field}`, or give it its own id"
            )),
        );
    }
}
