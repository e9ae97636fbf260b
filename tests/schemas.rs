//! The JSON Schemas in `schemas/` and the Rust model (`src/model/kinds.rs`,
//! `src/config.rs`) describe the same documents; editors and other validators see
//! the schemas, accordant's rules see the model. These tests keep the two in
//! agreement, field for field:
//!
//! - at every object level, the schema's property names equal the serde field names
//!   of the struct (found by serializing a value), and `required` equals the fields
//!   that the struct cannot do without (found by removing each field in turn and
//!   deserializing with accordant's own YAML deserializer);
//! - every schema object level is covered by that comparison, so a new nested
//!   object cannot slip past it;
//! - enums list exactly the serde names of the Rust enum variants;
//! - the schemas are valid draft 2020-12, self-contained, use standard keywords
//!   only, carry a title and description on every property and forbid unknown
//!   fields;
//! - every YAML document in `examples/`, in the passing rule fixtures and in
//!   `docs/format.md` validates against its schema.

// Helpers of a test binary panic on purpose: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use accordant::config::{Config, LoaderLimits, Period, RuleLimits, Site};
use accordant::diag::Severity;
use accordant::load::schema::{SCHEMAS, SchemaSet};
use accordant::load::yaml::{self, Node};
use accordant::model::de::from_node;
use accordant::model::{
    Agreement, Budget, Cadence, Category, Channel, ChannelType, Clawback, Commitment, Component,
    CreditSplit, Curve, Direction, Gate, Goal, Handoff, Incentive, KeyResult, Kind, KrType, Member,
    Metric, Per, Responsibility, Ritual, Semantics, Spiff, Stage, Status, TargetIncentive, Team,
    Tier, Unit, Volume,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The embedded schema whose file stem is `stem`, parsed.
fn schema(stem: &str) -> Value {
    let file = format!("{stem}.schema.json");
    let (_, text) = SCHEMAS
        .iter()
        .find(|(name, _)| *name == file)
        .unwrap_or_else(|| panic!("no embedded schema {file}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

/// Follows a local `$ref` (`#/$defs/x`) once, if `node` has one.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("`$ref: {r}` is not local"));
            root.pointer(pointer)
                .unwrap_or_else(|| panic!("`$ref: {r}` points nowhere"))
        }
        None => node,
    }
}

/// The subschema reached by `path` (e.g. `properties/members/items`), following
/// `$ref`s on the way.
fn at<'a>(root: &'a Value, path: &str) -> &'a Value {
    let mut node = root;
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        node = resolve(root, node)
            .get(seg)
            .unwrap_or_else(|| panic!("schema has nothing at `{path}` (stopped at `{seg}`)"));
    }
    resolve(root, node)
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn strings(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn parse_one(text: &str) -> Node {
    let mut docs = yaml::parse_stream(text, yaml::Limits::default())
        .unwrap_or_else(|e| panic!("not YAML: {e:?}\n{text}"));
    assert_eq!(docs.len(), 1, "expected one document in\n{text}");
    docs.remove(0)
}

/// Deserializes a JSON object with accordant's own YAML deserializer (JSON is YAML).
fn deserialize<T: DeserializeOwned>(object: &serde_json::Map<String, Value>) -> Result<T, String> {
    let text = serde_json::to_string(object).map_err(|e| e.to_string())?;
    from_node::<T>(parse_one(&text)).map_err(|e| e.message)
}

/// The serde field names of `sample` (internal `loc` left out) and those that are
/// never absent in the model: not an `Option` (they serialize to a value in the
/// default sample). Every struct deserializes with defaults for missing fields, so
/// that a document with a missing required field still enters the model (flagged
/// as having errors); the schema is what requires fields.
fn serde_fields<T: Serialize + DeserializeOwned>(
    sample: &T,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let Value::Object(mut full) = serde_json::to_value(sample).expect("sample serializes") else {
        panic!("sample does not serialize to an object");
    };
    full.remove("loc");
    if let Err(e) = deserialize::<T>(&full) {
        panic!("the sample does not deserialize back: {e}");
    }
    let fields: BTreeSet<String> = full.keys().cloned().collect();
    let present = full
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, _)| k.clone())
        .collect();
    (fields, present)
}

/// One object level: a schema location and the struct it describes.
struct Level {
    stem: &'static str,
    path: &'static str,
    /// Property names and required names according to the Rust type.
    fields: (BTreeSet<String>, BTreeSet<String>),
    /// `kind` is read by the loader before the typed struct, so it is not a field.
    is_document: bool,
}

fn level<T: Serialize + DeserializeOwned>(
    stem: &'static str,
    path: &'static str,
    sample: &T,
) -> Level {
    Level {
        stem,
        path,
        fields: serde_fields(sample),
        is_document: path.is_empty() && stem != "config",
    }
}

fn period_sample() -> Period {
    from_node(parse_one(
        "id: FY27-H1\nstart: 2026-08-01\nend: 2027-01-31\nname: First half",
    ))
    .expect("period sample")
}

fn levels() -> Vec<Level> {
    vec![
        level("team", "", &Team::default()),
        level("team", "properties/members/items", &Member::default()),
        level("team", "properties/channels/items", &Channel::default()),
        level("metric", "", &Metric::default()),
        level("metric", "properties/stage", &Stage::default()),
        level("goal", "", &Goal::default()),
        level(
            "goal",
            "properties/key_results/items",
            &KeyResult::default(),
        ),
        level("responsibility", "", &Responsibility::default()),
        level("responsibility", "properties/handoff", &Handoff::default()),
        level("incentive", "", &Incentive::default()),
        level(
            "incentive",
            "properties/components/items",
            &Component::default(),
        ),
        level("incentive", "properties/gate", &Gate::default()),
        level(
            "incentive",
            "properties/credit_splits/items",
            &CreditSplit::default(),
        ),
        level(
            "incentive",
            "properties/components/items/properties/curve",
            &Curve::default(),
        ),
        level(
            "incentive",
            "properties/components/items/properties/curve/properties/tiers/items",
            &Tier::default(),
        ),
        level(
            "incentive",
            "properties/targets/items",
            &TargetIncentive::default(),
        ),
        level("incentive", "properties/budget", &Budget::default()),
        level("incentive", "properties/spiffs/items", &Spiff::default()),
        level("incentive", "properties/clawback", &Clawback::default()),
        level("agreement", "", &Agreement::default()),
        level(
            "agreement",
            "properties/commitments/items",
            &Commitment::default(),
        ),
        level(
            "agreement",
            "properties/commitments/items/properties/volume",
            &Volume::default(),
        ),
        level(
            "agreement",
            "properties/commitments/items/properties/capacity",
            &Volume::default(),
        ),
        level("ritual", "", &Ritual::default()),
        level("config", "", &Config::fallback()),
        level("config", "properties/periods/items", &period_sample()),
        level("config", "properties/limits", &RuleLimits::default()),
        level("config", "properties/loader", &LoaderLimits::default()),
        level("config", "properties/site", &Site::default()),
    ]
}

#[test]
fn schema_properties_and_required_match_the_model() {
    let mut problems = Vec::new();
    for l in levels() {
        let s = schema(l.stem);
        let node = at(&s, l.path);
        let (mut fields, mut required) = l.fields.clone();
        if l.is_document {
            fields.insert("kind".into());
            required.insert("kind".into());
        }
        let props = keys(node.get("properties").unwrap_or(&Value::Null));
        let where_ = format!("{}.schema.json at `/{}`", l.stem, l.path);
        for f in fields.difference(&props) {
            problems.push(format!(
                "{where_}: the model has field `{f}` but the schema has no such property"
            ));
        }
        for p in props.difference(&fields) {
            problems.push(format!(
                "{where_}: the schema has property `{p}` but the model has no such field"
            ));
        }
        // A required field is always there in a valid document: the model must
        // not make it optional.
        let schema_required = strings(node.get("required"));
        for f in schema_required.difference(&required) {
            problems.push(format!(
                "{where_}: `{f}` is required by the schema but optional in the model"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Every object level with `properties`, as `properties/a/items/...` paths.
fn object_levels(root: &Value, node: &Value, path: String, out: &mut Vec<String>) {
    let node = resolve(root, node);
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        out.push(path.clone());
        for (k, v) in props {
            object_levels(root, v, join(&path, &format!("properties/{k}")), out);
        }
    }
    if let Some(items) = node.get("items") {
        object_levels(root, items, join(&path, "items"), out);
    }
    if let Some(Value::Object(_)) = node.get("additionalProperties") {
        let ap = &node["additionalProperties"];
        object_levels(root, ap, join(&path, "additionalProperties"), out);
    }
    for (i, alt) in node
        .get("anyOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        object_levels(root, alt, join(&path, &format!("anyOf/{i}")), out);
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}/{b}")
    }
}

#[test]
fn every_schema_object_level_is_compared_with_the_model() {
    let covered: BTreeSet<(String, String)> = levels()
        .iter()
        .map(|l| (l.stem.to_string(), l.path.to_string()))
        .collect();
    let mut stems: Vec<&str> = Kind::ALL.iter().map(|k| k.schema_stem()).collect();
    stems.push("config");
    assert_eq!(
        stems.len(),
        SCHEMAS.len(),
        "one schema per kind plus config"
    );
    let mut missing = Vec::new();
    for stem in stems {
        let s = schema(stem);
        let mut found = Vec::new();
        object_levels(&s, &s, String::new(), &mut found);
        for path in found {
            let is_rule_map = stem == "config" && path == "properties/rules";
            if !is_rule_map && !covered.contains(&(stem.to_string(), path.clone())) {
                missing.push(format!("{stem}.schema.json `/{path}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "object levels not compared with a Rust struct (add them to `levels()`):\n{}",
        missing.join("\n")
    );
}

/// The serde names of `variants`.
fn names<T: Serialize>(variants: &[T]) -> BTreeSet<String> {
    variants
        .iter()
        .map(|v| match serde_json::to_value(v) {
            Ok(Value::String(s)) => s,
            other => panic!("variant does not serialize to a string: {other:?}"),
        })
        .collect()
}

// Each list below names every variant; the `match` makes adding a variant to the
// model a compile error here until the list (and so the schema check) is updated.

fn directions() -> Vec<Direction> {
    let all = vec![Direction::Increase, Direction::Decrease];
    for v in &all {
        match v {
            Direction::Increase | Direction::Decrease => {}
        }
    }
    all
}

fn units() -> Vec<Unit> {
    use Unit::*;
    let all = vec![Count, Currency, Percent, Ratio, Days, Hours, Score];
    for v in &all {
        match v {
            Count | Currency | Percent | Ratio | Days | Hours | Score => {}
        }
    }
    all
}

fn categories() -> Vec<Category> {
    use Category::*;
    let all = vec![Volume, Quality, Revenue, Pipeline, Activity, Efficiency];
    for v in &all {
        match v {
            Volume | Quality | Revenue | Pipeline | Activity | Efficiency => {}
        }
    }
    all
}

fn channel_types() -> Vec<ChannelType> {
    use ChannelType::*;
    let all = vec![Slack, Teams, Email, Chat, Forum, Other];
    for v in &all {
        match v {
            Slack | Teams | Email | Chat | Forum | Other => {}
        }
    }
    all
}

fn statuses() -> Vec<Status> {
    use Status::*;
    let all = vec![OnTrack, AtRisk, OffTrack, Done];
    for v in &all {
        match v {
            OnTrack | AtRisk | OffTrack | Done => {}
        }
    }
    all
}

fn kr_types() -> Vec<KrType> {
    let all = vec![KrType::Metric, KrType::Milestone];
    for v in &all {
        match v {
            KrType::Metric | KrType::Milestone => {}
        }
    }
    all
}

fn pers() -> Vec<Per> {
    use Per::*;
    let all = vec![Day, Week, Month, Quarter];
    for v in &all {
        match v {
            Day | Week | Month | Quarter => {}
        }
    }
    all
}

fn semantics() -> Vec<Semantics> {
    let all = vec![Semantics::Marginal, Semantics::Tiered];
    for v in &all {
        match v {
            Semantics::Marginal | Semantics::Tiered => {}
        }
    }
    all
}

fn cadences() -> Vec<Cadence> {
    use Cadence::*;
    let all = vec![Daily, Weekly, Biweekly, Monthly, Quarterly];
    for v in &all {
        match v {
            Daily | Weekly | Biweekly | Monthly | Quarterly => {}
        }
    }
    all
}

#[test]
fn schema_enums_match_the_model_enums() {
    let dir = names(&directions());
    let cases: Vec<(&str, &str, BTreeSet<String>)> = vec![
        (
            "team",
            "properties/channels/items/properties/type",
            names(&channel_types()),
        ),
        ("metric", "properties/unit", names(&units())),
        ("metric", "properties/direction", dir.clone()),
        ("metric", "properties/category", names(&categories())),
        ("goal", "properties/direction", dir.clone()),
        ("goal", "properties/status", names(&statuses())),
        (
            "goal",
            "properties/key_results/items/properties/type",
            names(&kr_types()),
        ),
        (
            "goal",
            "properties/key_results/items/properties/direction",
            dir.clone(),
        ),
        (
            "incentive",
            "properties/components/items/properties/direction",
            dir,
        ),
        (
            "incentive",
            "properties/components/items/properties/curve/properties/semantics",
            names(&semantics()),
        ),
        (
            "agreement",
            "properties/commitments/items/properties/volume/properties/per",
            names(&pers()),
        ),
        ("ritual", "properties/cadence", names(&cadences())),
    ];
    let mut problems = Vec::new();
    for (stem, path, expected) in cases {
        let s = schema(stem);
        let got = strings(at(&s, path).get("enum"));
        if got != expected {
            problems.push(format!(
                "{stem}.schema.json `/{path}`: enum {got:?}, the model has {expected:?}"
            ));
        }
    }
    // The weekday names the cadence rules understand (0 = Monday).
    let s = schema("ritual");
    let days: Vec<String> = at(&s, "properties/day")["enum"]
        .as_array()
        .expect("day enum")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let week = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if days != week {
        problems.push(format!("ritual `day`: {days:?}, expected {week:?}"));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn config_rules_list_every_rule_and_severity() {
    let s = schema("config");
    let rules = at(&s, "properties/rules");
    let listed = keys(&rules["properties"]);
    let registry: BTreeSet<String> = accordant::rules::all()
        .iter()
        .flat_map(|r| [r.meta.code.to_string(), r.meta.name.to_string()])
        .collect();
    let missing: Vec<_> = registry.difference(&listed).collect();
    let unknown: Vec<_> = listed.difference(&registry).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "config.schema.json `rules` must list every rule code and name of the registry; \
         missing {missing:?}, not rules {unknown:?}"
    );
    let severities = strings(s["$defs"]["severity"].get("enum"));
    for sev in &severities {
        assert!(
            Severity::parse(sev).is_some(),
            "`{sev}` is not a severity accordant accepts"
        );
    }
    for sev in ["error", "warning", "info", "off"] {
        assert!(severities.contains(sev), "severity `{sev}` missing");
    }
}

/// Keywords of JSON Schema 2020-12 (core, applicator, validation, format,
/// meta-data); anything else would fail ajv's strict mode.
const STANDARD: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
    "deprecated",
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "anyOf",
    "oneOf",
    "allOf",
    "if",
    "then",
    "else",
];

/// Checks the house rules on every subschema under `node`.
fn lint(node: &Value, path: &str, problems: &mut Vec<String>) {
    let Some(obj) = node.as_object() else {
        return;
    };
    for k in obj.keys() {
        if !STANDARD.contains(&k.as_str()) {
            problems.push(format!("`{path}`: non-standard keyword `{k}`"));
        }
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str)
        && !r.starts_with("#/$defs/")
    {
        problems.push(format!(
            "`{path}`: `$ref: {r}` must point into this file's $defs"
        ));
    }
    if let Some(props) = obj.get("properties").and_then(Value::as_object) {
        if obj.get("additionalProperties") != Some(&Value::Bool(false))
            && !path.contains("/if")
            && !path.contains("/then")
        {
            problems.push(format!(
                "`{path}`: object without `additionalProperties: false`"
            ));
        }
        for (k, v) in props {
            let p = format!("{path}/properties/{k}");
            for meta in ["title", "description"] {
                let has = v
                    .get(meta)
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.is_empty());
                if !has && !path.contains("/if") && !path.contains("/then") {
                    problems.push(format!("`{p}`: property without `{meta}`"));
                }
            }
            lint(v, &p, problems);
        }
    }
    for key in ["items", "propertyNames", "if", "then", "else"] {
        if let Some(v) = obj.get(key) {
            lint(v, &format!("{path}/{key}"), problems);
        }
    }
    if let Some(v @ Value::Object(_)) = obj.get("additionalProperties") {
        lint(v, &format!("{path}/additionalProperties"), problems);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for (i, v) in obj
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            lint(v, &format!("{path}/{key}/{i}"), problems);
        }
    }
    if let Some(defs) = obj.get("$defs").and_then(Value::as_object) {
        for (k, v) in defs {
            lint(v, &format!("{path}/$defs/{k}"), problems);
        }
    }
}

#[test]
fn schemas_are_valid_self_contained_and_documented() {
    let mut problems = Vec::new();
    for (file, text) in SCHEMAS {
        let s: Value = serde_json::from_str(text).expect("schema is JSON");
        if let Err(e) = jsonschema::meta::validate(&s) {
            problems.push(format!("{file}: not a valid schema: {e}"));
        }
        if let Err(e) = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&s)
        {
            problems.push(format!("{file}: does not compile: {e}"));
        }
        if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
            problems.push(format!("{file}: `$schema` must be draft 2020-12"));
        }
        if s["$id"] != format!("https://accordant.dev/schemas/{file}").as_str() {
            problems.push(format!("{file}: unexpected `$id` {}", s["$id"]));
        }
        for meta in ["title", "description"] {
            if s.get(meta).and_then(Value::as_str).is_none() {
                problems.push(format!("{file}: no top-level `{meta}`"));
            }
        }
        let stem = file.trim_end_matches(".schema.json");
        if let Some(kind) = Kind::ALL.iter().find(|k| k.schema_stem() == stem)
            && s["properties"]["kind"]["const"] != kind.as_str()
        {
            problems.push(format!("{file}: `kind` must be `const: {}`", kind.as_str()));
        }
        let mut lints = Vec::new();
        lint(&s, "", &mut lints);
        problems.extend(lints.into_iter().map(|p| format!("{file}: {p}")));
    }
    assert_eq!(
        SchemaSet::get().len(),
        SCHEMAS.len(),
        "every schema compiles"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Every `.yaml`/`.yml` file under `dir`, skipping hidden folders.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() && !name.starts_with('.') {
            yaml_files(&p, out);
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(p);
        }
    }
}

/// Validates every document of `text` (a file called `name`); returns problems.
fn validate_text(label: &str, name: &str, text: &str) -> Vec<String> {
    let docs = match yaml::parse_stream(text, yaml::Limits::default()) {
        Ok(d) => d,
        Err(e) => return vec![format!("{label}: not YAML: {}", e.message)],
    };
    let mut problems = Vec::new();
    for doc in docs {
        let stem = if name == "accordant.yaml" {
            "config".to_string()
        } else {
            match doc.get("kind").and_then(Node::as_str).and_then(Kind::parse) {
                Some(k) => k.schema_stem().to_string(),
                None => {
                    problems.push(format!("{label}: a document without a known `kind`"));
                    continue;
                }
            }
        };
        for e in SchemaSet::get().validate(&stem, &doc.to_json()) {
            problems.push(format!(
                "{label} line {}: {} at `{}`",
                doc.span.start.line, e.message, e.pointer
            ));
        }
    }
    problems
}

#[test]
fn examples_and_passing_fixtures_validate() {
    let mut files = Vec::new();
    yaml_files(&root().join("examples"), &mut files);
    let example_count = files.len();
    assert!(example_count > 10, "examples/ holds a complete repo");
    let fixtures = root().join("tests/fixtures/rules");
    if let Ok(codes) = std::fs::read_dir(&fixtures) {
        for code in codes.filter_map(Result::ok) {
            yaml_files(&code.path().join("pass"), &mut files);
        }
    }
    let mut problems = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let label = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        problems.extend(validate_text(&label, name, &text));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The complete examples in docs/format.md: fenced `yaml` blocks that hold a whole
/// document (a `kind:` line, or `org:` for accordant.yaml). Fragments are skipped.
#[test]
fn documented_examples_validate() {
    let text = std::fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md");
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut block: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        match &mut block {
            None if line.trim_start() == "```yaml" => block = Some((n + 2, String::new())),
            None => {}
            Some((start, body)) if line.trim_start() == "```" => {
                let is_doc = body.lines().any(|l| l.starts_with("kind: "));
                let is_config = body.lines().any(|l| l.starts_with("org: "));
                if is_doc || is_config {
                    checked += 1;
                    let name = if is_config {
                        "accordant.yaml"
                    } else {
                        "doc.yaml"
                    };
                    let label = format!("docs/format.md block at line {start}");
                    problems.extend(validate_text(&label, name, body));
                }
                block = None;
            }
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    assert!(
        checked >= 8,
        "docs/format.md shows every kind and accordant.yaml"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn a_new_model_field_without_schema_property_is_caught() {
    // The comparison itself must be able to fail: a schema level with one property
    // removed no longer matches the model.
    let s = schema("goal");
    let (fields, _) = serde_fields(&Goal::default());
    let mut props = keys(&s["properties"]);
    props.remove("kind");
    assert_eq!(props, fields);
    props.remove("parent");
    assert_ne!(props, fields);
}

#[test]
fn pattern_failures_explain_the_fix() {
    let doc = parse_one(
        "kind: Goal\nid: Pipeline FY27\ntitle: t\nowners: [sales]\nperiod: FY27-H1\ndue: x\n",
    );
    let errors = SchemaSet::get().validate("goal", &doc.to_json());
    let id = errors
        .iter()
        .find(|e| e.pointer == "/id")
        .expect("an error on /id");
    let help = id.help.as_deref().unwrap_or("");
    assert!(help.contains("lowercase letters"), "{help}");
    assert!(help.contains("(e.g. `lead-scoring`)"), "{help}");
    let extra = errors
        .iter()
        .find(|e| e.pointer == "/due")
        .expect("unknown field `due` on the goal");
    assert!(extra.message.contains("unknown field"), "{}", extra.message);
}
