//! I4xx: joint incentives and credit.

use super::Rule;

pub mod cap_below_threshold;
pub mod component_weights_not_100;
pub mod credit_split_not_100;
pub mod divergent_metric_definitions;
pub mod no_shared_revenue_pay;
pub mod non_joint_incentive;
pub mod non_participant_team;
pub mod one_sided_gate;
pub mod opposing_incentives;
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
];
