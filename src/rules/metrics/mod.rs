//! M6xx: metric definitions and the funnel.

use super::Rule;

pub mod definition_not_approved;
pub mod duplicate_metric;
pub mod funnel_order;
pub mod stage_without_criteria;
pub mod undefined_metric;

/// The rules of this family.
pub static ALL: &[&Rule] = &[
    &undefined_metric::RULE,
    &duplicate_metric::RULE,
    &funnel_order::RULE,
    &stage_without_criteria::RULE,
    &definition_not_approved::RULE,
];
