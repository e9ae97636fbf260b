//! `accordant check`: run the pipeline on the repo, report its findings.

use super::Outcome;
use super::support::{parse_today, repo_hint, write_stdout};
use crate::cli::CheckArgs;
use crate::pipeline;
use crate::report::{self, Report};

pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    if args.timings {
        crate::timings::enable();
    }
    let today = parse_today(args.today.as_deref())?;
    let checked = pipeline::check_dir(&args.path, today)
        .map_err(|e| repo_hint(e, &args.path, "`accordant check PATH`"))?;
    let report = Report::new(&checked);
    write_stdout(&args.color, |out, color| {
        crate::timings::time("report", || report::emit(args.format, &report, color, out))
    })?;
    crate::timings::print();
    Ok(if checked.counts().errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
