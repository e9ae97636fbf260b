//! M6xx: metric definitions and the funnel.

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[];
