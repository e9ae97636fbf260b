//! `accordant completions SHELL` and `accordant man`: the shell completion scripts
//! and the man pages, both generated from the clap definitions in [`crate::cli`]
//! so they always list the options the binary really has.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Outcome;
use super::support::{print, write_stdout};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write accordant.1 and one page per command (accordant-check.1, ...) into
    /// this folder (created if missing) instead of printing accordant.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The exit codes, appended to every page as an EXIT STATUS section (roff).
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
no finding at error severity
.TP
\fB1\fR
findings at error severity (after the repo's severity overrides)
.TP
\fB2\fR
accordant could not run: bad arguments, an unreadable repo or config, a git or network failure
.SH "SEE ALSO"
\fBaccordant explain\fR CODE for what a rule checks and how to fix it; the project's README and docs/ folder.
"#;

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut cmd = crate::cli::Cli::command();
    // Into memory first: clap_complete panics when its writer fails, and a
    // reader that closes the pipe early is not a failure here.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "accordant", &mut script);
    write_stdout("never", |w, _| w.write_all(&script))?;
    Ok(Outcome::Clean)
}

pub fn man(args: &ManArgs) -> anyhow::Result<Outcome> {
    let mut cmd = crate::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    match &args.out {
        None => {
            let page = render(cmd)?;
            write_stdout("never", |w, _| w.write_all(&page))?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            let mut pages = vec![cmd.clone()];
            pages.extend(cmd.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
            for page in pages {
                let path = write_page(dir, page)?;
                print(&format!("wrote {}\n", path.display()))?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// One page in roff, with the exit codes at the end.
fn render(cmd: clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut page)
        .context("rendering the man page")?;
    page.extend_from_slice(EXIT_STATUS.as_bytes());
    Ok(page)
}

fn write_page(dir: &Path, cmd: clap::Command) -> anyhow::Result<PathBuf> {
    let name = clap_mangen::Man::new(cmd.clone()).get_filename();
    let path = dir.join(name);
    std::fs::write(&path, render(cmd)?).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}
