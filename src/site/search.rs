//! The site's search: an index built at build time (one entry per team, person,
//! goal, metric, activity, agreement, incentive and ritual) and a small vanilla
//! JS box (`assets/search.js`) that filters it in the browser.
//!
//! The index is JSON wrapped in one assignment (`window.accordantSearch = …`) and
//! loaded with a `<script>` tag on first use: a `fetch` of a `.json` file is
//! refused by browsers on `file://`, and the site must work from a folder too.
//! No service, no CDN, no request outside the site.

use serde::Serialize;

use super::view::{Ctx, slug};
use crate::model::Kind;

/// One searchable thing.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// What the result shows.
    pub title: String,
    /// Relative to the site root, with an anchor when the thing has one.
    pub url: String,
    /// "Goal", "Team", …
    pub kind: &'static str,
    /// A short plain-text excerpt that is searched too.
    pub text: String,
}

/// Longest excerpt kept per entry, in characters (keeps the index small).
const MAX_TEXT: usize = 160;

impl Entry {
    /// An entry whose `text` is cut to a short plain-text excerpt.
    pub fn new(kind: &'static str, title: &str, url: String, text: &str) -> Entry {
        Entry {
            title: title.to_string(),
            url,
            kind,
            text: excerpt(text),
        }
    }
}

/// Collapses whitespace, drops the most common Markdown marks and cuts the text.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        let w = word.trim_matches(|c| matches!(c, '*' | '_' | '`' | '#' | '>'));
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        if out.chars().count() >= MAX_TEXT {
            break;
        }
    }
    if out.chars().count() > MAX_TEXT {
        out = out.chars().take(MAX_TEXT).collect::<String>() + "…";
    }
    out
}

/// The index as a script: `window.accordantSearch = [...];`.
pub fn index_script(entries: &[Entry]) -> anyhow::Result<String> {
    let mut out = Vec::new();
    write_index(entries, &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// Appends the index script to `out` (the JSON is written straight into it).
pub fn write_index(entries: &[Entry], out: &mut Vec<u8>) -> anyhow::Result<()> {
    out.reserve(entries.len() * 200 + 64);
    out.extend_from_slice(b"window.accordantSearch = ");
    let start = out.len();
    serde_json::to_writer(&mut *out, entries)?;
    // `<` only appears inside JSON strings: written as `\u003c`, no `</script>` or
    // `<!--` from a name can end or confuse a script element, should the index
    // ever be inlined. Control characters are already `\uXXXX` in JSON.
    if out[start..].contains(&b'<') {
        let json = out.split_off(start);
        for &b in &json {
            if b == b'<' {
                out.extend_from_slice(b"\\u003c");
            } else {
                out.push(b);
            }
        }
    }
    out.extend_from_slice(b";\n");
    Ok(())
}

/// Every search entry: teams, people, goals, metrics, activities, agreements,
/// incentive plans and meetings.
pub fn search_entries(ctx: &Ctx<'_>) -> Vec<Entry> {
    let m = ctx.model;
    let url = |k: Kind, id: &str| ctx.url(k, id).unwrap_or_default();
    let mut v = Vec::with_capacity(m.len() * 2);
    for t in &m.teams {
        let team_url = url(Kind::Team, &t.id);
        v.push(Entry::new(
            "Team",
            &t.name,
            team_url.clone(),
            t.description.as_deref().unwrap_or(""),
        ));
        for p in &t.members {
            let text = format!(
                "@{} {} {}",
                p.github.value,
                p.role.as_deref().unwrap_or(""),
                t.name.value
            );
            let anchor = format!("{team_url}#person-{}", slug(&p.github.to_ascii_lowercase()));
            v.push(Entry::new("Person", &p.name, anchor, &text));
        }
    }
    for g in &m.goals {
        let owners: Vec<String> = g.owners.iter().map(|o| ctx.party(o).label).collect();
        v.push(Entry::new(
            "Goal",
            &g.title,
            url(Kind::Goal, &g.id),
            &owners.join(", "),
        ));
    }
    for x in &m.metrics {
        let aliases: Vec<&str> = x.aliases.iter().map(|a| a.as_str()).collect();
        let text = format!("{} {}", aliases.join(" "), x.definition.value);
        v.push(Entry::new(
            "Metric",
            &x.name,
            url(Kind::Metric, &x.id),
            &text,
        ));
    }
    for x in &m.responsibilities {
        v.push(Entry::new(
            "Activity",
            &x.activity,
            url(Kind::Responsibility, &x.id),
            x.description.as_deref().unwrap_or(""),
        ));
    }
    for x in &m.agreements {
        v.push(Entry::new(
            "Agreement",
            &x.name,
            url(Kind::Agreement, &x.id),
            x.description.as_deref().unwrap_or(""),
        ));
    }
    for x in &m.incentives {
        v.push(Entry::new(
            "Incentive",
            &x.name,
            url(Kind::Incentive, &x.id),
            x.description.as_deref().unwrap_or(""),
        ));
    }
    for x in &m.rituals {
        v.push(Entry::new(
            "Meeting",
            &x.name,
            url(Kind::Ritual, &x.id),
            x.description.as_deref().unwrap_or(""),
        ));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_plain() {
        assert_eq!(excerpt("  **Bold**   and\n`code` "), "Bold and code");
        let long = "word ".repeat(100);
        assert!(excerpt(&long).chars().count() <= MAX_TEXT + 1);
    }

    #[test]
    fn index_is_one_assignment_of_json() {
        let e = Entry::new("Goal", "</script><b>", "goals.html#g".into(), "x");
        let s = index_script(&[e]).unwrap();
        assert!(s.starts_with("window.accordantSearch = [{"));
        let json = s
            .trim_start_matches("window.accordantSearch = ")
            .trim_end()
            .trim_end_matches(';');
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v[0]["title"], "</script><b>");
    }
}
