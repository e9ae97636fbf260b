//! L7xx: service-level agreements between teams.
