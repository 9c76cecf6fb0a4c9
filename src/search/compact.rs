//! Postings as they are gathered: one compact list per term and thread
//! part, in a form that costs about three bytes per page a term is on
//! instead of eight, and the term's text once (the part's term map holds
//! it, the list does not).
//!
//! A [`Compact`] list holds (page, count) pairs as varints (coded by the
//! `integer-encoding` crate): the page as the zigzag-coded difference from
//! the previous page of the list (a thread takes pages mostly in order, so
//! the difference is small and positive, but it may step back when the
//! thread takes another range), then the count. [`merge`] brings the
//! parts' lists of each term together, still compact, sorted by term;
//! [`decode`] gives a term's postings, sorted by page, when its shard is
//! written.

use std::collections::BTreeMap;

use integer_encoding::VarInt;

use super::Postings;

/// One term's postings in one part, varint coded.
#[derive(Debug, Default, Clone)]
pub(super) struct Compact {
    bytes: Vec<u8>,
    last: u32,
}

/// Appends `v` as a varint (a signed value zigzag-coded first).
fn put<V: VarInt>(out: &mut Vec<u8>, v: V) {
    let mut buf = [0u8; 10];
    let n = v.encode_var(&mut buf);
    out.extend_from_slice(&buf[..n]);
}

/// The varint at the start of `bytes`, and the rest; `None` at the end
/// (or for bytes that are not this module's).
fn take<V: VarInt>(bytes: &[u8]) -> Option<(V, &[u8])> {
    let (v, n) = V::decode_var(bytes)?;
    Some((v, bytes.get(n..)?))
}

impl Compact {
    /// Adds page `page` with `count`.
    pub(super) fn push(&mut self, page: u32, count: u32) {
        put(&mut self.bytes, i64::from(page) - i64::from(self.last));
        put(&mut self.bytes, count);
        self.last = page;
    }

    /// The (page, count) pairs, in the order they were added.
    fn pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut rest = self.bytes.as_slice();
        let mut last = 0i64;
        std::iter::from_fn(move || {
            let (step, r) = take::<i64>(rest)?;
            let (count, r) = take::<u32>(r)?;
            rest = r;
            last += step;
            Some((last as u32, count))
        })
    }
}

/// The postings of a term from its parts' lists, sorted by page.
pub(super) fn decode(lists: &[Compact]) -> Postings {
    let mut out: Postings = Vec::with_capacity(lists.iter().map(|l| l.bytes.len() / 3).sum());
    for l in lists {
        out.extend(l.pairs());
    }
    out.sort_unstable();
    out
}

/// One thread's part of the index, as merged: each term with its number,
/// and the lists by number.
pub(super) type Part = (Vec<(Box<str>, u32)>, Vec<Compact>);

/// Every term of the parts, sorted, with its lists.
pub(super) fn merge(parts: impl IntoIterator<Item = Part>) -> BTreeMap<Box<str>, Vec<Compact>> {
    let mut all: BTreeMap<Box<str>, Vec<Compact>> = BTreeMap::new();
    for (ids, mut lists) in parts {
        for (term, id) in ids {
            let list = std::mem::take(&mut lists[id as usize]);
            all.entry(term).or_default().push(list);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_come_back_as_added_and_merged_lists_sorted() {
        let pages = [(5, 1), (6, 300), (2, 8), (70_000, 1), (u32::MAX, u32::MAX), (0, 2)];
        let mut c = Compact::default();
        for (p, n) in pages {
            c.push(p, n);
        }
        assert_eq!(c.pairs().collect::<Vec<_>>(), pages);
        // Small forward steps take one byte each, with a small count.
        let mut small = Compact::default();
        (1..=100).for_each(|p| small.push(p, 1));
        assert_eq!(small.bytes.len(), 200);
        let mut other = Compact::default();
        other.push(3, 4);
        let mut sorted = pages.to_vec();
        sorted.push((3, 4));
        sorted.sort_unstable();
        assert_eq!(decode(&[c, other]), sorted);
    }

    #[test]
    fn merge_joins_a_term_across_parts_in_term_order() {
        let part = |terms: &[&str], page: u32| {
            let ids: Vec<(Box<str>, u32)> = terms.iter().enumerate().map(|(i, t)| ((*t).into(), i as u32)).collect();
            let lists = terms
                .iter()
                .map(|_| {
                    let mut c = Compact::default();
                    c.push(page, 1);
                    c
                })
                .collect();
            (ids, lists)
        };
        let all = merge([part(&["zeta", "alpha"], 1), part(&["alpha"], 0)]);
        let terms: Vec<&str> = all.keys().map(|t| &**t).collect();
        assert_eq!(terms, ["alpha", "zeta"]);
        assert_eq!(decode(&all["alpha"]), [(0, 1), (1, 1)]);
    }
}
