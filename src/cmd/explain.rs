//! `accordant explain CODE` and `accordant rules`.

use std::fmt::Write as _;

use super::Outcome;
use super::support::print;
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
    let text = if args.format == "json" {
        let mut v = serde_json::to_value(m)?;
        v["doc"] = serde_json::Value::String(m.doc.to_string());
        format!("{}\n", serde_json::to_string_pretty(&v)?)
    } else {
        format!(
            "# {} {}: {}\n\nDefault severity: {}.\n\n{}\n",
            m.code,
            m.name,
            m.summary,
            m.default_severity.as_str(),
            m.doc.trim_end()
        )
    };
    print(&text)?;
    Ok(Outcome::Clean)
}

pub fn list(args: &RulesArgs) -> anyhow::Result<Outcome> {
    let mut text = String::new();
    if args.format == "json" {
        let metas: Vec<_> = rules::all().iter().map(|r| &r.meta).collect();
        text = format!("{}\n", serde_json::to_string_pretty(&metas)?);
    } else {
        for r in rules::all() {
            let m = &r.meta;
            let _ = writeln!(
                text,
                "{:<5} {:<32} {:<8} {}",
                m.code,
                m.name,
                m.default_severity.as_str(),
                m.summary
            );
        }
    }
    print(&text)?;
    Ok(Outcome::Clean)
}
