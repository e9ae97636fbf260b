//! `accordant build`: being built (see the open issue).

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {}

pub fn run(_args: &BuildArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("build is not available in this build yet")
}
