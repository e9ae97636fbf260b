//! M6xx: metric definitions and the funnel.
