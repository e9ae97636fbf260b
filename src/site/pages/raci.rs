//! The RACI pages: a matrix of activities x teams while the teams involved fit
//! on screen, else a list with one column per letter.

use minijinja::Value;
use serde::Serialize;

use super::{Pager, pager, range, to_value};
use crate::model::Team;
use crate::site::view::{self, Ctx, Party};

/// Most team columns before the matrix turns into a list (R / A / C / I columns).
const MATRIX_MAX_TEAMS: usize = 12;

#[derive(Serialize)]
struct RaciData {
    layout: &'static str,
    teams: Vec<Party>,
    items: Vec<view::RaciRow>,
    pager: Pager,
}

pub(super) fn raci(ctx: &Ctx<'_>, k: usize) -> (String, Vec<String>, Value) {
    let m = ctx.model;
    let r = range(k, m.responsibilities.len());
    let rows = &m.responsibilities[r.clone()];
    let teams: Vec<&Team> = if m.teams.len() <= MATRIX_MAX_TEAMS {
        m.teams.iter().collect()
    } else {
        // The teams that hold any letter on this page, in model order.
        let involved: std::collections::HashSet<&str> = rows
            .iter()
            .flat_map(|row| {
                let a = row.accountable.items();
                row.responsible
                    .iter()
                    .chain(a)
                    .chain(&row.consulted)
                    .chain(&row.informed)
            })
            .filter_map(|p| ctx.team_index(p).map(|t| m.teams[t].id.as_str()))
            .collect();
        m.teams
            .iter()
            .filter(|t| involved.contains(t.id.as_str()))
            .collect()
    };
    let layout = if teams.len() <= MATRIX_MAX_TEAMS {
        "matrix"
    } else {
        "list"
    };
    let cols: Vec<&Team> = if layout == "matrix" {
        teams
    } else {
        Vec::new()
    };
    let data = RaciData {
        layout,
        teams: cols.iter().map(|t| ctx.party(&t.id)).collect(),
        items: r.map(|i| ctx.raci_row(i, &cols)).collect(),
        pager: pager("raci", k, m.responsibilities.len()),
    };
    let files = rows.iter().map(|x| ctx.path(&x.loc).to_string()).collect();
    ("Who does what (RACI)".into(), files, to_value(&data))
}
