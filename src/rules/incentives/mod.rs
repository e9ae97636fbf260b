//! I4xx: joint incentives and credit.
