//! The tests clean up after themselves where the user can see it: no test (and
//! no unit test in `src/`) makes a temporary folder in the system's temp dir.
//! Integration tests make theirs in `CARGO_TARGET_TMPDIR`, unit tests with
//! `crate::test_tempdir()`, both inside the cargo target dir, so a test run
//! writes nothing outside the checkout and the target dir.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_test_writes_to_the_system_temp_dir() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    // Spelled in pieces so this file does not match itself.
    let needles = [
        concat!("tempfile::", "tempdir()"),
        concat!("TempDir::", "new()"),
        concat!("NamedTempFile::", "new()"),
    ];
    let mut wrong = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let test_code = f.starts_with(root.join("tests")) || text.contains("#[cfg(test)]");
            if test_code && needles.iter().any(|needle| line.contains(needle)) {
                wrong.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "use tempfile::tempdir_in(env!(\"CARGO_TARGET_TMPDIR\")) in tests/ and \
         crate::test_tempdir() in src/:\n{}",
        wrong.join("\n")
    );
}
