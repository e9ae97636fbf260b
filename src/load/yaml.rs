//! Span-keeping YAML 1.2 loading.
//!
//! We read saphyr-parser's event stream (a state machine that never recurses, so a
//! 10,000-deep input cannot overflow the stack) and build our own [`Node`] tree in
//! which every value and every mapping key keeps its line and column. Scalars are
//! resolved with the YAML 1.2 core schema: `NO`, `yes`, `on` and dates stay strings,
//! numbers with leading zeros stay strings (they are identifiers such as zip codes,
//! not octal numbers). Duplicate keys, alias bombs, deep nesting and oversized files
//! are refused with a [`YamlError`] that carries the position.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

/// A position in a source file: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// The start and end (exclusive) of a node in its file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    fn from_parser(span: saphyr_parser::Span) -> Span {
        Span {
            start: pos(span.start),
            end: pos(span.end),
        }
    }
}

fn pos(m: saphyr_parser::Marker) -> Pos {
    Pos {
        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
        col: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
    }
}

/// One YAML value with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

/// A mapping key: always text (numbers and booleans used as keys keep their text).
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub text: String,
    pub span: Span,
}

/// The value of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Node {
    /// The entry for `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.text == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key node for `key` when this node is a mapping.
    pub fn key(&self, key: &str) -> Option<&Key> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.text == key).map(|(k, _)| k),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Follows a JSON pointer (`/goals/0/owner`). With `key_of_last`, returns the
    /// span of the last mapping key rather than of its value (for "unexpected key").
    pub fn pointer_span(&self, pointer: &str, key_of_last: bool) -> Option<Span> {
        let mut node = self;
        let mut last_key = None;
        if pointer.is_empty() {
            return Some(self.span);
        }
        for raw in pointer.split('/').skip(1) {
            let token = raw.replace("~1", "/").replace("~0", "~");
            match &node.value {
                Value::Map(entries) => {
                    let (k, v) = entries.iter().find(|(k, _)| k.text == token)?;
                    last_key = Some(k.span);
                    node = v;
                }
                Value::Seq(items) => {
                    node = items.get(token.parse::<usize>().ok()?)?;
                    last_key = None;
                }
                _ => return None,
            }
        }
        Some(if key_of_last {
            last_key.unwrap_or(node.span)
        } else {
            node.span
        })
    }

    /// Removes the nodes at these JSON pointers (a mapping entry or a list item
    /// each), so that a document keeps its valid fields when some fail. The root
    /// cannot be removed; a pointer that leads nowhere is ignored. Items of one
    /// list are removed from the last, so that earlier positions stay right.
    pub fn remove_pointers(&mut self, pointers: &[String]) {
        let mut paths: Vec<Vec<String>> = pointers
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.split('/')
                    .skip(1)
                    .map(|t| t.replace("~1", "/").replace("~0", "~"))
                    .collect()
            })
            .collect();
        paths.sort_by(|a, b| cmp_path(b, a));
        paths.dedup();
        for path in paths {
            self.remove_path(&path);
        }
    }

    fn remove_path(&mut self, path: &[String]) -> bool {
        let Some((last, parents)) = path.split_last() else {
            return false;
        };
        let mut node = self;
        for token in parents {
            node = match &mut node.value {
                Value::Map(entries) => match entries.iter_mut().find(|(k, _)| &k.text == token) {
                    Some((_, v)) => v,
                    None => return false,
                },
                Value::Seq(items) => {
                    match token.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                        Some(v) => v,
                        None => return false,
                    }
                }
                _ => return false,
            };
        }
        match &mut node.value {
            Value::Map(entries) => {
                let before = entries.len();
                entries.retain(|(k, _)| &k.text != last);
                entries.len() != before
            }
            Value::Seq(items) => match last.parse::<usize>() {
                Ok(i) if i < items.len() => {
                    items.remove(i);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Removes the deepest node below the root whose span is `span` (a mapping
    /// entry or a list item). Returns whether one was found.
    pub fn remove_span(&mut self, span: Span) -> bool {
        let children: &mut Vec<_> = match &mut self.value {
            Value::Map(entries) => {
                for (_, v) in entries.iter_mut() {
                    if v.contains(span) && v.span != span && v.remove_span(span) {
                        return true;
                    }
                }
                let before = entries.len();
                entries.retain(|(k, v)| v.span != span && k.span != span);
                return entries.len() != before;
            }
            Value::Seq(items) => items,
            _ => return false,
        };
        for v in children.iter_mut() {
            if v.contains(span) && v.span != span && v.remove_span(span) {
                return true;
            }
        }
        let before = children.len();
        children.retain(|v| v.span != span);
        children.len() != before
    }

    fn contains(&self, span: Span) -> bool {
        self.span.start <= span.start && span.end <= self.span.end
    }

    /// Converts to JSON for schema validation.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.text.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The string with no more than a little spare capacity. The scanner grows block
/// scalars by doubling, so a 3 KB description can hold 4 KB or more; the model keeps
/// every string for the whole run, so the slack is given back here. (A fresh copy,
/// because allocators shrink in place and keep the block when the new size is
/// close.)
/// Orders pointer paths with list positions compared as numbers (`10` after `9`).
fn cmp_path(a: &[String], b: &[String]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            _ => x.cmp(y),
        };
        if o != std::cmp::Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

fn compact(s: String) -> String {
    if s.capacity() - s.len() > 32 + s.len() / 8 {
        s.as_str().to_owned()
    } else {
        s
    }
}

/// Limits that protect the loader from hostile input.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes that aliases may add to one document by expansion.
    pub max_alias_nodes: usize,
    /// Most bytes that aliases may add to one document by expansion: the text of
    /// every scalar and key they copy, plus [`NODE_BYTES`] per node. Counting nodes
    /// alone lets one anchored 1 MB text, aliased 9,000 times, take 9 GB.
    pub max_alias_bytes: u64,
}

/// What one node costs in memory besides its text, for the alias byte budget.
pub const NODE_BYTES: u64 = 48;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_alias_nodes: 10_000,
            max_alias_bytes: 1024 * 1024,
        }
    }
}

/// Why a YAML stream could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
    /// For duplicate keys: where the key was first defined.
    pub previous: Option<Span>,
    /// For duplicate keys: the key.
    pub key: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    Syntax,
    DuplicateKey,
    TooDeep,
    AliasBomb,
    UnsupportedKey,
    UnknownAnchor,
}

impl YamlError {
    fn at(kind: YamlErrorKind, span: Span, message: String, help: Option<String>) -> Self {
        YamlError {
            kind,
            message,
            help,
            span,
            previous: None,
            key: String::new(),
        }
    }

    fn from_scan(err: &ScanError) -> Self {
        let p = pos(*err.marker());
        let info = err.info().to_string();
        let help = if info.contains("tab") {
            Some(
                "YAML indents with spaces only: replace the tab characters with spaces".to_string(),
            )
        } else if info.contains("quote") || info.contains("quoted") {
            Some("close the quote, or remove it if the value needs none".to_string())
        } else if info.contains("mapping values are not allowed") {
            Some("a value containing `: ` must be quoted, e.g. title: \"Q3: pipeline\"".to_string())
        } else {
            Some(
                "check the indentation and punctuation on this line and the one before".to_string(),
            )
        };
        YamlError::at(
            YamlErrorKind::Syntax,
            Span { start: p, end: p },
            format!("invalid YAML: {info}"),
            help,
        )
    }
}

impl YamlError {
    /// Makes a syntax error point at its cause and say how to fix it, from the
    /// text around it: a tab is shown on its own line (the scanner often notices
    /// it a line early), an unquoted `@handle` gets the quoted form, and a key
    /// indented under a value gets an indentation hint rather than a quoting one.
    fn refined(mut self, text: &str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let at = self.span.start;
        let line = |n: u32| lines.get((n as usize).wrapping_sub(1)).copied();
        let tab_related = self.message.contains("tab")
            || (self
                .message
                .contains("must be followed by a valid YAML whitespace")
                && line(at.line).is_some_and(|l| l.contains(":\t")));
        if tab_related {
            // The nearest tab at or after the error, else before it.
            let found = (at.line..=at.line.saturating_add(2))
                .chain((at.line.saturating_sub(2).max(1)..at.line).rev())
                .find_map(|n| Some((n, line(n)?.find('\t')?)));
            if let Some((n, byte)) = found {
                let l = line(n).unwrap_or("");
                let col = u32::try_from(l[..byte].chars().count() + 1).unwrap_or(u32::MAX);
                let p = Pos { line: n, col };
                self.span = Span { start: p, end: p };
                self.message = format!("invalid YAML: a tab character on line {n}");
                self.help = Some(format!(
                    "YAML allows spaces only for indentation and after `:`: replace the tab on line {n} with spaces"
                ));
            }
            return self;
        }
        let Some(here) = line(at.line) else {
            return self;
        };
        let rest: String = here
            .chars()
            .skip(at.col.saturating_sub(1) as usize)
            .collect();
        if rest.starts_with('@') {
            let token: String = rest
                .chars()
                .take_while(|c| !matches!(c, ' ' | ',' | ']' | '}' | '#'))
                .collect();
            self.message = format!("invalid YAML: `{token}` must be quoted");
            self.help = Some(format!(
                "`@` cannot start a plain YAML value: quote it: '{token}'"
            ));
            return self;
        }
        if self.message.contains("mapping values are not allowed") {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let above = lines[..(at.line as usize).saturating_sub(1).min(lines.len())]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
            if let Some(above) = above
                && indent(here) > indent(above)
                && !above.trim_end().ends_with(':')
            {
                let key = |l: &str| {
                    let t = l.trim_start().trim_start_matches("- ");
                    t.split(':').next().unwrap_or("").trim().to_string()
                };
                let (this, that) = (key(here), key(above));
                let spaces = indent(above)
                    + (above.trim_start().len()
                        - above.trim_start().trim_start_matches("- ").len());
                self.message = format!(
                    "invalid YAML: `{this}:` is indented more than `{that}:` on the line above"
                );
                self.help = Some(format!(
                    "YAML reads a deeper line as part of the value above it: indent `{this}:` like `{that}:` ({})",
                    match spaces {
                        0 => "at the start of the line".to_string(),
                        1 => "1 space".to_string(),
                        n => format!("{n} spaces"),
                    }
                ));
            }
        }
        self
    }
}

/// Parses every document of a YAML stream. An empty document (or empty file) yields
/// no node. The first problem of any kind, a repeated key included, is an error.
pub fn parse_stream(text: &str, limits: Limits) -> Result<Vec<Node>, YamlError> {
    let (docs, mut repeated) = parse_stream_recovering(text, limits)?;
    if repeated.is_empty() {
        Ok(docs)
    } else {
        Err(repeated.swap_remove(0))
    }
}

/// Parses every document of a YAML stream, going on past repeated keys: a key
/// written twice in one mapping is reported (one [`YamlErrorKind::DuplicateKey`]
/// per repeat, in order) and left out of the mapping, both times, so that neither
/// value is guessed to be the meant one. Any other problem stops the stream.
pub fn parse_stream_recovering(
    text: &str,
    limits: Limits,
) -> Result<(Vec<Node>, Vec<YamlError>), YamlError> {
    let mut builder = Builder::new(limits);
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| YamlError::from_scan(&e).refined(text))?;
        let done = builder.on_event(event, Span::from_parser(span))?;
        if done {
            break;
        }
    }
    Ok((builder.docs, builder.repeated))
}

enum Frame {
    Seq {
        span: Span,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        span: Span,
        anchor: usize,
        entries: Vec<(Key, Node)>,
        pending_key: Option<Key>,
        /// Keys seen so far, for duplicate detection once a mapping is large;
        /// small mappings are scanned linearly (cheaper than hashing).
        seen: Option<HashMap<String, Span>>,
        /// Keys written more than once: left out of the mapping when it ends.
        repeated: Vec<String>,
        /// The value being read belongs to a repeated key and is dropped.
        dropping: bool,
        /// Where the last dropped value ends: the mapping still spans it.
        dropped_end: Pos,
    },
}

struct Builder {
    limits: Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    alias_bytes: u64,
    docs: Vec<Node>,
    doc_seen_root: bool,
    /// Repeated keys, reported and recovered from.
    repeated: Vec<YamlError>,
}

impl Builder {
    fn new(limits: Limits) -> Self {
        Builder {
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            alias_bytes: 0,
            docs: Vec::new(),
            doc_seen_root: false,
            repeated: Vec::new(),
        }
    }

    /// Returns true at the end of the stream.
    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<bool, YamlError> {
        match event {
            Event::StreamEnd => return Ok(true),
            Event::Nothing | Event::StreamStart => {}
            Event::DocumentStart(_) => {
                self.anchors.clear();
                self.alias_nodes = 0;
                self.alias_bytes = 0;
                self.doc_seen_root = false;
            }
            Event::DocumentEnd => {}
            Event::Alias(id) => {
                let Some(anchored) = self.anchors.get(&id) else {
                    return Err(YamlError::at(
                        YamlErrorKind::UnknownAnchor,
                        span,
                        "alias refers to an anchor that is not defined before it".into(),
                        Some("define the anchor (`&name`) before using `*name`".into()),
                    ));
                };
                // Cost first, copy after: the budget is checked before any memory
                // is spent on the expansion.
                let (nodes, bytes) = cost(anchored);
                self.alias_nodes = self.alias_nodes.saturating_add(nodes);
                self.alias_bytes = self.alias_bytes.saturating_add(bytes);
                if self.alias_nodes > self.limits.max_alias_nodes
                    || self.alias_bytes > self.limits.max_alias_bytes
                {
                    let what = if self.alias_nodes > self.limits.max_alias_nodes {
                        format!("more than {} nodes", self.limits.max_alias_nodes)
                    } else {
                        format!("more than {} bytes", self.limits.max_alias_bytes)
                    };
                    return Err(YamlError::at(
                        YamlErrorKind::AliasBomb,
                        span,
                        format!(
                            "aliases expand to {what} in this document (a \"billion laughs\" alias bomb?)"
                        ),
                        Some(
                            "write the repeated values out, or use fewer or smaller aliases \
                             (`loader.max_alias_nodes` and `loader.max_alias_bytes` in accordant.yaml)"
                                .into(),
                        ),
                    ));
                }
                let node = anchored.clone();
                let node = Node {
                    span,
                    value: node.value,
                };
                self.push_value(node, 0)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let forced_str = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !forced_str {
                    resolve_plain(&text)
                } else {
                    Value::Str(compact(text.into_owned()))
                };
                self.push_value(Node { span, value }, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.check_depth(span)?;
                self.stack.push(Frame::Seq {
                    span,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.check_depth(span)?;
                self.stack.push(Frame::Map {
                    span,
                    anchor,
                    entries: Vec::new(),
                    pending_key: None,
                    seen: None,
                    repeated: Vec::new(),
                    dropping: false,
                    dropped_end: Pos::default(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(false);
                };
                let (node, anchor) = match frame {
                    Frame::Seq {
                        span: s,
                        anchor,
                        items,
                    } => {
                        let end = items.last().map_or(s.end, |n| n.span.end);
                        (
                            Node {
                                span: Span {
                                    start: s.start,
                                    end,
                                },
                                value: Value::Seq(items),
                            },
                            anchor,
                        )
                    }
                    Frame::Map {
                        span: s,
                        anchor,
                        mut entries,
                        repeated,
                        dropped_end,
                        ..
                    } => {
                        let end = entries
                            .last()
                            .map_or(s.end, |(_, n)| n.span.end)
                            .max(dropped_end);
                        if !repeated.is_empty() {
                            entries.retain(|(k, _)| !repeated.contains(&k.text));
                        }
                        (
                            Node {
                                span: Span {
                                    start: s.start,
                                    end,
                                },
                                value: Value::Map(entries),
                            },
                            anchor,
                        )
                    }
                };
                self.push_value(node, anchor)?;
            }
        }
        Ok(false)
    }

    fn check_depth(&self, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlError::at(
                YamlErrorKind::TooDeep,
                span,
                format!("nesting is deeper than {} levels", self.limits.max_depth),
                Some("an alignment document never needs this depth: flatten the structure".into()),
            ));
        }
        Ok(())
    }

    fn push_value(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let mut repeat_found = None;
        match self.stack.last_mut() {
            None => {
                if !self.doc_seen_root {
                    self.doc_seen_root = true;
                    if node.value != Value::Null {
                        self.docs.push(node);
                    }
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                seen,
                repeated,
                dropping,
                dropped_end,
                ..
            }) => match pending_key.take() {
                Some(_) if *dropping => {
                    *dropping = false;
                    *dropped_end = node.span.end;
                }
                Some(key) => entries.push((key, node)),
                None => {
                    let text = match node.value {
                        Value::Str(s) => s,
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(YamlError::at(
                                YamlErrorKind::UnsupportedKey,
                                node.span,
                                "a mapping key must be plain text, not a list or mapping".into(),
                                Some("use a text key such as `name:`".into()),
                            ));
                        }
                    };
                    let first = match seen {
                        Some(map) => map.get(&text).copied(),
                        None => entries
                            .iter()
                            .find(|(k, _)| k.text == text)
                            .map(|(k, _)| k.span),
                    };
                    if let Some(first) = first {
                        repeat_found = Some(YamlError {
                            kind: YamlErrorKind::DuplicateKey,
                            message: format!("duplicate key `{text}` in this mapping"),
                            help: Some(format!(
                                "a key may appear once per mapping: remove one `{text}` or merge the two values"
                            )),
                            span: node.span,
                            previous: Some(first),
                            key: text.clone(),
                        });
                        if !repeated.contains(&text) {
                            repeated.push(text.clone());
                        }
                        *dropping = true;
                    }
                    if let Some(map) = seen {
                        map.insert(text.clone(), node.span);
                    } else if entries.len() >= 32 {
                        let mut map: HashMap<String, Span> = entries
                            .iter()
                            .map(|(k, _)| (k.text.clone(), k.span))
                            .collect();
                        map.insert(text.clone(), node.span);
                        *seen = Some(map);
                    }
                    *pending_key = Some(Key {
                        text,
                        span: node.span,
                    });
                }
            },
        }
        if let Some(e) = repeat_found {
            self.repeated.push(e);
        }
        Ok(())
    }
}

/// Nodes and bytes (text plus [`NODE_BYTES`] per node) of a node's tree, for the
/// alias budget. Walks with an explicit stack: the tree may be as deep as the
/// depth limit allows.
fn cost(node: &Node) -> (usize, u64) {
    let mut nodes = 0usize;
    let mut bytes = 0u64;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        nodes += 1;
        bytes += NODE_BYTES;
        match &n.value {
            Value::Seq(items) => todo.extend(items.iter()),
            Value::Map(entries) => {
                for (k, v) in entries {
                    nodes += 1;
                    bytes += NODE_BYTES + k.text.len() as u64;
                    todo.push(v);
                }
            }
            Value::Str(s) => bytes += s.len() as u64,
            _ => {}
        }
    }
    (nodes, bytes)
}

/// Resolves a plain scalar with the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let bytes = text.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return Value::Str(text.to_string());
    }
    if let Some(i) = resolve_int(text) {
        return Value::Int(i);
    }
    if is_core_float(text)
        && let Ok(f) = text.parse::<f64>()
        && f.is_finite()
    {
        return Value::Float(f);
    }
    Value::Str(text.to_string())
}

fn resolve_int(text: &str) -> Option<i64> {
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Leading zeros mark an identifier (zip code, account code), not a number.
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    text.parse().ok()
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int_part, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        None => !int_part.is_empty() && digits(int_part),
        Some(f) => digits(int_part) && digits(f) && !(int_part.is_empty() && f.is_empty()),
    };
    if int_part.len() > 1 && int_part.starts_with('0') {
        return false;
    }
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut docs = parse_stream(text, Limits::default()).unwrap();
        assert_eq!(docs.len(), 1);
        docs.remove(0)
    }

    #[test]
    fn long_strings_keep_little_spare_capacity() {
        let line = "Marketing sources demand; Sales qualifies and closes.\n";
        let text = format!("description: |\n{}", format!("  {line}").repeat(60));
        let n = one(&text);
        let Some(Value::Str(s)) = n.get("description").map(|d| &d.value) else {
            panic!("no description")
        };
        assert_eq!(s.len(), line.len() * 60);
        assert!(
            s.capacity() <= s.len() + 32 + s.len() / 8,
            "{} of {}",
            s.capacity(),
            s.len()
        );
    }

    #[test]
    fn yaml_1_2_scalars_stay_strings() {
        let n = one(
            "country: NO\non: yes\nx: off\nzip: 0755\nwhen: 2026-01-01\nv: 1.10\nn: 42\nf: -1.5e3\nt: true\nz: ~\n",
        );
        let j = n.to_json();
        assert_eq!(j["country"], "NO");
        assert_eq!(j["on"], "yes");
        assert_eq!(j["x"], "off");
        assert_eq!(j["zip"], "0755");
        assert_eq!(j["when"], "2026-01-01");
        assert_eq!(j["v"], 1.1);
        assert_eq!(j["n"], 42);
        assert_eq!(j["f"], -1500.0);
        assert_eq!(j["t"], true);
        assert!(j["z"].is_null());
    }

    #[test]
    fn quoted_numbers_stay_strings() {
        let j = one("a: '42'\nb: \"true\"\nc: !!str 7\n").to_json();
        assert_eq!(j["a"], "42");
        assert_eq!(j["b"], "true");
        assert_eq!(j["c"], "7");
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let n = one("kind: Goal\nowners:\n  - sales\n  - marketing\n");
        let v = n.pointer_span("/owners/1", false).unwrap();
        assert_eq!((v.start.line, v.start.col), (4, 5));
        let k = n.pointer_span("/owners", true).unwrap();
        assert_eq!((k.start.line, k.start.col), (2, 1));
    }

    #[test]
    fn duplicate_keys_are_errors_with_both_places() {
        let e = parse_stream("a: 1\nb: 2\na: 3\n", Limits::default()).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::DuplicateKey);
        assert_eq!(e.span.start.line, 3);
        assert_eq!(e.previous.unwrap().start.line, 1);
    }

    #[test]
    fn duplicate_keys_in_large_mappings_are_errors_too() {
        let mut s: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        s.push_str("k77: again\n");
        let e = parse_stream(&s, Limits::default()).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::DuplicateKey);
        assert_eq!(
            (e.span.start.line, e.previous.unwrap().start.line),
            (101, 78)
        );
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut s = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            s.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let e = parse_stream(&s, Limits::default()).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::AliasBomb);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let s = "- ".repeat(10_000) + "x\n";
        let e = parse_stream(&s, Limits::default()).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::TooDeep);
        let s = "[".repeat(10_000);
        assert!(parse_stream(&s, Limits::default()).is_err());
    }

    #[test]
    fn tabs_get_a_hint() {
        let e = parse_stream("a:\n\tb: 1\n", Limits::default()).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Syntax);
        assert!(e.help.unwrap().contains("spaces"), "{}", e.message);
    }

    #[test]
    fn multi_document_streams() {
        let docs = parse_stream("---\na: 1\n---\nb: 2\n---\n", Limits::default()).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].pointer_span("/b", false).unwrap().start.line, 4);
    }

    #[test]
    fn crlf_is_fine() {
        let n = one("a: 1\r\nb: two\r\n");
        assert_eq!(n.to_json()["b"], "two");
        assert_eq!(n.pointer_span("/b", false).unwrap().start.line, 2);
    }
}
