//! The GitHub REST client: the handful of endpoints the review uses, over octocrab.
//!
//! octocrab provides the HTTP stack (hyper, rustls, timeouts, the token header); this
//! module sends raw requests with serde_json bodies, reads statuses and headers
//! itself and owns the retry policy. octocrab's own retry is off (its default
//! re-sends POSTs, which duplicates comments): here only idempotent requests are
//! retried (GETs, the PATCH of a known comment, a review request), with backoff and
//! honouring `Retry-After` / `x-ratelimit-reset`. Every request has a deadline for
//! its whole answer (headers and body: a server that drips a byte now and then
//! never trips a read timeout), and all requests of a client share an overall
//! deadline, retries and waits included, so a slow GitHub cannot hold the job.
//! A POST that creates a comment is
//! never re-sent blindly: after a failure the comments are listed again and the
//! marker looked for, so exactly one comment exists. Everything here is async and
//! must run inside a tokio runtime (`cmd/github.rs` builds a current-thread one).
//!
//! The sticky comment is the one that starts with the marker AND was written by
//! the token's own account: anybody may post a comment that starts with the
//! marker, and accordant must never write its review into theirs. The account is
//! `github-actions[bot]` for the Actions token, the one `GET /user` names for a
//! personal token (asked once per client), or the one the caller names (a GitHub
//! App's `<app>[bot]`, whose token cannot ask `GET /user`).

use std::sync::OnceLock;
use std::time::Duration;

use tokio::time::Instant;

use octocrab::Octocrab;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::comment::MARKER;
use super::error::{ErrorBody, clip};
use super::{Error, RepoSlug, Token};

/// Comments per page when listing (GitHub's maximum).
const PER_PAGE: u32 = 100;
/// Pages followed at most (100,000 comments), against a server that links forever.
const MAX_PAGES: usize = 1000;
/// Annotations per Checks API request (GitHub's limit).
pub const CHECK_ANNOTATIONS_PER_REQUEST: usize = 50;
/// The account behind the `GITHUB_TOKEN` of GitHub Actions.
pub const ACTIONS_BOT: &str = "github-actions[bot]";
/// How installation tokens start (the Actions token and GitHub Apps' tokens).
const INSTALLATION_TOKEN_PREFIX: &str = "ghs_";
/// Bytes of an error answer's body read at most: GitHub's error bodies are a few
/// hundred bytes; the rest of a longer one (a proxy's page, a hostile server) is
/// never read.
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;
/// Bytes of a successful answer read at most: a page of 100 comments of 65,536
/// characters each, JSON-escaped, stays well below it.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// How hard to try again after a transient failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled for each further one.
    pub base_delay: Duration,
    /// Longest backoff wait between two attempts.
    pub max_delay: Duration,
    /// Longest wait for a rate limit to reset; a longer one fails at once with
    /// [`Error::RateLimited`] instead of keeping the job busy.
    pub max_rate_limit_wait: Duration,
    /// Longest time for one attempt of one request, from sending it to the last
    /// byte of the answer; a slower attempt is a transport failure (retried like
    /// one).
    pub request_timeout: Duration,
    /// Longest time for all the requests of one client (one run), retries and
    /// waits included; past it every request fails with [`Error::Deadline`].
    pub total_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(20),
            max_rate_limit_wait: Duration::from_secs(120),
            request_timeout: Duration::from_secs(60),
            total_timeout: Duration::from_secs(300),
        }
    }
}

/// An issue or pull-request comment, as far as the review reads it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct IssueComment {
    /// The comment's id (used to update it).
    pub id: u64,
    /// Its Markdown body (`null` for an empty one).
    #[serde(default)]
    pub body: Option<String>,
    /// Its address on the web.
    pub html_url: String,
    /// Who wrote it (`null` for a deleted account).
    #[serde(default)]
    pub user: Option<Account>,
}

/// A GitHub account as comments and `GET /user` show it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Account {
    /// The login, e.g. `octocat` or `github-actions[bot]`.
    pub login: String,
}

impl IssueComment {
    /// Whether this is accordant's sticky comment: written by `author` (the token's
    /// account; logins ignore case) and its body starts with [`MARKER`].
    pub fn is_ours(&self, author: &str) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.login.eq_ignore_ascii_case(author))
            && self
                .body
                .as_deref()
                .is_some_and(|b| b.trim_start().starts_with(MARKER))
    }
}

/// What [`Client::upsert_comment`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upserted {
    /// No comment of ours existed: one was created.
    Created,
    /// Ours existed with another body: it was updated in place.
    Updated,
    /// Ours already had this body: nothing was sent.
    Unchanged,
}

/// The sticky comment after [`Client::upsert_comment`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyComment {
    /// What was done.
    pub action: Upserted,
    /// The comment's id.
    pub id: u64,
    /// Its address on the web (the `comment-url` output).
    pub url: String,
}

/// One annotation of a check run, in the Checks API's shape.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CheckAnnotation {
    /// Path relative to the repository root.
    pub path: String,
    /// 1-based first line.
    pub start_line: u32,
    /// 1-based last line.
    pub end_line: u32,
    /// 1-based first column; only allowed when the annotation is on one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_column: Option<u32>,
    /// 1-based last column; only allowed when the annotation is on one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
    /// `notice`, `warning` or `failure`.
    pub annotation_level: &'static str,
    /// The finding's message.
    pub message: String,
    /// A short title (rule code and name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help and notes, shown when the annotation is expanded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_details: Option<String>,
}

/// A completed check run to publish.
#[derive(Clone, Debug)]
pub struct CheckRun {
    /// The check's name, e.g. `accordant`.
    pub name: String,
    /// The commit it reports on (the pull request's head).
    pub head_sha: String,
    /// `success`, `failure` or `neutral`.
    pub conclusion: &'static str,
    /// One-line title of the output.
    pub title: String,
    /// Markdown summary, at most 65,535 characters (cut by the caller).
    pub summary: String,
    /// All annotations; sent 50 per request.
    pub annotations: Vec<CheckAnnotation>,
}

/// The HTTP methods the review uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Patch,
}

/// An HTTP answer, its body read up to [`MAX_ERROR_BODY_BYTES`] or
/// [`MAX_ANSWER_BYTES`].
#[derive(Debug)]
struct Reply {
    status: u16,
    link: Option<String>,
    retry_after: Option<String>,
    ratelimit_remaining: Option<String>,
    ratelimit_reset: Option<String>,
    body: String,
    /// Whether the body was longer than the limit (and `body` is its start).
    cut: bool,
}

/// A client for one repository.
pub struct Client {
    gh: Octocrab,
    /// The API's base URL without a trailing `/`.
    api: String,
    repo: RepoSlug,
    retry: RetryPolicy,
    /// The token's account, once known (see [`Client::comment_author`]).
    author: OnceLock<String>,
    /// When every request of this client must be done ([`RetryPolicy::total_timeout`]).
    deadline: Instant,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.api)
            .field("repo", &self.repo)
            .field("retry", &self.retry)
            .field("author", &self.author.get())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `repo` at `api_url` (`https://api.github.com`, or
    /// `https://HOST/api/v3` on GitHub Enterprise Server). Async because octocrab
    /// starts its worker on the current tokio runtime.
    pub async fn new(
        api_url: &str,
        token: &Token,
        repo: RepoSlug,
        retry: RetryPolicy,
    ) -> Result<Client, Error> {
        let setup = |message: String| Error::Transport {
            action: "setting up the GitHub client".to_owned(),
            message,
        };
        if !token.expose().bytes().all(|b| b.is_ascii_graphic()) {
            return Err(setup(
                "the token holds spaces or control characters, which no GitHub token has: \
                 check the `token` input or GITHUB_TOKEN"
                    .to_owned(),
            ));
        }
        let api = api_url.trim().trim_end_matches('/').to_owned();
        super::check_plain_http(&api).map_err(|why| setup(format!("`{api}`: {why}")))?;
        let accept = "accept"
            .parse()
            .map_err(|e| setup(format!("accept header: {e}")))?;
        let gh = Octocrab::builder()
            .base_uri(api.as_str())
            .map_err(|e| setup(format!("the API URL `{api}` is not a valid URL: {e}")))?
            .personal_token(token.expose().to_owned())
            .add_header(accept, "application/vnd.github+json".to_owned())
            .set_connect_timeout(Some(Duration::from_secs(15)))
            .set_read_timeout(Some(Duration::from_secs(60)))
            .set_write_timeout(Some(Duration::from_secs(60)))
            .build()
            .map_err(|e| setup(e.to_string()))?;
        let author = OnceLock::new();
        if token.expose().starts_with(INSTALLATION_TOKEN_PREFIX) {
            // The Actions token; a GitHub App's token names its bot with
            // `with_comment_author`.
            let _ = author.set(ACTIONS_BOT.to_owned());
        }
        Ok(Client {
            gh,
            api,
            repo,
            retry,
            author,
            deadline: Instant::now() + retry.total_timeout,
        })
    }

    /// The same client, taking the comments of `login` (with or without `@`) for
    /// its own, e.g. `my-app[bot]` for a GitHub App's token. `None` keeps what the
    /// token says.
    pub fn with_comment_author(mut self, login: Option<String>) -> Client {
        if let Some(login) = login {
            let login = login.trim().trim_start_matches('@').to_owned();
            self.author = OnceLock::from(login);
        }
        self
    }

    /// The account whose comment is the sticky one: the one named, else
    /// `github-actions[bot]` for an installation token, else the token's user from
    /// `GET /user` (asked once). A lookup GitHub refuses is
    /// [`Error::UnknownAuthor`].
    pub async fn comment_author(&self) -> Result<&str, Error> {
        if let Some(author) = self.author.get() {
            return Ok(author);
        }
        let action = "finding out which account the token belongs to (GET /user)";
        let url = format!("{}/user", self.api);
        let reply = match self.call(Method::Get, &url, None, action, true).await {
            Ok(reply) => reply,
            Err(
                e @ (Error::Forbidden { .. } | Error::NotFound { .. } | Error::Unexpected { .. }),
            ) => {
                return Err(Error::UnknownAuthor {
                    status: e.status().unwrap_or_default(),
                    message: match e {
                        Error::Forbidden { message, .. } | Error::Unexpected { message, .. } => {
                            message
                        }
                        _ => "Not Found".to_owned(),
                    },
                });
            }
            Err(e) => return Err(e),
        };
        let me: Account = parse(&reply, action)?;
        Ok(self.author.get_or_init(|| me.login))
    }

    /// The repository this client talks about.
    pub fn repo(&self) -> &RepoSlug {
        &self.repo
    }

    fn repo_url(&self, rest: &str) -> String {
        format!(
            "{}/repos/{}/{}{rest}",
            self.api, self.repo.owner, self.repo.name
        )
    }

    /// Every comment of pull request `pr`, across all pages.
    pub async fn list_comments(&self, pr: u64) -> Result<Vec<IssueComment>, Error> {
        let action = format!(
            "listing the comments of pull request #{pr} in {}",
            self.repo
        );
        let path = format!(
            "/repos/{}/{}/issues/{pr}/comments?per_page={PER_PAGE}",
            self.repo.owner, self.repo.name
        );
        self.get_all_pages(&path, &action).await
    }

    /// The items of every page of a listing, starting at `path_and_query` (below the
    /// API's base URL) and following `Link: rel="next"` exactly as GitHub gives it:
    /// later pages may live elsewhere (e.g. under `/repositories/{id}/…`), so the URL
    /// is never rebuilt. `action` names the listing in errors.
    pub async fn get_all_pages<T: serde::de::DeserializeOwned>(
        &self,
        path_and_query: &str,
        action: &str,
    ) -> Result<Vec<T>, Error> {
        let mut url = format!("{}{path_and_query}", self.api);
        let mut all = Vec::new();
        for _ in 0..MAX_PAGES {
            let reply = self.call(Method::Get, &url, None, action, true).await?;
            let page: Vec<T> = parse(&reply, action)?;
            all.extend(page);
            match reply.link.as_deref().and_then(next_link) {
                Some(next) => url = self.same_origin(&next, action)?,
                None => return Ok(all),
            }
        }
        Err(Error::Unexpected {
            action: action.to_owned(),
            status: 200,
            message: format!("still more pages after {MAX_PAGES}"),
        })
    }

    /// Accordant's sticky comment on pull request `pr`, if there is one: the
    /// oldest comment by [`Client::comment_author`] that starts with the marker.
    pub async fn find_comment(&self, pr: u64) -> Result<Option<IssueComment>, Error> {
        let author = self.comment_author().await?.to_owned();
        Ok(self
            .list_comments(pr)
            .await?
            .into_iter()
            .find(|c| c.is_ours(&author)))
    }

    /// Creates a comment: one POST, never re-sent (see [`Client::upsert_comment`]).
    pub async fn create_comment(&self, pr: u64, body: &str) -> Result<IssueComment, Error> {
        let action = format!("creating a comment on pull request #{pr} in {}", self.repo);
        let url = self.repo_url(&format!("/issues/{pr}/comments"));
        let reply = self
            .call(
                Method::Post,
                &url,
                Some(&json!({ "body": body })),
                &action,
                false,
            )
            .await?;
        parse(&reply, &action)
    }

    /// Replaces a comment's body with a PATCH: idempotent, so retried.
    pub async fn update_comment(&self, id: u64, body: &str) -> Result<IssueComment, Error> {
        let action = format!("updating comment {id} in {}", self.repo);
        let url = self.repo_url(&format!("/issues/comments/{id}"));
        let reply = self
            .call(
                Method::Patch,
                &url,
                Some(&json!({ "body": body })),
                &action,
                true,
            )
            .await?;
        parse(&reply, &action)
    }

    /// Makes sure pull request `pr` has exactly one comment of ours with `body`
    /// (which must start with [`MARKER`]): updates ours in place, or creates it.
    /// Ours is written by the token's account ([`Client::comment_author`]) and
    /// starts with the marker; a comment by anybody else is never touched. A
    /// create that fails transiently may still have reached GitHub, so before
    /// sending it again the comments are listed and ours looked for (by the same
    /// rule).
    pub async fn upsert_comment(&self, pr: u64, body: &str) -> Result<StickyComment, Error> {
        if !body.starts_with(MARKER) {
            return Err(Error::Unexpected {
                action: "writing the sticky comment".to_owned(),
                status: 0,
                message: format!("the body must start with {MARKER}"),
            });
        }
        if let Some(ours) = self.find_comment(pr).await? {
            return self.bring_up_to_date(ours, body, Upserted::Updated).await;
        }
        let mut attempt = 1;
        loop {
            match self.create_comment(pr, body).await {
                Ok(c) => return Ok(sticky(Upserted::Created, c)),
                Err(e) if e.is_transient() && attempt < self.retry.max_attempts => {
                    let wait = match e {
                        Error::RateLimited {
                            retry_after_secs: Some(s),
                            ..
                        } => Duration::from_secs(s),
                        _ => self.backoff(attempt),
                    };
                    if self.passes_deadline(wait) {
                        return Err(e);
                    }
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    if let Some(ours) = self.find_comment(pr).await? {
                        // The failed POST reached GitHub after all.
                        return self.bring_up_to_date(ours, body, Upserted::Created).await;
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Updates `ours` to `body` unless it already has it.
    async fn bring_up_to_date(
        &self,
        ours: IssueComment,
        body: &str,
        changed: Upserted,
    ) -> Result<StickyComment, Error> {
        if ours.body.as_deref().is_some_and(|b| same_text(b, body)) {
            let action = if changed == Upserted::Created {
                Upserted::Created
            } else {
                Upserted::Unchanged
            };
            return Ok(sticky(action, ours));
        }
        let updated = self.update_comment(ours.id, body).await?;
        Ok(sticky(changed, updated))
    }

    /// Every review comment (on lines of the diff) of pull request `pr`.
    pub async fn list_review_comments(&self, pr: u64) -> Result<Vec<IssueComment>, Error> {
        let action = format!(
            "listing the review comments of pull request #{pr} in {}",
            self.repo
        );
        let path = format!(
            "/repos/{}/{}/pulls/{pr}/comments?per_page={PER_PAGE}",
            self.repo.owner, self.repo.name
        );
        self.get_all_pages(&path, &action).await
    }

    /// Writes a review comment on lines `start_line..=line` of `path` on the
    /// head side of commit `commit`. One POST, never re-sent: a second one
    /// would be a second comment (re-runs skip what [`Client::list_review_comments`]
    /// shows is there).
    pub async fn create_review_comment(
        &self,
        pr: u64,
        commit: &str,
        path: &str,
        start_line: u32,
        line: u32,
        body: &str,
    ) -> Result<IssueComment, Error> {
        let action = format!(
            "writing a suggestion on {path}:{line} of pull request #{pr} in {}",
            self.repo
        );
        let url = self.repo_url(&format!("/pulls/{pr}/comments"));
        let mut payload = json!({
            "body": body,
            "commit_id": commit,
            "path": path,
            "line": line,
            "side": "RIGHT",
        });
        if start_line < line {
            payload["start_line"] = json!(start_line);
            payload["start_side"] = json!("RIGHT");
        }
        let reply = self
            .call(Method::Post, &url, Some(&payload), &action, false)
            .await?;
        parse(&reply, &action)
    }

    /// Asks `logins` (without `@`) to review pull request `pr`. Requesting someone
    /// already requested changes nothing, so this POST is retried.
    pub async fn request_reviewers(&self, pr: u64, logins: &[String]) -> Result<(), Error> {
        if logins.is_empty() {
            return Ok(());
        }
        let action = format!(
            "requesting reviews from {} on pull request #{pr} in {}",
            logins.join(", "),
            self.repo
        );
        let url = self.repo_url(&format!("/pulls/{pr}/requested_reviewers"));
        self.call(
            Method::Post,
            &url,
            Some(&json!({ "reviewers": logins })),
            &action,
            true,
        )
        .await?;
        Ok(())
    }

    /// Publishes a completed check run: created with the first 50 annotations, then
    /// updated with each further batch of 50. Neither request is retried: a second
    /// POST makes a second check run, and each PATCH appends its annotations.
    /// Returns the check run's web address.
    pub async fn create_check_run(&self, run: &CheckRun) -> Result<String, Error> {
        let action = format!("creating check run `{}` in {}", run.name, self.repo);
        let mut batches = run.annotations.chunks(CHECK_ANNOTATIONS_PER_REQUEST);
        let output = |batch: &[CheckAnnotation]| json!({ "title": run.title, "summary": run.summary, "annotations": batch });
        let first = json!({
            "name": run.name,
            "head_sha": run.head_sha,
            "status": "completed",
            "conclusion": run.conclusion,
            "output": output(batches.next().unwrap_or(&[])),
        });
        let url = self.repo_url("/check-runs");
        let reply = self
            .call(Method::Post, &url, Some(&first), &action, false)
            .await?;
        let created: Value = parse(&reply, &action)?;
        let (Some(id), Some(html_url)) = (
            created.get("id").and_then(Value::as_u64),
            created.get("html_url").and_then(Value::as_str),
        ) else {
            return Err(Error::Unexpected {
                action,
                status: reply.status,
                message: "the answer has no `id` and `html_url`".to_owned(),
            });
        };
        let url = self.repo_url(&format!("/check-runs/{id}"));
        for (n, batch) in batches.enumerate() {
            let action = format!(
                "adding annotations batch {} to check run {id} in {}",
                n + 2,
                self.repo
            );
            let body = json!({ "output": output(batch) });
            self.call(Method::Patch, &url, Some(&body), &action, false)
                .await?;
        }
        Ok(html_url.to_owned())
    }

    /// `next` made absolute, refused when it leaves the API's origin (the token is
    /// only for GitHub).
    fn same_origin(&self, next: &str, action: &str) -> Result<String, Error> {
        let api_origin = origin(&self.api);
        if next.starts_with('/') {
            return Ok(format!("{api_origin}{next}"));
        }
        if origin(next) == api_origin {
            return Ok(next.to_owned());
        }
        Err(Error::Unexpected {
            action: action.to_owned(),
            status: 200,
            message: format!("the next page ({}) is not on {api_origin}", clip(next, 200)),
        })
    }

    /// Whether waiting `wait` from now would end after the overall deadline.
    fn passes_deadline(&self, wait: Duration) -> bool {
        Instant::now() + wait >= self.deadline
    }

    /// Sends one request, retrying transient failures when `idempotent`. Each
    /// attempt gets [`RetryPolicy::request_timeout`], cut to what is left of the
    /// overall deadline; a wait that would pass that deadline is not made.
    async fn call(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
        action: &str,
        idempotent: bool,
    ) -> Result<Reply, Error> {
        let mut attempt = 1;
        loop {
            let deadline_hit = || Error::Deadline {
                action: action.to_owned(),
                limit: self.retry.total_timeout,
            };
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(deadline_hit());
            }
            let limit = self.retry.request_timeout.min(left);
            let sent = tokio::time::timeout(limit, self.send(method, url, body)).await;
            let sent = match sent {
                Ok(sent) => sent,
                Err(_) if limit < self.retry.request_timeout => return Err(deadline_hit()),
                Err(_) => Err(format!(
                    "no complete answer (headers and body) within {} (GitHub, or a proxy on \
                     the way, is too slow)",
                    super::error::Secs(limit)
                )),
            };
            let (err, hint) = match sent {
                Ok(reply) if (200..300).contains(&reply.status) && reply.cut => {
                    return Err(Error::Unexpected {
                        action: action.to_owned(),
                        status: reply.status,
                        message: format!(
                            "the answer is larger than {} MiB, far more than GitHub sends",
                            MAX_ANSWER_BYTES / (1024 * 1024)
                        ),
                    });
                }
                Ok(reply) if (200..300).contains(&reply.status) => return Ok(reply),
                Ok(reply) => (classify(&reply, action, attempt), rate_limit_wait(&reply)),
                Err(message) => (
                    Error::Transport {
                        action: action.to_owned(),
                        message,
                    },
                    None,
                ),
            };
            if !err.is_transient() {
                return Err(err);
            }
            let wait = match hint {
                Some(w) if w > self.retry.max_rate_limit_wait => {
                    return Err(Error::RateLimited {
                        action: action.to_owned(),
                        retry_after_secs: Some(w.as_secs()),
                    });
                }
                Some(w) => w,
                None => self.backoff(attempt),
            };
            if !idempotent || attempt >= self.retry.max_attempts {
                return Err(err);
            }
            if self.passes_deadline(wait) {
                return Err(err);
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// The wait after failed attempt `attempt` (1-based): base × 2^(attempt−1), capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.retry
            .base_delay
            .saturating_mul(factor)
            .min(self.retry.max_delay)
    }

    /// One HTTP exchange; `Err` is a transport failure in words. The body is read
    /// up to a limit by status ([`MAX_ANSWER_BYTES`], [`MAX_ERROR_BODY_BYTES`]).
    async fn send(&self, method: Method, url: &str, body: Option<&Value>) -> Result<Reply, String> {
        let response = match method {
            Method::Get => self.gh._get(url).await,
            Method::Post => self.gh._post(url, body).await,
            Method::Patch => self.gh._patch(url, body).await,
        }
        .map_err(|e| transport_message(&e))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let status = response.status().as_u16();
        let link = header("link");
        let retry_after = header("retry-after");
        let ratelimit_remaining = header("x-ratelimit-remaining");
        let ratelimit_reset = header("x-ratelimit-reset");
        let limit = if (200..300).contains(&status) {
            MAX_ANSWER_BYTES
        } else {
            MAX_ERROR_BODY_BYTES
        };
        let (bytes, cut) = read_at_most(response.into_body(), limit)
            .await
            .map_err(|e| format!("reading the answer: {}", transport_message(&e)))?;
        Ok(Reply {
            status,
            link,
            retry_after,
            ratelimit_remaining,
            ratelimit_reset,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            cut,
        })
    }
}

/// The first `limit` bytes of `body`, and whether there was more (which is then
/// left unread: dropping the body closes the connection).
async fn read_at_most<B>(mut body: B, limit: usize) -> Result<(Vec<u8>, bool), B::Error>
where
    B: http_body_util::BodyExt + Unpin,
    B::Data: AsRef<[u8]>,
{
    let mut out = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else {
            continue; // trailers
        };
        let data = data.as_ref();
        let room = limit - out.len();
        if data.len() > room {
            out.extend_from_slice(&data[..room]);
            return Ok((out, true));
        }
        out.extend_from_slice(data);
    }
    Ok((out, false))
}

fn sticky(action: Upserted, c: IssueComment) -> StickyComment {
    StickyComment {
        action,
        id: c.id,
        url: c.html_url,
    }
}

/// Whether two comment bodies are the same text (GitHub may store CRLF).
fn same_text(a: &str, b: &str) -> bool {
    a.replace("\r\n", "\n").trim_end() == b.replace("\r\n", "\n").trim_end()
}

/// octocrab's error in words, with its sources (timeouts and connection errors are
/// nested).
fn transport_message(e: &octocrab::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    message
}

/// Parses a successful answer's JSON body.
fn parse<T: serde::de::DeserializeOwned>(reply: &Reply, action: &str) -> Result<T, Error> {
    serde_json::from_str(&reply.body).map_err(|e| Error::Unexpected {
        action: action.to_owned(),
        status: reply.status,
        // serde quotes values of the answer in its message.
        message: clip(
            &format!("the answer is not the JSON GitHub documents: {e}"),
            500,
        ),
    })
}

/// Whether a 403/429 is a rate limit rather than a refusal.
fn is_rate_limited(reply: &Reply) -> bool {
    reply.status == 429
        || (reply.status == 403
            && (reply.retry_after.is_some()
                || reply.ratelimit_remaining.as_deref() == Some("0")
                || reply.body.to_ascii_lowercase().contains("rate limit")))
}

/// How long GitHub asks to wait before the next request, for rate limits:
/// `Retry-After` seconds, else until `x-ratelimit-reset` when none remain, else a
/// minute (GitHub's advice for secondary limits without headers).
fn rate_limit_wait(reply: &Reply) -> Option<Duration> {
    if !is_rate_limited(reply) {
        return None;
    }
    if let Some(secs) = reply
        .retry_after
        .as_deref()
        .and_then(|s| s.trim().parse::<u64>().ok())
    {
        return Some(Duration::from_secs(secs));
    }
    if reply.ratelimit_remaining.as_deref() == Some("0")
        && let Some(reset) = reply
            .ratelimit_reset
            .as_deref()
            .and_then(|s| s.trim().parse::<u64>().ok())
    {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    Some(Duration::from_secs(60))
}

/// The error for a non-2xx answer.
fn classify(reply: &Reply, action: &str, attempts: u32) -> Error {
    let body = ErrorBody::parse(reply.status, &reply.body);
    let action = action.to_owned();
    if is_rate_limited(reply) {
        return Error::RateLimited {
            action,
            retry_after_secs: rate_limit_wait(reply).map(|d| d.as_secs()),
        };
    }
    match reply.status {
        401 => Error::Unauthorized {
            action,
            message: body.message,
        },
        403 => Error::Forbidden {
            action,
            message: body.message,
        },
        404 => Error::NotFound { action },
        422 => Error::Unprocessable {
            action,
            message: body.message,
            errors: body.errors,
        },
        s @ 500..=599 => Error::Server {
            action,
            status: s,
            attempts,
            message: body.message,
        },
        s => Error::Unexpected {
            action,
            status: s,
            message: body.message,
        },
    }
}

/// The `rel="next"` URL of a `Link` header.
pub fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.trim().split_once(';')?;
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        params
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("rel="))
            .any(|rel| {
                rel.trim_matches('"')
                    .split_whitespace()
                    .any(|r| r == "next")
            })
            .then(|| url.to_owned())
    })
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_reads_the_recorded_header() {
        // Page 2 of octokit/fixtures' paginate-issues recording.
        let h = r#"<https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel="prev", <https://api.github.com/repositories/1000/issues?per_page=3&page=3>; rel="next", <https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel="last", <https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel="first""#;
        assert_eq!(
            next_link(h).as_deref(),
            Some("https://api.github.com/repositories/1000/issues?per_page=3&page=3")
        );
        let last = r#"<https://api.github.com/repositories/1000/issues?per_page=3&page=4>; rel="prev", <https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel="first""#;
        assert_eq!(next_link(last), None);
        assert_eq!(next_link(""), None);
    }

    #[test]
    fn origin_keeps_scheme_host_and_port() {
        assert_eq!(
            origin("http://127.0.0.1:8080/api/v3"),
            "http://127.0.0.1:8080"
        );
        assert_eq!(origin("https://api.github.com"), "https://api.github.com");
    }

    fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
        let h = |n: &str| {
            headers
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| (*v).to_owned())
        };
        Reply {
            status,
            link: h("link"),
            retry_after: h("retry-after"),
            ratelimit_remaining: h("x-ratelimit-remaining"),
            ratelimit_reset: h("x-ratelimit-reset"),
            body: body.to_owned(),
            cut: false,
        }
    }

    #[test]
    fn a_plain_403_is_forbidden_and_a_rate_limited_one_is_not() {
        let fork = reply(
            403,
            &[],
            r#"{"message":"Resource not accessible by integration"}"#,
        );
        assert!(matches!(classify(&fork, "x", 1), Error::Forbidden { .. }));
        assert_eq!(rate_limit_wait(&fork), None);
        let limited = reply(
            403,
            &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1")],
            r#"{"message":"API rate limit exceeded"}"#,
        );
        assert!(matches!(
            classify(&limited, "x", 1),
            Error::RateLimited { .. }
        ));
        assert_eq!(rate_limit_wait(&limited), Some(Duration::from_secs(1)));
        let retry = reply(429, &[("retry-after", "7")], "");
        assert_eq!(rate_limit_wait(&retry), Some(Duration::from_secs(7)));
        let secondary = reply(
            403,
            &[],
            r#"{"message":"You have exceeded a secondary rate limit"}"#,
        );
        assert_eq!(rate_limit_wait(&secondary), Some(Duration::from_secs(60)));
    }

    #[test]
    fn statuses_map_to_errors_callers_branch_on() {
        let e = classify(&reply(401, &[], r#"{"message":"Bad credentials"}"#), "x", 1);
        assert!(
            matches!(e, Error::Unauthorized { ref message, .. } if message == "Bad credentials")
        );
        assert!(matches!(
            classify(&reply(404, &[], "{}"), "x", 1),
            Error::NotFound { .. }
        ));
        let e = classify(&reply(502, &[], "<html>bad gateway</html>"), "x", 3);
        assert!(matches!(
            e,
            Error::Server {
                status: 502,
                attempts: 3,
                ..
            }
        ));
        assert!(matches!(
            classify(&reply(409, &[], "{}"), "x", 1),
            Error::Unexpected { status: 409, .. }
        ));
    }

    #[test]
    fn ours_is_written_by_our_account_and_starts_with_the_marker() {
        let c = |login: Option<&str>, body: Option<&str>| IssueComment {
            id: 1,
            body: body.map(str::to_owned),
            html_url: String::new(),
            user: login.map(|l| Account {
                login: l.to_owned(),
            }),
        };
        let report = format!("{MARKER}\nreport");
        assert!(c(Some(ACTIONS_BOT), Some(&report)).is_ours(ACTIONS_BOT));
        assert!(c(Some("HuBot"), Some(&report)).is_ours("hubot"));
        assert!(!c(Some("mallory"), Some(&report)).is_ours(ACTIONS_BOT));
        assert!(!c(None, Some(&report)).is_ours(ACTIONS_BOT));
        let quoted = format!("> {MARKER}\n> quoted");
        assert!(!c(Some(ACTIONS_BOT), Some(&quoted)).is_ours(ACTIONS_BOT));
        assert!(!c(Some(ACTIONS_BOT), None).is_ours(ACTIONS_BOT));
        assert!(same_text("a\r\nb\n", "a\nb"));
    }
}
