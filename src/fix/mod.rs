//! Applying the fixes that rules attach to their findings.
//!
//! A rule's [`Fix`] holds [`Edit`]s located by the spans the loader keeps
//! (line and column). Here each edit is resolved against the file's text into a
//! byte range and a replacement ([`resolve`]); the fixes of a run are chosen so
//! that no two touch overlapping bytes ([`plan`]); each changed file is parsed
//! again and dropped from the plan when the new text has a load or schema error
//! the old one did not have. Everything outside an edited range (comments, key
//! order, blank lines, quoting) is kept byte for byte.
//!
//! `check --fix`, the language server's code actions and the PR review's
//! suggested changes all go through this module.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diag::{Diagnostic, Edit, EditOp, Fix, Safety};
use crate::load::yaml::Pos;
use crate::model::Repo;
use crate::source::{FileId, byte_offset};

/// An edit resolved against a file's text: replace `range` by `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub text: String,
}

/// Resolves one edit against the text of its file; `None` when the span does not
/// fit the text (the file changed since it was loaded).
pub fn resolve(text: &str, edit: &Edit) -> Option<TextEdit> {
    let start = byte_offset(text, edit.span.start);
    let end = byte_offset(text, edit.span.end).max(start);
    if start > text.len() || end > text.len() {
        return None;
    }
    match &edit.op {
        EditOp::Scalar(value) => {
            let old = &text[start..end];
            Some(TextEdit {
                range: start..end,
                text: requote(old, value),
            })
        }
        EditOp::RemoveItem => remove_item(text, start, end),
        EditOp::LineAfter(line) => {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let indent: String = text[line_start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let (at, lead) = match text[start..].find('\n') {
                Some(i) => (start + i + 1, ""),
                None => (text.len(), "\n"),
            };
            Some(TextEdit {
                range: at..at,
                text: format!("{lead}{indent}{line}\n"),
            })
        }
    }
}

/// `value` written the way `old` was: inside the same quotes, or bare when it
/// needs none (a bare value that YAML would read as something else is quoted).
fn requote(old: &str, value: &str) -> String {
    let double = || format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    if old.len() >= 2 && old.starts_with('"') && old.ends_with('"') {
        double()
    } else if old.len() >= 2 && old.starts_with('\'') && old.ends_with('\'') {
        format!("'{}'", value.replace('\'', "''"))
    } else if value.is_empty()
        || value.starts_with([
            '@', '*', '&', '!', '%', '|', '>', '\'', '"', '`', '[', '{', '#',
        ])
        || value.contains(": ")
        || value.contains(" #")
        || value.trim() != value
    {
        double()
    } else {
        value.to_string()
    }
}

/// The bytes to remove for the list item at `start..end`.
fn remove_item(text: &str, start: usize, end: usize) -> Option<TextEdit> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..start];
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let after = text[end..line_end].trim_end_matches(['\n', '\r']);
    let only_comment = after.trim().is_empty() || after.trim_start().starts_with('#');
    if before.trim_start().starts_with('-') && before.trim() == "-" && only_comment {
        // A block item alone on its line: the whole line goes.
        return Some(TextEdit {
            range: line_start..line_end,
            text: String::new(),
        });
    }
    // A flow item: the item with the comma after it, or before it when last.
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if let Some(stripped) = trimmed.strip_prefix(',') {
        let gap = stripped.len() - stripped.trim_start_matches([' ', '\t']).len();
        let stop = end + (rest.len() - trimmed.len()) + 1 + gap;
        return Some(TextEdit {
            range: start..stop,
            text: String::new(),
        });
    }
    let head = text[..start].trim_end_matches([' ', '\t']);
    if head.ends_with(',') {
        return Some(TextEdit {
            range: head.len() - 1..end,
            text: String::new(),
        });
    }
    // The only item of a flow list: `[sales]` becomes `[]`.
    if head.ends_with('[') && trimmed.starts_with(']') {
        return Some(TextEdit {
            range: head.len()..end + (rest.len() - trimmed.len()),
            text: String::new(),
        });
    }
    None
}

/// Applies non-overlapping edits to a text (in any order).
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.range.start < at {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Which fixes a run applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Safe fixes only (`check --fix`).
    Safe,
    /// Safe and unsafe fixes (`check --fix --unsafe-fixes`).
    All,
}

impl Level {
    pub fn allows(self, safety: Safety) -> bool {
        self == Level::All || safety == Safety::Safe
    }
}

/// One applied fix, for the summary.
#[derive(Clone, Debug)]
pub struct Applied {
    pub code: &'static str,
    pub title: String,
    /// The finding's path, line and column.
    pub file: FileId,
    pub pos: Pos,
    pub safety: Safety,
}

/// One file the plan changes.
#[derive(Clone, Debug)]
pub struct FileChange {
    pub file: FileId,
    pub path: String,
    pub old: String,
    pub new: String,
}

/// What applying the fixes of a run would do.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub changes: Vec<FileChange>,
    pub applied: Vec<Applied>,
    /// Fixes left out, with why (overlap with another fix, stale span, or the
    /// changed file would not load).
    pub skipped: Vec<(Applied, String)>,
}

/// The resolved edits of a fix, by file; `None` when one does not fit its text.
fn resolve_fix(repo: &Repo, fix: &Fix) -> Option<BTreeMap<FileId, Vec<TextEdit>>> {
    let mut by_file: BTreeMap<FileId, Vec<TextEdit>> = BTreeMap::new();
    for e in &fix.edits {
        let text = repo.sources.text(e.file)?;
        by_file.entry(e.file).or_default().push(resolve(&text, e)?);
    }
    Some(by_file)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    // Two insertions at one point also conflict: their order would be a guess.
    a.start < b.end && b.start < a.end || a == b || (a.start == a.end && a.start == b.start)
}

/// Chooses the fixes of `diags` allowed by `level` (in finding order, skipping
/// any that overlaps one already chosen), applies them to the texts, and keeps
/// only the files whose new text loads without a new load or schema finding.
pub fn plan(repo: &Repo, diags: &[Diagnostic], level: Level) -> Plan {
    let mut chosen: BTreeMap<FileId, Vec<TextEdit>> = BTreeMap::new();
    let mut owners: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
    let mut applied: Vec<Applied> = Vec::new();
    let mut skipped = Vec::new();
    for d in diags {
        let Some(fix) = &d.fix else { continue };
        if !level.allows(fix.safety) {
            continue;
        }
        let info = Applied {
            code: d.code,
            title: fix.title.clone(),
            file: d.primary.file,
            pos: d.primary.span.start,
            safety: fix.safety,
        };
        let Some(resolved) = resolve_fix(repo, fix) else {
            skipped.push((info, "the file changed since it was read".to_string()));
            continue;
        };
        let clash = resolved.iter().any(|(f, edits)| {
            chosen.get(f).is_some_and(|have| {
                edits
                    .iter()
                    .any(|e| have.iter().any(|h| overlaps(&e.range, &h.range)))
            })
        });
        if clash {
            skipped.push((info, "it overlaps another fix; run again".to_string()));
            continue;
        }
        let n = applied.len();
        for (f, edits) in resolved {
            chosen.entry(f).or_default().extend(edits);
            owners.entry(f).or_default().push(n);
        }
        applied.push(info);
    }
    let mut changes = Vec::new();
    let mut refused: Vec<usize> = Vec::new();
    for (file, edits) in &chosen {
        let Some(old) = repo.sources.text(*file) else {
            continue;
        };
        let new = apply(&old, edits);
        if new == *old {
            continue;
        }
        let path = repo.sources.path(*file).to_string();
        if let Some(why) = breaks_loading(repo, *file, &path, &old, &new) {
            for &i in owners.get(file).into_iter().flatten() {
                refused.push(i);
                skipped.push((applied[i].clone(), why.clone()));
            }
            continue;
        }
        changes.push(FileChange {
            file: *file,
            path,
            old: old.to_string(),
            new,
        });
    }
    // A fix spanning files is all or nothing.
    if !refused.is_empty() {
        let lost: Vec<FileId> = owners
            .iter()
            .filter(|(_, fs)| fs.iter().any(|i| refused.contains(i)))
            .map(|(f, _)| *f)
            .collect();
        changes.retain(|c| !lost.contains(&c.file));
        applied = applied
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !refused.contains(i))
            .map(|(_, a)| a)
            .collect();
    }
    Plan {
        changes,
        applied,
        skipped,
    }
}

/// Why the fixed text of a file must not be written: it has more load or
/// schema findings than the text it replaces (`None` when it loads as well).
fn breaks_loading(repo: &Repo, file: FileId, path: &str, old: &str, new: &str) -> Option<String> {
    let limits = &repo.config.loader;
    let count = |text: &str| {
        let r = crate::load::parse_file(file, path, text.as_bytes(), limits);
        let docs = r.entities.len();
        let errors = r
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with('P') || d.code.starts_with('S'))
            .count();
        (docs, errors)
    };
    let (old_docs, old_errors) = count(old);
    let (new_docs, new_errors) = count(new);
    if new_errors > old_errors || new_docs < old_docs {
        Some(format!(
            "{path} would not load after the fix, so it was not changed"
        ))
    } else {
        None
    }
}

/// A unified diff of one change, with three lines of context.
pub fn unified_diff(change: &FileChange) -> String {
    let old: Vec<&str> = change.old.split_inclusive('\n').collect();
    let new: Vec<&str> = change.new.split_inclusive('\n').collect();
    let ops = diff_lines(&old, &new);
    let mut out = format!("--- a/{}\n+++ b/{}\n", change.path, change.path);
    // Group operations into hunks separated by more than 6 unchanged lines.
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| !matches!(o, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changed.len() {
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 7 {
            j += 1;
        }
        let from = changed[i].saturating_sub(3);
        let to = (changed[j] + 4).min(ops.len());
        let (mut a0, mut b0) = (None, None);
        let (mut na, mut nb) = (0, 0);
        let mut body = String::new();
        for op in &ops[from..to] {
            let (mark, line, a, b) = match op {
                Op::Same(a, b) => (' ', old[*a], Some(*a), Some(*b)),
                Op::Del(a) => ('-', old[*a], Some(*a), None),
                Op::Add(b) => ('+', new[*b], None, Some(*b)),
            };
            if let Some(a) = a {
                a0.get_or_insert(a);
                na += 1;
            }
            if let Some(b) = b {
                b0.get_or_insert(b);
                nb += 1;
            }
            body.push(mark);
            body.push_str(line);
            if !line.ends_with('\n') {
                body.push_str("\n\\ No newline at end of file\n");
            }
        }
        let start = |first: Option<usize>, n: usize, fallback: usize| {
            if n == 0 {
                fallback
            } else {
                first.map_or(fallback, |x| x + 1)
            }
        };
        let a_start = start(a0, na, position_before(&ops[..from], true));
        let b_start = start(b0, nb, position_before(&ops[..from], false));
        out.push_str(&format!("@@ -{a_start},{na} +{b_start},{nb} @@\n"));
        out.push_str(&body);
        i = j + 1;
    }
    out
}

/// How many old (or new) lines come before an operation index.
fn position_before(ops: &[Op], old: bool) -> usize {
    ops.iter()
        .filter(|o| match o {
            Op::Same(..) => true,
            Op::Del(_) => old,
            Op::Add(_) => !old,
        })
        .count()
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Same(usize, usize),
    Del(usize),
    Add(usize),
}

/// Line operations turning `old` into `new`: common head and tail, and a longest
/// common subsequence of the middle (small, since fixes touch few lines).
fn diff_lines(old: &[&str], new: &[&str]) -> Vec<Op> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let a = &old[head..old.len() - tail];
    let b = &new[head..new.len() - tail];
    let mut ops: Vec<Op> = (0..head).map(|i| Op::Same(i, i)).collect();
    if a.len().saturating_mul(b.len()) <= 4_000_000 {
        let (n, m) = (a.len(), b.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if a[i] == b[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                ops.push(Op::Same(head + i, head + j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                // Removed lines before added ones, as `diff -u` shows them.
                ops.push(Op::Del(head + i));
                i += 1;
            } else {
                ops.push(Op::Add(head + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..a.len()).map(|i| Op::Del(head + i)));
        ops.extend((0..b.len()).map(|j| Op::Add(head + j)));
    }
    ops.extend((0..tail).map(|k| Op::Same(old.len() - tail + k, new.len() - tail + k)));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::Span;

    fn span(l1: u32, c1: u32, l2: u32, c2: u32) -> Span {
        Span {
            start: Pos { line: l1, col: c1 },
            end: Pos { line: l2, col: c2 },
        }
    }

    fn run(text: &str, edit: Edit) -> String {
        let e = resolve(text, &edit).expect("fits");
        apply(text, &[e])
    }

    #[test]
    fn a_scalar_keeps_its_quotes_and_the_rest_of_the_line() {
        let f = FileId(0);
        let t = "owner: \"sale\" # the team\n";
        assert_eq!(
            run(t, Edit::scalar(f, span(1, 8, 1, 14), "sales")),
            "owner: \"sales\" # the team\n"
        );
        let t = "owner: sale # x\n";
        assert_eq!(
            run(t, Edit::scalar(f, span(1, 8, 1, 12), "sales")),
            "owner: sales # x\n"
        );
        assert_eq!(requote("a", "@ann"), "\"@ann\"");
    }

    #[test]
    fn removing_items_of_block_and_flow_lists() {
        let f = FileId(0);
        let t = "informed:\n  - sales # c\n  - sdr\nnext: 1\n";
        assert_eq!(
            run(t, Edit::remove_item(f, span(2, 5, 2, 10))),
            "informed:\n  - sdr\nnext: 1\n"
        );
        let t = "informed: [sales, sdr]\n";
        assert_eq!(
            run(t, Edit::remove_item(f, span(1, 12, 1, 17))),
            "informed: [sdr]\n"
        );
        assert_eq!(
            run(t, Edit::remove_item(f, span(1, 19, 1, 22))),
            "informed: [sales]\n"
        );
        let t = "informed: [sdr]\n";
        assert_eq!(
            run(t, Edit::remove_item(f, span(1, 12, 1, 15))),
            "informed: []\n"
        );
    }

    #[test]
    fn a_line_after_takes_the_indentation() {
        let f = FileId(0);
        let t = "id: x\nresponsible: [a, b]\n";
        assert_eq!(
            run(t, Edit::line_after(f, span(1, 5, 1, 6), "lead: a")),
            "id: x\nlead: a\nresponsible: [a, b]\n"
        );
    }

    #[test]
    fn a_fix_whose_text_would_not_load_is_refused() {
        let dir = std::env::temp_dir();
        let mut sources = crate::source::SourceDb::new(dir);
        let old = "kind: Team\nid: sales\nname: Sales\n";
        let file = sources.add("t.yaml".into(), Some(std::sync::Arc::from(old)));
        let repo = Repo {
            config: crate::config::Config::fallback(),
            sources,
            model: crate::model::Model::default(),
            diagnostics: Vec::new(),
        };
        assert!(breaks_loading(&repo, file, "t.yaml", old, "kind: Team\nid: [sales\n").is_some());
        assert!(
            breaks_loading(
                &repo,
                file,
                "t.yaml",
                old,
                "kind: Team\nid: sale\nname: S\n"
            )
            .is_none()
        );
        // Through the plan: the fix is listed as skipped and no file changes.
        let rule = crate::rules::find("R201").expect("R201");
        let d = Diagnostic::new(
            &rule.meta,
            crate::diag::Label::new(file, span(2, 5, 2, 10), ""),
            "m",
            "k",
            "",
        )
        .with_fix(Fix::safe(
            "break it",
            vec![Edit {
                file,
                span: span(2, 5, 2, 10),
                op: EditOp::LineAfter("  - : [".into()),
            }],
        ));
        let p = plan(&repo, &[d], Level::Safe);
        assert!(p.changes.is_empty() && p.applied.is_empty(), "{p:?}");
        assert_eq!(p.skipped.len(), 1);
    }

    #[test]
    fn the_diff_shows_only_changed_lines_with_context() {
        let c = FileChange {
            file: FileId(0),
            path: "a.yaml".into(),
            old: "1\n2\n3\n4\n5\n6\n7\n8\n9\n".into(),
            new: "1\n2\n3\n4\nfive\n6\n7\n8\n9\n".into(),
        };
        assert_eq!(
            unified_diff(&c),
            "--- a/a.yaml\n+++ b/a.yaml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }
}
