//! Completion from the text before the cursor: ids where a reference is
//! expected, field names and enum values from the kind's JSON Schema. The kind
//! is the `kind:` of the YAML document holding the cursor, so files with
//! several kinds complete each document for its own kind.

use serde_json::Value;

use crate::load::schema::SCHEMAS;
use crate::model::Kind;
use crate::pipeline::Checked;

/// What a completion item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Field,
    Value,
    Id,
}

/// Fields whose values are parties (team ids or `@people`).
const PARTY_FIELDS: &[&str] = &[
    "owner",
    "owners",
    "primary_owner",
    "responsible",
    "accountable",
    "consulted",
    "informed",
    "lead",
    "leads",
    "participants",
    "approved_by",
    "parties",
    "from",
    "to",
    "dri",
];

/// The completions at byte `offset` of `text`: (label, what, detail).
pub fn items(checked: &Checked, text: &str, offset: usize) -> Vec<(String, Item, Option<String>)> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let kind = doc_kind(text, line_start);
    let indent = line.len() - line.trim_start().len();
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    // `key: value…` on this line, a list item under `key:`, or a flow list.
    if let Some((key, _)) = body.split_once(':') {
        let key = key.trim().trim_start_matches("- ").trim();
        return values(checked, kind, key);
    }
    if line.trim_start().starts_with('-') {
        if let Some(key) = parent_key(text, line_start, indent + 1) {
            return values(checked, kind, &key);
        }
        return Vec::new();
    }
    // A field name: the fields of the mapping at this indentation.
    let path = key_path(text, line_start, indent);
    fields(kind, &path)
}

/// The `kind:` of the YAML document holding `at`.
fn doc_kind(text: &str, at: usize) -> Option<Kind> {
    let start = text[..at].rfind("\n---").map_or(0, |i| i + 4);
    let end = text[at..].find("\n---").map_or(text.len(), |i| at + i);
    text[start..end].lines().find_map(|l| {
        let v = l.strip_prefix("kind:")?;
        Kind::parse(v.trim().trim_matches(['"', '\'']))
    })
}

/// The key of the nearest line above `line_start` indented less than `indent`
/// (the mapping key whose value holds the cursor's line).
fn parent_key(text: &str, line_start: usize, indent: usize) -> Option<String> {
    for l in text[..line_start].lines().rev() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t == "---" {
            return None;
        }
        let ind = l.len() - t.len();
        if ind < indent || (ind == indent.saturating_sub(1) && !t.starts_with('-')) {
            let t = t.strip_prefix("- ").unwrap_or(t);
            let (k, rest) = t.split_once(':')?;
            return rest.trim().is_empty().then(|| k.trim().to_string());
        }
    }
    None
}

/// The keys of the mappings enclosing a line indented by `indent`, outermost first.
fn key_path(text: &str, line_start: usize, indent: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut want = indent;
    for l in text[..line_start].lines().rev() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t == "---" || want == 0 {
            break;
        }
        let ind = l.len() - t.len();
        if ind < want {
            let item = t.starts_with("- ");
            let t = t.strip_prefix("- ").unwrap_or(t);
            if let Some((k, rest)) = t.split_once(':')
                && rest.trim().is_empty()
            {
                path.push(k.trim().to_string());
                want = ind;
            } else if item {
                // An item of a list of mappings: the list's key comes next.
                want = ind;
                continue;
            }
        }
    }
    path.reverse();
    path
}

fn schema(kind: Kind) -> Option<Value> {
    let name = format!("{}.schema.json", kind.schema_stem());
    let (_, text) = SCHEMAS.iter().find(|(n, _)| *n == name)?;
    serde_json::from_str(text).ok()
}

/// Follows `$ref` and list `items` to the schema of a mapping.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/$defs/");
            match root.get("$defs").and_then(|d| d.get(name)) {
                Some(n) => node = n,
                None => break,
            }
        } else if let Some(items) = node.get("items") {
            node = items;
        } else if let Some(first) = node
            .get("oneOf")
            .or_else(|| node.get("anyOf"))
            .and_then(Value::as_array)
            .and_then(|v| {
                v.iter()
                    .find(|x| x.get("properties").is_some() || x.get("$ref").is_some())
            })
        {
            node = first;
        } else {
            break;
        }
    }
    node
}

/// The mapping schema at a key path of a kind.
fn at_path<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut node = resolve(root, root);
    for k in path {
        node = resolve(root, node.get("properties")?.get(k)?);
    }
    Some(node)
}

fn fields(kind: Option<Kind>, path: &[String]) -> Vec<(String, Item, Option<String>)> {
    let Some(kind) = kind else {
        return vec![("kind".to_string(), Item::Field, None)];
    };
    let Some(root) = schema(kind) else {
        return Vec::new();
    };
    let Some(node) = at_path(&root, path) else {
        return Vec::new();
    };
    let Some(props) = node.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    props
        .iter()
        .map(|(k, v)| {
            let doc = v
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
            (k.clone(), Item::Field, doc)
        })
        .collect()
}

/// The values for `key` in a document of `kind`.
fn values(checked: &Checked, kind: Option<Kind>, key: &str) -> Vec<(String, Item, Option<String>)> {
    let m = &checked.repo.model;
    let ids = |kind: Kind| -> Vec<(String, Item, Option<String>)> {
        super::symbols::defs(m)
            .into_iter()
            .filter(|d| d.kind == kind)
            .map(|d| (d.id.value.clone(), Item::Id, Some(d.title.to_string())))
            .collect()
    };
    if key == "kind" {
        return Kind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), Item::Value, None))
            .collect();
    }
    if PARTY_FIELDS.contains(&key) {
        let mut out = ids(Kind::Team);
        let mut seen = std::collections::HashSet::new();
        for t in &m.teams {
            for mem in &t.members {
                let h = mem.github.trim_start_matches('@').to_string();
                if seen.insert(h.to_ascii_lowercase()) {
                    out.push((format!("@{h}"), Item::Id, Some(mem.name.value.clone())));
                }
            }
        }
        return out;
    }
    match key {
        "metric" | "metrics" | "exits_to" => return ids(Kind::Metric),
        "goal" | "goals" | "parent" => return ids(Kind::Goal),
        "agreements" | "agreement" => return ids(Kind::Agreement),
        "handoff" => return ids(Kind::Responsibility),
        "period" => {
            return checked
                .repo
                .config
                .periods
                .iter()
                .map(|p| (p.id.value.clone(), Item::Id, p.name.clone()))
                .collect();
        }
        _ => {}
    }
    // An enum of the kind's schema, wherever the key is.
    let Some(root) = kind.and_then(schema) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    find_enum(&root, &root, key, &mut out, 0);
    out.sort();
    out.dedup();
    out.into_iter().map(|v| (v, Item::Value, None)).collect()
}

fn find_enum(root: &Value, node: &Value, key: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 12 {
        return;
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            if k == key {
                let v = resolve(root, v);
                if let Some(vals) = v.get("enum").and_then(Value::as_array) {
                    out.extend(vals.iter().filter_map(|x| x.as_str().map(str::to_string)));
                }
            }
        }
    }
    match node {
        Value::Object(map) => {
            for v in map.values() {
                find_enum(root, v, key, out, depth + 1);
            }
        }
        Value::Array(list) => {
            for v in list {
                find_enum(root, v, key, out, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_kind_and_key_path_come_from_the_text() {
        let t = "kind: Team\nid: a\n---\nkind: Goal\nid: g\nkey_results:\n  - id: k\n    \n";
        let at = t.rfind("    ").unwrap_or(0);
        assert_eq!(doc_kind(t, at), Some(Kind::Goal));
        assert_eq!(key_path(t, at, 4), vec!["key_results".to_string()]);
        assert_eq!(doc_kind(t, 3), Some(Kind::Team));
    }
}
