//! The source database: every file that a run read, by [`FileId`], with its path
//! relative to the repo root and (when needed for a report) its text.
//!
//! Every output format reads positions from here, so 1-based lines, columns and byte
//! offsets are computed in one place. To keep memory low on large repos, texts read
//! from disk are dropped after parsing and read again only for the few files that a
//! human-readable report quotes.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::load::yaml::Pos;

/// Index of a file in the [`SourceDb`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct FileId(pub u32);

#[derive(Clone, Debug)]
struct SourceFile {
    /// Path relative to the root, with `/` separators.
    path: String,
    /// The text, when kept in memory or loaded again on demand.
    text: OnceLock<Option<Arc<str>>>,
    /// Byte offset of the start of each line of `text`, built when first asked for.
    line_starts: OnceLock<Vec<usize>>,
}

/// Files of one run.
#[derive(Clone, Debug, Default)]
pub struct SourceDb {
    root: PathBuf,
    files: Vec<SourceFile>,
    /// Largest file read back from disk (the loader's limit): a file that grew
    /// past it since loading, or a sparse file, is never read whole.
    max_file_bytes: u64,
}

impl SourceDb {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        SourceDb {
            root: root.into(),
            files: Vec::new(),
            max_file_bytes: crate::config::LoaderLimits::default().max_file_bytes,
        }
    }

    /// Sets the largest file [`SourceDb::text`] reads back from disk.
    pub fn set_max_file_bytes(&mut self, max: u64) {
        self.max_file_bytes = max;
    }

    /// The directory that paths are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Adds a file; `text` is kept when given, otherwise read from disk when asked for.
    pub fn add(&mut self, path: String, text: Option<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let cell = OnceLock::new();
        if let Some(t) = text {
            let _ = cell.set(Some(t));
        }
        self.files.push(SourceFile {
            path,
            text: cell,
            line_starts: OnceLock::new(),
        });
        id
    }

    /// Replaces the kept text of a file (an editor's unsaved buffer).
    pub fn set_text(&mut self, id: FileId, text: Arc<str>) {
        if let Some(f) = self.files.get_mut(id.0 as usize) {
            f.text = OnceLock::new();
            let _ = f.text.set(Some(text));
            f.line_starts = OnceLock::new();
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Path relative to the root, `/`-separated.
    pub fn path(&self, id: FileId) -> &str {
        self.files
            .get(id.0 as usize)
            .map_or("<unknown>", |f| f.path.as_str())
    }

    /// The file's text, read again from disk if it was dropped. `None` when it
    /// cannot be read as UTF-8 any more, or is now over the size limit.
    pub fn text(&self, id: FileId) -> Option<Arc<str>> {
        let f = self.files.get(id.0 as usize)?;
        f.text
            .get_or_init(|| {
                let bytes = read_limited(&self.root.join(&f.path), self.max_file_bytes).ok()?;
                let text = String::from_utf8(bytes).ok()?;
                Some(Arc::from(strip_bom(&text)))
            })
            .clone()
    }

    /// Lines `first..=last` (1-based, clamped to the file) of the file's text, with
    /// the number of the first line given. Uses a line index built once per file,
    /// so quoting many places of one large file stays linear.
    pub fn lines(
        &self,
        id: FileId,
        first: u32,
        last: u32,
    ) -> Option<(Arc<str>, Range<usize>, u32)> {
        let text = self.text(id)?;
        let f = self.files.get(id.0 as usize)?;
        let starts = f.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let first = first
            .max(1)
            .min(u32::try_from(starts.len()).unwrap_or(u32::MAX));
        let last = last.max(first);
        let start = starts[first as usize - 1];
        let end = starts.get(last as usize).map_or(text.len(), |&e| e);
        Some((text, start..end, first))
    }

    /// Byte offset in the file text of a [`Pos`] (1-based line, 1-based char column).
    pub fn byte_offset(&self, id: FileId, pos: Pos) -> Option<usize> {
        let text = self.text(id)?;
        Some(byte_offset(&text, pos))
    }
}

/// Reads at most `max` bytes of a file: an error when it holds more (checked while
/// reading, so a sparse file or one that grows is never read whole).
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let hint = file.metadata().map_or(0, |m| m.len());
    if hint > max {
        return Err(format!(
            "the file is {hint} bytes, over the limit of {max} bytes"
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!("the file is over the limit of {max} bytes"));
    }
    Ok(bytes)
}

/// Removes a leading byte-order mark: editors hide it, so positions ignore it.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Byte offset of a 1-based line and 1-based character column, clamped to the text.
pub fn byte_offset(text: &str, pos: Pos) -> usize {
    let mut offset = 0;
    let mut line = 1;
    if pos.line > 1 {
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                if line == pos.line {
                    offset = i + 1;
                    break;
                }
            }
        }
        if line < pos.line {
            return text.len();
        }
    }
    let rest = &text[offset..];
    let col = pos.col.saturating_sub(1) as usize;
    offset + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_not_bytes() {
        let text = "a: 1\nnom: Élodie Ça\n";
        let p = Pos { line: 2, col: 13 };
        assert_eq!(&text[byte_offset(text, p)..], "Ça\n");
        assert_eq!(byte_offset(text, Pos { line: 9, col: 1 }), text.len());
    }
}
