//! R201 dangling-reference: a party or document reference that resolves to nothing.

use crate::diag::{Diagnostic, Edit, Fix, Label, Severity};
use crate::load::schema::closest;
use crate::model::{Kind, Model};
use crate::rules::shared;
use crate::rules::shared::walk::{self, Ref, Target};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "R201",
        name: "dangling-reference",
        summary: "A reference names a team, person or document that does not exist.",
        default_severity: Severity::Error,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/R201.md"),
    },
    check: Some(check),
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // References to a document of a file that did not parse: one finding per
    // document, at its first reference, since the file's own error is the mistake.
    let mut waiting: Vec<(usize, Diagnostic, usize)> = Vec::new();
    // A person's handle that failed in a team with errors is absent: a reference
    // to an `@handle` cannot be judged until that team loads.
    let team_with_errors = ctx.model.teams.iter().any(|t| t.loc.has_errors);
    walk::each_ref_in(ctx.model, ctx.scope, |r| {
        if shared::is_placeholder(r.value) || (team_with_errors && r.value.starts_with('@')) {
            return;
        }
        let found = match r.target {
            Target::Party => ctx.model.party_exists(r.value),
            Target::Entity(kind) => entity_exists(ctx.model, kind, r.value),
        };
        if found {
            return;
        }
        let wanted = match r.target {
            Target::Party => Some(Kind::Team),
            Target::Entity(kind) => Some(kind),
        };
        let unloaded = ctx
            .model
            .unloaded
            .iter()
            .position(|u| u.id == r.value && (u.kind.is_none() || u.kind == wanted));
        match unloaded {
            Some(u) => match waiting.iter_mut().find(|(i, _, _)| *i == u) {
                Some((_, d, n)) => {
                    *n += 1;
                    if d.secondary.len() < 3 {
                        d.secondary
                            .push(Label::new(r.file, r.span, "also waits for it"));
                    }
                }
                None => waiting.push((u, waiting_finding(ctx.model, u, &r), 1)),
            },
            None => out.push(finding(ctx.model, &r)),
        }
    });
    for (_, mut d, n) in waiting {
        if n > 1 {
            d.notes.push(format!(
                "{n} references wait for it; they are checked once the file loads"
            ));
        }
        out.push(d);
    }
}

/// The finding for a reference to a document whose file could not be parsed.
fn waiting_finding(model: &Model, u: usize, r: &Ref<'_>) -> Diagnostic {
    let doc = &model.unloaded[u];
    let mut d = Diagnostic::new(
        &RULE.meta,
        Label::new(r.file, r.span, "defined in a file with errors"),
        format!(
            "{} `{}`: `{}` names `{}`, which is defined in {}, which has errors",
            r.kind.as_str(),
            r.id,
            r.field,
            r.value,
            doc.path
        ),
        r.key(),
        &format!("{}={}", r.field, r.value),
    )
    .with_help(format!(
        "fix the error reported in {} first: until that file loads, nothing in it can be checked",
        doc.path
    ));
    // The file's own error is the one to fix; this is what it holds up.
    d.severity = Severity::Info;
    d
}

fn entity_exists(model: &Model, kind: Kind, id: &str) -> bool {
    match kind {
        Kind::Team => model.team(id).is_some(),
        Kind::Metric => model.metric(id).is_some(),
        Kind::Goal => model.goal(id).is_some(),
        Kind::Responsibility => model.responsibility(id).is_some(),
        Kind::Incentive => model.incentive(id).is_some(),
        Kind::Agreement => model.agreement(id).is_some(),
        Kind::Ritual => model.ritual(id).is_some(),
    }
}

fn entity_ids(model: &Model, kind: Kind) -> Vec<&str> {
    match kind {
        Kind::Team => model.teams.iter().map(|e| e.id.value.as_str()).collect(),
        Kind::Metric => model.metrics.iter().map(|e| e.id.value.as_str()).collect(),
        Kind::Goal => model.goals.iter().map(|e| e.id.value.as_str()).collect(),
        Kind::Responsibility => model
            .responsibilities
            .iter()
            .map(|e| e.id.value.as_str())
            .collect(),
        Kind::Incentive => model
            .incentives
            .iter()
            .map(|e| e.id.value.as_str())
            .collect(),
        Kind::Agreement => model
            .agreements
            .iter()
            .map(|e| e.id.value.as_str())
            .collect(),
        Kind::Ritual => model.rituals.iter().map(|e| e.id.value.as_str()).collect(),
    }
}

fn finding(model: &Model, r: &Ref<'_>) -> Diagnostic {
    let (what, help) = match r.target {
        Target::Party => (
            "no team id and no @person of any team",
            party_help(model, r.value),
        ),
        Target::Entity(kind) => ("no such document", entity_help(model, kind, r.value)),
    };
    let wanted = match r.target {
        Target::Party => "team or person".to_string(),
        Target::Entity(kind) => kind.as_str().to_string(),
    };
    Diagnostic::new(
        &RULE.meta,
        Label::new(r.file, r.span, format!("unknown {wanted}")),
        format!(
            "{} `{}`: `{}` names `{}`, which is {what}",
            r.kind.as_str(),
            r.id,
            r.field,
            r.value
        ),
        r.key(),
        &format!("{}={}", r.field, r.value),
    )
    .with_help(help)
    .with_fix(fix(model, r))
}

/// Replaces the reference by the one id it most likely meant (the help's "did
/// you mean", a team written with `@`, a person written without): safe, since
/// the replacement exists and the finding is about the typo.
fn fix(model: &Model, r: &Ref<'_>) -> Option<Fix> {
    let value = r.value;
    let meant: Option<String> = match r.target {
        Target::Party => {
            if let Some(handle) = value.strip_prefix('@') {
                if model.team(handle).is_some() {
                    Some(handle.to_string())
                } else {
                    closest(handle, model.handles()).map(|h| format!("@{h}"))
                }
            } else if model.is_person(value) {
                Some(format!("@{value}"))
            } else {
                closest(value, model.teams.iter().map(|t| t.id.value.as_str())).map(str::to_string)
            }
        }
        Target::Entity(kind) => {
            closest(value, entity_ids(model, kind).into_iter()).map(str::to_string)
        }
    };
    meant.map(|m| {
        Fix::safe(
            format!("Replace `{value}` with `{m}`"),
            vec![Edit::scalar(r.file, r.span, m)],
        )
    })
}

fn party_help(model: &Model, value: &str) -> String {
    if let Some(handle) = value.strip_prefix('@') {
        if model.team(handle).is_some() {
            return format!("`{handle}` is a team: write teams without `@`: `{handle}`");
        }
        return match closest(handle, model.handles()) {
            Some(h) => format!("did you mean `@{h}`?"),
            None => format!(
                "add `{handle}` to a team's `members:` (`- github: {handle}`), or fix the handle"
            ),
        };
    }
    if model.is_person(value) {
        return format!("`{value}` is a person: write people with `@`: `@{value}`");
    }
    match closest(value, model.teams.iter().map(|t| t.id.value.as_str())) {
        Some(t) => format!("did you mean `{t}`?"),
        None => {
            let mut ids: Vec<&str> = model.teams.iter().map(|t| t.id.value.as_str()).collect();
            ids.sort_unstable();
            ids.truncate(8);
            if ids.is_empty() {
                format!("add a Team document with `id: {value}`")
            } else {
                format!(
                    "use a team id ({}) or an `@handle`, or add a Team with `id: {value}`",
                    shared::list(&ids)
                )
            }
        }
    }
}

fn entity_help(model: &Model, kind: Kind, value: &str) -> String {
    let ids = entity_ids(model, kind);
    match closest(value, ids.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "use the `id` of an existing {} document, or add one with `id: {value}`",
            kind.as_str()
        ),
    }
}
