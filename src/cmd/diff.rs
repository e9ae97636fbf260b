//! `accordant diff BASE [HEAD]`: being built (see the open issue).

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {}

pub fn run(_args: &DiffArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("diff is not available in this build yet")
}
