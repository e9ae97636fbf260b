//! The sticky pull-request comment's body: pure functions, snapshot-tested.
//!
//! The body is the hidden [`MARKER`] (how later runs find the comment among all the
//! pull request's comments), a verdict line when there is nothing left to fix, and
//! the diff's Markdown report, kept within GitHub's limit of [`MAX_CHARS`]
//! characters; a cut body ends with a pointer to the job summary, which has room for
//! the full report. Sending it is [`super::client`]'s job.

use crate::diag::Counts;

/// The hidden first line of accordant's comment. A comment is ours when its body
/// starts with it, so a quote of the comment in a reply is never mistaken for it.
pub const MARKER: &str = "<!-- accordant:summary -->";

/// GitHub's limit for an issue or pull-request comment body, in characters.
pub const MAX_CHARS: usize = 65_536;

/// The numbers the verdict line needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Findings the pull request introduces, by severity.
    pub introduced: Counts,
    /// Findings the pull request resolves.
    pub resolved: usize,
    /// Findings on both sides (already there before the pull request).
    pub existing: usize,
}

impl Verdict {
    /// Findings introduced, of any severity.
    pub fn introduced_total(&self) -> usize {
        self.introduced.errors + self.introduced.warnings + self.introduced.infos
    }
}

/// The comment body: [`MARKER`], then `report(max_bytes)` (the diff's Markdown,
/// which cuts itself to the byte budget it is given). When nothing is introduced
/// and nothing was there before, the body says so: if the report does not already
/// ("No findings" / "Everything is resolved"), a verdict line goes first. The
/// result never exceeds [`MAX_CHARS`] characters, even when `report` overshoots:
/// then [`fit`] cuts it. `summary_url` is the run's page, where the job summary has
/// the full report.
pub fn body(
    verdict: &Verdict,
    report: &dyn Fn(usize) -> String,
    summary_url: Option<&str>,
) -> String {
    let clean = clean_line(verdict).map(|l| format!("{l}\n\n"));
    let head_len = MARKER.len() + 1 + clean.as_ref().map_or(0, String::len);
    // Bytes are at least characters, so a byte budget keeps the character count too.
    let text = report(MAX_CHARS.saturating_sub(head_len));
    let mut out = format!("{MARKER}\n");
    if let Some(line) = clean
        && !text.contains("No findings")
        && !text.contains("Everything is resolved")
    {
        out.push_str(&line);
    }
    out.push_str(text.trim_end());
    out.push('\n');
    fit(&out, MAX_CHARS, summary_url)
}

/// The line that says there is nothing to fix, or `None` when there is.
fn clean_line(v: &Verdict) -> Option<String> {
    if v.introduced_total() > 0 || v.existing > 0 {
        return None;
    }
    Some(match v.resolved {
        0 => "✅ **No alignment findings.** This pull request introduces none, and none were \
              there before."
            .to_owned(),
        n => format!(
            "✅ **Everything is resolved.** This pull request resolves {n} finding{} and \
             introduces none.",
            if n == 1 { "" } else { "s" }
        ),
    })
}

/// `text` cut to at most `max_chars` characters, at a line end where possible, with
/// open code fences and `<details>` blocks closed and a closing note that points to
/// the job summary. Unchanged when it fits.
pub fn fit(text: &str, max_chars: usize, summary_url: Option<&str>) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let where_ = match summary_url {
        Some(url) => format!("[job summary]({url})"),
        None => "job summary of this workflow run".to_owned(),
    };
    let note = format!(
        "\n\n---\n✂️ This comment was cut to fit GitHub's limit of {} characters. The full \
         report is in the {where_}.\n",
        group_thousands(max_chars)
    );
    let note_chars = note.chars().count();
    let mut keep = max_chars.saturating_sub(note_chars);
    loop {
        let kept = cut_at_line(text, keep);
        let closers = closers(kept);
        let total = kept.chars().count() + closers.chars().count() + note_chars;
        if total <= max_chars || keep == 0 {
            let mut out = String::with_capacity(kept.len() + closers.len() + note.len());
            out.push_str(kept);
            out.push_str(&closers);
            out.push_str(&note);
            return out;
        }
        keep = keep.saturating_sub(total - max_chars);
    }
}

/// The longest prefix of `text` with at most `max_chars` characters, ending at a
/// line break when one is in its last quarter.
fn cut_at_line(text: &str, max_chars: usize) -> &str {
    let end = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| i);
    let prefix = &text[..end];
    match prefix.rfind('\n') {
        Some(nl) if nl >= prefix.len() / 4 * 3 => &prefix[..nl],
        _ => prefix,
    }
}

/// What closes the code fence and `<details>` blocks left open in `kept`.
fn closers(kept: &str) -> String {
    let mut fence_open = false;
    let mut details: usize = 0;
    for line in kept.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            fence_open = !fence_open;
        } else if !fence_open {
            details += t.matches("<details").count();
            details = details.saturating_sub(t.matches("</details>").count());
        }
    }
    let mut out = String::new();
    if fence_open {
        out.push_str("\n```");
    }
    for _ in 0..details {
        out.push_str("\n</details>");
    }
    out
}

/// 65536 -> "65,536".
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "### accordant: 1 change\n\n| | Entity | Change |\n|---|---|---|\n| ✏️ | \
                          goal `pipeline-q3` | target 4.0M → 4.5M (+12.5 %) |\n\n**Needs approval \
                          from** Sales (@alice) and Marketing (@bob).\n";

    fn counts(errors: usize, warnings: usize) -> Counts {
        Counts {
            errors,
            warnings,
            infos: 0,
        }
    }

    #[test]
    fn clean_pull_request() {
        let v = Verdict::default();
        insta::assert_snapshot!(body(&v, &|_| REPORT.to_owned(), None));
    }

    #[test]
    fn a_report_that_says_it_is_clean_is_not_repeated() {
        let v = Verdict::default();
        let report = "### accordant review\n\n1 change\n\n✅ No findings.\n";
        assert_eq!(
            body(&v, &|_| report.to_owned(), None),
            format!("{MARKER}\n{report}")
        );
    }

    #[test]
    fn everything_resolved() {
        let v = Verdict {
            resolved: 2,
            ..Verdict::default()
        };
        let b = body(&v, &|_| REPORT.to_owned(), None);
        assert!(b.starts_with(MARKER));
        insta::assert_snapshot!(b);
    }

    #[test]
    fn findings_leave_the_report_alone() {
        let v = Verdict {
            introduced: counts(1, 0),
            resolved: 1,
            existing: 3,
        };
        let b = body(&v, &|_| REPORT.to_owned(), None);
        assert_eq!(b, format!("{MARKER}\n{REPORT}"));
    }

    #[test]
    fn the_report_gets_the_remaining_budget() {
        let v = Verdict {
            introduced: counts(0, 1),
            ..Verdict::default()
        };
        let seen = std::cell::Cell::new(0);
        let _ = body(
            &v,
            &|n| {
                seen.set(n);
                String::new()
            },
            None,
        );
        assert_eq!(seen.get(), MAX_CHARS - MARKER.len() - 1);
        let _ = body(
            &Verdict::default(),
            &|n| {
                seen.set(n);
                String::new()
            },
            None,
        );
        let line = clean_line(&Verdict::default()).unwrap();
        assert_eq!(seen.get(), MAX_CHARS - MARKER.len() - 1 - line.len() - 2);
    }

    #[test]
    fn an_overlong_report_is_cut_with_a_pointer() {
        let v = Verdict {
            introduced: counts(900, 0),
            ..Verdict::default()
        };
        // A report that ignores its budget: 3,000 table rows and an open <details>.
        let huge = |_: usize| {
            let mut s = String::from(
                "<details><summary>All findings</summary>\n\n| code | message |\n|---|---|\n",
            );
            for i in 0..3000 {
                s.push_str(&format!(
                    "| C301 | Activity `a{i}` has two accountable teams: Sales and Marketing |\n"
                ));
            }
            s.push_str("</details>\n");
            s
        };
        let url = "https://github.com/acme/alignment/actions/runs/42";
        let b = body(&v, &huge, Some(url));
        assert!(huge(0).chars().count() > MAX_CHARS);
        assert!(b.chars().count() <= MAX_CHARS, "{}", b.chars().count());
        assert!(b.chars().count() > MAX_CHARS - 200, "cut too much");
        assert!(b.starts_with(MARKER));
        assert!(b.contains(&format!("[job summary]({url})")));
        // Cut at a row boundary, and the open block is closed before the note.
        let lines: Vec<&str> = b.lines().collect();
        let tail = &lines[lines.len() - 5..];
        assert!(tail[0].ends_with("Sales and Marketing |"), "{tail:?}");
        assert_eq!(tail[1], "</details>");
        insta::assert_snapshot!(tail.join("\n"));
    }

    #[test]
    fn fit_closes_code_fences_and_counts_characters() {
        let text = format!(
            "```yaml\n{}```\n",
            format!("{}\n", "é".repeat(49)).repeat(10)
        );
        let cut = fit(&text, 300, None);
        assert!(cut.chars().count() <= 300, "{}", cut.chars().count());
        assert!(cut.len() > 300, "characters, not bytes, are counted");
        assert!(cut.contains("é\n```\n\n---\n"), "{cut}");
        assert!(cut.ends_with("job summary of this workflow run.\n"));
        assert_eq!(fit("short", 80, None), "short");
        assert_eq!(group_thousands(65_536), "65,536");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_048_576), "1,048,576");
    }
}
