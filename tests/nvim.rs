//! End to end with a real editor: headless Neovim, its built-in LSP client,
//! and `accordant lsp`. Neovim opens a file of a copy of `examples/acme`, adds
//! a second Accountable team to the buffer without saving, and the diagnostic
//! is read back from Neovim's own diagnostic list (tests/nvim/e2e.lua).
//!
//! Needs `nvim` (Debian's `neovim`, installed by `.ci/nvim-setup.sh`). Without
//! it the test says so and passes, unless `ACCORDANT_NVIM_TESTS=1` (set by
//! `.ci/run`), where a missing Neovim fails it. Neovim's config, data, state,
//! cache and log go to a temporary folder in the target dir.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn nvim_present() -> bool {
    Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn neovim_shows_a_second_accountable_team_from_the_buffer() {
    if !nvim_present() {
        assert!(
            std::env::var("ACCORDANT_NVIM_TESTS").as_deref() != Ok("1"),
            "ACCORDANT_NVIM_TESTS=1 but `nvim` is not installed: run `bash .ci/nvim-setup.sh`"
        );
        eprintln!(
            "skipped: `nvim` is not installed (run `bash .ci/nvim-setup.sh`, or set \
             ACCORDANT_NVIM_TESTS=1 to make this test mandatory)"
        );
        return;
    }
    let tmp = tempfile::Builder::new()
        .prefix("nvim-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let repo = tmp.path().join("acme");
    support::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme"),
        &repo,
    );
    let before = std::fs::read_to_string(repo.join("responsibilities/demand.yaml")).unwrap();
    let out = tmp.path().join("diagnostics.txt");
    let xdg = tmp.path().join("xdg");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/e2e.lua");
    let mut cmd = Command::new("nvim");
    cmd.args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("ACCORDANT_BIN", env!("CARGO_BIN_EXE_accordant"))
        .env("ACCORDANT_ROOT", repo.canonicalize().unwrap())
        .env("ACCORDANT_NVIM_OUT", &out)
        .env("NVIM_LOG_FILE", xdg.join("nvim.log"));
    for var in [
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    ] {
        let dir = xdg.join(var.to_lowercase());
        std::fs::create_dir_all(&dir).unwrap();
        cmd.env(var, dir);
    }
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "nvim exited with {status}");
    let report = std::fs::read_to_string(&out).unwrap();
    let c301: Vec<&str> = report.lines().filter(|l| l.starts_with("C301|")).collect();
    assert_eq!(c301.len(), 1, "one C301 read back through Neovim: {report}");
    let line = before
        .lines()
        .position(|l| l == "accountable: marketing")
        .unwrap()
        + 1;
    assert!(
        c301[0].starts_with(&format!("C301|{line}|")),
        "on the edited line {line}: {report}"
    );
    assert!(c301[0].contains("Accountable"), "{report}");
    // The buffer was never saved: the file on disk is as it was.
    assert_eq!(
        std::fs::read_to_string(repo.join("responsibilities/demand.yaml")).unwrap(),
        before
    );
}
