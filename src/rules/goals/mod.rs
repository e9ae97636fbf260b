//! G5xx: goals, key results and the goal tree.

pub mod date_outside_period;
pub mod goal_cycle;
pub mod initiative_as_key_result;
pub mod kr_weights_not_100;
pub mod opposing_goals;
pub mod primary_owner;
pub mod stale_check_in;
pub mod target_not_beyond_baseline;
pub mod unmeasurable_key_result;

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[
    &goal_cycle::RULE,
    &kr_weights_not_100::RULE,
    &date_outside_period::RULE,
    &unmeasurable_key_result::RULE,
    &primary_owner::RULE,
    &initiative_as_key_result::RULE,
    &stale_check_in::RULE,
    &target_not_beyond_baseline::RULE,
    &opposing_goals::RULE,
];
