//! accordant: the agreement between Sales and Marketing as code.
//!
//! The repo's YAML documents are loaded into a typed [`model::Model`] with the
//! position of every node ([`load`]), checked by the rules in [`rules`], and
//! reported in several formats ([`report`]). [`pipeline`] runs those steps in
//! that order for every command; [`diff`] and [`site`] build on its result, and
//! [`cmd`] only parses arguments, calls them and prints.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod date;
pub mod diag;
pub mod diff;
pub mod escape;
pub mod github;
pub mod load;
pub mod model;
pub mod payout;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod site;
pub mod source;
pub mod timings;
