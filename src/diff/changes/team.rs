//! Teams: leads, members, channels and the paths they own.

use super::fields::Ent;
use super::{Compare, Models, strings};
use crate::diff::words::{list, plural};
use crate::model::Team;

impl Compare for Team {
    /// A team is a stakeholder of its own changes, by id as it is.
    fn stake(&self, e: &mut Ent<'_, '_>) {
        e.stake_team(&self.id.value);
    }

    fn describe(&self, _: &Models<'_>) -> String {
        let members = plural(self.members.len(), "member");
        if self.leads.is_empty() {
            members
        } else {
            format!("led by {}, {members}", list(&strings(&self.leads)))
        }
    }

    fn fields(e: &mut Ent<'_, '_>, b: &Team, h: &Team) {
        let (bl, hl) = (strings(&b.leads), strings(&h.leads));
        e.items("leads", "leads", &bl, &hl, str::to_string);
        members(e, b, h);
        let channel = |t: &Team| {
            t.channels
                .iter()
                .map(|c| {
                    if c.open.value {
                        c.name.clone()
                    } else {
                        format!("{} (private)", c.name)
                    }
                })
                .collect::<Vec<_>>()
        };
        let (bc, hc) = (channel(b), channel(h));
        e.items("channels", "channels", &bc, &hc, str::to_string);
        e.items("paths", "paths", &b.paths, &h.paths, |p| format!("`{p}`"));
    }
}

/// Who joined and who left, matched by GitHub handle.
fn members(e: &mut Ent<'_, '_>, b: &Team, h: &Team) {
    let member = |t: &Team| {
        t.members
            .iter()
            .map(|x| format!("@{} ({})", x.github.value, x.name.value))
            .collect::<Vec<_>>()
    };
    let handle = |s: &str| s.split(' ').next().unwrap_or(s).to_ascii_lowercase();
    let (bm, hm) = (member(b), member(h));
    let only_in = |v: &[String], other: &[String]| -> Vec<String> {
        v.iter()
            .filter(|x| !other.iter().any(|y| handle(y) == handle(x)))
            .cloned()
            .collect()
    };
    let (joined, left) = (only_in(&hm, &bm), only_in(&bm, &hm));
    if joined.is_empty() && left.is_empty() {
        return;
    }
    let mut parts = Vec::new();
    if !joined.is_empty() {
        parts.push(format!("{} joined", list(&joined)));
    }
    if !left.is_empty() {
        parts.push(format!("{} left", list(&left)));
    }
    let detail = format!("members: {}", parts.join(", "));
    e.push(
        "members",
        Some(plural(bm.len(), "member")),
        Some(plural(hm.len(), "member")),
        detail,
    );
}
