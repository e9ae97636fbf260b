//! I4xx: joint incentives and credit.

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[];
