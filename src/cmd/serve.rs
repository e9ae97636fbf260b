//! `accordant serve`: build the playbook, serve it on 127.0.0.1 and rebuild it
//! whenever a file of the repo changes.
//!
//! A small HTTP/1.1 static server on the standard library alone (one thread per
//! connection, `Connection: close`): GET and HEAD only, no path outside the
//! output folder (`..`, encoded or not, and links leading out are refused).
//! Any web page the user opens can make the browser connect to 127.0.0.1, so
//! the server answers only requests whose `Host` names its own address (421
//! otherwise: a DNS-rebinding page cannot read the playbook), and [`Limits`]
//! cap connections (503), the request head (431) and the time a client may take
//! to send it or to read the answer (408 or closed).
//! Changes are found by polling file times every 500 ms, which needs no
//! platform watcher and no dependency. When a build fails, every page is
//! replaced by an error page that says why, until the next good build.
//!
//! Live reload: every HTML page the server sends (never the files `build`
//! writes) gets a small script that asks `/__accordant/version` once a second
//! and reloads the page when a build finished since it was loaded.
//!
//! Stopping: Ctrl-C (SIGINT), SIGTERM or SIGHUP let a running build finish,
//! then remove the temporary output folder when `serve` made it (`--out` is
//! kept) before the process exits.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::Outcome;
use crate::site;

/// Arguments of `accordant serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The alignment repo (or any folder inside it).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// Output folder (default: a new folder under the system's temp folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The date the site is built for, as YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

/// How often the repo is polled for changes.
const POLL: Duration = Duration::from_millis(500);

/// The URL path of the build counter the live-reload script polls.
pub const VERSION_PATH: &str = "/__accordant/version";

/// What one client may use of the server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections handled at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// Largest request line plus headers, in bytes; a larger one gets 431.
    pub max_head_bytes: usize,
    /// Longest time to send the request head (then 408), and to take each
    /// part of the answer (then the connection is closed).
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 64,
            max_head_bytes: 16 * 1024,
            timeout: Duration::from_secs(10),
        }
    }
}

/// What the server shares between the watcher and the connections.
pub struct State {
    /// The output folder (canonical).
    pub dir: PathBuf,
    /// The error of the last build, when it failed.
    pub error: Mutex<Option<String>>,
    /// Builds finished so far (good or failed): pages reload when it changes.
    pub version: AtomicU64,
    /// The port the server listens on 127.0.0.1: the `Host` header must name it.
    pub port: u16,
    /// Connection, size and time limits.
    pub limits: Limits,
    /// Connections being handled now.
    active: AtomicUsize,
    /// Set by [`stop`]: [`serve`] returns instead of handling the next connection.
    stopping: AtomicBool,
}

impl State {
    /// The state for the output folder `dir` after a first build, served on
    /// 127.0.0.1:`port`.
    pub fn new(dir: PathBuf, error: Option<String>, port: u16) -> State {
        State {
            dir,
            error: Mutex::new(error),
            version: AtomicU64::new(1),
            port,
            limits: Limits::default(),
            active: AtomicUsize::new(0),
            stopping: AtomicBool::new(false),
        }
    }
}

/// The temporary output folder `serve` made; removed when the guard drops.
struct TempOut(PathBuf);

impl TempOut {
    /// A new folder under `parent`, made by this process with a fresh,
    /// unpredictable name (and mode 0700 on Unix): never a folder that already
    /// existed, which another user could have prepared.
    fn new_in(parent: &Path) -> anyhow::Result<TempOut> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("accordant-serve-");
        // Private: other users cannot list, read or plant files in the site.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let dir = builder.tempdir_in(parent).with_context(|| {
            format!(
                "creating a temporary output folder in {}; give one with --out",
                parent.display()
            )
        })?;
        Ok(TempOut(dir.keep()))
    }
}

impl Drop for TempOut {
    fn drop(&mut self) {
        match std::fs::remove_dir_all(&self.0) {
            Ok(()) => eprintln!("removed {}", self.0.display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => eprintln!("warning: could not remove {}: {e}", self.0.display()),
        }
    }
}

/// Held while a build runs, so that stopping waits for it; `true` once stopping.
type BuildLock = Arc<Mutex<bool>>;

pub fn run(args: &ServeArgs) -> anyhow::Result<Outcome> {
    let today = super::support::parse_today(args.today.as_deref())?;
    let root = crate::pipeline::repo_root(&args.path)
        .map_err(|e| super::support::repo_hint(e, &args.path, "`accordant serve PATH`"))?;
    // Dropped when `run` returns, on every path: the folder goes with it.
    let (out, _temp) = match &args.out {
        Some(o) => (o.clone(), None),
        None => {
            let t = TempOut::new_in(&std::env::temp_dir())?;
            (t.0.clone(), Some(t))
        }
    };
    let stop = stop_signal()?;
    let opts = site::Options {
        path: root.clone(),
        out: out.clone(),
        today,
    };
    let first = rebuild(&opts);
    if let Err(e) = &first
        && !out.is_dir()
    {
        anyhow::bail!("{e}");
    }
    let dir = out
        .canonicalize()
        .with_context(|| format!("opening {}", out.display()))?;
    let listener = TcpListener::bind(("127.0.0.1", args.port)).with_context(|| {
        format!(
            "listening on 127.0.0.1:{} (is the port in use? try --port)",
            args.port
        )
    })?;
    let addr = listener.local_addr()?;
    let state = Arc::new(State::new(dir.clone(), first.err(), addr.port()));
    eprintln!(
        "serving {} at http://{addr}/ from {} (rebuilds on change; Ctrl-C stops)",
        root.display(),
        dir.display()
    );
    let lock: BuildLock = Arc::new(Mutex::new(false));
    let watch_state = Arc::clone(&state);
    let watch_lock = Arc::clone(&lock);
    // The state the first build saw, taken before any page is served: a change
    // made once the server answers is always a change (taken in the watcher
    // thread, a slow start could fold the first edit into it).
    let last = fingerprint(&opts.path, &dir);
    std::thread::spawn(move || watch(&opts, &dir, last, &watch_state, &watch_lock));
    std::thread::spawn(move || serve(listener, state));
    // Wait for Ctrl-C or SIGTERM, then for a running build, then clean up.
    let _ = stop.recv();
    *lock.lock().unwrap_or_else(PoisonError::into_inner) = true;
    eprintln!("stopping");
    Ok(Outcome::Clean)
}

/// A channel that receives once the process is asked to stop (SIGINT, SIGTERM
/// or SIGHUP on Unix, Ctrl-C or Ctrl-Break on Windows).
fn stop_signal() -> anyhow::Result<std::sync::mpsc::Receiver<()>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let asked = AtomicBool::new(false);
    ctrlc::set_handler(move || {
        // A second Ctrl-C while cleaning up ends the process at once.
        if asked.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = tx.send(());
    })
    .context("installing the Ctrl-C handler")?;
    Ok(rx)
}

/// Builds once; the error text (with its causes) when it fails.
fn rebuild(opts: &site::Options) -> Result<(), String> {
    match site::build(opts) {
        Ok(b) => {
            eprintln!("{}", super::build::summary(&b));
            Ok(())
        }
        Err(e) => {
            let msg = format!("{e:#}");
            eprintln!("error: {msg}");
            Err(msg)
        }
    }
}

/// Polls the repo and rebuilds on every change, until stopping.
/// Rebuilds whenever the repo's [`fingerprint`] moves on from `last`.
fn watch(opts: &site::Options, out: &Path, mut last: u64, state: &State, lock: &Mutex<bool>) {
    loop {
        std::thread::sleep(POLL);
        let now = fingerprint(&opts.path, out);
        if now != last {
            last = now;
            let stopping = lock.lock().unwrap_or_else(PoisonError::into_inner);
            if *stopping {
                return;
            }
            eprintln!("change detected, rebuilding…");
            let result = rebuild(opts).err();
            *state.error.lock().unwrap_or_else(PoisonError::into_inner) = result;
            state.version.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// A hash of every file's path, size and modification time under `root`,
/// skipping hidden folders, `node_modules`, `target` and the output folder.
pub fn fingerprint(root: &Path, out: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for e in entries {
            let path = e.path();
            let name = e.file_name();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                let skip = name.to_string_lossy().starts_with('.')
                    || name == "node_modules"
                    || name == "target"
                    || path.canonicalize().is_ok_and(|p| p == out);
                if !skip {
                    stack.push(path);
                }
            } else if let Ok(meta) = e.metadata() {
                path.hash(&mut h);
                meta.len().hash(&mut h);
                meta.modified().ok().hash(&mut h);
            }
        }
    }
    h.finish()
}

/// Accepts connections until the process ends or [`stop`] is called: one
/// thread per connection, at most `limits.max_connections` at once.
pub fn serve(listener: TcpListener, state: Arc<State>) {
    for stream in listener.incoming() {
        if state.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let Some(slot) = Slot::take(&state) else {
            busy(stream);
            continue;
        };
        std::thread::spawn(move || {
            let _ = handle(stream, &slot.0);
        });
    }
}

/// Makes [`serve`] return: sets the flag, then wakes the waiting `accept` with
/// a connection of its own.
pub fn stop(state: &State) {
    state.stopping.store(true, Ordering::SeqCst);
    let _ = TcpStream::connect(("127.0.0.1", state.port));
}

/// One of the `max_connections` places; given back when dropped.
struct Slot(Arc<State>);

impl Slot {
    fn take(state: &Arc<State>) -> Option<Slot> {
        let max = state.limits.max_connections;
        state
            .active
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(state)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers a connection over the limit with 503, on the accepting thread and
/// without ever waiting for the client (a fresh socket takes this short answer
/// into its buffer at once). What the client already sent is read first, so
/// that closing is less likely to reset the connection before it sees the answer.
fn busy(mut stream: TcpStream) {
    let resp = Response::text(503, "too many connections at once; try again in a moment\n");
    if stream.set_nonblocking(true).is_ok() {
        let _ = stream.read(&mut [0u8; 4096]);
        let _ = stream.write_all(&resp.to_bytes());
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
}

/// Why no request head could be read.
enum HeadError {
    /// Over `max_head_bytes` before the blank line that ends the head.
    TooLarge,
    /// Not complete within `timeout`.
    TimedOut,
    /// Closed by the client, or a socket error: nothing to answer.
    Gone,
}

/// Reads the request line and headers, up to the blank line, within the size
/// and time limits (one deadline for the whole head, so sending a byte now
/// and then does not keep the connection open).
fn read_head(stream: &mut TcpStream, limits: Limits) -> Result<String, HeadError> {
    let deadline = Instant::now() + limits.timeout;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(&buf) {
            if end > limits.max_head_bytes {
                return Err(HeadError::TooLarge);
            }
            buf.truncate(end);
            return Ok(String::from_utf8_lossy(&buf).into_owned());
        }
        if buf.len() > limits.max_head_bytes {
            return Err(HeadError::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::TimedOut);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Gone)?;
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::TimedOut);
            }
            Err(_) => return Err(HeadError::Gone),
        }
    }
}

/// The length of the head in `buf` (through the blank line), once complete.
fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn handle(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    let limits = state.limits;
    stream.set_write_timeout(Some(limits.timeout))?;
    let resp = match read_head(&mut stream, limits) {
        Ok(head) => respond(&head, state),
        Err(HeadError::TooLarge) => Response::text(
            431,
            &format!(
                "the request line and headers are over {} bytes\n",
                limits.max_head_bytes
            ),
        ),
        Err(HeadError::TimedOut) => Response::text(408, "the request took too long\n"),
        Err(HeadError::Gone) => return Ok(()),
    };
    stream.write_all(&resp.to_bytes())?;
    stream.flush()
}

/// An HTTP response.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// HEAD: headers only.
    pub head_only: bool,
}

impl Response {
    fn text(status: u16, msg: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: msg.as_bytes().to_vec(),
            head_only: false,
        }
    }

    /// The bytes sent on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let reason = match self.status {
            200 => "OK",
            400 => "Bad Request",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            408 => "Request Timeout",
            421 => "Misdirected Request",
            431 => "Request Header Fields Too Large",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        };
        let mut out = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        if self.status == 405 {
            out.push_str("Allow: GET, HEAD\r\n");
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        if !self.head_only {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file a request target names inside `dir`, or why it is refused.
pub fn resolve(dir: &Path, target: &str) -> Result<PathBuf, u16> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(400);
    }
    let decoded = percent_decode(path).ok_or(400u16)?;
    if decoded.contains(['\0', '\\']) {
        return Err(400);
    }
    let mut rel = PathBuf::new();
    for part in decoded.split('/').filter(|p| !p.is_empty() && *p != ".") {
        let c = Path::new(part).components().next();
        if part == ".." || !matches!(c, Some(Component::Normal(_))) {
            return Err(403);
        }
        rel.push(part);
    }
    let mut full = dir.join(&rel);
    if full.is_dir() {
        full.push("index.html");
    }
    match full.canonicalize() {
        Ok(p) if p.starts_with(dir) && p.is_file() => Ok(p),
        Ok(_) => Err(403),
        Err(_) => Err(404),
    }
}

fn error_page(msg: &str) -> Vec<u8> {
    let esc = msg
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed · accordant</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}\
         pre{{white-space:pre-wrap;background:#fbe5e3;color:#5c0f0a;padding:1rem;border-radius:8px}}</style></head>\
         <body><h1>The playbook could not be built</h1><p>Fix the problem below and save: this page reloads by itself after the next build.</p>\
         <pre>{esc}</pre></body></html>"
    )
    .into_bytes()
}

/// Answers one request head.
pub fn respond(head: &str, state: &State) -> Response {
    let first = head.lines().next().unwrap_or("");
    let mut parts = first.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Response::text(400, "bad request\n");
    };
    if !version.starts_with("HTTP/1.") {
        return Response::text(400, "bad request: HTTP/1.x only\n");
    }
    if let Err(resp) = check_host(head, state.port) {
        return resp;
    }
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return Response::text(405, "only GET and HEAD\n");
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == VERSION_PATH {
        let v = state.version.load(Ordering::SeqCst);
        return Response {
            head_only,
            ..Response::text(200, &v.to_string())
        };
    }
    if path == LIVE_SCRIPT_PATH {
        return Response {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: LIVE_SCRIPT.as_bytes().to_vec(),
            head_only,
        };
    }
    let mut resp = match resolve(&state.dir, target) {
        Ok(path) => {
            let html = path.extension().is_some_and(|e| e == "html");
            let error = state
                .error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            match (html, error) {
                (true, Some(e)) => Response {
                    status: 500,
                    content_type: "text/html; charset=utf-8",
                    body: error_page(&e),
                    head_only: false,
                },
                _ => match std::fs::read(&path) {
                    Ok(body) => Response {
                        status: 200,
                        content_type: content_type(&path),
                        body,
                        head_only: false,
                    },
                    Err(_) => Response::text(404, "not found\n"),
                },
            }
        }
        Err(404) => {
            let error = state
                .error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            match (error, std::fs::read(state.dir.join("404.html"))) {
                (Some(e), _) => Response {
                    status: 500,
                    content_type: "text/html; charset=utf-8",
                    body: error_page(&e),
                    head_only: false,
                },
                (None, Ok(body)) => Response {
                    status: 404,
                    content_type: "text/html; charset=utf-8",
                    body,
                    head_only: false,
                },
                (None, Err(_)) => Response::text(404, "not found\n"),
            }
        }
        Err(code) => Response::text(code, "refused\n"),
    };
    if resp.content_type.starts_with("text/html") {
        resp.body = with_live_reload(resp.body, state.version.load(Ordering::SeqCst));
    }
    resp.head_only = head_only;
    resp
}

/// Refuses a request without exactly one `Host` header naming this server:
/// `127.0.0.1`, `localhost` or `[::1]` with its port (the port may be left out
/// only when it is 80). A page on another site that points its own name at
/// 127.0.0.1 (DNS rebinding) sends that name and gets 421.
fn check_host(head: &str, port: u16) -> Result<(), Response> {
    let mut hosts = head.lines().skip(1).filter_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim())
    });
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return Err(Response::text(
            400,
            "bad request: send exactly one Host header\n",
        ));
    };
    if is_own_host(host, port) {
        return Ok(());
    }
    let shown: String = host.chars().filter(|c| !c.is_control()).take(200).collect();
    Err(Response::text(
        421,
        &format!(
            "this server answers only for http://127.0.0.1:{port}/ or http://localhost:{port}/, not for the host `{shown}`; open one of those addresses\n"
        ),
    ))
}

/// Whether a `Host` value names 127.0.0.1:`port` (see [`check_host`]).
fn is_own_host(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let (name, rest) = match host.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, rest)) => (format!("[{addr}]"), rest.to_string()),
            None => return false,
        },
        None => match host.split_once(':') {
            Some((name, p)) => (name.to_string(), format!(":{p}")),
            None => (host.clone(), String::new()),
        },
    };
    let port_ok = match rest.strip_prefix(':') {
        Some(p) => p.parse::<u16>().is_ok_and(|p| p == port),
        None => rest.is_empty() && port == 80,
    };
    port_ok && matches!(name.as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

/// Where the live-reload script is served.
const LIVE_SCRIPT_PATH: &str = "/__accordant/live.js";

/// Polls the build counter once a second; reloads the page when it moved on
/// from the build the page came from. Quiet while the server is down.
const LIVE_SCRIPT: &str = r#"(function () {
  "use strict";
  var me = document.currentScript;
  var seen = me && me.getAttribute("data-version");
  if (!seen || !window.fetch) return;
  setInterval(function () {
    fetch("/__accordant/version", { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (v) { if (v && v.trim() !== seen) location.reload(); })
      .catch(function () {});
  }, 1000);
})();
"#;

/// An HTML page with the live-reload script added before `</body>`.
pub fn with_live_reload(mut body: Vec<u8>, version: u64) -> Vec<u8> {
    let tag =
        format!("<script src=\"{LIVE_SCRIPT_PATH}\" data-version=\"{version}\" defer></script>\n");
    let at = body
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(body.len());
    body.splice(at..at, tag.into_bytes());
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> (tempfile::TempDir, State) {
        let tmp = crate::test_tempdir();
        let dir = tmp.path().join("site");
        std::fs::create_dir_all(dir.join("teams")).unwrap();
        std::fs::write(dir.join("index.html"), "<h1>home</h1>").unwrap();
        std::fs::write(dir.join("404.html"), "<h1>missing</h1>").unwrap();
        std::fs::write(dir.join("teams/sales.html"), "sales").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let s = State::new(dir.canonicalize().unwrap(), None, 4000);
        (tmp, s)
    }

    fn get(s: &State, target: &str) -> Response {
        respond(
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n\r\n"),
            s,
        )
    }

    #[test]
    fn serves_files_and_the_404_page() {
        let (_t, s) = state();
        let r = get(&s, "/");
        assert_eq!(r.status, 200);
        assert!(r.body.starts_with(b"<h1>home</h1>"));
        assert_eq!(get(&s, "/teams/sales.html?x=1#top").status, 200);
        let r = get(&s, "/nope.html");
        assert_eq!(r.status, 404);
        assert!(r.body.starts_with(b"<h1>missing</h1>"));
        let h = respond("HEAD / HTTP/1.1\r\nHost: localhost:4000\r\n\r\n", &s).to_bytes();
        assert!(String::from_utf8_lossy(&h).ends_with("\r\n\r\n"));
    }

    #[test]
    fn pages_reload_after_a_build_but_files_on_disk_do_not_change() {
        let (_t, s) = state();
        let page = String::from_utf8(get(&s, "/index.html").body).unwrap();
        assert!(
            page.contains("<script src=\"/__accordant/live.js\" data-version=\"1\" defer>"),
            "{page}"
        );
        let on_disk = std::fs::read_to_string(s.dir.join("index.html")).unwrap();
        assert_eq!(
            on_disk, "<h1>home</h1>",
            "serve must not touch the built files"
        );
        assert_eq!(get(&s, "/__accordant/version").body, b"1");
        s.version.fetch_add(1, Ordering::SeqCst);
        assert_eq!(get(&s, "/__accordant/version").body, b"2");
        let js = get(&s, "/__accordant/live.js");
        assert!(js.content_type.starts_with("text/javascript"));
        assert!(
            String::from_utf8(js.body)
                .unwrap()
                .contains("location.reload()")
        );
        // Not HTML: served as written.
        assert_eq!(get(&s, "/teams/sales.html").status, 200);
        let body = with_live_reload(b"<p>x</p></BODY></html>".to_vec(), 7);
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "<p>x</p><script src=\"/__accordant/live.js\" data-version=\"7\" defer></script>\n</BODY></html>"
        );
    }

    #[test]
    fn the_temporary_folder_goes_when_the_guard_drops() {
        let tmp = crate::test_tempdir();
        let dir = tmp.path().join("accordant-serve-test");
        std::fs::create_dir_all(dir.join("teams")).unwrap();
        std::fs::write(dir.join("teams/a.html"), "a").unwrap();
        drop(TempOut(dir.clone()));
        assert!(!dir.exists());
        // Already gone: nothing to do, no panic.
        drop(TempOut(dir));
    }

    #[test]
    fn the_temporary_folder_is_new_and_never_one_that_existed() {
        // See: the security issue, "serve reuses a pre-existing
        // /tmp/accordant-serve-<pid> it did not create".
        let tmp = crate::test_tempdir();
        let planted = tmp
            .path()
            .join(format!("accordant-serve-{}", std::process::id()));
        std::fs::create_dir(&planted).unwrap();
        std::fs::write(planted.join("index.html"), "theirs").unwrap();
        let a = TempOut::new_in(tmp.path()).unwrap();
        let b = TempOut::new_in(tmp.path()).unwrap();
        assert_ne!(a.0, planted);
        assert_ne!(a.0, b.0);
        assert!(a.0.is_dir() && std::fs::read_dir(&a.0).unwrap().next().is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&a.0).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        drop(a);
        assert_eq!(
            std::fs::read_to_string(planted.join("index.html")).unwrap(),
            "theirs"
        );
    }

    #[test]
    fn refuses_traversal_and_bad_requests() {
        let (_t, s) = state();
        for t in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/teams/../../secret.txt",
            "/..%2fsecret.txt",
            "/%5c..%5csecret.txt",
        ] {
            let r = get(&s, t);
            assert!(matches!(r.status, 400 | 403), "{t}: {}", r.status);
            assert!(!String::from_utf8_lossy(&r.body).contains("secret"));
        }
        assert_eq!(respond("garbage\r\n\r\n", &s).status, 400);
        assert_eq!(
            respond("POST / HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n\r\n", &s).status,
            405
        );
        assert_eq!(get(&s, "no-slash").status, 400);
        assert_eq!(get(&s, "/%zz").status, 400);
    }

    #[test]
    fn only_the_servers_own_host_is_answered() {
        // See: the security issue, "serve hardening" (DNS rebinding).
        let (_t, s) = state();
        let with_host = |h: &str| respond(&format!("GET / HTTP/1.1\r\n{h}\r\n\r\n"), &s).status;
        for ok in [
            "Host: 127.0.0.1:4000",
            "host: LOCALHOST:4000",
            "Host: [::1]:4000",
        ] {
            assert_eq!(with_host(ok), 200, "{ok}");
        }
        for bad in [
            "Host: evil.example:4000",
            "Host: evil.example",
            "Host: localhost",
            "Host: 127.0.0.1:4001",
            "Host: 127.0.0.1:4000.evil.example",
            "Host: [::1]",
            "Host: localhost:4000:4000",
        ] {
            let r = respond(&format!("GET / HTTP/1.1\r\n{bad}\r\n\r\n"), &s);
            assert_eq!(r.status, 421, "{bad}");
            assert!(String::from_utf8_lossy(&r.body).contains("http://127.0.0.1:4000/"));
        }
        assert_eq!(with_host("X-Other: 1"), 400, "no Host");
        assert_eq!(
            with_host("Host: 127.0.0.1:4000\r\nHost: evil.example"),
            400,
            "two Hosts"
        );
        assert!(is_own_host("localhost", 80) && is_own_host("[::1]", 80));
    }

    #[test]
    fn a_failed_build_shows_its_error_on_pages() {
        let (_t, s) = state();
        *s.error.lock().unwrap() = Some("goals/a.yaml: <bad> theme".into());
        let r = get(&s, "/");
        assert_eq!(r.status, 500);
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("could not be built") && body.contains("&lt;bad&gt;"));
    }

    #[test]
    fn fingerprint_changes_with_files_but_not_output() {
        let tmp = crate::test_tempdir();
        let out = tmp.path().join("site");
        std::fs::create_dir(&out).unwrap();
        let out = out.canonicalize().unwrap();
        let a = fingerprint(tmp.path(), &out);
        std::fs::write(out.join("x.html"), "x").unwrap();
        assert_eq!(a, fingerprint(tmp.path(), &out));
        std::fs::write(tmp.path().join("goal.yaml"), "x").unwrap();
        assert_ne!(a, fingerprint(tmp.path(), &out));
    }
}
