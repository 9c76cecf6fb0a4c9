//! The commit's journal: what the last step of a build changes in the
//! output folder, written into the stage before the first change, so a
//! commit that fails or is killed halfway can be finished.
//!
//! A commit that changes the output folder file by file (an update, or a
//! first build into a folder that cannot be swapped) lists its steps in a
//! [`Journal`]: the staged files to move into place, the previous files to
//! delete and the folders to remove once empty. The journal is written
//! whole (to a `.part` file, synced, renamed) before any of them. Every
//! step can be run again: a staged file already moved is no longer in the
//! stage, a deleted file is no longer there. A stage that still holds a
//! journal after its build ended is finished by the next build, under its
//! lock, before anything else ([`finish_leftovers`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use super::moves::Fs;
use super::MARKER;

/// The journal's name in the stage. A stage laid out as the site holds the
/// site's files beside it, so it is a name no site file has: content files
/// starting with `.` are never published, and `build` claims this one.
pub const JOURNAL: &str = ".pivotbook-journal";

/// The steps of one commit, paths relative to the output folder (and for
/// staged files, to the stage).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Journal {
    /// (path in the site, staged file).
    pub(super) moves: Vec<(PathBuf, PathBuf)>,
    /// Previous files this build does not produce.
    pub(super) gone: Vec<PathBuf>,
    /// Folders to remove if empty, deepest first.
    pub(super) dirs: Vec<PathBuf>,
}

impl Journal {
    /// The journal of a stage laid out as the site: every file moves to
    /// the same path in the output.
    pub(super) fn of_tree(tmp: &Path) -> Result<Journal> {
        let mut journal = Journal::default();
        for e in walkdir::WalkDir::new(tmp).min_depth(1).sort_by_file_name() {
            let e = e.with_context(|| format!("cannot read the stage `{}`", tmp.display()))?;
            if e.file_type().is_file() {
                let rel = e.path().strip_prefix(tmp).unwrap_or(e.path()).to_path_buf();
                journal.moves.push((rel.clone(), rel));
            }
        }
        Ok(journal)
    }

    /// Writes the journal into the stage, then carries it out.
    pub(super) fn run(&self, out: &Path, tmp: &Path, fs: &Fs) -> Result<()> {
        self.save(tmp)?;
        self.replay(out, tmp, fs).with_context(|| {
            format!(
                "the site in `{}` is partly replaced (every file whole, old or new); the next build finishes replacing it",
                out.display()
            )
        })
    }

    fn save(&self, tmp: &Path) -> Result<()> {
        let mut bytes = Vec::new();
        for (tag, paths) in [
            (b'M', &self.moves.iter().flat_map(|(a, b)| [a, b]).collect::<Vec<_>>()),
            (b'G', &self.gone.iter().collect()),
            (b'D', &self.dirs.iter().collect()),
        ] {
            for p in paths.iter() {
                bytes.push(tag);
                bytes.extend_from_slice(&path_bytes(p));
                bytes.push(0);
            }
        }
        let part = tmp.join(format!("{JOURNAL}.part"));
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&part)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            std::fs::rename(&part, tmp.join(JOURNAL))
        };
        write().with_context(|| format!("cannot write the journal in `{}`", tmp.display()))
    }

    /// Reads the journal a stage holds, if it holds a whole one.
    pub(super) fn load(tmp: &Path) -> Result<Option<Journal>> {
        let path = tmp.join(JOURNAL);
        let bytes = match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            r => r.with_context(|| format!("cannot read `{}`", path.display()))?,
        };
        let mut journal = Journal::default();
        let mut from: Option<PathBuf> = None;
        for entry in bytes.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let p = bytes_path(&entry[1..]);
            let valid = super::safe_rel(&p.to_string_lossy()).is_ok();
            match entry[0] {
                b'M' if valid => match from.take() {
                    None => from = Some(p),
                    Some(rel) => journal.moves.push((rel, p)),
                },
                b'G' if valid => journal.gone.push(p),
                b'D' if valid => journal.dirs.push(p),
                _ => anyhow::bail!("the journal `{}` is damaged; remove its folder and build again", path.display()),
            }
        }
        Ok(Some(journal))
    }

    /// Carries the journal out (again): deletes the files that are gone,
    /// moves the staged files still in the stage (the marker first) and
    /// removes the folders left empty.
    pub(super) fn replay(&self, out: &Path, tmp: &Path, fs: &Fs) -> Result<()> {
        self.gone.par_iter().try_for_each(|rel| {
            let path = out.join(rel);
            remove_if_there(std::fs::remove_file(&path)).with_context(|| format!("cannot remove `{}`", path.display()))
        })?;
        let (marker, rest): (Vec<_>, Vec<_>) = self.moves.iter().partition(|(rel, _)| rel == Path::new(MARKER));
        let place = |(rel, staged): &&(PathBuf, PathBuf)| -> Result<()> {
            let (from, to) = (tmp.join(staged), out.join(rel));
            if std::fs::symlink_metadata(&from).is_err() {
                return Ok(()); // Moved already.
            }
            // A folder where this file goes holds nothing this build made.
            if to.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                std::fs::remove_dir_all(&to).with_context(|| format!("cannot remove `{}`", to.display()))?;
            }
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
            }
            fs.move_file(&from, &to).with_context(|| format!("cannot move a new file to `{}`", to.display()))
        };
        marker.iter().try_for_each(place)?;
        rest.par_iter().try_for_each(place)?;
        for rel in &self.dirs {
            let path = out.join(rel);
            match std::fs::remove_dir(&path) {
                // Something wrote into it during the build: the next build removes it.
                Err(e) if e.kind() == std::io::ErrorKind::DirectoryNotEmpty => {}
                r => remove_if_there(r).with_context(|| format!("cannot remove `{}`", path.display()))?,
            }
        }
        Ok(())
    }
}

/// Finishes the commits of stages left beside `out` whose journal says they
/// had begun (oldest first), then removes every leftover stage. Returns how
/// many commits it finished. The caller holds the output's lock.
pub(super) fn finish_leftovers(out: &Path, prefix: &str) -> Result<usize> {
    let Some(parent) = out.parent() else { return Ok(0) };
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(0) };
    let mut stages: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| {
            let begun = std::fs::metadata(e.path().join(JOURNAL)).and_then(|m| m.modified());
            (begun.unwrap_or(std::time::UNIX_EPOCH), e.path())
        })
        .collect();
    stages.sort();
    let mut finished = 0;
    for (_, tmp) in stages {
        if let Some(journal) = Journal::load(&tmp)? {
            journal
                .replay(out, &tmp, &Fs::default())
                .with_context(|| format!("cannot finish the interrupted update of `{}`", out.display()))?;
            finished += 1;
        }
        std::fs::remove_dir_all(&tmp).with_context(|| format!("cannot remove leftover `{}`", tmp.display()))?;
    }
    Ok(finished)
}

/// A removal's result, where "it was not there" counts as done.
pub(super) fn remove_if_there(r: std::io::Result<()>) -> std::io::Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        r => r,
    }
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt as _;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn bytes_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt as _;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn bytes_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}
