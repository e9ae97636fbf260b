//! L7xx: service-level agreements between teams.

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[];
