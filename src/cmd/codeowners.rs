//! `accordant codeowners`: being built (see the open issue).

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct CodeownersArgs {}

pub fn run(_args: &CodeownersArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("codeowners is not available in this build yet")
}
