//! I407 no-shared-revenue-pay: a paid team with nothing of its pay tied to revenue or
//! pipeline.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Category, Kind};
use crate::rules::shared::{self, category_word, list};
use crate::rules::{Ctx, Rule, RuleMeta, RuleStatus};

/// The rule.
pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "I407",
        name: "no-shared-revenue-pay",
        summary: "A team is paid by incentives but none of its pay is tied to revenue or pipeline.",
        default_severity: Severity::Warning,
        status: RuleStatus::Stable,
        doc: include_str!("../docs/I407.md"),
    },
    check: Some(check),
};

/// What one component pays a team on.
/// A component that pays a team; its label is written only for a finding.
struct Paid<'m> {
    inc: &'m crate::model::Incentive,
    comp: &'m crate::model::Component,
    cat: Option<Category>,
    outcome: bool,
}

impl Paid<'_> {
    fn label(&self, model: &crate::model::Model) -> Label {
        let text = match (shared::metric_ref(model, self.comp), self.cat) {
            (Some(m), Some(cat)) => format!("pays on `{}` ({})", m.value, category_word(cat)),
            (Some(m), None) => format!("pays on `{}`", m.value),
            (None, _) => "pays on no metric".to_string(),
        };
        Label::new(self.inc.loc.file, self.comp.id.span, text)
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    // Team id -> (where it is first named as paid, its components).
    let mut teams: BTreeMap<&str, ((crate::source::FileId, crate::load::yaml::Span), Vec<Paid>)> =
        BTreeMap::new();
    for inc in &model.incentives {
        for c in &inc.components {
            let cat = shared::category(model, c);
            let outcome = matches!(cat, Some(Category::Revenue | Category::Pipeline));
            for (t, span) in shared::paid_teams(model, inc, c) {
                let entry = teams
                    .entry(t)
                    .or_insert_with(|| ((inc.loc.file, span), Vec::new()));
                entry.1.push(Paid {
                    inc,
                    comp: c,
                    cat,
                    outcome,
                });
            }
        }
    }
    let shared: Vec<&str> = model
        .metrics
        .iter()
        .filter(|m| matches!(m.category, Category::Revenue | Category::Pipeline))
        .map(|m| m.id.value.as_str())
        .take(3)
        .collect();
    for (team, (here, paid)) in teams {
        if paid.iter().any(|p| p.outcome) {
            continue;
        }
        let n = paid.len();
        let here = Label::new(here.0, here.1, format!("`{team}` is paid here"));
        let mut d = Diagnostic::new(
            &RULE.meta,
            here,
            format!(
                "Team `{team}` is paid by {n} incentive component{} but none is tied to a \
                 revenue or pipeline metric",
                if n == 1 { "" } else { "s" }
            ),
            Kind::Team.key(team),
            "",
        );
        for p in paid {
            d = d.with_label(p.label(model));
        }
        d = d.with_note(format!(
            "{} can hit every paid number while revenue is missed",
            shared::team_name(ctx.model, team)
        ));
        let help = if shared.is_empty() {
            "add a component on a metric with `category: revenue` or `category: pipeline` \
             shared with the other teams (10–15% of the plan is a common start)"
                .to_string()
        } else {
            format!(
                "add a component on a revenue or pipeline metric (e.g. {}) to a plan that pays \
                 `{team}` (10–15% of the plan is a common start)",
                list(&shared)
            )
        };
        out.push(d.with_help(help));
    }
}
