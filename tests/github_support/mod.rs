//! A fake GitHub REST API for the client and end-to-end tests, on a wiremock server
//! bound to 127.0.0.1.
//!
//! It keeps the pull request's comments in memory, serves them in pages of GitHub's
//! real shape (bodies from the REST description's own examples, `Link` headers in
//! the recorded form whose later pages move to `/repositories/{id}/…`), and checks
//! EVERY request against GitHub's REST description
//! (`tests/fixtures/github/rest/api.github.com.accordant-endpoints.json`): the
//! operation is found by method and path template, path and query parameters are
//! checked against their declared schemas, and the JSON body is validated with the
//! jsonschema crate against the operation's request-body schema. Anything that does
//! not validate is recorded as a violation (and answered 422, as GitHub would), and
//! every test ends with [`Fake::assert_valid`]. Faults (a 502, a 403, a rate
//! limit) can be scripted per request.
//!
//! Each token the fake accepts belongs to an account, as on GitHub: comments it
//! creates carry that account as `user`, and `GET /user` answers as GitHub does
//! (the account for a personal token, 403 for the installation tokens of Actions
//! and GitHub Apps, which have no user).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The repository of the recorded webhook payloads.
pub const OWNER: &str = "Codertocat";
pub const REPO: &str = "Hello-World";
/// Its numeric id (payload `repository.id`), used in the `/repositories/{id}` links.
pub const REPO_ID: u64 = 186_853_002;
/// The pull request of the recorded payloads.
pub const PR: u64 = 2;
/// The Actions `GITHUB_TOKEN` of the run (an installation token, `ghs_`).
pub const TOKEN: &str = "ghs_test0000000000000000000000000000000";
/// The account behind [`TOKEN`].
pub const ACTIONS_BOT: &str = "github-actions[bot]";
/// A personal access token, whose account `GET /user` names.
pub const PAT: &str = "ghp_test0000000000000000000000000000000";
/// The account behind [`PAT`].
pub const PAT_LOGIN: &str = "hubot";
/// A GitHub App's installation token (also `ghs_`): its comments are the app's bot.
pub const APP_TOKEN: &str = "ghs_app00000000000000000000000000000000";
/// The account behind [`APP_TOKEN`].
pub const APP_BOT: &str = "accordant-review[bot]";
/// Somebody who can comment on the pull request and tries to pass for accordant.
pub const ATTACKER: &str = "mallory";
/// The author of the seeded comments (the REST description's example user).
pub const OTHER_USER: &str = "octocat";

/// The account of a token the fake accepts.
pub fn account(token: &str) -> Option<&'static str> {
    match token {
        TOKEN => Some(ACTIONS_BOT),
        PAT => Some(PAT_LOGIN),
        APP_TOKEN => Some(APP_BOT),
        _ => None,
    }
}
/// GitHub's limit for a comment body, enforced by the fake as GitHub does.
pub const MAX_BODY_CHARS: usize = 65_536;

const API: &str = include_str!("../fixtures/github/rest/api.github.com.accordant-endpoints.json");

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path and query, e.g. `/repos/o/r/issues/2/comments?per_page=100`.
    pub target: String,
    /// The operation it matched, e.g. `issues/create-comment`.
    pub operation: Option<String>,
    pub body: Option<Value>,
    pub authorization: Option<String>,
}

/// A scripted answer for the next request(s) matching `method` and a path suffix.
#[derive(Clone, Debug)]
pub struct Fault {
    pub method: &'static str,
    /// Matches when the request path ends with this.
    pub path_suffix: String,
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(String, String)>,
    /// Carry the request out anyway before answering with the fault (a gateway
    /// that times out after GitHub did the work).
    pub apply_anyway: bool,
    /// A comment `(author, body)` somebody else posts while this request fails.
    pub meanwhile: Option<(String, String)>,
    /// How many requests it answers.
    pub times: usize,
}

impl Fault {
    pub fn new(method: &'static str, path_suffix: &str, status: u16, body: Value) -> Fault {
        Fault {
            method,
            path_suffix: path_suffix.to_owned(),
            status,
            body,
            headers: Vec::new(),
            apply_anyway: false,
            meanwhile: None,
            times: 1,
        }
    }

    /// A fault on the pull request's comments: listing (`GET`) or creating (`POST`).
    pub fn on_comments(method: &'static str, status: u16, body: Value) -> Fault {
        Fault::new(method, &format!("/issues/{PR}/comments"), status, body)
    }

    /// `GET /user` refused with 403 and `message`, as GitHub answers a token that
    /// may not read its own account.
    pub fn user_forbidden(message: &str) -> Fault {
        Fault::new(
            "GET",
            "/user",
            403,
            json!({ "message": message, "status": "403" }),
        )
    }

    /// The 403 GitHub gives a fork's read-only token that tries to comment.
    pub fn fork_cannot_comment() -> Fault {
        Fault::on_comments(
            "POST",
            403,
            json!({
                "message": "Resource not accessible by integration",
                "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
                "status": "403"
            }),
        )
    }

    /// The 401 of a bad or expired token, on the comment listing.
    pub fn bad_credentials() -> Fault {
        Fault::on_comments(
            "GET",
            401,
            json!({ "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401" }),
        )
    }

    pub fn header(mut self, name: &str, value: &str) -> Fault {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn applied_anyway(mut self) -> Fault {
        self.apply_anyway = true;
        self
    }

    /// While this request fails, `author` posts a comment with `body`.
    pub fn meanwhile(mut self, author: &str, body: &str) -> Fault {
        self.meanwhile = Some((author.to_owned(), body.to_owned()));
        self
    }

    pub fn times(mut self, n: usize) -> Fault {
        self.times = n;
        self
    }
}

/// What the fake holds.
#[derive(Debug, Default)]
pub struct State {
    /// The pull request's comments, oldest first (GitHub's order).
    pub comments: Vec<Value>,
    pub next_id: u64,
    pub requests: Vec<Recorded>,
    pub violations: Vec<String>,
    pub faults: VecDeque<Fault>,
    /// Bodies of check-run requests (create, then updates), in order.
    pub check_runs: Vec<Value>,
    /// Logins asked to review.
    pub reviewers: Vec<String>,
    /// Review comments on lines of the diff (suggestions), oldest first, each
    /// with the request's `path`, `line`, `commit_id` and `start_line`.
    pub review_comments: Vec<Value>,
}

/// The fake API and its server.
pub struct Fake {
    pub server: MockServer,
    pub state: Arc<Mutex<State>>,
}

impl Fake {
    /// Starts the fake on 127.0.0.1 with no comments.
    pub async fn start() -> Fake {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            next_id: 1_000_001,
            ..State::default()
        }));
        let responder = Responder {
            state: state.clone(),
            api: Arc::new(serde_json::from_str(API).expect("REST description")),
            base: server.uri(),
        };
        Mock::given(any())
            .respond_with(responder)
            .mount(&server)
            .await;
        Fake { server, state }
    }

    /// The API base URL to give accordant.
    pub fn url(&self) -> String {
        self.server.uri()
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("fake state")
    }

    /// Adds `n` comments by other people, then returns the fake.
    pub fn seed(&self, n: usize) {
        let mut st = self.state();
        for i in 0..n {
            let id = st.next_id;
            st.next_id += 1;
            let c = comment_json(
                id,
                &format!("Looks good to me ({i}).\n\n<!-- some-other-bot -->"),
            );
            st.comments.push(c);
        }
    }

    /// Adds one comment with `body` by accordant's account in the Actions
    /// ([`ACTIONS_BOT`]); returns its id.
    pub fn add_comment(&self, body: &str) -> u64 {
        self.add_comment_by(ACTIONS_BOT, body)
    }

    /// Adds one comment with `body` by `login`; returns its id.
    pub fn add_comment_by(&self, login: &str, body: &str) -> u64 {
        let mut st = self.state();
        let id = st.next_id;
        st.next_id += 1;
        st.comments.push(comment_by(id, login, body));
        id
    }

    /// The comment with `id`.
    pub fn comment(&self, id: u64) -> Option<Value> {
        self.state()
            .comments
            .iter()
            .find(|c| c["id"] == json!(id))
            .cloned()
    }

    pub fn fault(&self, f: Fault) {
        self.state().faults.push_back(f);
    }

    /// Comments whose body starts with accordant's marker and whose author is one
    /// of the accounts accordant runs as ([`ACTIONS_BOT`], [`PAT_LOGIN`],
    /// [`APP_BOT`]).
    pub fn ours(&self) -> Vec<Value> {
        self.state()
            .comments
            .iter()
            .filter(|c| {
                c["body"]
                    .as_str()
                    .is_some_and(|b| b.starts_with("<!-- accordant:summary -->"))
                    && [ACTIONS_BOT, PAT_LOGIN, APP_BOT]
                        .iter()
                        .any(|a| c["user"]["login"] == json!(a))
            })
            .cloned()
            .collect()
    }

    /// `METHOD target` of every request, in order.
    pub fn log(&self) -> Vec<String> {
        self.state()
            .requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.target))
            .collect()
    }

    pub fn count(&self, operation: &str) -> usize {
        self.state()
            .requests
            .iter()
            .filter(|r| r.operation.as_deref() == Some(operation))
            .count()
    }

    /// Fails the test when any request did not match GitHub's REST description or
    /// came without the token.
    pub fn assert_valid(&self) {
        let st = self.state();
        assert!(!st.requests.is_empty(), "no request reached the fake");
        assert!(
            st.violations.is_empty(),
            "requests that GitHub's REST description does not allow:\n{}",
            st.violations.join("\n")
        );
    }
}

/// A comment in the shape of the REST description's `issue-comment` example, by
/// its example user ([`OTHER_USER`]).
pub fn comment_json(id: u64, body: &str) -> Value {
    static EXAMPLE: OnceLock<Value> = OnceLock::new();
    let example = EXAMPLE.get_or_init(|| {
        let api: Value = serde_json::from_str(API).expect("REST description");
        api["components"]["examples"]["issue-comment"]["value"].clone()
    });
    let mut c = example.clone();
    c["id"] = json!(id);
    c["node_id"] = json!(format!("IC_{id}"));
    c["body"] = json!(body);
    c["url"] = json!(format!(
        "https://api.github.com/repos/{OWNER}/{REPO}/issues/comments/{id}"
    ));
    c["html_url"] = json!(format!(
        "https://github.com/{OWNER}/{REPO}/pull/{PR}#issuecomment-{id}"
    ));
    c["issue_url"] = json!(format!(
        "https://api.github.com/repos/{OWNER}/{REPO}/issues/{PR}"
    ));
    c
}

/// A comment like [`comment_json`] written by `login` (a `[bot]` login is a bot
/// account, as GitHub shows `github-actions[bot]`).
pub fn comment_by(id: u64, login: &str, body: &str) -> Value {
    let mut c = comment_json(id, body);
    let user = &mut c["user"];
    let path = login.trim_end_matches("[bot]");
    user["login"] = json!(login);
    user["id"] = json!(40_000_000 + login.len() as u64);
    user["type"] = json!(if login.ends_with("[bot]") {
        "Bot"
    } else {
        "User"
    });
    user["html_url"] = json!(format!("https://github.com/{path}"));
    user["url"] = json!(format!("https://api.github.com/users/{login}"));
    c
}

struct Responder {
    state: Arc<Mutex<State>>,
    api: Arc<Value>,
    base: String,
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let method = req.method.as_str().to_ascii_uppercase();
        let path = req.url.path().to_owned();
        let target = match req.url.query() {
            Some(q) => format!("{path}?{q}"),
            None => path.clone(),
        };
        let query: Vec<(String, String)> = req
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let header = |n: &str| {
            req.headers
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let mut st = self.state.lock().expect("fake state");
        let (body, body_error) = if req.body.is_empty() {
            (None, None)
        } else {
            match serde_json::from_slice::<Value>(&req.body) {
                Ok(v) => (Some(v), None),
                Err(e) => (
                    None,
                    Some(format!("{method} {target}: body is not JSON: {e}")),
                ),
            }
        };
        let checked = validate(&self.api, &method, &path, &query, body.as_ref());
        st.requests.push(Recorded {
            method: method.clone(),
            target: target.clone(),
            operation: checked.as_ref().ok().cloned(),
            body: body.clone(),
            authorization: header("authorization"),
        });
        let mut problems: Vec<String> = body_error.into_iter().collect();
        if let Err(e) = &checked {
            problems.push(format!("{method} {target}: {e}"));
        }
        let who = header("authorization")
            .as_deref()
            .and_then(|h| h.strip_prefix("Bearer "))
            .and_then(account);
        if who.is_none() {
            problems.push(format!(
                "{method} {target}: no `Authorization: Bearer <token>` header with a token \
                 the fake knows"
            ));
        }
        if body.is_some()
            && !header("content-type").is_some_and(|c| c.starts_with("application/json"))
        {
            problems.push(format!(
                "{method} {target}: a JSON body without content-type application/json"
            ));
        }
        if !problems.is_empty() {
            st.violations.extend(problems);
            return ResponseTemplate::new(422).set_body_json(json!({
                "message": "Invalid request.",
                "documentation_url": "https://docs.github.com/rest"
            }));
        }
        let operation = checked.unwrap_or_default();
        let who = who.unwrap_or_default();
        let carry_out = |st: &mut State| {
            handle(
                st,
                &Call {
                    api: &self.api,
                    base: &self.base,
                    who,
                    operation: &operation,
                    path: &path,
                    query: &query,
                    body: body.as_ref(),
                },
            )
        };
        let fault = st
            .faults
            .iter()
            .position(|f| f.method == method && path.ends_with(&f.path_suffix));
        if let Some(i) = fault {
            let f = st.faults[i].clone();
            if f.times <= 1 {
                st.faults.remove(i);
            } else {
                st.faults[i].times -= 1;
            }
            if f.apply_anyway {
                let _ = carry_out(&mut st);
            }
            if let Some((author, text)) = &f.meanwhile {
                let id = st.next_id;
                st.next_id += 1;
                st.comments.push(comment_by(id, author, text));
            }
            let mut t = ResponseTemplate::new(f.status).set_body_json(f.body.clone());
            for (k, v) in &f.headers {
                t = t.insert_header(k.as_str(), v.as_str());
            }
            return t;
        }
        carry_out(&mut st)
    }
}

/// One valid request, as [`handle`] carries it out.
struct Call<'a> {
    api: &'a Value,
    base: &'a str,
    /// The account of the request's token.
    who: &'a str,
    operation: &'a str,
    path: &'a str,
    query: &'a [(String, String)],
    body: Option<&'a Value>,
}

/// What GitHub does for a valid request.
fn handle(st: &mut State, call: &Call<'_>) -> ResponseTemplate {
    let Call {
        api,
        base,
        who,
        operation,
        path,
        query,
        body,
    } = *call;
    let segments: Vec<&str> = path.split('/').collect();
    let number = |i: usize| {
        segments
            .get(i)
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0)
    };
    match operation {
        "issues/list-comments" => {
            let q = |k: &str, d: usize| {
                query
                    .iter()
                    .find(|(n, _)| n == k)
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(d)
            };
            let per_page = q("per_page", 30).clamp(1, 100);
            let page = q("page", 1).max(1);
            let last = st.comments.len().div_ceil(per_page).max(1);
            let items: Vec<Value> = st
                .comments
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .cloned()
                .collect();
            let issue = if path.starts_with("/repositories/") {
                number(4)
            } else {
                number(5)
            };
            let link = |p: usize, rel: &str| {
                format!(
                    "<{base}/repositories/{REPO_ID}/issues/{issue}/comments?per_page={per_page}&page={p}>; rel=\"{rel}\""
                )
            };
            let mut rels = Vec::new();
            if page > 1 {
                rels.push(link(page - 1, "prev"));
            }
            if page < last {
                rels.push(link(page + 1, "next"));
                rels.push(link(last, "last"));
            }
            if page > 1 {
                rels.push(link(1, "first"));
            }
            let mut t = ResponseTemplate::new(200).set_body_json(items);
            if !rels.is_empty() {
                t = t.insert_header("link", rels.join(", ").as_str());
            }
            t
        }
        "issues/create-comment" => {
            let text = body.and_then(|b| b["body"].as_str()).unwrap_or_default();
            if let Some(t) = too_long(text) {
                return t;
            }
            let id = st.next_id;
            st.next_id += 1;
            let c = comment_by(id, who, text);
            st.comments.push(c.clone());
            ResponseTemplate::new(201)
                .insert_header("location", c["url"].as_str().unwrap_or_default())
                .set_body_json(c)
        }
        "issues/update-comment" => {
            let id = number(6);
            let text = body.and_then(|b| b["body"].as_str()).unwrap_or_default();
            if let Some(t) = too_long(text) {
                return t;
            }
            match st.comments.iter_mut().find(|c| c["id"] == json!(id)) {
                Some(c) => {
                    c["body"] = json!(text);
                    c["updated_at"] = json!("2026-11-27T10:00:00Z");
                    ResponseTemplate::new(200).set_body_json(c.clone())
                }
                None => not_found(),
            }
        }
        "pulls/list-review-comments" => {
            ResponseTemplate::new(200).set_body_json(st.review_comments.clone())
        }
        "pulls/create-review-comment" => {
            let text = body.and_then(|b| b["body"].as_str()).unwrap_or_default();
            if let Some(t) = too_long(text) {
                return t;
            }
            let id = st.next_id;
            st.next_id += 1;
            let mut c = comment_by(id, who, text);
            for k in ["path", "line", "start_line", "commit_id", "side"] {
                if let Some(v) = body.and_then(|b| b.get(k)) {
                    c[k] = v.clone();
                }
            }
            st.review_comments.push(c.clone());
            ResponseTemplate::new(201).set_body_json(c)
        }
        "pulls/request-reviewers" => {
            if let Some(list) = body.and_then(|b| b["reviewers"].as_array()) {
                st.reviewers
                    .extend(list.iter().filter_map(|v| v.as_str().map(str::to_owned)));
            }
            let example = &api["components"]["examples"]["pull-request-review-request"]["value"];
            let example = if example.is_null() {
                api["components"]["examples"]["pull-request"]["value"].clone()
            } else {
                example.clone()
            };
            ResponseTemplate::new(201).set_body_json(example)
        }
        "users/get-authenticated" if who.ends_with("[bot]") => {
            // Installation tokens (Actions, GitHub Apps) have no user.
            ResponseTemplate::new(403).set_body_json(json!({
                "message": "Resource not accessible by integration",
                "documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user",
                "status": "403"
            }))
        }
        "users/get-authenticated" => {
            let mut me = api["components"]["examples"]
                ["private-user-response-with-public-profile-information"]["value"]
                .clone();
            me["login"] = json!(who);
            ResponseTemplate::new(200).set_body_json(me)
        }
        "checks/create" | "checks/update" => {
            st.check_runs.push(body.cloned().unwrap_or(Value::Null));
            let mut run =
                api["components"]["examples"]["check-run-example-of-completed-conclusion"]["value"]
                    .clone();
            run["id"] = json!(4);
            run["html_url"] = json!(format!("https://github.com/{OWNER}/{REPO}/runs/4"));
            let status = if operation == "checks/create" {
                201
            } else {
                200
            };
            ResponseTemplate::new(status).set_body_json(run)
        }
        _ => not_found(),
    }
}

fn too_long(text: &str) -> Option<ResponseTemplate> {
    (text.chars().count() > MAX_BODY_CHARS).then(|| {
        ResponseTemplate::new(422).set_body_json(json!({
            "message": "Validation Failed",
            "errors": [{
                "resource": "IssueComment",
                "code": "custom",
                "field": "body",
                "message": "body is too long (maximum is 65536 characters)"
            }],
            "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
            "status": "422"
        }))
    })
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "message": "Not Found",
        "documentation_url": "https://docs.github.com/rest",
        "status": "404"
    }))
}

/// The operation of `method path` in the REST description, after checking its
/// parameters and body; `Err` says what does not match.
pub fn validate(
    api: &Value,
    method: &str,
    path: &str,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Result<String, String> {
    // `/repositories/{id}/…` is GitHub's alias of `/repos/{owner}/{repo}/…` (the form
    // its Link headers use); the description documents only the latter.
    let documented = match path.strip_prefix("/repositories/") {
        Some(rest) => {
            let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
            if id.parse::<u64>().is_err() {
                return Err(format!("`{path}`: /repositories/ needs a numeric id"));
            }
            format!("/repos/{OWNER}/{REPO}/{tail}")
        }
        None => path.to_owned(),
    };
    let segs: Vec<&str> = documented.split('/').collect();
    let paths = api["paths"].as_object().ok_or("no paths")?;
    let mut found = None;
    for (template, ops) in paths {
        let t: Vec<&str> = template.split('/').collect();
        if t.len() != segs.len() {
            continue;
        }
        let mut params = Vec::new();
        let fits = t.iter().zip(&segs).all(|(a, b)| {
            if a.starts_with('{') && a.ends_with('}') {
                params.push((
                    a.trim_matches(|c| c == '{' || c == '}').to_owned(),
                    (*b).to_owned(),
                ));
                !b.is_empty()
            } else {
                a == b
            }
        });
        if fits && let Some(op) = ops.get(method.to_ascii_lowercase()) {
            found = Some((template.clone(), op.clone(), params));
            break;
        }
    }
    let Some((template, op, path_params)) = found else {
        return Err(format!(
            "no operation `{method} {documented}` in GitHub's REST description"
        ));
    };
    let op_id = op["operationId"].as_str().unwrap_or_default().to_owned();
    let declared: Vec<Value> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| resolve(api, p))
        .collect();
    let check_param = |name: &str, place: &str, raw: &str| -> Result<(), String> {
        let Some(p) = declared
            .iter()
            .find(|p| p["name"] == name && p["in"] == place)
        else {
            return Err(format!(
                "{op_id} ({template}) has no {place} parameter `{name}`"
            ));
        };
        let schema = &p["schema"];
        let value = match schema["type"].as_str() {
            Some("integer") => raw.parse::<i64>().map(Value::from).map_err(|_| {
                format!("{op_id}: {place} parameter `{name}` = `{raw}` is not an integer")
            })?,
            _ => Value::from(raw),
        };
        validate_schema(api, schema, &value)
            .map_err(|e| format!("{op_id}: {place} parameter `{name}`: {e}"))
    };
    for (name, raw) in &path_params {
        check_param(name, "path", raw)?;
    }
    for (name, raw) in query {
        check_param(name, "query", raw)?;
        if name == "per_page" && raw.parse::<u32>().is_ok_and(|n| n > 100) {
            return Err(format!(
                "{op_id}: per_page {raw} is over GitHub's maximum of 100"
            ));
        }
    }
    let request_body = op.get("requestBody").map(|b| resolve(api, b));
    match (request_body, body) {
        (None, None) => {}
        (None, Some(_)) => return Err(format!("{op_id} takes no request body")),
        (Some(rb), None) => {
            if rb["required"] == json!(true) {
                return Err(format!("{op_id} requires a request body"));
            }
        }
        (Some(rb), Some(b)) => {
            let schema = &rb["content"]["application/json"]["schema"];
            if schema.is_null() {
                return Err(format!("{op_id} takes no JSON body"));
            }
            validate_schema(api, schema, b).map_err(|e| format!("{op_id} request body: {e}"))?;
        }
    }
    Ok(op_id)
}

/// Follows a `$ref` into the description's components.
fn resolve(api: &Value, v: &Value) -> Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => api
            .pointer(r.trim_start_matches('#'))
            .cloned()
            .unwrap_or(Value::Null),
        None => v.clone(),
    }
}

/// Validates `instance` against an OpenAPI schema object whose `$ref`s point into
/// the description's `components`.
fn validate_schema(api: &Value, schema: &Value, instance: &Value) -> Result<(), String> {
    let mut root = schema.clone();
    if let Value::Object(m) = &mut root {
        m.insert("components".to_owned(), api["components"].clone());
    }
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&root)
        .map_err(|e| format!("unusable schema: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at `{}`", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}
