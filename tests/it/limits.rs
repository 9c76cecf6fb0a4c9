//! Limits, through the binary: a build killed with SIGKILL in the middle of
//! writing leaves the previous site whole, one stopped halfway through its
//! last step is finished by the next build, and a 100 MB note builds. All
//! generate their input at run time. A build is killed at a point it has
//! reached, never after a guessed delay: the test waits (inotify, no
//! polling) for the file that marks the point, stops the build there with
//! SIGSTOP, checks what it left, then kills it. The memory a 100 MB note
//! takes is a figure, printed by `bench/memory.py`.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{tree, SiteTest};

/// `pivotbook build` in `root`, quiet, not waited for.
fn spawn_build(root: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_pivotbook"))
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A site of `n` notes that link to each other in a ring.
fn many_notes(n: usize) -> SiteTest {
    let t = SiteTest::from_str("//- pivotbook.yaml\ntitle: Many\n");
    for i in 0..n {
        let next = (i + 1) % n;
        t.write(
            &format!("content/notes/n{i}.md"),
            &format!("---\ntitle: Note {i}\n---\n## Part\n\nSee [[n{next}]]. {}\n", "Some words here. ".repeat(40)),
        );
    }
    t
}

/// Top-level entries of the site root.
fn root_entries(root: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(root).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    v.sort();
    v
}

/// Files in the staging folders of killed builds.
fn staged_files(root: &Path) -> usize {
    root_entries(root)
        .iter()
        .filter(|n| n.starts_with(".public.pivotbook-tmp-"))
        .map(|n| walkdir::WalkDir::new(root.join(n)).into_iter().filter(|e| e.is_ok()).count())
        .sum()
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_site_whole() {
    let t = many_notes(3000);
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 0, "{err}");
    // Every page changes, so the next build rewrites all of them.
    for i in 0..3000 {
        t.write(
            &format!("content/notes/n{i}.md"),
            &format!("---\ntitle: Changed {i}\n---\nSee [[n{}]].\n", (i + 1) % 3000),
        );
    }
    let before = tree(&t.root().join("public"));
    let entries_before = root_entries(t.root());
    let watch = Watch::new(t.root());
    let mut child = spawn_build(t.root());
    // Stop it when it has staged its first page, check, then kill it.
    let stage = watch.created(|n| n.starts_with(".public.pivotbook-tmp-"));
    let staged = Watch::new(&t.root().join(&stage));
    staged.created(|_| true);
    stop(&mut child);
    assert!(!t.root().join(&stage).join(pivotbook::write::JOURNAL).exists(), "stopped after its commit began");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let staged = staged_files(t.root());
    assert!(staged > 0, "killed after the swap: nothing left to check");
    assert_eq!(before, tree(&t.root().join("public")), "the previous site changed");
    // The only new entries are the documented staging folder and lock file
    // (its lock died with the process), which the next build removes.
    let new: Vec<String> = root_entries(t.root()).into_iter().filter(|e| !entries_before.contains(e)).collect();
    assert_eq!(new.len(), 2, "{new:?}");
    assert_eq!(new[0], ".public.pivotbook-lock", "{new:?}");
    assert!(new[1].starts_with(".public.pivotbook-tmp-"), "{new:?}");
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(root_entries(t.root()), entries_before, "the next build removes the leftovers");
    assert!(t.page("notes/n7/index.html").contains("Changed 7"));
}

#[test]
fn a_commit_stopped_halfway_is_finished_by_the_next_build() {
    let t = many_notes(20);
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 0, "{err}");
    // What a build leaves when its last step stops halfway (a failed rename,
    // SIGKILL): its staging folder with the files not yet moved and the
    // journal of the step (the format of src/write/journal.rs: tagged,
    // NUL-terminated paths; `M` site path then staged file, `G` a file to delete).
    let stage = t.root().join(".public.pivotbook-tmp-4242");
    std::fs::create_dir(&stage).unwrap();
    std::fs::write(stage.join("0"), "the new n1").unwrap();
    std::fs::write(stage.join(pivotbook::write::JOURNAL), b"Mnotes/n1/index.html\0M0\0Gnotes/n2/index.html\0").unwrap();
    let entries_before = root_entries(t.root());
    // The next build finishes it before anything else, even when it fails itself.
    t.write("content/topics/bad.md", "---\ntitle: [unclosed\n---\n");
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "warning[interrupted-build]: a previous build stopped while it was replacing the site in `public`"
        ),
        "{err}"
    );
    assert_eq!(t.page("notes/n1/index.html"), "the new n1");
    assert!(!t.root().join("public/notes/n2/index.html").exists());
    let left: Vec<String> = entries_before.into_iter().filter(|e| e.starts_with(".public")).collect();
    assert_eq!(left, [".public.pivotbook-tmp-4242"]);
    assert!(!root_entries(t.root()).iter().any(|e| e.starts_with(".public")), "leftovers remain");
    // And the build after that says nothing of it.
    std::fs::remove_file(t.root().join("content/topics/bad.md")).unwrap();
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("interrupted-build"), "{err}");
    assert!(t.page("notes/n1/index.html").contains("Note 1"));
}

/// The journal of a staging folder beside the output, if one is there.
fn journal(root: &Path) -> Option<std::path::PathBuf> {
    root_entries(root)
        .iter()
        .filter(|n| n.starts_with(".public.pivotbook-tmp-"))
        .map(|n| root.join(n).join(pivotbook::write::JOURNAL))
        .find(|j| j.exists())
}

#[test]
fn a_build_killed_during_its_last_step_is_finished_by_the_next() {
    let t = many_notes(3000);
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 0, "{err}");
    // Every page changes; the site this build should give is built elsewhere first.
    for i in 0..3000 {
        t.write(
            &format!("content/notes/n{i}.md"),
            &format!("---\ntitle: Changed {i}\n---\nSee [[n{}]].\n", (i + 1) % 3000),
        );
    }
    let want = tempfile::tempdir().unwrap();
    let want_out = want.path().join("public");
    let (code, _, err) = t.run_cli(&["build", "--out", want_out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let watch = Watch::new(t.root());
    let mut child = spawn_build(t.root());
    // Stop it as soon as its last step has begun (its journal is in place),
    // then kill it: the renames it had not made yet are the next build's.
    let stage = watch.created(|n| n.starts_with(".public.pivotbook-tmp-"));
    let staged = Watch::new(&t.root().join(&stage));
    staged.created(|n| n == pivotbook::write::JOURNAL);
    stop(&mut child);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(journal(t.root()).is_some(), "the journal was removed");
    // The next build finishes it first, even one that fails itself.
    t.write("content/topics/bad.md", "---\ntitle: [unclosed\n---\n");
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("warning[interrupted-build]"), "{err}");
    assert!(tree(&t.root().join("public")) == tree(&want_out), "the finished site differs from the site of that build");
    assert!(!root_entries(t.root()).iter().any(|e| e.starts_with(".public")), "leftovers remain");
}

#[test]
fn a_100_mb_note_builds() {
    const SIZE: usize = 100 * 1024 * 1024;
    let t = SiteTest::from_str("//- content/notes/a.md\nSee [[big]].\n");
    let para = "A paragraph with **bold** text, a [link](https://example.com/x) and some `code`. ".repeat(4) + "\n\n";
    let mut text = String::with_capacity(SIZE + 4096);
    text.push_str("---\ntitle: Big\n---\n");
    let mut i = 0;
    while text.len() < SIZE {
        if i % 50 == 0 {
            text.push_str(&format!("## Section {i}\n\n"));
        }
        text.push_str(&para);
        i += 1;
    }
    t.write("content/notes/big.md", &text);
    drop(text);
    let status = spawn_build(t.root()).wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let page = std::fs::metadata(t.root().join("public/notes/big/index.html")).unwrap().len();
    assert!(page > SIZE as u64, "the page holds the whole note ({page} bytes)");
}

/// Stops `child` with SIGSTOP and waits until it is stopped (not finished).
fn stop(child: &mut std::process::Child) {
    let pid = child.id() as libc::pid_t;
    // SAFETY: kill(2) and waitpid(2) on our own child, which std has not reaped.
    unsafe {
        assert_eq!(libc::kill(pid, libc::SIGSTOP), 0);
        let mut status = 0;
        assert_eq!(libc::waitpid(pid, &mut status, libc::WUNTRACED), pid);
        assert!(libc::WIFSTOPPED(status), "the build ended before it could be stopped (status {status})");
    }
}

/// An inotify watch on one folder for files and folders created or moved in.
struct Watch {
    fd: libc::c_int,
    /// Names already seen (several events may come in one read).
    seen: std::cell::RefCell<std::collections::VecDeque<String>>,
}

impl Watch {
    fn new(dir: &Path) -> Watch {
        // SAFETY: plain system calls; the path is a NUL-terminated string we own.
        let fd = unsafe { libc::inotify_init1(libc::IN_CLOEXEC) };
        assert!(fd >= 0, "inotify_init1: {}", std::io::Error::last_os_error());
        let path = CString::new(dir.as_os_str().as_bytes()).unwrap();
        let wd = unsafe { libc::inotify_add_watch(fd, path.as_ptr(), libc::IN_CREATE | libc::IN_MOVED_TO) };
        assert!(wd >= 0, "inotify_add_watch {}: {}", dir.display(), std::io::Error::last_os_error());
        Watch { fd, seen: Default::default() }
    }

    /// Blocks until a name that `want` accepts is created in the folder; returns it.
    fn created(&self, want: impl Fn(&str) -> bool) -> String {
        loop {
            if let Some(name) = self.seen.borrow_mut().pop_front() {
                if want(&name) {
                    return name;
                }
                continue;
            }
            let mut buf = [0u8; 64 * 1024];
            // SAFETY: read(2) into a buffer we own, of its length. It blocks until an event.
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
            assert!(n > 0, "inotify read: {}", std::io::Error::last_os_error());
            let mut at = 0;
            let head = std::mem::size_of::<libc::inotify_event>();
            while at + head <= n as usize {
                // SAFETY: the kernel wrote a whole event at `at`; read_unaligned copes with the buffer's alignment.
                let ev: libc::inotify_event = unsafe { std::ptr::read_unaligned(buf[at..].as_ptr().cast()) };
                let name = &buf[at + head..at + head + ev.len as usize];
                let name = name.split(|b| *b == 0).next().unwrap_or_default();
                self.seen.borrow_mut().push_back(String::from_utf8_lossy(name).into_owned());
                at += head + ev.len as usize;
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        // SAFETY: closes the descriptor this watch owns.
        unsafe { libc::close(self.fd) };
    }
}
