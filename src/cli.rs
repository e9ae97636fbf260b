//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Sales & Marketing alignment as code.
///
/// Exit codes: 0 no error-severity finding; 1 findings at error severity; 2 accordant
/// could not run (bad arguments, unreadable repo, git or network failure).
#[derive(Debug, Parser)]
#[command(name = "accordant", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every file of an alignment repo and the model as a whole.
    Check(CheckArgs),
    /// Explain a rule: what it checks, why it matters, how to fix it.
    Explain(ExplainArgs),
    /// List every rule with its code, name and default severity.
    Rules(RulesArgs),
    /// Write the JSON Schemas of every kind (for editors and other validators).
    Schema(SchemaArgs),
    /// Create a small, passing alignment repo to start from.
    Init(InitArgs),
    /// Compare two git revisions semantically: what changed, what conflicts, who approves.
    Diff(crate::cmd::diff::DiffArgs),
    /// Review a pull request inside GitHub Actions (what the Action runs).
    Github(crate::cmd::github::GithubArgs),
    /// Write the accordant block of .github/CODEOWNERS from the model.
    Codeowners(crate::cmd::codeowners::CodeownersArgs),
    /// Build the playbook site.
    Build(crate::cmd::build::BuildArgs),
    /// Serve the playbook on 127.0.0.1, rebuilding on every change.
    Serve(crate::cmd::serve::ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(crate::cmd::manual::CompletionsArgs),
    /// Print the man page, or write one page per command into a folder.
    Man(crate::cmd::manual::ManArgs),
    /// Run the language server for editors (LSP on standard input and output).
    Lsp(crate::cmd::lsp::LspArgs),
    /// What every incentive plan pays at a grid of attainments, and what it costs.
    Simulate(crate::cmd::simulate::SimulateArgs),
}

/// Output formats of `check` (defined with the emitters, in [`crate::report`]).
pub use crate::report::Format;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The repo (or any folder inside it); accordant.yaml is looked up from here.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[arg(long, short, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The date time-based rules compare against, as YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Colour: auto, always or never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// Print how long each phase took (to standard error).
    #[arg(long)]
    pub timings: bool,
    /// Apply the safe fixes of the findings, print what changed, then report
    /// what is left. A file whose fixed text would not load is not written.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: also apply fixes that need a person's judgment
    /// (e.g. scaling weights to sum to 100).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when
    /// there is something to fix).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (C301) or name (multiple-accountable).
    pub rule: String,
    /// `text` (Markdown) or `json`.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// `text` or `json`.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Folder to write `<kind>.schema.json` files into; without it, list them.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print one schema (e.g. `goal`) to standard output.
    #[arg(long, conflicts_with = "out")]
    pub kind: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the repo in (created if missing; must not hold accordant.yaml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Organisation name, shown on the playbook (default: asked for on a
    /// terminal, else derived from the folder's name: `globex-alignment` gives
    /// "Globex").
    #[arg(long)]
    pub org: Option<String>,
    /// The date to plan around, as YYYY-MM-DD: the first period is the calendar
    /// quarter holding it (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}
