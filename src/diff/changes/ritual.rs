//! Rituals: recurring meetings, their schedule and who takes part.

use super::fields::Ent;
use super::{
    Compare, Models, agreement_name, goal_title, ids, opt_count, opt_str, party_names, strings,
    words,
};
use crate::diff::words::{Measure, list};
use crate::model::Ritual;

impl Compare for Ritual {
    fn stake(&self, e: &mut Ent<'_, '_>) {
        e.stake(ids(&self.participants));
    }

    fn describe(&self, m: &Models<'_>) -> String {
        let p = party_names(m, ids(&self.participants));
        format!("{}, with {}", words(&self.cadence.value), list(&p))
    }

    fn fields(e: &mut Ent<'_, '_>, b: &Ritual, h: &Ritual) {
        let m = e.m;
        let (bc, hc) = (&b.cadence.value, &h.cadence.value);
        e.choice("cadence", "cadence", Some(bc), Some(hc));
        e.text("day", "day", b.day.as_deref(), h.day.as_deref());
        e.text("time", "time", b.time.as_deref(), h.time.as_deref());
        let (bz, hz) = (b.timezone.as_deref(), h.timezone.as_deref());
        e.text("timezone", "time zone", bz, hz);
        let (bd, hd) = (opt_count(b.duration_minutes), opt_count(h.duration_minutes));
        e.number("duration_minutes", "length", bd, hd, Measure::Minutes);
        let (bs, hs) = (opt_str(&b.started_on), opt_str(&h.started_on));
        e.text("started_on", "first meeting", bs, hs);
        e.party("dri", "DRI", Some(&b.dri), Some(&h.dri));
        let (bp, hp) = (&b.participants, &h.participants);
        e.parties("participants", "participants", bp, hp);
        let (bg, hg) = (strings(&b.goals), strings(&h.goals));
        e.items("goals", "goals reviewed", &bg, &hg, |id| goal_title(m, id));
        let (ba, ha) = (strings(&b.agreements), strings(&h.agreements));
        let reviewed = "agreements reviewed";
        e.items("agreements", reviewed, &ba, &ha, |id| agreement_name(m, id));
        let (bc, hc) = (b.channel.as_deref(), h.channel.as_deref());
        e.text("channel", "channel", bc, hc);
    }
}
