//! Loading a repo: find `accordant.yaml`, discover the files it includes (honouring
//! `.gitignore`), parse each file on all cores, validate each document against its
//! kind's schema, and build the typed [`Model`]. A bad file never stops the run:
//! every problem becomes a [`Diagnostic`] and loading goes on.

pub mod schema;
pub mod yaml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::config::{self, Config, LoaderLimits};
use crate::diag::{Diagnostic, Label};
use crate::model::de::{Spanned, from_node};
use crate::model::{Entity, Kind, Loc, Model, OneOrMany, Repo};
use crate::rules::load as codes;
use crate::rules::meta;
use crate::source::{FileId, SourceDb, strip_bom};
use schema::SchemaSet;
use yaml::{Node, Pos, Span, Value, YamlErrorKind};

/// Largest Markdown text (a `description`, a metric's `definition`) the
/// playbook renders, in bytes: over it `check` reports P003, and `build` shows
/// a short notice instead of the text.
pub const MAX_MARKDOWN_BYTES: usize = 1_000_000;

/// The top-level fields the playbook renders as Markdown.
const MARKDOWN_FIELDS: [&str; 2] = ["description", "definition"];

/// One file to load: its repo-relative path and where its bytes come from.
pub struct Input {
    pub path: String,
    pub content: Content,
}

/// Where a file's bytes come from.
pub enum Content {
    /// Read from disk (in parallel) when loading.
    Disk(PathBuf),
    /// Already in memory (e.g. a blob from a git revision).
    Memory(Arc<[u8]>),
    /// Could not be read; the reason becomes a P004 finding.
    Unreadable(String),
}

/// What parsing one file produced.
#[derive(Clone)]
pub struct FileResult {
    pub entities: Vec<Entity>,
    pub diagnostics: Vec<Diagnostic>,
    /// For a file that could not be parsed: the (kind, id) of the documents it
    /// seems to define, none of which is in the model.
    pub unloaded: Vec<crate::model::Unloaded>,
}

/// Loads the repo whose root is `root` (the directory holding `accordant.yaml`, or
/// any directory when there is none).
pub fn load_dir(root: &Path) -> anyhow::Result<Repo> {
    load_dir_filtered(root, None)
}

/// Like [`load_dir`], but parses only the files whose text contains one of
/// `words` (e.g. `["Incentive", "Team"]` for `simulate`): every document of kind
/// `Incentive` has that word in its file, so no wanted document is missed, and
/// the other files are not parsed or validated at all (nor reported on). A
/// `kind:` written with YAML escapes (`"\x49ncentive"`) would not be found; such
/// a file is skipped.
pub fn load_dir_only(root: &Path, words: &[&str]) -> anyhow::Result<Repo> {
    load_dir_filtered(root, Some(words))
}

fn load_dir_filtered(root: &Path, words: Option<&[&str]>) -> anyhow::Result<Repo> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open {}", root.display()))?;
    let mut sources = SourceDb::new(root.clone());
    let mut diagnostics = Vec::new();
    let config_path = root.join(config::FILE_NAME);
    let (config, config_file) = if config_path.is_file() {
        let bytes = std::fs::read(&config_path)
            .with_context(|| format!("reading {}", config_path.display()))?;
        let id = sources.add(config::FILE_NAME.to_string(), None);
        let (cfg, diags) = load_config(id, &bytes);
        diagnostics.extend(diags);
        (cfg, Some(id))
    } else {
        (Config::fallback(), None)
    };
    let inputs = crate::timings::time("discover", || {
        discover(&root, &config, &mut diagnostics, &mut sources)
    })?;
    let mut repo = load_inputs_filtered(config, sources, inputs, words);
    repo.model.config_file = config_file;
    diagnostics.append(&mut repo.diagnostics);
    repo.diagnostics = diagnostics;
    Ok(repo)
}

/// Loads files that are already listed (from disk or memory) with a given config.
pub fn load_inputs(config: Config, sources: SourceDb, inputs: Vec<Input>) -> Repo {
    load_inputs_filtered(config, sources, inputs, None)
}

fn load_inputs_filtered(
    config: Config,
    mut sources: SourceDb,
    inputs: Vec<Input>,
    words: Option<&[&str]>,
) -> Repo {
    let ids: Vec<FileId> = inputs
        .iter()
        .map(|i| {
            let keep = match &i.content {
                Content::Memory(bytes) => std::str::from_utf8(bytes)
                    .ok()
                    .map(|t| Arc::from(strip_bom(t))),
                _ => None,
            };
            sources.add(i.path.clone(), keep)
        })
        .collect();
    let limits = config.loader.clone();
    sources.set_max_file_bytes(limits.max_file_bytes);
    let finders: Option<Vec<memchr::memmem::Finder<'_>>> =
        words.map(|ws| ws.iter().map(memchr::memmem::Finder::new).collect());
    let words = finders.as_deref();
    let results: Vec<FileResult> = crate::timings::time("read+parse+schema", || {
        inputs
            .par_iter()
            .zip(ids.par_iter())
            .map(|(input, id)| match &input.content {
                Content::Disk(path) => {
                    match crate::source::read_limited(path, limits.max_file_bytes) {
                        Ok(bytes) if !wanted(&bytes, words) => FileResult {
                            entities: Vec::new(),
                            unloaded: Vec::new(),
                            diagnostics: Vec::new(),
                        },
                        Ok(bytes) => parse_file(*id, &input.path, &bytes, &limits),
                        Err(why) => unreadable(*id, &input.path, why),
                    }
                }
                Content::Memory(bytes) => parse_file(*id, &input.path, bytes, &limits),
                Content::Unreadable(why) => unreadable(*id, &input.path, why.clone()),
            })
            .collect()
    });
    let mut diagnostics = Vec::new();
    let model = crate::timings::time("model", || build_model(results, &mut diagnostics));
    Repo {
        config,
        sources,
        model,
        diagnostics,
    }
}

/// Whether a file's bytes hold one of the `words` searched for (always, without
/// a filter).
fn wanted(bytes: &[u8], words: Option<&[memchr::memmem::Finder<'_>]>) -> bool {
    words.is_none_or(|ws| ws.iter().any(|w| w.find(bytes).is_some()))
}

/// The model of parse results in file order; their findings go to `diagnostics`.
pub fn build_model(results: Vec<FileResult>, diagnostics: &mut Vec<Diagnostic>) -> Model {
    let mut model = Model::default();
    // Every vector at its final size at once: documents are large, and growing by
    // doubling would copy them and leave up to half of each vector unused.
    let mut counts: HashMap<Kind, usize> = HashMap::new();
    for e in results.iter().flat_map(|r| &r.entities) {
        *counts.entry(e.kind()).or_default() += 1;
    }
    for (kind, n) in counts {
        model.reserve(kind, n);
    }
    for r in results {
        for e in r.entities {
            model.push(e);
        }
        model.unloaded.extend(r.unloaded);
        diagnostics.extend(r.diagnostics);
    }
    model
}

fn whole_file() -> Span {
    let p = Pos { line: 1, col: 1 };
    Span { start: p, end: p }
}

/// The finding for a file that could not be read (`why` says why; "over the
/// limit" makes it a resource-limit finding). Also used by the semantic diff for
/// blobs it does not read.
pub fn unreadable(file: FileId, path: &str, why: String) -> FileResult {
    let rule = if why.contains("over the limit") {
        &codes::resource_limit::RULE.meta
    } else {
        &codes::unreadable_file::RULE.meta
    };
    let help = if why.contains("over the limit") {
        "split the file into several smaller files, or raise `loader.max_file_bytes` in accordant.yaml"
    } else {
        "check the file's permissions, or remove it from the repo"
    };
    FileResult {
        entities: Vec::new(),
        unloaded: Vec::new(),
        diagnostics: vec![
            Diagnostic::new(
                rule,
                Label::new(file, whole_file(), "this file"),
                format!("{path}: {why}"),
                path,
                "",
            )
            .with_help(help),
        ],
    }
}

/// Parses one file's bytes into typed documents and findings.
pub fn parse_file(file: FileId, path: &str, bytes: &[u8], limits: &LoaderLimits) -> FileResult {
    let mut out = FileResult {
        entities: Vec::new(),
        diagnostics: Vec::new(),
        unloaded: Vec::new(),
    };
    if bytes.len() as u64 > limits.max_file_bytes {
        return unreadable(
            file,
            path,
            format!(
                "the file is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_file_bytes
            ),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => strip_bom(t),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let line = u32::try_from(valid.matches('\n').count() + 1).unwrap_or(u32::MAX);
            let col = u32::try_from(valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
                .unwrap_or(u32::MAX);
            let p = Pos { line, col };
            out.diagnostics.push(
                Diagnostic::new(
                    &codes::unreadable_file::RULE.meta,
                    Label::new(file, Span { start: p, end: p }, "invalid byte here"),
                    format!("{path} is not valid UTF-8 (line {line}, column {col})"),
                    path,
                    "utf8",
                )
                .with_help("save the file as UTF-8 in your editor (\"Save with encoding\" / \"Reopen with encoding\")"),
            );
            return out;
        }
    };
    let yaml_limits = yaml::Limits {
        max_depth: limits.max_depth,
        max_alias_nodes: limits.max_alias_nodes,
        max_alias_bytes: limits.max_alias_bytes,
    };
    let (docs, repeated) = match yaml::parse_stream_recovering(text, yaml_limits) {
        Ok(d) => d,
        Err(e) => {
            out.diagnostics.push(yaml_finding(file, path, text, e));
            out.unloaded = unloaded_ids(text, path)
                .into_iter()
                .map(|(kind, id)| crate::model::Unloaded {
                    kind,
                    id,
                    path: path.to_string(),
                    file,
                })
                .collect();
            return out;
        }
    };
    out.entities.reserve_exact(docs.len());
    let repeated: Vec<(Span, String)> = repeated
        .into_iter()
        .map(|e| {
            let at = (e.span, e.key.clone());
            out.diagnostics.push(yaml_finding(file, path, text, e));
            at
        })
        .collect();
    for doc in docs {
        let inside: Vec<&(Span, String)> = repeated
            .iter()
            .filter(|(s, _)| doc.span.start <= s.start && s.end <= doc.span.end)
            .collect();
        load_document(file, path, doc, &inside, &mut out);
    }
    out
}

/// The finding for a YAML problem: a syntax error, a repeated key, a resource limit.
fn yaml_finding(file: FileId, path: &str, text: &str, e: yaml::YamlError) -> Diagnostic {
    let rule = match e.kind {
        YamlErrorKind::DuplicateKey => &codes::duplicate_key::RULE.meta,
        YamlErrorKind::TooDeep | YamlErrorKind::AliasBomb => &codes::resource_limit::RULE.meta,
        _ => &codes::yaml_syntax::RULE.meta,
    };
    let mut d = Diagnostic::new(
        rule,
        Label::new(file, clamp_to_text(text, e.span), "here"),
        e.message.clone(),
        path,
        &e.message,
    );
    if let Some(prev) = e.previous {
        d = d.with_label(Label::new(file, prev, "first defined here"));
    }
    if let Some(h) = e.help {
        d = d.with_help(h);
    }
    d
}

/// The documents a file that could not be parsed seems to define, read from its
/// top-level `kind:` and `id:` lines, so that references to them can say where
/// they are instead of "no such document". When no line gives a usable id (the
/// mistake is in the `id:` line itself), the file's name stands in for it:
/// `teams/sales.yaml` probably defines `sales`.
fn unloaded_ids(text: &str, path: &str) -> Vec<(Option<Kind>, String)> {
    let usable = |id: &str| {
        id.len() <= 200
            && id.starts_with(|c: char| c.is_ascii_alphanumeric())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    let mut out = Vec::new();
    let mut first_kind = None;
    let mut kind = None;
    for line in text.lines() {
        if line.trim() == "---" {
            kind = None;
            continue;
        }
        let plain = |rest: &str| {
            let v = rest.split(" #").next().unwrap_or("").trim();
            v.trim_matches(|c| c == '"' || c == '\'').to_string()
        };
        if let Some(rest) = line.strip_prefix("kind:") {
            kind = Kind::parse(&plain(rest));
            first_kind = first_kind.or(kind);
        } else if let Some(rest) = line.strip_prefix("id:") {
            let id = plain(rest);
            if usable(&id) {
                out.push((kind, id));
            }
        }
    }
    if out.is_empty() {
        let stem = std::path::Path::new(path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if usable(&stem) {
            out.push((first_kind, stem));
        }
    }
    out
}

/// Moves a span that starts past the last line (a parser error "at end of
/// input") to the end of the last line, so every format shows a line that exists.
fn clamp_to_text(text: &str, span: Span) -> Span {
    let lines = text.lines().count().max(1);
    let lines_u32 = u32::try_from(lines).unwrap_or(u32::MAX);
    if span.start.line as usize <= lines {
        return span;
    }
    let last = text.lines().last().unwrap_or("");
    let col = u32::try_from(last.chars().count() + 1).unwrap_or(u32::MAX);
    let p = Pos {
        line: lines_u32,
        col,
    };
    Span { start: p, end: p }
}

/// Loads one document of a file; `repeated` are the keys written twice in it (left
/// out, and already reported).
fn load_document(
    file: FileId,
    path: &str,
    mut doc: Node,
    repeated: &[&(Span, String)],
    out: &mut FileResult,
) {
    let Value::Map(_) = doc.value else {
        out.diagnostics.push(
            Diagnostic::new(
                &codes::unknown_kind::RULE.meta,
                Label::new(file, doc.span, "this document"),
                "a document must be a mapping that starts with `kind:` and `id:`",
                path,
                &format!("{}", doc.span.start.line),
            )
            .with_help("start the document with e.g.\n  kind: Goal\n  id: pipeline-fy27"),
        );
        return;
    };
    let kind_names = Kind::ALL.map(Kind::as_str).join(", ");
    let kind = match doc.get("kind") {
        None => {
            out.diagnostics.push(
                Diagnostic::new(
                    &codes::unknown_kind::RULE.meta,
                    Label::new(file, doc.span, "this document has no `kind`"),
                    "missing `kind`: accordant cannot tell what this document describes",
                    path,
                    &format!("{}", doc.span.start.line),
                )
                .with_help(format!("add `kind:` with one of: {kind_names}")),
            );
            return;
        }
        Some(k) => match k.as_str().and_then(Kind::parse) {
            Some(kind) => kind,
            None => {
                let got = k.as_str().unwrap_or("(not text)");
                let help = match schema::closest(got, Kind::ALL.iter().map(|k| k.as_str())) {
                    Some(s) => format!("did you mean `kind: {s}`? Kinds are: {kind_names}"),
                    None => format!("use one of: {kind_names}"),
                };
                out.diagnostics.push(
                    Diagnostic::new(
                        &codes::unknown_kind::RULE.meta,
                        Label::new(file, k.span, "unknown kind"),
                        format!("unknown kind `{got}`"),
                        path,
                        got,
                    )
                    .with_help(help),
                );
                return;
            }
        },
    };
    let id_node = doc.get("id").filter(|n| n.as_str().is_some()).cloned();
    let id = id_node
        .as_ref()
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_string();
    let id = id.as_str();
    let key = if id.is_empty() {
        format!("{path}#{}", doc.span.start.line)
    } else {
        kind.key(id)
    };
    let json = doc.to_json();
    let mut errors = SchemaSet::get().validate_kind(kind, &json);
    // A required key that is missing because it was written twice is the repeat's
    // mistake, reported once already.
    errors.retain(|e| {
        let Some(field) = &e.missing else { return true };
        let Some(at) = doc.pointer_span(&e.pointer, false) else {
            return true;
        };
        !repeated
            .iter()
            .any(|(s, k)| k == field && at.start <= s.start && s.end <= at.end)
    });
    let broken = !repeated.is_empty();
    let mut bad_values = Vec::new();
    for e in &errors {
        let span = doc.pointer_span(&e.pointer, e.at_key).unwrap_or(doc.span);
        let mut d = Diagnostic::new(
            &codes::schema_violation::RULE.meta,
            Label::new(file, span, label_for(&e.pointer)),
            format!("{} {}: {}", kind.as_str(), shown_id(id), e.message),
            key.clone(),
            &format!("{}|{}", e.pointer, e.message),
        );
        if let Some(h) = &e.help {
            d = d.with_help(h.clone());
        }
        out.diagnostics.push(d);
        // The identity stays: a document is found by its id even when the id is
        // badly formed.
        if e.bad_value && e.pointer != "/id" && e.pointer != "/kind" {
            bad_values.push(e.pointer.clone());
        }
    }
    oversized_markdown(file, kind, id, &key, &doc, &mut out.diagnostics);
    // Without a readable id nothing can refer to the document: it stays out.
    let Some(id_node) = id_node else {
        return;
    };
    let loc = Loc {
        file,
        span: doc.span,
        has_errors: broken || !errors.is_empty(),
    };
    doc.remove_pointers(&bad_values);
    // A value the schema lets through can still fail to fit the model (a whole
    // number too large for its field): it is left out the same way, one at a time.
    let mut reported = !errors.is_empty();
    let mut loc = loc;
    for _ in 0..8 {
        let attempt = if loc.has_errors {
            typed_entity(kind, doc.clone(), loc)
        } else {
            typed_entity(
                kind,
                std::mem::replace(
                    &mut doc,
                    Node {
                        span: loc.span,
                        value: Value::Null,
                    },
                ),
                loc,
            )
        };
        match attempt {
            Ok(e) => {
                out.entities.push(e);
                return;
            }
            Err(e) => {
                if !reported {
                    out.diagnostics.push(Diagnostic::new(
                        &codes::schema_violation::RULE.meta,
                        Label::new(file, e.span.unwrap_or(loc.span), "here"),
                        format!("{} {}: {}", kind.as_str(), shown_id(id), e.message),
                        key.clone(),
                        &e.message,
                    ));
                    reported = true;
                }
                loc.has_errors = true;
                if doc.value == Value::Null || !e.span.is_some_and(|s| doc.remove_span(s)) {
                    break;
                }
            }
        }
    }
    // Nothing but the identity could be read: the document still answers to its id.
    let skeleton = Node {
        span: loc.span,
        value: Value::Map(vec![(
            yaml::Key {
                text: "id".to_string(),
                span: id_node.span,
            },
            id_node,
        )]),
    };
    if let Ok(e) = typed_entity(kind, skeleton, loc) {
        out.entities.push(e);
    }
}

/// The typed document of `kind` read from `doc`, placed at `loc`.
fn typed_entity(kind: Kind, doc: Node, loc: Loc) -> Result<Entity, crate::model::de::DeError> {
    Ok(match kind {
        Kind::Team => from_node(doc).map(|mut e: crate::model::Team| {
            e.loc = loc;
            Entity::Team(e)
        })?,
        Kind::Metric => from_node(doc).map(|mut e: crate::model::Metric| {
            e.loc = loc;
            Entity::Metric(e)
        })?,
        Kind::Goal => from_node(doc).map(|mut e: crate::model::Goal| {
            e.loc = loc;
            Entity::Goal(e)
        })?,
        Kind::Responsibility => from_node(doc).map(|mut e: crate::model::Responsibility| {
            e.loc = loc;
            if let OneOrMany::One(one) = &mut e.accountable.value {
                *one = Spanned::new(one.value.clone(), e.accountable.span);
            }
            Entity::Responsibility(e)
        })?,
        Kind::Incentive => from_node(doc).map(|mut e: crate::model::Incentive| {
            e.loc = loc;
            Entity::Incentive(e)
        })?,
        Kind::Agreement => from_node(doc).map(|mut e: crate::model::Agreement| {
            e.loc = loc;
            Entity::Agreement(e)
        })?,
        Kind::Ritual => from_node(doc).map(|mut e: crate::model::Ritual| {
            e.loc = loc;
            Entity::Ritual(e)
        })?,
    })
}

/// A P003 finding for each Markdown field of `doc` over [`MAX_MARKDOWN_BYTES`],
/// which the playbook cannot show. The document still loads.
fn oversized_markdown(
    file: FileId,
    kind: Kind,
    id: &str,
    key: &str,
    doc: &Node,
    out: &mut Vec<Diagnostic>,
) {
    for field in MARKDOWN_FIELDS {
        let Some((node, text)) = doc.get(field).and_then(|n| Some((n, n.as_str()?))) else {
            continue;
        };
        if text.len() <= MAX_MARKDOWN_BYTES {
            continue;
        }
        out.push(
            Diagnostic::new(
                &codes::resource_limit::RULE.meta,
                Label::new(file, node.span, "this text"),
                format!(
                    "{} {}: `{field}` is {} bytes, over the limit of {} bytes for text shown on the playbook",
                    kind.as_str(),
                    shown_id(id),
                    grouped(text.len()),
                    grouped(MAX_MARKDOWN_BYTES)
                ),
                key,
                &format!("{field}|size"),
            )
            .with_help(format!(
                "shorten `{field}`: keep a summary here and move the long text to a document of its own, linked from here; until then the playbook shows a short notice in its place"
            )),
        );
    }
}

/// An id as messages show it: in backticks, or "(no id)".
fn shown_id(id: &str) -> String {
    if id.is_empty() {
        "(no id)".to_string()
    } else {
        format!("`{id}`")
    }
}

/// `1250000` -> `1,250,000`.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn label_for(pointer: &str) -> String {
    match pointer.rsplit('/').next() {
        Some(f) if !f.is_empty() && f.parse::<usize>().is_err() => format!("`{f}`"),
        _ => "here".to_string(),
    }
}

/// Reads `accordant.yaml`; on any problem, reports it and falls back to defaults.
pub fn load_config(file: FileId, bytes: &[u8]) -> (Config, Vec<Diagnostic>) {
    let path = config::FILE_NAME;
    let limits = LoaderLimits::default();
    let fail = |mut diags: Vec<Diagnostic>| {
        for d in &mut diags {
            d.help
                .get_or_insert_with(|| "fix accordant.yaml; defaults are used until then".into());
        }
        (Config::fallback(), diags)
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => strip_bom(t),
        Err(_) => return fail(parse_file(file, path, bytes, &limits).diagnostics),
    };
    let doc = match yaml::parse_stream(text, yaml::Limits::default()) {
        Ok(mut docs) if docs.len() == 1 => docs.remove(0),
        Ok(_) => {
            let d = Diagnostic::new(
                meta("P006"),
                Label::new(file, whole_file(), "here"),
                "accordant.yaml must hold exactly one document with at least `org:`",
                path,
                "docs",
            );
            return fail(vec![d]);
        }
        Err(_) => return fail(parse_file(file, path, bytes, &limits).diagnostics),
    };
    let mut diags = Vec::new();
    // The schema lists every rule and severity; when it already flagged `rules`,
    // the checks below would report the same mistake a second time.
    let mut rules_flagged = false;
    for e in SchemaSet::get().validate("config", &doc.to_json()) {
        rules_flagged |= e.pointer.starts_with("/rules");
        let span = doc.pointer_span(&e.pointer, e.at_key).unwrap_or(doc.span);
        let mut d = Diagnostic::new(
            meta("P006"),
            Label::new(file, span, label_for(&e.pointer)),
            format!("accordant.yaml: {}", e.message),
            path,
            &format!("{}|{}", e.pointer, e.message),
        );
        if let Some(h) = e.help {
            d = d.with_help(h);
        }
        diags.push(d);
    }
    let config: Config = match from_node::<Config>(doc.clone()) {
        Ok(mut c) => {
            c.loader = c.loader.capped();
            c
        }
        Err(e) => {
            if diags.is_empty() {
                diags.push(Diagnostic::new(
                    meta("P006"),
                    Label::new(file, e.span.unwrap_or(doc.span), "here"),
                    format!("accordant.yaml: {}", e.message),
                    path,
                    &e.message,
                ));
            }
            return fail(diags);
        }
    };
    for (key, sev) in config.rules.iter().filter(|_| !rules_flagged) {
        let span = doc
            .pointer_span(&format!("/rules/{key}"), true)
            .unwrap_or(doc.span);
        if crate::rules::find(key).is_none() {
            let names = crate::rules::all()
                .iter()
                .flat_map(|r| [r.meta.code, r.meta.name]);
            let help = match schema::closest(key, names) {
                Some(s) => format!("did you mean `{s}`? `accordant rules` lists every code"),
                None => "`accordant rules` lists every code and name".to_string(),
            };
            diags.push(
                Diagnostic::new(
                    meta("P006"),
                    Label::new(file, span, "unknown rule"),
                    format!("accordant.yaml: no rule is called `{key}`"),
                    path,
                    key,
                )
                .with_help(help),
            );
        }
        if crate::diag::Severity::parse(sev).is_none() {
            diags.push(
                Diagnostic::new(
                    meta("P006"),
                    Label::new(file, sev.span, "unknown severity"),
                    format!("accordant.yaml: `{}` is not a severity", sev.value),
                    path,
                    &format!("{key}|sev"),
                )
                .with_help("use error, warning, info or off"),
            );
        }
    }
    (config, diags)
}

/// Whether the link at `path` (`rel` in the repo) leads to a folder that
/// `exclude` does not leave out (by the link's own path, e.g. `shared`, or by
/// what is in it, e.g. `shared/**`).
fn linked_folder(path: &Path, rel: &Path, exclude: &GlobSet) -> bool {
    path.canonicalize().is_ok_and(|t| t.is_dir())
        && !exclude.is_match(rel)
        && !exclude.is_match(rel.join("**"))
}

/// The P004 finding for a link to a folder outside the repo (`None` when the
/// folder is inside it).
fn folder_link_outside(
    root: &Path,
    path: &Path,
    rel: &str,
    sources: &mut SourceDb,
) -> Option<Diagnostic> {
    if path.canonicalize().is_ok_and(|t| t.starts_with(root)) {
        return None;
    }
    let id = sources.add(rel.to_string(), Some(Arc::from("")));
    Some(
        Diagnostic::new(
            &codes::unreadable_file::RULE.meta,
            Label::new(id, whole_file(), "this link"),
            format!("{rel} is a link to a folder outside the repo; none of its files were read"),
            rel,
            "symlink",
        )
        .with_help(format!(
            "copy the files into the repo instead of linking to their folder, or list `{rel}/**` under `exclude` in accordant.yaml to leave it out"
        )),
    )
}

fn globset(patterns: &[String]) -> anyhow::Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).with_context(|| format!("invalid glob `{p}` in accordant.yaml"))?);
    }
    Ok(b.build()?)
}

/// Lists the files to load under `root`: those matching `include` and not
/// `exclude`, skipping what `.gitignore` ignores, hidden folders, and links that
/// lead outside the repo, to a file or to a folder (reported as P004).
pub fn discover(
    root: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
    sources: &mut SourceDb,
) -> anyhow::Result<Vec<Input>> {
    let include = globset(&config.include)?;
    let exclude = globset(&config.exclude)?;
    let mut inputs = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                anyhow::bail!("listing files under {}: {e}", root.display());
            }
        };
        let Some(ft) = entry.file_type() else {
            continue;
        };
        if ft.is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        if ft.is_symlink() && linked_folder(entry.path(), rel, &exclude) {
            // Inside the repo its files are found at their real path; outside,
            // reported like a linked file, never walked.
            if let Some(d) = folder_link_outside(root, entry.path(), &rel_str, sources) {
                diagnostics.push(d);
            }
            continue;
        }
        if rel_str == config::FILE_NAME || !include.is_match(rel) || exclude.is_match(rel) {
            continue;
        }
        if ft.is_symlink() {
            let target = entry.path().canonicalize();
            match target {
                Ok(t) if t.starts_with(root) && t.is_file() => {}
                Ok(t) if t.starts_with(root) => continue,
                _ => {
                    let id = sources.add(rel_str.clone(), Some(Arc::from("")));
                    diagnostics.push(
                        Diagnostic::new(
                            &codes::unreadable_file::RULE.meta,
                            Label::new(id, whole_file(), "this link"),
                            format!("{rel_str} is a link that leads outside the repo (or nowhere); it was not read"),
                            rel_str.as_str(),
                            "symlink",
                        )
                        .with_help("copy the file into the repo instead of linking to it"),
                    );
                    continue;
                }
            }
        }
        inputs.push(Input {
            path: rel_str,
            content: Content::Disk(entry.path().to_path_buf()),
        });
    }
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    /// `simulate` parses only the files naming a plan or a team: a plan that is
    /// the second document of a file is found, and a broken file that names
    /// neither is not even parsed (no finding about it).
    #[test]
    fn load_dir_only_parses_just_the_files_with_the_words() {
        let tmp = crate::test_tempdir();
        let root = tmp.path();
        std::fs::write(root.join("accordant.yaml"), "version: 1\n").unwrap();
        std::fs::write(
            root.join("mixed.yaml"),
            "kind: Metric\nid: m\nname: M\ndefinition: d\nunit: count\ndirection: increase\n\
             ---\nkind: Incentive\nid: plan\nname: P\nperiod: FY27\nparticipants: [sales]\n\
             components: [{id: a, weight: 100, metric: m}]\n",
        )
        .unwrap();
        std::fs::write(
            root.join("team.yaml"),
            "kind: Team\nid: sales\nname: Sales\n",
        )
        .unwrap();
        std::fs::write(root.join("broken.yaml"), "kind: Goal\nid: [unclosed\n").unwrap();
        let only = super::load_dir_only(root, &["Incentive", "Team"]).unwrap();
        let plans: Vec<&str> = only
            .model
            .incentives
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(plans, ["plan"]);
        assert_eq!(only.model.teams.len(), 1);
        assert!(
            only.diagnostics
                .iter()
                .all(|d| only.sources.path(d.primary.file) != "broken.yaml"),
            "{:?}",
            only.diagnostics
        );
        // Without the filter the broken file is reported.
        let all = super::load_dir(root).unwrap();
        assert!(
            all.diagnostics
                .iter()
                .any(|d| all.sources.path(d.primary.file) == "broken.yaml")
        );
    }
}
