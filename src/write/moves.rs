//! The filesystem calls that put staged files in place, behind one seam
//! ([`Fs`]) so tests can make them fail as a mount point or a full disk
//! does.
//!
//! An output folder that is a mount point (a Docker volume) cannot be
//! swapped: `renameat2(RENAME_EXCHANGE)` and `rename` of the folder fail
//! with `EBUSY`, and a staged file renamed into it from the stage beside it
//! (another filesystem) fails with `EXDEV`. [`cannot_swap`] tells those
//! apart; the caller then updates the folder in place, and [`Fs::move_file`]
//! copies a file across filesystems into a temporary file beside its target
//! and renames that over it, so each file still changes atomically.

use std::io;
use std::path::Path;

/// The seam the commit's swaps and moves go through. Outside tests it is
/// the filesystem itself.
#[derive(Debug, Default)]
pub(super) struct Fs {
    #[cfg(test)]
    pub(super) faults: Faults,
}

/// Failures a test injects: an `errno` for the exchange, and one for every
/// move into the output after the first `after` moves.
#[cfg(test)]
#[derive(Debug, Default)]
pub(super) struct Faults {
    pub(super) exchange: Option<i32>,
    pub(super) moves: Option<(i32, usize)>,
    pub(super) moved: std::sync::atomic::AtomicUsize,
}

impl Fs {
    /// Atomically exchanges two folders (two renames where the system has
    /// no exchange call).
    pub(super) fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        #[cfg(test)]
        if let Some(errno) = self.faults.exchange {
            return Err(io::Error::from_raw_os_error(errno));
        }
        exchange(a, b)
    }

    /// Moves the staged file `from` to `to` in the output, replacing what
    /// is there atomically; across filesystems by a copy beside `to`.
    pub(super) fn move_file(&self, from: &Path, to: &Path) -> io::Result<()> {
        match self.rename(from, to) {
            Err(e) if e.raw_os_error() == Some(libc::EXDEV) => copy_over(from, to),
            r => r,
        }
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        #[cfg(test)]
        if let Some((errno, after)) = self.faults.moves {
            let n = self.faults.moved.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if n >= after {
                return Err(io::Error::from_raw_os_error(errno));
            }
        }
        std::fs::rename(from, to)
    }
}

/// Whether a failed swap means the output folder cannot be replaced as a
/// whole (a mount point, another filesystem), so it must be updated in place.
pub(super) fn cannot_swap(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EBUSY) | Some(libc::EXDEV))
}

/// Copies `from` into a temporary file in `to`'s folder, renames it over
/// `to`, then removes `from`.
fn copy_over(from: &Path, to: &Path) -> io::Result<()> {
    let dir = to.parent().ok_or_else(|| io::Error::other("a file in the output has no folder"))?;
    let tmp = tempfile::Builder::new().prefix(".pivotbook-tmp-").tempfile_in(dir)?;
    std::fs::copy(from, tmp.path())?;
    tmp.persist(to).map_err(|e| e.error)?;
    std::fs::remove_file(from)
}

/// Atomically exchanges two folders.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the
    // call; renameat2 does not retain them.
    let rc =
        unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    if matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
        return exchange_by_rename(a, b);
    }
    Err(err)
}

/// Exchanges two folders with two renames (not atomic; for systems or
/// filesystems without an exchange call).
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    exchange_by_rename(a, b)
}

fn exchange_by_rename(a: &Path, b: &Path) -> io::Result<()> {
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        // Put the output folder back.
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)
}
