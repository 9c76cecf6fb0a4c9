//! One thread's part of the search index while pages render: each term
//! interned once (a number per term), the page being added counted term by
//! term, and every term's postings kept compact ([`super::compact`]).
//! Counting a word is a hash lookup, and for a term of up to 15 bytes (most
//! words) the lookup hashes and compares the term packed into two integers
//! ([`Packed`]), without reading its bytes from a second place in memory.

use foldhash::HashMap;

use super::compact::{Compact, Part};
use super::PageInfo;

/// One thread's part of the index. Terms are interned: a term seen before
/// costs a hash lookup and no allocation.
#[derive(Debug, Default)]
pub(super) struct Local {
    /// Terms of up to [`Packed::MAX`] bytes (most words), packed → their
    /// numbers in this part.
    short: HashMap<Packed, u32>,
    /// Longer terms → their numbers (the one copy of the term's text).
    ids: HashMap<Box<str>, u32>,
    /// By term number: its postings (page number, count), compact.
    lists: Vec<Compact>,
    /// By term number: the count on the page being added (zero otherwise).
    counts: Vec<u32>,
    /// Term numbers with a count on the page being added.
    touched: Vec<u32>,
    /// The pages added, by number (a build's collector hands them to the
    /// bundles instead).
    pub(super) pages: Vec<(u32, PageInfo)>,
}

/// A term of at most [`Packed::MAX`] bytes: its bytes, then zeros, with its
/// length in the last byte, so that two terms pack alike only when equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Packed(u64, u64);

impl Packed {
    const MAX: usize = 15;

    fn new(term: &str) -> Option<Packed> {
        let b = term.as_bytes();
        let n = b.len();
        // Reads of whole words, the last one overlapping the first and
        // shifted past the bytes they share, instead of a copy of `n` bytes.
        let u64_at = |i: usize| b.get(i..i + 8).and_then(|w| w.try_into().ok()).map_or(0, u64::from_le_bytes);
        let u32_at = |i: usize| b.get(i..i + 4).and_then(|w| w.try_into().ok()).map_or(0, u32::from_le_bytes);
        let (lo, hi) = match n {
            0 => (0, 0),
            1..=3 => (b.iter().rev().fold(0u64, |v, &c| v << 8 | u64::from(c)), 0),
            4..=7 => (u64::from(u32_at(0)) | (u64::from(u32_at(n - 4)) >> (8 * (8 - n))) << 32, 0),
            8 => (u64_at(0), 0),
            9..=15 => (u64_at(0), u64_at(n - 8) >> (8 * (16 - n))),
            _ => return None,
        };
        Some(Packed(lo, hi | (n as u64) << 56))
    }

    /// The term back.
    fn term(self) -> Box<str> {
        let mut b = [0; 16];
        b[..8].copy_from_slice(&self.0.to_le_bytes());
        b[8..].copy_from_slice(&self.1.to_le_bytes());
        let len = usize::from(b[15]).min(Packed::MAX);
        // Packed from a `&str` whole, so these bytes are its UTF-8.
        String::from_utf8_lossy(&b[..len]).into()
    }
}

impl Local {
    #[inline]
    pub(super) fn count(&mut self, term: &str, by: u32) {
        let next = self.lists.len() as u32;
        let id = match Packed::new(term) {
            Some(p) => *self.short.entry(p).or_insert(next),
            None => match self.ids.get(term) {
                Some(&id) => id,
                None => {
                    self.ids.insert(term.into(), next);
                    next
                }
            },
        };
        if id == next {
            self.lists.push(Compact::default());
            self.counts.push(0);
        }
        let c = &mut self.counts[id as usize];
        if *c == 0 {
            self.touched.push(id);
        }
        *c += by;
    }

    /// Ends page `n`: its counts become postings.
    pub(super) fn end_page(&mut self, n: u32) {
        for id in self.touched.drain(..) {
            let c = std::mem::take(&mut self.counts[id as usize]);
            self.lists[id as usize].push(n, c);
        }
    }

    /// Its terms with their numbers and its lists, for the merge, and its
    /// pages.
    pub(super) fn into_parts(self) -> (Part, Vec<(u32, PageInfo)>) {
        let terms = self.ids.into_iter().chain(self.short.into_iter().map(|(p, id)| (p.term(), id))).collect();
        ((terms, self.lists), self.pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_term_unpacks_to_itself_and_no_two_terms_pack_alike() {
        let mut terms: Vec<String> = (0..=17).map(|n| (0..n).map(|i| char::from(b'a' + i as u8)).collect()).collect();
        terms.extend(["zürich", "σοφος", "ünïted", "a\0", "a\0\0", "\0", "ab", "ba", "abcdefgh\0"].map(String::from));
        terms.sort();
        terms.dedup();
        let mut seen = std::collections::HashMap::new();
        for t in &terms {
            match Packed::new(t) {
                Some(p) => {
                    assert!(t.len() <= Packed::MAX);
                    assert_eq!(&*p.term(), t.as_str());
                    assert_eq!(seen.insert(p, t), None, "{t:?} packs as another term");
                }
                None => assert!(t.len() > Packed::MAX, "{t:?}"),
            }
        }
        assert_eq!(seen.len(), terms.iter().filter(|t| t.len() <= Packed::MAX).count());
    }
}
