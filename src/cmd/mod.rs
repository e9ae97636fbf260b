//! One module per subcommand. Each returns an [`Outcome`] or an `anyhow::Error`
//! when it could not run.

pub mod build;
pub mod check;
pub mod codeowners;
pub mod diff;
pub mod explain;
pub mod github;
pub mod init;
pub mod lsp;
pub mod manual;
pub mod schema;
pub mod serve;
pub mod simulate;
mod support;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// How a command ended, mapped to the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: findings at error severity.
    Findings,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        match o {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Check(a) => check::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Rules(a) => explain::list(&a),
        Command::Schema(a) => schema::run(&a),
        Command::Init(a) => init::run(&a),
        Command::Diff(a) => diff::run(&a),
        Command::Github(a) => github::run(&a),
        Command::Codeowners(a) => codeowners::run(&a),
        Command::Build(a) => build::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Completions(a) => manual::completions(&a),
        Command::Man(a) => manual::man(&a),
        Command::Lsp(a) => lsp::run(&a),
        Command::Simulate(a) => simulate::run(&a),
    }
}
