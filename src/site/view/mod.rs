//! What templates see: `Serialize`-only view structs built from the model, the
//! config, the findings of `check` and the git history.
//!
//! Templates never see model internals (spans, file ids, raw references): every
//! reference is resolved here into a label and a relative URL, every number is
//! formatted, every sentence of "plain words" is composed here. Text stays
//! unescaped in the views; the templates' autoescape and the `markdown` filter
//! make it safe. URLs that come from users (channel links, the repository) pass
//! [`safe_url`] first.
//!
//! This module holds the formatting helpers and the small shared views
//! ([`Ref`], [`Party`], [`Src`]); [`ctx`] indexes the model once, and one
//! module per subject builds that subject's views.

mod agreements;
mod calendar;
pub mod chart;
pub mod ctx;
mod glossary;
mod goals;
mod health;
mod incentives;
mod raci;
mod teams;

use serde::Serialize;

use crate::model::Unit;

pub use agreements::{AgreementView, CommitmentView};
pub use calendar::{RitualView, when};
pub use ctx::Ctx;
pub use glossary::{FunnelView, MetricView, StageView};
pub use goals::{GoalView, KrView, attainment};
pub use health::FindingView;
pub use incentives::{
    ComponentView, Example, ExamplePart, GateView, IncentiveView, Scenario, SplitView,
};
pub use raci::{Cell, RaciRow};
pub use teams::{ChannelView, PersonView, TeamView};

/// Entities per listing page; longer listings are split into numbered pages.
pub const PAGE_SIZE: usize = 100;

/// A stable, file-name and anchor safe form of an id: ASCII letters, digits and
/// `-` and `.` stay; every other byte becomes `_xx` (so distinct ids stay distinct).
pub fn slug(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => out.push(b as char),
            b'A'..=b'Z' => out.push_str(&format!("_{b:02x}")),
            _ => out.push_str(&format!("_{b:02x}")),
        }
    }
    if out.len() > 120 {
        let h = crate::diag::fingerprint("slug", id, "");
        out.truncate(100);
        while !out.is_char_boundary(out.len()) {
            out.pop();
        }
        out.push('_');
        out.push_str(&h);
    }
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, 'x');
    }
    out
}

/// The file of listing page `k` (0-based) of a section: `goals.html`, `goals-2.html`.
pub fn page_file(section: &str, k: usize) -> String {
    if k == 0 {
        format!("{section}.html")
    } else {
        format!("{section}-{}.html", k + 1)
    }
}

/// A URL a user wrote, when it is safe to link to: http(s) or mailto only.
pub fn safe_url(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = (lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:"))
        && !u
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '"' || c == '<' || c == '>');
    ok.then(|| u.to_string())
}

/// Percent-encodes a repo path for a URL (keeps `/` and unreserved characters).
fn encode_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Formats a number with thousands separators and at most two decimals.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let neg = v < 0.0;
    let rounded = (v.abs() * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    if neg { format!("-{out}") } else { out }
}

/// A compact amount: 4.5M, 450k, 1,200.
pub fn fmt_compact(v: f64) -> String {
    let a = v.abs();
    if a >= 1_000_000.0 {
        format!("{}M", fmt_num((v / 100_000.0).round() / 10.0))
    } else if a >= 10_000.0 {
        format!("{}k", fmt_num((v / 100.0).round() / 10.0))
    } else {
        fmt_num(v)
    }
}

/// A value in its metric's unit.
pub fn fmt_value(v: f64, unit: Unit, currency: Option<&str>) -> String {
    match unit {
        Unit::Currency => match currency.map(str::trim) {
            Some("EUR") => format!("€{}", fmt_compact(v)),
            Some("USD") => format!("${}", fmt_compact(v)),
            Some("GBP") => format!("£{}", fmt_compact(v)),
            Some("JPY") => format!("¥{}", fmt_compact(v)),
            Some(c) if !c.is_empty() => format!("{} {c}", fmt_compact(v)),
            _ => fmt_compact(v),
        },
        Unit::Percent => format!("{}%", fmt_num(v)),
        Unit::Days => format!("{} days", fmt_num(v)),
        Unit::Hours => format!("{} h", fmt_num(v)),
        Unit::Count | Unit::Ratio | Unit::Score => fmt_num(v),
    }
}

/// A link to something on the site.
#[derive(Clone, Debug, Serialize)]
pub struct Ref {
    pub label: String,
    /// Relative to the site root; `None` when the thing is not on the site.
    pub url: Option<String>,
}

/// A team or a person (`@handle`), resolved.
#[derive(Clone, Debug, Serialize)]
pub struct Party {
    pub label: String,
    pub url: Option<String>,
    pub person: bool,
    /// The raw reference, e.g. `sales` or `@lee`.
    pub id: String,
}

/// Where an entity is written, with an "edit" link when the repository is known.
#[derive(Clone, Debug, Serialize)]
pub struct Src {
    pub path: String,
    pub line: u32,
    pub edit_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_distinct() {
        assert_eq!(slug("lead-scoring"), "lead-scoring");
        assert_eq!(slug("Lead"), "_4cead");
        assert_ne!(slug("a_b"), slug("a/b"));
        assert!(
            slug("日本語")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        );
        assert_eq!(slug(""), "x");
        assert_eq!(slug(".."), "x..");
        assert!(slug(&"x".repeat(500)).len() <= 120);
    }

    #[test]
    fn urls_must_be_http_or_mailto() {
        assert!(safe_url("https://acme.slack.com/x").is_some());
        assert!(safe_url("mailto:a@b.example").is_some());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url(" JavaScript:alert(1)").is_none());
        assert!(safe_url("https://x\" onmouseover=\"y").is_none());
        assert!(safe_url("data:text/html,x").is_none());
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(fmt_num(4_500_000.0), "4,500,000");
        assert_eq!(fmt_num(12.5), "12.5");
        assert_eq!(fmt_num(-1234.567), "-1,234.57");
        assert_eq!(fmt_compact(4_500_000.0), "4.5M");
        assert_eq!(fmt_compact(450_000.0), "450k");
        assert_eq!(fmt_value(4_500_000.0, Unit::Currency, Some("USD")), "$4.5M");
        assert_eq!(fmt_value(1_200.0, Unit::Currency, Some("CHF")), "1,200 CHF");
        assert_eq!(fmt_value(92.0, Unit::Percent, None), "92%");
    }
}
