//! The site's search: an index built at build time (one entry per team, person,
//! goal, metric, activity, agreement, incentive and ritual) and a small vanilla
//! JS box (`assets/search.js`) that filters it in the browser.
//!
//! The index is JSON wrapped in one assignment (`window.accordantSearch = …`) and
//! loaded with a `<script>` tag on first use: a `fetch` of a `.json` file is
//! refused by browsers on `file://`, and the site must work from a folder too.
//! No service, no CDN, no request outside the site.

use serde::Serialize;

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
    let json = serde_json::to_string(entries)?;
    Ok(format!("window.accordantSearch = {json};\n"))
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
