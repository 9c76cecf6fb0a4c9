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

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The live-reload and error overlay script.
const LIVE_JS: &str = include_str!("live.js");

/// Where serve's internal URLs live, under the base path.
pub(super) const PREFIX: &str = "__pivotbook/";

/// What the request handlers share with the rebuild loop.
#[derive(Debug)]
pub(super) struct State {
    /// The output folder, canonical.
    pub(super) dir: PathBuf,
    /// The site's base path (`/` or `/repo/`).
    pub(super) base: RwLock<String>,
    /// The current errors, as the JSON the overlay shows.
    pub(super) errors: RwLock<String>,
    clients: Mutex<Vec<Sender<String>>>,
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

    /// Sends a server-sent event to every open page.
    pub(super) fn broadcast(&self, event: &str, data: &str) {
        let msg = format!("event: {event}\ndata: {data}\n\n");
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(msg.clone()).is_ok());
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
}

/// A header. Values are made ASCII without controls first (a request path
/// may hold anything), so building one cannot fail.
fn header(name: &str, value: &str) -> Header {
    let value = percent_encoding::utf8_percent_encode(value, percent_encoding::CONTROLS).to_string();
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(name.as_bytes(), &b""[..]).unwrap_or_else(|()| unreachable!()))
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn redirect(to: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    text(301, &format!("moved to {to}\n")).with_header(header("Location", to))
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
    let decoded = percent_encoding::percent_decode_str(rest).decode_utf8().map_err(|_| Refused::BadRequest)?;
    let bad_escape = rest
        .match_indices('%')
        .any(|(i, _)| !rest.get(i + 1..i + 3).is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())));
    if bad_escape || decoded.contains(['\\', '\0']) {
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

/// Answers one request.
pub(super) fn handle(req: Request, state: &Arc<State>) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(text(405, "only GET and HEAD\n").with_header(header("Allow", "GET, HEAD")));
        return;
    }
    let path = req.url().split(['?', '#']).next().unwrap_or("").to_string();
    let base = state.base.read().map(|b| b.clone()).unwrap_or_else(|_| "/".into());
    let Some(rest) = path.strip_prefix(base.as_str()) else {
        let response =
            if path == "/" || format!("{path}/") == base { redirect(&base) } else { not_found(state, &base) };
        let _ = req.respond(response);
        return;
    };
    match rest {
        "__pivotbook/events" => return events(req, state),
        "__pivotbook/live.js" => {
            let r = Response::from_data(LIVE_JS.as_bytes().to_vec())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = req.respond(r);
            return;
        }
        "__pivotbook/errors" => {
            let json = state.errors.read().map(|e| e.clone()).unwrap_or_default();
            let r = Response::from_data(json.into_bytes())
                .with_header(header("Content-Type", "application/json; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"));
            let _ = req.respond(r);
            return;
        }
        _ => {}
    }
    let file = match resolve(&state.dir, rest) {
        Ok(f) => f,
        Err(Refused::BadRequest) => {
            let _ = req.respond(text(400, "bad request path\n"));
            return;
        }
        Err(Refused::NotFound) => {
            let _ = req.respond(not_found(state, &base));
            return;
        }
    };
    // A folder asked for without its slash: send the browser to the slash, so relative links work.
    if file.file_name().is_some_and(|n| n == "index.html") && !path.ends_with('/') && !path.ends_with("index.html") {
        let _ = req.respond(redirect(&format!("{path}/")));
        return;
    }
    let _ = req.respond(file_response(&file, &base, 200));
}

fn file_response(file: &Path, base: &str, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    let Ok(bytes) = std::fs::read(file) else { return text(404, "not found\n") };
    let ctype = content_type(file);
    let bytes = if ctype.starts_with("text/html") { inject(&bytes, base) } else { bytes };
    Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", &ctype))
        .with_header(header("Cache-Control", "no-store"))
}

fn not_found(state: &State, base: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let page = state.dir.join("404.html");
    if page.is_file() {
        file_response(&page, base, 404)
    } else {
        text(404, "not found\n")
    }
}

/// The event stream: the current errors at once, then every event
/// broadcast, with a comment every 15 s to notice closed pages.
fn events(req: Request, state: &Arc<State>) {
    let (tx, rx) = mpsc::channel::<String>();
    let errors = state.errors.read().map(|e| e.clone()).unwrap_or_default();
    let _ = tx.send(format!("event: errors\ndata: {errors}\n\n"));
    if let Ok(mut clients) = state.clients.lock() {
        clients.push(tx);
    }
    std::thread::spawn(move || {
        let mut w = req.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        if w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
        loop {
            let msg = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
                return;
            }
        }
    });
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
        let h = header("Location", "/notes/café\r\n/");
        assert_eq!(h.value.as_str(), "/notes/caf%C3%A9%0D%0A/");
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
