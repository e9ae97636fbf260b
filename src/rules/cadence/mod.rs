//! T8xx: rituals (recurring meetings) and open channels.

use super::Rule;

pub mod infrequent_review;
pub(crate) mod review;
pub mod ritual_start_mismatch;
pub mod team_without_channel;
pub mod unreviewed_agreement;
pub mod unreviewed_shared_goal;

/// The rules of this family.
pub static ALL: &[&Rule] = &[
    &unreviewed_shared_goal::RULE,
    &unreviewed_agreement::RULE,
    &infrequent_review::RULE,
    &ritual_start_mismatch::RULE,
    &team_without_channel::RULE,
];
