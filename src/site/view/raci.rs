//! The RACI matrix: one row per activity, the letters each team holds, and the
//! conflicts `check` found highlighted.

use serde::Serialize;

use super::{Ctx, Party, Src, slug};
use crate::model::{Kind, Responsibility, Team};

/// One cell of the matrix.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub team: String,
    pub team_name: String,
    /// e.g. ["A", "R"].
    pub letters: Vec<String>,
    /// Tooltip: what the letters mean and who, when a person is named.
    pub title: String,
    pub conflict: bool,
}

/// One activity.
#[derive(Clone, Debug, Serialize)]
pub struct RaciRow {
    pub id: String,
    pub anchor: String,
    pub activity: String,
    pub description: Option<String>,
    pub handoff: Option<(Party, Party)>,
    pub cells: Vec<Cell>,
    pub responsible: Vec<Party>,
    pub accountable: Vec<Party>,
    pub consulted: Vec<Party>,
    pub informed: Vec<Party>,
    pub lead: Option<Party>,
    pub findings: Vec<String>,
    /// The document has load or schema errors: some of its values are left out.
    pub has_errors: bool,
    pub conflict: bool,
    pub src: Src,
}

impl Ctx<'_> {
    /// The letters a team holds for an activity, in A R C I order, each with
    /// the references (the team itself or its people) that give it.
    pub fn letters_of(&self, r: &Responsibility, team: &str) -> Vec<(char, Vec<String>)> {
        let a = r.accountable.items();
        let groups: [(char, Vec<&crate::model::de::Spanned<String>>); 4] = [
            ('A', a),
            ('R', r.responsible.iter().collect()),
            ('C', r.consulted.iter().collect()),
            ('I', r.informed.iter().collect()),
        ];
        let mut out = Vec::new();
        for (letter, parties) in groups {
            let who: Vec<String> = parties
                .iter()
                .filter(|p| {
                    self.team_index(p)
                        .is_some_and(|t| self.model.teams[t].id.value == team)
                })
                .map(|p| p.value.clone())
                .collect();
            if !who.is_empty() {
                out.push((letter, who));
            }
        }
        out
    }
}

fn letter_word(c: char) -> &'static str {
    match c {
        'A' => "Accountable",
        'R' => "Responsible",
        'C' => "Consulted",
        _ => "Informed",
    }
}

impl Ctx<'_> {
    /// The row of responsibility `i` with cells for `teams`.
    pub fn raci_row(&self, i: usize, teams: &[&Team]) -> RaciRow {
        let r = &self.model.responsibilities[i];
        let findings: Vec<String> = self
            .findings_of(Kind::Responsibility, &r.id)
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        let n_accountable = r.accountable.items().len();
        let cells = teams
            .iter()
            .map(|t| {
                let ls = self.letters_of(r, &t.id);
                let title = ls
                    .iter()
                    .map(|(c, who)| {
                        let people: Vec<&str> = who
                            .iter()
                            .filter(|w| w.starts_with('@'))
                            .map(String::as_str)
                            .collect();
                        if people.is_empty() {
                            letter_word(*c).to_string()
                        } else {
                            format!("{} ({})", letter_word(*c), people.join(", "))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                RaciRow::cell(t, &ls, title, !findings.is_empty() && n_accountable != 1)
            })
            .collect();
        RaciRow {
            id: r.id.value.clone(),
            anchor: format!("activity-{}", slug(&r.id)),
            activity: r.activity.value.clone(),
            description: r.description.clone(),
            handoff: r
                .handoff
                .as_ref()
                .map(|h| (self.party(&h.from), self.party(&h.to))),
            cells,
            responsible: self.parties(r.responsible.iter()),
            accountable: self.parties(r.accountable.items()),
            consulted: self.parties(r.consulted.iter()),
            informed: self.parties(r.informed.iter()),
            lead: r.lead.as_ref().map(|l| self.party(l)),
            conflict: !findings.is_empty(),
            has_errors: r.loc.has_errors,
            findings,
            src: self.src(&r.loc),
        }
    }
}

impl RaciRow {
    fn cell(t: &Team, ls: &[(char, Vec<String>)], title: String, conflict_row: bool) -> Cell {
        let letters: Vec<String> = ls.iter().map(|(c, _)| c.to_string()).collect();
        Cell {
            team: t.id.value.clone(),
            team_name: t.name.value.clone(),
            conflict: conflict_row && ls.iter().any(|(c, _)| *c == 'A'),
            letters,
            title,
        }
    }
}
