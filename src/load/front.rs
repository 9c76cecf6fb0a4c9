//! Where a file's front matter ends and its body starts: YAML between
//! `---` lines (or closed by `...`), a first `---` that nothing closes
//! (no front matter: `model` says so), and TOML between `+++` lines, as
//! Zola and Hugo write it, which is left out of the body unread.

use std::ops::Range;

/// Where the front matter and the body of a file are.
pub(super) struct Split {
    pub(super) front: Option<Range<usize>>,
    pub(super) front_line: u32,
    pub(super) body: Range<usize>,
    pub(super) body_line: u32,
    /// A front matter block was opened and never closed (then there is
    /// none, and the whole text is the body).
    pub(super) unclosed: bool,
    /// The body follows a TOML block (`+++` … `+++`), not read.
    pub(super) toml: bool,
}

/// Splits a text into front matter and body: the YAML range, its first
/// line, the body range and the body's first line.
pub(super) fn split_front_matter(text: &str) -> Split {
    let none =
        |unclosed| Split { front: None, front_line: 1, body: 0..text.len(), body_line: 1, unclosed, toml: false };
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() == "+++" {
        // TOML, up to its closing `+++`: out of the body, unread.
        let mut offset = (first_line_end + 1).min(text.len());
        for (line, l) in (2u32..).zip(text[offset..].split_inclusive('\n')) {
            offset += l.len();
            if l.trim_end() == "+++" {
                return Split { body: offset..text.len(), body_line: line + 1, toml: true, ..none(false) };
            }
        }
        return none(false);
    }
    if text[..first_line_end].trim_end() != "---" {
        return none(false);
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, l) in (2u32..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + l.len();
            return Split {
                front: Some(yaml_start..offset),
                front_line: 2,
                body: body_start..text.len(),
                body_line: line + 1,
                unclosed: false,
                toml: false,
            };
        }
        offset += l.len();
    }
    none(true)
}
