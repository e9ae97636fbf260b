//! Plain-word building blocks of the semantic diff: compact numbers with their
//! unit or currency (`$4.0M`), the relative change (`+12.5 %`), and lists read
//! like a sentence ("Sales, SDR and Marketing").

use crate::model::Unit;

/// How a number is shown: the metric's unit, and its currency when it is money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure<'a> {
    /// A bare number.
    Plain,
    /// A metric's unit (with the currency code when `unit: currency`).
    Unit(Unit, Option<&'a str>),
    /// A share in percent (weights, thresholds, caps, attainment).
    Percent,
    /// Hours (response times).
    Hours,
    /// Whole days (review intervals).
    Days,
    /// Minutes (meeting length).
    Minutes,
}

/// `4000000` -> `4.0M`, `1500` -> `1,500`, `0.35` -> `0.35`, with the measure's
/// unit: `$4.0M`, `12.5 %`, `24 h`.
pub fn number(v: f64, m: Measure<'_>) -> String {
    with_measure(&compact(v, 1), v, m)
}

/// Both numbers of a change, with just enough precision to tell them apart.
pub fn number_pair(before: f64, after: f64, m: Measure<'_>) -> (String, String) {
    for decimals in 1..=3 {
        let (b, a) = (compact(before, decimals), compact(after, decimals));
        if b != a || before == after {
            return (with_measure(&b, before, m), with_measure(&a, after, m));
        }
    }
    let (b, a) = (grouped(before, 6), grouped(after, 6));
    (with_measure(&b, before, m), with_measure(&a, after, m))
}

/// The relative change from `before` to `after`: `+12.5 %`, `-20 %`; `None` from zero.
pub fn relative(before: f64, after: f64) -> Option<String> {
    if before == 0.0 || !before.is_finite() || !after.is_finite() {
        return None;
    }
    let pct = (after - before) / before.abs() * 100.0;
    let sign = if pct > 0.0 {
        "+"
    } else if pct < 0.0 {
        "-"
    } else {
        ""
    };
    Some(format!("{sign}{} %", trim(&format!("{:.1}", pct.abs()))))
}

/// `"a"`, `"a and b"`, `"a, b and c"`.
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A quoted title: `"Lead scoring"`.
pub fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// `1` -> `1 goal`, `2` -> `2 goals`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn with_measure(n: &str, v: f64, m: Measure<'_>) -> String {
    match m {
        Measure::Plain | Measure::Unit(Unit::Count | Unit::Ratio | Unit::Score, _) => n.to_string(),
        Measure::Percent | Measure::Unit(Unit::Percent, _) => format!("{n} %"),
        Measure::Hours | Measure::Unit(Unit::Hours, _) => format!("{n} h"),
        Measure::Days | Measure::Unit(Unit::Days, _) => {
            format!("{n} day{}", if v == 1.0 { "" } else { "s" })
        }
        Measure::Minutes => format!("{n} min"),
        Measure::Unit(Unit::Currency, code) => money(n, code),
    }
}

fn money(n: &str, code: Option<&str>) -> String {
    let (sign, digits) = match n.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", n),
    };
    let symbol = match code.map(str::to_ascii_uppercase).as_deref() {
        Some("USD") => Some("$"),
        Some("EUR") => Some("€"),
        Some("GBP") => Some("£"),
        Some("JPY") => Some("¥"),
        _ => None,
    };
    match (symbol, code) {
        (Some(s), _) => format!("{sign}{s}{digits}"),
        (None, Some(c)) => format!("{n} {}", c.to_ascii_uppercase()),
        (None, None) => n.to_string(),
    }
}

/// Compact form: `k`, `M`, `B` from ten thousand up (with `decimals` places),
/// thousands separators below.
fn compact(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        return grouped(v, decimals + 1);
    };
    format!("{scaled:.decimals$}{suffix}")
}

/// `1500` -> `1,500`; `12.25` -> `12.25`; at most `decimals` places, trailing zeros cut.
fn grouped(v: f64, decimals: usize) -> String {
    let s = trim(&format!("{:.decimals$}", v.abs()));
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

fn trim(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USD: Measure<'static> = Measure::Unit(Unit::Currency, Some("USD"));

    #[test]
    fn big_numbers_are_compact_with_their_unit() {
        assert_eq!(number(4_000_000.0, Measure::Plain), "4.0M");
        assert_eq!(number(4_500_000.0, USD), "$4.5M");
        assert_eq!(number(-1_250_000.0, USD), "-$1.2M");
        assert_eq!(
            number(2_000_000_000.0, Measure::Unit(Unit::Currency, Some("chf"))),
            "2.0B CHF"
        );
        assert_eq!(number(12_500.0, Measure::Plain), "12.5k");
        assert_eq!(number(1500.0, Measure::Plain), "1,500");
        assert_eq!(number(0.35, Measure::Unit(Unit::Ratio, None)), "0.35");
        assert_eq!(number(12.5, Measure::Percent), "12.5 %");
        assert_eq!(number(24.0, Measure::Hours), "24 h");
        assert_eq!(number(1.0, Measure::Days), "1 day");
        assert_eq!(number(92.0, Measure::Unit(Unit::Days, None)), "92 days");
        assert_eq!(number(-0.0001, Measure::Plain), "0");
    }

    #[test]
    fn pairs_get_enough_precision_to_differ() {
        assert_eq!(
            number_pair(4_000_000.0, 4_500_000.0, Measure::Plain),
            ("4.0M".into(), "4.5M".into())
        );
        assert_eq!(
            number_pair(4_510_000.0, 4_520_000.0, Measure::Plain),
            ("4.51M".into(), "4.52M".into())
        );
        assert_eq!(
            number_pair(4_000_001.0, 4_000_002.0, Measure::Plain),
            ("4,000,001".into(), "4,000,002".into())
        );
    }

    #[test]
    fn relative_change_reads_like_the_issue() {
        assert_eq!(
            relative(4_000_000.0, 4_500_000.0).as_deref(),
            Some("+12.5 %")
        );
        assert_eq!(relative(500.0, 400.0).as_deref(), Some("-20 %"));
        assert_eq!(relative(0.0, 4.0), None);
        assert_eq!(relative(3.0, 3.0).as_deref(), Some("0 %"));
    }

    #[test]
    fn lists_read_like_a_sentence() {
        let s = |v: &[&str]| list(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&[]), "");
        assert_eq!(s(&["Sales"]), "Sales");
        assert_eq!(s(&["Sales", "Marketing"]), "Sales and Marketing");
        assert_eq!(
            s(&["Sales", "SDR", "Marketing"]),
            "Sales, SDR and Marketing"
        );
        assert_eq!(plural(1, "goal"), "1 goal");
        assert_eq!(plural(3, "goal"), "3 goals");
    }
}
