//! The `accordant` binary: parse the command line, run, map the outcome to an exit
//! code (0 clean, 1 error findings, 2 could not run).

use std::process::ExitCode;

use clap::Parser;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = accordant::cli::Cli::parse();
    match accordant::cmd::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            // The chain may quote repo text (paths, ids) or a server's answer:
            // shown on one line, control characters visible, never a command.
            eprintln!(
                "error: {}",
                accordant::escape::log_line(&format!("{err:#}"))
            );
            ExitCode::from(2)
        }
    }
}
