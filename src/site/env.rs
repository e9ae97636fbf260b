//! The template environment and the theme.
//!
//! Templates and assets are embedded in the binary (`include_str!`). A repo can
//! override any of them, file by file, from the theme folder named by
//! `site.theme` in `accordant.yaml`: `<theme>/templates/<name>` replaces the
//! template `<name>`, `<theme>/assets/<path>` replaces or adds an asset. An
//! override can still extend the original, reachable as `builtin/<name>`.
//!
//! Everything users write is escaped (autoescape for `.html`); Markdown goes
//! through the `markdown` filter: pulldown-cmark, then ammonia, so no script,
//! event handler, `javascript:` link or remote image survives. Undefined values
//! are errors (strict), and user templates run with a fuel limit so a runaway
//! loop in a theme stops instead of hanging the build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use minijinja::{Environment, Error, UndefinedBehavior, Value};

/// The embedded templates.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("index.html", include_str!("templates/index.html")),
    ("teams.html", include_str!("templates/teams.html")),
    ("team.html", include_str!("templates/team.html")),
    ("goals.html", include_str!("templates/goals.html")),
    ("raci.html", include_str!("templates/raci.html")),
    ("incentives.html", include_str!("templates/incentives.html")),
    ("agreements.html", include_str!("templates/agreements.html")),
    ("calendar.html", include_str!("templates/calendar.html")),
    ("glossary.html", include_str!("templates/glossary.html")),
    ("health.html", include_str!("templates/health.html")),
    ("changes.html", include_str!("templates/changes.html")),
    ("404.html", include_str!("templates/404.html")),
];

/// The embedded assets, by path under `assets/`.
pub const ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("assets/style.css")),
    ("search.js", include_str!("assets/search.js")),
    ("calc.js", include_str!("assets/calc.js")),
    ("favicon.svg", include_str!("assets/favicon.svg")),
];

/// Instructions a page may run when the theme has its own templates.
const USER_TEMPLATE_FUEL: u64 = 50_000_000;

/// The theme overrides read from disk.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// The theme folder, when there is one.
    pub dir: Option<PathBuf>,
    /// Template name -> source.
    pub templates: BTreeMap<String, String>,
    /// Asset path (under `assets/`) -> bytes; overrides and extra files.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Reads the theme folder `rel` (relative to the repo `root`). The folder must
    /// be inside the repo; links are not followed.
    pub fn load(root: &Path, rel: Option<&str>) -> anyhow::Result<Theme> {
        let Some(rel) = rel.map(str::trim).filter(|r| !r.is_empty()) else {
            return Ok(Theme::default());
        };
        let dir = root.join(rel);
        let dir = dir.canonicalize().with_context(|| {
            format!(
                "site.theme in accordant.yaml: the theme folder `{rel}` does not exist (looked for {}); create it or remove `site.theme`",
                dir.display()
            )
        })?;
        if !dir.starts_with(root) || !dir.is_dir() {
            anyhow::bail!("site.theme in accordant.yaml: `{rel}` must be a folder inside the repo");
        }
        let mut theme = Theme {
            dir: Some(dir.clone()),
            ..Theme::default()
        };
        for (name, bytes) in read_tree(&dir.join("templates"))? {
            let text = String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!("{rel}/templates/{name}: a template must be UTF-8 text")
            })?;
            theme.templates.insert(name, text);
        }
        theme.assets = read_tree(&dir.join("assets"))?;
        Ok(theme)
    }
}

/// Every regular file under `dir` (recursively, no links), by `/`-separated path.
fn read_tree(dir: &Path) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let entry = entry.with_context(|| format!("reading {}", d.display()))?;
            let ft = entry.file_type()?;
            let path = entry.path();
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes =
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                out.insert(rel, bytes);
            }
        }
    }
    Ok(out)
}

fn builtin(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Where relative links in Markdown lead: a repo file that holds entities goes
/// to its place on the site, any other repo file to the repository, and without
/// a repository the link becomes plain text (it could only break).
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// Repo path (relative to the alignment folder) -> site URL (relative to the root).
    pub files: std::collections::HashMap<String, String>,
    /// `https://github.com/o/r/blob/main/<prefix>`, when the repository is known.
    pub blob_base: Option<String>,
}

impl Links {
    /// The new target of a link written in the file `src`, `None` to drop it.
    fn rewrite(&self, dest: &str, src: &str, root: &str) -> Option<String> {
        let lower = dest.to_ascii_lowercase();
        if dest.starts_with('#') || lower.contains("://") || lower.starts_with("mailto:") {
            return Some(dest.to_string());
        }
        if lower.contains(':') {
            return None;
        }
        let (path, frag) = dest
            .split_once('#')
            .map_or((dest, None), |(p, f)| (p, Some(f)));
        let mut parts: Vec<&str> = if path.starts_with('/') {
            Vec::new()
        } else {
            src.split('/').collect()
        };
        parts.pop();
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        let file = parts.join("/");
        if let Some(url) = self.files.get(&file) {
            return Some(format!("{root}{url}"));
        }
        let base = self.blob_base.as_ref()?;
        Some(match frag {
            Some(f) => format!("{base}{file}#{f}"),
            None => format!("{base}{file}"),
        })
    }
}

/// The minijinja environment for a theme.
pub fn environment(theme: &Theme) -> Environment<'static> {
    environment_with(theme, Links::default())
}

/// The environment, with the links relative Markdown links resolve to.
pub fn environment_with(theme: &Theme, links: Links) -> Environment<'static> {
    environment_fuel(theme, links, USER_TEMPLATE_FUEL)
}

fn environment_fuel(theme: &Theme, links: Links, fuel: u64) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    let overrides = Arc::new(theme.templates.clone());
    env.set_loader(move |name| {
        if let Some(rest) = name.strip_prefix("builtin/") {
            return Ok(builtin(rest).map(str::to_string));
        }
        if let Some(t) = overrides.get(name) {
            return Ok(Some(t.clone()));
        }
        Ok(builtin(name).map(str::to_string))
    });
    if !theme.templates.is_empty() {
        env.set_fuel(Some(fuel));
    }
    // Repo text reaches pages through `{{ … }}`: HTML-escaped by minijinja, and
    // stripped of control characters first (`escape::html_text`).
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(s) if !value.is_safe() && s.chars().any(crate::escape::is_control) => {
            minijinja::escape_formatter(out, state, &Value::from(crate::escape::html_text(s)))
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    // Plain repo text with a little markup: escaped first, in `escape`.
    env.add_filter("code_spans", |text: Option<String>| {
        Value::from_safe_string(crate::escape::html_code_spans(
            text.as_deref().unwrap_or(""),
        ))
    });
    env.add_filter("linkify", |text: Option<String>| {
        Value::from_safe_string(crate::escape::html_linkify(text.as_deref().unwrap_or("")))
    });
    let links = Arc::new(links);
    env.add_filter(
        "markdown",
        move |text: Option<String>, src: Option<String>, root: Option<String>| {
            markdown_filter(text, src.as_deref(), root.as_deref(), &links)
        },
    );
    env
}

/// `{{ text | markdown(source_path, page_root) }}`: Markdown to safe HTML, with
/// relative links resolved from the file the text was written in.
fn markdown_filter(
    text: Option<String>,
    src: Option<&str>,
    root: Option<&str>,
    links: &Links,
) -> Result<Value, Error> {
    match text {
        None => Ok(Value::from_safe_string(String::new())),
        // `check` reports it (P003); the page still builds, with a notice.
        Some(t) if t.len() > crate::load::MAX_MARKDOWN_BYTES => Ok(Value::from_safe_string(
            too_long_notice(t.len(), src.unwrap_or("")),
        )),
        Some(t) => Ok(Value::from_safe_string(markdown_linked(&t, &|dest| {
            links.rewrite(dest, src.unwrap_or(""), root.unwrap_or(""))
        }))),
    }
}

/// What the playbook shows instead of a Markdown text over the limit, written
/// in the file `src`.
fn too_long_notice(len: usize, src: &str) -> String {
    let src: String = src
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#x27;".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!(
        "<p class=\"warn\">This text is too long to show here ({} bytes; the playbook shows up to {}). Shorten it in <code>{src}</code>: <code>accordant check</code> points at it.</p>",
        crate::load::grouped(len),
        crate::load::grouped(crate::load::MAX_MARKDOWN_BYTES),
    )
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // Images and other embedded resources would make requests outside the site.
        b.rm_tags(["img"]);
        b.url_schemes(["http", "https", "mailto"].into_iter().collect());
        b.link_rel(Some("noopener noreferrer"));
        b
    })
}

/// Markdown to sanitised HTML (links left as written, then sanitised).
pub fn markdown(text: &str) -> String {
    markdown_linked(text, &|d| Some(d.to_string()))
}

/// Markdown to sanitised HTML; `link` rewrites each link target (`None` turns
/// the link into its plain text).
pub fn markdown_linked(text: &str, link: &dyn Fn(&str) -> Option<String>) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut dropped = Vec::new();
    let events = Parser::new_ext(text, opts).filter_map(|ev| match ev {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => match link(&dest_url) {
            Some(new) => {
                dropped.push(false);
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url: new.into(),
                    title,
                    id,
                }))
            }
            None => {
                dropped.push(true);
                None
            }
        },
        Event::End(TagEnd::Link) => {
            if dropped.pop().unwrap_or(false) {
                None
            } else {
                Some(Event::End(TagEnd::Link))
            }
        }
        other => Some(other),
    });
    let mut raw = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut raw, events);
    sanitizer().clean(&raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_formatting_and_drops_scripts() {
        let out = markdown(
            "**bold** <script>alert(1)</script> <img src=x onerror=alert(1)> \
             [a](javascript:alert(1)) <a href=\"https://x.example\" onclick=\"y()\">b</a>",
        );
        assert!(out.contains("<strong>bold</strong>"), "{out}");
        for bad in ["<script", "onerror", "javascript:", "onclick", "<img"] {
            assert!(!out.contains(bad), "{bad} survived: {out}");
        }
        assert!(out.contains("rel=\"noopener noreferrer\""));
    }

    #[test]
    fn text_over_the_limit_becomes_a_notice_naming_its_file() {
        let big = "x".repeat(crate::load::MAX_MARKDOWN_BYTES + 1);
        let out = markdown_filter(Some(big), Some("metrics/<b>.yaml"), None, &Links::default())
            .unwrap()
            .to_string();
        assert!(out.len() < 500, "{out}");
        assert!(out.contains("1,000,001 bytes"), "{out}");
        assert!(out.contains("<code>metrics/&lt;b&gt;.yaml</code>"), "{out}");
    }

    #[test]
    fn relative_links_lead_to_the_site_or_the_repository() {
        let mut links = Links::default();
        links
            .files
            .insert("goals/a.yaml".into(), "goals.html#goal-a".into());
        assert_eq!(
            links
                .rewrite("../goals/a.yaml", "teams/t.yaml", "../")
                .as_deref(),
            Some("../goals.html#goal-a")
        );
        assert_eq!(links.rewrite("b.yaml", "goals/a.yaml", ""), None);
        assert_eq!(links.rewrite("../../x", "a.yaml", ""), None);
        links.blob_base = Some("https://h.example/o/r/blob/main/".into());
        assert_eq!(
            links.rewrite("b.yaml#L3", "goals/a.yaml", "").as_deref(),
            Some("https://h.example/o/r/blob/main/goals/b.yaml#L3")
        );
        assert_eq!(
            links.rewrite("https://x.example", "a", "").as_deref(),
            Some("https://x.example")
        );
        assert_eq!(links.rewrite("javascript:alert(1)", "a", ""), None);
        let env = environment_with(&Theme::default(), links);
        let t = env
            .template_from_named_str("l.html", "{{ d | markdown(\"teams/t.yaml\", \"../\") }}")
            .unwrap();
        let out = t
            .render(minijinja::context! { d => "[a](../goals/a.yaml) and [gone](javascript:x)" })
            .unwrap();
        assert!(out.contains("href=\"../goals.html#goal-a\""), "{out}");
        assert!(
            out.contains("and gone") && !out.contains("javascript"),
            "{out}"
        );
    }

    #[test]
    fn autoescape_and_strict_undefined() {
        let env = environment(&Theme::default());
        let t = env
            .template_from_named_str("x.html", "{{ v }}|{{ v | markdown }}")
            .unwrap();
        let s = t
            .render(minijinja::context! { v => "<b onclick=x>hi</b>" })
            .unwrap();
        assert!(
            s.starts_with("&lt;b onclick=x&gt;hi&lt;&#x2f;b&gt;|"),
            "{s}"
        );
        assert!(!s.contains("onclick=x>"));
        let t = env.template_from_named_str("y.html", "{{ nope }}").unwrap();
        assert!(t.render(minijinja::context! {}).is_err());
    }

    #[test]
    fn overrides_win_and_builtins_stay_reachable() {
        let mut theme = Theme::default();
        theme.templates.insert(
            "404.html".into(),
            "{% extends \"builtin/404.html\" %}".into(),
        );
        theme.templates.insert(
            "loop.html".into(),
            "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}".into(),
        );
        let env = environment_fuel(&theme, Links::default(), 1_000_000);
        assert!(env.get_template("404.html").is_ok());
        assert!(env.get_template("builtin/team.html").is_ok());
        let err = env
            .get_template("loop.html")
            .unwrap()
            .render(minijinja::context! {})
            .unwrap_err();
        assert_eq!(err.kind(), minijinja::ErrorKind::OutOfFuel);
    }
}
