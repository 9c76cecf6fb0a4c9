//! `pivotbook init DIR`: scaffolds a new knowledge base that builds as is.
//!
//! It writes `pivotbook.yaml`, a home page intro, one sample page of each
//! kind (linked to each other, so the site has no broken links or orphans),
//! a `.gitignore` for the output, and the GitHub Pages and pull-request check
//! workflows. The files are embedded from `src/scaffold/`. `DIR` must be
//! missing or empty: nothing is ever overwritten.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

/// The scaffold: (path inside the new folder, text).
pub const FILES: &[(&str, &str)] = &[
    ("pivotbook.yaml", include_str!("scaffold/pivotbook.yaml")),
    (".gitignore", include_str!("scaffold/gitignore")),
    ("content/_index.md", include_str!("scaffold/content/_index.md")),
    ("content/companies/example-co.md", include_str!("scaffold/content/companies/example-co.md")),
    ("content/deals/example-co-gpu-financing.md", include_str!("scaffold/content/deals/example-co-gpu-financing.md")),
    ("content/topics/gpu-financing.md", include_str!("scaffold/content/topics/gpu-financing.md")),
    ("content/notes/getting-started.md", include_str!("scaffold/content/notes/getting-started.md")),
    (".github/workflows/pages.yml", include_str!("scaffold/workflows/pages.yml")),
    (".github/workflows/check.yml", include_str!("scaffold/workflows/check.yml")),
];

/// The action the scaffold's workflows install pivotbook with: this crate's
/// repository at its major version's tag (`pivotbook/pivotbook@v0`).
pub fn action() -> String {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    let repo = repo.strip_prefix("https://github.com/").unwrap_or(repo);
    format!("{repo}@v{}", env!("CARGO_PKG_VERSION_MAJOR"))
}

/// A scaffold file's text as written: the workflows name [`action`].
fn text_of(text: &str) -> String {
    text.replace(SCAFFOLD_ACTION, &action())
}

/// How the scaffold's workflow files spell the action (replaced by [`action`]).
const SCAFFOLD_ACTION: &str = "pivotbook/pivotbook@v0";

/// Writes the scaffold into `dir` and returns the files written. Refuses a
/// `dir` that exists and is not an empty folder.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("`{}` exists and is not a folder", dir.display());
        }
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
        if entries.next().is_some() {
            bail!("`{}` is not empty; choose a new or empty folder", dir.display());
        }
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot create `{}`", path.display()))?;
        std::io::Write::write_all(&mut f, text_of(text).as_bytes())
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_that_is_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        assert!(init(dir.path()).unwrap_err().to_string().contains("not empty"));
        assert!(init(&dir.path().join("x")).is_err());
        let fresh = dir.path().join("kb");
        let written = init(&fresh).unwrap();
        // Each file on disk holds its template's text (not merely as many files as templates).
        for (rel, text) in FILES {
            assert!(written.contains(&fresh.join(rel)), "{rel} not reported");
            assert_eq!(std::fs::read_to_string(fresh.join(rel)).unwrap(), text_of(text), "{rel}");
        }
        assert!(fresh.join(".github/workflows/pages.yml").is_file());
    }

    #[test]
    fn workflows_use_this_crates_action_and_need_no_variable() {
        assert_eq!(action(), "pivotbook/pivotbook@v0");
        let dir = tempfile::tempdir().unwrap();
        init(&dir.path().join("kb")).unwrap();
        for wf in ["pages.yml", "check.yml"] {
            let text = std::fs::read_to_string(dir.path().join("kb/.github/workflows").join(wf)).unwrap();
            assert!(text.contains(&format!("- uses: {}\n", action())), "{wf}: {text}");
            assert!(
                !text.contains("cargo install") && !text.contains("vars."),
                "{wf} compiles or needs a variable: {text}"
            );
        }
    }
}
