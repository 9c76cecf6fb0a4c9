//! Build script: records the git commit the binary is built from, for
//! `pivotbook --version`. From a git checkout (including `cargo install
//! --git`), `git rev-parse`; from a packaged crate, its `.cargo_vcs_info.json`;
//! otherwise `unknown`. `PIVOTBOOK_COMMIT` overrides both.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=PIVOTBOOK_COMMIT");
    let commit = std::env::var("PIVOTBOOK_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(from_git)
        .or_else(from_vcs_info)
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=PIVOTBOOK_COMMIT={commit}");
}

/// `git rev-parse --short=12 HEAD`, watching HEAD and the branch it names.
fn from_git() -> Option<String> {
    let out = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let dir = Command::new("git").args(["rev-parse", "--git-dir"]).output().ok()?;
    let git_dir = String::from_utf8(dir.stdout).ok()?.trim().to_string();
    let head = Path::new(&git_dir).join("HEAD");
    println!("cargo:rerun-if-changed={}", head.display());
    if let Ok(text) = std::fs::read_to_string(&head) {
        if let Some(reference) = text.strip_prefix("ref: ") {
            // A branch lives in its own file, or (in a fresh clone) in packed-refs.
            let loose = Path::new(&git_dir).join(reference.trim());
            let file = if loose.exists() { loose } else { Path::new(&git_dir).join("packed-refs") };
            if file.exists() {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
    }
    let commit = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!commit.is_empty()).then_some(commit)
}

/// The `sha1` cargo records in a packaged crate, shortened.
fn from_vcs_info() -> Option<String> {
    let text = std::fs::read_to_string(".cargo_vcs_info.json").ok()?;
    let at = text.find("\"sha1\"")?;
    let rest = &text[at + 6..];
    let start = rest.find('"')? + 1;
    let sha: String = rest[start..].chars().take_while(|c| c.is_ascii_hexdigit()).take(12).collect();
    (sha.len() == 12).then_some(sha)
}
