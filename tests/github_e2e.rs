//! `accordant github` end to end, as the Action runs it: a real git repository in a
//! temp dir (examples/acme as the base commit, a change as the head), the recorded
//! `pull_request` payload with its SHAs rewritten to those commits, the Actions
//! environment variables, and the fake GitHub API of `github_support` on
//! 127.0.0.1, which validates every request against GitHub's REST description.
//! Out: the job summary file, the step outputs file, annotations on stdout and
//! exactly one comment. Offline.

// Test helpers outside #[test] functions may panic: a failure is the test's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod github_support;
mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use accordant::github::comment::MARKER;
use github_support::{
    ACTIONS_BOT, APP_BOT, APP_TOKEN, ATTACKER, Fake, Fault, OWNER, PAT, PR, REPO, TOKEN,
};
use serde_json::{Value, json};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/acme");
const TODAY: &str = "2026-11-01";
/// The alignment repo's folder inside the git work tree.
const SUB: &str = "revops";

/// `git` in `dir`, which is also its home.
fn git(dir: &Path, args: &[&str]) -> String {
    support::git(dir, dir, args)
}

/// Replaces `from` by `to` in one file of the alignment repo (exactly once).
fn edit(work: &Path, file: &str, from: &str, to: &str) {
    let path = work.join(SUB).join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Raises the pipeline target (a plain change).
fn raise_target(work: &Path) {
    edit(
        work,
        "goals/pipeline-fy27-h1.yaml",
        "\ntarget: 4500000\n",
        "\ntarget: 5000000\n",
    );
}

/// Makes Marketing accountable next to Sales for MQL follow-up (a C301 conflict).
fn second_accountable(work: &Path) {
    edit(
        work,
        "responsibilities/handoffs.yaml",
        "responsible: [sdr, sales]\nlead: sdr\naccountable: sales\n",
        "responsible: [sdr, sales]\nlead: sdr\naccountable: [sales, marketing]\n",
    );
}

/// A checkout with a base and a head commit.
struct Checkout {
    _tmp: tempfile::TempDir,
    work: PathBuf,
    files: PathBuf,
    base: String,
    head: String,
}

impl Checkout {
    /// examples/acme as `base_change`d on main, then `head_change`d on a branch.
    fn new(base_change: fn(&Path), head_change: fn(&Path)) -> Checkout {
        let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let work = tmp.path().join("work");
        let files = tmp.path().join("runner");
        std::fs::create_dir_all(&files).unwrap();
        support::copy_dir(Path::new(EXAMPLE), &work.join(SUB));
        git(&work, &["init", "-q", "-b", "main"]);
        base_change(&work);
        git(&work, &["add", "-A"]);
        git(&work, &["commit", "-q", "-m", "base"]);
        let base = git(&work, &["rev-parse", "HEAD"]);
        git(&work, &["checkout", "-q", "-b", "feature"]);
        head_change(&work);
        git(&work, &["commit", "-q", "-a", "-m", "head"]);
        let head = git(&work, &["rev-parse", "HEAD"]);
        Checkout {
            _tmp: tmp,
            work,
            files,
            base,
            head,
        }
    }

    /// Writes the recorded `synchronize` payload with this checkout's SHAs (and
    /// `adjust` applied); returns its path.
    fn event(&self, adjust: impl Fn(&mut Value)) -> PathBuf {
        let mut event: Value = serde_json::from_str(include_str!(
            "fixtures/github/webhooks/pull_request/synchronize.payload.json"
        ))
        .unwrap();
        event["before"] = json!(self.base);
        event["after"] = json!(self.head);
        event["pull_request"]["base"]["sha"] = json!(self.base);
        event["pull_request"]["head"]["sha"] = json!(self.head);
        adjust(&mut event);
        let path = self.files.join("event.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&event).unwrap()).unwrap();
        path
    }

    fn summary(&self) -> String {
        std::fs::read_to_string(self.files.join("summary.md")).unwrap_or_default()
    }

    fn outputs(&self) -> String {
        std::fs::read_to_string(self.files.join("output.txt")).unwrap_or_default()
    }

    /// Runs `accordant github` as the Action does, with only the Actions variables.
    async fn run(&self, fake: &Fake, event: &Path, extra: &[&str]) -> Output {
        self.run_with(fake, event, extra, &[]).await
    }

    /// [`Checkout::run`] with the variables `env` set on top (or replaced).
    async fn run_with(
        &self,
        fake: &Fake,
        event: &Path,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Output {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("accordant");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.files)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", event)
            .env("GITHUB_REPOSITORY", format!("{OWNER}/{REPO}"))
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_API_URL", fake.url())
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_RUN_ID", "4242")
            .env("GITHUB_STEP_SUMMARY", self.files.join("summary.md"))
            .env("GITHUB_OUTPUT", self.files.join("output.txt"))
            .current_dir(&self.work)
            .args(["github", "--path", SUB, "--today", TODAY])
            .args(extra);
        for (k, v) in env {
            cmd.env(k, v);
        }
        // Blocking: the fake answers from the runtime's other worker.
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn output_value(outputs: &str, name: &str) -> Option<String> {
    outputs
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(&format!("{name}=")).map(str::to_owned))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_request_gets_annotations_summary_outputs_and_one_comment() {
    let fake = Fake::start().await;
    fake.seed(5);
    let co = Checkout::new(
        |_| {},
        |w| {
            raise_target(w);
            second_accountable(w);
        },
    );
    let event = co.event(|_| {});
    let out = co.run(&fake, &event, &[]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(1),
        "an introduced error fails the job\n{stdout}\n{stderr}"
    );

    // Annotations: the introduced error first, on the exact line, with the path
    // from the top of the repository.
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "::error file={SUB}/responsibilities/handoffs.yaml,line=17,col=15,endLine=17,\
             endColumn=20,title=C301 multiple-accountable (introduced by this pull request)::"
        )),
        "{stdout}"
    );
    assert!(
        first.contains(&format!("see {SUB}/responsibilities/handoffs.yaml:17:22")),
        "{first}"
    );
    assert!(
        stdout.contains("accordant: 2 changes · 1 new error; needs approval from"),
        "{stdout}"
    );

    // Job summary and outputs.
    let summary = co.summary();
    assert!(summary.starts_with("### accordant review"), "{summary}");
    assert!(
        summary.contains("target €4.5M -> €5.0M (+11.1 %)"),
        "{summary}"
    );
    let outputs = co.outputs();
    assert_eq!(
        output_value(&outputs, "errors").as_deref(),
        Some("1"),
        "{outputs}"
    );
    assert_eq!(output_value(&outputs, "introduced").as_deref(), Some("1"));
    assert_eq!(output_value(&outputs, "resolved").as_deref(), Some("0"));

    // Exactly one comment, with the marker, linked from the outputs.
    let ours = fake.ours();
    assert_eq!(ours.len(), 1);
    let body = ours[0]["body"].as_str().unwrap();
    assert!(
        body.starts_with(&format!("{MARKER}\n### accordant review")),
        "{body}"
    );
    assert!(body.contains("`C301` Responsibility `lead-follow-up` has 2 Accountable parties"));
    let url = format!(
        "https://github.com/{OWNER}/{REPO}/pull/{PR}#issuecomment-{}",
        ours[0]["id"]
    );
    assert_eq!(output_value(&outputs, "comment-url"), Some(url.clone()));
    assert!(
        stderr.contains(&format!("accordant: wrote the review comment: {url}")),
        "{stderr}"
    );

    // The token is never printed.
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));

    // A re-run of the job keeps the one comment.
    let again = co.run(&fake, &event, &[]).await;
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("the review comment is up to date"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(fake.ours().len(), 1);
    assert_eq!(fake.count("issues/create-comment"), 1);
    assert_eq!(fake.state().comments.len(), 6);
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fork_with_a_read_only_token_still_gets_its_verdict() {
    let fake = Fake::start().await;
    fake.fault(Fault::fork_cannot_comment());
    let co = Checkout::new(|_| {}, second_accountable);
    let event = co.event(|e| {
        e["pull_request"]["head"]["repo"]["full_name"] = json!("someone-else/Hello-World");
        e["pull_request"]["head"]["repo"]["fork"] = json!(true);
    });
    let out = co.run(&fake, &event, &[]).await;
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the verdict, not the 403, decides\n{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(
        stdout.starts_with("::error file=revops/responsibilities/handoffs.yaml,line=17"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "::notice title=accordant: no review comment::No review comment was written: this pull \
             request comes from a fork (someone-else/Hello-World), and GitHub gives such runs a \
             read-only token (GitHub answered 403: Resource not accessible by integration)"
        ),
        "{stdout}"
    );
    assert!(co.summary().contains("Introduced by this change"));
    assert_eq!(
        output_value(&co.outputs(), "comment-url").as_deref(),
        Some("")
    );
    assert!(fake.ours().is_empty());
    assert_eq!(fake.count("issues/create-comment"), 1);
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fix_says_everything_is_resolved_requests_reviews_and_publishes_a_check_run() {
    let fake = Fake::start().await;
    // The base has the conflict and an old comment of ours saying so.
    fake.add_comment(&format!("{MARKER}\n### accordant review\n\n1 new error\n"));
    let co = Checkout::new(second_accountable, |w| {
        edit(
            w,
            "responsibilities/handoffs.yaml",
            "accountable: [sales, marketing]\n",
            "accountable: sales\n",
        );
    });
    let event = co.event(|e| {
        // The Sales lead opened the pull request: no review request to themself.
        e["pull_request"]["user"]["login"] = json!("jonas-weber");
    });
    let out = co
        .run(&fake, &event, &["--request-reviews", "--check-run"])
        .await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(!stdout.contains("::error"), "{stdout}");

    let ours = fake.ours();
    assert_eq!(
        ours.len(),
        1,
        "the old comment was updated, not joined by a new one"
    );
    let body = ours[0]["body"].as_str().unwrap();
    assert!(body.contains("Everything is resolved"), "{body}");
    assert!(body.contains("Resolved by this change (1)"), "{body}");
    assert_eq!(fake.count("issues/update-comment"), 1);
    assert_eq!(fake.count("issues/create-comment"), 0);

    assert_eq!(
        fake.state().reviewers,
        vec!["claire-dubois", "marco-rossi"],
        "the leads of Marketing and SDR; not Sales' lead, who opened the pull request"
    );
    let runs = fake.state().check_runs.clone();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["conclusion"], json!("success"));
    assert_eq!(runs[0]["head_sha"], json!(co.head));
    assert_eq!(
        output_value(&co.outputs(), "resolved").as_deref(),
        Some("1")
    );
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_base_branch_that_moved_on_is_compared_at_the_merge_base() {
    let fake = Fake::start().await;
    let co = Checkout::new(|_| {}, raise_target);
    // main gets another change after the branch left it; the event's base is that
    // newer tip, as GitHub sends it.
    git(&co.work, &["checkout", "-q", "main"]);
    edit(
        &co.work,
        "goals/pipeline-fy27-h1.yaml",
        "\nbaseline: 3600000\n",
        "\nbaseline: 3700000\n",
    );
    git(&co.work, &["commit", "-q", "-a", "-m", "main moves on"]);
    let main_tip = git(&co.work, &["rev-parse", "HEAD"]);
    git(&co.work, &["checkout", "-q", "feature"]);
    let event = co.event(|e| e["pull_request"]["base"]["sha"] = json!(main_tip));
    let out = co.run(&fake, &event, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let body = fake.ours()[0]["body"].as_str().unwrap().to_owned();
    assert!(body.contains("target €4.5M -> €5.0M"), "{body}");
    assert!(
        !body.contains("baseline"),
        "main's own change is not this pull request's: {body}"
    );
    assert!(text(&out.stderr).contains("comparing with the merge base"));
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_fails_clearly_after_writing_the_summary() {
    let fake = Fake::start().await;
    fake.fault(Fault::bad_credentials());
    let co = Checkout::new(|_| {}, raise_target);
    let out = co.run(&fake, &co.event(|_| {}), &[]).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("401 Unauthorized (Bad credentials): the token is invalid or expired"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));
    assert!(co.summary().contains("target €4.5M -> €5.0M"));
    assert_eq!(
        output_value(&co.outputs(), "comment-url").as_deref(),
        Some("")
    );
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_comment_and_missing_context_are_handled() {
    let fake = Fake::start().await;
    let co = Checkout::new(|_| {}, raise_target);
    let event = co.event(|_| {});
    let out = co.run(&fake, &event, &["--no-comment"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        fake.state().requests.is_empty(),
        "--no-comment sends nothing"
    );
    assert!(co.summary().contains("### accordant review"));

    // A push event is not a pull request: a clear error, exit 2.
    std::fs::write(&event, r#"{"ref":"refs/heads/main","after":"abc"}"#).unwrap();
    let out = co.run(&fake, &event, &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("has no `pull_request` object"),
        "{}",
        text(&out.stderr)
    );
}

/// A comment that starts with accordant's marker, posted by somebody else.
fn forged() -> String {
    format!("{MARKER}\n✅ **No alignment findings.** Merge away.\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_that_only_carries_the_marker_is_left_alone() {
    let fake = Fake::start().await;
    let forged_id = fake.add_comment_by(ATTACKER, &forged());
    let co = Checkout::new(|_| {}, second_accountable);
    let out = co.run(&fake, &co.event(|_| {}), &[]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert_eq!(fake.comment(forged_id).unwrap()["body"], json!(forged()));
    let ours = fake.ours();
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0]["user"]["login"], json!(ACTIONS_BOT));
    assert!(
        stderr.contains("accordant: wrote the review comment"),
        "{stderr}"
    );
    assert!(!stdout.contains("no review comment"), "{stdout}");
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_whose_account_is_unknown_writes_no_comment() {
    // A token that may not read GET /user: accordant says so and names the input
    // that fixes it, writes no comment, and the verdict still decides the exit.
    let fake = Fake::start().await;
    let forged_id = fake.add_comment_by(ATTACKER, &forged());
    fake.fault(Fault::user_forbidden(
        "Resource not accessible by integration",
    ));
    let co = Checkout::new(|_| {}, second_accountable);
    let out = co
        .run_with(&fake, &co.event(|_| {}), &[], &[("GITHUB_TOKEN", PAT)])
        .await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(
            "::warning title=accordant: no review comment::no review comment was written: \
             accordant could not find out which account the token belongs to (GET /user \
             answered 403: Resource not accessible by integration)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("`comment-author` input (ACCORDANT_COMMENT_AUTHOR)"));
    assert!(!stdout.contains("pull-requests: write"), "{stdout}");
    assert_eq!(fake.count("issues/create-comment"), 0);
    assert_eq!(fake.count("issues/update-comment"), 0);
    assert_eq!(fake.comment(forged_id).unwrap()["body"], json!(forged()));
    assert_eq!(
        output_value(&co.outputs(), "comment-url").as_deref(),
        Some("")
    );
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_comment_author_input_names_a_github_apps_bot() {
    let fake = Fake::start().await;
    let forged_id = fake.add_comment_by(ATTACKER, &forged());
    let ours = fake.add_comment_by(APP_BOT, &format!("{MARKER}\nold review\n"));
    let co = Checkout::new(|_| {}, raise_target);
    let env = [
        ("GITHUB_TOKEN", APP_TOKEN),
        ("ACCORDANT_COMMENT_AUTHOR", APP_BOT),
    ];
    let out = co.run_with(&fake, &co.event(|_| {}), &[], &env).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let body = fake.comment(ours).unwrap()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(body.contains("target €4.5M -> €5.0M"), "{body}");
    assert_eq!(fake.comment(forged_id).unwrap()["body"], json!(forged()));
    assert_eq!(fake.count("issues/create-comment"), 0);
    assert_eq!(fake.count("users/get-authenticated"), 0);
    fake.assert_valid();
}

/// A team name that tries to end accordant's log line and run workflow commands
/// of its own: an annotation, a mask, and a stop that would silence the rest.
const HOSTILE_NAME: &str =
    "Sales\n::error::forged\n::add-mask::x ##[add-mask]y\n::stop-commands::pwned";

/// Renames Sales to [`HOSTILE_NAME`], makes Marketing accountable next to Sales
/// (so the verdict asks Sales to approve) and adds 11 broken files whose names
/// hold a line break and a command (so that two findings go past GitHub's 10
/// annotations into the plain list).
fn hostile_head(work: &Path) {
    let quoted = serde_json::to_string(HOSTILE_NAME).unwrap();
    edit(
        work,
        "teams/sales.yaml",
        "\nname: Sales\n",
        &format!("\nname: {quoted}\n"),
    );
    second_accountable(work);
    for i in 1..=11 {
        let name = format!("bad-{i}\n::error::forged-path-{i}\n::add-mask::p{i}.yaml");
        std::fs::write(
            work.join(SUB).join("teams").join(name),
            "kind: Team\nid: [oops\n",
        )
        .unwrap();
    }
    git(work, &["add", "-A"]);
}

/// Whether `line` is one of the workflow commands accordant writes: an
/// annotation of a finding (`file`, `line`, … and `title` properties) or one of
/// its own notices and warnings, titled `accordant…`.
fn is_our_command(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("::") else {
        return false;
    };
    let Some((head, _message)) = rest.split_once("::") else {
        return false;
    };
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    if !["error", "warning", "notice"].contains(&name) {
        return false;
    }
    let props: Vec<(&str, &str)> = props
        .split(',')
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let keys: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
    match keys.as_slice() {
        ["title"] => props[0].1.starts_with("accordant"),
        ["file", "line", "col", "endLine", "endColumn", "title"]
        | ["file", "line", "endLine", "title"] => props.iter().all(|(k, v)| {
            !v.contains(':') && (*k == "file" || *k == "title" || v.parse::<u32>().is_ok())
        }),
        _ => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repo_text_cannot_write_workflow_commands() {
    let fake = Fake::start().await;
    // Our comment from an earlier run, whose address the server gives with a
    // command in it (it is printed, and written to the step outputs).
    let ours = fake.add_comment(&format!("{MARKER}\nold review\n"));
    fake.state().comments[0]["html_url"] = json!(format!(
        "https://github.com/{OWNER}/{REPO}/pull/{PR}#issuecomment-{ours}\n::error::url\nerrors=0"
    ));
    let co = Checkout::new(|_| {}, hostile_head);
    let out = co
        .run(&fake, &co.event(|_| {}), &["--request-reviews"])
        .await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");

    let commands: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("::"))
        .collect();
    for c in &commands {
        assert!(
            is_our_command(c),
            "not a command accordant writes: {c:?}\n{stdout}"
        );
    }
    // 12 errors introduced (C301 and 11 broken files): GitHub shows 10 per step.
    assert_eq!(
        commands
            .iter()
            .filter(|c| c.starts_with("::error "))
            .count(),
        10,
        "{stdout}"
    );
    assert_eq!(commands.len(), 10, "{stdout}");
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        // Lines that are not accordant's own commands must not be read as any.
        for line in text.lines().filter(|l| !l.starts_with("::")) {
            assert!(
                !line.trim_start().starts_with("::") && !line.contains("##["),
                "{name} has a line the runner would take for a command: {line:?}"
            );
        }
    }
    assert!(
        !stderr.lines().any(|l| l.trim_start().starts_with("::")),
        "{stderr}"
    );
    // The text is still there, shown, not obeyed.
    assert!(
        stdout.contains(
            "Sales\\n::error::forged\\n::add-mask::x ##\\[add-mask]y\\n::stop-commands::pwned \
             (@jonas-weber)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("the other 2 findings:"), "{stdout}");
    assert!(
        stdout
            .contains("  revops/teams/bad-9\\n::error::forged-path-9\\n::add-mask::p9.yaml:2:10:"),
        "{stdout}"
    );
    assert!(
        stderr.contains("updated the review comment: https://github.com/"),
        "{stderr}"
    );
    // The step outputs keep one `name=value` per line: the URL added none.
    let outputs = co.outputs();
    let names: Vec<&str> = outputs
        .lines()
        .map(|l| l.split_once('=').map_or(l, |(n, _)| n))
        .collect();
    assert_eq!(
        names,
        [
            "errors",
            "warnings",
            "introduced",
            "introduced-errors",
            "resolved",
            "comment-url"
        ],
        "{outputs}"
    );
    assert_eq!(output_value(&outputs, "errors").as_deref(), Some("12"));
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_http_api_url_to_another_host_is_refused() {
    let fake = Fake::start().await;
    let co = Checkout::new(|_| {}, raise_target);
    let event = co.event(|_| {});
    let out = co
        .run_with(
            &fake,
            &event,
            &[],
            &[("GITHUB_API_URL", "http://ghe.example.com/api/v3")],
        )
        .await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "error: GITHUB_API_URL is `http://ghe.example.com/api/v3`: plain http:// would send \
             the token unencrypted"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));
    assert!(fake.state().requests.is_empty());

    // Plain http to this machine is fine (a local proxy, or this fake).
    let local = fake.url().replace("127.0.0.1", "localhost");
    let out = co
        .run_with(&fake, &event, &[], &[("GITHUB_API_URL", &local)])
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fake.ours().len(), 1);
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_messages_cannot_write_workflow_commands() {
    // A 403 whose message holds a line break and commands ends up in a notice;
    // a 401's in the error on stderr. Neither adds a command of its own.
    let hostile = "nope\u{1b}[31m\n::error::forged\n::add-mask::x ##[stop-commands]t";
    let fake = Fake::start().await;
    fake.fault(Fault::on_comments(
        "POST",
        403,
        json!({ "message": hostile }),
    ));
    let co = Checkout::new(|_| {}, raise_target);
    let event = co.event(|_| {});
    let out = co.run(&fake, &event, &[]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let commands: Vec<&str> = stdout.lines().filter(|l| l.contains("::")).collect();
    assert_eq!(commands.len(), 1, "{stdout}");
    assert!(
        commands[0].starts_with("::notice title=accordant: no review comment::"),
        "{stdout}"
    );
    assert!(
        commands[0].contains("(GitHub answered 403: nope\\x1b[31m\\n::error::forged"),
        "{stdout}"
    );

    fake.fault(Fault::on_comments(
        "GET",
        401,
        json!({ "message": hostile }),
    ));
    let out = co.run(&fake, &event, &[]).await;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("401 Unauthorized (nope\\x1b[31m\\n::error::forged\\n::add-mask::x ##\\[stop-commands]t)"),
        "{stderr}"
    );
    for line in stderr.lines() {
        assert!(
            !line.trim_start().starts_with("::")
                && !line.contains("##[")
                && !line.contains('\u{1b}'),
            "{line:?}"
        );
    }
    fake.assert_valid();
}

/// The alignment repo's config deleted on the pull request's branch.
fn remove_config(work: &Path) {
    std::fs::remove_file(work.join(SUB).join("accordant.yaml")).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkout_without_accordant_yaml_stops_and_names_the_path_input() {
    // `path:` pointing at a folder with no accordant.yaml at or above it: the
    // review stops (exit 2) before asking GitHub anything.
    let fake = Fake::start().await;
    let co = Checkout::new(|_| {}, remove_config);
    let out = co.run(&fake, &co.event(|_| {}), &[]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("error: no accordant.yaml at or above ")
            && stderr.contains("`accordant github --path DIR` (the Action's `path:` input)"),
        "{stderr}"
    );
    assert!(!stdout.contains("::error"), "{stdout}");
    assert_eq!(fake.count("issues/create-comment"), 0);
}

/// Moves a goals file to another folder (no semantic change).
fn move_goals_file(work: &Path) {
    let goals = work.join(SUB).join("goals");
    std::fs::create_dir_all(goals.join("fy27")).unwrap();
    git(
        work,
        &[
            "mv",
            &format!("{SUB}/goals/pipeline-fy27-h1.yaml"),
            &format!("{SUB}/goals/fy27/pipeline-fy27-h1.yaml"),
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_only_move_requests_no_review_and_says_no_semantic_change() {
    let fake = Fake::start().await;
    let co = Checkout::new(|_| {}, move_goals_file);
    let out = co
        .run(&fake, &co.event(|_| {}), &["--request-reviews"])
        .await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("accordant: no semantic change · 1 document moved\n"),
        "no approval sentence on the verdict line: {stdout}"
    );
    let ours = fake.ours();
    assert_eq!(ours.len(), 1);
    let body = ours[0]["body"].as_str().unwrap();
    assert!(body.contains("#### No semantic change (1 moved)"), "{body}");
    assert!(body.contains("nobody needs to approve"), "{body}");
    assert!(!body.contains("Needs approval"), "{body}");
    assert_eq!(fake.count("pulls/request-reviewers"), 0);
    assert!(fake.state().reviewers.is_empty());
    fake.assert_valid();
}

/// Makes Sales both Consulted and Informed on lead scoring (C304, fixable).
fn consulted_and_informed(work: &Path) {
    edit(
        work,
        "responsibilities/demand.yaml",
        "informed: [customer-success]\n---\nkind: Responsibility\nid: campaign-planning",
        "informed: [customer-success, sales]\n---\nkind: Responsibility\nid: campaign-planning",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixable_introduced_finding_gets_one_suggested_change() {
    let fake = Fake::start().await;
    let co = Checkout::new(|_| {}, consulted_and_informed);
    let event = co.event(|_| {});
    let out = co.run(&fake, &event, &[]).await;
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}\n{stderr}",
        text(&out.stdout)
    );
    assert!(
        stderr.contains("accordant: suggested 1 fix"),
        "{stderr}\n{}",
        text(&out.stdout)
    );
    let review = fake.state().review_comments.clone();
    assert_eq!(review.len(), 1, "{review:?}");
    let c = &review[0];
    assert_eq!(c["path"], format!("{SUB}/responsibilities/demand.yaml"));
    assert_eq!(c["line"], 16);
    assert!(c["start_line"].is_null(), "one line: {c}");
    assert_eq!(c["commit_id"], co.head);
    assert_eq!(c["side"], "RIGHT");
    let body = c["body"].as_str().unwrap();
    assert!(
        body.starts_with(accordant::github::suggest::MARKER),
        "{body}"
    );
    assert!(body.contains("**accordant C304**"), "{body}");
    assert!(
        body.ends_with("```suggestion\ninformed: [customer-success]\n```\n"),
        "{body}"
    );

    // A re-run finds its suggestion and writes no second one.
    let again = co.run(&fake, &event, &[]).await;
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(fake.state().review_comments.len(), 1);
    assert_eq!(fake.count("pulls/create-review-comment"), 1);
    fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_token_gets_no_suggestion() {
    let fake = Fake::start().await;
    fake.fault(Fault::fork_cannot_comment());
    let co = Checkout::new(|_| {}, consulted_and_informed);
    let event = co.event(|e| {
        e["pull_request"]["head"]["repo"]["full_name"] = json!("someone-else/Hello-World");
        e["pull_request"]["head"]["repo"]["fork"] = json!(true);
    });
    let out = co.run(&fake, &event, &[]).await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fake.count("pulls/create-review-comment"), 0);
    assert_eq!(fake.count("pulls/list-review-comments"), 0);
    fake.assert_valid();
}
