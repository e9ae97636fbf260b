//! Responsibilities: who is Responsible, Accountable, Consulted and Informed for an
//! activity, and its hand-off.

use super::fields::{Ent, change_words};
use super::{ChangeType, Compare, Models, ids, opt_str, party_names, strings};
use crate::diff::words::{list, quoted};
use crate::model::{Handoff, Responsibility};

impl Compare for Responsibility {
    fn stake(&self, e: &mut Ent<'_, '_>) {
        e.stake(ids(&self.responsible));
        e.stake(
            self.accountable
                .items()
                .into_iter()
                .map(|p| p.value.as_str()),
        );
    }

    fn describe(&self, m: &Models<'_>) -> String {
        let acc = party_names(
            m,
            self.accountable
                .items()
                .into_iter()
                .map(|p| p.value.as_str()),
        );
        if acc.is_empty() {
            "nobody accountable".to_string()
        } else {
            format!("{} accountable", list(&acc))
        }
    }

    fn fields(e: &mut Ent<'_, '_>, b: &Responsibility, h: &Responsibility) {
        roles(e, b, h);
        e.party(
            "lead",
            "lead of the Responsible parties",
            opt_str(&b.lead),
            opt_str(&h.lead),
        );
        let hand = |r: &Responsibility, f: fn(&Handoff) -> &str| {
            r.handoff.as_ref().map(|x| f(x).to_string())
        };
        let (bf, hf) = (hand(b, |x| &x.from), hand(h, |x| &x.from));
        e.party(
            "handoff.from",
            "hand-off from",
            bf.as_deref(),
            hf.as_deref(),
        );
        let (bt, ht) = (hand(b, |x| &x.to), hand(h, |x| &x.to));
        e.party("handoff.to", "hand-off to", bt.as_deref(), ht.as_deref());
    }
}

/// R, A, C, I read as "Accountable for "Lead scoring" moved from Sales to Marketing".
fn roles(e: &mut Ent<'_, '_>, b: &Responsibility, h: &Responsibility) {
    let activity = quoted(&h.activity);
    let accountable = |r: &Responsibility| {
        let items = r.accountable.items();
        items.iter().map(|p| p.value.clone()).collect::<Vec<_>>()
    };
    let roles = [
        ("accountable", "Accountable", accountable(b), accountable(h)),
        (
            "responsible",
            "Responsible",
            strings(&b.responsible),
            strings(&h.responsible),
        ),
        (
            "consulted",
            "Consulted",
            strings(&b.consulted),
            strings(&h.consulted),
        ),
        (
            "informed",
            "Informed",
            strings(&b.informed),
            strings(&h.informed),
        ),
    ];
    for (field, role, before, after) in roles {
        let Some(d) = e.party_diff(&before, &after) else {
            continue;
        };
        let rest = if d.added.len() == 1 && d.removed.len() == 1 {
            format!("moved from {} to {}", d.removed[0], d.added[0])
        } else {
            change_words("", &d.added, &d.removed)
                .trim_start_matches(": ")
                .to_string()
        };
        let detail = format!("{role} {rest}");
        let summary = format!("{role} for {activity} {rest}");
        let (before, after) = (Some(d.before), Some(d.after));
        e.push_full(
            field,
            ChangeType::Changed,
            before,
            after,
            detail,
            Some(summary),
        );
    }
}
