//! `accordant lsp`: a language server on standard input and output.
//!
//! Built on rust-analyzer's `lsp-server` (message framing, the initialize and
//! shutdown handshake, a reader and a writer thread) and the `lsp-types`
//! protocol types. The server is synchronous: one loop takes a message at a
//! time; checking runs the same pipeline as `check` (rayon inside the rules), on
//! a [`workspace::Workspace`] that reads the repo once, parses again only the
//! file the editor changed and re-runs only the rules the edit can affect
//! (`docs/editors.md`, "How an edit is checked"). Notifications that arrive together are handled
//! before one check runs, so typing fast checks once per pause, not per key.

pub mod complete;
pub mod convert;
pub mod features;
pub mod symbols;
pub mod workspace;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, Diagnostic as LspDiagnostic, OneOf,
    PublishDiagnosticsParams, RenameOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, Url, WorkDoneProgressOptions,
};

use crate::date::Date;
use crate::diag::Diagnostic;
use crate::source::FileId;
use workspace::Workspace;

/// The capabilities the server announces.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), "@".into(), "-".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Serves the protocol on stdin/stdout until the client says `exit`.
pub fn serve_stdio(today: Date) -> anyhow::Result<()> {
    let (connection, io) = Connection::stdio();
    serve(&connection, today)?;
    drop(connection);
    io.join()?;
    Ok(())
}

/// The folder the client opened: the first workspace folder, or the root URI.
#[allow(deprecated)] // root_uri and root_path are what older clients send
fn workspace_folder(params: &lsp_types::InitializeParams) -> PathBuf {
    let from_uri = |u: &Url| u.to_file_path().ok();
    params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| from_uri(&f.uri))
        .or_else(|| params.root_uri.as_ref().and_then(from_uri))
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs the server on a connection (the protocol tests use an in-memory one).
pub fn serve(connection: &Connection, today: Date) -> anyhow::Result<()> {
    let caps = serde_json::to_value(capabilities())?;
    let init = connection.initialize(caps)?;
    let params: lsp_types::InitializeParams = serde_json::from_value(init)?;
    let mut server = Server {
        ws: Workspace::new(&workspace_folder(&params), today),
        published: HashMap::new(),
        findings: HashMap::new(),
        dirty: true,
    };
    // The first diagnostics: the whole repo, as `check` sees it.
    server.publish(connection)?;
    loop {
        let Ok(msg) = connection.receiver.recv() else {
            return Ok(());
        };
        match msg {
            Message::Request(r) => {
                if connection.handle_shutdown(&r)? {
                    return Ok(());
                }
                if server.dirty {
                    server.publish(connection)?;
                }
                let resp = server.request(r);
                connection.sender.send(Message::Response(resp))?;
            }
            Message::Notification(n) => {
                if n.method == note::Exit::METHOD {
                    return Ok(());
                }
                server.notification(n);
                // Check once the burst of edits is over.
                if server.dirty && connection.receiver.is_empty() {
                    server.publish(connection)?;
                }
            }
            Message::Response(_) => {}
        }
    }
}

struct Server {
    ws: Workspace,
    /// URI -> the diagnostics last published for it (to clear and to skip
    /// files whose findings did not change).
    published: HashMap<Url, Vec<LspDiagnostic>>,
    /// Per file: its URI and the findings it was last published with, so that
    /// a check converts only the files whose findings changed.
    findings: HashMap<FileId, (Url, Vec<Diagnostic>)>,
    dirty: bool,
}

impl Server {
    fn rel(&self, uri: &Url) -> Option<String> {
        self.ws.rel(&uri.to_file_path().ok()?)
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                    && let Some(rel) = self.rel(&p.text_document.uri)
                {
                    self.ws.set_overlay(&rel, Some(p.text_document.text));
                    self.dirty = true;
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                    && let Some(rel) = self.rel(&p.text_document.uri)
                    && let Some(change) = p.content_changes.into_iter().last()
                {
                    // Full sync: the last change holds the whole text.
                    self.ws.set_overlay(&rel, Some(change.text));
                    self.dirty = true;
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params)
                    && let Some(rel) = self.rel(&p.text_document.uri)
                {
                    if let Some(text) = p.text {
                        self.ws.set_overlay(&rel, Some(text));
                    }
                    self.ws.file_changed_on_disk(&rel);
                    self.dirty = true;
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                    && let Some(rel) = self.rel(&p.text_document.uri)
                {
                    // The disk's text counts again.
                    self.ws.set_overlay(&rel, None);
                    self.dirty = true;
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params)
                {
                    for c in p.changes {
                        if let Some(rel) = self.rel(&c.uri) {
                            self.ws.file_changed_on_disk(&rel);
                            self.dirty = true;
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Checks the repo and publishes the diagnostics of every file whose
    /// findings changed, clearing those that have none now.
    fn publish(&mut self, connection: &Connection) -> anyhow::Result<()> {
        self.dirty = false;
        let root = self.ws.root.clone();
        if let Err(e) = self.ws.check() {
            let text = format!("accordant could not load the repo: {e:#}");
            let params = lsp_types::ShowMessageParams {
                typ: lsp_types::MessageType::ERROR,
                message: text,
            };
            connection
                .sender
                .send(Message::Notification(Notification::new(
                    note::ShowMessage::METHOD.to_string(),
                    params,
                )))?;
            return Ok(());
        }
        let edited = self.ws.take_edited();
        let Some(checked) = self.ws.current() else {
            return Ok(());
        };
        let send = |uri: &Url, diagnostics: &[LspDiagnostic]| {
            connection
                .sender
                .send(Message::Notification(Notification::new(
                    note::PublishDiagnostics::METHOD.to_string(),
                    PublishDiagnosticsParams {
                        uri: uri.clone(),
                        diagnostics: diagnostics.to_vec(),
                        version: None,
                    },
                )))
                .map_err(|e| anyhow::anyhow!("the client went away: {e}"))
        };
        crate::timings::time("lsp: to LSP diagnostics", || -> anyhow::Result<()> {
            let sources = &checked.repo.sources;
            let mut by_file: HashMap<FileId, Vec<&Diagnostic>> = HashMap::new();
            for d in &checked.diagnostics {
                if d.severity != crate::diag::Severity::Off {
                    by_file.entry(d.primary.file).or_default().push(d);
                }
            }
            // After a reload every file is converted again; after edits, only
            // the files whose findings changed or point into an edited file
            // (its lines, and so the UTF-16 columns, may have moved).
            let all = edited.is_none();
            let edited = edited.unwrap_or_default();
            if all {
                self.findings.clear();
            }
            let points_into_edited = |d: &Diagnostic| {
                edited.contains(&d.primary.file)
                    || d.secondary.iter().any(|l| edited.contains(&l.file))
            };
            let mut seen: HashSet<Url> = HashSet::new();
            for (file, ds) in &by_file {
                if let Some((uri, old)) = self.findings.get(file)
                    && old.len() == ds.len()
                    && old.iter().zip(ds).all(|(a, b)| a == *b)
                    && !ds.iter().any(|d| points_into_edited(d))
                {
                    seen.insert(uri.clone());
                    continue;
                }
                let Some(uri) = convert::uri(&root, sources.path(*file)) else {
                    continue;
                };
                let lsp: Vec<LspDiagnostic> = ds
                    .iter()
                    .filter_map(|d| features::diagnostic(&root, sources, d).map(|(_, l)| l))
                    .collect();
                if self.published.get(&uri) != Some(&lsp) {
                    send(&uri, &lsp)?;
                    self.published.insert(uri.clone(), lsp);
                }
                seen.insert(uri.clone());
                self.findings
                    .insert(*file, (uri, ds.iter().map(|d| (*d).clone()).collect()));
            }
            self.findings.retain(|file, _| by_file.contains_key(file));
            // Files that had findings and have none now: clear them.
            let gone: Vec<Url> = self
                .published
                .keys()
                .filter(|u| !seen.contains(*u))
                .cloned()
                .collect();
            for uri in gone {
                self.published.remove(&uri);
                send(&uri, &[])?;
            }
            Ok(())
        })?;
        crate::timings::print();
        Ok(())
    }

    fn request(&mut self, r: Request) -> Response {
        let id = r.id.clone();
        let result = self.answer(r);
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(e) => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                format!("{e:#}"),
            ),
        }
    }

    fn answer(&mut self, r: Request) -> anyhow::Result<serde_json::Value> {
        let root = self.ws.root.clone();
        let Some(checked) = self.ws.current() else {
            return Ok(serde_json::Value::Null);
        };
        let f = features::Features {
            root: &root,
            checked,
        };
        let json = |v: &dyn erased::Ser| v.to_json();
        Ok(match r.method.as_str() {
            req::HoverRequest::METHOD => json(&f.hover(&serde_json::from_value(r.params)?)),
            req::GotoDefinition::METHOD => json(&f.definition(&serde_json::from_value(r.params)?)),
            req::References::METHOD => json(&f.references(&serde_json::from_value(r.params)?)),
            req::DocumentSymbolRequest::METHOD => {
                json(&f.document_symbols(&serde_json::from_value(r.params)?))
            }
            req::WorkspaceSymbolRequest::METHOD => {
                json(&f.workspace_symbols(&serde_json::from_value(r.params)?))
            }
            req::Completion::METHOD => json(&f.completion(&serde_json::from_value(r.params)?)),
            req::PrepareRenameRequest::METHOD => {
                json(&f.prepare_rename(&serde_json::from_value(r.params)?))
            }
            req::Rename::METHOD => json(&f.rename(&serde_json::from_value(r.params)?)),
            req::CodeActionRequest::METHOD => {
                json(&f.code_actions(&serde_json::from_value(r.params)?))
            }
            other => anyhow::bail!("accordant lsp does not answer `{other}`"),
        })
    }
}

/// Answers of any type, as JSON.
mod erased {
    pub trait Ser {
        fn to_json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}
