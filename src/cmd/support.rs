//! What the commands share and nothing else uses: parsing `--today`, and writing
//! to standard output.
//!
//! Every byte a command writes to stdout goes through [`write_stdout`] (or
//! [`print()`], built on it); `println!` is refused by clippy (`clippy.toml`). A
//! reader that goes away early (`accordant rules | head -1`) is not a failure:
//! the output simply ends there, and the command exits with its usual code.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use crate::date::Date;
use crate::pipeline::NoRepo;

/// Parses `--today`, defaulting to today (UTC).
pub fn parse_today(arg: Option<&str>) -> anyhow::Result<Date> {
    match arg {
        None => Ok(Date::today()),
        Some(s) => {
            Date::parse(s).with_context(|| format!("--today `{s}` is not a date: write YYYY-MM-DD"))
        }
    }
}

/// `err` with how to fix it when it is [`NoRepo`]: start a repo with `accordant
/// init`, or name the repo the way this command takes it (`how`, e.g.
/// "`accordant check PATH`"). `path` is the folder as the user gave it.
pub fn repo_hint(err: anyhow::Error, path: &Path, how: &str) -> anyhow::Error {
    let Some(e) = err.downcast_ref::<NoRepo>() else {
        return err;
    };
    let (init, place) = if path == Path::new(".") || path.as_os_str().is_empty() {
        ("accordant init".to_string(), "here")
    } else {
        (format!("accordant init {}", path.display()), "there")
    };
    anyhow::anyhow!(
        "{e}, so this is not an alignment repo; run `{init}` to start one {place}, or pass the \
         repo's folder: {how}"
    )
}

/// Writes to stdout through `write`, in colour as `--color` says (`auto`: when
/// stdout is a terminal that shows colour). Buffered: stdout is line-buffered,
/// and a large JSON report has many lines. A closed pipe ends the output quietly
/// (`Ok`); any other write error is returned.
pub fn write_stdout(
    color: &str,
    write: impl FnOnce(&mut dyn Write, bool) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let color = match color {
        "always" => true,
        "never" => false,
        _ => anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never,
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = write(&mut out, color).and_then(|()| out.flush());
    match written {
        Err(e) if is_closed_pipe(&e) => {
            // Nothing more can reach the reader: drop what is still buffered
            // instead of trying again when the writer is dropped.
            let _ = out.into_parts();
            Ok(())
        }
        other => other.context("writing to standard output"),
    }
}

/// Writes `text` to stdout as it is (no colour), like `print!`.
pub fn print(text: &str) -> anyhow::Result<()> {
    write_stdout("never", |w, _| w.write_all(text.as_bytes()))
}

/// Whether a write failed because the reader closed the pipe (EPIPE), possibly
/// wrapped in another I/O error (serde_json, for one, wraps and unwraps them).
pub fn is_closed_pipe(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return true;
    }
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<std::io::Error>())
        .is_some_and(is_closed_pipe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_missing_repo_gets_the_hint() {
        let missing = anyhow::Error::new(NoRepo {
            start: "/tmp/x".into(),
        });
        let msg = repo_hint(missing, Path::new("."), "`accordant check PATH`").to_string();
        assert_eq!(
            msg,
            "no accordant.yaml at or above /tmp/x, so this is not an alignment repo; run \
             `accordant init` to start one here, or pass the repo's folder: `accordant check PATH`"
        );
        let missing = anyhow::Error::new(NoRepo {
            start: "/tmp/x".into(),
        });
        let msg = repo_hint(missing, Path::new("x"), "--path DIR").to_string();
        assert!(msg.contains("`accordant init x`"), "{msg}");
        let other = repo_hint(anyhow::anyhow!("disk on fire"), Path::new("."), "");
        assert_eq!(other.to_string(), "disk on fire");
    }

    #[test]
    fn a_closed_pipe_is_recognised_even_when_wrapped() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert!(is_closed_pipe(&pipe));
        let wrapped = std::io::Error::other(pipe);
        assert!(is_closed_pipe(&wrapped));
        let json: std::io::Error = serde_json::Error::io(wrapped).into();
        assert!(is_closed_pipe(&json));
        assert!(!is_closed_pipe(&std::io::Error::other("disk full")));
    }
}
