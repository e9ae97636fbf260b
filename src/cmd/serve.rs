//! `accordant serve`: being built (see the open issue).

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {}

pub fn run(_args: &ServeArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("serve is not available in this build yet")
}
