//! The answers of the language server, computed from one check of the repo.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    AnnotatedTextEdit, ChangeAnnotation, CodeAction, CodeActionKind, CodeActionOrCommand,
    CodeActionParams, CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse,
    DiagnosticRelatedInformation, DiagnosticSeverity, DocumentChanges, DocumentSymbol,
    DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse,
    Hover, HoverContents, HoverParams, Location, MarkupContent, MarkupKind, NumberOrString, OneOf,
    OptionalVersionedTextDocumentIdentifier, PrepareRenameResponse, ReferenceParams, RenameParams,
    SymbolInformation, SymbolKind, TextDocumentEdit, TextDocumentPositionParams, TextEdit, Url,
    WorkspaceEdit, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use super::convert;
use super::symbols::{self, Sym};
use crate::diag::{Diagnostic, Safety, Severity};
use crate::escape;
use crate::load::yaml::{Pos, Span};
use crate::model::Kind;
use crate::pipeline::Checked;
use crate::source::FileId;

/// One finding as the editor shows it, with the URI of its file; `None` for a
/// finding that is off or whose file has no URI.
pub fn diagnostic(
    root: &Path,
    sources: &crate::source::SourceDb,
    d: &Diagnostic,
) -> Option<(Url, lsp_types::Diagnostic)> {
    if d.severity == Severity::Off {
        return None;
    }
    let uri = convert::uri(root, sources.path(d.primary.file))?;
    let t = sources.text(d.primary.file);
    let related = d
        .secondary
        .iter()
        .filter_map(|l| {
            let uri = convert::uri(root, sources.path(l.file))?;
            let t = sources.text(l.file);
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri,
                    range: convert::range(t.as_deref(), l.span),
                },
                message: l.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let mut message = d.message.clone();
    for n in &d.notes {
        message.push_str(&format!("\nnote: {n}"));
    }
    if let Some(h) = &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    let lsp = lsp_types::Diagnostic {
        range: convert::range(t.as_deref(), d.primary.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            _ => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: Url::parse(&crate::report::sarif::rule_doc_url(d.code))
            .ok()
            .map(|href| lsp_types::CodeDescription { href }),
        source: Some("accordant".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::Value::String(d.fingerprint.clone())),
    };
    Some((uri, lsp))
}

/// The answers, over one check.
pub struct Features<'a> {
    pub root: &'a Path,
    pub checked: &'a Checked,
}

impl Features<'_> {
    fn file(&self, uri: &Url) -> Option<FileId> {
        let path = uri.to_file_path().ok()?;
        let canon = path.canonicalize().unwrap_or(path);
        let rel = canon.strip_prefix(self.root).ok()?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        let sources = &self.checked.repo.sources;
        (0..sources.len())
            .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
            .find(|f| sources.path(*f) == rel)
    }

    fn text(&self, file: FileId) -> Option<std::sync::Arc<str>> {
        self.checked.repo.sources.text(file)
    }

    fn uri(&self, file: FileId) -> Option<Url> {
        convert::uri(self.root, self.checked.repo.sources.path(file))
    }

    fn location(&self, file: FileId, span: Span) -> Option<Location> {
        Some(Location {
            uri: self.uri(file)?,
            range: convert::range(self.text(file).as_deref(), span),
        })
    }

    /// The file and accordant position of a text-document position.
    fn at(&self, p: &TextDocumentPositionParams) -> Option<(FileId, Pos)> {
        let file = self.file(&p.text_document.uri)?;
        let text = self.text(file)?;
        Some((file, convert::pos(&text, p.position)))
    }

    fn sym_at(&self, p: &TextDocumentPositionParams) -> Option<(Sym, FileId, Span)> {
        let (file, pos) = self.at(p)?;
        let repo = &self.checked.repo;
        let (sym, span) =
            symbols::at(&repo.model, &repo.config, repo.model.config_file, file, pos)?;
        Some((sym, file, span))
    }

    pub fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let (file, pos) = self.at(&p.text_document_position_params)?;
        let text = self.text(file);
        let on_finding = self
            .checked
            .diagnostics
            .iter()
            .find(|d| d.primary.file == file && convert::contains(d.primary.span, pos));
        let (value, span) = if let Some(d) = on_finding {
            (finding_hover(d), d.primary.span)
        } else {
            let (sym, _, span) = self.sym_at(&p.text_document_position_params)?;
            (self.describe(&sym)?, span)
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(convert::range(text.as_deref(), span)),
        })
    }

    /// What a symbol is, in Markdown (repo text escaped).
    fn describe(&self, sym: &Sym) -> Option<String> {
        let m = &self.checked.repo.model;
        let md = |s: &str| escape::markdown(s);
        let list = |v: &[&str]| {
            v.iter()
                .map(|s| format!("`{}`", escape::markdown_code(s)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Some(match sym {
            Sym::Entity(Kind::Team, id) => {
                let t = m.team(id)?;
                let leads: Vec<&str> = t.leads.iter().map(|l| l.value.as_str()).collect();
                let channels: Vec<&str> = t.channels.iter().map(|c| c.name.as_str()).collect();
                format!(
                    "**Team {}** (`{}`)\n\nLead: {}\n\nChannel: {}\n\n{} member{}",
                    md(&t.name),
                    escape::markdown_code(id),
                    if leads.is_empty() {
                        "none".into()
                    } else {
                        list(&leads)
                    },
                    if channels.is_empty() {
                        "none".into()
                    } else {
                        list(&channels)
                    },
                    t.members.len(),
                    if t.members.len() == 1 { "" } else { "s" }
                )
            }
            Sym::Entity(Kind::Metric, id) => {
                let x = m.metric(id)?;
                format!(
                    "**Metric {}** (`{}`), owned by `{}`\n\n{}",
                    md(&x.name),
                    escape::markdown_code(id),
                    escape::markdown_code(&x.owner),
                    md(&x.definition)
                )
            }
            Sym::Entity(Kind::Goal, id) => {
                let g = m.goal(id)?;
                let owners: Vec<&str> = g.owners.iter().map(|o| o.value.as_str()).collect();
                let num = |x: Option<f64>| x.map_or("none".to_string(), |v| v.to_string());
                format!(
                    "**Goal {}** (`{}`)\n\nTarget: {} (baseline {}){}\n\nOwners: {}\n\nPeriod: `{}`",
                    md(&g.title),
                    escape::markdown_code(id),
                    num(g.target.as_ref().map(|t| t.value)),
                    num(g.baseline.as_ref().map(|t| t.value)),
                    g.metric
                        .as_ref()
                        .map(|x| format!(" on `{}`", escape::markdown_code(x)))
                        .unwrap_or_default(),
                    list(&owners),
                    escape::markdown_code(&g.period)
                )
            }
            Sym::Entity(Kind::Agreement, id) => {
                let a = m.agreement(id)?;
                let parties: Vec<&str> = a.parties.iter().map(|p| p.value.as_str()).collect();
                format!(
                    "**Agreement {}** (`{}`)\n\nParties: {}\n\n{} commitment{}",
                    md(&a.name),
                    escape::markdown_code(id),
                    list(&parties),
                    a.commitments.len(),
                    if a.commitments.len() == 1 { "" } else { "s" }
                )
            }
            Sym::Entity(Kind::Ritual, id) => {
                let r = m.ritual(id)?;
                let cadence = serde_json::to_value(r.cadence.value)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                format!(
                    "**Ritual {}** (`{}`)\n\n{}{}, run by `{}`",
                    md(&r.name),
                    escape::markdown_code(id),
                    md(&cadence),
                    r.day
                        .as_ref()
                        .map(|d| format!(" on {}", md(d)))
                        .unwrap_or_default(),
                    escape::markdown_code(&r.dri)
                )
            }
            Sym::Entity(Kind::Responsibility, id) => {
                let r = m.responsibility(id)?;
                format!(
                    "**Responsibility** `{}`: {}",
                    escape::markdown_code(id),
                    md(&r.activity)
                )
            }
            Sym::Entity(Kind::Incentive, id) => {
                let i = m.incentive(id)?;
                format!(
                    "**Incentive {}** (`{}`), period `{}`, {} component{}",
                    md(&i.name),
                    escape::markdown_code(id),
                    escape::markdown_code(&i.period),
                    i.components.len(),
                    if i.components.len() == 1 { "" } else { "s" }
                )
            }
            Sym::Person(h) => {
                let teams = m.teams_of_person(h);
                let member = teams.iter().find_map(|t| {
                    t.members
                        .iter()
                        .find(|x| x.github.trim_start_matches('@').eq_ignore_ascii_case(h))
                });
                let names: Vec<&str> = teams.iter().map(|t| t.id.value.as_str()).collect();
                format!(
                    "**@{}**{}{}\n\nTeams: {}",
                    escape::markdown(h),
                    member
                        .map(|x| format!(" — {}", md(&x.name)))
                        .unwrap_or_default(),
                    member
                        .and_then(|x| x.role.as_ref())
                        .map(|r| format!(", {}", md(r)))
                        .unwrap_or_default(),
                    if names.is_empty() {
                        "none".into()
                    } else {
                        list(&names)
                    }
                )
            }
            Sym::Period(p) => {
                let x = self.checked.repo.config.period(p)?;
                format!(
                    "**Period** `{}`: {} to {}",
                    escape::markdown_code(p),
                    md(&x.start),
                    md(&x.end)
                )
            }
        })
    }

    pub fn definition(&self, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let (sym, _, _) = self.sym_at(&p.text_document_position_params)?;
        let repo = &self.checked.repo;
        let locs: Vec<Location> =
            symbols::definition(&repo.model, &repo.config, repo.model.config_file, &sym)
                .into_iter()
                .filter_map(|(f, s)| self.location(f, s))
                .collect();
        Some(GotoDefinitionResponse::Array(locs))
    }

    pub fn references(&self, p: &ReferenceParams) -> Option<Vec<Location>> {
        let (sym, _, _) = self.sym_at(&p.text_document_position)?;
        let repo = &self.checked.repo;
        Some(
            symbols::places(&repo.model, &repo.config, repo.model.config_file, &sym)
                .into_iter()
                .filter(|pl| p.context.include_declaration || !pl.is_definition)
                .filter_map(|pl| self.location(pl.file, pl.span))
                .collect(),
        )
    }

    pub fn document_symbols(&self, p: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
        let file = self.file(&p.text_document.uri)?;
        let text = self.text(file);
        #[allow(deprecated)] // `deprecated` is a required field of the type
        let syms = symbols::defs(&self.checked.repo.model)
            .into_iter()
            .filter(|d| d.loc.file == file)
            .map(|d| {
                let selection = convert::range(text.as_deref(), d.id.span);
                let mut range = convert::range(text.as_deref(), d.loc.span);
                if range.start > selection.start || range.end < selection.end {
                    range = selection;
                }
                DocumentSymbol {
                    name: d.id.value.clone(),
                    detail: Some(format!("{} {}", d.kind.as_str(), d.title)),
                    kind: symbol_kind(d.kind),
                    tags: None,
                    deprecated: None,
                    range,
                    selection_range: selection,
                    children: None,
                }
            })
            .collect();
        Some(DocumentSymbolResponse::Nested(syms))
    }

    pub fn workspace_symbols(&self, p: &WorkspaceSymbolParams) -> Option<WorkspaceSymbolResponse> {
        let q = p.query.to_lowercase();
        #[allow(deprecated)] // `deprecated` is a required field of the type
        let syms = symbols::defs(&self.checked.repo.model)
            .into_iter()
            .filter(|d| {
                q.is_empty()
                    || d.id.value.to_lowercase().contains(&q)
                    || d.title.to_lowercase().contains(&q)
            })
            .take(500)
            .filter_map(|d| {
                Some(SymbolInformation {
                    name: d.id.value.clone(),
                    kind: symbol_kind(d.kind),
                    tags: None,
                    deprecated: None,
                    location: self.location(d.loc.file, d.id.span)?,
                    container_name: Some(format!("{} {}", d.kind.as_str(), d.title)),
                })
            })
            .collect();
        Some(WorkspaceSymbolResponse::Flat(syms))
    }

    pub fn prepare_rename(&self, p: &TextDocumentPositionParams) -> Option<PrepareRenameResponse> {
        let (sym, file, span) = self.sym_at(p)?;
        let text = self.text(file)?;
        let placeholder = match &sym {
            Sym::Person(h) => format!("@{h}"),
            Sym::Entity(_, id) | Sym::Period(id) => id.clone(),
        };
        Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: convert::range(Some(&text), span),
            placeholder,
        })
    }

    /// Renames an id in every file that names it, as one edit the client shows
    /// for confirmation (a change annotation with `needsConfirmation`).
    pub fn rename(&self, p: &RenameParams) -> Option<WorkspaceEdit> {
        let (sym, _, _) = self.sym_at(&p.text_document_position)?;
        let new = p.new_name.trim().trim_start_matches('@').to_string();
        if new.is_empty() {
            return None;
        }
        let repo = &self.checked.repo;
        let places = symbols::places(&repo.model, &repo.config, repo.model.config_file, &sym);
        let mut by_file: std::collections::BTreeMap<FileId, Vec<(Span, String)>> =
            std::collections::BTreeMap::new();
        for pl in places {
            let value = if pl.at_sign {
                format!("@{new}")
            } else {
                new.clone()
            };
            by_file.entry(pl.file).or_default().push((pl.span, value));
        }
        let annotation = "accordant-rename".to_string();
        let mut docs = Vec::new();
        for (file, edits) in by_file {
            let text = self.text(file)?;
            let uri = self.uri(file)?;
            let mut out = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for (span, value) in edits {
                if !seen.insert(span) {
                    continue;
                }
                let edit = crate::diag::Edit::scalar(file, span, value);
                let resolved = crate::fix::resolve(&text, &edit)?;
                out.push(OneOf::Right(AnnotatedTextEdit {
                    text_edit: TextEdit {
                        range: convert::byte_range(&text, &resolved.range),
                        new_text: resolved.text,
                    },
                    annotation_id: annotation.clone(),
                }));
            }
            docs.push(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: out,
            });
        }
        let what = match &sym {
            Sym::Entity(k, id) => format!("{} `{id}`", k.as_str()),
            Sym::Person(h) => format!("@{h}"),
            Sym::Period(id) => format!("period `{id}`"),
        };
        Some(WorkspaceEdit {
            changes: None,
            document_changes: Some(DocumentChanges::Edits(docs)),
            change_annotations: Some(HashMap::from([(
                annotation,
                ChangeAnnotation {
                    label: format!("Rename {what} to `{new}`"),
                    needs_confirmation: Some(true),
                    description: Some("in every file that names it".to_string()),
                },
            )])),
        })
    }

    /// A quick fix for each fixable finding in the range.
    pub fn code_actions(&self, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let file = self.file(&p.text_document.uri)?;
        let text = self.text(file)?;
        let mut out = Vec::new();
        let all: Vec<&Diagnostic> = self
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Off)
            .filter(|d| d.primary.file == file)
            .collect();
        for d in all {
            let Some(fix) = &d.fix else { continue };
            let r = convert::range(Some(&text), d.primary.span);
            if r.end < p.range.start || p.range.end < r.start {
                continue;
            }
            let Some(edit) = self.workspace_edit(fix) else {
                continue;
            };
            // The finding as it was published, so the editor ties the action to it.
            let lsp_diag = diagnostic(self.root, &self.checked.repo.sources, d).map(|(_, l)| l);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: match fix.safety {
                    Safety::Safe => fix.title.clone(),
                    Safety::Unsafe => format!("{} (check the result)", fix.title),
                },
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: lsp_diag.map(|x| vec![x]),
                edit: Some(edit),
                command: None,
                is_preferred: Some(fix.safety == Safety::Safe),
                disabled: None,
                data: None,
            }));
        }
        Some(out)
    }

    fn workspace_edit(&self, fix: &crate::diag::Fix) -> Option<WorkspaceEdit> {
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        for e in &fix.edits {
            let text = self.text(e.file)?;
            let r = crate::fix::resolve(&text, e)?;
            changes
                .entry(self.uri(e.file)?)
                .or_default()
                .push(TextEdit {
                    range: convert::byte_range(&text, &r.range),
                    new_text: r.text,
                });
        }
        Some(WorkspaceEdit {
            changes: Some(changes),
            document_changes: None,
            change_annotations: None,
        })
    }

    pub fn completion(&self, p: &CompletionParams) -> Option<CompletionResponse> {
        let tp = &p.text_document_position;
        let file = self.file(&tp.text_document.uri)?;
        let text = self.text(file)?;
        let offset = convert::offset(&text, tp.position);
        let items = super::complete::items(self.checked, &text, offset);
        Some(CompletionResponse::Array(
            items
                .into_iter()
                .map(|(label, kind, detail)| CompletionItem {
                    label,
                    kind: Some(match kind {
                        super::complete::Item::Field => CompletionItemKind::FIELD,
                        super::complete::Item::Value => CompletionItemKind::ENUM_MEMBER,
                        super::complete::Item::Id => CompletionItemKind::REFERENCE,
                    }),
                    detail,
                    ..CompletionItem::default()
                })
                .collect(),
        ))
    }
}

fn finding_hover(d: &Diagnostic) -> String {
    let mut s = format!(
        "**{} {}**: {}\n\n",
        d.code,
        d.name,
        escape::markdown_message(&d.message)
    );
    if let Some(h) = &d.help {
        s.push_str(&format!("Help: {}\n\n", escape::markdown_message(h)));
    }
    if let Some(rule) = crate::rules::find(d.code) {
        s.push_str("---\n\n");
        s.push_str(rule.meta.doc);
    }
    s
}

fn symbol_kind(k: Kind) -> SymbolKind {
    match k {
        Kind::Team => SymbolKind::NAMESPACE,
        Kind::Metric => SymbolKind::CONSTANT,
        Kind::Goal => SymbolKind::EVENT,
        Kind::Responsibility => SymbolKind::INTERFACE,
        Kind::Incentive => SymbolKind::STRUCT,
        Kind::Agreement => SymbolKind::OBJECT,
        Kind::Ritual => SymbolKind::FUNCTION,
    }
}
