//! Findings of two revisions, split into introduced by the change, resolved by it,
//! and already there. Matched by [`Diagnostic::fingerprint`] (rule, entity and
//! what is wrong), never by line: editing a file above a finding does not make it
//! new. A fingerprint found twice in one revision counts twice.

use std::collections::HashMap;

use crate::diag::Diagnostic;

/// The three lists.
#[derive(Debug, Default)]
pub struct Split {
    /// In head, not in base (head's copy).
    pub introduced: Vec<Diagnostic>,
    /// In base, not in head (base's copy).
    pub resolved: Vec<Diagnostic>,
    /// In both (head's copy, so positions are current).
    pub existing: Vec<Diagnostic>,
}

fn counts(v: &[Diagnostic]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for d in v {
        *m.entry(d.fingerprint.as_str()).or_insert(0) += 1;
    }
    m
}

/// Splits the findings of `base` and `head` by fingerprint, keeping each list in
/// the order of its revision.
pub fn split(base: &[Diagnostic], head: &[Diagnostic]) -> Split {
    let mut in_base = counts(base);
    let mut in_head = counts(head);
    let mut out = Split::default();
    for d in head {
        match in_base.get_mut(d.fingerprint.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                out.existing.push(d.clone());
            }
            _ => out.introduced.push(d.clone()),
        }
    }
    for d in base {
        match in_head.get_mut(d.fingerprint.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.resolved.push(d.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Label;
    use crate::load::yaml::{Pos, Span};
    use crate::source::FileId;

    fn diag(key: &str, line: u32) -> Diagnostic {
        let p = Pos { line, col: 1 };
        Diagnostic::new(
            crate::rules::meta("R201"),
            Label::new(FileId(0), Span { start: p, end: p }, "here"),
            format!("about {key}"),
            key,
            "",
        )
    }

    #[test]
    fn matches_by_fingerprint_not_by_line() {
        let base = vec![diag("goal:a", 3), diag("goal:b", 9)];
        let head = vec![diag("goal:a", 40), diag("goal:c", 2)];
        let s = split(&base, &head);
        assert_eq!(s.existing.len(), 1);
        assert_eq!(s.existing[0].primary.span.start.line, 40, "head's copy");
        assert_eq!(s.introduced[0].key, "goal:c");
        assert_eq!(s.resolved[0].key, "goal:b");
    }

    #[test]
    fn a_repeated_fingerprint_counts_twice() {
        let base = vec![diag("goal:a", 3)];
        let head = vec![diag("goal:a", 3), diag("goal:a", 8)];
        let s = split(&base, &head);
        assert_eq!(
            (s.existing.len(), s.introduced.len(), s.resolved.len()),
            (1, 1, 0)
        );
        let s = split(&head, &base);
        assert_eq!(
            (s.existing.len(), s.introduced.len(), s.resolved.len()),
            (1, 0, 1)
        );
    }
}
