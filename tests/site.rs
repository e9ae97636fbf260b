//! Rendering tests of the playbook site (`accordant build`): every page of the
//! example, hostile input, non-Latin names, 0 and 1,000 teams, theme overrides
//! and the safety of the output folder.

// Test helpers outside #[test] functions may panic: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use accordant::date::Date;
use accordant::site::{self, Built, Options};
use assert_cmd::Command;

fn today() -> Date {
    Date::parse("2026-11-27").unwrap()
}

/// The example repo: `examples/acme` once it exists, else our own fixture.
fn acme() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/acme");
    if example.join("accordant.yaml").is_file() {
        example
    } else {
        root.join("tests/fixtures/site/acme")
    }
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/acme")
}

fn build(repo: &Path, out: &Path) -> Built {
    site::build(&Options {
        path: repo.to_path_buf(),
        out: out.to_path_buf(),
        today: today(),
    })
    .unwrap_or_else(|e| panic!("building {}: {e:#}", repo.display()))
}

/// A file of the site; in HTML, minijinja's `&#x2f;` is read back as `/`.
fn read(out: &Path, rel: &str) -> String {
    let text =
        std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"));
    if rel.ends_with(".html") {
        text.replace("&#x2f;", "/")
    } else {
        text
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The text of the cell of `activity` x `team` in the RACI matrix.
fn raci_cell(html: &str, activity: &str, team: &str) -> String {
    let needle = format!("<td data-activity=\"{activity}\" data-team=\"{team}\"");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no cell {activity} x {team}"));
    let end = start + html[start..].find("</td>").unwrap();
    html[start..end].to_string()
}

/// Writes files of a repo: (path, text).
fn write_repo(dir: &Path, files: &[(&str, String)]) {
    for (p, text) in files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

const PAGES: &[&str] = &[
    "index.html",
    "teams.html",
    "goals.html",
    "raci.html",
    "incentives.html",
    "agreements.html",
    "calendar.html",
    "glossary.html",
    "health.html",
    "changes.html",
    "404.html",
];

#[test]
fn every_page_of_the_example_renders() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = tmp.path().join("site");
    let built = build(&acme(), &out);
    assert!(built.pages >= PAGES.len() + 2, "{built:?}");
    for page in PAGES {
        let html = read(&out, page);
        assert!(html.starts_with("<!doctype html>"), "{page}");
        assert!(html.contains("<nav class=\"nav\""), "{page}: navigation");
        assert!(html.contains("id=\"search-input\""), "{page}: search");
        assert!(html.contains("Last updated "), "{page}: last updated");
        if *page != "404.html" {
            assert!(html.contains(">Edit this page</a>"), "{page}: edit link");
        }
        assert!(!html.contains("href=\"/"), "{page}: absolute link");
        assert!(
            !html.contains("http://") || *page == "404.html" || !html.contains("src=\"http"),
            "{page}: external resource"
        );
    }
    // Shared goals with owners, targets and status on the home page.
    let index = read(&out, "index.html");
    assert!(index.contains("Shared goals at a glance"));
    assert!(index.contains("class=\"card goal shared\""));
    assert!(index.contains(">Target</dt>") && index.contains("class=\"status "));
    // The RACI cell for lead scoring x marketing holds "A".
    let raci = read(&out, "raci.html");
    let cell = raci_cell(&raci, "lead-scoring", "marketing");
    assert!(cell.contains(">A</span>"), "{cell}");
    // A team page: goals, responsibilities, agreements, rituals, channels, people.
    let team = read(&out, "teams/marketing.html");
    for section in [
        "id=\"goals\"",
        "id=\"responsibilities\"",
        "id=\"agreements\"",
        "id=\"meetings\"",
        "id=\"channels\"",
        "id=\"people\"",
    ] {
        assert!(team.contains(section), "team page lacks {section}");
    }
    assert!(team.contains("Accountable"));
    // The goal tree ladders team goals up.
    let goals = read(&out, "goals.html");
    assert!(goals.contains("class=\"depth-1\""), "no goal ladders up");
    assert!(goals.contains("Ladders up to"));
    // Incentives in plain words with a worked example.
    let inc = read(&out, "incentives.html");
    assert!(inc.contains("Worked example") && inc.contains("of the plan pays on"));
    // Agreements: both sides' commitments.
    let agr = read(&out, "agreements.html");
    assert!(agr.matches("commits to</h4>").count() >= 2);
    // Calendar with feeds.
    let cal = read(&out, "calendar.html");
    assert!(cal.contains("href=\"calendar/all.ics\""));
    let ics = read(&out, "calendar/all.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.contains("RRULE:FREQ="));
    // Glossary with the funnel in order.
    let glossary = read(&out, "glossary.html");
    let (mql, sal, sql) = (
        glossary.find(">MQL<").unwrap(),
        glossary.find(">SAL<").unwrap(),
        glossary.find(">SQL<").unwrap(),
    );
    assert!(mql < sal && sal < sql, "funnel order");
    // Search index holds goals.
    let idx = read(&out, "assets/search-index.js");
    assert!(idx.starts_with("window.accordantSearch = [") && idx.contains("\"kind\":\"Goal\""));
    assert!(read(&out, "404.html").contains("Page not found"));
}

#[test]
fn a_part_without_a_current_value_says_so_instead_of_inventing_one() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    support_copy(&fixture(), &repo);
    let goals = std::fs::read_dir(repo.join("goals")).unwrap();
    for g in goals {
        let p = g.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace("current: 1100\n", "")).unwrap();
    }
    let out = tmp.path().join("site");
    build(&repo, &out);
    let inc = read(&out, "incentives.html");
    assert!(
        inc.contains("<td>no current value yet</td>"),
        "missing value named"
    );
    assert!(
        inc.contains("not known until `mqls` has a current value"),
        "no invented total"
    );
    assert!(!inc.contains("<td>100% pays 100% of its part</td><td>80%"));
}

fn support_copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            support_copy(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

#[test]
fn the_fixture_shows_computed_numbers() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = tmp.path().join("site");
    build(&fixture(), &out);
    let inc = read(&out, "incentives.html");
    // Today: pipeline 3.9M / 4.5M = 87% pays 87% of its part (70% of the plan),
    // MQLs 1,100 / 1,500 = 73% pays 73% of its part (30%): 60.9 + 21.9 = 82.8%.
    assert!(
        inc.contains("<td>87% pays 87% of its part</td>")
            && inc.contains("<td>73% pays 73% of its part</td>"),
        "today's parts"
    );
    assert!(
        inc.contains("<strong>82.8% of target</strong>"),
        "today's total"
    );
    // Marketing's target of 5,000 EUR: 3,045.00 + 1,095.00, with the currency.
    assert!(inc.contains("<td>4,140.00 EUR</td>"), "today's amount");
    // At 120%: MQLs capped at 120%, pipeline 120%: 84 + 36 = 120%.
    assert!(
        inc.contains("<strong>120% of target</strong>"),
        "120% total"
    );
    // The gate in plain words.
    assert!(
        inc.contains("is at 87% of target and the gate needs 70%: met"),
        "gate wording"
    );
    assert!(!inc.contains("of the 70% needed"));
    // The static payout table, the chart and the calculator's data.
    assert!(inc.contains("Payout table, 0 to 200%"));
    assert!(inc.contains("<polyline class=\"total\" points=\"0,200 "));
    assert!(inc.contains("<form class=\"calc\" data-plan=\""));
    let cal = read(&out, "calendar/pipeline-review.ics");
    assert!(cal.contains("DTSTART;TZID=Europe/Paris:20260803T093000\r\n"));
    assert!(cal.contains("RRULE:FREQ=WEEKLY;BYDAY=MO\r\n"));
    assert!(cal.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"));
    assert!(cal.contains("UID:ritual-pipeline-review@acme.accordant\r\n"));
    let idx = read(&out, "index.html");
    assert!(idx.contains("Monday 2026-11-30"), "next meeting");
    let raci = read(&out, "raci.html");
    assert!(raci_cell(&raci, "lead-scoring", "sales").contains(">C</span>"));
    assert!(raci_cell(&raci, "lead-follow-up", "sales").contains(">A</span>"));
    let team = read(&out, "teams/marketing.html");
    assert!(
        team.contains("href=\"https://github.com/acme/alignment/edit/main/"),
        "edit link"
    );
    assert!(
        team.contains("teams/marketing.yaml\">Edit this page</a>"),
        "edit link"
    );
}

// ---------------------------------------------------------------- hostile input

const EVIL: &str = "<script>alert(1)</script> \\\" onerror=alert(2) x=\\\" javascript:alert(3) <img src=x onerror=alert(4)> [c](javascript:alert(5)) <a href=\\\"javascript:alert(6)\\\" onclick=\\\"alert(7)\\\">d</a>";

fn evil() -> String {
    format!("\"{EVIL}\"")
}

fn hostile_repo(dir: &Path) {
    let e = evil();
    write_repo(
        dir,
        &[
            (
                "accordant.yaml",
                format!(
                    "org: {e}\nperiods:\n  - id: P1\n    name: {e}\n    start: 2026-08-01\n    end: 2027-01-31\nsite:\n  title: {e}\n  repository: \"javascript:alert(8)\"\n  base_url: \"javascript:alert(9)\"\n"
                ),
            ),
            (
                "teams/a.yaml",
                format!(
                    "kind: Team\nid: a\nname: {e}\ndescription: {e}\nleads: ['@eve']\nmembers:\n  - github: eve\n    name: {e}\n    role: {e}\n    email: {e}\nchannels:\n  - type: slack\n    name: {e}\n    url: \"javascript:alert(10)\"\n"
                ),
            ),
            (
                "teams/b.yaml",
                format!(
                    "kind: Team\nid: b\nname: {e}\nleads: ['@bob']\nmembers:\n  - github: bob\n    name: {e}\n"
                ),
            ),
            (
                "metrics/m.yaml",
                format!(
                    "kind: Metric\nid: m\nname: {e}\naliases: [{e}]\ndefinition: {e}\nunit: count\ndirection: increase\nowner: a\napproved_by: [a, b]\nsource: {e}\nformula: {e}\nstage:\n  funnel: {e}\n  order: 1\n  owner: a\n  entry_criteria: [{e}]\n  exits_to: [recycle]\n"
                ),
            ),
            (
                "goals/g.yaml",
                format!(
                    "kind: Goal\nid: g\ntitle: {e}\ndescription: {e}\nowners: [a, b]\nprimary_owner: a\nperiod: P1\nmetric: m\ntarget: 10\ncurrent: 5\nkey_results:\n  - id: k\n    title: {e}\n    owner: a\n    target: 3\n"
                ),
            ),
            (
                "raci/r.yaml",
                format!(
                    "kind: Responsibility\nid: r\nactivity: {e}\ndescription: {e}\nresponsible: [a]\naccountable: [a, b]\nconsulted: [b]\n"
                ),
            ),
            (
                "incentives/i.yaml",
                format!(
                    "kind: Incentive\nid: i\nname: {e}\ndescription: {e}\nperiod: P1\nparticipants: [a, b]\ncomponents:\n  - id: c\n    goal: g\n    weight: 100\ncredit_splits:\n  - deal_type: {e}\n    splits:\n      a: 50\n      b: 50\n"
                ),
            ),
            (
                "agreements/s.yaml",
                format!(
                    "kind: Agreement\nid: s\nname: {e}\ndescription: {e}\nparties: [a, b]\ncommitments:\n  - team: a\n    summary: {e}\n  - team: b\n    summary: {e}\nreturn_rule: {e}\ndisposition_codes: [{e}]\n"
                ),
            ),
            (
                "rituals/t.yaml",
                format!(
                    "kind: Ritual\nid: t\nname: {e}\ndescription: {e}\ncadence: weekly\nday: {e}\ntime: {e}\ntimezone: {e}\ndri: '@eve'\nparticipants: [a, b]\ngoals: [g]\nchannel: {e}\n"
                ),
            ),
        ],
    );
}

/// Attributes of every tag in an HTML text: (tag name, [(attr, value)]).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off + 1;
        let end = match html[start..].find('>') {
            Some(e) => start + e,
            None => break,
        };
        i = end + 1;
        if start >= b.len() || !(b[start].is_ascii_alphabetic()) {
            continue;
        }
        let inner = &html[start..end];
        let name_end = inner
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let rest = &inner[name_end..];
        let mut chars = rest.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if c.is_whitespace() || c == '/' {
                continue;
            }
            let mut key = c.to_string();
            while let Some(&(_, c)) = chars.peek() {
                if c == '=' || c.is_whitespace() {
                    break;
                }
                key.push(c);
                chars.next();
            }
            let mut value = String::new();
            if let Some(&(_, '=')) = chars.peek() {
                chars.next();
                let quote = chars.peek().map(|&(_, c)| c);
                if quote == Some('"') || quote == Some('\'') {
                    chars.next();
                    for (_, c) in chars.by_ref() {
                        if Some(c) == quote {
                            break;
                        }
                        value.push(c);
                    }
                } else {
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
            attrs.push((key.to_ascii_lowercase(), value));
        }
        out.push((name, attrs));
    }
    out
}

fn decode_entities(s: &str) -> String {
    let mut out = s
        .replace("&#x2f;", "/")
        .replace("&#58;", ":")
        .replace("&colon;", ":");
    out = out
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'");
    out.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// Fails if any output file could run a script or load something from outside.
fn assert_inert(out: &Path) {
    for f in files(out) {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let name = f.display().to_string();
        if name.ends_with(".html") {
            assert!(!text.contains("<script>"), "{name}: inline script");
            for (tag, attrs) in tags(&text) {
                // The payout chart (inline SVG) and the calculator's form are the
                // templates' own, marked by their class; repo text never makes them.
                let class = |c: &str| attrs.iter().any(|(k, v)| k == "class" && v == c);
                assert!(
                    ![
                        "img", "iframe", "object", "embed", "svg", "math", "form", "style", "base",
                        "meta"
                    ]
                    .contains(&tag.as_str())
                        || (tag == "svg" && class("payout-chart-svg"))
                        || (tag == "form" && class("calc"))
                        || (tag == "img"
                            && attrs
                                .iter()
                                .any(|(k, v)| k == "src" && v.ends_with("assets/favicon.svg")))
                        || (tag == "meta" && !attrs.iter().any(|(k, _)| k == "http-equiv")),
                    "{name}: <{tag}> {attrs:?}"
                );
                if tag == "script" {
                    let src = attrs
                        .iter()
                        .find(|(k, _)| k == "src")
                        .map(|(_, v)| v.as_str());
                    assert!(
                        src.is_some_and(|s| {
                            s.ends_with("assets/search.js") || s.ends_with("assets/calc.js")
                        }),
                        "{name}: script {attrs:?}"
                    );
                }
                for (k, v) in &attrs {
                    assert!(
                        !k.starts_with("on"),
                        "{name}: event handler {k}={v} on <{tag}>"
                    );
                    let v = decode_entities(v).to_ascii_lowercase();
                    if ["href", "src", "action", "formaction", "xlink:href"].contains(&k.as_str()) {
                        assert!(
                            !v.starts_with("javascript:")
                                && !v.starts_with("data:")
                                && !v.starts_with("vbscript:"),
                            "{name}: {k}={v}"
                        );
                    }
                }
            }
        } else if name.ends_with(".js")
            && !name.ends_with("search.js")
            && !name.ends_with("assets/calc.js")
        {
            assert!(text.starts_with("window.accordantSearch = ["), "{name}");
            let json = text
                .trim_start_matches("window.accordantSearch = ")
                .trim_end()
                .trim_end_matches(';');
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("{name}: not one JSON value: {e}"));
        }
    }
}

#[test]
fn hostile_text_is_inert_everywhere() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    hostile_repo(&repo);
    let out = tmp.path().join("site");
    let built = build(&repo, &out);
    assert!(built.pages > 10);
    // The text itself is shown, escaped.
    let index = read(&out, "index.html");
    assert!(
        index.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped title"
    );
    let goals = read(&out, "goals.html");
    assert!(goals.contains("&lt;script&gt;"));
    assert_inert(&out);
    // The test itself catches what it should.
    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(
        bad.join("x.html"),
        "<p><a href=\" JaVaScRiPt&#58;x\">x</a></p>",
    )
    .unwrap();
    assert!(std::panic::catch_unwind(|| assert_inert(&bad)).is_err());
    std::fs::write(bad.join("x.html"), "<p><b onmouseover=x>x</b></p>").unwrap();
    assert!(std::panic::catch_unwind(|| assert_inert(&bad)).is_err());
}

#[test]
fn the_example_is_inert_too() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = tmp.path().join("site");
    build(&acme(), &out);
    assert_inert(&out);
}

// ---------------------------------------------------------------- scale and scripts

#[test]
fn non_latin_names_render() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: 株式会社アクメ\n".into()),
            (
                "teams/ja.yaml",
                "kind: Team\nid: eigyo\nname: 営業チーム\ndescription: 日本語の説明です。\nleads: ['@tanaka']\nmembers:\n  - github: tanaka\n    name: 田中 太郎\n".into(),
            ),
            (
                "teams/ar.yaml",
                "kind: Team\nid: taswiq\nname: فريق التسويق\nleads: ['@amal']\nmembers:\n  - github: amal\n    name: أمل العربية\n".into(),
            ),
        ],
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let team = read(&out, "teams/eigyo.html");
    assert!(team.contains("<h1 id=\"top\">営業チーム</h1>") && team.contains("田中 太郎"));
    assert!(read(&out, "teams/taswiq.html").contains("فريق التسويق"));
    assert!(read(&out, "index.html").contains("株式会社アクメ playbook"));
    let idx = read(&out, "assets/search-index.js");
    assert!(idx.contains("営業チーム") && idx.contains("أمل العربية"));
}

#[test]
fn zero_teams_builds_every_page() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    write_repo(&repo, &[("accordant.yaml", "org: Empty\n".into())]);
    let out = tmp.path().join("site");
    let built = build(&repo, &out);
    assert_eq!(built.pages, PAGES.len());
    assert!(read(&out, "index.html").contains("No team is defined yet"));
    assert!(read(&out, "raci.html").contains("No activity is defined yet"));
    assert!(read(&out, "calendar/all.ics").ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn a_thousand_teams() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    let mut files = vec![("accordant.yaml", "org: Big\n".to_string())];
    let names: Vec<String> = (0..1000).map(|i| format!("teams/t{i}.yaml")).collect();
    for (i, n) in names.iter().enumerate() {
        files.push((n.as_str(), format!("kind: Team\nid: t{i}\nname: Team {i}\nleads: ['@p{i}']\nmembers:\n  - github: p{i}\n    name: Person {i}\n")));
    }
    let parties: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
    let raci = format!(
        "kind: Responsibility\nid: wide\nactivity: Wide activity\nresponsible: [{}]\naccountable: t0\n",
        parties.join(", ")
    );
    files.push(("raci/wide.yaml", raci));
    write_repo(&repo, &files);
    let out = tmp.path().join("site");
    let built = build(&repo, &out);
    assert_eq!(built.pages, PAGES.len() + 1000);
    assert!(out.join("teams/t999.html").is_file());
    assert_eq!(
        read(&out, "teams.html")
            .matches("<th scope=\"row\">")
            .count(),
        1000
    );
    // 20 teams on one activity: the matrix becomes a list, still addressable.
    let raci = read(&out, "raci.html");
    assert!(raci.contains("class=\"raci list\""));
    assert!(raci.contains("data-activity=\"wide\" data-team=\"t0\" data-letter=\"A\""));
    // The home page stays short.
    assert!(read(&out, "index.html").contains("976 more teams"));
}

#[test]
fn findings_and_conflicts_still_build_and_show() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: Conflicted\n".into()),
            ("teams/a.yaml", "kind: Team\nid: a\nname: A\nleads: ['@x']\nmembers:\n  - github: x\n    name: X\n".into()),
            ("teams/b.yaml", "kind: Team\nid: b\nname: B\nleads: ['@y']\nmembers:\n  - github: y\n    name: Y\n".into()),
            ("raci/r.yaml", "kind: Responsibility\nid: scoring\nactivity: Lead scoring\nresponsible: [a]\naccountable: [a, b]\n".into()),
            ("goals/broken.yaml", "kind: Goal\nid: [not, an, id\n".into()),
        ],
    );
    let out = tmp.path().join("site");
    // Error findings: the site is written in full, and the exit code is 1 ...
    let failed = Command::cargo_bin("accordant")
        .unwrap()
        .args(["build", "--today", "2026-11-27", "--out"])
        .arg(&out)
        .arg(&repo)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(
        err.contains("the site is written, but the repo has "),
        "{err}"
    );
    assert!(err.contains("`--allow-errors` exits 0"), "{err}");
    assert!(read(&out, "health.html").contains("class=\"finding error\""));
    std::fs::remove_dir_all(&out).unwrap();
    // ... unless errors are allowed (the Pages workflow publishes anyway).
    Command::cargo_bin("accordant")
        .unwrap()
        .args(["build", "--allow-errors", "--today", "2026-11-27", "--out"])
        .arg(&out)
        .arg(&repo)
        .assert()
        .success();
    let health = read(&out, "health.html");
    assert!(health.contains("class=\"finding error\""), "{health}");
    assert!(health.contains("goals/broken.yaml:"));
    let raci = read(&out, "raci.html");
    assert!(
        raci.contains("<tr id=\"activity-scoring\" data-activity=\"scoring\" class=\"conflict\">")
    );
    assert!(raci_cell(&raci, "scoring", "b").contains("class=\"cell conflict\""));
    assert!(read(&out, "index.html").contains("class=\"badge error\""));
}

// ---------------------------------------------------------------- theme

#[test]
fn a_theme_overrides_one_template_and_one_asset() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: Themed\nsite:\n  theme: look\n".into()),
            (
                "look/templates/404.html",
                "{% extends \"builtin/404.html\" %}{% block content %}<h1>Lost? {{ site.org }}</h1>{{ super() }}{% endblock %}".into(),
            ),
            ("look/assets/style.css", "body { color: rebeccapurple }\n".into()),
            ("look/assets/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into()),
        ],
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let nf = read(&out, "404.html");
    assert!(
        nf.contains("<h1>Lost? Themed</h1>") && nf.contains("Page not found"),
        "{nf}"
    );
    assert_eq!(
        read(&out, "assets/style.css"),
        "body { color: rebeccapurple }\n"
    );
    assert!(out.join("assets/img/logo.svg").is_file());
    // Everything else is the built-in look.
    assert!(read(&out, "index.html").contains("Shared goals at a glance"));
    assert!(read(&out, "assets/search.js").contains("accordantSearch"));
}

#[test]
fn a_broken_theme_template_fails_the_build_with_its_name() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    write_repo(
        &repo,
        &[
            (
                "accordant.yaml",
                "org: Themed\nsite:\n  theme: look\n".into(),
            ),
            (
                "look/templates/teams.html",
                "{% extends \"base.html\" %}{% block content %}{{ no_such_value }}{% endblock %}"
                    .into(),
            ),
        ],
    );
    let out = tmp.path().join("site");
    let assert = Command::cargo_bin("accordant")
        .unwrap()
        .arg("build")
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("teams.html") && err.contains("undefined"),
        "{err}"
    );
    let missing = tmp.path().join("repo2");
    write_repo(
        &missing,
        &[("accordant.yaml", "org: X\nsite:\n  theme: nowhere\n".into())],
    );
    let err = site::build(&Options {
        path: missing,
        out: tmp.path().join("o2"),
        today: today(),
    })
    .unwrap_err();
    assert!(format!("{err:#}").contains("site.theme"), "{err:#}");
}

/// A description over the playbook's 1 MB limit: the page says so where the
/// text would be, and the rest of the site is built as usual.
/// See: the security issue, "a description over 1 MB makes build fail".
#[test]
fn an_oversized_description_is_replaced_by_a_notice() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    let huge = "word ".repeat(250_000); // 1,250,000 bytes
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: Big\n".into()),
            (
                "teams/big.yaml",
                format!("kind: Team\nid: big\nname: Big\ndescription: |\n  {huge}\n"),
            ),
            (
                "teams/small.yaml",
                "kind: Team\nid: small\nname: Small\ndescription: Just *fine*.\n".into(),
            ),
        ],
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let big = read(&out, "teams/big.html");
    assert!(big.len() < 100_000, "the text itself is left out");
    assert!(
        big.contains("too long to show") && big.contains("teams/big.yaml"),
        "the notice names the file"
    );
    assert!(read(&out, "teams/small.html").contains("<em>fine</em>"));
    assert!(read(&out, "teams.html").contains("Big"));
}

// ---------------------------------------------------------------- safety

#[test]
fn build_refuses_foreign_folders_and_removes_only_its_own_files() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    let team = |id: &str| {
        (
            format!("teams/{id}.yaml"),
            format!("kind: Team\nid: {id}\nname: {id}\n"),
        )
    };
    let (p1, t1) = team("one");
    let (p2, t2) = team("two");
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: Safe\n".into()),
            (&p1, t1),
            (&p2, t2),
        ],
    );
    // A foreign, non-empty folder is refused and left alone.
    let foreign = tmp.path().join("docs");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.md"), "mine").unwrap();
    let err = site::build(&Options {
        path: repo.clone(),
        out: foreign.clone(),
        today: today(),
    })
    .unwrap_err();
    assert!(format!("{err:#}").contains("not empty"), "{err:#}");
    assert_eq!(files(&foreign).len(), 1);
    // The repo root itself is refused.
    let err = site::build(&Options {
        path: repo.clone(),
        out: repo.clone(),
        today: today(),
    })
    .unwrap_err();
    assert!(format!("{err:#}").contains("repo itself"), "{err:#}");
    // A rebuild removes stale pages it wrote, and keeps files it did not write.
    let out = tmp.path().join("site");
    build(&repo, &out);
    assert!(out.join("teams/two.html").is_file());
    std::fs::write(out.join("teams/keep.txt"), "theirs").unwrap();
    std::fs::write(out.join("CNAME"), "playbook.example").unwrap();
    std::fs::remove_file(repo.join("teams/two.yaml")).unwrap();
    let built = build(&repo, &out);
    assert_eq!(built.removed, 1);
    assert!(!out.join("teams/two.html").exists());
    assert!(out.join("teams/keep.txt").is_file() && out.join("CNAME").is_file());
    assert!(out.join(".accordant-site.json").is_file());
    // A file it did not write, where a page must go, is not overwritten.
    std::fs::remove_file(out.join("teams/one.html")).unwrap();
    std::fs::write(out.join("teams/one.html"), "theirs").unwrap();
    let mut manifest: serde_json::Value =
        serde_json::from_str(&read(&out, ".accordant-site.json")).unwrap();
    manifest["files"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f != "teams/one.html");
    std::fs::write(out.join(".accordant-site.json"), manifest.to_string()).unwrap();
    let err = site::build(&Options {
        path: repo.clone(),
        out: out.clone(),
        today: today(),
    })
    .unwrap_err();
    assert!(format!("{err:#}").contains("did not create"), "{err:#}");
    assert_eq!(read(&out, "teams/one.html"), "theirs");
}

/// A manifest entry that goes through a link, or leads out with `..` or an
/// absolute path, never removes anything outside the output folder.
/// See: the security issue, "build follows a symlinked folder while deleting".
#[cfg(unix)]
#[test]
fn a_rebuild_never_deletes_through_a_link_or_outside_the_folder() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: Safe\n".into()),
            ("teams/a.yaml", "kind: Team\nid: a\nname: A\n".into()),
        ],
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    // Someone else's folder, with a file and an empty folder in it.
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(outside.join("empty")).unwrap();
    std::fs::write(outside.join("victim.txt"), "keep me").unwrap();
    std::fs::write(tmp.path().join("up.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(&outside, out.join("link")).unwrap();
    let mut manifest: serde_json::Value =
        serde_json::from_str(&read(&out, ".accordant-site.json")).unwrap();
    let abs = outside.join("victim.txt").to_string_lossy().into_owned();
    for f in ["link/victim.txt", "../up.txt", abs.as_str()] {
        manifest["files"].as_array_mut().unwrap().push(f.into());
    }
    manifest["dirs"]
        .as_array_mut()
        .unwrap()
        .push("link/empty".into());
    std::fs::write(out.join(".accordant-site.json"), manifest.to_string()).unwrap();
    let built = build(&repo, &out);
    assert_eq!(built.removed, 0);
    assert_eq!(
        std::fs::read_to_string(outside.join("victim.txt")).unwrap(),
        "keep me"
    );
    assert!(
        outside.join("empty").is_dir(),
        "a folder behind the link went"
    );
    assert!(tmp.path().join("up.txt").is_file());
    assert!(out.join("link").is_symlink(), "the link itself is not ours");
    assert!(out.join("teams/a.html").is_file());
}

// ---------------------------------------------------------------- git history

fn git(dir: &Path, args: &[&str]) {
    let st = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Maria Lopez")
        .env("GIT_AUTHOR_EMAIL", "maria@acme.example")
        .env("GIT_COMMITTER_NAME", "Maria Lopez")
        .env("GIT_COMMITTER_EMAIL", "maria@acme.example")
        .env("GIT_AUTHOR_DATE", "2026-11-20T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-20T10:00:00Z")
        .status()
        .expect("git runs");
    assert!(st.success(), "git {args:?}");
}

#[test]
fn git_history_gives_changes_and_last_updated() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: Hist\nperiods:\n  - id: P\n    start: 2026-08-01\n    end: 2027-01-31\n".into()),
            ("teams/a.yaml", "kind: Team\nid: a\nname: Alpha\nleads: ['@x']\nmembers:\n  - github: x\n    name: X\n".into()),
            ("goals/g.yaml", "kind: Goal\nid: g\ntitle: Win the pipeline race\nowners: [a]\nperiod: P\n".into()),
        ],
    );
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "Raise the pipeline target"]);
    let out = tmp.path().join("site");
    build(&repo, &out);
    let changes = read(&out, "changes.html");
    assert!(
        changes.contains("2026-11-20") && changes.contains("Maria Lopez"),
        "{changes}"
    );
    assert!(changes.contains("Raise the pipeline target"));
    assert!(
        changes.contains(">Win the pipeline race</a>"),
        "the goal changed is named"
    );
    let team = read(&out, "teams/a.html");
    assert!(
        team.contains("Last updated 2026-11-20</span>"),
        "date from git"
    );
    assert!(read(&out, "index.html").contains("Maria Lopez: Raise the pipeline target"));
}

/// `git` with a fixed author and the given date, for a history of several days.
fn git_on(dir: &Path, date: &str, args: &[&str]) {
    let st = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_NAME", "Maria Lopez")
        .env("GIT_AUTHOR_EMAIL", "maria@acme.example")
        .env("GIT_COMMITTER_NAME", "Maria Lopez")
        .env("GIT_COMMITTER_EMAIL", "maria@acme.example")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(st.success(), "git {args:?}");
}

#[test]
fn a_subfolder_shows_only_its_agreement_commits_and_the_goal_check_ins() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let top = tmp.path().join("big");
    let align = top.join("revops/align");
    let goal = |current: &str| {
        format!(
            "kind: Goal\nid: g\ntitle: Win the pipeline race\nowners: [a]\nperiod: P\nbaseline: 100\ntarget: 200\n{current}"
        )
    };
    write_repo(
        &align,
        &[
            ("accordant.yaml", "org: Hist\nperiods:\n  - id: P\n    start: 2026-08-01\n    end: 2027-01-31\n".into()),
            ("teams/a.yaml", "kind: Team\nid: a\nname: Alpha\nleads: ['@x']\nmembers:\n  - github: x\n    name: X\n".into()),
            ("teams/b.yaml", "kind: Team\nid: b\nname: Beta\nleads: ['@y']\nmembers:\n  - github: y\n    name: Y\n".into()),
            ("goals/g.yaml", goal("")),
        ],
    );
    std::fs::create_dir_all(top.join("app")).unwrap();
    std::fs::write(top.join("app/main.c"), "int main(){}\n").unwrap();
    git_on(&top, "2026-09-01T10:00:00Z", &["init", "-q", "-b", "main"]);
    git_on(&top, "2026-09-01T10:00:00Z", &["add", "."]);
    git_on(
        &top,
        "2026-09-01T10:00:00Z",
        &["commit", "-q", "-m", "Start the <agreement>"],
    );
    let steps = [
        ("2026-09-15T10:00:00Z", "current: 120\n", "Check-in one"),
        ("2026-10-15T10:00:00Z", "current: 150\n", "Check-in two"),
        ("2026-11-15T10:00:00Z", "current: 90\n", "Check-in three"),
    ];
    for (i, (date, current, subject)) in steps.iter().enumerate() {
        std::fs::write(align.join("goals/g.yaml"), goal(current)).unwrap();
        // Commits elsewhere in the big repo, and one in the folder that is not
        // an agreement file: none of them is a change to the agreement.
        std::fs::write(
            top.join("app/main.c"),
            format!("int main(){{return {i};}}\n"),
        )
        .unwrap();
        git_on(&top, date, &["commit", "-q", "-am", subject]);
        std::fs::write(
            top.join("app/main.c"),
            format!("int main(){{return {i}0;}}\n"),
        )
        .unwrap();
        git_on(
            &top,
            date,
            &["commit", "-q", "-am", &format!("App fix {i}")],
        );
    }
    std::fs::write(align.join("README.md"), "How we work\n").unwrap();
    git_on(&top, "2026-11-20T10:00:00Z", &["add", "."]);
    git_on(
        &top,
        "2026-11-20T10:00:00Z",
        &["commit", "-q", "-m", "Readme only"],
    );
    let out = tmp.path().join("site");
    build(&align, &out);
    let changes = read(&out, "changes.html");
    for s in [
        "Check-in one",
        "Check-in two",
        "Check-in three",
        "Start the &lt;agreement&gt;",
    ] {
        assert!(changes.contains(s), "{s} missing: {changes}");
    }
    for s in ["App fix", "Readme only", "main.c"] {
        assert!(!changes.contains(s), "{s} listed: {changes}");
    }
    assert!(!changes.contains("<agreement>"), "subjects are escaped");
    let home = read(&out, "index.html");
    assert!(
        home.contains("Check-in three")
            && !home.contains("App fix")
            && !home.contains("Readme only")
    );
    // The chart: the three check-ins, oldest first, below the baseline at the end.
    let goals = read(&out, "goals.html");
    let fig = &goals[goals.find("<figure class=\"history\">").expect("a chart")..];
    let fig = &fig[..fig.find("</figure>").unwrap()];
    assert_eq!(fig.matches("<circle class=\"dot\"").count(), 3, "{fig}");
    let first = fig.find("2026-09-15").unwrap();
    assert!(first < fig.find("2026-11-15").unwrap(), "oldest first");
    assert!(fig.contains("Check-in three") && fig.contains("Target 200"));
    assert!(
        goals.contains("progress below"),
        "90 is below the baseline of 100"
    );
    assert!(goals.contains("is below the baseline of 100"));
    // "What changed for this team": Alpha owns the goal, Beta does not.
    let alpha = read(&out, "teams/a.html");
    let alpha_changes = &alpha[alpha.find("id=\"changes\"").unwrap()..];
    assert!(
        alpha_changes.contains("Check-in two")
            && alpha_changes.contains("Start the &lt;agreement&gt;")
    );
    assert!(!alpha_changes.contains("App fix"));
    let beta = read(&out, "teams/b.html");
    let beta_changes = &beta[beta.find("id=\"changes\"").unwrap()..];
    assert!(
        beta_changes.contains("Start the &lt;agreement&gt;") && !beta_changes.contains("Check-in")
    );
    // A shallow clone: one commit, no chart, and the Changes page says history is cut.
    let shallow = tmp.path().join("shallow");
    let url = format!("file://{}", top.display());
    git_on(
        tmp.path(),
        "2026-11-27T10:00:00Z",
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let out = tmp.path().join("shallow-site");
    build(&shallow.join("revops/align"), &out);
    assert!(!read(&out, "goals.html").contains("<figure class=\"history\">"));
    assert!(read(&out, "changes.html").contains("a shallow clone"));
}

#[test]
fn a_folder_outside_git_builds_without_history_or_chart() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    // Not inside any work tree (the target dir may be inside the checkout).
    if std::process::Command::new("git")
        .arg("-C")
        .arg(tmp.path())
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return;
    }
    let repo = tmp.path().join("repo");
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: NoGit\nperiods:\n  - id: P\n    start: 2026-08-01\n    end: 2027-01-31\n".into()),
            ("teams/a.yaml", "kind: Team\nid: a\nname: Alpha\nleads: ['@x']\nmembers:\n  - github: x\n    name: X\n".into()),
            ("goals/g.yaml", "kind: Goal\nid: g\ntitle: G\nowners: [a]\nperiod: P\nbaseline: 1\ntarget: 2\ncurrent: 1.5\n".into()),
        ],
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    assert!(!read(&out, "goals.html").contains("<figure class=\"history\">"));
    assert!(read(&out, "teams/a.html").contains("No change to show"));
}

#[test]
fn findings_show_code_monthly_meetings_sit_in_the_week_and_where_links() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    // Findings whose messages hold code spans (`owners`, `ghost`), on Health and RACI.
    let bad = tmp.path().join("bad");
    write_repo(
        &bad,
        &[
            ("accordant.yaml", "org: F\nperiods:\n  - id: P\n    start: 2026-08-01\n    end: 2027-01-31\n".into()),
            ("teams/a.yaml", "kind: Team\nid: a\nname: Alpha\nleads: ['@x']\nmembers:\n  - github: x\n    name: X\n".into()),
            ("raci/r.yaml", "kind: Responsibility\nid: r\nactivity: Do it\nresponsible: [a]\naccountable: ghost\n".into()),
            ("goals/g.yaml", "kind: Goal\nid: g\ntitle: G\nowners: [nobody]\nperiod: P\n".into()),
        ],
    );
    let bad_out = tmp.path().join("bad-site");
    build(&bad, &bad_out);
    let health = read(&bad_out, "health.html");
    let findings = &health[health.find("<ol class=\"findings\">").expect("findings")..];
    assert!(
        findings.contains("<code>ghost</code>"),
        "code spans render as code: {findings}"
    );
    let raci = read(&bad_out, "raci.html");
    let inline = &raci[raci.find("findings-inline").expect("inline findings")..];
    assert!(inline.contains("<code>ghost</code>"), "{inline}");
    for page in [&health, &raci] {
        let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
        assert!(!main.contains('`'), "a raw backtick is shown");
    }
    let out = tmp.path().join("site");
    build(&acme(), &out);
    let calendar = read(&out, "calendar.html");
    let week = &calendar[calendar.find("class=\"week\"").unwrap()..];
    let week = &week[..week.find("</section>").unwrap()];
    assert!(
        week.contains("Monthly revenue review") || week.contains("monthly"),
        "{week}"
    );
    assert!(
        week.contains("<span class=\"tag\">monthly</span>"),
        "{week}"
    );
    assert!(
        calendar.contains("Boardroom Berlin and <a href=\"https://meet.acme-analytics.example/revenue-review\" rel=\"noopener\">"),
        "an address inside \"where\" is a link"
    );
    // A status marked with an asterisk says why in visible text.
    let goals = read(&out, "goals.html");
    if goals.contains("<sup aria-hidden=\"true\">*</sup>") {
        assert!(goals.contains("<p class=\"note\">* Estimated from the numbers"));
    }
    // The shared pipeline goal is declared on track while below its baseline: it says so.
    assert!(
        goals.contains("but the numbers read off track: the current value is below the baseline"),
        "declared and measured disagree visibly"
    );
    // No title-only explanation and no sr-only text outside a positioned box.
    assert!(!goals.contains("title=\"estimated from the numbers\""));
}

// ---------------------------------------------------------------- serve

/// `GET path` on 127.0.0.1:port: (status, body).
#[cfg(unix)]
fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// Polls `f` every 100 ms for up to 30 s.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !f() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A child process that is killed when the test panics before stopping it.
#[cfg(unix)]
struct KillOnDrop(std::process::Child);

#[cfg(unix)]
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // Already waited for when the test got that far: both calls then fail.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[cfg(unix)]
#[test]
fn serve_reloads_pages_after_a_rebuild_and_cleans_up_on_sigterm() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let repo = tmp.path().join("repo");
    write_repo(
        &repo,
        &[
            ("accordant.yaml", "org: Live\n".into()),
            (
                "teams/a.yaml",
                "kind: Team\nid: a\nname: Alpha\nleads: ['@x']\nmembers:\n  - github: x\n    name: X\n".into(),
            ),
        ],
    );
    // `serve` makes its folder under the temp dir: give it one of ours to watch.
    let temp = tmp.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    let mut child = KillOnDrop(
        std::process::Command::new(env!("CARGO_BIN_EXE_accordant"))
            .arg("serve")
            .arg(&repo)
            .args(["--port", "0", "--today", "2026-11-27"])
            .env("TMPDIR", &temp)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = std::io::BufReader::new(child.0.stderr.take().unwrap());
    let mut lines = stderr.lines().map_while(Result::ok);
    let port: u16 = lines
        .by_ref()
        .find_map(|l| {
            let at = l.find("http://127.0.0.1:")? + "http://127.0.0.1:".len();
            l[at..].split('/').next()?.parse().ok()
        })
        .expect("serve prints its address");
    std::thread::spawn(move || lines.for_each(|l| eprintln!("[serve] {l}")));
    let out = std::fs::read_dir(&temp)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(out.join("index.html").is_file());
    // A fresh folder of its own, not one named after the pid that anybody could
    // have made first (see: the security issue on `serve`'s temp folder).
    assert_ne!(
        out.file_name().unwrap().to_string_lossy(),
        format!("accordant-serve-{}", child.0.id())
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{mode:o}");
    }

    // Pages carry the live-reload script; the files `build` wrote do not.
    let (status, page) = http_get(port, "/teams/a.html");
    assert_eq!(status, 200);
    assert!(page.contains("src=\"/__accordant/live.js\""), "{page}");
    assert!(!read(&out, "teams/a.html").contains("__accordant"));
    let (_, v1) = http_get(port, "/__accordant/version");
    // A change to the repo rebuilds the site and moves the version on.
    std::fs::write(
        repo.join("teams/a.yaml"),
        "kind: Team\nid: a\nname: Alpha Renamed\nleads: ['@x']\nmembers:\n  - github: x\n    name: X\n",
    )
    .unwrap();
    eventually("a rebuild", || {
        http_get(port, "/__accordant/version").1 != v1
    });
    assert!(http_get(port, "/teams/a.html").1.contains("Alpha Renamed"));

    // SIGTERM: the server stops and removes the folder it made.
    let st = std::process::Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let status = child.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(!out.exists(), "{} is still there", out.display());
}

// ---------------------------------------------------------------- serve limits
// See: the security issue, "serve hardening": connection cap, head size limit,
// timeouts and the Host check, each over a real socket on 127.0.0.1.

/// A built site served by `serve::serve` on 127.0.0.1, port 0; stopped (and
/// the thread joined) when dropped.
struct TestServer {
    _tmp: tempfile::TempDir,
    state: std::sync::Arc<accordant::cmd::serve::State>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    fn start(limits: accordant::cmd::serve::Limits) -> TestServer {
        use accordant::cmd::serve;
        let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let dir = tmp.path().join("site");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<h1>home</h1>").unwrap();
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut state = serve::State::new(dir.canonicalize().unwrap(), None, port);
        state.limits = limits;
        let state = std::sync::Arc::new(state);
        let s = std::sync::Arc::clone(&state);
        let thread = std::thread::spawn(move || serve::serve(listener, s));
        TestServer {
            _tmp: tmp,
            state,
            thread: Some(thread),
        }
    }

    fn port(&self) -> u16 {
        self.state.port
    }

    fn connect(&self) -> std::net::TcpStream {
        let s = std::net::TcpStream::connect(("127.0.0.1", self.port())).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        s
    }

    /// Sends `bytes` and reads the answer's status code (0: closed without one).
    fn status(&self, bytes: &[u8]) -> u16 {
        use std::io::Write;
        let mut s = self.connect();
        s.write_all(bytes).unwrap();
        read_status(&mut s)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        accordant::cmd::serve::stop(&self.state);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

/// The status code of the answer on `s` (0 when it closed without one).
fn read_status(s: &mut std::net::TcpStream) -> u16 {
    use std::io::Read;
    let mut text = Vec::new();
    let _ = s.read_to_end(&mut text);
    let text = String::from_utf8_lossy(&text);
    text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0)
}

#[test]
fn serve_answers_only_its_own_host() {
    let srv = TestServer::start(Default::default());
    let port = srv.port();
    let get = |host: &str| srv.status(format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
    assert_eq!(get(&format!("127.0.0.1:{port}")), 200);
    assert_eq!(get(&format!("localhost:{port}")), 200);
    assert_eq!(get(&format!("[::1]:{port}")), 200);
    // A DNS-rebinding page sends its own name.
    assert_eq!(get(&format!("rebind.attacker.example:{port}")), 421);
    assert_eq!(get("attacker.example"), 421);
    assert_eq!(srv.status(b"GET / HTTP/1.1\r\n\r\n"), 400, "no Host");
}

#[test]
fn serve_refuses_a_request_head_over_16_kib() {
    let srv = TestServer::start(Default::default());
    let mut req = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Pad: ",
        srv.port()
    )
    .into_bytes();
    // One byte over, with no end of line: the server must not wait for one,
    // nor keep reading an endless line into memory.
    req.resize(16 * 1024 + 1, b'a');
    assert_eq!(srv.status(&req), 431);
    // A head just under the limit is fine.
    let mut ok = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Pad: ",
        srv.port()
    )
    .into_bytes();
    ok.resize(16 * 1024 - 4, b'a');
    ok.extend_from_slice(b"\r\n\r\n");
    assert_eq!(srv.status(&ok), 200);
}

#[test]
fn serve_times_out_a_slow_request_even_when_it_trickles() {
    use std::io::Write;
    let srv = TestServer::start(accordant::cmd::serve::Limits {
        timeout: std::time::Duration::from_millis(500),
        ..Default::default()
    });
    let start = std::time::Instant::now();
    let mut s = srv.connect();
    s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    // One byte every 100 ms: each read is quick, the whole head never comes.
    let mut w = s.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        for _ in 0..50 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            if w.write_all(b"X").is_err() {
                break;
            }
        }
    });
    assert_eq!(read_status(&mut s), 408);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(3),
        "took {:?}",
        start.elapsed()
    );
    trickle.join().unwrap();
}

#[test]
fn serve_caps_concurrent_connections() {
    let srv = TestServer::start(accordant::cmd::serve::Limits {
        max_connections: 2,
        ..Default::default()
    });
    let get = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", srv.port());
    // Two idle clients hold both places...
    let idle = [srv.connect(), srv.connect()];
    // ...so the third is told to come back later, at once.
    let start = std::time::Instant::now();
    assert_eq!(read_status(&mut srv.connect()), 503);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    // Their places come back when they leave.
    drop(idle);
    eventually("a free place", || srv.status(get.as_bytes()) == 200);
}
