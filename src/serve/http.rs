//! The HTTP side of `serve`: files of the output folder under the site's
//! base path, the live-reload event stream and script, and the errors.
//!
//! Only GET and HEAD. A request path is percent-decoded once, then split
//! into segments; `.` and `..` segments, backslashes, NUL bytes and bad
//! escapes are refused with 400, and a file whose real path (symlinks
//! resolved) lies outside the output folder is a 404, so nothing outside the
//! site can be read. HTML responses get the live-reload script before
//! `</body>`: it is added when answering, so the files on disk stay exactly
//! what `build` writes.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt as _, Full};
use hyper::body::Frame;
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::mpsc;

/// The live-reload and error overlay script.
const LIVE_JS: &str = include_str!("live.js");

/// Where serve's internal URLs live, under the base path.
pub(super) const PREFIX: &str = "__pivotbook/";

/// Events an open page may fall behind by before it is dropped (it
/// reconnects and reloads); a page that stops reading cannot hold memory.
const EVENTS_QUEUED: usize = 64;

/// A response of serve: a whole body, or the event stream.
pub(super) type Reply = Response<BoxBody<Bytes, Infallible>>;

/// What the request handlers share with the rebuild loop.
#[derive(Debug)]
pub(super) struct State {
    /// The output folder, canonical.
    pub(super) dir: PathBuf,
    /// The site's base path (`/` or `/repo/`).
    pub(super) base: RwLock<String>,
    /// The current errors, as the JSON the overlay shows.
    pub(super) errors: RwLock<String>,
    clients: Mutex<Vec<mpsc::Sender<Bytes>>>,
}

impl State {
    /// A state serving `dir` under `base`.
    pub(super) fn new(dir: &Path, base: String) -> std::io::Result<State> {
        Ok(State {
            dir: dir.canonicalize()?,
            base: RwLock::new(base),
            errors: RwLock::new("[]".into()),
            clients: Mutex::new(Vec::new()),
        })
    }

    /// Sends a server-sent event to every open page. A page whose queue is
    /// full (it stopped reading) or closed is dropped.
    pub(super) fn broadcast(&self, event: &str, data: &str) {
        let msg = Bytes::from(format!("event: {event}\ndata: {data}\n\n"));
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.try_send(msg.clone()).is_ok());
        }
    }

    /// Replaces the errors and tells open pages when they changed.
    pub(super) fn set_errors(&self, json: String) {
        let changed = match self.errors.write() {
            Ok(mut e) if *e != json => {
                *e = json.clone();
                true
            }
            _ => false,
        };
        if changed {
            self.broadcast("errors", &json);
        }
    }

    /// A new page's event stream, which starts with the current errors.
    fn subscribe(&self) -> mpsc::Receiver<Bytes> {
        let (tx, rx) = mpsc::channel(EVENTS_QUEUED);
        let errors = self.errors.read().map(|e| e.clone()).unwrap_or_default();
        let _ = tx.try_send(Bytes::from(format!("event: errors\ndata: {errors}\n\n")));
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(tx);
        }
        rx
    }
}

/// A header value. Values are made ASCII without controls first (a request
/// path may hold anything), so building one cannot fail.
fn header(value: &str) -> HeaderValue {
    let value = crate::percent::encode_header(value);
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn body(status: u16, ctype: &str, bytes: impl Into<Bytes>) -> Reply {
    let mut r = Response::new(Full::new(bytes.into()).boxed());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(CONTENT_TYPE, header(ctype));
    r.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn text(status: u16, msg: &str) -> Reply {
    body(status, "text/plain; charset=utf-8", msg.to_string())
}

/// A redirect inside the site: `to` is the base path followed by the
/// request's non-empty segments, so it never starts with `//` (which a
/// browser reads as another host).
fn redirect(base: &str, segments: &[&str], slash: bool) -> Reply {
    let mut to = base.to_string();
    to.push_str(&segments.join("/"));
    if slash && !to.ends_with('/') {
        to.push('/');
    }
    let mut r = text(301, &format!("moved to {to}\n"));
    r.headers_mut().insert(LOCATION, header(&to));
    r
}

/// Why a path cannot name a file of the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Malformed or climbing: 400.
    BadRequest,
    /// Nothing there: 404.
    NotFound,
}

/// The file a request path (after the base path) names, or why not.
pub fn resolve(dir: &Path, rest: &str) -> Result<PathBuf, Refused> {
    let decoded = crate::percent::decode_strict(rest).ok_or(Refused::BadRequest)?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refused::BadRequest);
    }
    let mut path = dir.to_path_buf();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." {
            return Err(Refused::BadRequest);
        }
        if seg.starts_with(".pivotbook-tmp-") {
            return Err(Refused::NotFound);
        }
        path.push(seg);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().map_err(|_| Refused::NotFound)?;
    if !real.starts_with(dir) || !real.is_file() {
        return Err(Refused::NotFound);
    }
    Ok(real)
}

/// The Content-Type of a file.
pub fn content_type(path: &Path) -> String {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let mime = match ext.as_str() {
        "xml" if path.file_name().is_some_and(|n| n == "atom.xml") => "application/atom+xml".to_string(),
        "" => "application/octet-stream".to_string(),
        _ => mime_guess::from_ext(&ext).first_or_octet_stream().essence_str().to_string(),
    };
    let textual =
        mime.starts_with("text/") || mime.ends_with("xml") || mime.ends_with("json") || mime.ends_with("javascript");
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

/// Adds the live-reload script to an HTML page, before its last `</body>`.
pub fn inject(html: &[u8], base: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{base}{PREFIX}live.js\" data-base=\"{base}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Answers one request. Files are read on tokio's blocking threads, so a
/// slow disk never stalls the connections the runtime drives.
pub(super) async fn handle<B>(req: Request<B>, state: Arc<State>) -> Result<Reply, Infallible> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        let mut r = text(405, "only GET and HEAD\n");
        r.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Ok(r);
    }
    let path = req.uri().path().to_string();
    let base = state.base.read().map(|b| b.clone()).unwrap_or_else(|_| "/".into());
    if path.strip_prefix(base.as_str()) == Some("__pivotbook/events") {
        return Ok(events(&state));
    }
    let reply = tokio::task::spawn_blocking(move || answer(&path, &base, &state)).await;
    Ok(reply.unwrap_or_else(|_| text(500, "internal error\n")))
}

/// The response to a GET of `path` (without its query).
fn answer(path: &str, base: &str, state: &State) -> Reply {
    let Some(rest) = path.strip_prefix(base) else {
        return if path == "/" || format!("{path}/") == base {
            redirect(base, &[], false)
        } else {
            not_found(state, base)
        };
    };
    match rest {
        "__pivotbook/live.js" => return body(200, "text/javascript; charset=utf-8", LIVE_JS),
        "__pivotbook/errors" => {
            let json = state.errors.read().map(|e| e.clone()).unwrap_or_default();
            return body(200, "application/json; charset=utf-8", json);
        }
        _ => {}
    }
    let file = match resolve(&state.dir, rest) {
        Ok(f) => f,
        Err(Refused::BadRequest) => return text(400, "bad request path\n"),
        Err(Refused::NotFound) => return not_found(state, base),
    };
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    // A folder asked for without its slash goes to the slash, so relative
    // links work; repeated slashes go to the one URL of the file.
    let folder = file.file_name().is_some_and(|n| n == "index.html") && !path.ends_with("index.html");
    if path.contains("//") || (folder && !path.ends_with('/')) {
        return redirect(base, &segments, folder);
    }
    file_response(&file, base, 200)
}

fn file_response(file: &Path, base: &str, status: u16) -> Reply {
    let Ok(bytes) = std::fs::read(file) else { return text(404, "not found\n") };
    let ctype = content_type(file);
    let bytes = if ctype.starts_with("text/html") { inject(&bytes, base) } else { bytes };
    body(status, &ctype, bytes)
}

fn not_found(state: &State, base: &str) -> Reply {
    let page = state.dir.join("404.html");
    if page.is_file() {
        file_response(&page, base, 404)
    } else {
        text(404, "not found\n")
    }
}

/// The event stream: the current errors at once, then every event
/// broadcast, with a comment every 15 s to notice closed pages.
fn events(state: &State) -> Reply {
    let stream =
        EventStream { rx: state.subscribe(), ping: tokio::time::interval_at(tokio::time::Instant::now() + PING, PING) };
    let mut r = Response::new(stream.boxed());
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    r.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// How often an idle event stream gets a comment.
const PING: Duration = Duration::from_secs(15);

/// The body of the event stream: broadcast events as they come, and a
/// comment on every tick. It ends when the rebuild loop drops the page.
struct EventStream {
    rx: mpsc::Receiver<Bytes>,
    ping: tokio::time::Interval,
}

impl hyper::body::Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(msg)) => return Poll::Ready(Some(Ok(Frame::data(msg)))),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        match self.ping.poll_tick(cx) {
            Poll::Ready(_) => Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b": ping\n\n"))))),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal_and_bad_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(d.join("a")).unwrap();
        std::fs::write(d.join("a/index.html"), "x").unwrap();
        std::fs::write(d.join("a/b c.png"), "x").unwrap();
        assert_eq!(resolve(&d, "a/"), Ok(d.join("a/index.html")));
        assert_eq!(resolve(&d, "a/b%20c.png"), Ok(d.join("a/b c.png")));
        for bad in ["../x", "a/../../x", "%2e%2e/x", "a%2f..%2f..%2fx", "a\\..\\x", "%zz", "%", "a%00", "%c0%ae"] {
            assert_eq!(resolve(&d, bad), Err(Refused::BadRequest), "{bad}");
        }
        assert_eq!(resolve(&d, "missing"), Err(Refused::NotFound));
        assert_eq!(resolve(&d, "%252e%252e/x"), Err(Refused::NotFound));
    }

    #[test]
    fn headers_from_any_path_are_ascii() {
        let h = header("/notes/café\r\n/");
        assert_eq!(h.to_str().unwrap(), "/notes/caf%C3%A9%0D%0A/");
    }

    #[test]
    fn content_types_and_injection() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("style.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("atom.xml")), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type(Path::new("x.png")), "image/png");
        assert_eq!(content_type(Path::new(".nojekyll")), "application/octet-stream");
        let html = inject(b"<html><body>x</body></html>", "/repo/");
        assert!(String::from_utf8(html).unwrap().ends_with("defer></script></body></html>"));
    }
}
