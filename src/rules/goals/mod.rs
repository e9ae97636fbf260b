//! G5xx: goals, key results and the goal tree.

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[];
