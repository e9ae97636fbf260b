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
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
