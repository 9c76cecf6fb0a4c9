//! Updating a previous site in place: the [`Survey`] of its files, made
//! on a thread of its own while the pages are parsed and linked, and the [`Update`] that
//! keeps unchanged files, stages the rest flat and puts them in place at
//! commit (see the parent module for the whole scheme).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

use anyhow::{anyhow, Result};

use super::journal::Journal;
use super::{absolute, MARKER};

/// What an update keeps track of between the first write and commit.
#[derive(Debug)]
pub(super) struct Update {
    survey: Survey,
    /// Every path this build produced, kept or staged.
    produced: Mutex<Vec<PathBuf>>,
    /// Changed files: (path in the site, file in the stage).
    staged: Mutex<Vec<(PathBuf, PathBuf)>>,
}

/// The previous site's files, listed on a thread of its own: started early
/// in a build, waited for at the first write.
#[derive(Debug)]
pub struct Survey {
    out: PathBuf,
    walker: Mutex<Option<JoinHandle<Result<Listing, String>>>>,
    listing: OnceLock<Result<Listing, String>>,
}

/// What a [`Survey`] found, as paths relative to the output folder.
#[derive(Debug, Default)]
struct Listing {
    /// Regular files.
    files: HashSet<PathBuf>,
    /// Folders.
    dirs: Vec<PathBuf>,
    /// Anything else (symbolic links, sockets, ...): never part of a site.
    others: Vec<PathBuf>,
}

impl Survey {
    /// Starts listing `out` when it holds a site pivotbook wrote; `None`
    /// when it does not.
    pub fn start(out: &Path) -> Option<Survey> {
        let out = absolute(out).ok()?;
        if !out.join(MARKER).is_file() {
            return None;
        }
        let dir = out.clone();
        let walker = std::thread::spawn(move || list(&dir));
        Some(Survey { out, walker: Mutex::new(Some(walker)), listing: OnceLock::new() })
    }

    /// Whether this is the survey of `out`.
    pub(super) fn is_of(&self, out: &Path) -> bool {
        self.out == out
    }

    fn listing(&self) -> Result<&Listing> {
        let listing = self.listing.get_or_init(|| {
            let walker = self.walker.lock().map_err(|_| "the survey was poisoned".to_string())?.take();
            walker
                .ok_or_else(|| "the survey was lost".to_string())?
                .join()
                .map_err(|_| "the survey stopped".to_string())?
        });
        listing.as_ref().map_err(|e| anyhow!("cannot list the previous site in `{}`: {e}", self.out.display()))
    }
}

/// Lists a folder's tree without following symbolic links.
fn list(out: &Path) -> Result<Listing, String> {
    let mut listing = Listing::default();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(|e| e.to_string())?;
        let rel = entry.path().strip_prefix(out).map_err(|e| e.to_string())?.to_path_buf();
        let kind = entry.file_type();
        if kind.is_file() {
            listing.files.insert(rel);
        } else if kind.is_dir() {
            listing.dirs.push(rel);
        } else {
            listing.others.push(rel);
        }
    }
    Ok(listing)
}

impl Update {
    pub(super) fn new(survey: Survey) -> Update {
        Update { survey, produced: Mutex::default(), staged: Mutex::default() }
    }

    /// Whether the previous site has a regular file at `rel` (reached
    /// without a symbolic link).
    pub(super) fn had(&self, rel: &Path) -> bool {
        self.survey.listing().is_ok_and(|l| l.files.contains(rel))
    }

    /// Records that this build produces `rel`; whether the previous site
    /// has a regular file there (reached without a symbolic link).
    pub(super) fn produce(&self, rel: &Path) -> Result<bool> {
        let known = self.survey.listing()?.files.contains(rel);
        self.produced.lock().map_err(|_| anyhow!("a writer panicked"))?.push(rel.to_path_buf());
        Ok(known)
    }

    /// A new file in the stage for `rel`, named by its number.
    pub(super) fn stage(&self, tmp: &Path, rel: &Path) -> Result<PathBuf> {
        let mut staged = self.staged.lock().map_err(|_| anyhow!("a writer panicked"))?;
        let path = tmp.join(staged.len().to_string());
        staged.push((rel.to_path_buf(), path.clone()));
        Ok(path)
    }

    /// The commit's steps: delete what the previous site has and this one
    /// does not, move the staged files into place, remove the folders left
    /// empty.
    pub(super) fn journal(self) -> Result<Journal> {
        let old = self.survey.listing()?;
        let produced: HashSet<PathBuf> =
            self.produced.into_inner().map_err(|_| anyhow!("a writer panicked"))?.into_iter().collect();
        let staged = self.staged.into_inner().map_err(|_| anyhow!("a writer panicked"))?;
        let gone = old.files.iter().filter(|f| !produced.contains(*f)).chain(&old.others).cloned().collect();
        let needed: HashSet<&Path> = produced.iter().flat_map(|p| p.ancestors().skip(1)).collect();
        // Folders no new file is in, except those a new file replaced.
        let mut dirs: Vec<PathBuf> = old
            .dirs
            .iter()
            .filter(|d| !needed.contains(d.as_path()) && !d.ancestors().any(|a| produced.contains(a)))
            .cloned()
            .collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        let moves = staged
            .into_iter()
            .map(|(rel, from)| (rel, from.file_name().map(PathBuf::from).unwrap_or_default()))
            .collect();
        Ok(Journal { moves, gone, dirs })
    }
}
