//! C3xx: roles (RACI) and overlap.

pub mod accountable_overload;
pub mod consulted_and_informed;
pub mod missing_accountable;
pub mod missing_responsible;
pub mod multiple_accountable;
pub mod responsible_without_lead;
pub mod too_many_consulted;
pub mod unowned_handoff;
pub mod unstaffed_team;

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[
    &multiple_accountable::RULE,
    &missing_accountable::RULE,
    &missing_responsible::RULE,
    &consulted_and_informed::RULE,
    &responsible_without_lead::RULE,
    &too_many_consulted::RULE,
    &accountable_overload::RULE,
    &unowned_handoff::RULE,
    &unstaffed_team::RULE,
];
