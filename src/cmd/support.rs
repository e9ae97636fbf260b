//! What the commands share and nothing else uses: parsing `--today`, and writing
//! to standard output.

use std::io::Write;

use anyhow::Context as _;

use crate::date::Date;

/// Parses `--today`, defaulting to today (UTC).
pub fn parse_today(arg: Option<&str>) -> anyhow::Result<Date> {
    match arg {
        None => Ok(Date::today()),
        Some(s) => {
            Date::parse(s).with_context(|| format!("--today `{s}` is not a date: write YYYY-MM-DD"))
        }
    }
}

/// Writes a report to stdout through `write`, in colour as `--color` says (`auto`:
/// when stdout is a terminal that shows colour). Buffered: stdout is line-buffered,
/// and a large JSON report has many lines.
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
    write(&mut out, color).context("writing the report")?;
    out.flush().ok();
    Ok(())
}
