//! C3xx: roles (RACI) and overlap.

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[];
