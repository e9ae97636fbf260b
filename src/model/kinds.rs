//! The typed documents of an alignment repo, one struct per kind.
//!
//! These mirror `schemas/<kind>.schema.json` field for field (a test keeps them in
//! agreement). Ids and references are [`Spanned`] so that every rule can point at
//! the exact YAML node. References to people are written `@handle`; any other
//! party reference is a team id.

use serde::{Deserialize, Serialize};

use super::de::Spanned;
use crate::load::yaml::Span;
use crate::source::FileId;

/// Where a document lives: its file and the span of the whole document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Loc {
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
    /// The document had load or schema errors: the fields that failed are absent,
    /// and rules hold back their findings about it until it is fixed.
    #[serde(skip)]
    pub has_errors: bool,
}

pub type Id = Spanned<String>;

/// A team: Sales, Marketing, SDR, Customer Success.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Team {
    pub id: Id,
    /// Display name, e.g. "Sales".
    pub name: Spanned<String>,
    /// Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// People who approve changes for this team: `@handle`.
    #[serde(default)]
    pub leads: Vec<Spanned<String>>,
    #[serde(default)]
    pub members: Vec<Member>,
    /// Open communication channels.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Repo paths this team owns outright (for CODEOWNERS), e.g. `teams/sales/**`.
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(skip_deserializing)]
    pub loc: Loc,
}

/// A person in a team.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Member {
    /// GitHub handle without `@`.
    pub github: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelType {
    #[default]
    Slack,
    Teams,
    Email,
    Chat,
    Forum,
    Other,
}

/// A way to reach a team.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Channel {
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// e.g. `#sales-marketing` or `revenue@acme.example`.
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    /// Open to the other teams (not private to this team). Default true.
    #[serde(default = "yes")]
    pub open: Spanned<bool>,
}

fn yes() -> Spanned<bool> {
    Spanned::new(true, Span::default())
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Count,
    Currency,
    Percent,
    Ratio,
    Days,
    Hours,
    Score,
}

/// What a metric measures; incentive rules need to tell volume from quality.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    #[default]
    Volume,
    Quality,
    Revenue,
    Pipeline,
    Activity,
    Efficiency,
}

/// One shared definition of a metric.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Metric {
    pub id: Id,
    pub name: Spanned<String>,
    /// Other names people use ("MQL"); two metrics may not share a name or alias.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Markdown: what counts and what does not.
    pub definition: Spanned<String>,
    pub unit: Unit,
    /// ISO 4217 code when `unit: currency`.
    #[serde(default)]
    pub currency: Option<String>,
    pub direction: Direction,
    #[serde(default)]
    pub category: Category,
    /// The team that owns the definition.
    pub owner: Spanned<String>,
    /// Teams that signed the definition.
    #[serde(default)]
    pub approved_by: Vec<Spanned<String>>,
    /// Where the number comes from (report, query).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub formula: Option<String>,
    /// When this metric is a funnel stage (MQL, SAL, SQL).
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(skip_deserializing)]
    pub loc: Loc,
}

/// A stage of a funnel.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Stage {
    /// Funnel id, e.g. `demand`.
    pub funnel: Spanned<String>,
    /// Position in the funnel, starting at 1.
    pub order: Spanned<u32>,
    /// The one team that owns leads in this stage.
    pub owner: Spanned<String>,
    /// What must be true for a lead to enter the stage.
    #[serde(default)]
    pub entry_criteria: Vec<String>,
    /// Score threshold, if the stage is entered by score.
    #[serde(default)]
    pub score_threshold: Option<f64>,
    /// Where a lead can go next: stage metric ids, `recycle` or `disqualified`.
    #[serde(default)]
    pub exits_to: Vec<Spanned<String>>,
}

/// A goal: shared (several owner teams) or a team's own.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Goal {
    pub id: Id,
    pub title: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Owner teams; more than one makes the goal shared.
    pub owners: Spanned<Vec<Spanned<String>>>,
    /// The one team that leads the goal; must be one of `owners`.
    #[serde(default)]
    pub primary_owner: Option<Spanned<String>>,
    /// A period id from `accordant.yaml`.
    pub period: Spanned<String>,
    /// The metric the goal moves.
    #[serde(default)]
    pub metric: Option<Spanned<String>>,
    #[serde(default)]
    pub baseline: Option<Spanned<f64>>,
    #[serde(default)]
    pub target: Option<Spanned<f64>>,
    /// Latest measured value, for the playbook's health view.
    #[serde(default)]
    pub current: Option<f64>,
    #[serde(default)]
    pub direction: Option<Direction>,
    /// The goal this one ladders up to.
    #[serde(default)]
    pub parent: Option<Spanned<String>>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub key_results: Vec<KeyResult>,
    #[serde(skip_deserializing)]
    pub loc: Loc,
}

impl Goal {
    pub fn is_shared(&self) -> bool {
        self.owners.len() > 1
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    OnTrack,
    AtRisk,
    OffTrack,
    Done,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KrType {
    /// A measured outcome (the default).
    #[default]
    Metric,
    /// A task that is done or not: an initiative, not an outcome.
    Milestone,
}

/// A measurable key result of a goal.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct KeyResult {
    pub id: Id,
    pub title: Spanned<String>,
    #[serde(default, rename = "type")]
    pub kind: KrType,
    #[serde(default)]
    pub metric: Option<Spanned<String>>,
    #[serde(default)]
    pub owner: Option<Spanned<String>>,
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub target: Option<Spanned<f64>>,
    #[serde(default)]
    pub current: Option<f64>,
    #[serde(default)]
    pub direction: Option<Direction>,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub due: Option<Spanned<String>>,
    /// Percent of the goal; when given on any KR, all must sum to 100.
    #[serde(default)]
    pub weight: Option<Spanned<f64>>,
    /// `YYYY-MM-DD` of the last progress update.
    #[serde(default)]
    pub last_check_in: Option<Spanned<String>>,
}

/// Who is Responsible, Accountable, Consulted and Informed for an activity.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Responsibility {
    pub id: Id,
    /// The activity in plain words, e.g. "Lead scoring".
    pub activity: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Set when the activity hands work from one team to another.
    #[serde(default)]
    pub handoff: Option<Handoff>,
    #[serde(default)]
    pub responsible: Spanned<Vec<Spanned<String>>>,
    /// Which Responsible party leads when there are several.
    #[serde(default)]
    pub lead: Option<Spanned<String>>,
    /// Exactly one party; written as a list only by mistake.
    #[serde(default)]
    pub accountable: Spanned<OneOrMany>,
    #[serde(default)]
    pub consulted: Vec<Spanned<String>>,
    #[serde(default)]
    pub informed: Vec<Spanned<String>>,
    #[serde(skip_deserializing)]
    pub loc: Loc,
}

/// A hand-off between two teams.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Handoff {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

/// A value written either as one item or as a list.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(Spanned<String>),
    Many(Vec<Spanned<String>>),
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a party or a list of parties")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<OneOrMany, E> {
                // The span is filled in from the enclosing `Spanned` by the model builder.
                Ok(OneOrMany::One(Spanned::new(s.to_string(), Span::default())))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    items.push(item);
                }
                Ok(OneOrMany::Many(items))
            }
        }
        d.deserialize_any(V)
    }
}

impl OneOrMany {
    pub fn items(&self) -> Vec<&Spanned<String>> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v.iter().collect(),
        }
    }
}

/// An incentive plan.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Incentive {
    pub id: Id,
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub period: Spanned<String>,
    /// Teams (or `@people`) paid by this plan.
    pub participants: Spanned<Vec<Spanned<String>>>,
    /// Share of each participant's variable pay this plan represents, in percent.
    #[serde(default)]
    pub variable_pay_share: Option<f64>,
    pub components: Vec<Component>,
    /// No payout unless the gate is met.
    #[serde(default)]
    pub gate: Option<Gate>,
    #[serde(default)]
    pub credit_splits: Vec<CreditSplit>,
    /// Target incentive (the payout at 100 % attainment) per participant or role.
    #[serde(default)]
    pub targets: Vec<TargetIncentive>,
    /// What the whole plan may cost.
    #[serde(default)]
    pub budget: Option<Budget>,
    /// Short extra bonuses with their own dates.
    #[serde(default)]
    pub spiffs: Vec<Spiff>,
    /// When paid incentive can be taken back.
    #[serde(default)]
    pub clawback: Option<Spanned<Clawback>>,
    /// `YYYY-MM-DD` from which this version of the plan applies (a plan change).
    #[serde(default)]
    pub effective_from: Option<Spanned<String>>,
    #[serde(skip_deserializing)]
    pub loc: Loc,
}

/// The target incentive of one participant (or of one role within a team).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TargetIncentive {
    /// A participant of the plan: a team id or `@person`.
    pub participant: Spanned<String>,
    /// A role within the team, e.g. `Account Executive` (matches members' `role`).
    #[serde(default)]
    pub role: Option<Spanned<String>>,
    /// Target incentive paid at 100 % attainment, per person.
    #[serde(default)]
    pub amount: Option<Spanned<f64>>,
    /// Annual variable pay per person; the target is `variable_pay_share` percent of it.
    #[serde(default)]
    pub variable_pay: Option<Spanned<f64>>,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: Spanned<String>,
    /// How many people are paid this target (default: the members of the team with
    /// the role, else 1).
    #[serde(default)]
    pub headcount: Option<Spanned<u32>>,
}

/// What a plan may cost, for all participants together.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Budget {
    /// ISO 4217 code of both amounts.
    pub currency: Spanned<String>,
    /// Total cost expected at 100 % attainment.
    #[serde(default)]
    pub at_target: Option<Spanned<f64>>,
    /// The most the plan may cost at any attainment.
    #[serde(default)]
    pub ceiling: Option<Spanned<f64>>,
}

/// A SPIFF: a fixed extra bonus for a short push, inside the plan's period.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Spiff {
    pub id: Id,
    #[serde(default)]
    pub name: Option<String>,
    /// `YYYY-MM-DD`
    pub start: Spanned<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub end: Spanned<String>,
    /// Paid per person who earns it.
    pub amount: Spanned<f64>,
    /// ISO 4217 code.
    pub currency: Spanned<String>,
    /// Only these participants can earn it (default: all).
    #[serde(default)]
    pub applies_to: Vec<Spanned<String>>,
}

/// When and how much paid incentive can be taken back (e.g. a deal that churns).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Clawback {
    /// Days after payout during which a clawback may happen.
    #[serde(default)]
    pub window_days: Option<Spanned<u32>>,
    /// Most of a payout that can be taken back, in percent of it.
    #[serde(default)]
    pub cap: Option<Spanned<f64>>,
    /// What triggers a clawback, in plain words.
    #[serde(default)]
    pub reason: Option<String>,
}

/// One part of an incentive plan, tied to a goal or a metric.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Component {
    pub id: Id,
    #[serde(default)]
    pub goal: Option<Spanned<String>>,
    #[serde(default)]
    pub metric: Option<Spanned<String>>,
    /// The direction that pays; defaults to the metric's direction.
    #[serde(default)]
    pub direction: Option<Spanned<Direction>>,
    /// Percent of the plan.
    pub weight: Spanned<f64>,
    /// Attainment (percent of target) below which this component pays nothing.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Attainment (percent of target) above which pay stops growing.
    #[serde(default)]
    pub cap: Option<f64>,
    /// Only these participants are paid by this component (default: all).
    #[serde(default)]
    pub applies_to: Vec<Spanned<String>>,
    /// Quality metrics that must hold for a volume component to pay.
    #[serde(default)]
    pub guardrails: Vec<Spanned<String>>,
    /// Least payout, in percent of the component's target, once the threshold is met.
    #[serde(default)]
    pub floor: Option<Spanned<f64>>,
    /// How pay grows with attainment; default: 1 % of target per attainment point.
    #[serde(default)]
    pub curve: Option<Curve>,
}

/// How a component's pay grows with attainment: tiers with rates.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Curve {
    /// How the rates combine; see [`Semantics`].
    #[serde(default)]
    pub semantics: Option<Spanned<Semantics>>,
    /// Tiers in rising order of `from`.
    pub tiers: Spanned<Vec<Tier>>,
}

/// How the tiers of a curve combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semantics {
    /// Each band of attainment pays at its own tier's rate (like tax brackets).
    #[default]
    Marginal,
    /// The rate of the highest tier reached applies to all attainment.
    Tiered,
}

/// One tier of a pay curve.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Tier {
    /// Attainment (percent of target) where the tier starts.
    pub from: Spanned<f64>,
    /// Percent of target paid per attainment point in this tier (1 = linear).
    pub rate: Spanned<f64>,
}

/// A payout gate.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Gate {
    /// The goal or metric that must be met.
    #[serde(default)]
    pub goal: Option<Spanned<String>>,
    #[serde(default)]
    pub metric: Option<Spanned<String>>,
    /// Minimum attainment in percent.
    pub min_attainment: f64,
    /// The participants the gate applies to.
    pub applies_to: Spanned<Vec<Spanned<String>>>,
}

/// How the credit for one deal type is split between teams.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CreditSplit {
    pub deal_type: Spanned<String>,
    /// Team id -> percent (each with its span, for the fix that scales them).
    pub splits: Spanned<indexmap::IndexMap<String, Spanned<f64>>>,
    /// Both teams get full credit, on purpose (overlay budget).
    #[serde(default)]
    pub double_credit: bool,
}

/// A service-level agreement between two teams.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Agreement {
    pub id: Id,
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The two teams bound by the agreement.
    pub parties: Spanned<Vec<Spanned<String>>>,
    /// The Responsibility that covers the hand-off.
    #[serde(default)]
    pub handoff: Option<Spanned<String>>,
    /// The funnel stage handed over (a metric id).
    #[serde(default)]
    pub stage: Option<Spanned<String>>,
    pub commitments: Vec<Commitment>,
    /// What happens to leads the receiving team does not accept.
    #[serde(default)]
    pub return_rule: Option<String>,
    /// Codes a rejected lead must carry.
    #[serde(default)]
    pub disposition_codes: Vec<String>,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub last_reviewed: Option<Spanned<String>>,
    /// Days between reviews; default from `accordant.yaml` (92).
    #[serde(default)]
    pub review_every_days: Option<u32>,
    #[serde(skip_deserializing)]
    pub loc: Loc,
}

/// What one side of an agreement promises.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Commitment {
    pub team: Spanned<String>,
    pub summary: String,
    /// Volume this team delivers.
    #[serde(default)]
    pub volume: Option<Volume>,
    /// Volume this team can absorb.
    #[serde(default)]
    pub capacity: Option<Volume>,
    /// Hours to first response.
    #[serde(default)]
    pub response_time_hours: Option<Spanned<f64>>,
    #[serde(default)]
    pub contact_attempts: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Day,
    #[default]
    Week,
    Month,
    Quarter,
}

impl Per {
    /// Length in days, for comparing volumes stated per different periods.
    pub fn days(self) -> f64 {
        match self {
            Per::Day => 1.0,
            Per::Week => 7.0,
            Per::Month => 365.25 / 12.0,
            Per::Quarter => 365.25 / 4.0,
        }
    }
}

/// An amount per period.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Volume {
    pub amount: Spanned<f64>,
    pub per: Per,
    #[serde(default)]
    pub metric: Option<Spanned<String>>,
}

impl Volume {
    pub fn per_day(&self) -> f64 {
        *self.amount / self.per.days()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Daily,
    #[default]
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
}

impl Cadence {
    pub fn days(self) -> u32 {
        match self {
            Cadence::Daily => 1,
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
            Cadence::Monthly => 31,
            Cadence::Quarterly => 92,
        }
    }
}

/// A recurring meeting.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Ritual {
    pub id: Id,
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub cadence: Spanned<Cadence>,
    /// Weekday, e.g. `monday`.
    #[serde(default)]
    pub day: Option<String>,
    /// Local time `HH:MM`.
    #[serde(default)]
    pub time: Option<String>,
    /// IANA time zone, e.g. `Europe/Paris`.
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// `YYYY-MM-DD` of the first occurrence.
    #[serde(default)]
    pub started_on: Option<Spanned<String>>,
    /// Directly responsible individual: `@handle`.
    pub dri: Spanned<String>,
    pub participants: Spanned<Vec<Spanned<String>>>,
    /// Goals reviewed in this meeting.
    #[serde(default)]
    pub goals: Vec<Spanned<String>>,
    /// Agreements reviewed in this meeting.
    #[serde(default)]
    pub agreements: Vec<Spanned<String>>,
    /// Where it happens (video link, room, channel).
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(skip_deserializing)]
    pub loc: Loc,
}
