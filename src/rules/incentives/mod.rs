//! I4xx: joint incentives and credit.

use super::Rule;

pub mod cap_below_threshold;
pub mod clawback_unbounded;
pub mod component_weights_not_100;
pub mod credit_split_not_100;
pub mod divergent_metric_definitions;
pub mod implicit_tier_semantics;
pub mod joint_in_name_only;
pub mod no_shared_revenue_pay;
pub mod non_joint_incentive;
pub mod non_participant_team;
pub mod one_sided_gate;
pub mod opposing_incentives;
pub mod over_budget;
pub mod payout_cliff;
pub mod payout_falls;
pub mod running_plan_changed;
pub mod spiff_outside_period;
pub mod volume_without_guardrail;

/// The rules of this family.
pub static ALL: &[&Rule] = &[
    &non_joint_incentive::RULE,
    &divergent_metric_definitions::RULE,
    &credit_split_not_100::RULE,
    &volume_without_guardrail::RULE,
    &one_sided_gate::RULE,
    &opposing_incentives::RULE,
    &no_shared_revenue_pay::RULE,
    &cap_below_threshold::RULE,
    &component_weights_not_100::RULE,
    &non_participant_team::RULE,
    &payout_cliff::RULE,
    &payout_falls::RULE,
    &over_budget::RULE,
    &implicit_tier_semantics::RULE,
    &clawback_unbounded::RULE,
    &spiff_outside_period::RULE,
    &joint_in_name_only::RULE,
    &running_plan_changed::RULE,
];
