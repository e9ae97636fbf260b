//! G5xx: goals, key results and the goal tree.
