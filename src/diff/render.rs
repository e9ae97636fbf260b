//! The diff report in three forms: Markdown (the PR comment and job summary,
//! cut to a size limit without breaking its structure), readable text for a
//! terminal, and a versioned JSON object (documented in docs/diff.md).

use std::io::{self, Write};

use serde::Serialize;

use super::{Change, DiffReport};
use crate::diag::{Counts, Diagnostic, Label, Severity};
use crate::escape;
use crate::report::json::{self, Finding, Tool};
use crate::report::line_col;
use crate::source::SourceDb;

/// Version of the diff JSON; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// The one-line verdict: "3 changes · 1 new error · 2 resolved · 4 already there";
/// "no semantic change · 2 documents moved" when documents only moved to other
/// files.
pub fn headline(r: &DiffReport) -> String {
    let (moved, semantic) = r.moved_and_semantic();
    let mut parts = vec![if semantic == 0 && moved > 0 {
        NO_SEMANTIC_CHANGE.to_string()
    } else {
        super::words::plural(semantic, "change")
    }];
    if moved > 0 {
        parts.push(format!("{} moved", super::words::plural(moved, "document")));
    }
    let c = r.counts_introduced();
    if c.errors > 0 {
        parts.push(format!("{} new error{}", c.errors, s(c.errors)));
    }
    if c.warnings > 0 {
        parts.push(format!("{} new warning{}", c.warnings, s(c.warnings)));
    }
    if c.infos > 0 {
        parts.push(format!("{} new note{}", c.infos, s(c.infos)));
    }
    if !r.resolved.is_empty() {
        parts.push(format!("{} resolved", r.resolved.len()));
    }
    if !r.existing.is_empty() {
        parts.push(format!("{} already there", r.existing.len()));
    }
    parts.join(" · ")
}

const NO_SEMANTIC_CHANGE: &str = "no semantic change";

/// Said under the moves when nothing else changed.
const ONLY_MOVED: &str = "The documents below only moved to another file: the agreement says \
                          the same as before, so nobody needs to approve.";

fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Changes grouped by entity, in report order.
fn groups(changes: &[Change]) -> Vec<&[Change]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=changes.len() {
        if i == changes.len() || changes[i].key != changes[start].key {
            if i > start {
                out.push(&changes[start..i]);
            }
            start = i;
        }
    }
    out
}

fn noun(c: &Change) -> &'static str {
    c.kind.as_str()
}

fn position(sources: &SourceDb, l: &Label) -> String {
    let (line, col, _, _) = line_col(l);
    format!("{}:{line}:{col}", sources.path(l.file))
}

/// Repo text for the Markdown report: [`escape::markdown_message`], the one
/// escaping of every Markdown output (code spans kept; HTML, mentions, line breaks
/// and control characters neutralised).
fn md(text: &str) -> String {
    escape::markdown_message(text)
}

fn icon(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "❌",
        Severity::Warning => "⚠️",
        Severity::Info | Severity::Off => "ℹ️",
    }
}

enum Block {
    Text(String),
    Open(String),
    Close,
}

fn finding_md(d: &Diagnostic, sources: &SourceDb, struck: bool) -> String {
    let msg = md(&d.message);
    let msg = if struck { format!("~~{msg}~~") } else { msg };
    let mut out = format!(
        "- {} **{}** `{}` {} — `{}`\n",
        icon(d.severity),
        d.severity.as_str(),
        d.code,
        msg,
        escape::markdown_code(&position(sources, &d.primary))
    );
    if !struck && let Some(h) = &d.help {
        let h = md(h);
        out.push_str(&format!("  <br>help: {h}\n"));
    }
    out
}

fn blocks(r: &DiffReport) -> Vec<Block> {
    let mut b = vec![Block::Text(format!(
        "### accordant review\n\n{}\n\n",
        headline(r)
    ))];
    if let Some(a) = r.approval_sentence() {
        let mut chars = a.chars();
        let a: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        b.push(Block::Text(format!("**{}.**\n\n", md(&a))));
    }
    let c = r.counts_introduced();
    if r.introduced.is_empty() && r.existing.is_empty() && !r.resolved.is_empty() {
        b.push(Block::Text(
            "✅ Everything is resolved: no findings are left.\n\n".into(),
        ));
    } else if r.introduced.is_empty() && r.existing.is_empty() {
        b.push(Block::Text("✅ No findings.\n\n".into()));
    } else if r.introduced.is_empty() {
        b.push(Block::Text(
            "✅ This change introduces no new finding.\n\n".into(),
        ));
    }
    let mark = if c.errors > 0 { "❌" } else { "⚠️" };
    let title = format!(
        "#### {mark} Introduced by this change ({})\n\n",
        r.introduced.len()
    );
    let (head, base) = (&r.head.repo.sources, &r.base.repo.sources);
    section(
        &mut b,
        Block::Text(title),
        finding_blocks(&r.introduced, head, false),
        Block::Text("\n".into()),
    );
    let (moved, semantic) = r.moved_and_semantic();
    if r.changes.is_empty() {
        b.push(Block::Text(
            "No document of the agreement changed.\n\n".into(),
        ));
    } else {
        b.push(Block::Text(if semantic == 0 {
            format!("#### No semantic change ({moved} moved)\n\n{ONLY_MOVED}\n\n")
        } else {
            format!("#### What changed ({})\n\n", r.changes.len())
        }));
        for g in groups(&r.changes) {
            let first = &g[0];
            let mut text = format!(
                "- **{} \"{}\"** (`{}`)",
                noun(first),
                escape::markdown(&first.title),
                escape::markdown_code(&first.id)
            );
            if g.len() == 1 {
                text.push_str(&format!(": {}\n", md(&first.detail)));
            } else {
                text.push('\n');
                for c in g {
                    text.push_str(&format!("  - {}\n", md(&c.detail)));
                }
            }
            b.push(Block::Text(text));
        }
        b.push(Block::Text("\n".into()));
    }
    if !r.payouts.is_empty() {
        b.push(Block::Text(format!(
            "#### 💶 What the changed plans pay ({})\n\n",
            r.payouts.len()
        )));
        for p in &r.payouts {
            let mut text = format!(
                "**{}** (`{}`, {}): payout per person at 80 / 100 / 120 % attainment, before → \
                 after\n\n",
                escape::markdown(&p.name),
                escape::markdown_code(&p.id),
                p.status
            );
            for rows in [&p.rows, &p.cost] {
                if rows.is_empty() {
                    continue;
                }
                let (header, body) = super::payouts::table(rows, &|t| escape::markdown(t));
                text.push_str(&format!("| {} |\n", header.join(" | ")));
                text.push_str(&format!(
                    "|{}\n",
                    header.iter().map(|_| "---|").collect::<String>()
                ));
                for row in body {
                    text.push_str(&format!("| {} |\n", row.join(" | ")));
                }
                text.push('\n');
            }
            b.push(Block::Text(text));
        }
    }
    let title = format!("#### ✅ Resolved by this change ({})\n\n", r.resolved.len());
    section(
        &mut b,
        Block::Text(title),
        finding_blocks(&r.resolved, base, true),
        Block::Text("\n".into()),
    );
    let title = format!("Already there before this change ({})", r.existing.len());
    section(
        &mut b,
        Block::Open(title),
        finding_blocks(&r.existing, head, false),
        Block::Close,
    );
    b
}

/// A section: its `open` block, `blocks`, its `close` block; nothing without blocks.
fn section(b: &mut Vec<Block>, open: Block, blocks: Vec<Block>, close: Block) {
    if blocks.is_empty() {
        return;
    }
    b.push(open);
    b.extend(blocks);
    b.push(close);
}

/// One block per finding, struck through when resolved.
fn finding_blocks(diags: &[Diagnostic], sources: &SourceDb, struck: bool) -> Vec<Block> {
    let md = |d| Block::Text(finding_md(d, sources, struck));
    diags.iter().map(md).collect()
}

const CUT_NOTICE: &str = "\n---\n✂️ This report was cut to fit. The full report is in the job summary of this workflow run.\n";
const CLOSE: &str = "\n</details>\n\n";

fn piece(block: &Block) -> String {
    match block {
        Block::Text(t) => t.clone(),
        Block::Open(summary) => format!("<details><summary>{}</summary>\n\n", md(summary)),
        Block::Close => CLOSE.to_string(),
    }
}

/// The Markdown report, at most `max_bytes` long.
pub fn markdown(r: &DiffReport, max_bytes: usize) -> String {
    let blocks = blocks(r);
    let whole: String = blocks.iter().map(piece).collect();
    if whole.len() <= max_bytes {
        return whole;
    }
    let mut out = String::new();
    let mut open = false;
    let mut cut = false;
    for block in blocks {
        let piece = piece(&block);
        let will_be_open = match block {
            Block::Open(_) => true,
            Block::Close => false,
            Block::Text(_) => open,
        };
        let reserve = CUT_NOTICE.len() + if will_be_open { CLOSE.len() } else { 0 };
        if out.len() + piece.len() + reserve > max_bytes {
            cut = true;
            break;
        }
        out.push_str(&piece);
        open = will_be_open;
    }
    if cut {
        if open {
            out.push_str(CLOSE);
        }
        out.push_str(CUT_NOTICE);
    }
    if out.len() > max_bytes {
        let mut end = max_bytes;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    out
}

/// Colours for the terminal (ANSI), or nothing.
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn red(&self, t: &str) -> String {
        self.wrap("1;31", t)
    }
    fn green(&self, t: &str) -> String {
        self.wrap("32", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.wrap("33", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
    fn severity(&self, sev: Severity) -> String {
        match sev {
            Severity::Error => self.red("error"),
            Severity::Warning => self.yellow("warning"),
            Severity::Info | Severity::Off => self.bold("note"),
        }
    }
}

/// Readable sections for a terminal.
pub fn human(r: &DiffReport, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let p = Paint { on: color };
    let head = r.head_rev.as_deref().unwrap_or("the working tree");
    writeln!(
        w,
        "{}",
        p.bold(&escape::terminal_line(&format!(
            "Comparing {} with {head}",
            r.base_rev
        )))
    )?;
    writeln!(w)?;
    let (moved, semantic) = r.moved_and_semantic();
    if r.changes.is_empty() {
        writeln!(w, "No document of the agreement changed.")?;
    } else {
        if semantic == 0 {
            let title = format!("No semantic change ({moved} moved)");
            writeln!(w, "{}", p.bold(&title))?;
            writeln!(w, "  {ONLY_MOVED}")?;
        } else {
            let title = format!("What changed ({})", r.changes.len());
            writeln!(w, "{}", p.bold(&title))?;
        }
        for g in groups(&r.changes) {
            let first = &g[0];
            writeln!(
                w,
                "  {} {}",
                p.bold(&format!(
                    "{} \"{}\"",
                    noun(first),
                    escape::terminal_line(&first.title)
                )),
                p.dim(&format!("({})", escape::terminal_line(&first.id)))
            )?;
            for c in g {
                let mark = match c.change {
                    super::ChangeType::Added => p.green("+"),
                    super::ChangeType::Removed => p.red("-"),
                    _ => p.yellow("~"),
                };
                writeln!(w, "    {mark} {}", escape::terminal_line(&c.detail))?;
            }
        }
    }
    if !r.payouts.is_empty() {
        writeln!(w)?;
        let t = format!("What the changed plans pay ({})", r.payouts.len());
        writeln!(w, "{}", p.bold(&t))?;
        for pl in &r.payouts {
            writeln!(
                w,
                "  {} {}",
                p.bold(&escape::terminal_line(&pl.name)),
                p.dim(&format!(
                    "({}, {})",
                    escape::terminal_line(&pl.id),
                    pl.status
                ))
            )?;
            for rows in [&pl.rows, &pl.cost] {
                if rows.is_empty() {
                    continue;
                }
                let (header, body) = super::payouts::table(rows, &|t| escape::terminal_line(t));
                writeln!(w, "    {}", header[1..].join(" | "))?;
                for row in body {
                    writeln!(w, "    {}: {}", row[0], row[1..].join(" | "))?;
                }
            }
        }
    }
    if let Some(a) = r.approval_sentence() {
        writeln!(w)?;
        let mut chars = a.chars();
        let a: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        writeln!(w, "{}", p.bold(&escape::terminal_line(&a)))?;
    }
    let sections: [(&str, &[Diagnostic], &SourceDb); 3] = [
        (
            "Introduced by this change",
            &r.introduced,
            &r.head.repo.sources,
        ),
        ("Resolved by this change", &r.resolved, &r.base.repo.sources),
        ("Already there", &r.existing, &r.head.repo.sources),
    ];
    for (title, diags, sources) in sections {
        if diags.is_empty() {
            continue;
        }
        writeln!(w)?;
        let t = format!("{title} ({})", diags.len());
        let t = match title {
            "Introduced by this change" => p.red(&t),
            "Resolved by this change" => p.green(&t),
            _ => p.bold(&t),
        };
        writeln!(w, "{t}")?;
        for d in diags {
            writeln!(
                w,
                "  {}[{}/{}] {}: {}",
                p.severity(d.severity),
                d.code,
                d.name,
                escape::terminal_line(&position(sources, &d.primary)),
                escape::terminal_line(&d.message)
            )?;
            if let (Some(h), false) = (&d.help, title == "Resolved by this change") {
                writeln!(
                    w,
                    "    {} {}",
                    p.dim("help:"),
                    escape::terminal(h).replace('\n', "\n          ")
                )?;
            }
        }
    }
    writeln!(w)?;
    writeln!(w, "{}", headline(r))
}

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    tool: Tool,
    base: Rev<'a>,
    head: Rev<'a>,
    path: &'a str,
    summary: Summary,
    approval: Option<String>,
    approvals: &'a [super::Approval],
    changes: &'a [Change],
    payouts: &'a [super::payouts::PlanPayout],
    findings: Findings<'a>,
}

#[derive(Serialize)]
struct Rev<'a> {
    rev: Option<&'a str>,
    commit: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    changes: usize,
    introduced: Counts,
    resolved: usize,
    existing: usize,
    files: super::LoadStats,
}

#[derive(Serialize)]
struct Findings<'a> {
    introduced: Vec<Finding<'a>>,
    resolved: Vec<Finding<'a>>,
    existing: Vec<Finding<'a>>,
}

fn findings<'a>(diags: &'a [Diagnostic], sources: &'a SourceDb) -> Vec<Finding<'a>> {
    diags.iter().map(|d| json::finding(sources, d)).collect()
}

/// The versioned JSON object (see docs/diff.md).
pub fn json(r: &DiffReport, w: &mut dyn Write) -> io::Result<()> {
    let out = Json {
        version: JSON_VERSION,
        tool: json::TOOL,
        base: Rev {
            rev: Some(&r.base_rev),
            commit: Some(&r.base_commit),
        },
        head: Rev {
            rev: r.head_rev.as_deref(),
            commit: r.head_commit.as_deref(),
        },
        path: &r.prefix,
        summary: Summary {
            changes: r.changes.len(),
            introduced: r.counts_introduced(),
            resolved: r.resolved.len(),
            existing: r.existing.len(),
            files: r.stats,
        },
        approval: r.approval_sentence(),
        approvals: &r.approvals,
        changes: &r.changes,
        payouts: &r.payouts,
        findings: Findings {
            introduced: findings(&r.introduced, &r.head.repo.sources),
            resolved: findings(&r.resolved, &r.base.repo.sources),
            existing: findings(&r.existing, &r.head.repo.sources),
        },
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}
