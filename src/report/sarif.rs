//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning (and other
//! code-scanning tools) read. Hand-written serde structs for the part of the
//! standard we fill: one run, the driver with every registered rule (so that a
//! result's `ruleIndex` always resolves and GitHub can show each rule's doc), and a
//! result per finding with its primary location, secondary labels as related
//! locations, and our line-independent fingerprint as a partial fingerprint.
//!
//! Columns are Unicode code points (our positions count characters), which the run
//! declares in `columnKind`. Paths are relative URIs against `%SRCROOT%`, the repo
//! root, as `github/codeql-action/upload-sarif` expects.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{Report, line_col};
use crate::diag::{Diagnostic, Label, Severity};
use crate::rules::RuleMeta;

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The schema URI written in `$schema` (the OASIS errata 01 schema).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The key of our fingerprint in `partialFingerprints`; the `/v1` changes only if
/// the fingerprint algorithm ever does.
pub const FINGERPRINT_KEY: &str = "accordantFingerprint/v1";
/// The base id that every artifact URI is relative to: the repo root.
pub const SRCROOT: &str = "%SRCROOT%";

/// Where a rule's doc is published: its Markdown file in the repository.
pub fn rule_doc_url(code: &str) -> String {
    format!(
        "{}/blob/main/src/rules/docs/{code}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Message<'a>,
    full_description: Message<'a>,
    help: MultiformatMessage<'a>,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Message<'a> {
    text: std::borrow::Cow<'a, str>,
}

impl<'a> Message<'a> {
    fn borrowed(text: &'a str) -> Self {
        Message { text: text.into() }
    }
}

#[derive(Serialize)]
struct MultiformatMessage<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    /// Written only for a rule that is off by default.
    #[serde(skip_serializing_if = "is_true")]
    enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Message<'static>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// SARIF `level` of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
        Severity::Off => "none",
    }
}

/// Writes `report` as a SARIF log, listing every registered rule.
pub fn emit(report: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<&RuleMeta> = crate::rules::all().iter().map(|r| &r.meta).collect();
    emit_with_rules(report, &rules, w)
}

/// Writes `report` as a SARIF log whose driver lists `rules` (in that order).
pub(crate) fn emit_with_rules(
    report: &Report<'_>,
    rules: &[&RuleMeta],
    w: &mut dyn Write,
) -> io::Result<()> {
    let log = Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "accordant",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rules.iter().map(|m| descriptor(m)).collect(),
                },
            },
            original_uri_base_ids: BTreeMap::from([(SRCROOT, root_location(report))]),
            column_kind: "unicodeCodePoints",
            results: report
                .diagnostics
                .iter()
                .map(|d| result(report, rules, d))
                .collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

fn descriptor<'a>(m: &'a RuleMeta) -> ReportingDescriptor<'a> {
    ReportingDescriptor {
        id: m.code,
        name: m.name,
        short_description: Message::borrowed(m.summary),
        full_description: Message {
            text: what_it_checks(m.doc)
                .unwrap_or_else(|| m.summary.to_owned())
                .into(),
        },
        help: MultiformatMessage {
            text: m.doc,
            markdown: m.doc,
        },
        help_uri: rule_doc_url(m.code),
        default_configuration: Configuration {
            level: level(m.default_severity),
            enabled: m.default_severity != Severity::Off,
        },
    }
}

/// The text under the doc's "## What it checks" heading, joined into one
/// paragraph; `None` when that section is empty.
fn what_it_checks(doc: &str) -> Option<String> {
    let start = doc.find("## What it checks")?;
    let body = &doc[start..];
    let body = body.split_once('\n').map_or("", |(_, rest)| rest);
    let end = body.find("\n## ").unwrap_or(body.len());
    let text = body[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn result<'a>(report: &'a Report<'_>, rules: &[&RuleMeta], d: &'a Diagnostic) -> SarifResult<'a> {
    let related_locations = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, l)| Location {
            id: Some(i + 1),
            physical_location: physical(report, l),
            message: (!l.message.is_empty()).then(|| Message::borrowed(&l.message)),
        })
        .collect();
    SarifResult {
        rule_id: d.code,
        rule_index: rules.iter().position(|m| m.code == d.code),
        level: level(d.severity),
        message: Message {
            text: message_text(d).into(),
        },
        locations: [Location {
            id: None,
            physical_location: physical(report, &d.primary),
            message: (!d.primary.message.is_empty()).then(|| Message::borrowed(&d.primary.message)),
        }],
        related_locations,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, d.fingerprint.as_str())]),
    }
}

/// The message, then each note and the help on lines of their own.
fn message_text(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    for n in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(n);
    }
    if let Some(h) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    text
}

fn physical(report: &Report<'_>, l: &Label) -> PhysicalLocation {
    let (start_line, start_column, end_line, end_column) = line_col(l);
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: Some(encode_uri_path(report.sources.path(l.file))),
            uri_base_id: Some(SRCROOT),
            description: None,
        },
        region: Region {
            start_line,
            start_column,
            end_line,
            end_column,
        },
    }
}

/// `%SRCROOT%`: the repo root as a `file:` URI when it is an absolute path (so a
/// viewer on the same machine can open files), and a description in any case.
fn root_location(report: &Report<'_>) -> ArtifactLocation {
    ArtifactLocation {
        uri: file_uri_of_dir(report.sources.root()),
        uri_base_id: None,
        description: Some(Message::borrowed(
            "The root of the alignment repo: the folder holding accordant.yaml.",
        )),
    }
}

/// `file:///abs/dir/` for an absolute directory; `None` for a relative one.
fn file_uri_of_dir(dir: &Path) -> Option<String> {
    if !dir.is_absolute() {
        return None;
    }
    let s = dir.to_string_lossy().replace('\\', "/");
    let s = s.trim_end_matches('/');
    let lead = if s.starts_with('/') { "" } else { "/" };
    Some(format!("file://{lead}{}/", encode_uri_path(s)))
}

/// Percent-encodes a `/`-separated path for use as a URI (reference): every byte
/// outside RFC 3986's unreserved characters, `/` and the sub-delimiters that are
/// harmless in a path. `:` is encoded too, so that `a:b.yaml` is not read as a URI
/// with scheme `a`.
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::{self, sample};

    fn sarif_of(rules: &[&RuleMeta]) -> serde_json::Value {
        let s = sample();
        let mut out = Vec::new();
        emit_with_rules(&s.report(), rules, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    /// The OASIS schema, compiled with the draft its `$schema` names.
    fn validator() -> jsonschema::Validator {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sarif/sarif-schema-2.1.0.json"
        ))
        .unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let draft = jsonschema::Draft::default().detect(&schema);
        assert_eq!(
            draft,
            jsonschema::Draft::Draft4,
            "the SARIF schema is draft-04"
        );
        jsonschema::options()
            .with_draft(draft)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    }

    fn assert_valid(v: &serde_json::Value) {
        let errors: Vec<String> = validator()
            .iter_errors(v)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF is not valid:\n{}",
            errors.join("\n")
        );
    }

    #[test]
    fn snapshot() {
        let s = sample();
        let mut out = Vec::new();
        emit_with_rules(&s.report(), &sample::rules(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        sample::settings().bind(|| insta::assert_snapshot!("sarif", out));
    }

    #[test]
    fn sample_output_matches_the_schema() {
        assert_valid(&sarif_of(&sample::rules()));
    }

    #[test]
    fn the_schema_check_can_fail() {
        let mut v = sarif_of(&sample::rules());
        v["runs"][0]["results"][0]["level"] = "fatal".into();
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            0.into();
        assert_eq!(validator().iter_errors(&v).count(), 2);
    }

    #[test]
    fn real_emit_lists_every_registered_rule_and_is_valid() {
        let s = sample();
        let mut out = Vec::new();
        emit(&s.report(), &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_valid(&v);
        let driver = &v["runs"][0]["tool"]["driver"];
        let ids: Vec<&str> = driver["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let codes: Vec<&str> = crate::rules::all().iter().map(|r| r.meta.code).collect();
        assert_eq!(ids, codes);
        for r in driver["rules"].as_array().unwrap() {
            let code = r["id"].as_str().unwrap();
            let meta = crate::rules::meta(code);
            assert_eq!(r["help"]["markdown"], meta.doc);
            assert_eq!(r["helpUri"], rule_doc_url(code));
            assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
        }
        // Sample codes are not registered rules: no index that would point elsewhere.
        for res in v["runs"][0]["results"].as_array().unwrap() {
            let id = res["ruleId"].as_str().unwrap();
            match res.get("ruleIndex") {
                Some(i) => assert_eq!(ids[usize::try_from(i.as_u64().unwrap()).unwrap()], id),
                None => assert!(!ids.contains(&id)),
            }
        }
    }

    #[test]
    fn results_point_at_rules_and_carry_fingerprints() {
        let v = sarif_of(&sample::rules());
        let s = sample();
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), s.diagnostics.len());
        for (r, d) in results.iter().zip(&s.diagnostics) {
            let i = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
            assert_eq!(v["runs"][0]["tool"]["driver"]["rules"][i]["id"], d.code);
            assert_eq!(
                r["partialFingerprints"][FINGERPRINT_KEY],
                d.fingerprint.as_str()
            );
            assert_eq!(
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
                SRCROOT
            );
        }
        let with_related = results
            .iter()
            .find(|r| r.get("relatedLocations").is_some())
            .unwrap();
        assert_eq!(
            with_related["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "teams/sales%20team,%20%C3%A9mea.yaml"
        );
        assert_eq!(
            v["runs"][0]["originalUriBaseIds"][SRCROOT]["uri"],
            "file:///repo/"
        );
    }

    #[test]
    fn full_description_comes_from_the_doc() {
        assert_eq!(
            what_it_checks(sample::MULTIPLE_ACCOUNTABLE.doc).as_deref(),
            Some("That every activity has exactly one Accountable party.")
        );
        assert_eq!(
            what_it_checks("## What it checks\n\n## Why it matters\n"),
            None
        );
        assert_eq!(what_it_checks("no headings"), None);
    }

    #[test]
    fn uri_paths_are_encoded() {
        assert_eq!(encode_uri_path("teams/sales.yaml"), "teams/sales.yaml");
        assert_eq!(encode_uri_path("a b/c#d?e%f"), "a%20b/c%23d%3Fe%25f");
        assert_eq!(encode_uri_path("x:y/é"), "x%3Ay/%C3%A9");
        assert_eq!(file_uri_of_dir(Path::new("rel/dir")), None);
        assert_eq!(
            file_uri_of_dir(Path::new("/home/me/my repo/")).as_deref(),
            Some("file:///home/me/my%20repo/")
        );
    }
}
