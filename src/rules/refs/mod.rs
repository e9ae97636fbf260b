//! R2xx: identity and references.
