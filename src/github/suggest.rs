//! Suggested changes in the PR review: a finding that the pull request
//! introduces and whose rule knows the fix becomes a review comment on the
//! finding's lines holding a ```` ```suggestion ```` block, which the author
//! applies with one click. The block holds the head revision's lines with the
//! fix applied ([`crate::fix`]); a hidden marker with the finding's
//! fingerprint keeps a re-run from posting it twice.

use crate::diag::{Diagnostic, Safety};
use crate::escape;
use crate::pipeline::Checked;

/// Starts the body of every suggestion comment, followed by the fingerprint.
pub const MARKER: &str = "<!-- accordant:suggestion ";

/// One review comment to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// Path from the top of the git work tree.
    pub path: String,
    /// First and last line (1-based, head side) the suggestion replaces.
    pub start_line: u32,
    pub line: u32,
    pub body: String,
    pub fingerprint: String,
}

/// The suggestions for `introduced` findings of `head` (the checked head
/// revision), with `prefix` the repo's folder below the top of the work tree.
pub fn suggestions(head: &Checked, introduced: &[Diagnostic], prefix: &str) -> Vec<Suggestion> {
    introduced
        .iter()
        .filter_map(|d| one(head, d, prefix))
        .collect()
}

fn one(head: &Checked, d: &Diagnostic, prefix: &str) -> Option<Suggestion> {
    let fix = d.fix.as_ref()?;
    let file = d.primary.file;
    // A suggestion changes lines of one file, the finding's.
    if fix.edits.iter().any(|e| e.file != file) {
        return None;
    }
    let text = head.repo.sources.text(file)?;
    let edits: Vec<_> = fix
        .edits
        .iter()
        .map(|e| crate::fix::resolve(&text, e))
        .collect::<Option<_>>()?;
    let start = edits.iter().map(|e| e.range.start).min()?;
    let end = edits.iter().map(|e| e.range.end).max()?;
    // Whole lines around the edits, in the old text.
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let probe = if end > start && text[..end].ends_with('\n') {
        end - 1
    } else {
        end
    };
    let last = text[probe..].find('\n').map_or(text.len(), |i| probe + i);
    let new = crate::fix::apply(&text, &edits);
    let grew = new.len() as isize - text.len() as isize;
    // A removed last line leaves nothing: the suggestion deletes the lines.
    let new_last = usize::try_from(last as isize + grew)
        .unwrap_or(0)
        .max(first);
    let replaced = new.get(first..new_last)?;
    let line_of = |b: usize| u32::try_from(text[..b].matches('\n').count() + 1).unwrap_or(u32::MAX);
    let (start_line, line) = (line_of(first), line_of(last));
    let path = if prefix.is_empty() {
        head.repo.sources.path(file).to_string()
    } else {
        format!(
            "{}/{}",
            prefix.trim_end_matches('/'),
            head.repo.sources.path(file)
        )
    };
    let fence = "`".repeat(longest_run(replaced, '`').max(2) + 1);
    let caution = match fix.safety {
        Safety::Safe => "",
        Safety::Unsafe => " This fix changes numbers someone chose: check them before applying.",
    };
    let body = format!(
        "{MARKER}{} -->\n**accordant {}** {}\n\n{}.{caution}\n\n{fence}suggestion\n{}{}{fence}\n",
        d.fingerprint,
        d.code,
        escape::markdown_message(&d.message),
        escape::markdown_message(&fix.title),
        replaced,
        if replaced.is_empty() || replaced.ends_with('\n') {
            ""
        } else {
            "\n"
        }
    );
    Some(Suggestion {
        path,
        start_line,
        line,
        body,
        fingerprint: d.fingerprint.clone(),
    })
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// The fingerprint in a suggestion comment's body, if it is one of ours.
pub fn fingerprint_of(body: &str) -> Option<&str> {
    let rest = body.strip_prefix(MARKER)?;
    let end = rest.find(" -->")?;
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fence_is_longer_than_any_backtick_run_and_the_marker_reads_back() {
        assert_eq!(longest_run("a ```` b ``", '`'), 4);
        assert_eq!(fingerprint_of(&format!("{MARKER}abc -->\nx")), Some("abc"));
        assert_eq!(fingerprint_of("hello"), None);
    }
}
