//! `accordant check`: run the pipeline on the repo, report its findings; with
//! `--fix` apply the fixes the rules offer, with `--diff` show them as a patch.

use super::Outcome;
use super::support::{parse_today, repo_hint, write_stdout};
use crate::cli::CheckArgs;
use crate::escape;
use crate::fix::{self, Level, Plan};
use crate::pipeline;
use crate::report::{self, Report};

pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    if args.timings {
        crate::timings::enable();
    }
    let today = parse_today(args.today.as_deref())?;
    let mut checked = pipeline::check_dir(&args.path, today)
        .map_err(|e| repo_hint(e, &args.path, "`accordant check PATH`"))?;
    if args.fix || args.diff {
        let level = if args.unsafe_fixes {
            Level::All
        } else {
            Level::Safe
        };
        let plan = fix::plan(&checked.repo, &checked.diagnostics, level);
        if args.diff {
            return show_diff(&checked, &plan);
        }
        if !plan.changes.is_empty() {
            write_fixes(&checked.repo, &plan)?;
        }
        print_summary(&checked.repo, &plan, "fixed")?;
        // Report what is left, from the files as they are now.
        checked = pipeline::check_dir(&args.path, today)
            .map_err(|e| repo_hint(e, &args.path, "`accordant check PATH`"))?;
    }
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

/// Writes every changed file: to a temporary file beside it, then renamed over
/// it, so a file is never left half written.
fn write_fixes(repo: &crate::model::Repo, plan: &Plan) -> anyhow::Result<()> {
    use anyhow::Context as _;
    use std::io::Write as _;
    let root = repo.sources.root();
    for c in &plan.changes {
        let path = root.join(&c.path);
        let dir = path.parent().unwrap_or(root);
        let mut tmp = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("writing the fix of {}", c.path))?;
        tmp.write_all(c.new.as_bytes())
            .with_context(|| format!("writing the fix of {}", c.path))?;
        if let Ok(meta) = std::fs::metadata(&path) {
            let _ = tmp.as_file().set_permissions(meta.permissions());
        }
        tmp.persist(&path)
            .with_context(|| format!("writing the fix of {}", c.path))?;
    }
    Ok(())
}

/// `fixed PATH:LINE:COL CODE title` per applied fix, and why others were not.
fn print_summary(repo: &crate::model::Repo, plan: &Plan, verb: &str) -> anyhow::Result<()> {
    let mut text = String::new();
    for a in &plan.applied {
        text.push_str(&format!(
            "{verb} {}:{}:{} {} {}{}\n",
            escape::terminal_line(repo.sources.path(a.file)),
            a.pos.line,
            a.pos.col,
            a.code,
            escape::terminal_line(&a.title),
            match a.safety {
                crate::diag::Safety::Safe => "",
                crate::diag::Safety::Unsafe => " (unsafe fix)",
            }
        ));
    }
    for (a, why) in &plan.skipped {
        text.push_str(&format!(
            "not fixed {}:{}:{} {} {}: {}\n",
            escape::terminal_line(repo.sources.path(a.file)),
            a.pos.line,
            a.pos.col,
            a.code,
            escape::terminal_line(&a.title),
            escape::terminal_line(why)
        ));
    }
    let files = plan.changes.len();
    text.push_str(&format!(
        "{} {} fix{} in {files} file{}\n\n",
        verb,
        plan.applied.len(),
        if plan.applied.len() == 1 { "" } else { "es" },
        if files == 1 { "" } else { "s" }
    ));
    super::support::print(&text)
}

/// `--diff`: the patch on stdout (paths relative to the repo root, for `git
/// apply` or `patch -p1` there), and exit 1 when it is not empty.
fn show_diff(checked: &pipeline::Checked, plan: &Plan) -> anyhow::Result<Outcome> {
    let mut text = String::new();
    for c in &plan.changes {
        text.push_str(&escape::terminal(&fix::unified_diff(c)));
    }
    super::support::print(&text)?;
    let mut note = String::new();
    for (a, why) in &plan.skipped {
        note.push_str(&format!(
            "not fixable now: {}:{}:{} {}: {}\n",
            escape::terminal_line(checked.repo.sources.path(a.file)),
            a.pos.line,
            a.pos.col,
            a.code,
            escape::terminal_line(why)
        ));
    }
    let n = plan.applied.len();
    note.push_str(&format!(
        "{n} fix{} in {} file{} (nothing written)\n",
        if n == 1 { "" } else { "es" },
        plan.changes.len(),
        if plan.changes.len() == 1 { "" } else { "s" }
    ));
    let mut err = std::io::stderr().lock();
    let _ = std::io::Write::write_all(&mut err, note.as_bytes());
    Ok(if plan.changes.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
