//! `pivotbook serve`: a real server on a free port, fetched over TCP. Each
//! test stops its server (Ctrl-C, i.e. SIGINT) when it ends, even on failure.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::{assert_same_files, SiteTest};

const WAIT: Duration = Duration::from_secs(60);

/// A running `pivotbook serve`.
struct Serve {
    child: Child,
    /// `127.0.0.1:port`.
    addr: String,
    /// The output folder it reported.
    out: PathBuf,
    /// What it printed on stderr.
    log: Log,
}

impl Serve {
    fn start(root: &Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pivotbook"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Log::default();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.push(&line);
            }
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut serve = Serve { child, addr: String::new(), out: PathBuf::new(), log };
        let line = rx.recv_timeout(WAIT).expect("serve printed where it serves");
        let rest = line.strip_prefix("serving ").expect(&line);
        let (dir, url) = rest.rsplit_once(" at ").expect(&line);
        serve.out = PathBuf::from(dir);
        serve.addr = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
        serve
    }

    /// Sends the raw request path; returns status, headers (lower-cased) and body.
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
        let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head, raw[split + 4..].to_vec())
    }

    fn page(&self, path: &str) -> String {
        let (status, _, body) = self.get(path);
        assert_eq!(status, 200, "{path}");
        String::from_utf8(body).unwrap()
    }

    /// Opens the event stream; events arrive as (name, data).
    fn events(&self, base: &str) -> Receiver<(String, String)> {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(s, "GET {base}__pivotbook/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    if tx.send((std::mem::take(&mut event), d.to_string())).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }

    /// Sends Ctrl-C and waits for a clean exit.
    fn stop(&mut self) -> std::process::ExitStatus {
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                panic!("serve did not stop on Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            // SAFETY: kill(2) on our own child's pid.
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
            // Give it time to remove its temporary folder before forcing it.
            let start = Instant::now();
            while self.child.try_wait().ok().flatten().is_none() && start.elapsed() < Duration::from_secs(10) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What serve printed on stderr, line by line, with a way to wait for a line.
#[derive(Clone, Default)]
struct Log(std::sync::Arc<(std::sync::Mutex<String>, std::sync::Condvar)>);

impl Log {
    fn push(&self, line: &str) {
        let mut text = self.0 .0.lock().unwrap();
        text.push_str(line);
        text.push('\n');
        self.0 .1.notify_all();
    }

    fn text(&self) -> String {
        self.0 .0.lock().unwrap().clone()
    }

    /// Blocks until the log holds `needle`; false if `wait` passed first.
    fn wait_for(&self, needle: &str, wait: Duration) -> bool {
        let text = self.0 .0.lock().unwrap();
        let (text, _) = self.0 .1.wait_timeout_while(text, wait, |t| !t.contains(needle)).unwrap();
        text.contains(needle)
    }
}

/// Waits for an event `name` whose data satisfies `ok`.
fn wait_for(s: &Serve, rx: &Receiver<(String, String)>, name: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + WAIT;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((e, data)) if e == name && ok(&data) => return data,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no `{name}` event came; serve printed:\n{}", s.log.text());
}

const SITE: &str = r#"
//- pivotbook.yaml
title: Test
base_url: https://example.org/kb/
//- content/_index.md
Welcome: [[acme]], [[deals/acme-loan]], [[topics/loans]], [[notes/n]].
//- content/companies/acme.md
---
name: Acme Corp
short_name: Acme
category: miner
summary: "A miner."
topics: [loans]
sources:
  - {url: "https://example.org/acme", title: "Acme"}
---
Acme mines. Original text.
//- content/deals/acme-loan.md
---
title: Acme borrows
date: 2025-01-02
kinds: [financing]
parties:
  - {company: acme, role: borrower}
amounts:
  - {kind: financing, amount: "US$100M"}
topics: [loans]
---
[[acme]] borrowed.
//- content/topics/loans.md
---
title: Loans
description: "Loans."
---
About loans.
//- content/notes/n.md
---
title: A note
date: 2025-02-03
---
A note about [[acme]].
//- content/notes/chart.png
not really a png
"#;

#[test]
fn serves_under_the_base_path_with_types_reload_script_and_404() {
    let t = SiteTest::from_str(SITE);
    t.write("content/notes/café.md", "---\ntitle: Café\n---\nA café.\n");
    let s = Serve::start(t.root(), &[]);
    let (status, head, body) = s.get("/kb/companies/acme/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("Original text"));
    assert!(html.contains(r#"<script src="/kb/__pivotbook/live.js" data-base="/kb/" defer></script></body>"#));
    // The files on disk are the build's: the script is added when answering.
    let on_disk = std::fs::read_to_string(s.out.join("companies/acme/index.html")).unwrap();
    assert!(!on_disk.contains("__pivotbook"));
    assert_eq!(s.get("/").0, 301);
    let (status, head, _) = s.get("/kb");
    assert!(status == 301 && head.contains("location: /kb/"), "{head}");
    let (status, head, _) = s.get("/kb/companies");
    assert!(status == 301 && head.contains("location: /kb/companies/"), "{head}");
    for (path, ctype) in [
        ("/kb/style.css", "text/css; charset=utf-8"),
        ("/kb/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/kb/sitemap.xml", "text/xml; charset=utf-8"),
        ("/kb/robots.txt", "text/plain; charset=utf-8"),
        ("/kb/notes/chart.png", "image/png"),
        ("/kb/__pivotbook/live.js", "text/javascript; charset=utf-8"),
        ("/kb/companies/acme/index.html?x=1", "text/html; charset=utf-8"),
    ] {
        let (status, head, _) = s.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains(&format!("content-type: {ctype}")), "{path}: {head}");
    }
    let (status, _, body) = s.get("/kb/no/such/page/");
    assert_eq!(status, 404);
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("<title") && body.contains("__pivotbook/live.js"), "the site's 404 page: {body}");
    assert_eq!(s.get("/companies/acme/").0, 404, "outside the base path");
    // A folder whose name is not ASCII, asked for without its slash.
    let (status, head, _) = s.get("/kb/notes/caf%C3%A9");
    assert!(status == 301 && head.contains("location: /kb/notes/caf%c3%a9/"), "{head}");
    assert!(s.page("/kb/notes/caf%C3%A9/").contains("A café."));
}

#[test]
fn refuses_path_traversal() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    let secret = t.root().join("secret.txt");
    std::fs::write(&secret, "secret").unwrap();
    for path in [
        "/kb/../secret.txt",
        "/kb/companies/../../secret.txt",
        "/kb/%2e%2e/secret.txt",
        "/kb/%2E%2E%2Fsecret.txt",
        "/kb/companies%2f..%2f..%2fsecret.txt",
        "/kb/..%5csecret.txt",
        "/kb/..\\secret.txt",
        "/kb/%c0%ae%c0%ae/secret.txt",
        "/kb/a%00.html",
        "/kb/%zz",
    ] {
        let (status, _, body) = s.get(path);
        assert_eq!(status, 400, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("secret"), "{path}");
    }
    for path in ["/../secret.txt", "/kb/%252e%252e/secret.txt", "/kb/.pivotbook-tmp-x"] {
        assert_eq!(s.get(path).0, 404, "{path}");
    }
    // Symbolic links out of the output folder are not followed.
    std::os::unix::fs::symlink(&secret, s.out.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(t.root(), s.out.join("root")).unwrap();
    assert_eq!(s.get("/kb/link.txt").0, 404);
    assert_eq!(s.get("/kb/root/secret.txt").0, 404);
    let _ = std::fs::remove_file(s.out.join("link.txt"));
    let _ = std::fs::remove_file(s.out.join("root"));
}

#[test]
fn an_edit_reloads_and_an_error_shows_the_overlay_until_fixed() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    let events = s.events("/kb/");
    assert_eq!(wait_for(&s, &events, "errors", |_| true), "[]");
    let company = t.root().join("content/companies/acme.md");
    let text = std::fs::read_to_string(&company).unwrap();
    std::fs::write(&company, text.replace("Original text", "Edited text")).unwrap();
    wait_for(&s, &events, "reload", |d| d.contains("companies/acme/index.html"));
    assert!(s.page("/kb/companies/acme/").contains("Edited text"));
    // A broken field: the overlay gets file, line and message; the last good page stays.
    std::fs::write(&company, text.replace("category: miner", "category: bogus").replace("Original", "Broken")).unwrap();
    let errors = wait_for(&s, &events, "errors", |d| d != "[]");
    let list: serde_json::Value = serde_json::from_str(&errors).unwrap();
    let first = &list[0];
    assert_eq!(first["file"], "content/companies/acme.md", "{errors}");
    assert_eq!(first["line"], 4, "{errors}");
    assert!(first["message"].as_str().unwrap().contains("bogus"), "{errors}");
    assert!(first["text"].as_str().unwrap().contains("--> content/companies/acme.md:4:"), "{errors}");
    let (_, _, json) = s.get("/kb/__pivotbook/errors");
    assert_eq!(String::from_utf8(json).unwrap(), errors);
    assert!(s.page("/kb/companies/acme/").contains("Edited text"), "the last good page is still served");
    // Fixed: the overlay clears and the page updates.
    std::fs::write(&company, text.replace("Original text", "Fixed text")).unwrap();
    wait_for(&s, &events, "errors", |d| d == "[]");
    wait_for(&s, &events, "reload", |d| d.contains("companies/acme/index.html"));
    assert!(s.page("/kb/companies/acme/").contains("Fixed text"));
}

#[test]
fn adding_and_removing_a_page_rebuilds_the_site() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    let events = s.events("/kb/");
    wait_for(&s, &events, "errors", |_| true);
    t.write("content/notes/added.md", "---\ntitle: Added note\n---\nAbout [[acme]].\n");
    wait_for(&s, &events, "reload", |d| d.contains("notes/added/index.html"));
    assert!(s.page("/kb/notes/added/").contains("Added note"));
    assert!(s.page("/kb/companies/acme/").contains("/kb/notes/added/"), "the new backlink");
    std::fs::remove_file(t.root().join("content/notes/added.md")).unwrap();
    wait_for(&s, &events, "reload", |d| d.contains("notes/added/index.html"));
    assert_eq!(s.get("/kb/notes/added/").0, 404);
    assert!(!s.out.join("notes/added").exists(), "the removed page's folder is deleted");
    assert!(!s.page("/kb/companies/acme/").contains("/kb/notes/added/"));
}

#[test]
fn ctrl_c_exits_cleanly_and_removes_the_temporary_folder() {
    let t = SiteTest::from_str(SITE);
    let mut s = Serve::start(t.root(), &[]);
    assert!(s.out.join("index.html").is_file());
    let status = s.stop();
    assert!(status.success(), "{status:?}");
    assert!(!s.out.exists(), "{} was left behind", s.out.display());
}

/// Edits of each kind, then the serve folder must equal a clean build:
/// pages, indexes, feeds, tags, exports, the search index and static files.
#[test]
fn settled_output_is_byte_identical_to_a_clean_build() {
    let mut t = SiteTest::from_fixture("site/kb");
    let out = t.root().join("served");
    let mut s = Serve::start(t.root(), &["--out", out.to_str().unwrap()]);
    let events = s.events("/");
    wait_for(&s, &events, "errors", |_| true);
    let edit = |rel: &str, from: &str, to: &str, event: &str| {
        let p = t.root().join("content").join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} lacks {from}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        wait_for(&s, &events, event, |d| d != "[]");
    };
    // Body text; a company's name and short name (shown on deals and other companies' rows);
    // links added, one to a heading that does not exist yet (an error until the heading is
    // added); a deal amount; an alias another page's link then resolves to.
    edit("notes/hosting-versus-cloud.md", "\n## ", "\nA new paragraph about hosting.\n\n## ", "reload");
    let names = ("name: IREN Limited\nshort_name: IREN\n", "name: IREN Holdings\nshort_name: IREN Co\n");
    edit("companies/iren.md", names.0, names.1, "reload");
    let link = "\nCompare [[coreweave]], [[Childress Co]] and [[hosting-versus-cloud#a-new-heading]].\n\n## ";
    edit("notes/convertible-debt-wave.md", "\n## ", link, "errors");
    edit("notes/hosting-versus-cloud.md", "A new paragraph", "## A new heading\n\nA new paragraph", "errors");
    edit(
        "companies/iren.md",
        "aliases: [Iris Energy, IREN Ltd]",
        "aliases: [Iris Energy, IREN Ltd, Childress Co]",
        "reload",
    );
    edit("deals/iren-gpu-financing-2026.md", "amount: \"US$3.65B\"", "amount: \"US$3.75B\"", "reload");
    // A note's title (the notes index, the pages it links to) and its topics (topic counts).
    edit("notes/hosting-versus-cloud.md", "title: \"", "title: \"Renamed ", "reload");
    // The small graphs name it: they are written again in the background.
    wait_for(&s, &events, "graph", |d| d.contains("graph/n/"));
    edit("notes/hosting-versus-cloud.md", "topics: [", "topics: [convertible-notes, ", "reload");
    // A dated note's body now links a company: that company's feed lists it.
    edit("notes/convertible-debt-wave.md", "\n## ", "\nSee also [[hut-8]].\n\n## ", "reload");
    // An inline tag (a new tag page) and a mermaid diagram (its script is written).
    edit("notes/hosting-versus-cloud.md", "A new paragraph", "A #fresh-tag paragraph", "reload");
    let diagram = "```mermaid\ngraph TD; Miner-->Cloud\n```\n\nA #fresh-tag";
    edit("notes/hosting-versus-cloud.md", "A #fresh-tag", diagram, "reload");
    // An embedded section, then an edit inside it: the embedding page shows the change.
    edit("notes/convertible-debt-wave.md", "\n## ", "\n![[hosting-versus-cloud#A new heading]]\n\n## ", "reload");
    edit("notes/hosting-versus-cloud.md", "A #fresh-tag paragraph about", "A #fresh-tag section about", "reload");
    // A new former address: a redirect page appears (the plan changes with no other output).
    edit(
        "notes/hosting-versus-cloud.md",
        "tags: [analysis]\n",
        "tags: [analysis]\nredirect_from: [\"/old-hosting/\"]\n",
        "reload",
    );
    let status = s.stop();
    assert!(status.success());
    t.build();
    assert_eq!(t.report().diagnostics.error_count(), 0, "{:?}", t.diagnostics());
    assert_same_files(&out, &t.root().join("public"), "from the build");
}

#[test]
fn a_package_edit_reaches_its_parts_in_other_deals() {
    // The facility's page does not link its draws: only the ledger ties them.
    let mut t = SiteTest::from_fixture("money/ledger");
    let out = t.root().join("served");
    let mut s = Serve::start(t.root(), &["--out", out.to_str().unwrap()]);
    let events = s.events("/");
    wait_for(&s, &events, "errors", |_| true);
    let p = t.root().join("content/deals/f-facility.md");
    let text = std::fs::read_to_string(&p).unwrap();
    // The ceiling becomes an agreed package: its draws are now parts of a counted package.
    std::fs::write(&p, text.replacen("amount: \"up to US$5.0B\"}", "amount: \"up to US$5.0B\", basis: agreed}", 1))
        .unwrap();
    wait_for(&s, &events, "reload", |d| d != "[]");
    assert!(s.stop().success());
    let draw = std::fs::read_to_string(out.join("deals/d1-draw/index.html")).unwrap();
    assert!(draw.contains("part of its package, which is counted"), "the draw's page was not rendered again");
    t.build();
    assert_same_files(&out, &t.root().join("public"), "from the build");
}

/// A line of `/proc/<pid>/status`, as a number (kB for memory).
fn proc_status(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("no {key}"));
    line[key.len()..].trim().trim_end_matches(" kB").trim().parse().unwrap()
}

/// The soft limit on this process's open files.
fn descriptor_limit() -> u64 {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit(2) writes into the struct we own.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) }, 0);
    lim.rlim_cur
}

/// Whether `s` is still open: nothing to read and no end of stream, now.
fn still_open(s: &TcpStream) -> bool {
    s.set_nonblocking(true).unwrap();
    let mut buf = [0; 1];
    let open = matches!(s.peek(&mut buf), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
    s.set_nonblocking(false).unwrap();
    open
}

/// Whether the server closed `s` (EOF or reset) within `wait`.
fn closed_within(s: &mut TcpStream, wait: Duration) -> bool {
    s.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {} // a response (408, 431) before the close
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return false
            }
            Err(_) => return true,
        }
    }
}

// See: issue 19 (9,000 idle connections made 9,009 threads and stopped the server).
#[test]
fn idle_connections_do_not_starve_a_request() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    let pid = s.child.id();
    // Stay well under the descriptor limit this process shares with the other tests.
    let n = 2000.min(descriptor_limit().saturating_sub(600) as usize);
    assert!(n >= 200, "the descriptor limit is too low for this test");
    let start = Instant::now();
    let mut idle: Vec<TcpStream> = (0..n).map(|_| TcpStream::connect(&s.addr).unwrap()).collect();
    eprintln!("{n} connections opened in {:?}", start.elapsed());
    // The server holds them all: each is one descriptor of its own, with no thread per connection.
    let deadline = Instant::now() + Duration::from_secs(10);
    let fds = || std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap().count();
    while fds() < n && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(fds() >= n, "the server accepted {} of {n} connections", fds());
    let threads = proc_status(pid, "Threads:");
    assert!(threads < 40, "{threads} threads for {n} connections");
    // A request is answered while every idle connection is still held: none
    // was closed to make room for it. (No wall-clock threshold: the answer
    // coming at all before the idle ones time out is the test.)
    assert!(s.page("/kb/companies/acme/").contains("Original text"));
    let open = idle.iter().filter(|c| still_open(c)).count();
    assert_eq!(
        open,
        n,
        "the request was answered only after idle connections were closed (or the header timeout of {:?} passed first)",
        pivotbook::serve::HEADER_TIMEOUT
    );
    eprintln!("{n} idle connections held by {threads} threads; opened and answered in {:?}", start.elapsed());
    // Then the header timeout closes them all.
    let wait = pivotbook::serve::HEADER_TIMEOUT + Duration::from_secs(5);
    for c in &mut idle {
        assert!(closed_within(c, wait), "an idle connection outlived the header timeout");
    }
    assert!(s.page("/kb/companies/acme/").contains("Original text"));
}

// See: issue 19 (an 800 MB request line without a newline grew the process to 1.4 GB).
#[test]
fn a_huge_request_line_is_refused_in_bounded_memory() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    // Bounded memory, checked without measuring it: the server closes the
    // connection before the client could send 128 MiB, more than the socket
    // buffers on both sides hold (tcp_rmem and tcp_wmem allow up to 36 MiB
    // here), so it stopped reading after a bounded head instead of buffering
    // the line. Its resident memory is a figure of `bench/memory.py`.
    const LINE: usize = 128 * 1024 * 1024;
    let mut c = TcpStream::connect(&s.addr).unwrap();
    c.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    c.write_all(b"GET /").unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < LINE {
        if c.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    assert!(sent < LINE, "the server took a {LINE}-byte request line without closing the connection");
    assert!(closed_within(&mut c, Duration::from_secs(10)), "the connection was not closed");
    eprintln!("{sent} bytes of request line sent before the close");
    assert!(s.page("/kb/companies/acme/").contains("Original text"), "the server still answers");
    // A whole head over the limit, sent at once, is refused too.
    let mut c = TcpStream::connect(&s.addr).unwrap();
    let big = "a".repeat(pivotbook::serve::MAX_HEAD);
    // The server may answer and close before the whole head is written (a broken pipe here):
    // either way the request is refused.
    let _ = write!(c, "GET /kb/ HTTP/1.1\r\nHost: {}\r\nX-Big: {big}\r\n\r\n", s.addr);
    let mut head = [0; 12];
    match c.read_exact(&mut head) {
        Ok(()) => assert_eq!(&head, b"HTTP/1.1 431"),
        Err(e) => {
            assert!(matches!(e.kind(), std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::UnexpectedEof), "{e}")
        }
    }
}

#[test]
fn a_slow_client_is_cut_off_by_the_header_timeout() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    // Started before connecting, so the server's clock starts after ours.
    let start = Instant::now();
    let mut c = TcpStream::connect(&s.addr).unwrap();
    let head = format!("GET /kb/ HTTP/1.1\r\nHost: {}\r\nX-Slow: {}", s.addr, "a".repeat(1000));
    let mut closed = false;
    // One byte per 100 ms: the whole head would take over 100 s.
    for b in head.bytes() {
        if c.write_all(&[b]).is_err() || closed_within(&mut c, Duration::from_millis(100)) {
            closed = true;
            break;
        }
    }
    let took = start.elapsed();
    assert!(closed, "the whole trickled head was read");
    // Never before the timeout; no
    // upper bound, which would measure the machine's load rather than serve.
    let timeout = pivotbook::serve::HEADER_TIMEOUT;
    assert!(took >= timeout, "closed after {took:?}, before the header timeout");
    eprintln!("closed after {took:?}");
    assert!(s.page("/kb/companies/acme/").contains("Original text"));
}

// See: issue 19 (`//companies` redirected to `//companies/`, another host to a browser).
#[test]
fn repeated_slashes_never_redirect_off_the_site() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &["--base-url", "/"]);
    for (path, to) in [
        ("//companies", "/companies/"),
        ("//companies/", "/companies/"),
        ("///companies//acme", "/companies/acme/"),
        ("//companies/acme/index.html", "/companies/acme/index.html"),
        ("//style.css", "/style.css"),
    ] {
        let (status, head, _) = s.get(path);
        assert!(status == 301 && head.lines().any(|l| l == format!("location: {to}")), "{path}: {head}");
    }
    for path in ["//example.org", "//example.org/", "//127.0.0.1/", "//%2e%2e/x"] {
        let (status, head, _) = s.get(path);
        assert!(matches!(status, 400 | 404), "{path}: {head}");
        assert!(!head.contains("location:"), "{path}: {head}");
    }
    assert!(s.page("/companies/").contains("Acme"));
}

// See: issue 19 (after a bad file was deleted, its errors stayed listed and edits were ignored).
#[test]
fn deleting_a_bad_file_clears_its_errors() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    let events = s.events("/kb/");
    wait_for(&s, &events, "errors", |d| d == "[]");
    let company = t.root().join("content/companies/acme.md");
    let text = std::fs::read_to_string(&company).unwrap();
    for (name, bytes) in [
        ("content/notes/binary.md", &b"---\ntitle: x\n---\n\xff\xfe not UTF-8\n"[..]),
        ("content/notes/unclosed.md", &b"---\ntitle: Unclosed\n"[..]),
    ] {
        let path = t.root().join(name);
        std::fs::write(&path, bytes).unwrap();
        wait_for(&s, &events, "errors", |d| d.contains(name));
        std::fs::remove_file(&path).unwrap();
        wait_for(&s, &events, "errors", |d| d == "[]");
        // Edits are applied again.
        let edited = format!("Edited after {name}");
        std::fs::write(&company, text.replace("Original text", &edited)).unwrap();
        wait_for(&s, &events, "reload", |d| d.contains("companies/acme/index.html"));
        assert!(s.page("/kb/companies/acme/").contains(&edited));
    }
}

// See: issue 19 (a content folder moved away and back left serve stuck).
#[test]
fn the_content_folder_moved_away_and_back() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    let events = s.events("/kb/");
    wait_for(&s, &events, "errors", |d| d == "[]");
    let content = t.root().join("content");
    let away = t.root().join("away");
    std::fs::rename(&content, &away).unwrap();
    let errors = wait_for(&s, &events, "errors", |d| d != "[]");
    let list: serde_json::Value = serde_json::from_str(&errors).unwrap();
    assert_eq!(list[0]["code"], "missing-content", "{errors}");
    assert!(list[0]["text"].as_str().unwrap().contains("content"), "{errors}");
    assert!(s.page("/kb/companies/acme/").contains("Original text"), "the last good site is still served");
    // Edited while away, then moved back.
    let company = away.join("companies/acme.md");
    let text = std::fs::read_to_string(&company).unwrap();
    std::fs::write(&company, text.replace("Original text", "Edited away")).unwrap();
    std::fs::rename(&away, &content).unwrap();
    wait_for(&s, &events, "errors", |d| d == "[]");
    wait_for(&s, &events, "reload", |d| d.contains("companies/acme/index.html"));
    assert!(s.page("/kb/companies/acme/").contains("Edited away"));
    // The folder is watched again.
    let company = content.join("companies/acme.md");
    std::fs::write(&company, text.replace("Original text", "Edited back")).unwrap();
    wait_for(&s, &events, "reload", |d| d.contains("companies/acme/index.html"));
    assert!(s.page("/kb/companies/acme/").contains("Edited back"));
    // Replaced by a copy (another folder at the same path): watched too.
    std::fs::rename(&content, &away).unwrap();
    wait_for(&s, &events, "errors", |d| d.contains("missing-content"));
    copy_tree(&away, &content);
    wait_for(&s, &events, "errors", |d| d == "[]");
    std::fs::write(&company, text.replace("Original text", "Edited copy")).unwrap();
    wait_for(&s, &events, "reload", |d| d.contains("companies/acme/index.html"));
    assert!(s.page("/kb/companies/acme/").contains("Edited copy"));
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

// See: issue 19 (once descriptors ran out, tiny_http panicked and serve never accepted again).
#[test]
fn running_out_of_descriptors_does_not_stop_accepting() {
    let t = SiteTest::from_str(SITE);
    let s = Serve::start(t.root(), &[]);
    // Answered once: the accept loop has started (and taken its connection cap from the old limit).
    assert!(s.page("/kb/").contains("Acme"));
    let pid = s.child.id() as libc::pid_t;
    let low = libc::rlimit { rlim_cur: 48, rlim_max: descriptor_limit() };
    // SAFETY: prlimit(2) on our own child, with a struct we own.
    assert_eq!(unsafe { libc::prlimit(pid, libc::RLIMIT_NOFILE, &low, std::ptr::null_mut()) }, 0);
    let flood: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(&s.addr).unwrap()).collect();
    // Waits for the line on stderr that says accept failed (no polling).
    if !s.log.wait_for("cannot accept a connection", WAIT) {
        let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap().count();
        panic!("accept never failed ({fds} descriptors open); serve printed:\n{}", s.log.text());
    }
    drop(flood);
    // The server accepts again as soon as descriptors are free.
    let start = Instant::now();
    let mut c = TcpStream::connect(&s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(c, "GET /kb/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", s.addr).unwrap();
    let mut head = [0; 12];
    c.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
    eprintln!("answered {:?} after the flood ended", start.elapsed());
}

#[test]
fn a_build_into_the_folder_serve_writes_stops_instead_of_mixing() {
    let t = SiteTest::from_str(crate::build::BASIC);
    let out = t.root().join("served");
    let mut s = Serve::start(t.root(), &["--out", out.to_str().unwrap()]);
    let events = s.events("/");
    wait_for(&s, &events, "errors", |_| true);
    let (code, _, err) = t.run_cli(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("served"), "the message names the folder: {err}");
    assert!(s.page("/companies/acme/").contains("Acme"), "serve keeps serving");
    assert!(s.stop().success());
}
