//! Agreements between teams (SLAs): hand-off, commitments per team, review.

use std::collections::HashMap;

use super::fields::Ent;
use super::{
    Compare, Models, activity_name, ids, metric_name, opt_count, opt_num, opt_str, pair_items,
    party_name, party_names, words,
};
use crate::diff::words::{Measure, list, number};
use crate::model::{Agreement, Commitment, Volume};

impl Compare for Agreement {
    fn stake(&self, e: &mut Ent<'_, '_>) {
        e.stake(ids(&self.parties));
    }

    fn describe(&self, m: &Models<'_>) -> String {
        let p = party_names(m, ids(&self.parties));
        format!("between {}", list(&p))
    }

    fn fields(e: &mut Ent<'_, '_>, b: &Agreement, h: &Agreement) {
        e.parties("parties", "parties", &b.parties, &h.parties);
        let (bh, hh) = (opt_str(&b.handoff), opt_str(&h.handoff));
        e.reference("handoff", "hand-off activity", bh, hh, activity_name);
        let (bs, hs) = (opt_str(&b.stage), opt_str(&h.stage));
        e.reference("stage", "stage handed over", bs, hs, metric_name);
        commitments(e, &b.commitments, &h.commitments);
        let (br, hr) = (b.return_rule.as_deref(), h.return_rule.as_deref());
        e.prose("return_rule", "return rule", br, hr);
        e.items(
            "disposition_codes",
            "disposition codes",
            &b.disposition_codes,
            &h.disposition_codes,
            |c| format!("`{c}`"),
        );
        let (bl, hl) = (opt_str(&b.last_reviewed), opt_str(&h.last_reviewed));
        e.text("last_reviewed", "last reviewed", bl, hl);
        e.number(
            "review_every_days",
            "review interval",
            opt_count(b.review_every_days),
            opt_count(h.review_every_days),
            Measure::Days,
        );
    }
}

/// A commitment's key: its team and, when a team has several, their order.
type Keyed<'c> = ((String, usize), &'c Commitment);

fn commitments(e: &mut Ent<'_, '_>, b: &[Commitment], h: &[Commitment]) {
    let m = e.m;
    let same = |x: &Keyed<'_>, y: &Keyed<'_>| x.0 == y.0;
    pair_items(&keyed(b), &keyed(h), same, |old, c| {
        let Some(((team_id, _), _)) = c.or(old) else {
            return;
        };
        let team = party_name(m, team_id);
        match (old, c) {
            (Some((_, old)), Some((_, c))) => commitment(e, &team, team_id, old, c),
            (None, Some((_, c))) => {
                e.stake([team_id.as_str()]);
                let d = format!("commitment of {team} added: {}", c.summary);
                let field = format!("commitments[{team_id}]");
                e.item(&field, true, c.summary.clone(), d);
            }
            (Some((_, old)), None) => {
                e.stake([team_id.as_str()]);
                let d = format!("commitment of {team} removed (was: {})", old.summary.trim());
                let field = format!("commitments[{team_id}]");
                e.item(&field, false, old.summary.clone(), d);
            }
            (None, None) => {}
        }
    });
}

/// The changes of one team's commitment.
fn commitment(e: &mut Ent<'_, '_>, team: &str, team_id: &str, old: &Commitment, c: &Commitment) {
    let f = |x: &str| format!("commitments[{team_id}].{x}");
    e.number(
        &f("response_time_hours"),
        &format!("{team} first response within"),
        opt_num(&old.response_time_hours),
        opt_num(&c.response_time_hours),
        Measure::Hours,
    );
    for (field, what, ov, nv) in [
        ("volume", "delivers", &old.volume, &c.volume),
        ("capacity", "can absorb", &old.capacity, &c.capacity),
    ] {
        volume(e, &f(field), &format!("{team} {what}"), ov, nv);
    }
    e.number(
        &f("contact_attempts"),
        &format!("{team} contact attempts"),
        opt_count(old.contact_attempts),
        opt_count(c.contact_attempts),
        Measure::Plain,
    );
    if old.summary.trim() != c.summary.trim() {
        let d = format!("commitment of {team} reworded: {}", c.summary.trim());
        e.push(
            &f("summary"),
            Some(old.summary.clone()),
            Some(c.summary.clone()),
            d,
        );
    }
}

/// A volume or capacity: a number when the period stays, else the whole value.
fn volume(e: &mut Ent<'_, '_>, field: &str, label: &str, ov: &Option<Volume>, nv: &Option<Volume>) {
    let per = |v: &Option<Volume>| v.as_ref().map(|v| v.per);
    let vol = |v: &Option<Volume>| v.as_ref().map(|v| v.amount.value);
    if per(ov) == per(nv) {
        let unit = per(nv).map_or(String::new(), |p| format!(" per {}", words(&p)));
        let before_len = e.out.len();
        e.number(field, label, vol(ov), vol(nv), Measure::Plain);
        if e.out.len() > before_len
            && !unit.is_empty()
            && let Some(last) = e.out.last_mut()
        {
            last.detail = volume_words(&last.detail, &unit, vol(ov), vol(nv));
            last.summary = format!("{}: {}", e.label, last.detail);
        }
    } else {
        let show = |v: &Option<Volume>| {
            v.as_ref().map(|v| {
                format!(
                    "{} per {}",
                    number(v.amount.value, Measure::Plain),
                    words(&v.per)
                )
            })
        };
        e.text(field, label, show(ov).as_deref(), show(nv).as_deref());
    }
}

/// Commitments keyed by team and, when a team has several, by their order.
fn keyed(v: &[Commitment]) -> Vec<Keyed<'_>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    v.iter()
        .map(|c| {
            let n = seen.entry(c.team.value.clone()).or_insert(0);
            *n += 1;
            ((c.team.value.clone(), *n), c)
        })
        .collect()
}

/// Puts the period after each number: "500 -> 400 (-20 %)" -> "500 per month -> 400 per month (-20 %)".
fn volume_words(detail: &str, unit: &str, b: Option<f64>, a: Option<f64>) -> String {
    let (label_and_numbers, rel) = match detail.rfind(" (") {
        Some(i) if b.is_some() && a.is_some() => (&detail[..i], &detail[i..]),
        _ => (detail, ""),
    };
    let with = label_and_numbers
        .split(" -> ")
        .map(|part| format!("{part}{unit}"))
        .collect::<Vec<_>>()
        .join(" -> ");
    let with = with.replace(&format!("){unit}"), &format!("{unit})"));
    format!("{with}{rel}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_wording_puts_the_period_after_each_number() {
        assert_eq!(
            volume_words(
                "Marketing delivers 500 -> 400 (-20 %)",
                " per month",
                Some(500.0),
                Some(400.0)
            ),
            "Marketing delivers 500 per month -> 400 per month (-20 %)"
        );
        assert_eq!(
            volume_words(
                "Sales can absorb set to 600",
                " per month",
                None,
                Some(600.0)
            ),
            "Sales can absorb set to 600 per month"
        );
    }
}
