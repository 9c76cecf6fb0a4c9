//! One writer per output folder: an exclusive advisory lock on a file
//! beside it (`.public.pivotbook-lock`, never inside the published site),
//! held from before the previous site is read until the new one is in
//! place.
//!
//! A second build into the same folder does not wait: it stops at once
//! (exit 2) naming the folder and the process holding it. The lock is the
//! operating system's (`flock`, `LockFileEx` on Windows, through `fs4`), so a
//! killed build never leaves a stale lock; the file itself is removed when
//! the lock is released, and a process that locked a file another removed
//! meanwhile tries again.

use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

/// The lock on one output folder, released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    out: PathBuf,
    path: PathBuf,
    file: std::fs::File,
    /// Commits of earlier builds this one finished (see `journal`).
    finished: usize,
}

impl OutputLock {
    /// Checks `out` (as [`super::check_output`]), locks it, finishes a
    /// commit an earlier build left halfway and removes its leftovers.
    pub fn acquire(out: &Path, root: &Path, content: &Path) -> Result<OutputLock> {
        let out = super::check_folder(out, root, content)?;
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        let path = lock_path(&out);
        let file = lock(&out, &path)?;
        let mut lock = OutputLock { out, path, file, finished: 0 };
        // The folder may have changed while this build waited for nothing
        // else to hold it: check it again, now that nothing else writes it.
        super::check_folder(&lock.out, root, content)?;
        lock.finished = super::journal::finish_leftovers(&lock.out, &super::tmp_prefix(&lock.out))?;
        Ok(lock)
    }

    /// The output folder (absolute).
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// How many commits of earlier builds, interrupted after they had begun
    /// to change the output folder, this one finished before anything else.
    pub fn finished(&self) -> usize {
        self.finished
    }
}

/// The lock file of the output folder `out`: beside it.
fn lock_path(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    out.with_file_name(format!(".{name}.pivotbook-lock"))
}

/// Fails, as [`OutputLock::acquire`] would, when a build holds `out` now.
pub(super) fn probe(out: &Path) -> Result<()> {
    let path = lock_path(out);
    let Ok(file) = std::fs::File::open(&path) else { return Ok(()) };
    match fs4::FileExt::try_lock_shared(&file) {
        Err(fs4::TryLockError::WouldBlock) => Err(busy(out, &path, file)),
        _ => Ok(()),
    }
}

/// The error for an output folder another process holds.
fn busy(out: &Path, path: &Path, mut file: std::fs::File) -> anyhow::Error {
    // The holder writes its pid just after it locks: give it a moment.
    let mut holder = String::new();
    for _ in 0..20 {
        let _ = file.rewind().and_then(|()| file.read_to_string(&mut holder));
        if !holder.trim().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let holder = holder.trim();
    let holder = if holder.is_empty() { String::new() } else { format!(" ({holder})") };
    anyhow::anyhow!(
        "the output folder `{}` is being written by another pivotbook{holder}; wait for it to finish, or build into another folder with --out (lock file `{}`)",
        out.display(),
        path.display()
    )
}

/// Locks the file at `path`, created if need be.
fn lock(out: &Path, path: &Path) -> Result<std::fs::File> {
    for _ in 0..8 {
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .with_context(|| format!("cannot create the lock file `{}`", path.display()))?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => return Err(busy(out, path, file)),
            Err(fs4::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", path.display()));
            }
        }
        // Locked; but if the holder before removed the file meanwhile, this
        // lock is on a file nobody else will see: try again.
        if !same_file(&file, path) {
            continue;
        }
        let holder = format!("pid {}", std::process::id());
        let _ = file.set_len(0).and_then(|()| file.rewind()).and_then(|()| file.write_all(holder.as_bytes()));
        return Ok(file);
    }
    bail!("cannot lock `{}`: it keeps being replaced", path.display())
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::File, path: &Path) -> bool {
    path.exists()
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the file handle.
        let _ = std::fs::remove_file(&self.path);
        let _ = fs4::FileExt::unlock(&self.file);
    }
}
