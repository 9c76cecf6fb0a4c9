//! `pivotbook serve`: builds the site into its own folder, serves it over
//! HTTP under the base path, and on every change rebuilds what the change
//! touches (`incremental`) and reloads the open pages.
//!
//! Three threads: the HTTP server (`serve/listen`, a tokio runtime driving
//! hyper within bounds, answering through `serve/http`), the watcher's
//! debouncer (`serve/watch`) and this loop, which owns the session and the
//! output folder and receives batches of changed paths and Ctrl-C over one
//! channel. Diagnostics go to the terminal and, as JSON with the same text,
//! to the pages' error overlay. When the site cannot be loaded at all (the
//! content folder is gone) the overlay says so and the next change loads it
//! again, watching the content folder anew. Ctrl-C stops the server and the
//! watcher and removes the temporary output folder.

mod http;
mod listen;
mod watch;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use crate::build;
use crate::diag::{self, Diagnostic, Diagnostics, Format, Severity, Span};
use crate::incremental::{self, GraphFiles, Session, Step, Written};
use crate::write::Live;

pub use http::{content_type, inject, resolve, Refused};
pub use listen::{max_connections, HEADER_TIMEOUT, MAX_HEAD, STALL_TIMEOUT};
pub use watch::DEBOUNCE;

/// How long the loop waits, quiet after an update, before it hands the
/// memory the update freed back to the system.
pub const QUIET: Duration = Duration::from_millis(250);

/// Returns the memory freed since the last call to the system now, at once.
///
/// mimalloc (the binary's allocator) hands freed memory back a second after
/// it is freed, but only when it next allocates: left to it, the first edit
/// after start-up spent 10–20 ms of its 34 ms handing back what start-up
/// had freed (`perf`: `mi_arena_purge` → `madvise` → `unmap_page_range`).
/// The loop calls this when it is idle instead. With another allocator (the
/// tests') it does nothing of note: mimalloc then holds no memory.
fn release_freed_memory() {
    // SAFETY: `mi_collect` has no preconditions; it only walks and trims
    // mimalloc's own structures, from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// What `serve` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// Root, overrides and drafts, as for `build`.
    pub build: build::Options,
    /// The output folder (default: a temporary one).
    pub out: Option<PathBuf>,
    /// Address to listen on.
    pub bind: IpAddr,
    /// First port to try (0: any).
    pub port: u16,
    /// Open a browser.
    pub open: bool,
    /// Print the time of each step of every update.
    pub timings: bool,
}

/// Binds `port`, or the next free one of the following 100.
fn bind(addr: IpAddr, port: u16) -> Result<TcpListener> {
    let last = if port == 0 { 0 } else { port.saturating_add(100) };
    let mut err = None;
    for p in port..=last {
        match TcpListener::bind(SocketAddr::new(addr, p)) {
            Ok(l) => return Ok(l),
            Err(e) => err = Some(e),
        }
    }
    let e = err.map_or_else(|| "no port to try".to_string(), |e| e.to_string());
    anyhow::bail!("cannot listen on {addr} from port {port}: {e}")
}

/// The errors as the overlay's JSON: position, code, message, help and the
/// text the terminal prints.
fn errors_json(diags: &Diagnostics, root: &Path) -> String {
    let mut lookup = diag::file_sources(root);
    let list: Vec<serde_json::Value> = diags
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            serde_json::json!({
                "code": d.code,
                "file": d.span.path.to_string_lossy(),
                "line": d.span.line,
                "col": d.span.col,
                "message": d.message,
                "help": d.help,
                "text": diag::render(d, Format::Human, false, &mut lookup),
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

fn print(diags: &Diagnostics, root: &Path, warnings: bool) {
    let color = std::env::var_os("NO_COLOR").is_none() && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut lookup = diag::file_sources(root);
    let mut err = std::io::stderr().lock();
    for d in diags.items().iter().filter(|d| warnings || d.severity == Severity::Error) {
        let _ = writeln!(err, "{}", diag::render(d, Format::Human, color, &mut lookup));
    }
}

/// The loop's state.
struct Server {
    opts: build::Options,
    timings: bool,
    session: Option<Session>,
    out: Live,
    state: Arc<http::State>,
    /// Where the graph thread says it is done.
    tx: mpsc::Sender<watch::Msg>,
    /// The content folder, watched.
    content: PathBuf,
    watcher: watch::Watcher,
    /// The last load failed (say, the content folder was moved away): the
    /// content folder is watched again before the next load.
    rewatch: bool,
    /// The files the current errors are in, so that deleting one (which the
    /// session may not know as a page) loads the site again.
    error_files: Vec<PathBuf>,
    /// The link graph being laid out, if any.
    graph_thread: Option<std::thread::JoinHandle<GraphFiles>>,
    /// The graph changed again while a layout was running.
    graph_again: bool,
}

impl Server {
    /// Starts laying out the link graph if it changed (one layout at a time;
    /// a change during one starts another when it ends).
    fn start_graph(&mut self) {
        if self.graph_thread.is_some() {
            self.graph_again = true;
            return;
        }
        let Some(job) = self.session.as_mut().and_then(|s| s.graph_job()) else { return };
        let tx = self.tx.clone();
        self.graph_thread = Some(std::thread::spawn(move || {
            let files = job.run();
            let _ = tx.send(watch::Msg::GraphReady);
            files
        }));
    }

    /// Writes the finished layout, then starts the next if the graph changed meanwhile.
    fn graph_ready(&mut self) {
        let Some(handle) = self.graph_thread.take() else { return };
        let start = Instant::now();
        let Ok(files) = handle.join() else {
            eprintln!("error: the graph layout stopped unexpectedly");
            return;
        };
        if let Some(session) = &mut self.session {
            match session.write_graph(&mut self.out, files) {
                Ok(w) if !w.changed.is_empty() => {
                    let ms = start.elapsed().as_secs_f64() * 1000.0;
                    eprintln!("link graph: {} files changed in {ms:.0} ms", w.changed.len());
                    self.state.broadcast("graph", &serde_json::to_string(&w.changed).unwrap_or_default());
                }
                Ok(_) => {}
                Err(e) => eprintln!("error: {e:#}"),
            }
        }
        if std::mem::take(&mut self.graph_again) {
            self.start_graph();
        }
    }

    /// Finishes the graph work in flight, so the folder is settled on exit.
    fn settle_graph(&mut self) {
        while self.graph_thread.is_some() {
            self.graph_ready();
        }
    }

    /// Loads the whole site again and writes it.
    fn reload(&mut self, start: Instant, why: &str) {
        // A layout of the old session is of no use now.
        if let Some(h) = self.graph_thread.take() {
            let _ = h.join();
        }
        self.graph_again = false;
        self.session = None;
        // Watch before loading, so no file added meanwhile is missed.
        if self.rewatch && self.content.is_dir() {
            self.watch_content();
        }
        let diags = match incremental::load(&self.opts) {
            Ok((session, diags)) => {
                self.session = session;
                diags
            }
            Err(e) => return self.cannot_load(&e),
        };
        let result = match &mut self.session {
            Some(s) => {
                if let Ok(mut b) = self.state.base.write() {
                    b.clone_from(&s.site().base_path);
                }
                if s.site().content_dir != self.content {
                    // The config names another content folder.
                    self.content.clone_from(&s.site().content_dir);
                    self.rewatch = true;
                }
                s.write_all(&mut self.out)
            }
            None => Ok(Written::default()),
        };
        if self.rewatch && self.content.is_dir() {
            self.watch_content();
        }
        self.finish(result, &diags, start, why, true);
    }

    fn watch_content(&mut self) {
        match self.watcher.rewatch(&self.content) {
            Ok(()) => self.rewatch = false,
            Err(e) => eprintln!("warning: {e:#}"),
        }
    }

    /// The site cannot be loaded at all (no content folder): the terminal and
    /// the overlay say why, the last good site stays served, and the next
    /// change (the folder coming back) loads it again.
    fn cannot_load(&mut self, e: &anyhow::Error) {
        self.rewatch = true;
        let rel = self.content.strip_prefix(&self.opts.root).unwrap_or(&self.content).to_path_buf();
        let d = if self.content.is_dir() {
            Diagnostic::error("cannot-load", Span::file(crate::config::CONFIG_FILE), format!("{e:#}"))
        } else {
            Diagnostic::error(
                "missing-content",
                Span::file(&rel),
                format!("the content folder `{}` does not exist", rel.display()),
            )
            .with_help("move it back or create it: the site is built again when it is there")
        };
        let mut diags = Diagnostics::new();
        diags.push(d);
        print(&diags, &self.opts.root, false);
        eprintln!("the last good site is still served");
        self.set_errors(&diags);
    }

    /// Shows `diags`' errors in the overlay and remembers their files.
    fn set_errors(&mut self, diags: &Diagnostics) {
        let root = &self.opts.root;
        self.error_files =
            diags.items().iter().filter(|d| d.severity == Severity::Error).map(|d| root.join(&d.span.path)).collect();
        self.state.set_errors(errors_json(diags, root));
    }

    fn finish(&mut self, result: Result<Written>, diags: &Diagnostics, start: Instant, why: &str, warnings: bool) {
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        print(diags, &self.opts.root, warnings);
        let (e, w) = (diags.error_count(), diags.warning_count());
        match result {
            Err(e) => eprintln!("error: {e:#}"),
            Ok(written) if written.written => {
                eprintln!(
                    "{why}: {} files rendered, {} changed in {ms:.0} ms; {e} errors, {w} warnings",
                    written.rendered,
                    written.changed.len()
                );
                if !written.changed.is_empty() {
                    let json = serde_json::to_string(&written.changed).unwrap_or_default();
                    self.set_errors(diags);
                    self.state.broadcast("reload", &json);
                }
            }
            Ok(_) => eprintln!("{why}: {e} errors, {w} warnings; the last good site is still served"),
        }
        self.set_errors(diags);
    }

    fn changed(&mut self, paths: &[PathBuf]) {
        let start = Instant::now();
        let Some(session) = &mut self.session else {
            return self.reload(start, "rebuilt");
        };
        match session.apply(paths, &mut self.out) {
            // A file with errors that the session does not know as a page
            // (not UTF-8, say) was deleted or changed: load it all again.
            Ok(Step::Unchanged) if paths.iter().any(|p| self.error_files.iter().any(|f| f.starts_with(p))) => {
                self.reload(start, "a file with errors changed");
            }
            Ok(Step::Unchanged) => {}
            Ok(Step::Full(why)) => self.reload(start, why),
            Ok(Step::Updated(w)) => {
                let diags = session.diagnostics();
                if self.timings {
                    for (step, d) in session.timings() {
                        eprintln!("  {step:<36} {:>8.1} ms", d.as_secs_f64() * 1000.0);
                    }
                }
                self.finish(Ok(w), &diags, start, "updated", false);
                self.start_graph();
            }
            Err(e) => eprintln!("error: {e:#}"),
        }
    }
}

/// Runs `serve` until Ctrl-C.
pub fn run(opts: &Options) -> Result<()> {
    let mut bopts = opts.build.clone();
    bopts.root = std::path::absolute(&bopts.root).context("cannot find the site root")?;
    let start = Instant::now();
    let (session, diags) = incremental::load(&bopts)?;
    let content = session.as_ref().map_or_else(|| bopts.root.join("content"), |s| s.site().content_dir.clone());
    let out = Live::new(opts.out.as_deref(), &bopts.root, &content)?;
    let base = session.as_ref().map_or_else(|| "/".to_string(), |s| s.site().base_path.clone());
    let state = Arc::new(http::State::new(out.dir(), base.clone()).context("cannot open the output folder")?);
    // Watch before writing, so no edit made once the site is up is missed.
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(watch::Msg::Stop);
    })
    .context("cannot handle Ctrl-C")?;
    let watcher = watch::start(&bopts.root, &content, tx.clone())?;
    let mut server = Server {
        opts: bopts,
        timings: opts.timings,
        session,
        out,
        state: state.clone(),
        content,
        watcher,
        rewatch: false,
        error_files: Vec::new(),
        tx: tx.clone(),
        graph_thread: None,
        graph_again: false,
    };
    let result = match &mut server.session {
        Some(s) => s.write_all(&mut server.out),
        None => Ok(Written::default()),
    };
    server.finish(result, &diags, start, "built", true);
    server.out.set_live();

    let listener = bind(opts.bind, opts.port)?;
    let addr = listener.local_addr()?;
    if !opts.bind.is_loopback() {
        eprintln!("warning: listening on {addr}: anyone who can reach this address can read the site");
    }
    let host = if opts.bind.is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}{base}", addr.port());
    println!("serving {} at {url}", server.out.dir().display());
    println!("press Ctrl-C to stop");
    let _ = std::io::stdout().flush();
    let http = listen::Listener::start(listener, state.clone())?;
    if opts.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    // Memory was freed (start-up, an update, a layout) and not yet handed back.
    let mut freed = true;
    loop {
        // With nothing to hand back, wait for the next message however long it takes.
        let msg = match rx.recv_timeout(if freed { QUIET } else { Duration::MAX }) {
            Ok(msg) => msg,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                release_freed_memory();
                freed = false;
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        freed = true;
        let mut paths = match msg {
            watch::Msg::Stop => break,
            watch::Msg::GraphReady => {
                server.graph_ready();
                continue;
            }
            watch::Msg::Paths(p) => p,
        };
        let mut stop = false;
        while let Ok(more) = rx.try_recv() {
            match more {
                watch::Msg::Stop => stop = true,
                watch::Msg::GraphReady => server.graph_ready(),
                watch::Msg::Paths(p) => paths.extend(p),
            }
        }
        if stop {
            break;
        }
        paths.sort();
        paths.dedup();
        server.changed(&paths);
    }
    server.settle_graph();
    drop(server.watcher);
    drop(http);
    eprintln!("stopped");
    Ok(())
}
