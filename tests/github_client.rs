//! The GitHub client against a fake GitHub on 127.0.0.1 that serves GitHub's real
//! response shapes and validates every request against GitHub's REST description
//! (see `github_support`). Offline.

// Test helpers outside #[test] functions may panic: a failure is the test's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod github_support;

use std::time::{Duration, Instant};

use accordant::github::client::{CheckAnnotation, CheckRun, Client, RetryPolicy, Upserted};
use accordant::github::comment::{self, MARKER, Verdict};
use accordant::github::{Error, RepoSlug, Token};
use github_support::{
    ACTIONS_BOT, APP_BOT, APP_TOKEN, ATTACKER, Fake, Fault, OWNER, PAT, PAT_LOGIN, PR, REPO,
    REPO_ID, TOKEN, comment_json, validate,
};
use serde_json::{Value, json};

/// Quick retries, so the tests stay fast.
fn fast() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        max_rate_limit_wait: Duration::from_secs(5),
        request_timeout: Duration::from_secs(10),
        total_timeout: Duration::from_secs(60),
    }
}

async fn client(fake: &Fake) -> Client {
    client_for(&fake.url(), OWNER, REPO).await
}

async fn client_for(url: &str, owner: &str, repo: &str) -> Client {
    let token = Token::new(TOKEN).unwrap();
    let slug = RepoSlug::parse(&format!("{owner}/{repo}")).unwrap();
    Client::new(url, &token, slug, fast()).await.unwrap()
}

/// A client of the fake's repository that authenticates with `token`.
async fn client_with_token(fake: &Fake, token: &str) -> Client {
    let token = Token::new(token).unwrap();
    let slug = RepoSlug::parse(&format!("{OWNER}/{REPO}")).unwrap();
    Client::new(&fake.url(), &token, slug, fast())
        .await
        .unwrap()
}

fn body(text: &str) -> String {
    format!("{MARKER}\n{text}\n")
}

#[tokio::test]
async fn first_run_creates_the_comment_and_the_second_updates_it() {
    let fake = Fake::start().await;
    fake.seed(3);
    let gh = client(&fake).await;

    let first = gh.upsert_comment(PR, &body("1 new error")).await.unwrap();
    assert_eq!(first.action, Upserted::Created);
    assert_eq!(fake.ours().len(), 1);
    assert_eq!(
        first.url,
        format!(
            "https://github.com/{OWNER}/{REPO}/pull/{PR}#issuecomment-{}",
            first.id
        )
    );

    // A re-run with a new verdict edits the same comment in place.
    let second = gh
        .upsert_comment(PR, &body("everything resolved"))
        .await
        .unwrap();
    assert_eq!(second.action, Upserted::Updated);
    assert_eq!(second.id, first.id);
    let ours = fake.ours();
    assert_eq!(ours.len(), 1, "still exactly one comment");
    assert_eq!(ours[0]["body"], json!(body("everything resolved")));

    // Same body again: nothing is sent but the listing.
    let third = gh
        .upsert_comment(PR, &body("everything resolved"))
        .await
        .unwrap();
    assert_eq!(third.action, Upserted::Unchanged);
    assert_eq!(fake.count("issues/create-comment"), 1);
    assert_eq!(fake.count("issues/update-comment"), 1);
    assert_eq!(fake.state().comments.len(), 4);
    fake.assert_valid();
}

#[tokio::test]
async fn the_marker_is_found_on_page_3_of_250_comments() {
    let fake = Fake::start().await;
    fake.seed(230);
    let ours = fake.add_comment(&body("old verdict"));
    fake.seed(19);
    assert_eq!(fake.state().comments.len(), 250);
    let gh = client(&fake).await;

    let done = gh.upsert_comment(PR, &body("new verdict")).await.unwrap();
    assert_eq!((done.action, done.id), (Upserted::Updated, ours));
    assert_eq!(fake.state().comments.len(), 250, "nothing created");
    assert_eq!(
        fake.log(),
        vec![
            format!("GET /repos/{OWNER}/{REPO}/issues/{PR}/comments?per_page=100"),
            // Later pages follow the Link header as given: /repositories/{id}/…
            format!("GET /repositories/{REPO_ID}/issues/{PR}/comments?per_page=100&page=2"),
            format!("GET /repositories/{REPO_ID}/issues/{PR}/comments?per_page=100&page=3"),
            format!("PATCH /repos/{OWNER}/{REPO}/issues/comments/{ours}"),
        ]
    );
    fake.assert_valid();
}

/// The recorded listing of octokit/fixtures' `paginate-issues` scenario, served
/// with its own `Link` headers (host rewritten to the fake): five pages whose
/// next-page URLs switch to `/repositories/1000/…`.
#[tokio::test]
async fn pagination_follows_the_recorded_link_headers() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let recorded: Vec<Value> = serde_json::from_str(include_str!(
        "fixtures/github/octokit-fixtures/paginate-issues/normalized-fixture.json"
    ))
    .unwrap();
    let server = MockServer::start().await;
    for rec in &recorded {
        let target = rec["path"].as_str().unwrap();
        let (p, q) = target.split_once('?').unwrap();
        let link = rec["headers"]["link"]
            .as_str()
            .unwrap()
            .replace("https://api.github.com", &server.uri());
        let mut m = Mock::given(method("GET")).and(path(p));
        for pair in q.split('&') {
            let (k, v) = pair.split_once('=').unwrap();
            m = m.and(query_param(k, v));
        }
        m.respond_with(
            ResponseTemplate::new(rec["status"].as_u64().unwrap() as u16)
                .insert_header("link", link.as_str())
                .set_body_json(rec["response"].clone()),
        )
        .expect(1)
        .mount(&server)
        .await;
    }
    let gh = client_for(&server.uri(), "octokit-fixture-org", "paginate-issues").await;
    let issues: Vec<Value> = gh
        .get_all_pages(
            "/repos/octokit-fixture-org/paginate-issues/issues?per_page=3",
            "listing issues",
        )
        .await
        .unwrap();
    let numbers: Vec<u64> = issues
        .iter()
        .map(|i| i["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=13).rev().collect::<Vec<u64>>());
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or_default()))
        .collect();
    let expected: Vec<&str> = recorded
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(sent, expected, "exactly the recorded requests, in order");
}

/// A comment that passes for accordant's: it starts with the marker.
fn forged() -> String {
    format!("{MARKER}\n✅ **No alignment findings.** Merge away.\n")
}

#[tokio::test]
async fn an_attackers_marker_on_an_earlier_page_is_not_taken_for_ours() {
    let fake = Fake::start().await;
    fake.seed(30);
    let forged_id = fake.add_comment_by(ATTACKER, &forged());
    fake.seed(200);
    let ours = fake.add_comment(&body("old verdict"));
    fake.seed(5);
    let gh = client(&fake).await;

    let done = gh.upsert_comment(PR, &body("new verdict")).await.unwrap();
    assert_eq!((done.action, done.id), (Upserted::Updated, ours));
    assert_eq!(
        fake.comment(forged_id).unwrap()["body"],
        json!(forged()),
        "the attacker's comment is untouched"
    );
    assert_eq!(
        fake.comment(ours).unwrap()["body"],
        json!(body("new verdict"))
    );
    assert_eq!(fake.count("issues/update-comment"), 1);
    assert_eq!(fake.count("issues/create-comment"), 0);
    fake.assert_valid();
}

#[tokio::test]
async fn only_an_attackers_marker_means_a_new_comment_of_ours() {
    let fake = Fake::start().await;
    fake.seed(2);
    let forged_id = fake.add_comment_by(ATTACKER, &forged());
    let gh = client(&fake).await;

    let done = gh.upsert_comment(PR, &body("verdict")).await.unwrap();
    assert_eq!(done.action, Upserted::Created);
    assert_ne!(done.id, forged_id);
    assert_eq!(fake.comment(forged_id).unwrap()["body"], json!(forged()));
    let created = fake.comment(done.id).unwrap();
    assert_eq!(created["user"]["login"], json!(ACTIONS_BOT));
    assert_eq!(fake.count("issues/update-comment"), 0);
    // The next run finds the comment it wrote, not the attacker's.
    let again = gh.upsert_comment(PR, &body("verdict 2")).await.unwrap();
    assert_eq!((again.action, again.id), (Upserted::Updated, done.id));
    assert_eq!(fake.comment(forged_id).unwrap()["body"], json!(forged()));
    fake.assert_valid();
}

#[tokio::test]
async fn the_listing_after_a_failed_post_checks_the_author_too() {
    // The POST fails before GitHub saw it, and meanwhile somebody posts a comment
    // with the marker: the listing that looks for a comment the POST may have
    // made must not take theirs for ours.
    let fake = Fake::start().await;
    fake.fault(
        Fault::on_comments("POST", 502, json!({ "message": "Server Error" }))
            .meanwhile(ATTACKER, &forged()),
    );
    let gh = client(&fake).await;
    let done = gh.upsert_comment(PR, &body("verdict")).await.unwrap();
    assert_eq!(done.action, Upserted::Created);
    assert_eq!(fake.count("issues/list-comments"), 2);
    assert_eq!(fake.count("issues/create-comment"), 2);
    assert_eq!(fake.count("issues/update-comment"), 0);
    let forged_comment = fake
        .state()
        .comments
        .iter()
        .find(|c| c["user"]["login"] == json!(ATTACKER))
        .cloned()
        .unwrap();
    assert_eq!(forged_comment["body"], json!(forged()));
    assert_eq!(fake.ours().len(), 1);
    assert_eq!(fake.ours()[0]["id"], json!(done.id));
    fake.assert_valid();
}

#[tokio::test]
async fn a_personal_token_looks_up_its_account_once() {
    let fake = Fake::start().await;
    let forged_id = fake.add_comment_by(ATTACKER, &forged());
    // The same account under another spelling: GitHub logins ignore case.
    let ours = fake.add_comment_by(&PAT_LOGIN.to_uppercase(), &body("old"));
    let gh = client_with_token(&fake, PAT).await;

    let first = gh.upsert_comment(PR, &body("new")).await.unwrap();
    assert_eq!((first.action, first.id), (Upserted::Updated, ours));
    let second = gh.upsert_comment(PR, &body("new")).await.unwrap();
    assert_eq!((second.action, second.id), (Upserted::Unchanged, ours));
    assert_eq!(
        fake.count("users/get-authenticated"),
        1,
        "{:#?}",
        fake.log()
    );
    assert_eq!(fake.log()[0], "GET /user");
    assert_eq!(fake.comment(forged_id).unwrap()["body"], json!(forged()));
    fake.assert_valid();
}

#[tokio::test]
async fn an_account_lookup_that_fails_writes_no_comment() {
    // A token GitHub answers 403 for on GET /user (an app's installation token
    // that is not `ghs_`-prefixed here, or a token without access to it).
    let fake = Fake::start().await;
    let forged_id = fake.add_comment_by(ATTACKER, &forged());
    fake.fault(Fault::user_forbidden(
        "Resource not accessible by personal access token",
    ));
    let gh = client_with_token(&fake, PAT).await;
    let err = gh.upsert_comment(PR, &body("verdict")).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("which account the token belongs to")
            && text.contains("Resource not accessible by personal access token")
            && text.contains("comment-author")
            && text.contains("ACCORDANT_COMMENT_AUTHOR"),
        "{text}"
    );
    assert!(
        !text.contains("pull-requests: write"),
        "not a permission problem: {text}"
    );
    assert_eq!(fake.count("issues/create-comment"), 0);
    assert_eq!(fake.count("issues/update-comment"), 0);
    assert_eq!(fake.comment(forged_id).unwrap()["body"], json!(forged()));
    fake.assert_valid();
}

#[tokio::test]
async fn a_named_comment_author_is_used_for_an_apps_token() {
    let fake = Fake::start().await;
    let forged_id = fake.add_comment_by(ATTACKER, &forged());
    let ours = fake.add_comment_by(APP_BOT, &body("old"));
    let token = Token::new(APP_TOKEN).unwrap();
    let slug = RepoSlug::parse(&format!("{OWNER}/{REPO}")).unwrap();
    let gh = Client::new(&fake.url(), &token, slug, fast())
        .await
        .unwrap()
        .with_comment_author(Some(format!("@{APP_BOT}")));
    let done = gh.upsert_comment(PR, &body("new")).await.unwrap();
    assert_eq!((done.action, done.id), (Upserted::Updated, ours));
    assert_eq!(fake.count("users/get-authenticated"), 0);
    assert_eq!(fake.comment(forged_id).unwrap()["body"], json!(forged()));
    fake.assert_valid();
}

#[tokio::test]
async fn a_403_on_a_fork_is_forbidden_and_not_retried() {
    let fake = Fake::start().await;
    fake.fault(Fault::fork_cannot_comment());
    let gh = client(&fake).await;
    let err = gh.upsert_comment(PR, &body("verdict")).await.unwrap_err();
    match &err {
        Error::Forbidden { message, .. } => {
            assert_eq!(message, "Resource not accessible by integration")
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }
    assert!(err.to_string().contains("read-only GITHUB_TOKEN"), "{err}");
    assert_eq!(fake.count("issues/create-comment"), 1);
    assert!(fake.ours().is_empty());
    fake.assert_valid();
}

#[tokio::test]
async fn a_502_then_success_leaves_exactly_one_comment() {
    // The gateway fails before GitHub saw the request: the comment is created on
    // the second POST, after a listing shows it is not there.
    let fake = Fake::start().await;
    fake.fault(Fault::on_comments(
        "POST",
        502,
        json!({ "message": "Server Error" }),
    ));
    let gh = client(&fake).await;
    let done = gh.upsert_comment(PR, &body("verdict")).await.unwrap();
    assert_eq!(done.action, Upserted::Created);
    assert_eq!(fake.ours().len(), 1);
    assert_eq!(fake.count("issues/create-comment"), 2);
    assert_eq!(fake.count("issues/list-comments"), 2);
    fake.assert_valid();
}

#[tokio::test]
async fn a_502_after_github_created_the_comment_does_not_duplicate_it() {
    // GitHub created the comment but the answer was lost in a 502: the client
    // looks before it posts again, finds the marker and stops.
    let fake = Fake::start().await;
    fake.fault(
        Fault::on_comments("POST", 502, json!({ "message": "Server Error" })).applied_anyway(),
    );
    let gh = client(&fake).await;
    let done = gh.upsert_comment(PR, &body("verdict")).await.unwrap();
    assert_eq!(done.action, Upserted::Created);
    assert_eq!(fake.ours().len(), 1, "exactly one comment");
    assert_eq!(
        fake.count("issues/create-comment"),
        1,
        "the POST was not re-sent"
    );
    fake.assert_valid();
}

#[tokio::test]
async fn idempotent_requests_are_retried_with_backoff() {
    let fake = Fake::start().await;
    let id = fake.add_comment(&body("old"));
    fake.fault(Fault::on_comments("GET", 503, json!({ "message": "Unavailable" })).times(2));
    fake.fault(Fault::new(
        "PATCH",
        &format!("/issues/comments/{id}"),
        500,
        json!({ "message": "Server Error" }),
    ));
    let gh = client(&fake).await;
    let done = gh.upsert_comment(PR, &body("new")).await.unwrap();
    assert_eq!(done.action, Upserted::Updated);
    assert_eq!(fake.count("issues/list-comments"), 3);
    assert_eq!(fake.count("issues/update-comment"), 2);
    assert_eq!(fake.ours().len(), 1);
    fake.assert_valid();
}

#[tokio::test]
async fn persistent_5xx_gives_up_with_a_server_error() {
    let fake = Fake::start().await;
    fake.fault(Fault::on_comments("GET", 502, json!({ "message": "Bad Gateway" })).times(10));
    let gh = client(&fake).await;
    let err = gh.list_comments(PR).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Server {
                status: 502,
                attempts: 4,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fake.count("issues/list-comments"), 4);
    fake.assert_valid();
}

#[tokio::test]
async fn rate_limits_wait_for_retry_after_and_the_reset() {
    let fake = Fake::start().await;
    let id = fake.add_comment(&body("old"));
    let reset = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Primary limit: 403 with no requests remaining until the reset.
    fake.fault(
        Fault::on_comments(
            "GET",
            403,
            json!({ "message": "API rate limit exceeded for installation ID 1.", "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" }),
        )
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", &reset.to_string()),
    );
    // Secondary limit: 429 with Retry-After.
    fake.fault(
        Fault::new(
            "PATCH",
            &format!("/issues/comments/{id}"),
            429,
            json!({ "message": "You have exceeded a secondary rate limit." }),
        )
        .header("retry-after", "1"),
    );
    let gh = client(&fake).await;
    let started = Instant::now();
    let done = gh.upsert_comment(PR, &body("new")).await.unwrap();
    assert_eq!(done.action, Upserted::Updated);
    assert!(
        started.elapsed() >= Duration::from_millis(1900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fake.count("issues/update-comment"), 2);
    fake.assert_valid();
}

#[tokio::test]
async fn a_long_rate_limit_fails_at_once() {
    let fake = Fake::start().await;
    fake.fault(
        Fault::on_comments("GET", 429, json!({ "message": "slow down" }))
            .header("retry-after", "3600"),
    );
    let gh = client(&fake).await;
    let err = gh.list_comments(PR).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::RateLimited {
                retry_after_secs: Some(3600),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("in 3600 s"), "{err}");
    assert_eq!(fake.count("issues/list-comments"), 1);
}

#[tokio::test]
async fn a_401_says_the_token_is_invalid_or_expired() {
    let fake = Fake::start().await;
    fake.fault(Fault::bad_credentials());
    let gh = client(&fake).await;
    let err = gh.upsert_comment(PR, &body("verdict")).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("401 Unauthorized (Bad credentials): the token is invalid or expired"),
        "{text}"
    );
    assert!(!text.contains(TOKEN) && !format!("{err:?} {gh:?}").contains(TOKEN));
    assert_eq!(fake.state().requests.len(), 1, "a 401 is not retried");
    fake.assert_valid();
}

#[tokio::test]
async fn a_404_and_a_422_get_clear_messages() {
    let fake = Fake::start().await;
    let gh = client(&fake).await;
    // No such comment: the fake answers 404 like GitHub.
    let err = gh.update_comment(42, &body("x")).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("the repository or pull request does not exist, or the token cannot see it")
    );

    // GitHub's recorded 422 body (octokit/fixtures "errors").
    let recorded: Vec<Value> = serde_json::from_str(include_str!(
        "fixtures/github/octokit-fixtures/errors/normalized-fixture.json"
    ))
    .unwrap();
    fake.fault(Fault::on_comments(
        "POST",
        422,
        recorded[0]["response"].clone(),
    ));
    let err = gh.create_comment(PR, &body("x")).await.unwrap_err();
    match &err {
        Error::Unprocessable {
            message, errors, ..
        } => {
            assert_eq!(message, "Validation Failed");
            assert_eq!(errors, &vec!["Label.color invalid".to_owned()]);
        }
        other => panic!("expected Unprocessable, got {other:?}"),
    }
    assert!(
        err.to_string()
            .ends_with("422 Validation Failed: Label.color invalid"),
        "{err}"
    );
    fake.assert_valid();
}

#[tokio::test]
async fn a_body_over_65536_characters_is_cut_before_sending() {
    let fake = Fake::start().await;
    let gh = client(&fake).await;
    let verdict = Verdict {
        introduced: accordant::diag::Counts {
            errors: 2000,
            warnings: 0,
            infos: 0,
        },
        ..Verdict::default()
    };
    // A report that ignores its byte budget: 2,000 findings of ~70 characters,
    // each with a multi-byte character.
    let report = |_: usize| {
        (0..2000)
            .map(|i| format!("- ❌ **error** `C301` Activity `a{i}` has two accountable teams — `x.yaml:{i}:1`\n"))
            .collect::<String>()
    };
    assert!(report(0).chars().count() > comment::MAX_CHARS);
    let text = comment::body(
        &verdict,
        &report,
        Some("https://github.com/o/r/actions/runs/1"),
    );
    let done = gh.upsert_comment(PR, &text).await.unwrap();
    assert_eq!(done.action, Upserted::Created);
    let sent = fake.ours()[0]["body"].as_str().unwrap().to_owned();
    assert!(
        sent.chars().count() <= comment::MAX_CHARS,
        "{}",
        sent.chars().count()
    );
    assert!(sent.contains("[job summary](https://github.com/o/r/actions/runs/1)"));

    // The fake refuses an uncut body exactly as GitHub does.
    let err = gh.create_comment(PR, &body(&report(0))).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("body is too long (maximum is 65536 characters)"),
        "{err}"
    );
    fake.assert_valid();
}

#[tokio::test]
async fn check_run_annotations_go_in_batches_of_50() {
    let fake = Fake::start().await;
    let gh = client(&fake).await;
    let annotations: Vec<CheckAnnotation> = (1..=120)
        .map(|i| CheckAnnotation {
            path: "revops/responsibilities/handoffs.yaml".into(),
            start_line: i,
            end_line: i,
            start_column: Some(1),
            end_column: Some(10),
            annotation_level: if i % 2 == 0 { "failure" } else { "warning" },
            message: format!("finding {i}"),
            title: Some("C301 multiple-accountable".into()),
            raw_details: None,
        })
        .collect();
    let run = CheckRun {
        name: "accordant".into(),
        head_sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821".into(),
        conclusion: "failure",
        title: "1 change · 120 new errors".into(),
        summary: "### accordant review".into(),
        annotations,
    };
    let url = gh.create_check_run(&run).await.unwrap();
    assert_eq!(url, format!("https://github.com/{OWNER}/{REPO}/runs/4"));
    let bodies = fake.state().check_runs.clone();
    let sizes: Vec<usize> = bodies
        .iter()
        .map(|b| b["output"]["annotations"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, vec![50, 50, 20]);
    assert_eq!(bodies[0]["conclusion"], json!("failure"));
    assert_eq!(
        bodies[2]["output"]["annotations"][19]["message"],
        json!("finding 120")
    );
    assert_eq!(
        fake.log()[1],
        format!("PATCH /repos/{OWNER}/{REPO}/check-runs/4")
    );
    fake.assert_valid();
}

#[tokio::test]
async fn review_requests_name_the_logins() {
    let fake = Fake::start().await;
    let gh = client(&fake).await;
    gh.request_reviewers(PR, &["alice".into(), "bob".into()])
        .await
        .unwrap();
    assert_eq!(fake.state().reviewers, vec!["alice", "bob"]);
    assert_eq!(fake.count("pulls/request-reviewers"), 1);
    fake.assert_valid();
}

#[tokio::test]
async fn the_validator_rejects_what_github_would() {
    // The contract check itself must be able to fail.
    let api: Value = serde_json::from_str(include_str!(
        "fixtures/github/rest/api.github.com.accordant-endpoints.json"
    ))
    .unwrap();
    let comments = format!("/repos/{OWNER}/{REPO}/issues/{PR}/comments");
    assert_eq!(
        validate(&api, "POST", &comments, &[], Some(&json!({ "body": "hi" }))).unwrap(),
        "issues/create-comment"
    );
    assert!(validate(&api, "POST", &comments, &[], Some(&json!({ "text": "hi" }))).is_err());
    assert!(validate(&api, "POST", &comments, &[], None).is_err());
    assert!(validate(&api, "PUT", &comments, &[], None).is_err());
    let q = |k: &str, v: &str| vec![(k.to_owned(), v.to_owned())];
    assert!(validate(&api, "GET", &comments, &q("per_page", "100"), None).is_ok());
    assert!(validate(&api, "GET", &comments, &q("per_page", "all"), None).is_err());
    assert!(validate(&api, "GET", &comments, &q("pagesize", "10"), None).is_err());
    let bad_level = json!({ "name": "a", "head_sha": "abc", "output": { "title": "t", "summary": "s",
        "annotations": [{ "path": "a", "start_line": 1, "end_line": 1, "annotation_level": "error", "message": "m" }] } });
    let e = validate(
        &api,
        "POST",
        &format!("/repos/{OWNER}/{REPO}/check-runs"),
        &[],
        Some(&bad_level),
    )
    .unwrap_err();
    assert!(e.contains("checks/create"), "{e}");
}

#[tokio::test]
async fn github_enterprise_urls_keep_their_api_prefix() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let listing = format!("/api/v3/repos/{OWNER}/{REPO}/issues/{PR}/comments");
    let page2 = format!(
        "{}/api/v3/repositories/{REPO_ID}/issues/{PR}/comments?per_page=100&page=2",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path(listing.as_str()))
        .and(wiremock::matchers::query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", format!("<{page2}>; rel=\"next\"").as_str())
                .set_body_json(vec![comment_json(7, "hello")]),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/api/v3/repositories/{REPO_ID}/issues/{PR}/comments"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(vec![comment_json(8, "bye")]))
        .expect(1)
        .mount(&server)
        .await;
    let gh = client_for(&format!("{}/api/v3/", server.uri()), OWNER, REPO).await;
    let ids: Vec<u64> = gh
        .list_comments(PR)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, vec![7, 8]);

    // Every request, with the API prefix taken off, is one the REST description has.
    let api: Value = serde_json::from_str(include_str!(
        "fixtures/github/rest/api.github.com.accordant-endpoints.json"
    ))
    .unwrap();
    for r in server.received_requests().await.unwrap() {
        let p = r.url.path().strip_prefix("/api/v3").unwrap();
        let q: Vec<(String, String)> = r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        assert_eq!(
            validate(&api, "GET", p, &q, None).unwrap(),
            "issues/list-comments"
        );
        assert_eq!(
            r.headers.get("authorization").unwrap().to_str().unwrap(),
            format!("Bearer {TOKEN}")
        );
    }
}

#[tokio::test]
async fn plain_http_to_another_machine_is_refused() {
    let token = Token::new(TOKEN).unwrap();
    let slug = RepoSlug::parse(&format!("{OWNER}/{REPO}")).unwrap();
    let err = Client::new("http://ghe.example.com/api/v3", &token, slug, fast())
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(
            "`http://ghe.example.com/api/v3`: plain http:// would send the token unencrypted"
        ),
        "{text}"
    );
    // This machine is fine: the fake itself is plain http on 127.0.0.1.
    let fake = Fake::start().await;
    let gh = client_for(&fake.url().replace("127.0.0.1", "localhost"), OWNER, REPO).await;
    assert!(gh.list_comments(PR).await.unwrap().is_empty());
    fake.assert_valid();
}

/// A server on 127.0.0.1 that answers every request with `at_once` bytes of a 200
/// response and then drips the rest, one byte every `every`, as a stalled proxy
/// does. Bounded: each connection sends at most 200 bytes, and the server stops
/// accepting (and dripping) after `lifetime`, or when the client hangs up.
fn dripping_server(at_once: usize, every: Duration, lifetime: Duration) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let stop = Instant::now() + lifetime;
    std::thread::spawn(move || {
        while Instant::now() < stop {
            let Ok((mut conn, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            std::thread::spawn(move || {
                conn.set_nonblocking(false).unwrap();
                conn.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
                let mut request = [0u8; 4096];
                let _ = conn.read(&mut request);
                let body = " ".repeat(100_000);
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                let bytes = answer.as_bytes();
                if conn.write_all(&bytes[..at_once]).is_err() {
                    return;
                }
                for b in bytes[at_once..].iter().take(200) {
                    if Instant::now() >= stop {
                        return;
                    }
                    std::thread::sleep(every);
                    if conn.write_all(&[*b]).and_then(|()| conn.flush()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

/// A client of `url` with `policy`.
async fn client_with_policy(url: &str, policy: RetryPolicy) -> Client {
    let token = Token::new(TOKEN).unwrap();
    let slug = RepoSlug::parse(&format!("{OWNER}/{REPO}")).unwrap();
    Client::new(url, &token, slug, policy).await.unwrap()
}

#[tokio::test]
async fn a_dripping_body_fails_within_the_request_deadline() {
    // Headers at once, then one byte every 100 ms: no single read ever times out.
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n";
    let url = dripping_server(
        head.len(),
        Duration::from_millis(100),
        Duration::from_secs(8),
    );
    let policy = RetryPolicy {
        max_attempts: 2,
        request_timeout: Duration::from_millis(500),
        ..fast()
    };
    let gh = client_with_policy(&url, policy).await;
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(6), gh.list_comments(PR)).await;
    let elapsed = started.elapsed();
    let err = result.expect("the call ends by itself").unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("no complete answer (headers and body) within 0.5 s"),
        "{text}"
    );
    // Two attempts of 0.5 s and one short backoff.
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
    assert!(elapsed >= Duration::from_millis(1000), "{elapsed:?}");
}

#[tokio::test]
async fn dripping_headers_stop_at_the_runs_overall_deadline() {
    // Even the status line drips; every attempt times out, and the run's overall
    // deadline ends the retries before `max_attempts` would.
    let url = dripping_server(0, Duration::from_millis(100), Duration::from_secs(8));
    let policy = RetryPolicy {
        max_attempts: 20,
        request_timeout: Duration::from_millis(400),
        total_timeout: Duration::from_millis(1500),
        ..fast()
    };
    let gh = client_with_policy(&url, policy).await;
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(6), gh.list_comments(PR)).await;
    let elapsed = started.elapsed();
    let err = result.expect("the call ends by itself").unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Deadline { .. }), "{err:?}");
    assert!(
        text.contains("the GitHub requests of this run reached their overall limit of 1.5 s"),
        "{text}"
    );
    assert!(!err.is_transient());
    assert!(elapsed < Duration::from_millis(2200), "{elapsed:?}");
    // Later requests of the run fail at once.
    let started = Instant::now();
    let again = gh.list_comments(PR).await.unwrap_err();
    assert!(matches!(again, Error::Deadline { .. }), "{again:?}");
    assert!(started.elapsed() < Duration::from_millis(100));
}

#[tokio::test]
async fn a_20_mb_error_body_is_cut_to_a_short_message() {
    let fake = Fake::start().await;
    let huge = "A".repeat(20 * 1024 * 1024);
    fake.fault(Fault::fork_cannot_comment());
    fake.state().faults[0].body = json!({ "message": huge });
    let gh = client(&fake).await;
    let err = gh.upsert_comment(PR, &body("verdict")).await.unwrap_err();
    let Error::Forbidden { message, .. } = &err else {
        panic!("expected Forbidden, got {err:?}");
    };
    assert!(message.chars().count() <= 501, "{}", message.len());
    assert!(message.starts_with("{\"message\":\"AAAA"), "{message}");
    assert!(err.to_string().chars().count() < 1000);
    fake.assert_valid();
}

#[tokio::test]
async fn an_error_body_is_read_only_up_to_64_kib() {
    // 502 with a 20 MB body: the first MiB at once, then a pause. Reading stops
    // after 64 KiB, so the answer is judged long before the rest could arrive.
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let Ok((mut conn, _)) = listener.accept() else {
            return;
        };
        conn.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
        let _ = conn.read(&mut [0u8; 4096]);
        let len = 20 * 1024 * 1024;
        let head = format!(
            "HTTP/1.1 403 Forbidden\r\ncontent-type: text/html\r\ncontent-length: {len}\r\n\r\n"
        );
        let _ = conn.write_all(head.as_bytes());
        let _ = conn.write_all(&vec![b'x'; 1024 * 1024]);
        std::thread::sleep(Duration::from_secs(5));
        // Bounded: the rest, unless the client has long hung up.
        let _ = conn.write_all(&vec![b'x'; len - 1024 * 1024]);
    });
    let gh = client_with_policy(&url, fast()).await;
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(20), gh.list_comments(PR)).await;
    let elapsed = started.elapsed();
    let err = result.expect("the call ends by itself").unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(err.to_string().chars().count() < 1000, "{err}");
}

#[tokio::test]
async fn control_characters_in_error_messages_are_shown_not_sent() {
    let fake = Fake::start().await;
    let hostile = "Resource not accessible\u{1b}[2J\n::error::forged\r\n##[add-mask]x\u{7}";
    fake.fault(Fault::on_comments(
        "POST",
        422,
        json!({ "message": hostile, "errors": [{ "message": "bad\n::warning::field" }, "raw\u{1b}]8;;x"] }),
    ));
    let gh = client(&fake).await;
    let err = gh.upsert_comment(PR, &body("verdict")).await.unwrap_err();
    let text = err.to_string();
    assert!(
        !text.chars().any(char::is_control),
        "control characters reach the log: {text:?}"
    );
    assert!(
        text.contains(
            "Resource not accessible\\x1b[2J\\n::error::forged\\r\\n##\\[add-mask]x\\x07"
        ),
        "{text}"
    );
    assert!(
        text.contains("bad\\n::warning::field; raw\\x1b]8;;x"),
        "{text}"
    );
    fake.assert_valid();
}
