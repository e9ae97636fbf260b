//! R2xx: identity and references.

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[];
