//! T8xx: rituals (recurring meetings) and open channels.
