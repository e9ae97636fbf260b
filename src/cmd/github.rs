//! `accordant github`: being built (see the open issue).

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct GithubArgs {}

pub fn run(_args: &GithubArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("github is not available in this build yet")
}
