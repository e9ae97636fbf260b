//! Text from the repo in every place it lands: one function per context.
//!
//! Names, titles, ids, paths, handles, notes and messages all come from files that
//! anybody who can open a pull request may write, so none of them reaches an output
//! raw. Each output context has exactly one function here, and every emitter uses
//! it for every piece of repo text:
//!
//! | context | function |
//! |---|---|
//! | a terminal (human `check`, `diff`, messages on stderr) | [`terminal`], [`snippet`] |
//! | a line of the GitHub Actions log (stdout and stderr) | [`log_line`] |
//! | a workflow command's message / property | [`workflow_data`] / [`workflow_property`] |
//! | Markdown (PR comment, job summary, `--format markdown`) | [`markdown`] |
//! | CODEOWNERS | [`codeowners_owner`], [`codeowners_text`] |
//! | a CSV field (`simulate --format csv`) | [`csv_field`] |
//!
//! HTML (the playbook) is escaped by minijinja's auto-escaping (after
//! [`html_text`] drops control characters) and ammonia; plain text that gets a
//! little markup on a page goes through [`html_code_spans`] (code spans in
//! findings) or [`html_linkify`] (addresses in "where"), which escape first; and
//! .ics text by `site::ics`; JSON and SARIF by serde_json.

use std::fmt::Write as _;

/// Whether `c` is a control character: C0 (U+0000-U+001F), DEL and C1
/// (U+0080-U+009F, which some terminals read as escape sequences, e.g. U+009B CSI).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Unicode characters that reorder how text is shown (bidirectional overrides and
/// isolates, "Trojan Source"): shown escaped like control characters, so a name
/// cannot make a terminal line or a log read differently from what it holds.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `\x1b`, `\u{9b}` or `\u{202e}`: a control character written so that it is seen,
/// not obeyed.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// Text for a terminal: every control character other than line feed and tab is
/// written visibly (`\x1b`, `\x07`, `\r`, `\u{9b}`), so ESC, OSC and BEL sequences
/// from the repo are shown, never run. Line breaks stay (messages, notes and helps
/// may span lines), and each line is guarded like a log line (`check` often runs
/// in GitHub Actions, whose runner reads commands in any output line).
pub fn terminal(s: &str) -> String {
    let shown = visible(s, true);
    if !shown.contains("::") && !shown.contains("##[") {
        return shown;
    }
    shown.split('\n').map(guard).collect::<Vec<_>>().join("\n")
}

/// Text for one terminal or log line: like [`terminal`], and line breaks are shown
/// as `\n` too.
pub fn terminal_line(s: &str) -> String {
    guard(&visible(s, false))
}

/// One line that the Actions runner will not read as a command: it reads a line
/// that starts with `::` (after spaces) as a workflow command, and `##[` anywhere
/// as a command of its older syntax (`##[add-mask]…`). `##[` becomes `##\[`, and a
/// line starting with `::` gets `> ` in front.
fn guard(line: &str) -> String {
    let line = if line.contains("##[") {
        line.replace("##[", "##\\[")
    } else {
        line.to_owned()
    };
    if line.trim_start().starts_with("::") {
        format!("> {line}")
    } else {
        line
    }
}

/// `s` with its control characters written visibly, line feeds and tabs kept
/// when `keep_breaks`.
fn visible(s: &str, keep_breaks: bool) -> String {
    if !s.chars().any(|c| needs_terminal_escape(c, keep_breaks)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_terminal_escape(c, keep_breaks) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_terminal_escape(c: char, keep_breaks: bool) -> bool {
    if keep_breaks && matches!(c, '\n' | '\t') {
        return false;
    }
    is_control(c) || is_bidi_control(c)
}

/// Source text quoted under a finding in a terminal: every control character other
/// than line feed and tab becomes one visible symbol of the Unicode "Control
/// Pictures" block (ESC shows as `␛`, CR as `␍`, DEL as `␡`), one character for one,
/// so the character columns of labels stay right. A CR before a line feed is kept.
pub fn snippet(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (is_control(c) && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c);
    let changes = s.contains("##[")
        || s.as_bytes()
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'\r' && s.as_bytes().get(i + 1) != Some(&b'\n'));
    if !changes && !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => out.push('\r'),
            // `##[` would be a command of the Actions runner's older syntax; a
            // fullwidth bracket keeps one character for one.
            '[' if out.ends_with("##") => out.push('\u{FF3B}'),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            c if is_control(c) || is_bidi_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A plain line of the GitHub Actions log (stdout or stderr of `accordant github`
/// and `check --format github`). The runner reads a log line that starts with
/// `::` (after spaces) as a workflow command, and one that holds `##[` anywhere
/// as a command of the older syntax (`##[add-mask]…`, `##[stop-commands]…`), so
/// repo text must never begin a line, add one, or hold `##[`: control characters
/// and line breaks are written visibly ([`terminal_line`]), every `##[` becomes
/// `##\[`, and a line that would start with `::` gets a leading `> `.
pub fn log_line(s: &str) -> String {
    terminal_line(s)
}

/// A workflow command's message (`::error file=…::MESSAGE`): `%`, CR and LF
/// escaped as GitHub's toolkit does (the runner turns them back into the text), and
/// other control characters dropped. A message can then never end the line early
/// and start a command of its own.
pub fn workflow_data(s: &str) -> String {
    workflow_escape(s, false)
}

/// A workflow command's property value (`file=…`, `title=…`): like
/// [`workflow_data`], and `:` and `,` escaped too, since they end a property.
pub fn workflow_property(s: &str) -> String {
    workflow_escape(s, true)
}

fn workflow_escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if is_control(c) || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for use anywhere in a Markdown line, table cells included, in
/// every Markdown output (the PR comment, the job summary, `check --format
/// markdown`):
/// - HTML (`<`, `&`, and `>` at the start) and `|` become character references;
/// - inline Markdown (`\`, `` ` ``, `*`, `_`, `[`, `]`, `~`, `$`) gets a backslash,
///   and so do the block markers that act only at the start (`-`, `+`, `=`, `#`,
///   `1.`, `1)`);
/// - line breaks become `<br>`, so the text stays on one Markdown line;
/// - other control characters (ESC, BEL, DEL, C1) and bidirectional overrides are
///   dropped;
/// - `@handle` and `@org/team` get a zero-width space after the `@`, so posting
///   the text mentions nobody (`@everyone` included).
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let body = s.trim_start_matches([' ', '\t']);
    let start = s.len() - body.len();
    // `1.` or `1)` at the start would begin an ordered list.
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let list_marker =
        (digits > 0 && body[digits..].starts_with(['.', ')'])).then_some(start + digits);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            // `>` starts a quote only at the start of a line; elsewhere it is plain
            // text (no tag can open: every `<` is escaped), so `4.0M -> 4.5M` stays.
            '>' if i == start => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '\r' => {
                if chars.peek().is_none_or(|&(_, next)| next != '\n') {
                    out.push_str("<br>");
                }
            }
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c if is_control(c) || is_bidi_control(c) => {}
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' | '#' if i == start => {
                out.push('\\');
                out.push(c);
            }
            // `@name` would notify that GitHub user (or team) where this text is
            // posted: a zero-width space after `@` keeps the look, drops the ping.
            '@' if s[..i]
                .chars()
                .next_back()
                .is_none_or(|p| !p.is_alphanumeric())
                && s[i + 1..].starts_with(|n: char| n.is_alphanumeric()) =>
            {
                out.push_str("@\u{200B}");
            }
            _ if Some(i) == list_marker => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A finding's message, a change's detail or any sentence that marks ids and values
/// as code with backticks (`` Responsibility `lead-scoring` has 2 Accountable
/// parties ``), for Markdown: each backtick pair stays a code span (its content
/// made safe by [`markdown_code`]) and the text between goes through [`markdown`].
/// An unpaired backtick is escaped as text.
pub fn markdown_message(s: &str) -> String {
    let pieces: Vec<&str> = s.split('`').collect();
    let paired = pieces.len() % 2 == 1;
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for (i, piece) in pieces.iter().enumerate() {
        let last = i + 1 == pieces.len();
        if i % 2 == 1 && (paired || !last) {
            out.push('`');
            out.push_str(&markdown_code(piece));
            out.push('`');
        } else {
            if i % 2 == 1 {
                out.push_str("\\`");
            }
            out.push_str(&markdown(piece));
        }
    }
    out
}

/// Markdown text inside a code span (`` `…` ``): backticks cannot be escaped there,
/// so they become `'`; line breaks become spaces and control characters are dropped.
pub fn markdown_code(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '`' => Some('\''),
            '\n' | '\r' | '\t' => Some(' '),
            '|' => Some('¦'),
            c if is_control(c) || is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect()
}

/// One field of a CSV row (RFC 4180): quoted when it holds a comma, a quote or a
/// line break (quotes doubled); control characters other than line breaks are
/// dropped; a field starting with `=`, `+`, `-` or `@` gets a leading `'` so a
/// spreadsheet does not run it as a formula.
pub fn csv_field(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|&c| !(is_control(c) || is_bidi_control(c)) || matches!(c, '\n' | '\r'))
        .collect();
    let guarded = if clean.starts_with(['=', '+', '-', '@']) {
        format!("'{clean}")
    } else {
        clean
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Text for an HTML page or a JSON value shown on one, before HTML escaping:
/// control characters other than line feed and tab are dropped (a browser shows
/// nothing useful for them, and a copied name should not carry an ESC).
pub fn html_text(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_control(c) || matches!(c, '\n' | '\t'))
        .collect()
}

/// Text escaped for HTML element content or a quoted attribute value (`&`, `<`,
/// `>`, `"` and `'`), with control characters dropped ([`html_text`]).
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_html(&mut out, s);
    out
}

fn push_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c if is_control(c) && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
}

/// A plain-text message (a finding, a help) as HTML where Markdown code spans
/// show as code: the text is escaped first, then each `` `x` `` becomes
/// `<code>x</code>` (an unpaired backtick stays as it is). Nothing else of
/// Markdown is read, so a message cannot bring markup of its own.
pub fn html_code_spans(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) if close > 0 => {
                push_html(&mut out, &rest[..open]);
                out.push_str("<code>");
                push_html(&mut out, &after[..close]);
                out.push_str("</code>");
                rest = &after[close + 1..];
            }
            _ => {
                push_html(&mut out, &rest[..open + 1]);
                rest = after;
            }
        }
    }
    push_html(&mut out, rest);
    out
}

/// Plain text as HTML where each `http://` or `https://` address is a link
/// (`rel="noopener"`, opened in place). The text and the address are both
/// escaped; an address ends at white space, a quote or an angle bracket, and
/// trailing punctuation (`.,;:!?)`) stays outside it. Other schemes stay text.
pub fn html_linkify(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 32);
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        let at = match (lower.find("https://"), lower.find("http://")) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(at) = at else { break };
        push_html(&mut out, &rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| {
                c.is_whitespace() || is_control(c) || matches!(c, '"' | '\'' | '<' | '>' | '`')
            })
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
        let scheme = if url.to_ascii_lowercase().starts_with("https://") {
            8
        } else {
            7
        };
        if url.len() <= scheme {
            push_html(&mut out, &tail[..scheme.min(tail.len())]);
            rest = &tail[scheme.min(tail.len())..];
            continue;
        }
        out.push_str("<a href=\"");
        push_html(&mut out, url);
        out.push_str("\" rel=\"noopener\">");
        push_html(&mut out, url);
        out.push_str("</a>");
        rest = &tail[url.len()..];
    }
    push_html(&mut out, rest);
    out
}

/// Whether `handle` (with or without its `@`) is a GitHub user login
/// (`[A-Za-z0-9]` and single hyphens inside, at most 39 characters) or a team
/// (`org/team-slug`), the only owners the accordant block of CODEOWNERS writes.
pub fn is_github_handle(handle: &str) -> bool {
    let h = handle.strip_prefix('@').unwrap_or(handle);
    let login = |s: &str| {
        !s.is_empty()
            && s.len() <= 39
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
    };
    match h.split_once('/') {
        None => login(h),
        Some((org, team)) => {
            login(org)
                && !team.is_empty()
                && team.len() <= 100
                && team
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
    }
}

/// An owner for a CODEOWNERS line, `@handle`, or `None` when the text is no GitHub
/// handle (then the caller refuses to write the file: an owner that is not a
/// handle could be a second pattern, a comment or a line break).
pub fn codeowners_owner(handle: &str) -> Option<String> {
    let h = handle.trim();
    is_github_handle(h).then(|| format!("@{}", h.trim_start_matches('@')))
}

/// Text for a CODEOWNERS comment line (after `# `): control characters and line
/// breaks written visibly, so a team's name can never start a line of its own.
pub fn codeowners_text(s: &str) -> String {
    terminal_line(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_escapes_instead_of_running_them() {
        assert_eq!(
            terminal("a\x1b]8;;x\x07b\u{9b}c\r\nd\te"),
            "a\\x1b]8;;x\\x07b\\u{9b}c\\r\nd\te"
        );
        assert_eq!(terminal("Zoë ✓"), "Zoë ✓");
        assert_eq!(terminal("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(terminal_line("one\ntwo"), "one\\ntwo");
        // Run inside GitHub Actions, no line of it may be a runner command.
        assert_eq!(
            terminal("help\n::error::forged\n  ::add-mask::x"),
            "help\n> ::error::forged\n>   ::add-mask::x"
        );
        assert_eq!(terminal("a ##[add-mask]b"), "a ##\\[add-mask]b");
    }

    #[test]
    fn snippet_keeps_one_character_per_character() {
        let s = "name: \"a\x1b[31mb\x07\"\r\nnext\rx\x7f\n";
        let shown = snippet(s);
        assert_eq!(shown, "name: \"a␛[31mb␇\"\r\nnext␍x␡\n");
        assert_eq!(shown.chars().count(), s.chars().count());
        assert!(matches!(
            snippet("plain\r\ntext\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn log_lines_never_start_a_workflow_command() {
        assert_eq!(
            log_line("accordant: team Sales\n::error::forged"),
            "accordant: team Sales\\n::error::forged"
        );
        assert_eq!(log_line("  ::add-mask::x"), ">   ::add-mask::x");
        assert_eq!(log_line("::stop-commands::t"), "> ::stop-commands::t");
        // The runner's older syntax is a command anywhere in a line.
        assert_eq!(
            log_line("team A ##[add-mask]x ###[stop-commands]t"),
            "team A ##\\[add-mask]x ###\\[stop-commands]t"
        );
        assert!(!log_line("##[##[[").contains("##["));
        for hostile in ["\n::error::x", "\r::warning::y", "a\r\n::group::z"] {
            let out = log_line(hostile);
            assert!(!out.contains('\n') && !out.contains('\r'), "{out:?}");
        }
    }

    #[test]
    fn workflow_values_escape_separators_and_drop_controls() {
        assert_eq!(
            workflow_property("a%b\rc\nd:e,f g"),
            "a%25b%0Dc%0Ad%3Ae%2Cf g"
        );
        assert_eq!(workflow_property("%0A"), "%250A");
        assert_eq!(workflow_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(workflow_data("x\x1b[2Jy\x07"), "x[2Jy");
        assert_eq!(workflow_data("Zoë <b>"), "Zoë <b>");
    }

    #[test]
    fn markdown_escapes_html_and_table_breakers() {
        assert_eq!(
            markdown("<script>alert(1)</script> a|b & c"),
            "&lt;script>alert(1)&lt;/script> a&#124;b &amp; c"
        );
        assert_eq!(
            markdown("one\ntwo\r\nthree\rfour"),
            "one<br>two<br>three<br>four"
        );
    }

    #[test]
    fn markdown_escapes_inline_markup_and_block_markers() {
        assert_eq!(
            markdown(r"*b* _i_ `c` [l](u) ~s~ $m$ \x"),
            r"\*b\* \_i\_ \`c\` \[l\](u) \~s\~ \$m\$ \\x"
        );
        assert_eq!(
            markdown("raci/lead-scoring.yaml:4:14 Zoë, 100% - ok."),
            "raci/lead-scoring.yaml:4:14 Zoë, 100% - ok."
        );
        assert_eq!(markdown("- item"), r"\- item");
        assert_eq!(markdown("  # title"), r"  \# title");
        assert_eq!(markdown("+ x = y"), r"\+ x = y");
        assert_eq!(markdown("2026. year"), r"2026\. year");
        assert_eq!(markdown("3) three"), r"3\) three");
        assert_eq!(markdown("a - b # c 1. d"), "a - b # c 1. d");
        assert_eq!(markdown("v1.2"), "v1.2");
        assert_eq!(markdown(""), "");
    }

    #[test]
    fn markdown_mentions_do_not_ping_and_controls_are_dropped() {
        assert_eq!(
            markdown("@mai, (@acme/sales) and a@b.com @ 1 @everyone"),
            "@\u{200B}mai, (@\u{200B}acme/sales) and a@b.com @ 1 @\u{200B}everyone"
        );
        assert_eq!(markdown("a\x1b[31mb\x07c\u{202e}d"), r"a\[31mbcd");
        assert_eq!(markdown_code("a`b\nc\x1b"), "a'b c");
    }

    #[test]
    fn messages_keep_their_code_spans() {
        assert_eq!(
            markdown_message("Team `sales` named <b>@everyone</b>"),
            "Team `sales` named &lt;b>@\u{200B}everyone&lt;/b>"
        );
        assert_eq!(markdown_message("a `x\ny|z` b"), "a `x y¦z` b");
        assert_eq!(markdown_message("odd ` tick"), "odd \\` tick");
        assert_eq!(markdown_message("- `a` - b"), "\\- `a` \\- b");
    }

    #[test]
    fn handles_follow_github_syntax() {
        for ok in [
            "@tom-becker",
            "tom",
            "@acme/sales-leads",
            "a1",
            "@acme/team_x.y",
        ] {
            assert!(is_github_handle(ok), "{ok}");
        }
        for bad in [
            "@tom\n* @attacker",
            "@tom\t",
            "@-tom",
            "@tom-",
            "@to--m",
            "",
            "@",
            "@acme/",
            "@acme/sales leads",
            "@a/b/c",
            &format!("@{}", "a".repeat(40)),
        ] {
            assert!(!is_github_handle(bad), "{bad:?}");
        }
        assert_eq!(codeowners_owner(" @tom ").as_deref(), Some("@tom"));
        assert_eq!(codeowners_owner("@tom\r\n* @x"), None);
        assert_eq!(codeowners_text("Sales\n* @attacker"), "Sales\\n* @attacker");
    }

    #[test]
    fn code_spans_are_escaped_then_marked_up() {
        assert_eq!(
            html_code_spans("set `owners:` <b>now</b> & `a<b>`"),
            "set <code>owners:</code> &lt;b&gt;now&lt;/b&gt; &amp; <code>a&lt;b&gt;</code>"
        );
        assert_eq!(html_code_spans("one ` tick"), "one ` tick");
        assert_eq!(html_code_spans("``"), "``");
        assert_eq!(html_code_spans("`\"x\"`"), "<code>&quot;x&quot;</code>");
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            html_linkify("Zoom https://zoom.us/j/1?a=1&b=2, room 4."),
            "Zoom <a href=\"https://zoom.us/j/1?a=1&amp;b=2\" rel=\"noopener\">https://zoom.us/j/1?a=1&amp;b=2</a>, room 4."
        );
        assert_eq!(
            html_linkify("javascript:alert(1) <i>x</i>"),
            "javascript:alert(1) &lt;i&gt;x&lt;/i&gt;"
        );
        assert_eq!(
            html_linkify("see http://x.test/\"onmouseover=\"a"),
            "see <a href=\"http://x.test/\" rel=\"noopener\">http://x.test/</a>&quot;onmouseover=&quot;a"
        );
        assert_eq!(html_linkify("just https:// here"), "just https:// here");
        assert_eq!(html_linkify("#sales-marketing"), "#sales-marketing");
    }
}
