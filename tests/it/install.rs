//! The action's install script (`action/install.sh`) against a local fake
//! release: a folder with an archive, as dist lays it out, and its checksum.
//! It installs and runs the binary, refuses a bad checksum without
//! installing anything, and says "no release" (status 3, the action's cue to
//! build from source) when the archive is not there. `.ci/run` runs it again
//! on the archive `dist build` makes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TARGET: &str = "x86_64-unknown-linux-musl";

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("action/install.sh")
}

/// A release folder holding `pivotbook-<TARGET>.tar.gz` (this build's binary
/// inside `pivotbook-<TARGET>/`, as dist packs it) and its `.sha256`.
fn fake_release(dir: &Path) -> PathBuf {
    let release = dir.join("release");
    let inner = dir.join(format!("pivotbook-{TARGET}"));
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::create_dir_all(&release).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_pivotbook"), inner.join("pivotbook")).unwrap();
    std::fs::write(inner.join("README.md"), "readme").unwrap();
    let archive = release.join(format!("pivotbook-{TARGET}.tar.gz"));
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(dir)
        .arg(format!("pivotbook-{TARGET}"))
        .status()
        .unwrap();
    assert!(tar.success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    let hash = String::from_utf8(sum.stdout).unwrap().split_whitespace().next().unwrap().to_string();
    std::fs::write(
        release.join(format!("pivotbook-{TARGET}.tar.gz.sha256")),
        format!("{hash} *pivotbook-{TARGET}.tar.gz\n"),
    )
    .unwrap();
    release
}

fn run(args: &[&str], release: &Path, dest: &Path, github_path: &Path) -> Output {
    Command::new("bash")
        .arg(script())
        .args(args)
        .env("PIVOTBOOK_VERSION", "v0.1.0")
        .env("PIVOTBOOK_RELEASES", release)
        .env("PIVOTBOOK_TARGET", TARGET)
        .env("PIVOTBOOK_DEST", dest)
        .env("GITHUB_PATH", github_path)
        .env_remove("GITHUB_ACTION_PATH")
        .env_remove("PIVOTBOOK_REPO")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn installs_a_verified_release_and_refuses_a_bad_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let release = fake_release(dir.path());
    let gh_path = dir.path().join("github-path");

    let dest = dir.path().join("bin");
    let out = run(&["install"], &release, &dest, &gh_path);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let installed = dest.join("pivotbook");
    let version = Command::new(&installed).arg("--version").output().unwrap();
    assert!(text(&version.stdout).starts_with(&format!("pivotbook {} (commit ", env!("CARGO_PKG_VERSION"))));
    assert!(text(&out.stdout).contains("sha256 "), "{}", text(&out.stdout));
    assert_eq!(
        std::fs::read_to_string(&gh_path).unwrap().trim(),
        dest.to_str().unwrap(),
        "the folder goes on the PATH"
    );

    // One changed byte of the checksum: refused, and nothing installed.
    let sum_file = release.join(format!("pivotbook-{TARGET}.tar.gz.sha256"));
    let sum = std::fs::read_to_string(&sum_file).unwrap();
    let flipped = if sum.starts_with('0') { sum.replacen('0', "1", 1) } else { format!("0{}", &sum[1..]) };
    std::fs::write(&sum_file, flipped).unwrap();
    let dest2 = dir.path().join("bin2");
    let out = run(&["install"], &release, &dest2, &gh_path);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("checksum mismatch"), "{}", text(&out.stderr));
    assert!(!dest2.join("pivotbook").exists(), "a binary that failed its checksum was installed");

    // A checksum file with nothing in it is refused too.
    std::fs::write(&sum_file, "").unwrap();
    let out = run(&["install"], &release, &dest2, &gh_path);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(!dest2.join("pivotbook").exists());
}

#[test]
fn no_archive_for_the_version_is_status_3_for_the_cargo_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty-release");
    std::fs::create_dir_all(&empty).unwrap();
    let dest = dir.path().join("bin");
    let out = run(&["install"], &empty, &dest, &dir.path().join("p"));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no release archive"), "{}", text(&out.stderr));
}

#[test]
fn resolve_names_the_version_target_and_the_actions_repository() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .arg(script())
        .arg("resolve")
        .env("PIVOTBOOK_VERSION", "0.3.1")
        .env("PIVOTBOOK_TARGET", TARGET)
        .env("GITHUB_ACTION_PATH", "/home/runner/work/_actions/acme/pivotbook/v0")
        .env_remove("PIVOTBOOK_REPO")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("version=0.3.1\ntarget={TARGET}\nrepo=acme/pivotbook\n"));
}
