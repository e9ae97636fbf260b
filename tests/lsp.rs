//! `accordant lsp` driven over stdio with real LSP messages (Content-Length
//! framed JSON-RPC) on `examples/acme`: diagnostics on open and change (also in
//! other files), hover, definition, references, symbols, completion, rename,
//! code actions, and a clean shutdown.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next: i64,
    /// Notifications seen while waiting for responses.
    pending: Vec<Value>,
}

fn acme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/acme")
        .canonicalize()
        .unwrap()
}

fn uri(rel: &str) -> String {
    format!("file://{}/{rel}", acme().display())
}

fn text(rel: &str) -> String {
    std::fs::read_to_string(acme().join(rel)).unwrap()
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accordant"))
            .args(["lsp", "--stdio", "--today", "2026-12-01"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next: 1,
            pending: Vec::new(),
        };
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": format!("file://{}", acme().display()),
                "capabilities": {},
                "workspaceFolders": [{"uri": format!("file://{}", acme().display()), "name": "acme"}]
            }),
        );
        let caps = &init["capabilities"];
        for cap in [
            "hoverProvider",
            "definitionProvider",
            "referencesProvider",
            "renameProvider",
            "codeActionProvider",
            "completionProvider",
            "documentSymbolProvider",
            "workspaceSymbolProvider",
        ] {
            assert!(!caps[cap].is_null(), "{cap} announced: {caps}");
        }
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let msg = self
                .rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|e| panic!("no answer to {method}: {e}"));
            if msg["id"] == json!(id) {
                assert!(msg["error"].is_null(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.pending.push(msg);
        }
    }

    /// The next diagnostics published for `uri` that satisfy `want`.
    fn diagnostics_for(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && want(m["params"]["diagnostics"].as_array().unwrap())
        };
        if let Some(i) = self.pending.iter().position(matches) {
            let m = self.pending.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match self
                .rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(m) if matches(&m) => {
                    return m["params"]["diagnostics"].as_array().unwrap().clone();
                }
                Ok(m) => self.pending.push(m),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!(
                        "no matching diagnostics for {uri}; seen: {:?}",
                        self.pending
                    )
                }
            }
        }
    }

    fn open(&mut self, rel: &str, body: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(rel), "languageId": "yaml", "version": 1, "text": body}}),
        );
    }

    fn change(&mut self, rel: &str, version: i32, body: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(rel), "version": version}, "contentChanges": [{"text": body}]}),
        );
    }

    fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null());
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The LSP position (0-based) of the `nth` occurrence of `needle` in `body`,
/// `plus` characters into it.
fn pos_of(body: &str, needle: &str, nth: usize, plus: usize) -> Value {
    let at = body
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} in text"))
        .0
        + plus;
    let line = body[..at].matches('\n').count();
    let col = at - body[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

fn doc_pos(rel: &str, p: Value) -> Value {
    json!({"textDocument": {"uri": uri(rel)}, "position": p})
}

#[test]
fn diagnostics_follow_the_buffers_across_files() {
    let mut c = Client::start();
    let rel = "responsibilities/demand.yaml";
    let body = text(rel);
    c.open(rel, &body);
    // A second Accountable team, not saved: the buffer wins over the disk.
    let two = body.replacen(
        "accountable: marketing\n",
        "accountable: [marketing, sales]\n",
        1,
    );
    c.change(rel, 2, &two);
    let diags = c.diagnostics_for(&uri(rel), |d| !d.is_empty());
    let c301 = diags
        .iter()
        .find(|d| d["code"] == "C301")
        .unwrap_or_else(|| panic!("C301 in {diags:?}"));
    assert_eq!(c301["severity"], 1, "an error");
    assert_eq!(c301["source"], "accordant");
    assert!(
        c301["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("src/rules/docs/C301.md")
    );
    assert_eq!(
        c301["range"]["start"]["line"],
        pos_of(&two, "accountable: [", 0, 0)["line"],
        "{c301}"
    );
    // Back to the saved text: the finding is cleared.
    c.change(rel, 3, &body);
    c.diagnostics_for(&uri(rel), <[Value]>::is_empty);

    // Renaming a team's id in its own file makes references in other files dangle.
    let team = "teams/sdr.yaml";
    let tbody = text(team);
    c.open(team, &tbody);
    c.change(team, 2, &tbody.replacen("id: sdr\n", "id: sdr-team\n", 1));
    let other = c.diagnostics_for(&uri(rel), |d| d.iter().any(|x| x["code"] == "R201"));
    let r201 = other.iter().find(|d| d["code"] == "R201").unwrap();
    assert!(
        r201["message"].as_str().unwrap().contains("`sdr`"),
        "{r201}"
    );
    c.change(team, 3, &tbody);
    c.diagnostics_for(&uri(rel), <[Value]>::is_empty);
    c.shutdown();
}

#[test]
fn hover_definition_references_symbols_and_completion() {
    let mut c = Client::start();
    let rel = "responsibilities/demand.yaml";
    let body = text(rel);
    c.open(rel, &body);
    let on_marketing = pos_of(&body, "accountable: marketing", 0, 14);

    let hover = c.request("textDocument/hover", doc_pos(rel, on_marketing.clone()));
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Team Marketing"), "{md}");
    assert!(md.contains("@claire-dubois"), "the lead: {md}");
    assert!(md.contains("#revenue-team"), "the channel: {md}");

    let def = c.request(
        "textDocument/definition",
        doc_pos(rel, on_marketing.clone()),
    );
    assert_eq!(def[0]["uri"], uri("teams/marketing.yaml"), "{def}");
    assert_eq!(def[0]["range"]["start"]["line"], 2, "{def}");

    let mut refs_params = doc_pos(rel, on_marketing.clone());
    refs_params["context"] = json!({"includeDeclaration": true});
    let refs = c.request("textDocument/references", refs_params);
    let files: std::collections::BTreeSet<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert!(files.len() >= 4, "references in many files: {files:?}");
    assert!(files.contains(uri("teams/marketing.yaml").as_str()));

    // A metric: its definition.
    let goal = "goals/company.yaml";
    let gbody = text(goal);
    c.open(goal, &gbody);
    let h = c.request(
        "textDocument/hover",
        doc_pos(goal, pos_of(&gbody, "metric: arr", 0, 9)),
    );
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("Metric"),
        "{h}"
    );

    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(rel)}}),
    );
    let names: Vec<&str> = syms
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"lead-scoring") && names.contains(&"icp-definition"),
        "{names:?}"
    );

    let ws = c.request("workspace/symbol", json!({"query": "pipeline"}));
    assert!(
        ws.as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "weekly-pipeline"),
        "{ws}"
    );

    // Completion: parties after `accountable:`, fields at the start of a line,
    // enum values per kind.
    let edited = body.replacen("accountable: marketing\n", "accountable: \n", 1);
    c.change(rel, 2, &edited);
    let items = c.request(
        "textDocument/completion",
        doc_pos(rel, pos_of(&edited, "accountable: \n", 0, 13)),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"marketing") && labels.contains(&"@claire-dubois"),
        "{labels:?}"
    );

    let fields_text = body.replacen(
        "informed: [customer-success]\n",
        "informed: [customer-success]\nha\n",
        1,
    );
    c.change(rel, 3, &fields_text);
    let items = c.request(
        "textDocument/completion",
        doc_pos(rel, pos_of(&fields_text, "\nha\n", 0, 3)),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"handoff") && labels.contains(&"consulted"),
        "{labels:?}"
    );
    c.shutdown();
}

#[test]
fn rename_and_code_actions() {
    let mut c = Client::start();
    let rel = "responsibilities/demand.yaml";
    let body = text(rel);
    c.open(rel, &body);
    let at = pos_of(&body, "accountable: marketing", 0, 16);
    let prep = c.request("textDocument/prepareRename", doc_pos(rel, at.clone()));
    assert_eq!(prep["placeholder"], "marketing", "{prep}");
    let mut params = doc_pos(rel, at);
    params["newName"] = json!("demand-gen");
    let edit = c.request("textDocument/rename", params);
    let docs = edit["documentChanges"].as_array().unwrap();
    assert!(docs.len() >= 4, "every file naming it: {edit}");
    let team = docs
        .iter()
        .find(|d| d["textDocument"]["uri"] == uri("teams/marketing.yaml"))
        .expect("the definition is renamed too");
    assert_eq!(team["edits"][0]["newText"], "demand-gen");
    assert_eq!(
        edit["changeAnnotations"]["accordant-rename"]["needsConfirmation"],
        true
    );

    // A party both Consulted and Informed: the quick fix removes it from `informed`.
    let broken = body.replacen(
        "informed: [customer-success]\n",
        "informed: [customer-success, sales]\n",
        1,
    );
    c.change(rel, 2, &broken);
    let diags = c.diagnostics_for(&uri(rel), |d| d.iter().any(|x| x["code"] == "C304"));
    let c304 = diags.iter().find(|d| d["code"] == "C304").unwrap().clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(rel)}, "range": c304["range"], "context": {"diagnostics": [c304]}}),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .contains("Remove `sales` from `informed`")
        })
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true);
    let edits = &action["edit"]["changes"][uri(rel)];
    assert_eq!(edits[0]["newText"], "");
    let line = pos_of(&broken, ", sales]", 0, 0);
    assert_eq!(edits[0]["range"]["start"], line, "{edits}");
    c.shutdown();
}

#[test]
fn broken_yaml_and_bad_requests_do_not_stop_the_server() {
    let mut c = Client::start();
    let rel = "teams/sdr.yaml";
    let body = text(rel);
    c.open(rel, &body);
    c.change(rel, 2, "kind: Team\nid: [sdr\n\u{0}\u{7}");
    let diags = c.diagnostics_for(&uri(rel), |d| !d.is_empty());
    assert!(
        diags
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with('P')),
        "a load finding: {diags:?}"
    );
    // Parameters of the wrong shape get an error answer, and the server goes on.
    let id = 9_999;
    c.send(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"nonsense": true}}));
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let m =
            c.rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap();
        if m["id"] == json!(id) {
            assert!(!m["error"].is_null(), "{m}");
            break;
        }
    }
    // A position past the end of the file answers nothing rather than failing.
    let h = c.request(
        "textDocument/hover",
        doc_pos(rel, json!({"line": 999, "character": 999})),
    );
    assert!(h.is_null(), "{h}");
    c.change(rel, 3, &body);
    c.diagnostics_for(&uri(rel), <[Value]>::is_empty);
    c.shutdown();
}
