//! The errors of a GitHub API call, as a closed set that callers branch on.
//!
//! `accordant github` treats them differently: [`Error::Forbidden`] on a pull request
//! from a fork is expected (GitHub hands such runs a read-only token), so the review
//! falls back to annotations and the job summary; the others stop the run with a
//! message that says what to fix. No variant ever holds the token.

use std::fmt;

/// What went wrong talking to GitHub. `action` names the request in plain words
/// ("creating a comment on pull request #7 of octo/repo").
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 403 without rate-limit headers: the token may not do this (a fork's
    /// read-only token, or missing `permissions:` in the workflow).
    #[error(
        "GitHub refused {action}: 403 Forbidden ({message}). The token may only read here: a pull \
         request from a fork gets a read-only GITHUB_TOKEN, and otherwise the workflow needs \
         `permissions: pull-requests: write`"
    )]
    Forbidden {
        /// The request, in plain words.
        action: String,
        /// GitHub's message, e.g. "Resource not accessible by integration".
        message: String,
    },
    /// 401: GitHub did not accept the token.
    #[error(
        "GitHub refused {action}: 401 Unauthorized ({message}): the token is invalid or expired. \
         Pass `token: ${{{{ github.token }}}}` (the default) or a current personal access token"
    )]
    Unauthorized {
        /// The request, in plain words.
        action: String,
        /// GitHub's message, e.g. "Bad credentials".
        message: String,
    },
    /// 404: the repository or pull request does not exist, or the token cannot see it.
    #[error(
        "GitHub answered 404 Not Found for {action}: the repository or pull request does not \
         exist, or the token cannot see it (check GITHUB_REPOSITORY, GITHUB_API_URL and the \
         token's access to the repository)"
    )]
    NotFound {
        /// The request, in plain words.
        action: String,
    },
    /// 422: GitHub understood the request and rejected its content.
    #[error("GitHub rejected {action}: 422 {message}{}", FieldErrors(.errors))]
    Unprocessable {
        /// The request, in plain words.
        action: String,
        /// GitHub's message, e.g. "Validation Failed".
        message: String,
        /// GitHub's `errors` entries, each as one readable line.
        errors: Vec<String>,
    },
    /// 429, or 403 with rate-limit headers, and waiting longer is not worth it.
    #[error(
        "GitHub's rate limit stopped {action}{}: run the job again later, or use a token with \
         a higher limit",
        ResetHint(*.retry_after_secs)
    )]
    RateLimited {
        /// The request, in plain words.
        action: String,
        /// Seconds until GitHub accepts requests again, when it said.
        retry_after_secs: Option<u64>,
    },
    /// 5xx, still after every retry.
    #[error(
        "GitHub failed {action}: {status} after {attempts} attempt(s) ({message}); GitHub may \
         be having an outage, so run the job again later"
    )]
    Server {
        /// The request, in plain words.
        action: String,
        /// The last HTTP status.
        status: u16,
        /// Attempts made.
        attempts: u32,
        /// GitHub's message or the body's start.
        message: String,
    },
    /// GitHub would not say which account the token belongs to (`GET /user`
    /// refused, as for a GitHub App's installation token), so accordant cannot
    /// tell its own comment from one that merely starts with its marker.
    #[error(
        "no review comment was written: accordant could not find out which account the token \
         belongs to (GET /user answered {status}: {message}), and it updates only a comment that \
         account wrote, never one that merely starts with its marker. Name the account that \
         posts the comment with the Action's `comment-author` input (ACCORDANT_COMMENT_AUTHOR), \
         e.g. `my-app[bot]` for a GitHub App's token"
    )]
    UnknownAuthor {
        /// The HTTP status of `GET /user`.
        status: u16,
        /// GitHub's message, e.g. "Resource not accessible by integration".
        message: String,
    },
    /// The run's GitHub requests took longer than their overall limit
    /// ([`super::client::RetryPolicy::total_timeout`]); no further request is sent.
    #[error(
        "gave up on {action}: the GitHub requests of this run reached their overall limit of \
         {} (GitHub or the network is too slow); run the job again later",
        Secs(*.limit)
    )]
    Deadline {
        /// The request, in plain words.
        action: String,
        /// The overall limit.
        limit: std::time::Duration,
    },
    /// No HTTP answer: DNS, connection, TLS, timeout, or an unreadable body.
    #[error(
        "could not reach GitHub for {action}: {message} (check GITHUB_API_URL and the network)"
    )]
    Transport {
        /// The request, in plain words.
        action: String,
        /// What failed.
        message: String,
    },
    /// Any other answer accordant does not expect (another status, or a body that is
    /// not the JSON GitHub documents).
    #[error("unexpected answer from GitHub for {action}: {status} {message}")]
    Unexpected {
        /// The request, in plain words.
        action: String,
        /// The HTTP status.
        status: u16,
        /// What was wrong with it.
        message: String,
    },
}

impl Error {
    /// The HTTP status this error came from, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Forbidden { .. } => Some(403),
            Error::Unauthorized { .. } => Some(401),
            Error::NotFound { .. } => Some(404),
            Error::Unprocessable { .. } => Some(422),
            Error::RateLimited { .. } => Some(429),
            Error::Server { status, .. }
            | Error::Unexpected { status, .. }
            | Error::UnknownAuthor { status, .. } => Some(*status),
            Error::Transport { .. } | Error::Deadline { .. } => None,
        }
    }

    /// Whether trying again later might succeed (5xx, rate limits, transport).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::Server { .. } | Error::RateLimited { .. } | Error::Transport { .. }
        )
    }
}

/// Formats GitHub's `errors` list after the message.
struct FieldErrors<'a>(&'a [String]);

impl fmt::Display for FieldErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        write!(f, ": {}", self.0.join("; "))
    }
}

/// A duration in seconds for messages: `60 s`, `0.5 s`.
pub(crate) struct Secs(pub std::time::Duration);

impl fmt::Display for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} s", self.0.as_secs_f64())
    }
}

/// Formats the wait GitHub asked for, if any.
struct ResetHint(Option<u64>);

impl fmt::Display for ResetHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, " (GitHub accepts requests again in {s} s)"),
            None => Ok(()),
        }
    }
}

/// Characters of a server's message echoed at most.
pub const MAX_MESSAGE_CHARS: usize = 500;
/// Entries of GitHub's `errors` array echoed at most.
const MAX_FIELD_ERRORS: usize = 10;

/// Server text made fit for a message: control characters and line breaks
/// written visibly ([`crate::escape::terminal_line`], so it stays one line and
/// cannot start a workflow command), then cut to `max_chars` characters with `…`.
pub(crate) fn clip(text: &str, max_chars: usize) -> String {
    let shown = crate::escape::terminal_line(text);
    match shown.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &shown[..end]),
        None => shown,
    }
}

/// The parts of GitHub's error body that messages use.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ErrorBody {
    /// `message`, or the start of a non-JSON body.
    pub message: String,
    /// Each entry of `errors`, as one line ("Label.color invalid", or its `message`).
    pub errors: Vec<String>,
}

impl ErrorBody {
    /// Reads GitHub's `{ "message", "errors": [...], "documentation_url" }` body;
    /// anything else becomes a short excerpt, so the message is never empty.
    /// Everything is server text: the message and each entry are cut to
    /// [`MAX_MESSAGE_CHARS`] with control characters shown (`clip`), and at
    /// most 10 entries are kept.
    pub fn parse(status: u16, body: &str) -> ErrorBody {
        let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
        let message = parsed
            .as_ref()
            .and_then(|v| v.get("message"))
            .and_then(|m| m.as_str())
            .map(|m| clip(m, MAX_MESSAGE_CHARS))
            .unwrap_or_else(|| excerpt(body, status));
        let list = parsed
            .as_ref()
            .and_then(|v| v.get("errors"))
            .and_then(|e| e.as_array())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut errors: Vec<String> = list
            .iter()
            .take(MAX_FIELD_ERRORS)
            .map(|e| clip(&field_error(e), MAX_MESSAGE_CHARS))
            .collect();
        if list.len() > MAX_FIELD_ERRORS {
            errors.push(format!("and {} more", list.len() - MAX_FIELD_ERRORS));
        }
        ErrorBody { message, errors }
    }
}

/// One entry of GitHub's `errors` array in words: its `message` when present,
/// else `resource.field code` (the documented shape), else the JSON.
fn field_error(e: &serde_json::Value) -> String {
    if let Some(s) = e.as_str() {
        return s.to_owned();
    }
    let get = |k: &str| e.get(k).and_then(|v| v.as_str());
    if let Some(m) = get("message") {
        return m.to_owned();
    }
    match (get("resource"), get("field"), get("code")) {
        (Some(r), Some(f), Some(c)) => format!("{r}.{f} {c}"),
        (None, Some(f), Some(c)) => format!("{f} {c}"),
        _ => e.to_string(),
    }
}

/// The start of a body that is not GitHub's JSON error (e.g. a proxy's HTML page,
/// or a JSON body cut at [`super::client::MAX_ERROR_BODY_BYTES`]): 200
/// characters, white space collapsed, control characters shown.
fn excerpt(body: &str, status: u16) -> String {
    // Only the start is shown: collapsing the white space of a 64 KiB body is
    // wasted work.
    let body = body.trim_start();
    let start: String = body.chars().take(4 * 200).collect();
    let text = start.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return format!("HTTP {status} with an empty body");
    }
    let cut = clip(&text, 200);
    if cut.ends_with('…') || start.len() == body.len() {
        cut
    } else {
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_recorded_422_body() {
        // Body recorded by octokit/fixtures (scenario "errors").
        let body = r#"{"message":"Validation Failed","errors":[{"resource":"Label","code":"invalid","field":"color"}],"documentation_url":"https://docs.github.com/rest/reference/issues#create-a-label"}"#;
        let parsed = ErrorBody::parse(422, body);
        assert_eq!(parsed.message, "Validation Failed");
        assert_eq!(parsed.errors, vec!["Label.color invalid".to_owned()]);
        let err = Error::Unprocessable {
            action: "creating a label".into(),
            message: parsed.message,
            errors: parsed.errors,
        };
        assert_eq!(
            err.to_string(),
            "GitHub rejected creating a label: 422 Validation Failed: Label.color invalid"
        );
    }

    #[test]
    fn non_json_bodies_become_excerpts() {
        assert_eq!(
            ErrorBody::parse(502, "<html>\n <b>Bad   gateway</b></html>").message,
            "<html> <b>Bad gateway</b></html>"
        );
        assert_eq!(
            ErrorBody::parse(500, "").message,
            "HTTP 500 with an empty body"
        );
        let long = "x".repeat(500);
        assert_eq!(ErrorBody::parse(500, &long).message.chars().count(), 201);
        assert_eq!(
            ErrorBody::parse(502, "<p>\x1b]8;;evil\x07</p>").message,
            "<p>\\x1b]8;;evil\\x07</p>"
        );
        // Long white space at the start of a long body still shows a start.
        let padded = format!("{}{}", " ".repeat(1000), "y".repeat(1000));
        let m = ErrorBody::parse(502, &padded).message;
        assert!(m.starts_with("yyy") && m.ends_with('…'), "{m}");
    }

    #[test]
    fn server_messages_are_cut_and_their_controls_shown() {
        let body = serde_json::json!({
            "message": format!("{}\n::error::x", "m".repeat(2000)),
            "errors": (0..30).map(|i| format!("e{i}\u{1b}[2J")).collect::<Vec<_>>(),
        })
        .to_string();
        let parsed = ErrorBody::parse(422, &body);
        assert_eq!(parsed.message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(parsed.message.ends_with('…'));
        assert_eq!(parsed.errors.len(), 11);
        assert_eq!(parsed.errors[0], "e0\\x1b[2J");
        assert_eq!(parsed.errors[10], "and 20 more");
        assert_eq!(
            ErrorBody::parse(403, r#"{"message":"a\nb\r::c"}"#).message,
            "a\\nb\\r::c"
        );
        assert_eq!(clip("héllo", 2), "hé…");
        assert_eq!(clip("hé", 2), "hé");
    }

    #[test]
    fn messages_say_what_to_do() {
        let e = Error::Unauthorized {
            action: "listing comments".into(),
            message: "Bad credentials".into(),
        };
        let s = e.to_string();
        assert!(s.contains("the token is invalid or expired"), "{s}");
        assert!(s.contains("${{ github.token }}"), "{s}");
        let e = Error::RateLimited {
            action: "listing comments".into(),
            retry_after_secs: Some(30),
        };
        assert!(e.to_string().contains("in 30 s"));
        assert!(e.is_transient());
        assert_eq!(e.status(), Some(429));
        let e = Error::NotFound { action: "x".into() };
        assert!(!e.is_transient());
        assert!(e.to_string().contains("cannot see it"));
    }
}
