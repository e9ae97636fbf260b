//! Reviewing a pull request from inside GitHub Actions.
//!
//! This module owns everything GitHub-specific that `accordant github` needs: the
//! Actions context read from `GITHUB_*` variables and the `pull_request` event
//! payload ([`Context`]), the errors of the REST API ([`error`]), the HTTP client
//! with its retry policy ([`client`], the only async code in the crate) and the
//! sticky comment's body ([`comment`], pure). The command that ties them to the
//! semantic diff lives in `cmd/github.rs`.

pub mod client;
pub mod comment;
pub mod error;
pub mod suggest;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde_json::Value;

pub use error::Error;

/// The API of github.com, used when `GITHUB_API_URL` is not set.
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// A GitHub token. Its `Debug` output is redacted and it has no `Display`, so it
/// cannot end up in a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A token from its text; `None` when empty or blank (an unset Action input).
    pub fn new(text: impl Into<String>) -> Option<Token> {
        let text = text.into().trim().to_owned();
        (!text.is_empty()).then_some(Token(text))
    }

    /// The secret itself, for the `Authorization` header only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// `owner/name` of a repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoSlug {
    /// The user or organisation.
    pub owner: String,
    /// The repository's name.
    pub name: String,
}

impl RepoSlug {
    /// Parses `owner/name`; `None` for anything else.
    pub fn parse(s: &str) -> Option<RepoSlug> {
        let (owner, name) = s.trim().split_once('/')?;
        let ok = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        (ok(owner) && ok(name)).then(|| RepoSlug {
            owner: owner.to_owned(),
            name: name.to_owned(),
        })
    }
}

impl fmt::Display for RepoSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// What the `pull_request` event payload says about the pull request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullRequest {
    /// The pull request's number.
    pub number: u64,
    /// The commit the pull request is based on (tip of the base branch when the event fired).
    pub base_sha: String,
    /// The pull request's last commit.
    pub head_sha: String,
    /// The base branch, e.g. `main`.
    pub base_ref: String,
    /// The head branch.
    pub head_ref: String,
    /// `owner/name` of the repository the pull request targets.
    pub base_repo: String,
    /// `owner/name` of the repository the head branch lives in; `None` when that
    /// repository was deleted (GitHub sends `null`).
    pub head_repo: Option<String>,
    /// Login of the pull request's author (GitHub refuses a review request for them).
    pub author: Option<String>,
}

impl PullRequest {
    /// Whether the head branch comes from another repository (a fork). Such runs get
    /// a read-only token under the `pull_request` trigger.
    pub fn is_fork(&self) -> bool {
        self.head_repo
            .as_deref()
            .is_none_or(|head| !head.eq_ignore_ascii_case(&self.base_repo))
    }

    /// Reads the pull request from an event payload; `source` names it in errors.
    pub fn from_event(event: &Value, source: &str) -> anyhow::Result<PullRequest> {
        let Some(pr) = event.get("pull_request").filter(|v| v.is_object()) else {
            bail!(
                "the event payload {source} has no `pull_request` object: `accordant github` \
                 reviews pull requests, so trigger the workflow with `on: pull_request` (see \
                 docs/github-action.md); outside a pull request use `accordant diff BASE HEAD`"
            );
        };
        let text = |ptr: &str| -> anyhow::Result<String> {
            match pr.pointer(ptr).and_then(Value::as_str) {
                Some(s) if !s.trim().is_empty() => Ok(s.to_owned()),
                _ => bail!(
                    "the event payload {source} lacks pull_request{}: is it a real \
                     `pull_request` event?",
                    ptr.replace('/', ".")
                ),
            }
        };
        let number = pr
            .get("number")
            .or_else(|| event.get("number"))
            .and_then(Value::as_u64)
            .with_context(|| {
                format!("the event payload {source} lacks pull_request.number (a positive number)")
            })?;
        let base_sha = text("/base/sha")?;
        let head_sha = text("/head/sha")?;
        for (what, sha) in [("base", &base_sha), ("head", &head_sha)] {
            if !is_sha(sha) {
                bail!(
                    "the event payload {source} has pull_request.{what}.sha `{sha}`, which is \
                     not a commit SHA (hexadecimal)"
                );
            }
        }
        let head_repo = match pr.pointer("/head/repo") {
            None | Some(Value::Null) => None,
            Some(_) => Some(text("/head/repo/full_name")?),
        };
        Ok(PullRequest {
            number,
            base_sha,
            head_sha,
            base_ref: text("/base/ref")?,
            head_ref: text("/head/ref")?,
            base_repo: text("/base/repo/full_name")?,
            head_repo,
            author: pr
                .pointer("/user/login")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }
}

/// A commit SHA: 4 to 64 hexadecimal digits (SHA-1 or SHA-256 repositories).
fn is_sha(s: &str) -> bool {
    (4..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Everything `accordant github` reads from the Actions environment.
#[derive(Clone, Debug)]
pub struct Context {
    /// `GITHUB_REPOSITORY` (else the payload's `repository.full_name`).
    pub repo: RepoSlug,
    /// `GITHUB_TOKEN`; `None` when unset or empty (no comment is written then).
    pub token: Option<Token>,
    /// `GITHUB_API_URL` without a trailing `/` (GitHub Enterprise:
    /// `https://HOST/api/v3`), default [`DEFAULT_API_URL`].
    pub api_url: String,
    /// `GITHUB_EVENT_NAME`, e.g. `pull_request`, when set.
    pub event_name: Option<String>,
    /// The pull request from the payload at `GITHUB_EVENT_PATH`.
    pub pr: PullRequest,
    /// `GITHUB_STEP_SUMMARY`: the file the job summary is appended to.
    pub step_summary: Option<PathBuf>,
    /// `GITHUB_OUTPUT`: the file step outputs are appended to.
    pub output: Option<PathBuf>,
    /// The run's page (`GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`),
    /// where the job summary is shown; the comment points there when it is cut.
    pub run_url: Option<String>,
    /// `ACCORDANT_COMMENT_AUTHOR` (the Action's `comment-author` input): the
    /// account whose comment is the sticky one, e.g. `my-app[bot]`; `None` lets
    /// the token decide (see [`client::Client::comment_author`]).
    pub comment_author: Option<String>,
}

impl Context {
    /// Reads the context from the process environment.
    pub fn from_env() -> anyhow::Result<Context> {
        Context::from_lookup(&|name| std::env::var(name).ok())
    }

    /// Reads the context through `var` (a stand-in for the environment in tests).
    pub fn from_lookup(var: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Context> {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let event_name = set("GITHUB_EVENT_NAME");
        let Some(event_path) = set("GITHUB_EVENT_PATH") else {
            bail!(
                "GITHUB_EVENT_PATH is not set: `accordant github` runs inside a GitHub Actions \
                 job triggered by `pull_request` (see docs/github-action.md); elsewhere use \
                 `accordant diff BASE HEAD`"
            );
        };
        let event = read_event(Path::new(&event_path))?;
        let pr = PullRequest::from_event(&event, &event_path).map_err(|e| match &event_name {
            Some(name) if !name.starts_with("pull_request") => e.context(format!(
                "this job was triggered by `{name}`, not `pull_request`"
            )),
            _ => e,
        })?;
        let repo = match set("GITHUB_REPOSITORY") {
            Some(r) => RepoSlug::parse(&r).with_context(|| {
                format!("GITHUB_REPOSITORY is `{r}`: expected `owner/name`, e.g. `acme/alignment`")
            })?,
            None => event
                .pointer("/repository/full_name")
                .and_then(Value::as_str)
                .and_then(RepoSlug::parse)
                .context(
                    "GITHUB_REPOSITORY is not set and the event payload names no repository: \
                     set GITHUB_REPOSITORY=owner/name",
                )?,
        };
        let api_url = api_url(set("GITHUB_API_URL").as_deref())?;
        let comment_author = set("ACCORDANT_COMMENT_AUTHOR")
            .map(|a| comment_author(&a))
            .transpose()?;
        let run_url = match (set("GITHUB_SERVER_URL"), set("GITHUB_RUN_ID")) {
            (Some(server), Some(id)) => Some(format!(
                "{}/{repo}/actions/runs/{}",
                server.trim().trim_end_matches('/'),
                id.trim()
            )),
            _ => None,
        };
        Ok(Context {
            repo,
            token: var("GITHUB_TOKEN").and_then(Token::new),
            api_url,
            event_name,
            pr,
            step_summary: set("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            output: set("GITHUB_OUTPUT").map(PathBuf::from),
            run_url,
            comment_author,
        })
    }
}

/// Reads and parses the event payload.
fn read_event(path: &Path) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the event payload {} (GITHUB_EVENT_PATH)",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: the event payload (GITHUB_EVENT_PATH) is not valid JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Checks `ACCORDANT_COMMENT_AUTHOR`: a login (`octocat`) or an app's bot
/// (`my-app[bot]`), with or without `@`.
fn comment_author(value: &str) -> anyhow::Result<String> {
    let login = value.trim().trim_start_matches('@');
    let name = login.strip_suffix("[bot]").unwrap_or(login);
    if crate::escape::is_github_handle(name) && !name.contains('/') {
        return Ok(login.to_owned());
    }
    bail!(
        "ACCORDANT_COMMENT_AUTHOR (the `comment-author` input) is `{}`: expected the login \
         that posts the review comment, e.g. `octocat`, or a GitHub App's bot, e.g. \
         `my-app[bot]`",
        crate::escape::log_line(value)
    )
}

/// Checks and normalises `GITHUB_API_URL`.
fn api_url(value: Option<&str>) -> anyhow::Result<String> {
    let Some(url) = value.map(str::trim) else {
        return Ok(DEFAULT_API_URL.to_owned());
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !url.contains(' ') => {}
        _ => bail!(
            "GITHUB_API_URL is `{url}`: expected an http(s) URL such as {DEFAULT_API_URL} or, \
             on GitHub Enterprise Server, https://HOST/api/v3"
        ),
    }
    if let Err(why) = check_plain_http(url) {
        bail!("GITHUB_API_URL is `{url}`: {why}");
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// `Err` with the reason when `url` is a plain `http://` URL to another machine:
/// the token would cross the network unencrypted. Plain HTTP is for this machine
/// only (`localhost`, 127.0.0.0/8, `[::1]`: a local proxy or a test server);
/// `https://` URLs and anything else pass (other checks judge them).
pub fn check_plain_http(url: &str) -> Result<(), String> {
    let Some(rest) = url.trim().strip_prefix("http://") else {
        return Ok(());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        // `[v6]` or `[v6]:port`.
        Some(v6) => v6
            .split_once(']')
            .filter(|(_, port)| port.is_empty() || is_port(port.trim_start_matches(':')))
            .and_then(|(ip, _)| ip.parse::<std::net::Ipv6Addr>().ok())
            .is_some_and(|ip| ip.is_loopback()),
        None => {
            let (name, port) = authority.split_once(':').unwrap_or((authority, ""));
            (port.is_empty() || is_port(port))
                && (name.eq_ignore_ascii_case("localhost")
                    || name
                        .parse::<std::net::Ipv4Addr>()
                        .is_ok_and(|ip| ip.is_loopback()))
        }
    };
    if host {
        return Ok(());
    }
    Err(format!(
        "plain http:// would send the token unencrypted, so accordant takes it only for \
         this machine (localhost, 127.0.0.0/8 or [::1]); use https:// (e.g. \
         {DEFAULT_API_URL}, or https://HOST/api/v3 on GitHub Enterprise Server)"
    ))
}

/// A port number after `host:`.
fn is_port(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const OPENED: &str =
        include_str!("../../tests/fixtures/github/webhooks/pull_request/opened.payload.json");

    fn env_with(
        event: &str,
        extra: &[(&str, &str)],
    ) -> (tempfile::TempDir, HashMap<String, String>) {
        let dir = crate::test_tempdir();
        let path = dir.path().join("event.json");
        std::fs::write(&path, event).unwrap();
        let mut env: HashMap<String, String> = [
            ("GITHUB_EVENT_PATH", path.to_str().unwrap()),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_REPOSITORY", "Codertocat/Hello-World"),
            ("GITHUB_TOKEN", "ghs_secret123"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        for (k, v) in extra {
            env.insert((*k).to_owned(), (*v).to_owned());
        }
        (dir, env)
    }

    fn load(env: &HashMap<String, String>) -> anyhow::Result<Context> {
        Context::from_lookup(&|k| env.get(k).cloned())
    }

    #[test]
    fn reads_the_recorded_opened_payload() {
        let (_d, env) = env_with(
            OPENED,
            &[("GITHUB_API_URL", "https://ghe.example.com/api/v3/")],
        );
        let ctx = load(&env).unwrap();
        assert_eq!(ctx.pr.number, 2);
        assert_eq!(ctx.pr.base_sha, "f95f852bd8fca8fcc58a9a2d6c842781e32a215e");
        assert_eq!(ctx.pr.head_sha, "ec26c3e57ca3a959ca5aad62de7213c562f8c821");
        assert_eq!(ctx.pr.base_ref, "master");
        assert_eq!(ctx.pr.author.as_deref(), Some("Codertocat"));
        assert!(!ctx.pr.is_fork());
        assert_eq!(ctx.repo.to_string(), "Codertocat/Hello-World");
        assert_eq!(ctx.api_url, "https://ghe.example.com/api/v3");
        assert!(ctx.step_summary.is_none() && ctx.run_url.is_none());
        assert_eq!(ctx.comment_author, None);
    }

    #[test]
    fn the_comment_author_is_a_login_or_an_apps_bot() {
        for (given, kept) in [
            ("octocat", "octocat"),
            (" @my-app[bot] ", "my-app[bot]"),
            ("github-actions[bot]", "github-actions[bot]"),
        ] {
            let (_d, env) = env_with(OPENED, &[("ACCORDANT_COMMENT_AUTHOR", given)]);
            assert_eq!(load(&env).unwrap().comment_author.as_deref(), Some(kept));
        }
        for bad in ["acme/team", "[bot]", "a--b", "x[bot][bot]"] {
            let (_d, env) = env_with(OPENED, &[("ACCORDANT_COMMENT_AUTHOR", bad)]);
            assert!(load(&env).is_err(), "{bad}");
        }
        let (_d, env) = env_with(OPENED, &[("ACCORDANT_COMMENT_AUTHOR", "  ")]);
        assert_eq!(load(&env).unwrap().comment_author, None);
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let (_d, env) = env_with(OPENED, &[]);
        let ctx = load(&env).unwrap();
        let shown = format!("{ctx:?} {:?}", ctx.token);
        assert!(!shown.contains("ghs_secret123"), "{shown}");
        assert!(shown.contains("Token(***)"));
        assert_eq!(ctx.token.unwrap().expose(), "ghs_secret123");
    }

    #[test]
    fn a_fork_is_a_head_repo_other_than_the_base() {
        let mut event: Value = serde_json::from_str(OPENED).unwrap();
        event["pull_request"]["head"]["repo"]["full_name"] = "someone/Hello-World".into();
        let pr = PullRequest::from_event(&event, "e.json").unwrap();
        assert!(pr.is_fork());
        event["pull_request"]["head"]["repo"] = Value::Null;
        let pr = PullRequest::from_event(&event, "e.json").unwrap();
        assert!(pr.is_fork() && pr.head_repo.is_none());
    }

    #[test]
    fn missing_and_invalid_values_get_clear_errors() {
        let err = |env: &HashMap<String, String>| format!("{:#}", load(env).unwrap_err());

        let (_d, mut env) = env_with(OPENED, &[]);
        env.remove("GITHUB_EVENT_PATH");
        assert!(err(&env).contains("GITHUB_EVENT_PATH is not set"));

        let (_d, env) = env_with(
            r#"{"ref": "refs/heads/main"}"#,
            &[("GITHUB_EVENT_NAME", "push")],
        );
        let e = err(&env);
        assert!(
            e.contains("triggered by `push`") && e.contains("on: pull_request"),
            "{e}"
        );

        let (_d, env) = env_with("{\n  \"pull_request\": ", &[]);
        let e = err(&env);
        assert!(
            e.contains("event.json:2:") && e.contains("not valid JSON"),
            "{e}"
        );

        let (_d, env) = env_with(OPENED, &[("GITHUB_REPOSITORY", "no-slash")]);
        assert!(err(&env).contains("expected `owner/name`"));

        let (_d, env) = env_with(OPENED, &[("GITHUB_API_URL", "api.github.com")]);
        assert!(err(&env).contains("GITHUB_API_URL is `api.github.com`"));

        let (_d, env) = env_with(OPENED, &[("ACCORDANT_COMMENT_AUTHOR", "a b\n::x")]);
        let e = err(&env);
        assert!(
            e.contains("ACCORDANT_COMMENT_AUTHOR (the `comment-author` input) is `a b\\n::x`"),
            "{e}"
        );

        let broken = OPENED.replace(
            "\"sha\": \"ec26c3e57ca3a959ca5aad62de7213c562f8c821\"",
            "\"sha\": \"not a sha\"",
        );
        let (_d, env) = env_with(&broken, &[]);
        assert!(err(&env).contains("pull_request.head.sha `not a sha`"));
    }

    #[test]
    fn plain_http_only_reaches_this_machine() {
        for ok in [
            "https://api.github.com",
            "https://ghe.example.com/api/v3",
            "http://127.0.0.1:8080",
            "http://127.5.6.7/api/v3/",
            "http://localhost:3000/api/v3",
            "http://LOCALHOST",
            "http://[::1]:9/",
            "http://[::1]",
        ] {
            assert_eq!(check_plain_http(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://api.github.com",
            "http://ghe.example.com/api/v3",
            "http://127.0.0.1.nip.io",
            "http://127.0.0.1@evil.example",
            "http://evil.example#@127.0.0.1",
            "http://evil.example?@localhost",
            "http://localhost.evil.example",
            "http://localhost:80@evil.example",
            "http://[::ffff:127.0.0.1]",
            "http://[::1].evil.example",
            "http://2130706433",
            "http://0x7f.0.0.1",
            "http://10.0.0.1:8080",
            "http://192.168.1.1",
        ] {
            let why = check_plain_http(bad).unwrap_err();
            assert!(why.contains("unencrypted"), "{bad}: {why}");
        }
        let (_d, env) = env_with(
            OPENED,
            &[("GITHUB_API_URL", "http://ghe.example.com/api/v3")],
        );
        let e = format!("{:#}", load(&env).unwrap_err());
        assert!(
            e.starts_with("GITHUB_API_URL is `http://ghe.example.com/api/v3`: plain http://"),
            "{e}"
        );
        let (_d, env) = env_with(OPENED, &[("GITHUB_API_URL", "http://127.0.0.1:9/")]);
        assert_eq!(load(&env).unwrap().api_url, "http://127.0.0.1:9");
    }

    #[test]
    fn repository_falls_back_to_the_payload_and_blank_token_is_none() {
        let (_d, mut env) = env_with(
            OPENED,
            &[
                ("GITHUB_TOKEN", "  "),
                ("GITHUB_SERVER_URL", "https://github.com"),
                ("GITHUB_RUN_ID", "42"),
            ],
        );
        env.remove("GITHUB_REPOSITORY");
        let ctx = load(&env).unwrap();
        assert_eq!(ctx.repo.to_string(), "Codertocat/Hello-World");
        assert!(ctx.token.is_none());
        assert_eq!(ctx.api_url, DEFAULT_API_URL);
        assert_eq!(
            ctx.run_url.as_deref(),
            Some("https://github.com/Codertocat/Hello-World/actions/runs/42")
        );
    }
}
