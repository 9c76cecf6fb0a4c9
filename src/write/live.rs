//! serve's output folder, kept live: files are written one by one (never
//! through the build's staging swap), each only when its bytes changed,
//! through a temporary file renamed over the old one so the server never
//! reads half a page; files the site no longer has are deleted. Everything
//! serve writes goes through here.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::{safe_rel, OutputLock, Sink};

/// The folder serve writes to, and what it holds.
#[derive(Debug)]
pub struct Live {
    dir: PathBuf,
    /// Every file written, relative, `/`-separated.
    pub written: HashSet<String>,
    /// Files that are not rendered pages (static files, assets, marker).
    pub statics: HashSet<String>,
    /// Whether the folder is being served: then files are replaced through
    /// a temporary file and a rename, never written in place.
    live: bool,
    /// The temporary folder, removed when dropped.
    _temp: Option<tempfile::TempDir>,
    /// With `--out`, the folder's lock, held while serve runs: a build into
    /// it meanwhile stops with exit 2 instead of mixing its files with serve's.
    _lock: Option<OutputLock>,
}

impl Live {
    /// `dir`, checked as `build` checks its output and emptied; or, without
    /// one, a new temporary folder that is removed when the output is dropped.
    pub fn new(dir: Option<&Path>, root: &Path, content: &Path) -> Result<Live> {
        let (dir, temp, lock) = match dir {
            Some(d) => {
                let lock = OutputLock::acquire(d, root, content)?;
                let d = lock.out().to_path_buf();
                if d.exists() {
                    std::fs::remove_dir_all(&d).with_context(|| format!("cannot empty `{}`", d.display()))?;
                }
                std::fs::create_dir_all(&d).with_context(|| format!("cannot create `{}`", d.display()))?;
                (d, None, Some(lock))
            }
            None => {
                let t = tempfile::Builder::new()
                    .prefix("pivotbook-serve-")
                    .tempdir()
                    .context("cannot create a temporary folder")?;
                (t.path().to_path_buf(), Some(t), None)
            }
        };
        Ok(Live { dir, written: HashSet::new(), statics: HashSet::new(), live: false, _temp: temp, _lock: lock })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// From now on the folder is served: files are replaced atomically.
    pub fn set_live(&mut self) {
        self.live = true;
    }

    /// Writes `bytes` at `rel` unless the file already holds them (or
    /// `previous`, its bytes as read before, equals them); returns whether
    /// it wrote.
    pub fn write(&self, rel: &str, bytes: &[u8], previous: Option<&[u8]>) -> Result<bool> {
        let path = self.dir.join(safe_rel(rel)?);
        let same = match previous {
            Some(old) => old == bytes,
            None => std::fs::read(&path).is_ok_and(|old| old == bytes),
        };
        if same {
            return Ok(false);
        }
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        if !self.live {
            std::fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
            return Ok(true);
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".pivotbook-tmp-")
            .tempfile_in(parent)
            .with_context(|| format!("cannot write in `{}`", parent.display()))?;
        tmp.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        tmp.persist(&path).with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(true)
    }

    /// Copies a file to `rel` unless it already holds the same bytes.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<bool> {
        let bytes = std::fs::read(from).with_context(|| format!("cannot read `{}`", from.display()))?;
        self.write(rel, &bytes, None)
    }

    /// Deletes a written file (and the folders it leaves empty).
    pub fn remove(&mut self, rel: &str) {
        let path = self.dir.join(rel);
        let _ = std::fs::remove_file(&path);
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.dir) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        self.written.remove(rel);
    }

    /// Deletes every written file that is not in `expected`; returns them.
    pub fn remove_stale(&mut self, expected: &HashSet<&str>) -> Vec<String> {
        let mut stale: Vec<String> = self.written.iter().filter(|r| !expected.contains(r.as_str())).cloned().collect();
        stale.sort();
        for rel in &stale {
            self.remove(rel);
        }
        stale
    }
}

impl Sink for Live {
    fn previous(&self, rel: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(safe_rel(rel).ok()?)).ok()
    }

    fn put(&self, rel: &str, bytes: &[u8], previous: Option<&[u8]>) -> Result<bool> {
        self.write(rel, bytes, previous)
    }
}
