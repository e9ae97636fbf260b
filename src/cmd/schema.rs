//! `accordant schema`: the embedded JSON Schemas, for editors and other validators.

use anyhow::Context as _;

use super::Outcome;
use super::support::print;
use crate::cli::SchemaArgs;
use crate::load::schema::SCHEMAS;

pub fn run(args: &SchemaArgs) -> anyhow::Result<Outcome> {
    if let Some(kind) = &args.kind {
        let file = format!("{}.schema.json", kind.to_lowercase());
        let Some((_, text)) = SCHEMAS.iter().find(|(n, _)| *n == file) else {
            let kinds: Vec<&str> = SCHEMAS
                .iter()
                .map(|(n, _)| n.trim_end_matches(".schema.json"))
                .collect();
            anyhow::bail!("no schema for `{kind}`; kinds: {}", kinds.join(", "));
        };
        print(text)?;
        return Ok(Outcome::Clean);
    }
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            for (name, text) in SCHEMAS {
                let path = dir.join(name);
                std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?;
                print(&format!("wrote {}\n", path.display()))?;
            }
        }
        None => {
            let names: String = SCHEMAS
                .iter()
                .map(|(name, _)| format!("{name}\n"))
                .collect();
            print(&names)?;
        }
    }
    Ok(Outcome::Clean)
}
