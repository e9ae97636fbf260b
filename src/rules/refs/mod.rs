//! R2xx: identity and references.

pub mod dangling_reference;
pub mod duplicate_id;
pub mod duplicate_person;
pub mod inconsistent_identity;
pub mod placeholder_owner;
pub mod placeholder_person;
pub mod unknown_period;

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[
    &dangling_reference::RULE,
    &placeholder_owner::RULE,
    &inconsistent_identity::RULE,
    &duplicate_id::RULE,
    &unknown_period::RULE,
    &duplicate_person::RULE,
    &placeholder_person::RULE,
];
