//! `accordant init`: TODO
use super::Outcome;
pub fn run(_a: &crate::cli::InitArgs) -> anyhow::Result<Outcome> {
    Ok(Outcome::Clean)
}
