//! The connections of `serve`: a tokio runtime of its own (one thread, plus
//! blocking threads for reading files) that accepts connections and drives
//! them with hyper's HTTP/1, within bounds no client can push it past.
//!
//! - At most [`max_connections`] connections are open at once; beyond that,
//!   new ones wait in the kernel's backlog until one closes. The bound stays
//!   well under the descriptor limit, so the output files can still be opened.
//! - A request head (request line and headers) must arrive whole within
//!   [`HEADER_TIMEOUT`], counted from the connection's opening or the end of
//!   its previous response, so idle and trickling connections are closed.
//! - A request head larger than [`MAX_HEAD`] is answered 431 and closed: a
//!   connection's read buffer never grows past it.
//! - A connection that makes no progress, reading or writing, for
//!   [`STALL_TIMEOUT`] is closed (a client that stops reading a response).
//!   The event stream writes a comment every 15 s, so open pages stay.
//! - Accepting never stops for good: an error (out of descriptors, say) is
//!   printed once until a connection is accepted again, and retried after a
//!   pause.
//!
//! It does not know what a request means: `serve/http` answers.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{oneshot, Semaphore};

use super::http::{self, State};

/// How long a client has to send a whole request head.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest request head (request line and headers) read, in bytes.
pub const MAX_HEAD: usize = 32 * 1024;

/// How long a connection may make no progress at all.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(60);

/// The listening socket's backlog (the kernel caps it at `somaxconn`).
const BACKLOG: libc::c_int = 1024;

/// Descriptors kept free for everything else serve opens.
const RESERVED_FDS: u64 = 256;

/// The most connections open at once: 4,096, or fewer when the descriptor
/// limit is low (with 32 KiB heads, at most 128 MiB of buffers).
pub fn max_connections() -> usize {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit(2) writes into the struct we own.
    let soft = if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0 { lim.rlim_cur } else { 1024 };
    soft.saturating_sub(RESERVED_FDS).clamp(16, 4096) as usize
}

/// The running server: stops when dropped.
pub(super) struct Listener {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Listener {
    /// Serves `state` on `listener` from a thread of its own.
    pub(super) fn start(listener: std::net::TcpListener, state: Arc<State>) -> Result<Listener> {
        listener.set_nonblocking(true).context("cannot set up the listening socket")?;
        // A longer queue of connections not yet accepted than std's 128, so a
        // burst waits for the accept loop instead of retrying its SYN after 1 s.
        // SAFETY: listen(2) on a socket we own, already listening: Linux and
        // the BSDs only change its backlog.
        unsafe { libc::listen(std::os::fd::AsRawFd::as_raw_fd(&listener), BACKLOG) };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .max_blocking_threads(8)
            .build()
            .context("cannot start the HTTP runtime")?;
        let listener = {
            let _guard = rt.enter();
            tokio::net::TcpListener::from_std(listener).context("cannot set up the listening socket")?
        };
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("http".into())
            .spawn(move || {
                rt.block_on(accept(listener, state, stopped));
                // Connections still open (event streams) are dropped with the runtime.
                rt.shutdown_timeout(Duration::from_secs(1));
            })
            .context("cannot start the HTTP thread")?;
        Ok(Listener { stop: Some(stop), thread: Some(thread) })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Accepts connections until `stopped`, each holding a permit.
async fn accept(listener: tokio::net::TcpListener, state: Arc<State>, mut stopped: oneshot::Receiver<()>) {
    let permits = Arc::new(Semaphore::new(max_connections()));
    let mut warned = false;
    loop {
        let permit = tokio::select! {
            _ = &mut stopped => return,
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
        };
        let stream = tokio::select! {
            _ = &mut stopped => return,
            s = listener.accept() => s,
        };
        let stream = match stream {
            Ok((s, _)) => {
                warned = false;
                s
            }
            Err(e) => {
                // Out of descriptors, or a connection reset before it was
                // accepted: try again shortly rather than give up.
                if !warned && e.raw_os_error() != Some(libc::ECONNABORTED) {
                    eprintln!("warning: cannot accept a connection: {e}");
                    warned = true;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let state = state.clone();
        tokio::spawn(async move {
            connection(stream, state).await;
            drop(permit);
        });
    }
}

/// Drives one connection until it ends, times out or stalls.
async fn connection(stream: TcpStream, state: Arc<State>) {
    let _ = stream.set_nodelay(true);
    let progress = Arc::new(Progress::new());
    let io = TokioIo::new(Watched { inner: stream, progress: progress.clone() });
    let service = service_fn(move |req| http::handle(req, state.clone()));
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_header_size(MAX_HEAD)
        .max_buf_size(MAX_HEAD)
        .serve_connection(io, service);
    tokio::pin!(conn);
    loop {
        let deadline = tokio::time::Instant::from_std(progress.last() + STALL_TIMEOUT);
        tokio::select! {
            _ = &mut conn => return,
            _ = tokio::time::sleep_until(deadline) => {
                if progress.last().elapsed() >= STALL_TIMEOUT {
                    return;
                }
            }
        }
    }
}

/// When a connection last read or wrote something.
struct Progress {
    start: Instant,
    /// Milliseconds since `start`.
    last: AtomicU64,
}

impl Progress {
    fn new() -> Progress {
        Progress { start: Instant::now(), last: AtomicU64::new(0) }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

/// A socket that notes every read or write that moved bytes.
struct Watched {
    inner: TcpStream,
    progress: Arc<Progress>,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.progress.touch();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.progress.touch();
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.progress.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
