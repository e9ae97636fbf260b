//! A goal's check-in history as a small inline SVG chart, made here in Rust
//! (no script, no chart library, no request): one line through the `current:`
//! values git holds, dashed lines for the baseline and the target, and a
//! caption that says the same in words. Every piece of text in it (values,
//! dates, commit subjects) goes through [`crate::escape::html`].

use std::fmt::Write as _;

use serde::Serialize;

use crate::date::Date;
use crate::escape::html;
use crate::site::history::Point;

/// The chart of one goal, ready for the page.
#[derive(Clone, Debug, Serialize)]
pub struct ChartView {
    /// `<figure>` with the SVG and its caption (safe HTML: built from escaped text).
    pub svg: String,
    /// How many check-ins it shows.
    pub points: usize,
}

const W: f64 = 320.0;
const H: f64 = 110.0;
const LEFT: f64 = 6.0;
const RIGHT: f64 = 6.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 20.0;

/// The chart of `points` (oldest first), or `None` with fewer than two.
/// `fmt` formats a value in the goal's unit.
pub fn checkin_chart(
    title: &str,
    points: &[Point],
    baseline: Option<f64>,
    target: Option<f64>,
    fmt: &dyn Fn(f64) -> String,
) -> Option<ChartView> {
    if points.len() < 2 || points.iter().any(|p| !p.value.is_finite()) {
        return None;
    }
    let mut lo = points.iter().map(|p| p.value).fold(f64::INFINITY, f64::min);
    let mut hi = points
        .iter()
        .map(|p| p.value)
        .fold(f64::NEG_INFINITY, f64::max);
    // Without a baseline the scale starts at zero (when the values are not
    // negative), so the first check-in does not look like nothing.
    let zero = (baseline.is_none() && lo >= 0.0).then_some(0.0);
    for v in [baseline, target, zero]
        .into_iter()
        .flatten()
        .filter(|v| v.is_finite())
    {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if (hi - lo).abs() < f64::EPSILON {
        hi = lo + 1.0;
    }
    // x by date when every date reads and they span some days; else by order.
    let dates: Option<Vec<Date>> = points.iter().map(|p| Date::parse(&p.date)).collect();
    let days: Option<Vec<f64>> = dates.and_then(|d| {
        let first = d[0];
        let xs: Vec<f64> = d.iter().map(|x| first.days_until(*x) as f64).collect();
        let span = xs.iter().cloned().fold(0.0, f64::max);
        (span > 0.0 && xs.windows(2).all(|w| w[0] <= w[1])).then_some(xs)
    });
    let n = points.len();
    let x_of = |i: usize| -> f64 {
        let f = match &days {
            Some(xs) => xs[i] / xs[n - 1].max(1.0),
            None => i as f64 / (n - 1) as f64,
        };
        LEFT + f * (W - LEFT - RIGHT)
    };
    let y_of = |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);

    let first = &points[0];
    let last = &points[n - 1];
    let summary = format!(
        "{} check-ins of {}: {} on {}, {} on {}",
        n,
        title,
        fmt(first.value),
        first.date,
        fmt(last.value),
        last.date
    );
    let mut svg = String::with_capacity(2048);
    let _ = write!(
        svg,
        "<figure class=\"history\"><figcaption>Progress over time · {} check-ins from git</figcaption>\
         <svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        n,
        html(&summary)
    );
    let mut line = |class: &str, v: f64, label: String| {
        let y = y_of(v);
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            W - RIGHT,
            (y - 3.0).max(9.0),
            html(&label)
        );
    };
    if let Some(t) = target.filter(|v| v.is_finite()) {
        line("target", t, format!("Target {}", fmt(t)));
    }
    if let Some(b) = baseline.filter(|v| v.is_finite()) {
        line("baseline", b, format!("Baseline {}", fmt(b)));
    }
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>",
        W - RIGHT,
        H - BOTTOM,
        H - BOTTOM
    );
    let path: Vec<String> = (0..n)
        .map(|i| format!("{:.1},{:.1}", x_of(i), y_of(points[i].value)))
        .collect();
    let _ = write!(
        svg,
        "<polyline class=\"line\" points=\"{}\"/>",
        path.join(" ")
    );
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            svg,
            "<circle class=\"dot\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"><title>{}: {}{}</title></circle>",
            x_of(i),
            y_of(p.value),
            html(&p.date),
            html(&fmt(p.value)),
            if p.subject.is_empty() {
                String::new()
            } else {
                format!(" ({})", html(&p.subject))
            }
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{LEFT}\" y=\"{:.1}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></svg>",
        H - 5.0,
        html(&first.date),
        W - RIGHT,
        H - 5.0,
        html(&last.date)
    );
    let _ = write!(
        svg,
        "<p class=\"note points\">{} on {} → {} on {}</p></figure>",
        html(&fmt(first.value)),
        html(&first.date),
        html(&fmt(last.value)),
        html(&last.date)
    );
    Some(ChartView { svg, points: n })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(date: &str, value: f64, subject: &str) -> Point {
        Point {
            date: date.into(),
            value,
            subject: subject.into(),
        }
    }

    #[test]
    fn two_points_make_a_chart_with_escaped_text() {
        let pts = [
            pt("2026-10-01", 1.0, "first <b>"),
            pt("2026-11-01", 3.0, "second & last"),
        ];
        let c = checkin_chart("A <goal>", &pts, Some(0.0), Some(4.0), &|v| format!("{v}"))
            .expect("a chart");
        assert_eq!(c.points, 2);
        assert!(c.svg.contains("<polyline class=\"line\""));
        assert!(c.svg.contains("first &lt;b&gt;"));
        assert!(c.svg.contains("second &amp; last"));
        assert!(c.svg.contains("A &lt;goal&gt;"));
        assert!(!c.svg.contains("<b>"));
        assert!(c.svg.contains("Target 4"));
        // The target is the top of the chart, the baseline the bottom.
        assert!(c.svg.contains(&format!("y1=\"{TOP:.1}\"")));
    }

    #[test]
    fn one_point_or_a_bad_value_makes_none() {
        assert!(
            checkin_chart("g", &[pt("2026-10-01", 1.0, "")], None, None, &|v| v
                .to_string())
            .is_none()
        );
        let pts = [pt("x", f64::NAN, ""), pt("y", 1.0, "")];
        assert!(checkin_chart("g", &pts, None, None, &|v| v.to_string()).is_none());
        // Dates that do not read: spaced by order.
        let pts = [pt("x", 1.0, ""), pt("y", 1.0, "")];
        assert!(checkin_chart("g", &pts, None, None, &|v| v.to_string()).is_some());
    }
}
