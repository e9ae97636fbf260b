//! Teams: leads first among the members, channels with safe links, and the
//! counts the team list shows.

use serde::Serialize;

use super::{Ctx, Party, Src, safe_url, slug};
use crate::model::{Kind, Team};

/// A person in a team.
#[derive(Clone, Debug, Serialize)]
pub struct PersonView {
    pub anchor: String,
    pub name: String,
    pub handle: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub lead: bool,
}

/// A channel of a team.
#[derive(Clone, Debug, Serialize)]
pub struct ChannelView {
    pub kind: String,
    pub name: String,
    pub url: Option<String>,
    pub open: bool,
}

/// A team, in full.
#[derive(Clone, Debug, Serialize)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    pub description: Option<String>,
    pub leads: Vec<Party>,
    pub members: Vec<PersonView>,
    pub channels: Vec<ChannelView>,
    pub goal_count: usize,
    pub finding_count: usize,
    /// The document has load or schema errors: some of its values are left out.
    pub has_errors: bool,
    pub src: Src,
}

impl Ctx<'_> {
    /// The view of a team.
    pub fn team(&self, t: &Team) -> TeamView {
        let leads: Vec<String> = t
            .leads
            .iter()
            .map(|l| l.trim_start_matches('@').to_ascii_lowercase())
            .collect();
        let mut members: Vec<PersonView> = t
            .members
            .iter()
            .map(|m| PersonView {
                anchor: format!("person-{}", slug(&m.github.to_ascii_lowercase())),
                name: m.name.value.clone(),
                handle: format!("@{}", m.github.value),
                role: m.role.clone(),
                email: m
                    .email
                    .as_deref()
                    .filter(|e| e.contains('@') && safe_url(&format!("mailto:{e}")).is_some())
                    .map(str::to_string),
                lead: leads.contains(&m.github.to_ascii_lowercase()),
            })
            .collect();
        members.sort_by_key(|m| !m.lead);
        TeamView {
            id: t.id.value.clone(),
            name: t.name.value.clone(),
            url: self.url(Kind::Team, &t.id),
            description: t.description.clone(),
            leads: t.leads.iter().map(|l| self.party(l)).collect(),
            members,
            channels: t
                .channels
                .iter()
                .map(|c| ChannelView {
                    kind: serde_json::to_value(c.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    name: c.name.clone(),
                    url: c.url.as_deref().and_then(safe_url),
                    open: *c.open,
                })
                .collect(),
            goal_count: self
                .find(Kind::Team, &t.id)
                .and_then(|i| self.team_goals.get(i))
                .map_or(0, Vec::len),
            finding_count: self.findings_of(Kind::Team, &t.id).len(),
            has_errors: t.loc.has_errors,
            src: self.src(&t.loc),
        }
    }
}
