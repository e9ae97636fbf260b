//! T8xx: rituals (recurring meetings) and open channels.

use super::Rule;

/// The rules of this family.
pub static ALL: &[&Rule] = &[];
