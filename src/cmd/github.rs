//! `accordant github`: the pull-request review that the Action runs.
//!
//! Reads the Actions context ([`crate::github::Context`]), runs the semantic diff
//! between the pull request's merge base and its head, then always prints the
//! findings as workflow-command annotations (introduced errors first, within
//! GitHub's per-step display limits), appends the Markdown report to the job
//! summary and writes the step outputs. With a token that may write, it keeps one
//! sticky comment on the pull request up to date, and optionally requests reviews
//! from the affected teams' leads and publishes a check run. A fork's read-only
//! token is not a failure. This file builds the only tokio runtime in the crate.
//!
//! Everything this command writes to stdout and stderr is read by the Actions
//! runner, which obeys workflow commands in it, and much of it holds text from
//! the repository (team names, paths, messages) or from the server (URLs, error
//! messages). So every plain line goes through [`escape::log_line`], and every
//! workflow command is built with the workflow escapers, errors included.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context as _;

use super::Outcome;
use super::support::{self, parse_today, repo_hint, write_stdout};
use crate::diag::{Counts, Diagnostic, Severity};
use crate::diff::{DiffOptions, DiffReport, run_diff};
use crate::escape;
use crate::github::client::{CheckAnnotation, CheckRun, Client, RetryPolicy, Upserted};
use crate::github::comment::{self, Verdict};
use crate::github::{Context, Error};
use crate::report::Report;
use crate::report::github::{
    Annotation, SHOWN_PER_STEP, annotation, annotation_message, command, command_name,
};

/// GitHub's limit for one step's job summary, in bytes.
pub const SUMMARY_MAX_BYTES: usize = 1024 * 1024;
/// GitHub's limit for a check run's summary, in characters.
const CHECK_SUMMARY_MAX_CHARS: usize = 65_535;

/// When `accordant github` exits non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// When the pull request introduces an error-severity finding.
    Introduced,
    /// When the head has any error-severity finding, introduced or already there.
    Any,
    /// Never: report only.
    Never,
}

/// Arguments of `accordant github`.
#[derive(Debug, clap::Args)]
pub struct GithubArgs {
    /// The alignment repo's folder in the checkout (may be a subfolder).
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
    /// When to fail the job: the pull request introduces an error (`introduced`), the
    /// head has any error (`any`), or `never`.
    #[arg(long, value_enum, default_value_t = FailOn::Introduced)]
    pub fail_on: FailOn,
    /// Ask the leads of the teams whose agreements change to review the pull request.
    #[arg(long)]
    pub request_reviews: bool,
    /// Also publish a check run with the annotations (needs `permissions: checks: write`).
    #[arg(long)]
    pub check_run: bool,
    /// The date time-based rules compare against, as YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Write or update the sticky review comment (the default).
    #[arg(long, overrides_with = "no_comment")]
    pub comment: bool,
    /// Do not write the review comment (annotations, summary and outputs only).
    #[arg(long, overrides_with = "comment")]
    pub no_comment: bool,
}

impl GithubArgs {
    /// Whether to write the sticky comment.
    pub fn wants_comment(&self) -> bool {
        !self.no_comment
    }
}

/// What publishing to GitHub achieved.
#[derive(Debug, Default)]
struct Published {
    comment_url: Option<String>,
}

/// Runs the review. A failure comes back as one log line ([`escape::log_line`]):
/// its message may hold repo or server text, and `main` prints it to stderr.
pub fn run(args: &GithubArgs) -> anyhow::Result<Outcome> {
    review(args).map_err(|e| anyhow::anyhow!(escape::log_line(&format!("{e:#}"))))
}

/// Prints one workflow command (already escaped) to stdout, where the runner
/// reads it. Best effort: a notice that cannot be written must not stop the
/// review, so a failure is logged on stderr instead.
fn say(command: &str) {
    if let Err(e) = support::print(&format!("{command}\n")) {
        log(&format!("accordant: {e:#}"));
    }
}

/// Prints a plain line to stderr, escaped for the Actions log.
fn log(line: &str) {
    eprintln!("{}", escape::log_line(line));
}

/// [`run`] before its error is made a log line.
fn review(args: &GithubArgs) -> anyhow::Result<Outcome> {
    let ctx = Context::from_env()?;
    let today = parse_today(args.today.as_deref())?;
    let report = diff_pull_request(args, &ctx, today).map_err(|e| {
        repo_hint(
            e,
            &args.path,
            "`accordant github --path DIR` (the Action's `path:` input)",
        )
    })?;
    let annotations = annotations(&report);
    write_stdout("never", |out, _| {
        print_annotations(&annotations, out)?;
        writeln!(out, "{}", escape::log_line(&verdict_line(&report)))
    })?;
    if let Some(path) = &ctx.step_summary {
        append(path, &report.markdown(SUMMARY_MAX_BYTES)).with_context(|| {
            format!(
                "writing the job summary to {} (GITHUB_STEP_SUMMARY)",
                path.display()
            )
        })?;
    }
    let published = publish(args, &ctx, &report, &annotations);
    let comment_url = published.as_ref().ok().and_then(|p| p.comment_url.clone());
    if let Some(path) = &ctx.output {
        append(path, &outputs(&report, comment_url.as_deref())).with_context(|| {
            format!(
                "writing the step outputs to {} (GITHUB_OUTPUT)",
                path.display()
            )
        })?;
    }
    published?;
    Ok(outcome(args.fail_on, &report))
}

/// The diff between the pull request's merge base and its head.
fn diff_pull_request(
    args: &GithubArgs,
    ctx: &Context,
    today: crate::date::Date,
) -> anyhow::Result<DiffReport> {
    let pr = &ctx.pr;
    let base = match merge_base(&args.path, &pr.base_sha, &pr.head_sha) {
        Some(mb) if mb != pr.base_sha => {
            log(&format!(
                "accordant: {} moved on since this branch left it: comparing with the merge \
                 base {} (as GitHub's \"Files changed\" does), not with {}",
                pr.base_ref,
                short(&mb),
                short(&pr.base_sha)
            ));
            mb
        }
        _ => pr.base_sha.clone(),
    };
    log(&format!(
        "accordant: reviewing pull request #{} of {}: {} -> {}",
        pr.number,
        ctx.repo,
        short(&base),
        short(&pr.head_sha)
    ));
    run_diff(&DiffOptions {
        base,
        head: Some(pr.head_sha.clone()),
        path: args.path.clone(),
        today,
    })
}

/// `git merge-base BASE HEAD`, run with a cleaned environment; `None` when git
/// cannot tell (e.g. a shallow clone), and the event's base is used instead.
fn merge_base(path: &Path, base: &str, head: &str) -> Option<String> {
    let dir = if path.is_dir() { path } else { Path::new(".") };
    let mut cmd = Command::new("git");
    cmd.env_clear();
    for var in ["PATH", "HOME"] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    let out = cmd
        .env("LANG", "C")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .current_dir(dir)
        .args(["merge-base", base, head])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let sha = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !sha.is_empty() && sha.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(sha)
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// One finding of the head, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shown {
    severity: Severity,
    introduced: bool,
    /// Path from the top of the repository (the alignment folder's prefix added).
    path: String,
    line: u32,
    col: u32,
    end_line: u32,
    end_column: u32,
    /// `CODE name`.
    title: String,
    message: String,
    /// Help and notes (for the check run's details).
    details: Option<String>,
}

/// Every finding of the head: introduced ones first, errors before warnings
/// before notes within each group.
fn annotations(report: &DiffReport) -> Vec<Shown> {
    let head = Report::new(&report.head);
    let mut out = Vec::new();
    for (introduced, list) in [(true, &report.introduced), (false, &report.existing)] {
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for d in list.iter().filter(|d| d.severity == severity) {
                out.push(shown(
                    &annotation(&head, d),
                    d,
                    &head,
                    introduced,
                    &report.prefix,
                ));
            }
        }
    }
    out
}

fn shown(
    a: &Annotation<'_>,
    d: &Diagnostic,
    head: &Report<'_>,
    introduced: bool,
    prefix: &str,
) -> Shown {
    let full = |p: &str| {
        if prefix.is_empty() {
            p.to_owned()
        } else {
            format!("{}/{p}", prefix.trim_end_matches('/'))
        }
    };
    // The message as `report::github` words it, with related places given from the
    // top of the repository like the annotation's own file.
    let message = annotation_message(head, d, full);
    let notes = d.notes.iter().map(|n| format!("note: {n}"));
    let details: Vec<String> = notes
        .chain(d.help.iter().map(|h| format!("help: {h}")))
        .collect();
    Shown {
        severity: a.severity,
        introduced,
        path: full(a.path),
        line: a.line,
        col: a.col,
        end_line: a.end_line,
        end_column: a.end_column,
        title: a.title.clone(),
        message,
        details: (!details.is_empty()).then(|| details.join("\n")),
    }
}

/// Prints up to [`SHOWN_PER_STEP`] annotations of each level as workflow commands
/// (GitHub shows no more per step) and the rest as plain log lines
/// ([`escape::log_line`]: paths, titles and messages are repo text).
fn print_annotations(all: &[Shown], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut used = [0usize; 3];
    let mut rest = Vec::new();
    for s in all {
        let slot = match s.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info | Severity::Off => 2,
        };
        if used[slot] < SHOWN_PER_STEP {
            used[slot] += 1;
            let title = format!(
                "{} ({})",
                s.title,
                if s.introduced {
                    "introduced by this pull request"
                } else {
                    "already there before"
                }
            );
            let a = Annotation {
                severity: s.severity,
                path: &s.path,
                line: s.line,
                col: s.col,
                end_line: s.end_line,
                end_column: s.end_column,
                title,
                message: s.message.clone(),
            };
            writeln!(w, "{}", command(&a))?;
        } else {
            rest.push(s);
        }
    }
    if !rest.is_empty() {
        writeln!(
            w,
            "accordant: GitHub shows {SHOWN_PER_STEP} annotations of each level per step; the \
             other {} findings:",
            rest.len()
        )?;
        for s in rest {
            let first = s.message.lines().next().unwrap_or_default();
            let line = format!(
                "  {}:{}:{}: {} {}{}: {first}",
                s.path,
                s.line,
                s.col,
                command_name(s.severity),
                s.title,
                if s.introduced { " (introduced)" } else { "" }
            );
            writeln!(w, "{}", escape::log_line(&line))?;
        }
    }
    Ok(())
}

/// The one-line verdict printed after the annotations.
fn verdict_line(report: &DiffReport) -> String {
    let mut line = format!("accordant: {}", crate::diff::render::headline(report));
    if let Some(a) = report.approval_sentence() {
        let _ = write!(line, "; {a}");
    }
    line
}

/// The step outputs, `name=value` per line. The comment's URL comes from the
/// server: a line break in it would add outputs of its own, so it is kept on its
/// line.
fn outputs(report: &DiffReport, comment_url: Option<&str>) -> String {
    let introduced = Counts::of(&report.introduced);
    let existing = Counts::of(&report.existing);
    format!(
        "errors={}\nwarnings={}\nintroduced={}\nintroduced-errors={}\nresolved={}\ncomment-url={}\n",
        introduced.errors + existing.errors,
        introduced.warnings + existing.warnings,
        report.introduced.len(),
        introduced.errors,
        report.resolved.len(),
        escape::terminal_line(comment_url.unwrap_or_default())
    )
}

/// The exit status for `fail_on`.
fn outcome(fail_on: FailOn, report: &DiffReport) -> Outcome {
    let failing = match fail_on {
        FailOn::Introduced => report.counts_introduced().errors > 0,
        FailOn::Any => report.counts_introduced().errors + Counts::of(&report.existing).errors > 0,
        FailOn::Never => false,
    };
    if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Appends `text` to a file GitHub reads after the step (created when missing).
fn append(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        f.write_all(b"\n")?;
    }
    f.flush()
}

/// The comment, review requests and check run, each as asked. Only errors that
/// mean the setup is wrong (bad token, unknown repository, GitHub down) are
/// returned; a refusal to write is logged, and the run goes on.
fn publish(
    args: &GithubArgs,
    ctx: &Context,
    report: &DiffReport,
    annotations: &[Shown],
) -> anyhow::Result<Published> {
    if !args.wants_comment() && !args.request_reviews && !args.check_run {
        return Ok(Published::default());
    }
    let Some(token) = &ctx.token else {
        say(
            "::notice title=accordant::No review comment was written: GITHUB_TOKEN is not set \
             (the Action passes `token: ${{ github.token }}` by default)",
        );
        return Ok(Published::default());
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime for GitHub requests")?;
    runtime.block_on(async {
        let client = Client::new(
            &ctx.api_url,
            token,
            ctx.repo.clone(),
            RetryPolicy::default(),
        )
        .await?
        .with_comment_author(ctx.comment_author.clone());
        let mut published = Published::default();
        if args.wants_comment() {
            published.comment_url = write_comment(&client, ctx, report).await?;
            // The sticky comment was written, so the token may write: the
            // fixable findings this pull request introduces get suggestions.
            if published.comment_url.is_some() {
                write_suggestions(&client, ctx, report).await;
            }
        }
        if args.request_reviews {
            request_reviews(&client, ctx, report).await;
        }
        if args.check_run {
            check_run(&client, ctx, report, annotations, args.fail_on).await;
        }
        Ok(published)
    })
}

/// Upserts the sticky comment; a 403 is logged, not returned.
async fn write_comment(
    client: &Client,
    ctx: &Context,
    report: &DiffReport,
) -> anyhow::Result<Option<String>> {
    let verdict = Verdict {
        introduced: report.counts_introduced(),
        resolved: report.resolved.len(),
        existing: report.existing.len(),
    };
    let body = comment::body(&verdict, &|n| report.markdown(n), ctx.run_url.as_deref());
    match client.upsert_comment(ctx.pr.number, &body).await {
        Ok(c) => {
            let done = match c.action {
                Upserted::Created => "wrote the review comment",
                Upserted::Updated => "updated the review comment",
                Upserted::Unchanged => "the review comment is up to date",
            };
            log(&format!("accordant: {done}: {}", c.url));
            Ok(Some(c.url))
        }
        Err(Error::Forbidden { message, .. }) => {
            say(&forbidden_notice(ctx, &message));
            Ok(None)
        }
        Err(e @ Error::UnknownAuthor { .. }) => {
            say(&format!(
                "::warning title=accordant: no review comment::{}",
                one_line(&e.to_string())
            ));
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// One review comment with a suggested change per fixable introduced finding
/// not suggested yet; every failure is a warning (a line outside the pull
/// request's diff is refused by GitHub with 422, and that finding is skipped).
async fn write_suggestions(client: &Client, ctx: &Context, report: &DiffReport) {
    let all = crate::github::suggest::suggestions(&report.head, &report.introduced, &report.prefix);
    if all.is_empty() {
        return;
    }
    let author = match client.comment_author().await {
        Ok(a) => a.to_owned(),
        Err(e) => {
            say(&format!(
                "::warning title=accordant: suggestions::{}",
                one_line(&e.to_string())
            ));
            return;
        }
    };
    let done: BTreeSet<String> = match client.list_review_comments(ctx.pr.number).await {
        Ok(cs) => cs
            .iter()
            .filter(|c| {
                c.user
                    .as_ref()
                    .is_some_and(|u| u.login.eq_ignore_ascii_case(&author))
            })
            .filter_map(|c| c.body.as_deref())
            .filter_map(crate::github::suggest::fingerprint_of)
            .map(str::to_owned)
            .collect(),
        Err(e) => {
            say(&format!(
                "::warning title=accordant: suggestions::{}",
                one_line(&e.to_string())
            ));
            return;
        }
    };
    let mut written = 0;
    for s in all.iter().filter(|s| !done.contains(&s.fingerprint)) {
        match client
            .create_review_comment(
                ctx.pr.number,
                &ctx.pr.head_sha,
                &s.path,
                s.start_line,
                s.line,
                &s.body,
            )
            .await
        {
            Ok(_) => written += 1,
            Err(e) => say(&format!(
                "::warning title=accordant: suggestion::{}",
                one_line(&e.to_string())
            )),
        }
    }
    if written > 0 {
        log(&format!(
            "accordant: suggested {written} fix{}",
            if written == 1 { "" } else { "es" }
        ));
    }
}

/// Why no comment was written after a 403, as a notice.
fn forbidden_notice(ctx: &Context, message: &str) -> String {
    let why = if ctx.pr.is_fork() {
        format!(
            "this pull request comes from a fork ({}), and GitHub gives such runs a read-only \
             token",
            ctx.pr
                .head_repo
                .as_deref()
                .unwrap_or("a deleted repository")
        )
    } else {
        "the token may not write comments: give the job `permissions: pull-requests: write`"
            .to_owned()
    };
    let text = format!(
        "No review comment was written: {why} (GitHub answered 403: {message}). The \
         annotations and the job summary carry the review."
    );
    format!(
        "::notice title=accordant: no review comment::{}",
        one_line(&text)
    )
}

/// Asks the leads of the affected teams for a review; failures are warnings.
async fn request_reviews(client: &Client, ctx: &Context, report: &DiffReport) {
    let author = ctx.pr.author.as_deref().unwrap_or_default();
    let logins: BTreeSet<String> = report
        .approvals
        .iter()
        .flat_map(|a| a.leads.iter())
        .map(|l| l.trim_start_matches('@').to_owned())
        .filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case(author))
        .collect();
    let logins: Vec<String> = logins.into_iter().collect();
    if logins.is_empty() {
        return;
    }
    match client.request_reviewers(ctx.pr.number, &logins).await {
        Ok(()) => log(&format!(
            "accordant: requested reviews from @{}",
            logins.join(", @")
        )),
        Err(e) => say(&format!(
            "::warning title=accordant: review requests::{}",
            one_line(&e.to_string())
        )),
    }
}

/// Publishes the check run; failures are warnings.
async fn check_run(
    client: &Client,
    ctx: &Context,
    report: &DiffReport,
    annotations: &[Shown],
    fail_on: FailOn,
) {
    let conclusion = if outcome(fail_on, report) == Outcome::Findings {
        "failure"
    } else if annotations.iter().any(|a| a.introduced) {
        "neutral"
    } else {
        "success"
    };
    let summary = comment::fit(
        &report.markdown(CHECK_SUMMARY_MAX_CHARS),
        CHECK_SUMMARY_MAX_CHARS,
        ctx.run_url.as_deref(),
    );
    let run = CheckRun {
        name: "accordant".to_owned(),
        head_sha: ctx.pr.head_sha.clone(),
        conclusion,
        title: crate::diff::render::headline(report),
        summary,
        annotations: annotations.iter().map(check_annotation).collect(),
    };
    match client.create_check_run(&run).await {
        Ok(url) => log(&format!("accordant: published check run {url}")),
        Err(e) => say(&format!(
            "::warning title=accordant: check run::{}",
            one_line(&e.to_string())
        )),
    }
}

fn check_annotation(s: &Shown) -> CheckAnnotation {
    let one_line = s.line == s.end_line;
    CheckAnnotation {
        path: s.path.clone(),
        start_line: s.line,
        end_line: s.end_line,
        start_column: one_line.then_some(s.col),
        end_column: one_line.then_some(s.end_column),
        annotation_level: match s.severity {
            Severity::Error => "failure",
            Severity::Warning => "warning",
            Severity::Info | Severity::Off => "notice",
        },
        message: s.message.clone(),
        title: Some(s.title.clone()),
        raw_details: s.details.clone(),
    }
}

/// Text for a workflow command's message: `%`, CR and LF escaped.
fn one_line(s: &str) -> String {
    crate::escape::workflow_data(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(severity: Severity, introduced: bool, n: u32) -> Shown {
        Shown {
            severity,
            introduced,
            path: "teams/sales.yaml".into(),
            line: n,
            col: 3,
            end_line: n,
            end_column: 9,
            title: "C301 multiple-accountable".into(),
            message: format!("finding {n}\nhelp: fix it"),
            details: None,
        }
    }

    #[test]
    fn at_most_ten_commands_per_level_then_plain_lines() {
        let mut all: Vec<Shown> = (1..=12).map(|n| shown(Severity::Error, true, n)).collect();
        all.extend((20..=21).map(|n| shown(Severity::Warning, false, n)));
        let mut out = Vec::new();
        print_annotations(&all, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("::error ")).count(),
            10
        );
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("::warning ")).count(),
            2
        );
        assert!(lines[0].starts_with(
            "::error file=teams/sales.yaml,line=1,col=3,endLine=1,endColumn=9,title=C301 \
             multiple-accountable (introduced by this pull request)::finding 1%0Ahelp: fix it"
        ));
        assert!(lines[10].contains("already there before"));
        assert!(out.contains("the other 2 findings:"));
        assert!(out.contains(
            "  teams/sales.yaml:12:3: error C301 multiple-accountable (introduced): finding 12"
        ));
    }

    #[test]
    fn check_annotations_drop_columns_across_lines() {
        let mut s = shown(Severity::Warning, true, 4);
        let a = check_annotation(&s);
        assert_eq!(
            (a.start_column, a.end_column, a.annotation_level),
            (Some(3), Some(9), "warning")
        );
        s.end_line = 6;
        let a = check_annotation(&s);
        assert_eq!((a.start_column, a.end_column), (None, None));
    }
}
