//! `accordant lsp`: the language server for editors, on standard input and output.

use clap::Args;

use super::Outcome;
use super::support::parse_today;

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk LSP on standard input and output (the only transport; accepted
    /// because many editors pass it).
    #[arg(long)]
    pub stdio: bool,
    /// The date time-based rules compare against, as YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Print how long each check took, by phase (to standard error).
    #[arg(long)]
    pub timings: bool,
}

pub fn run(args: &LspArgs) -> anyhow::Result<Outcome> {
    let today = parse_today(args.today.as_deref())?;
    if args.timings {
        crate::timings::enable();
    }
    crate::lsp::serve_stdio(today)?;
    Ok(Outcome::Clean)
}
