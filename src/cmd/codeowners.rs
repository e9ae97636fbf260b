//! `accordant codeowners`: writes the block of `.github/CODEOWNERS` that the model
//! implies, so GitHub asks the right team leads to review every change.
//!
//! Each file is owned by the leads of the teams behind its documents: a Team
//! document by that team, a goal by its owner teams, an activity by its
//! Responsible and Accountable parties, an incentive by its participants, an
//! agreement by its parties, a ritual by its participants, a metric by its owner
//! and the teams that approved it. `Team.paths` globs go to that team's leads.
//! The block sits between two marker lines; every line outside it is kept byte
//! for byte, and the file is replaced atomically (temporary file, then rename).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};

use super::Outcome;
use super::support::{repo_hint, write_stdout};
use crate::diag::{Counts, Diagnostic};
use crate::diff::git::{Git, GitError};
use crate::escape;
use crate::model::{Model, Repo};
use crate::pipeline;
use crate::source::SourceDb;

/// The first line of the generated block.
pub const BEGIN: &str = "# BEGIN accordant (generated, do not edit)";
/// The last line of the generated block.
pub const END: &str = "# END accordant";

/// Write the accordant block of CODEOWNERS from the model.
///
/// Exit codes: 0 written (or up to date); 1 with --check, the block is stale;
/// 2 could not run (unreadable repo, broken markers).
#[derive(Debug, clap::Args)]
pub struct CodeownersArgs {
    /// The alignment repo (or any folder inside it).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The CODEOWNERS file (default: `.github/CODEOWNERS` at the top of the git work
    /// tree, or of the alignment repo outside git).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Do not write: exit 1 and say what is stale when the block is out of date.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: &CodeownersArgs) -> anyhow::Result<Outcome> {
    let repo = pipeline::load_repo(&args.path)
        .map_err(|e| repo_hint(e, &args.path, "`accordant codeowners PATH`"))?;
    let root = repo.sources.root().to_path_buf();
    warn_on_load_errors(&repo.diagnostics);
    let (top, prefix) = match Git::open(&root) {
        Ok(git) => {
            let prefix = git.prefix_of(&root).unwrap_or_default();
            (git.toplevel().to_path_buf(), prefix)
        }
        Err(GitError::NotARepo { .. } | GitError::GitMissing) => (root.clone(), String::new()),
        Err(e) => return Err(e.into()),
    };
    let file = args
        .file
        .clone()
        .unwrap_or_else(|| top.join(".github").join("CODEOWNERS"));
    let existing = match std::fs::read(&file) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {}", file.display())),
    };
    let eol = match &existing {
        Some(b) if b.windows(2).any(|w| w == b"\r\n") => "\r\n",
        _ => "\n",
    };
    let rules = rules(&repo, &prefix)?;
    let block = block(&rules, &prefix, eol);
    let updated = splice(existing.as_deref().unwrap_or_default(), &block, eol)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let fresh = existing.as_deref() == Some(updated.as_slice());
    if args.check {
        if fresh {
            write_stdout("never", |out, _| {
                writeln!(
                    out,
                    "ok: the accordant block of {} is up to date",
                    file.display()
                )
            })?;
            return Ok(Outcome::Clean);
        }
        write_stdout("never", |out, _| {
            report_stale(out, &file, existing.as_deref(), &block)
        })?;
        return Ok(Outcome::Findings);
    }
    if fresh {
        write_stdout("never", |out, _| {
            writeln!(out, "ok: {} is already up to date", file.display())
        })?;
    } else {
        write_atomically(&file, &updated)?;
        write_stdout("never", |out, _| {
            writeln!(
                out,
                "wrote the accordant block ({} rules) to {}",
                rules.iter().filter(|r| !r.owners.is_empty()).count(),
                file.display()
            )
        })?;
    }
    Ok(Outcome::Clean)
}

fn warn_on_load_errors(diags: &[Diagnostic]) {
    let c = Counts::of(diags);
    if c.errors > 0 {
        eprintln!(
            "warning: {} error{} while loading the repo; values with errors (and files that \
             could not be parsed) are missing from the block (run `accordant check` to see them)",
            c.errors,
            if c.errors == 1 { "" } else { "s" }
        );
    }
}

/// One line of the block: a pattern and the handles that own it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Path pattern relative to the top of the work tree, starting with `/`.
    pub pattern: String,
    /// `@handle`s; empty when no team behind the path lists a lead.
    pub owners: Vec<String>,
    /// Names of the teams behind the path (for the comment of an ownerless path).
    pub teams: Vec<String>,
}

/// The rules the model implies: `Team.paths` globs first, then one line per file
/// (later lines win in CODEOWNERS, so a file's own line overrides a glob).
pub fn rules(repo: &Repo, prefix: &str) -> anyhow::Result<Vec<Rule>> {
    let model = &repo.model;
    let mut out = Vec::new();
    let mut team_globs: Vec<(&str, GlobSet)> = Vec::new();
    for t in &model.teams {
        let mut b = GlobSetBuilder::new();
        let team = || {
            format!(
                "{}: team `{}`",
                place(&repo.sources, t.loc.file, t.id.span),
                escape::terminal_line(&t.id.value)
            )
        };
        for p in &t.paths {
            let pat = p.trim_start_matches('/');
            b.add(Glob::new(pat).with_context(|| {
                format!(
                    "{}: `{}` in `paths` is not a valid glob",
                    team(),
                    escape::terminal_line(p)
                )
            })?);
            out.push(rule(
                repo,
                &pattern(prefix, pat, false).with_context(team)?,
                [t.id.value.as_str()],
            )?);
        }
        team_globs.push((&t.id.value, b.build()?));
    }
    for (path, mut teams) in owners_by_file(model, &repo.sources) {
        for (team, globs) in &team_globs {
            if globs.is_match(&path) {
                teams.insert((*team).to_string());
            }
        }
        let literal = pattern(prefix, &path, true)
            .with_context(|| format!("{}:1:1", escape::terminal_line(&path)))?;
        out.push(rule(repo, &literal, teams.iter().map(String::as_str))?);
    }
    Ok(out)
}

/// The rule for `pattern`, owned by the leads of `teams`. A lead that is not a
/// GitHub handle is refused, never written: in CODEOWNERS it could be a second
/// pattern (`* @attacker`) or a comment that hides the owners after it.
fn rule<'a>(
    repo: &Repo,
    pattern: &str,
    teams: impl IntoIterator<Item = &'a str>,
) -> anyhow::Result<Rule> {
    let model = &repo.model;
    let mut owners = BTreeSet::new();
    let mut names = Vec::new();
    for id in teams {
        if let Some(t) = model.team(id) {
            names.push(t.name.value.clone());
            for lead in &t.leads {
                let Some(owner) = escape::codeowners_owner(&lead.value) else {
                    bail!(
                        "{}: team `{}`: the lead `{}` is not a GitHub handle, so it cannot be \
                         written to CODEOWNERS (nothing was written); write it as `@login` \
                         or `@org/team` (letters, digits and single hyphens) and run \
                         `accordant check` to see every such mistake",
                        place(&repo.sources, t.loc.file, lead.span),
                        escape::terminal_line(&t.id.value),
                        escape::terminal_line(&lead.value)
                    );
                };
                owners.insert(owner);
            }
        }
    }
    Ok(Rule {
        pattern: pattern.to_string(),
        owners: owners.into_iter().collect(),
        teams: names,
    })
}

/// `file:line:column` of a span, for messages on a terminal.
fn place(sources: &SourceDb, file: crate::source::FileId, span: crate::load::yaml::Span) -> String {
    escape::terminal_line(&format!(
        "{}:{}:{}",
        sources.path(file),
        span.start.line,
        span.start.col
    ))
}

/// `/prefix/path`, with the characters CODEOWNERS would misread escaped (a
/// file's own path is literal; a team's glob keeps its wildcards).
/// A path with a control character (a line break or tab above all) cannot be
/// written as one CODEOWNERS line: it is refused, and nothing is written.
fn pattern(prefix: &str, path: &str, literal: bool) -> anyhow::Result<String> {
    let full = if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}/{path}")
    };
    if full.chars().any(escape::is_control) {
        bail!(
            "the path `{}` holds a line break, tab or other control character, so it \
             cannot be written as one CODEOWNERS line (nothing was written); rename the \
             file or fix the team's `paths` entry, then run `accordant codeowners` again",
            escape::terminal_line(&full)
        );
    }
    let mut out = String::from("/");
    for c in full.chars() {
        let special = matches!(c, ' ' | '#' | '\\') || (literal && matches!(c, '*' | '?' | '['));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(out)
}

/// The team ids behind each file of the model, by file path.
pub fn owners_by_file(model: &Model, sources: &SourceDb) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut add = |file, parties: Vec<&str>| {
        let teams = out.entry(sources.path(file).to_string()).or_default();
        for p in parties {
            if let Some(t) = model.team_of_party(p) {
                teams.insert(t.id.value.clone());
            }
        }
    };
    for t in &model.teams {
        add(t.loc.file, vec![t.id.value.as_str()]);
    }
    for m in &model.metrics {
        let mut p = vec![m.owner.value.as_str()];
        p.extend(m.approved_by.iter().map(|x| x.value.as_str()));
        add(m.loc.file, p);
    }
    for g in &model.goals {
        add(
            g.loc.file,
            g.owners.iter().map(|x| x.value.as_str()).collect(),
        );
    }
    for r in &model.responsibilities {
        let mut p: Vec<&str> = r.responsible.iter().map(|x| x.value.as_str()).collect();
        p.extend(r.accountable.items().into_iter().map(|x| x.value.as_str()));
        add(r.loc.file, p);
    }
    for i in &model.incentives {
        add(
            i.loc.file,
            i.participants.iter().map(|x| x.value.as_str()).collect(),
        );
    }
    for a in &model.agreements {
        add(
            a.loc.file,
            a.parties.iter().map(|x| x.value.as_str()).collect(),
        );
    }
    for r in &model.rituals {
        add(
            r.loc.file,
            r.participants.iter().map(|x| x.value.as_str()).collect(),
        );
    }
    out
}

/// The generated block, markers included, each line ending with `eol`.
pub fn block(rules: &[Rule], prefix: &str, eol: &str) -> String {
    let from = if prefix.is_empty() {
        "the alignment model".to_string()
    } else {
        format!("the alignment model in /{prefix}")
    };
    let mut lines = vec![
        BEGIN.to_string(),
        format!(
            "# Written by `accordant codeowners` from {from}: edit the YAML, then run it again."
        ),
    ];
    for r in rules {
        if r.owners.is_empty() {
            let who = if r.teams.is_empty() {
                "no team".to_string()
            } else {
                crate::diff::words::list(&r.teams)
            };
            lines.push(format!(
                "# {}: no lead listed for {}",
                r.pattern,
                escape::codeowners_text(&who)
            ));
        } else {
            lines.push(format!("{} {}", r.pattern, r.owners.join(" ")));
        }
    }
    lines.push(END.to_string());
    lines.iter().map(|l| format!("{l}{eol}")).collect()
}

/// Lines of `bytes`, each with its line ending.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|b| *b == b'\n').collect::<Vec<_>>()
}

fn is_marker(line: &[u8], marker: &str) -> bool {
    let l = line.strip_suffix(b"\n").unwrap_or(line);
    let l = l.strip_suffix(b"\r").unwrap_or(l);
    l.trim_ascii() == marker.as_bytes()
}

/// `existing` with the block replaced (or appended when there is none). Lines
/// outside the block are copied byte for byte. Broken markers are an error, never
/// a guess: guessing could drop lines someone wrote by hand.
pub fn splice(existing: &[u8], block: &str, eol: &str) -> Result<Vec<u8>, String> {
    let ls = lines(existing);
    let begins: Vec<usize> = (0..ls.len()).filter(|&i| is_marker(ls[i], BEGIN)).collect();
    let ends: Vec<usize> = (0..ls.len()).filter(|&i| is_marker(ls[i], END)).collect();
    let mut out = Vec::with_capacity(existing.len() + block.len());
    match (begins.as_slice(), ends.as_slice()) {
        ([], []) => {
            out.extend_from_slice(existing);
            if !existing.is_empty() {
                if !existing.ends_with(b"\n") {
                    out.extend_from_slice(eol.as_bytes());
                }
                out.extend_from_slice(eol.as_bytes());
            }
            out.extend_from_slice(block.as_bytes());
        }
        ([b], [e]) if b < e => {
            for l in &ls[..*b] {
                out.extend_from_slice(l);
            }
            out.extend_from_slice(block.as_bytes());
            for l in &ls[e + 1..] {
                out.extend_from_slice(l);
            }
        }
        ([b], []) => {
            return Err(format!(
                "line {} starts the accordant block but no `{END}` line ends it: add that line \
                 where the block ends (or remove line {}), then run again",
                b + 1,
                b + 1
            ));
        }
        ([], [e]) => {
            return Err(format!(
                "line {} ends an accordant block that no `{BEGIN}` line starts: add that line \
                 where the block starts (or remove line {}), then run again",
                e + 1,
                e + 1
            ));
        }
        ([b], [e]) => {
            return Err(format!(
                "the `{END}` line ({}) comes before the `{BEGIN}` line ({}): put the block \
                 between them in order, then run again",
                e + 1,
                b + 1
            ));
        }
        _ => {
            let at: Vec<String> = begins.iter().map(|i| (i + 1).to_string()).collect();
            return Err(format!(
                "the file has {} accordant blocks (starting on lines {}): keep one, then run again",
                begins.len().max(ends.len()),
                at.join(", ")
            ));
        }
    }
    Ok(out)
}

/// Says what `--check` found stale: the lines to add and to remove.
fn report_stale(
    out: &mut dyn std::io::Write,
    file: &Path,
    existing: Option<&[u8]>,
    block: &str,
) -> std::io::Result<()> {
    let Some(existing) = existing else {
        writeln!(
            out,
            "error: {} does not exist: run `accordant codeowners` to write it",
            file.display()
        )?;
        return Ok(());
    };
    let trim = |l: &[u8]| {
        let s = String::from_utf8_lossy(l);
        s.trim_end_matches(['\n', '\r']).to_string()
    };
    let ls = lines(existing);
    let begin = ls.iter().position(|l| is_marker(l, BEGIN));
    let end = ls.iter().position(|l| is_marker(l, END));
    let old: Vec<String> = match (begin, end) {
        (Some(b), Some(e)) if b < e => ls[b..=e].iter().map(|l| trim(l)).collect(),
        _ => Vec::new(),
    };
    let new: Vec<String> = block
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect();
    if old.is_empty() {
        writeln!(
            out,
            "error: {} has no accordant block: run `accordant codeowners` to add it",
            file.display()
        )?;
    } else {
        writeln!(
            out,
            "error: the accordant block of {} is stale: run `accordant codeowners` to update it",
            file.display()
        )?;
    }
    for l in new.iter().filter(|l| !old.contains(l)) {
        writeln!(out, "  + {l}")?;
    }
    for l in old.iter().filter(|l| !new.contains(l)) {
        writeln!(out, "  - {l}")?;
    }
    Ok(())
}

/// Writes `bytes` to `file` through a temporary file in the same folder and a
/// rename, so a crash never leaves half a file; keeps the file's permissions.
fn write_atomically(file: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = file
        .file_name()
        .map_or_else(|| "CODEOWNERS".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.accordant-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(file) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, file)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("writing {}", file.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "# BEGIN accordant (generated, do not edit)\n/a.yaml @x\n# END accordant\n";

    #[test]
    fn appends_after_hand_written_lines_and_replaces_in_place() {
        let hand = b"# owners\n* @admin";
        let once = splice(hand, BLOCK, "\n").unwrap();
        assert!(once.starts_with(b"# owners\n* @admin\n\n# BEGIN"));
        let newer = BLOCK.replace("@x", "@y");
        let twice = splice(&once, &newer, "\n").unwrap();
        assert_eq!(
            String::from_utf8(twice).unwrap(),
            format!("# owners\n* @admin\n\n{newer}")
        );
    }

    #[test]
    fn keeps_lines_after_the_block_and_crlf() {
        let file = b"a @1\r\n# BEGIN accordant (generated, do not edit)\r\nold\r\n# END accordant\r\nb @2\r\n";
        let block = BLOCK.replace('\n', "\r\n");
        let out = splice(file, &block, "\r\n").unwrap();
        assert_eq!(out, format!("a @1\r\n{block}b @2\r\n").into_bytes());
    }

    #[test]
    fn broken_markers_are_refused() {
        let e = splice(
            b"# BEGIN accordant (generated, do not edit)\nx\n",
            BLOCK,
            "\n",
        )
        .unwrap_err();
        assert!(e.contains("line 1") && e.contains("# END accordant"), "{e}");
        let two = format!("{BLOCK}{BLOCK}");
        assert!(
            splice(two.as_bytes(), BLOCK, "\n")
                .unwrap_err()
                .contains("2 accordant blocks")
        );
        assert!(splice(b"# END accordant\n", BLOCK, "\n").is_err());
    }

    #[test]
    fn paths_are_escaped() {
        assert_eq!(
            pattern("ex", "goals/q 3.yaml", true).unwrap(),
            "/ex/goals/q\\ 3.yaml"
        );
        assert_eq!(
            pattern("", "teams/sales/**", false).unwrap(),
            "/teams/sales/**"
        );
        assert_eq!(pattern("", "a*.yaml", true).unwrap(), "/a\\*.yaml");
    }

    #[test]
    fn paths_that_cannot_be_one_line_are_refused() {
        for bad in ["teams/x\n* @evil", "a\rb", "a\tb", "a\u{85}b"] {
            let e = pattern("", bad, true).unwrap_err().to_string();
            assert!(e.contains("nothing was written"), "{e}");
            assert!(!e.contains('\n'), "{e:?}");
        }
    }
}
