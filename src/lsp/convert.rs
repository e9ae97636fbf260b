//! Positions and locations between accordant (1-based lines, 1-based character
//! columns, repo-relative paths) and LSP (0-based lines, UTF-16 columns, URIs).

use std::path::Path;

use lsp_types::{Position, Range, Url};

use crate::load::yaml::{Pos, Span};
use crate::source::byte_offset;

/// The LSP position of `pos` in `text`.
pub fn position(text: &str, pos: Pos) -> Position {
    let line_start = byte_offset(
        text,
        Pos {
            line: pos.line,
            col: 1,
        },
    );
    let at = byte_offset(text, pos).max(line_start);
    let character: usize = text[line_start..at].chars().map(char::len_utf16).sum();
    Position {
        line: pos.line.saturating_sub(1),
        character: u32::try_from(character).unwrap_or(u32::MAX),
    }
}

/// The LSP range of `span` in `text` (0:0 when there is no text).
pub fn range(text: Option<&str>, span: Span) -> Range {
    match text {
        Some(t) => Range {
            start: position(t, span.start),
            end: position(t, span.end),
        },
        None => Range::default(),
    }
}

/// The accordant position of an LSP position in `text`.
pub fn pos(text: &str, p: Position) -> Pos {
    let line = p.line.saturating_add(1);
    let line_start = byte_offset(text, Pos { line, col: 1 });
    let mut units = 0usize;
    let mut col = 1u32;
    for c in text[line_start..].chars() {
        if c == '\n' || units >= p.character as usize {
            break;
        }
        units += c.len_utf16();
        col += 1;
    }
    Pos { line, col }
}

/// The byte offset of an LSP position in `text`.
pub fn offset(text: &str, p: Position) -> usize {
    byte_offset(text, pos(text, p))
}

/// The LSP range of a byte range of `text`.
pub fn byte_range(text: &str, r: &std::ops::Range<usize>) -> Range {
    let at = |b: usize| {
        let b = b.min(text.len());
        let line_start = text[..b].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..line_start].matches('\n').count();
        let character: usize = text[line_start..b].chars().map(char::len_utf16).sum();
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    };
    Range {
        start: at(r.start),
        end: at(r.end),
    }
}

/// Whether `p` lies in `span` (its end included, so a cursor right after an id
/// is on it).
pub fn contains(span: Span, p: Pos) -> bool {
    span.start <= p && p <= span.end
}

/// The file URI of a repo-relative path.
pub fn uri(root: &Path, rel: &str) -> Option<Url> {
    Url::from_file_path(root.join(rel)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "a: é😀x\n";
        // `x` is the 6th character: 1-based col 6.
        let p = position(text, Pos { line: 1, col: 6 });
        assert_eq!((p.line, p.character), (0, 6));
        assert_eq!(pos(text, p), Pos { line: 1, col: 6 });
        assert_eq!(offset(text, p), text.find('x').unwrap_or(0));
    }
}
