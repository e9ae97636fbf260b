//! JSON Schema validation of each document against `schemas/<kind>.schema.json`.
//!
//! The schemas are embedded in the binary; `accordant schema` writes them out. This
//! module wraps the `jsonschema` crate behind [`SchemaSet`] so that a bump of that
//! pre-1.0 crate touches one file, and turns its errors into plain-words messages
//! with the JSON pointer of the offending node (mapped to a span by the caller).

use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Validator};
use serde_json::Value;

use crate::model::Kind;

/// Every schema the binary ships: (file name, text).
pub const SCHEMAS: &[(&str, &str)] = &[
    (
        "team.schema.json",
        include_str!("../../schemas/team.schema.json"),
    ),
    (
        "metric.schema.json",
        include_str!("../../schemas/metric.schema.json"),
    ),
    (
        "goal.schema.json",
        include_str!("../../schemas/goal.schema.json"),
    ),
    (
        "responsibility.schema.json",
        include_str!("../../schemas/responsibility.schema.json"),
    ),
    (
        "incentive.schema.json",
        include_str!("../../schemas/incentive.schema.json"),
    ),
    (
        "agreement.schema.json",
        include_str!("../../schemas/agreement.schema.json"),
    ),
    (
        "ritual.schema.json",
        include_str!("../../schemas/ritual.schema.json"),
    ),
    (
        "config.schema.json",
        include_str!("../../schemas/config.schema.json"),
    ),
];

/// One schema violation, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    /// JSON pointer of the node to blame.
    pub pointer: String,
    /// Blame the key of the last pointer segment rather than its value.
    pub at_key: bool,
    pub message: String,
    pub help: Option<String>,
    /// The value at `pointer` is wrong in itself (wrong type, form or range), so
    /// the loader leaves it out of the model; `false` for a missing field or an
    /// unknown key, which leave every written value usable.
    pub bad_value: bool,
    /// For a missing required field: its name.
    pub missing: Option<String>,
}

/// Compiled validators, one per kind plus the config.
pub struct SchemaSet {
    validators: HashMap<&'static str, (Validator, Value)>,
}

impl SchemaSet {
    /// The shared, compiled set (compiling takes a few milliseconds; do it once).
    pub fn get() -> &'static SchemaSet {
        static SET: OnceLock<SchemaSet> = OnceLock::new();
        SET.get_or_init(SchemaSet::compile)
    }

    fn compile() -> SchemaSet {
        let mut validators = HashMap::new();
        for (name, text) in SCHEMAS {
            // The shipped schemas are tested to parse and compile; a broken one is a
            // build defect, reported by `schemas_compile` in the test suite.
            let Ok(schema) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            let Ok(validator) = jsonschema::options()
                .with_draft(Draft::Draft202012)
                .should_validate_formats(true)
                .build(&schema)
            else {
                continue;
            };
            let stem = name.trim_end_matches(".schema.json");
            validators.insert(stem, (validator, schema));
        }
        SchemaSet { validators }
    }

    /// Validates a document of `kind`.
    pub fn validate_kind(&self, kind: Kind, doc: &Value) -> Vec<SchemaError> {
        self.validate(kind.schema_stem(), doc)
    }

    /// Validates against the schema whose file stem is `stem` (`config`, `goal`, …).
    pub fn validate(&self, stem: &str, doc: &Value) -> Vec<SchemaError> {
        let Some((validator, schema)) = self.validators.get(stem) else {
            return Vec::new();
        };
        if validator.is_valid(doc) {
            return Vec::new();
        }
        let mut out: Vec<SchemaError> = validator
            .iter_errors(doc)
            .map(|e| explain(&e, schema))
            .collect();
        out.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.message.cmp(&b.message)));
        out.dedup();
        // One mistake, one finding: of several complaints about one value (not
        // text, and so not one of the allowed words), the type is the one to fix.
        let typed: Vec<String> = out
            .iter()
            .filter(|e| e.message.starts_with("expected "))
            .map(|e| e.pointer.clone())
            .collect();
        out.retain(|e| e.message.starts_with("expected ") || !typed.contains(&e.pointer));
        let mut seen: Vec<(String, bool)> = Vec::new();
        out.retain(|e| {
            let k = (e.pointer.clone(), e.at_key);
            if e.bad_value && seen.contains(&k) {
                return false;
            }
            seen.push(k);
            true
        });
        out
    }

    /// Number of compiled schemas (the test suite checks all compiled).
    pub fn len(&self) -> usize {
        self.validators.len()
    }

    pub fn is_empty(&self) -> bool {
        self.validators.is_empty()
    }
}

fn explain(e: &jsonschema::ValidationError<'_>, schema: &Value) -> SchemaError {
    let pointer = e.instance_path().as_str().to_string();
    let field = pointer.rsplit('/').next().unwrap_or("").to_string();
    let instance = e.instance();
    let what = describe_field(&pointer);
    let mut at_key = false;
    let bad_value = !matches!(e.kind(), ValidationErrorKind::Required { .. });
    let missing = match e.kind() {
        ValidationErrorKind::Required { property } => property.as_str().map(str::to_string),
        _ => None,
    };
    let (message, help) = match e.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = allowed_properties(schema, e.schema_path().as_str());
            let mut helps = Vec::new();
            for u in unexpected {
                if let Some(s) = closest(u, allowed.iter().map(String::as_str)) {
                    helps.push(format!("did you mean `{s}` instead of `{u}`?"));
                }
            }
            if helps.is_empty() && !allowed.is_empty() {
                helps.push(format!("allowed fields here: {}", allowed.join(", ")));
            }
            let list = unexpected
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut p = pointer.clone();
            if unexpected.len() == 1 {
                p = format!("{pointer}/{}", escape(&unexpected[0]));
                at_key = true;
            }
            return SchemaError {
                pointer: p,
                at_key,
                message: format!("unknown field {list}"),
                help: Some(helps.join("; ")),
                bad_value: false,
                missing: None,
            };
        }
        ValidationErrorKind::PropertyNames { error } => {
            // Blame the key itself, not the mapping's first key.
            let key = plain(error.instance());
            let segs: Vec<&str> = e
                .schema_path()
                .as_str()
                .split('/')
                .filter(|s| !s.is_empty() && *s != "$ref")
                .collect();
            let sub = schema_at(schema, &segs);
            let desc = sub
                .and_then(|s| s.get("description"))
                .and_then(Value::as_str);
            let mut help = desc.map(str::to_string);
            if key.chars().any(char::is_uppercase) && !key.starts_with('@') {
                help = Some(format!(
                    "ids are written in lower case with hyphens, as in the document's `id:`{}",
                    help.map(|h| format!("; {h}")).unwrap_or_default()
                ));
            }
            return SchemaError {
                pointer: format!("{pointer}/{}", escape(&key)),
                at_key: true,
                message: format!("`{key}` cannot be a key of {what}"),
                help,
                bad_value: true,
                missing: None,
            };
        }
        ValidationErrorKind::Required { property } => {
            let prop = property.as_str().unwrap_or("?");
            let desc = property_description(schema, e.schema_path().as_str(), prop);
            (
                format!("missing required field `{prop}`"),
                Some(match desc {
                    Some(d) => format!("add `{prop}:` here ({d})"),
                    None => format!("add `{prop}:` here"),
                }),
            )
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => type_name(&format!("{t:?}")),
                TypeKind::Multiple(ts) => {
                    let names: Vec<String> =
                        ts.iter().map(|t| type_name(&format!("{t:?}"))).collect();
                    names.join(" or ")
                }
            };
            let found = describe(instance);
            let help =
                if expected.contains("text") && (instance.is_number() || instance.is_boolean()) {
                    Some(format!(
                        "quote the value so it stays text: \"{}\"",
                        plain(instance)
                    ))
                } else if expected.contains("number") && instance.is_string() {
                    Some(number_help(&pointer, instance.as_str().unwrap_or("")))
                } else if expected.contains("true or false") && instance.is_string() {
                    Some(boolean_help(instance.as_str().unwrap_or("")))
                } else if expected.contains("list") {
                    Some(format!(
                        "write a list, e.g. `{field}: [{}]`",
                        plain(instance)
                    ))
                } else {
                    None
                };
            (format!("expected {expected}, found {found}"), help)
        }
        ValidationErrorKind::Enum { options } => {
            let words: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(plain).collect())
                .unwrap_or_default();
            let got = plain(instance);
            let help = closest(&got, words.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("use one of: {}", words.join(", "))));
            (format!("`{got}` is not one of the allowed values"), help)
        }
        ValidationErrorKind::Constant { expected_value } => (
            format!(
                "expected `{}`, found `{}`",
                plain(expected_value),
                plain(instance)
            ),
            None,
        ),
        ValidationErrorKind::Pattern { pattern } => {
            let mut hint = pattern_hint(schema, e.schema_path().as_str());
            let got = plain(instance);
            if got.chars().any(char::is_uppercase) && !got.starts_with('@') {
                hint = Some(format!(
                    "ids are written in lower case with hyphens, as in the document's `id:` (a display name such as `{got}` goes in `name:`){}",
                    hint.map(|h| format!("; {h}")).unwrap_or_default()
                ));
            }
            (
                format!("`{}` is not in the expected form", plain(instance)),
                Some(hint.unwrap_or_else(|| format!("it must match the pattern {pattern}"))),
            )
        }
        ValidationErrorKind::Format { format } => {
            let help = match format.as_str() {
                "date" => {
                    "write a real calendar date as YYYY-MM-DD, in quotes or not, e.g. 2026-02-28"
                        .to_string()
                }
                "email" => "write an e-mail address such as revops@acme.example".to_string(),
                "uri" => "write a full address starting with https://".to_string(),
                other => format!("write a valid {other}"),
            };
            (
                format!("`{}` is not a valid {format}", plain(instance)),
                Some(help),
            )
        }
        ValidationErrorKind::UniqueItems => {
            let repeated = first_repeat(instance).map(|v| plain(&v));
            (
                match &repeated {
                    Some(v) => format!("{what} lists `{v}` more than once"),
                    None => format!("{what} lists an item more than once"),
                },
                Some("remove the repeated entry: each item counts once".to_string()),
            )
        }
        ValidationErrorKind::MinItems { limit } => (
            format!(
                "{what} needs at least {limit} item{}, found {}",
                if *limit == 1 { "" } else { "s" },
                instance.as_array().map_or(0, Vec::len)
            ),
            Some(format!("add entries to {what}")),
        ),
        ValidationErrorKind::MaxItems { limit } => (
            format!(
                "{what} allows at most {limit} item{}, found {}",
                if *limit == 1 { "" } else { "s" },
                instance.as_array().map_or(0, Vec::len)
            ),
            None,
        ),
        ValidationErrorKind::Minimum { limit } => (
            format!("{} is below the minimum of {limit}", plain(instance)),
            None,
        ),
        ValidationErrorKind::ExclusiveMinimum { limit } => (
            format!("{} must be greater than {limit}", plain(instance)),
            None,
        ),
        ValidationErrorKind::Maximum { limit } => (
            format!("{} is above the maximum of {limit}", plain(instance)),
            None,
        ),
        ValidationErrorKind::ExclusiveMaximum { limit } => (
            format!("{} must be less than {limit}", plain(instance)),
            None,
        ),
        ValidationErrorKind::MinLength { limit } => (
            if instance.as_str().is_some_and(str::is_empty) {
                format!("{what} is empty")
            } else {
                format!("{what} needs at least {limit} characters")
            },
            Some(format!("write a value for {what}")),
        ),
        ValidationErrorKind::MaxLength { limit } => (
            format!("{what} is longer than {limit} characters"),
            Some("shorten it; longer text belongs in `description`".to_string()),
        ),
        ValidationErrorKind::AnyOf { .. }
        | ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::OneOfMultipleValid { .. } => {
            let sub = schema_at(schema, &parent_segments(e.schema_path().as_str()));
            let desc = sub
                .and_then(|s| s.get("description"))
                .and_then(Value::as_str);
            let example = sub
                .and_then(|s| s.get("examples"))
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .map(plain);
            let got = plain(instance);
            let help = if is_placeholder(&got) {
                Some(format!(
                    "`{got}` is a placeholder: write who it really is{}",
                    example
                        .map(|x| format!(" (e.g. `{x}`)"))
                        .unwrap_or_default()
                ))
            } else {
                match (desc, example) {
                    (Some(d), Some(x)) => Some(format!("{d} (e.g. `{x}`)")),
                    (Some(d), None) => Some(d.to_string()),
                    (None, Some(x)) => Some(format!("e.g. `{x}`")),
                    (None, None) => None,
                }
            };
            (format!("{what} cannot be `{got}`"), help)
        }
        _ => (e.to_string(), None),
    };
    SchemaError {
        pointer,
        at_key,
        message,
        help,
        bad_value,
        missing,
    }
}

/// The help for text where a number belongs: the number the text seems to mean,
/// written as this field wants it (`60%` in a weight: "write 60 (weights are
/// percents)"), or "remove the quotes" for a quoted plain number.
fn number_help(pointer: &str, text: &str) -> String {
    let field = pointer
        .rsplit('/')
        .find(|s| s.parse::<usize>().is_err())
        .unwrap_or("");
    let in_splits = pointer.contains("/splits/");
    let unit = if field == "weight" || in_splits || field.ends_with("_share") {
        " (weights are percents)"
    } else if field.ends_with("_hours") {
        " (hours)"
    } else if field.ends_with("_days") {
        " (days)"
    } else if field.ends_with("_minutes") {
        " (minutes)"
    } else if matches!(field, "threshold" | "cap" | "min_attainment") {
        " (percent of target)"
    } else if matches!(field, "target" | "baseline" | "current" | "amount") {
        " (the unit comes from the metric)"
    } else {
        ""
    };
    let t = text.trim();
    if t.parse::<f64>().is_ok() {
        return format!("remove the quotes: write {t}{unit}");
    }
    match number_in(t) {
        Some(n) => format!("write {n}{unit}: a plain number, without units or separators"),
        None => format!("write a plain number{unit}, without units or separators, e.g. 4500000"),
    }
}

/// The number a text such as `€4.5M`, `60%`, `24h`, `1,200` or `3 days` stands
/// for, written plainly; `None` when it is not one.
fn number_in(text: &str) -> Option<String> {
    let t = text
        .trim()
        .trim_start_matches(['€', '$', '£', '¥', '~', '≈'])
        .trim();
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '_' | ' ' | '-' | '+'))
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    let rest = t[t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '_' | ' ' | '-' | '+')))
        .map_or(t.len(), |(i, _)| i)..]
        .trim()
        .to_ascii_lowercase();
    let n: f64 = digits.parse().ok()?;
    let scale = match rest.as_str() {
        "k" => 1e3,
        "m" | "mm" | "mn" => 1e6,
        "b" | "bn" => 1e9,
        "" | "%" | "h" | "hr" | "hrs" | "hour" | "hours" | "d" | "day" | "days" | "min"
        | "mins" | "minutes" | "percent" | "pct" | "units" | "eur" | "usd" | "gbp" => 1.0,
        _ => return None,
    };
    let v = n * scale;
    if !v.is_finite() {
        return None;
    }
    let s = format!("{v:.6}");
    Some(s.trim_end_matches('0').trim_end_matches('.').to_string())
}

/// The help for text where `true` or `false` belongs (`no`, `yes`, `"true"`).
fn boolean_help(text: &str) -> String {
    match text.trim().to_ascii_lowercase().as_str() {
        "no" | "n" | "off" | "false" | "0" => "write false (true or false, without quotes)".into(),
        "yes" | "y" | "on" | "true" | "1" => "write true (true or false, without quotes)".into(),
        _ => "write true or false".into(),
    }
}

/// Words people write for "not decided yet".
fn is_placeholder(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "tbd"
            | "tbc"
            | "todo"
            | "unknown"
            | "n/a"
            | "na"
            | "none"
            | "?"
            | "??"
            | "-"
            | "xxx"
            | "someone"
    )
}

/// How a message names the field at a pointer: "`owners`", or "item 2 of `owners`".
fn describe_field(pointer: &str) -> String {
    let mut parts = pointer.rsplit('/');
    let last = parts.next().unwrap_or("");
    match last.parse::<usize>() {
        Ok(i) => match parts.next().filter(|p| !p.is_empty()) {
            Some(list) => format!("item {} of `{list}`", i + 1),
            None => format!("item {}", i + 1),
        },
        Err(_) if last.is_empty() => "the document".to_string(),
        Err(_) => format!("`{last}`"),
    }
}

/// The first item of a list that appears again later in it.
fn first_repeat(list: &Value) -> Option<Value> {
    let items = list.as_array()?;
    items
        .iter()
        .enumerate()
        .find(|(i, v)| items[i + 1..].contains(v))
        .map(|(_, v)| v.clone())
}

fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn type_name(t: &str) -> String {
    match t.to_ascii_lowercase().as_str() {
        "string" => "text".into(),
        "number" => "a number".into(),
        "integer" => "a whole number".into(),
        "boolean" => "true or false".into(),
        "array" => "a list".into(),
        "object" => "a mapping of fields".into(),
        "null" => "nothing".into(),
        other => other.to_string(),
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing (an empty value)".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text \"{s}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Follows a schema path (`/properties/a/items/additionalProperties`) in the schema.
fn schema_at<'a>(schema: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut node = schema;
    for seg in path {
        node = match node {
            Value::Object(m) => m.get(*seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
        // Local `$ref`s are followed so that descriptions in `$defs` are found.
        if let Some(target) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/"))
        {
            let segs: Vec<&str> = target.split('/').collect();
            node = schema_at(schema, &segs)?;
        }
    }
    Some(node)
}

fn parent_segments(schema_path: &str) -> Vec<&str> {
    let mut segs: Vec<&str> = schema_path.split('/').filter(|s| !s.is_empty()).collect();
    segs.pop();
    // `$ref` in an evaluation path is resolved by `schema_at`.
    segs.retain(|s| *s != "$ref");
    segs
}

fn allowed_properties(schema: &Value, schema_path: &str) -> Vec<String> {
    schema_at(schema, &parent_segments(schema_path))
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn property_description(schema: &Value, schema_path: &str, prop: &str) -> Option<String> {
    let obj = schema_at(schema, &parent_segments(schema_path))?;
    let p = obj.get("properties")?.get(prop)?;
    let p = match p
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/"))
    {
        Some(r) => schema_at(schema, &r.split('/').collect::<Vec<_>>())?,
        None => p,
    };
    p.get("description")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// The hint for a pattern failure: the subschema's description and first example.
/// (Standard keywords only, so the schemas also pass ajv's strict mode.)
fn pattern_hint(schema: &Value, schema_path: &str) -> Option<String> {
    let sub = schema_at(schema, &parent_segments(schema_path))?;
    let desc = sub.get("description").and_then(Value::as_str);
    let example = sub
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .map(plain);
    match (desc, example) {
        (Some(d), Some(e)) => Some(format!("{d} (e.g. `{e}`)")),
        (Some(d), None) => Some(d.to_string()),
        (None, Some(e)) => Some(format!("e.g. `{e}`")),
        (None, None) => None,
    }
}

/// The candidate nearest to `word` by edit distance, if near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let len = word.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let c_len = c.chars().count();
        let limit = (len.max(c_len) / 3).max(1);
        // The edit distance is at least the difference in length.
        if len.abs_diff(c_len) > limit {
            continue;
        }
        let d = levenshtein(&lower, &c.to_lowercase());
        // Ties go to the smaller candidate, so the answer never depends on order.
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string
/// alignment), so `Gaol` is one edit from `Goal`.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_help_fits_the_field() {
        assert_eq!(
            number_help("/components/0/weight", "60%"),
            "write 60 (weights are percents): a plain number, without units or separators"
        );
        assert_eq!(
            number_help("/commitments/0/response_time_hours", "24h"),
            "write 24 (hours): a plain number, without units or separators"
        );
        assert_eq!(
            number_help("/target", "€4.5M"),
            "write 4500000 (the unit comes from the metric): a plain number, without units or separators"
        );
        assert_eq!(
            number_help("/key_results/1/weight", "40"),
            "remove the quotes: write 40 (weights are percents)"
        );
        assert_eq!(
            number_help("/target", "lots"),
            "write a plain number (the unit comes from the metric), without units or separators, e.g. 4500000"
        );
        assert_eq!(
            boolean_help("no"),
            "write false (true or false, without quotes)"
        );
        assert_eq!(boolean_help("maybe"), "write true or false");
    }

    #[test]
    fn schemas_compile() {
        assert_eq!(SchemaSet::get().len(), SCHEMAS.len());
    }

    #[test]
    fn closest_finds_typos_only() {
        let words = ["owners", "period", "metric"];
        assert_eq!(closest("ownres", words.iter().copied()), Some("owners"));
        assert_eq!(closest("banana", words.iter().copied()), None);
        assert_eq!(
            closest("Gaol", ["Goal", "Team"].iter().copied()),
            Some("Goal")
        );
    }

    #[test]
    fn closest_breaks_ties_by_name_not_order() {
        let a = ["team-b", "team-a"];
        let b = ["team-a", "team-b"];
        assert_eq!(closest("team-c", a.iter().copied()), Some("team-a"));
        assert_eq!(closest("team-c", b.iter().copied()), Some("team-a"));
    }

    fn errors(kind: crate::model::Kind, doc: serde_json::Value) -> Vec<SchemaError> {
        SchemaSet::get().validate_kind(kind, &doc)
    }

    #[test]
    fn list_and_size_errors_read_as_sentences() {
        use crate::model::Kind;
        let ritual = serde_json::json!({
            "kind": "Ritual", "id": "weekly", "name": "Weekly", "cadence": "weekly",
            "dri": "@ana", "participants": ["sales", "marketing"], "goals": ["g", "h", "g"]
        });
        let e = errors(Kind::Ritual, ritual);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].message, "`goals` lists `g` more than once");
        assert_eq!(e[0].pointer, "/goals");
        let goal = serde_json::json!({
            "kind": "Goal", "id": "g", "title": "", "owners": [], "period": "FY27"
        });
        let messages: Vec<String> = errors(Kind::Goal, goal)
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("`owners` needs at least 1 item")),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`title` is empty".to_string()),
            "{messages:?}"
        );
        assert_eq!(describe_field("/owners/1"), "item 2 of `owners`");
        assert_eq!(describe_field(""), "the document");
    }
}
