//! Bodies that are not held: a build loads each markdown file's front
//! matter and the first line of its body ([`SourceDoc::lead`]) and lets
//! the rest go ([`SourceDoc::release_body`]); [`Corpus::body`] reads a body
//! back from disk when the link scan and the renderer need it, and refuses
//! a file that changed since it was loaded ([`Stamp`]).

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::ops::Range;

use super::{decode, Corpus, SourceDoc};
use crate::diag::{Diagnostic, Span};

/// What a file was when it was loaded: its length and a hash of its
/// bytes. A body read back from disk ([`Corpus::body`]) must match it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    hash: u64,
}

impl Stamp {
    /// The stamp of a file's bytes.
    pub fn of(bytes: &[u8]) -> Stamp {
        // Fixed seed: stamps are compared within one run, never stored.
        Stamp { len: bytes.len() as u64, hash: foldhash::fast::FixedState::with_seed(0x5eed).hash_one(bytes) }
    }
}

impl SourceDoc {
    /// Whether the whole body is held in memory.
    pub fn is_held(&self) -> bool {
        !self.dropped
    }

    /// The body up to the end of its first non-blank line (all of it when
    /// blank): what a note's title may be read from, held even once the
    /// body is let go.
    pub fn lead(&self) -> &str {
        self.text.get(self.body.start..self.lead_end).unwrap_or("")
    }

    /// Lets the body go but its [`SourceDoc::lead`]; [`Corpus::body`]
    /// reads it back from disk.
    pub fn release_body(&mut self) {
        self.text.truncate(self.lead_end);
        self.text.shrink_to_fit();
        self.dropped = true;
    }
}

impl Corpus {
    /// The body of document `i`: the text held, or, once let go, read back
    /// from its file, which must be the file loaded (same length and hash).
    /// A file changed or removed since is a located error: a page is never
    /// scanned or rendered from text the build did not load.
    pub fn body(&self, i: usize) -> Result<Cow<'_, str>, Diagnostic> {
        let doc = &self.docs[i];
        if !doc.dropped {
            return Ok(Cow::Borrowed(doc.body_text()));
        }
        let changed = |why: String| {
            Diagnostic::error(
                "changed-during-build",
                Span::file(&doc.display),
                format!("this file changed during the build ({why}), so its page was not built from it"),
            )
            .with_help("build again once the file is saved")
        };
        let bytes =
            std::fs::read(self.content_dir.join(&doc.rel)).map_err(|e| changed(format!("cannot read it: {e}")))?;
        if Stamp::of(&bytes) != doc.stamp {
            return Err(changed("its text differs from the text loaded".into()));
        }
        // The bytes loaded, so they decode as they did then.
        let mut text = decode(bytes).map_err(|_| changed("it is no longer valid UTF-8".into()))?;
        if text.get(doc.body.clone()).is_none() {
            return Err(changed("its body is not where it was".into()));
        }
        text.truncate(doc.body.end);
        text.replace_range(..doc.body.start, "");
        Ok(Cow::Owned(text))
    }
}

/// Where the first non-blank line of the body in `text[body]` ends (the
/// body's end when it is blank).
pub(super) fn lead_end(text: &str, body: &Range<usize>) -> usize {
    let mut at = body.start;
    for line in text.get(body.clone()).unwrap_or("").split_inclusive('\n') {
        at += line.len();
        if !line.trim().is_empty() {
            return at;
        }
    }
    body.end
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use ignore::gitignore::Gitignore;

    use super::super::{load_ignoring, read_doc, Bodies, SourceDoc};
    use crate::kinds::Kinds;

    fn doc(text: &str) -> SourceDoc {
        read_doc(Path::new("notes/a.md"), Path::new("content/notes/a.md"), text.as_bytes().to_vec(), &Kinds::default())
            .unwrap()
    }

    #[test]
    fn a_released_body_keeps_front_matter_and_lead_and_reads_back_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("notes")).unwrap();
        let file = content.join("notes/a.md");
        std::fs::write(&file, "\u{feff}---\r\ntitle: x\r\n---\r\n\r\n# Head\r\nmore text\r\n").unwrap();
        let load = |bodies| {
            load_ignoring(dir.path(), &content, Arc::default(), &Gitignore::empty(), bodies, Default::default())
        };
        let (held, _) = load(Bodies::Held);
        let (corpus, diags) = load(Bodies::OnDisk);
        assert!(diags.is_empty(), "{diags:?}");
        let doc = &corpus.docs[0];
        assert!(!doc.is_held() && held.docs[0].is_held());
        assert_eq!((doc.front_text(), doc.lead()), ("title: x\n", "\n# Head\n"));
        assert_eq!(corpus.body(0).unwrap(), held.body(0).unwrap());
        assert_eq!(corpus.body(0).unwrap(), "\n# Head\nmore text\n");
        // The same length, other bytes: the page is not built from it.
        std::fs::write(&file, "\u{feff}---\r\ntitle: x\r\n---\r\n\r\n# Head\r\nMORE text\r\n").unwrap();
        let e = corpus.body(0).unwrap_err();
        assert_eq!((e.code, e.span.path.as_path()), ("changed-during-build", Path::new("content/notes/a.md")));
        std::fs::remove_file(&file).unwrap();
        assert_eq!(corpus.body(0).unwrap_err().code, "changed-during-build");
        // A held body is never read again.
        assert_eq!(held.body(0).unwrap(), "\n# Head\nmore text\n");
    }

    #[test]
    fn bodies_are_held_while_the_whole_content_fits_the_budget_and_else_none_is() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("notes")).unwrap();
        for (name, text) in [("a", "one two\n"), ("b", "three four\n"), ("c", "five six\n")] {
            std::fs::write(content.join(format!("notes/{name}.md")), text).unwrap();
        }
        let load = |bodies| {
            load_ignoring(dir.path(), &content, Arc::default(), &Gitignore::empty(), bodies, Default::default()).0
        };
        // 28 bytes in all.
        let held: Vec<bool> = load(Bodies::OnDiskBeyond(28)).docs.iter().map(SourceDoc::is_held).collect();
        assert_eq!(held, [true, true, true]);
        // One byte over: none is held, not even the files read before the budget ran out.
        let corpus = load(Bodies::OnDiskBeyond(27));
        assert!(corpus.docs.iter().all(|d| !d.is_held()));
        assert_eq!(corpus.body(1).unwrap(), "three four\n");
    }

    #[test]
    fn lead_ends_at_the_first_line_that_is_not_blank() {
        assert_eq!(doc("---\nt: 1\n---\n\n  \n# T\nrest\n").lead(), "\n  \n# T\n");
        assert_eq!(doc("# T").lead(), "# T");
        assert_eq!(doc("\n\n").lead(), "\n\n");
    }
}
