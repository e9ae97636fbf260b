//! L7xx: service-level agreements between teams.

use super::Rule;

pub mod missing_disposition_codes;
pub mod missing_response_time;
pub mod missing_return_rule;
pub mod one_sided_agreement;
pub mod review_overdue;
pub mod volume_exceeds_capacity;

/// The rules of this family.
pub static ALL: &[&Rule] = &[
    &one_sided_agreement::RULE,
    &missing_response_time::RULE,
    &volume_exceeds_capacity::RULE,
    &missing_disposition_codes::RULE,
    &review_overdue::RULE,
    &missing_return_rule::RULE,
];
