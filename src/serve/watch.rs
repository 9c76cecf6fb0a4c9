//! File watching for `serve`: notify with notify-debouncer-full, so a save
//! that an editor makes in several steps (write a temporary file, rename it
//! over the old one) arrives as one batch of paths. Reads (open and close
//! without writing, which every build does) are not changes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context as _, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long a path must be quiet before its change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// What the rebuild loop receives.
#[derive(Debug)]
pub(super) enum Msg {
    /// Paths that changed.
    Paths(Vec<PathBuf>),
    /// Ctrl-C: stop.
    Stop,
    /// The link graph's layout thread finished.
    GraphReady,
}

/// The watcher: stops when dropped.
pub(super) struct Watcher(Debouncer<RecommendedWatcher, RecommendedCache>);

impl Watcher {
    /// Watches `dir` again, recursively: the folder at that path may be
    /// another one now (moved away and back, or replaced by a copy), which
    /// the old watch does not see.
    pub(super) fn rewatch(&mut self, dir: &Path) -> Result<()> {
        let _ = self.0.unwatch(dir);
        self.0.watch(dir, RecursiveMode::Recursive).with_context(|| format!("cannot watch `{}`", dir.display()))
    }
}

/// Watches the content folder, the site's templates and themes (recursively)
/// and the root itself (for the config file and the content folder's
/// coming and going); sends each debounced batch.
pub(super) fn start(root: &Path, content: &Path, tx: Sender<Msg>) -> Result<Watcher> {
    let mut d = new_debouncer(DEBOUNCE, Some(DEBOUNCE / 4), move |res: DebounceEventResult| match res {
        Ok(events) => {
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(Msg::Paths(paths));
            }
        }
        Err(errors) => {
            for e in errors {
                eprintln!("warning: watching files failed: {e}");
            }
        }
    })
    .context("cannot start watching files")?;
    let w = &mut d;
    w.watch(content, RecursiveMode::Recursive).with_context(|| format!("cannot watch `{}`", content.display()))?;
    w.watch(root, RecursiveMode::NonRecursive).with_context(|| format!("cannot watch `{}`", root.display()))?;
    for dir in ["templates", "themes"] {
        let p = root.join(dir);
        if p.is_dir() {
            w.watch(&p, RecursiveMode::Recursive).with_context(|| format!("cannot watch `{}`", p.display()))?;
        }
    }
    Ok(Watcher(d))
}
