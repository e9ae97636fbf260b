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
pub mod fix;
pub mod github;
pub mod load;
pub mod lsp;
pub mod model;
pub mod payout;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod site;
pub mod source;
pub mod timings;

/// Temporary folders for unit tests, inside the cargo target dir (beside the
/// test binary), so that tests write nothing outside the checkout and the
/// target dir. Integration tests use `CARGO_TARGET_TMPDIR` instead, which cargo
/// does not set for unit tests.
#[cfg(test)]
#[allow(clippy::expect_used)]
pub(crate) fn test_tempdir() -> tempfile::TempDir {
    // The binary is target/<profile>/deps/accordant-<hash>.
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary lies in target/<profile>/deps");
    let base = profile.join("unit-test-tmp");
    std::fs::create_dir_all(&base).expect("creating the unit tests' temp folder");
    tempfile::tempdir_in(base).expect("a temp folder in the target dir")
}
