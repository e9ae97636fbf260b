//! C3xx: roles (RACI) and overlap.
