//! `accordant explain CODE` and `accordant rules`.

use super::Outcome;
use crate::cli::{ExplainArgs, RulesArgs};
use crate::load::schema::closest;
use crate::rules;

pub fn run(args: &ExplainArgs) -> anyhow::Result<Outcome> {
    let Some(rule) = rules::find(&args.rule) else {
        let names = rules::all().iter().flat_map(|r| [r.meta.code, r.meta.name]);
        let hint =
            closest(&args.rule, names).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
        anyhow::bail!(
            "no rule is called `{}`{hint}; `accordant rules` lists them all",
            args.rule
        );
    };
    let m = &rule.meta;
    if args.format == "json" {
        let mut v = serde_json::to_value(m)?;
        v["doc"] = serde_json::Value::String(m.doc.to_string());
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!("# {} {}: {}\n", m.code, m.name, m.summary);
        println!("Default severity: {}.\n", m.default_severity.as_str());
        println!("{}", m.doc.trim_end());
    }
    Ok(Outcome::Clean)
}

pub fn list(args: &RulesArgs) -> anyhow::Result<Outcome> {
    if args.format == "json" {
        let metas: Vec<_> = rules::all().iter().map(|r| &r.meta).collect();
        println!("{}", serde_json::to_string_pretty(&metas)?);
        return Ok(Outcome::Clean);
    }
    for r in rules::all() {
        let m = &r.meta;
        println!(
            "{:<5} {:<32} {:<8} {}",
            m.code,
            m.name,
            m.default_severity.as_str(),
            m.summary
        );
    }
    Ok(Outcome::Clean)
}
