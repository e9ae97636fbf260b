//! Goals and key results: numbers in their unit, progress from baseline to
//! target, the status (declared, or estimated from the numbers and how far the
//! period has run), and what the goal ladders up to, is reviewed in and pays.

use serde::Serialize;

use super::{Ctx, Party, Ref, Src, fmt_num, fmt_value, slug};
use crate::date::Date;
use crate::model::{Direction, Goal, Kind, Unit};

/// A goal as cards and the tree show it.
#[derive(Clone, Debug, Serialize)]
pub struct GoalView {
    pub id: String,
    pub anchor: String,
    pub url: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub owners: Vec<Party>,
    pub primary: Option<Party>,
    pub shared: bool,
    pub period: String,
    pub metric: Option<Ref>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub current: Option<String>,
    /// 0..=100, for the progress bar: how far `current` is from the baseline
    /// (0) to the target (100), clamped.
    pub progress: Option<u32>,
    /// The current value is on the wrong side of the baseline: the bar is empty
    /// and `progress_note` says so.
    pub below_baseline: bool,
    /// What the bar cannot show, in words (below the baseline).
    pub progress_note: Option<String>,
    /// on-track, at-risk, off-track, done or unknown.
    pub status: String,
    pub status_label: String,
    /// The status was estimated from the numbers, not declared.
    pub status_estimated: bool,
    /// Why the status reads as it does, shown under the card: how an estimated
    /// status (the `*`) was worked out, or why a declared status and the
    /// numbers disagree.
    pub status_note: Option<String>,
    /// The check-in history from git, when it has two values or more.
    pub history: Option<super::chart::ChartView>,
    pub parent: Option<Ref>,
    pub children: Vec<Ref>,
    pub depth: usize,
    pub key_results: Vec<KrView>,
    pub reviewed_in: Vec<Ref>,
    pub paid_by: Vec<Ref>,
    pub findings: Vec<String>,
    /// The document has load or schema errors: some of its values are left out.
    pub has_errors: bool,
    pub src: Src,
}

/// A key result.
#[derive(Clone, Debug, Serialize)]
pub struct KrView {
    pub title: String,
    pub milestone: bool,
    pub owner: Option<Party>,
    pub metric: Option<Ref>,
    pub target: Option<String>,
    pub current: Option<String>,
    pub progress: Option<u32>,
    /// The current value is on the wrong side of the baseline.
    pub below_baseline: bool,
    pub due: Option<String>,
    pub weight: Option<String>,
}

/// Progress from baseline to target, 0.0 = baseline, 1.0 = target reached.
fn progress(
    baseline: Option<f64>,
    target: Option<f64>,
    current: Option<f64>,
    dir: Direction,
) -> Option<f64> {
    let (t, c) = (target?, current?);
    let p = match (dir, baseline) {
        (Direction::Increase, Some(b)) if (t - b).abs() > f64::EPSILON => (c - b) / (t - b),
        (Direction::Decrease, Some(b)) if (b - t).abs() > f64::EPSILON => (b - c) / (b - t),
        (Direction::Increase, _) if t.abs() > f64::EPSILON => c / t,
        (Direction::Decrease, _) if c.abs() > f64::EPSILON => t / c,
        _ => return None,
    };
    p.is_finite().then_some(p)
}

/// Attainment in percent of target (what incentive plans pay on).
pub fn attainment(target: Option<f64>, current: Option<f64>, dir: Direction) -> Option<f64> {
    let (t, c) = (target?, current?);
    let a = match dir {
        Direction::Increase if t.abs() > f64::EPSILON => c / t * 100.0,
        Direction::Decrease if c.abs() > f64::EPSILON => t / c * 100.0,
        _ => return None,
    };
    a.is_finite().then_some(a)
}

fn pct_bar(p: Option<f64>) -> Option<u32> {
    p.map(|p| (p * 100.0).clamp(0.0, 100.0).round() as u32)
}

/// The status the numbers give: progress against the share of the period gone.
fn estimate(p: Option<f64>, elapsed: Option<f64>) -> Option<&'static str> {
    match (p?, elapsed) {
        (p, _) if p >= 1.0 => Some("on-track"),
        (p, _) if p < 0.0 => Some("off-track"),
        (p, Some(e)) if p >= e - 0.1 => Some("on-track"),
        (p, Some(e)) if p >= e - 0.25 => Some("at-risk"),
        (_, Some(_)) => Some("off-track"),
        _ => None,
    }
}

/// How hopeful a status is (for "the declared status is more hopeful than the
/// numbers").
fn hope(s: &str) -> u8 {
    match s {
        "done" => 3,
        "on-track" => 2,
        "at-risk" => 1,
        _ => 0,
    }
}

fn pct(x: f64) -> String {
    format!("{}%", (x * 100.0).round() as i64)
}

fn status_label(s: &str) -> &'static str {
    match s {
        "on-track" => "On track",
        "at-risk" => "At risk",
        "off-track" => "Off track",
        "done" => "Done",
        _ => "No data",
    }
}

impl Ctx<'_> {
    pub(super) fn goal_unit(&self, g: &Goal) -> (Unit, Option<String>, Direction) {
        let metric = g.metric.as_ref().and_then(|m| self.metric_by_id(m));
        let dir = g
            .direction
            .or_else(|| metric.map(|m| m.direction))
            .unwrap_or_default();
        (
            metric.map(|m| m.unit).unwrap_or_default(),
            metric.and_then(|m| m.currency.clone()),
            dir,
        )
    }

    /// How far into its period a goal is (0.0 ..= 1.0).
    pub(super) fn elapsed(&self, period: &str) -> Option<f64> {
        let p = self.config.period(period)?;
        let (s, e) = (Date::parse(&p.start)?, Date::parse(&p.end)?);
        let len = s.days_until(e) + 1;
        (len > 0).then(|| (s.days_until(self.today) as f64 / len as f64).clamp(0.0, 1.0))
    }

    /// The view of goal `i`, at `depth` in the tree.
    pub fn goal(&self, i: usize, depth: usize) -> GoalView {
        let g = &self.model.goals[i];
        let (unit, cur, dir) = self.goal_unit(g);
        let fmt = |v: f64| fmt_value(v, unit, cur.as_deref());
        let target = g.target.as_ref().map(|t| t.value);
        let p = progress(g.baseline.as_ref().map(|b| b.value), target, g.current, dir);
        let elapsed = self.elapsed(&g.period);
        let numbers = estimate(p, elapsed);
        let (status, estimated) = match g.status {
            Some(s) => (
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                false,
            ),
            None => match numbers {
                Some(s) => (s.to_string(), true),
                None => ("unknown".to_string(), false),
            },
        };
        let below_baseline = p.is_some_and(|p| p < 0.0);
        let baseline_text = g.baseline.as_ref().map(|b| fmt(b.value));
        let current_text = g.current.map(fmt);
        let side = if dir == Direction::Decrease {
            "above"
        } else {
            "below"
        };
        let progress_note = match (below_baseline, &current_text, &baseline_text) {
            (true, Some(c), Some(b)) => Some(format!(
                "{c} is {side} the baseline of {b}, so the bar (from baseline to target) is empty{}.",
                match (attainment(target, g.current, dir), target) {
                    (Some(a), Some(t)) =>
                        format!(": {}% of the {} target", a.round() as i64, fmt(t)),
                    _ => String::new(),
                }
            )),
            _ => None,
        };
        let way = if g.baseline.is_some() {
            "of the way from baseline to target"
        } else {
            "of the target"
        };
        let status_note = match (estimated, numbers, p) {
            (true, _, Some(p)) => Some(match elapsed {
                Some(e) if p < 1.0 => format!(
                    "* Estimated from the numbers (no status is declared): {} {way} with {} of the period gone.",
                    pct(p.max(0.0)),
                    pct(e)
                ),
                _ => format!(
                    "* Estimated from the numbers (no status is declared): {} {way}.",
                    pct(p.max(0.0))
                ),
            }),
            (false, Some(n), Some(p)) if hope(&status) > hope(n) && status != "done" => {
                Some(if p < 0.0 {
                    format!(
                        "Declared {} by its owners, but the numbers read {}: the current value is {side} the baseline.",
                        status_label(&status).to_lowercase(),
                        status_label(n).to_lowercase()
                    )
                } else {
                    format!(
                        "Declared {} by its owners, but the numbers read {}: {} {way}{}.",
                        status_label(&status).to_lowercase(),
                        status_label(n).to_lowercase(),
                        pct(p),
                        elapsed
                            .map(|e| format!(" with {} of the period gone", pct(e)))
                            .unwrap_or_default()
                    )
                })
            }
            _ => None,
        };
        GoalView {
            id: g.id.value.clone(),
            // One anchor per id, as in the glossary.
            anchor: match self.goal_by_id(&g.id) {
                Some(first) if !std::ptr::eq(first, g) => {
                    format!("goal-{}-line-{}", slug(&g.id), g.loc.span.start.line)
                }
                _ => format!("goal-{}", slug(&g.id)),
            },
            url: self.url(Kind::Goal, &g.id),
            title: g.title.value.clone(),
            description: g.description.clone(),
            owners: self.parties(g.owners.iter()),
            primary: g.primary_owner.as_ref().map(|p| self.party(p)),
            shared: g.is_shared(),
            period: self.period_label(&g.period),
            metric: g.metric.as_ref().map(|m| self.metric_ref(m)),
            baseline: baseline_text,
            target: target.map(fmt),
            current: current_text,
            progress: pct_bar(p),
            below_baseline,
            progress_note,
            status_label: status_label(&status).to_string(),
            status,
            status_estimated: estimated,
            status_note,
            history: self.goal_history(g, &fmt),
            parent: g.parent.as_ref().map(|p| self.goal_ref(p)),
            children: self
                .children
                .get(g.id.as_str())
                .map(|v| {
                    v.iter()
                        .map(|c| self.goal_ref(&self.model.goals[*c].id))
                        .collect()
                })
                .unwrap_or_default(),
            depth: depth.min(6),
            key_results: g
                .key_results
                .iter()
                .map(|kr| self.key_result(kr, dir))
                .collect(),
            reviewed_in: self.rituals_ref(self.goal_rituals.get(g.id.as_str())),
            paid_by: self
                .goal_incentives
                .get(g.id.as_str())
                .map(|v| {
                    v.iter()
                        .map(|k| {
                            let inc = &self.model.incentives[*k];
                            self.ref_of(Kind::Incentive, &inc.id, &inc.name)
                        })
                        .collect()
                })
                .unwrap_or_default(),
            has_errors: g.loc.has_errors,
            findings: self
                .findings_of(Kind::Goal, &g.id)
                .iter()
                .map(|d| d.message.clone())
                .collect(),
            src: self.src(&g.loc),
        }
    }

    /// The chart of a goal's check-ins: the `current:` values git holds, and
    /// the working tree's value as today's point when it is not committed yet.
    fn goal_history(
        &self,
        g: &Goal,
        fmt: &dyn Fn(f64) -> String,
    ) -> Option<super::chart::ChartView> {
        let key = (self.path(&g.loc).to_string(), g.id.value.clone());
        let mut points = self.history.checkins.get(&key).cloned().unwrap_or_default();
        if let Some(c) = g.current
            && points.last().is_some_and(|p| p.value != c)
        {
            points.push(crate::site::history::Point {
                date: self.today.to_string(),
                value: c,
                subject: "not committed yet".into(),
            });
        }
        let skip = points
            .len()
            .saturating_sub(crate::site::history::MAX_POINTS);
        super::chart::checkin_chart(
            &g.title,
            &points[skip..],
            g.baseline.as_ref().map(|b| b.value),
            g.target.as_ref().map(|t| t.value),
            fmt,
        )
    }

    pub(super) fn rituals_ref(&self, v: Option<&Vec<usize>>) -> Vec<Ref> {
        v.map(|v| {
            v.iter()
                .map(|k| {
                    let r = &self.model.rituals[*k];
                    self.ref_of(Kind::Ritual, &r.id, &r.name)
                })
                .collect()
        })
        .unwrap_or_default()
    }

    pub(super) fn key_result(&self, kr: &crate::model::KeyResult, goal_dir: Direction) -> KrView {
        let metric = kr.metric.as_ref().and_then(|m| self.metric_by_id(m));
        let unit = metric.map(|m| m.unit).unwrap_or_default();
        let cur = metric.and_then(|m| m.currency.as_deref());
        let dir = kr
            .direction
            .or(metric.map(|m| m.direction))
            .unwrap_or(goal_dir);
        let target = kr.target.as_ref().map(|t| t.value);
        let p = progress(kr.baseline, target, kr.current, dir);
        KrView {
            title: kr.title.value.clone(),
            milestone: kr.kind == crate::model::KrType::Milestone,
            owner: kr.owner.as_ref().map(|o| self.party(o)),
            metric: kr.metric.as_ref().map(|m| self.metric_ref(m)),
            target: target.map(|v| fmt_value(v, unit, cur)),
            current: kr.current.map(|v| fmt_value(v, unit, cur)),
            progress: pct_bar(p),
            below_baseline: p.is_some_and(|p| p < 0.0),
            due: kr.due.as_ref().map(|d| d.value.clone()),
            weight: kr.weight.as_ref().map(|w| format!("{}%", fmt_num(w.value))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_follow_progress_and_time() {
        assert_eq!(estimate(Some(-0.2), Some(0.1)), Some("off-track"));
        assert_eq!(estimate(Some(-0.2), None), Some("off-track"));
        assert_eq!(estimate(Some(1.2), Some(0.1)), Some("on-track"));
        assert_eq!(estimate(Some(0.45), Some(0.5)), Some("on-track"));
        assert_eq!(estimate(Some(0.3), Some(0.5)), Some("at-risk"));
        assert_eq!(estimate(Some(0.1), Some(0.5)), Some("off-track"));
        assert_eq!(estimate(Some(0.5), None), None);
        assert_eq!(pct_bar(Some(-0.6)), Some(0));
        assert!(hope("on-track") > hope("off-track"));
    }

    #[test]
    fn progress_and_attainment() {
        let p = progress(Some(3.0), Some(4.5), Some(3.9), Direction::Increase).unwrap();
        assert!((p - 0.6).abs() < 1e-9);
        let d = progress(Some(10.0), Some(5.0), Some(7.5), Direction::Decrease).unwrap();
        assert!((d - 0.5).abs() < 1e-9);
        assert_eq!(
            attainment(Some(200.0), Some(150.0), Direction::Increase),
            Some(75.0)
        );
        assert_eq!(
            attainment(Some(24.0), Some(48.0), Direction::Decrease),
            Some(50.0)
        );
    }
}
