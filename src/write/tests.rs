//! Tests of the staging folder: fresh and update commits, kept files, the
//! lock, recovery after an interrupted commit, and the fallbacks.

use super::*;

#[test]
fn refuses_dangerous_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    assert!(check_output(&root, &root, &content).is_err());
    assert!(check_output(dir.path(), &root, &content).is_err());
    assert!(check_output(&content, &root, &content).is_err());
    assert!(check_output(&content.join("x"), &root, &content).is_err());
    assert!(check_output(&root.join("content/../public"), &root, &content).is_ok());
    let other = root.join("docs");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("keep.txt"), "mine").unwrap();
    assert!(check_output(&other, &root, &content).is_err());
}

fn lock(root: &Path) -> Result<OutputLock> {
    OutputLock::acquire(&root.join("public"), root, &root.join("content"))
}

fn begin(root: &Path) -> Stage {
    Stage::begin(lock(root).unwrap(), None).unwrap()
}

/// Every file under `dir` with its bytes; symbolic links as `-> target`.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        if e.path_is_symlink() {
            files.push((rel, format!("-> {}", std::fs::read_link(e.path()).unwrap().display())));
        } else if e.file_type().is_file() {
            files.push((rel, std::fs::read_to_string(e.path()).unwrap()));
        } else {
            files.push((rel, "/".into()));
        }
    }
    files
}

#[test]
fn commit_replaces_the_old_site_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let out = root.join("public");
    for round in 0..3 {
        let s = begin(root);
        assert_eq!(s.update.is_some(), round > 0, "round {round}");
        s.write("a/index.html", format!("round {round}").as_bytes()).unwrap();
        s.write(&format!("only-{round}/index.html"), b"x").unwrap();
        assert!(s.write("../escape.html", b"x").is_err());
        assert!(s.write("/abs.html", b"x").is_err());
        s.commit().unwrap();
        let files: Vec<String> = tree(&out).into_iter().map(|(rel, _)| rel).collect();
        let want =
            [".pivotbook-output", "a", "a/index.html", &format!("only-{round}"), &format!("only-{round}/index.html")];
        assert_eq!(files, want, "round {round}");
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), format!("round {round}"));
    }
    let names: Vec<_> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("public")]);
}

#[cfg(unix)]
#[test]
fn an_update_keeps_unchanged_files_and_replaces_the_rest() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let out = root.join("public");
    let s = begin(root);
    s.write("same/index.html", b"kept").unwrap();
    s.write("changed/index.html", b"before").unwrap();
    s.write("grown/index.html", b"short").unwrap();
    s.write("was-file", b"a file").unwrap();
    s.write("was-dir/deep/index.html", b"a folder").unwrap();
    s.write("gone/deep/index.html", b"gone").unwrap();
    assert_eq!(s.reused(), 0);
    s.commit().unwrap();
    let ino = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
    let (same, changed) = (ino("same/index.html"), ino("changed/index.html"));
    // A symbolic link in the old output is never kept, nor its target touched.
    std::fs::remove_file(out.join("grown/index.html")).unwrap();
    std::fs::write(root.join("elsewhere.html"), b"short").unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere.html"), out.join("grown/index.html")).unwrap();
    std::fs::create_dir(root.join("outside")).unwrap();
    std::fs::write(root.join("outside/index.html"), b"kept").unwrap();
    std::os::unix::fs::symlink(root.join("outside"), out.join("linked")).unwrap();
    std::fs::write(out.join("stray.txt"), b"not ours").unwrap();

    let s = begin(root);
    s.write("same/index.html", b"kept").unwrap();
    s.write("changed/index.html", b"after!").unwrap();
    s.write("grown/index.html", b"short").unwrap();
    s.write("linked/index.html", b"kept").unwrap();
    s.write("was-file/index.html", b"now a folder").unwrap();
    s.write("was-dir", b"now a file").unwrap();
    assert_eq!(s.reused(), 1);
    // Nothing in the output changes before commit.
    assert_eq!(std::fs::read(out.join("changed/index.html")).unwrap(), b"before");
    s.commit().unwrap();
    assert_eq!(ino("same/index.html"), same);
    assert_ne!(ino("changed/index.html"), changed);
    let want = [
        (".pivotbook-output", MARKER_TEXT),
        ("changed", "/"),
        ("changed/index.html", "after!"),
        ("grown", "/"),
        ("grown/index.html", "short"),
        ("linked", "/"),
        ("linked/index.html", "kept"),
        ("same", "/"),
        ("same/index.html", "kept"),
        ("was-dir", "now a file"),
        ("was-file", "/"),
        ("was-file/index.html", "now a folder"),
    ];
    let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(tree(&out), want);
    assert_eq!(std::fs::read(root.join("elsewhere.html")).unwrap(), b"short");
    assert_eq!(tree(&root.join("outside")), [("index.html".to_string(), "kept".to_string())]);
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 3, "the stage is gone");
}

#[test]
fn copies_are_compared_with_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let src = root.join("logo.svg");
    std::fs::write(&src, "<svg/>").unwrap();
    for (round, kept) in [(0, 0), (1, 1)] {
        let s = begin(root);
        s.copy("static/logo.svg", &src).unwrap();
        assert_eq!(s.reused(), kept, "round {round}");
        s.commit().unwrap();
    }
    std::fs::write(&src, "<svg></svg>").unwrap();
    let s = begin(root);
    s.copy("static/logo.svg", &src).unwrap();
    assert_eq!(s.reused(), 0);
    s.commit().unwrap();
    assert_eq!(std::fs::read_to_string(root.join("public/static/logo.svg")).unwrap(), "<svg></svg>");
}

#[test]
fn dropped_stage_leaves_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let out = root.join("public");
    let s = begin(root);
    s.write("index.html", b"old").unwrap();
    s.commit().unwrap();
    let s = begin(root);
    s.write("index.html", b"new").unwrap();
    s.write("added/index.html", b"new").unwrap();
    drop(s);
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert!(!out.join("added").exists());
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 1);
}

/// The output's files with their bytes (folders and the marker left out).
fn files(out: &Path) -> Vec<(String, String)> {
    tree(out).into_iter().filter(|(rel, bytes)| bytes != "/" && rel != MARKER).collect()
}

fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
    want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// A site of three pages, committed; then a stage for the next one, with
/// one page changed, one added, one gone, and `faults` injected.
fn second_build(root: &Path, faults: moves::Faults) -> Stage {
    let s = begin(root);
    for page in ["a", "b", "c"] {
        s.write(&format!("{page}/index.html"), format!("old {page}").as_bytes()).unwrap();
    }
    s.commit().unwrap();
    let mut s = begin(root);
    s.fs.faults = faults;
    for page in ["a", "b", "d", "e", "f"] {
        s.write(&format!("{page}/index.html"), format!("new {page}").as_bytes()).unwrap();
    }
    s
}

const SECOND: &[(&str, &str)] = &[
    ("a/index.html", "new a"),
    ("b/index.html", "new b"),
    ("d/index.html", "new d"),
    ("e/index.html", "new e"),
    ("f/index.html", "new f"),
];

#[test]
fn a_second_writer_is_refused_and_the_lock_never_enters_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let s = begin(root);
    let err = lock(root).unwrap_err().to_string();
    let out = root.join("public").canonicalize().unwrap_or(root.join("public"));
    assert!(
        err.contains(&format!(
            "the output folder `{}` is being written by another pivotbook (pid {})",
            out.display(),
            std::process::id()
        )),
        "{err}"
    );
    // `serve --out` asks before it empties the folder.
    let err = check_output(&root.join("public"), root, &root.join("content")).unwrap_err().to_string();
    assert!(err.contains("is being written by another pivotbook (pid "), "{err}");
    s.write("index.html", b"x").unwrap();
    s.commit().unwrap();
    assert_eq!(tree(&root.join("public")).len(), 2, "index.html and the marker");
    assert!(check_output(&root.join("public"), root, &root.join("content")).is_ok());
    // Released at commit, and the lock file is gone.
    drop(lock(root).unwrap());
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 1);
}

#[test]
fn a_mount_point_is_filled_in_place() {
    for (exchange, moves) in [(libc::EBUSY, None), (libc::EXDEV, None), (libc::EBUSY, Some((libc::EXDEV, 0)))] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let out = root.join("public");
        std::fs::create_dir(&out).unwrap();
        let mut s = begin(root);
        s.fs.faults = moves::Faults { exchange: Some(exchange), moves, ..Default::default() };
        s.write("a/index.html", b"new a").unwrap();
        s.write("index.html", b"home").unwrap();
        s.commit().unwrap();
        assert_eq!(files(&out), pairs(&[("a/index.html", "new a"), ("index.html", "home")]));
        assert_eq!(std::fs::read_to_string(out.join(MARKER)).unwrap(), MARKER_TEXT);
        assert_eq!(std::fs::read_dir(root).unwrap().count(), 1, "nothing left beside the output");
    }
    // Any other failure of the swap stops the build, and the output stays as it was.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("public")).unwrap();
    let mut s = begin(dir.path());
    s.fs.faults.exchange = Some(libc::EIO);
    s.write("index.html", b"home").unwrap();
    assert!(s.commit().is_err());
    assert!(tree(&dir.path().join("public")).is_empty());
}

#[test]
fn an_update_across_filesystems_copies_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let s = second_build(root, moves::Faults { moves: Some((libc::EXDEV, 0)), ..Default::default() });
    s.commit().unwrap();
    assert_eq!(files(&root.join("public")), pairs(SECOND));
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 1, "nothing left beside the output");
}

#[test]
fn the_next_build_finishes_an_interrupted_commit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let out = root.join("public");
    // The third move fails: two new files are in place, the rest are not.
    let s = second_build(root, moves::Faults { moves: Some((libc::EIO, 2)), ..Default::default() });
    let err = format!("{:#}", s.commit().unwrap_err());
    assert!(err.contains("is partly replaced (every file whole, old or new); the next build finishes replacing it: cannot move a new file to"), "{err}");
    let mixed = files(&out);
    assert!(mixed.iter().any(|(_, b)| b.starts_with("new")) && mixed.len() < SECOND.len(), "{mixed:?}");
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 2, "the stage and its journal are kept");
    // The next build finishes it first, under its lock, and says so.
    let next = lock(root).unwrap();
    assert_eq!(next.finished(), 1);
    assert_eq!(files(&out), pairs(SECOND));
    drop(next);
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 1);
    // A build killed before its commit began leaves nothing to finish.
    let killed = root.join(".public.pivotbook-tmp-99999");
    std::fs::create_dir(&killed).unwrap();
    std::fs::write(killed.join("0"), b"newer a").unwrap();
    assert_eq!(lock(root).unwrap().finished(), 0);
    assert_eq!(files(&out), pairs(SECOND));
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 1);
}

#[test]
fn a_journal_reads_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal {
        moves: vec![("a b/index.html".into(), "0".into()), (MARKER.into(), "1".into())],
        gone: vec!["old\nline".into()],
        dirs: vec!["x/y".into(), "x".into()],
    };
    // Nothing it names is there: running it (again) changes nothing.
    journal.run(&dir.path().join("out"), dir.path(), &Fs::default()).unwrap();
    assert_eq!(Journal::load(dir.path()).unwrap(), Some(journal));
}

#[test]
fn a_page_named_like_the_journal_is_only_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut s = begin(root);
    s.write("journal/index.html", b"my journal").unwrap();
    drop(s);
    assert_eq!(lock(root).unwrap().finished(), 0);
    // Filled in place (a mount point), with the journal beside the page.
    std::fs::create_dir(root.join("public")).unwrap();
    s = begin(root);
    s.fs.faults.exchange = Some(libc::EBUSY);
    s.write("journal/index.html", b"my journal").unwrap();
    s.commit().unwrap();
    assert_eq!(files(&root.join("public")), pairs(&[("journal/index.html", "my journal")]));
}
