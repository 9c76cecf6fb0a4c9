//! A build's index, written while it is gathered instead of held whole.
//!
//! A page's URL, title and snippet text are needed only for its bundle
//! (`search/d/`, `search/s/`): [`Bundles`] keeps each bundle's pages until
//! the last of them is indexed, then gives the bundle's file, so at 100,000
//! notes the snippet text of every page (about 100 MB) is never held at
//! once. Render threads take pages in output path order, a few ranges at a
//! time, so only the bundles around those ranges wait. What stays is each
//! page's kind, which `meta.json` lists as runs.
//!
//! At the end, [`shards`] decodes and writes the term shards one at a
//! time, so neither every term's postings nor every shard file is held.
//!
//! `serve` keeps the whole index instead ([`super::Index`]), to rewrite
//! what an edit changes.

use std::collections::BTreeMap;
use std::sync::Mutex;

use foldhash::{HashMap, HashMapExt as _};
use rayon::prelude::*;

use super::compact::{self, Compact};
use super::{shard_files, shard_key, PageInfo, Postings, Shard, BUNDLE, TEXT_BUNDLE};

/// A file of the index: its path and bytes.
pub type File = (String, Vec<u8>);

/// The pages of one bundle seen so far, by place in the bundle.
#[derive(Debug)]
struct Pending<T> {
    slots: Vec<Option<T>>,
    missing: usize,
}

/// Puts page `n`'s `item` into its bundle of `size` pages (of `pages` in
/// all); the bundle's number and items, in page order, once it is complete.
fn put<T>(waiting: &mut HashMap<u32, Pending<T>>, size: u32, pages: u32, n: u32, item: T) -> Option<(u32, Vec<T>)> {
    let b = n / size;
    let len = pages.saturating_sub(b * size).clamp(1, size) as usize;
    let p = waiting.entry(b).or_insert_with(|| Pending { slots: (0..len).map(|_| None).collect(), missing: len });
    let at = (n % size) as usize;
    if at >= p.slots.len() {
        // Past the page count given: kept, and written with the rest at the end.
        p.missing += at + 1 - p.slots.len();
        p.slots.resize_with(at + 1, || None);
    }
    if p.slots[at].is_none() {
        p.missing -= 1;
    }
    p.slots[at] = Some(item);
    if p.missing > 0 {
        return None;
    }
    let done = waiting.remove(&b)?;
    Some((b, done.slots.into_iter().flatten().collect()))
}

/// What a result shows of a page, as its bundle lists it.
type Shown = (String, String, &'static str);

#[derive(Debug, Default)]
struct State {
    /// By page number: its kind, once indexed.
    kinds: Vec<Option<&'static str>>,
    shown: HashMap<u32, Pending<Shown>>,
    text: HashMap<u32, Pending<Vec<String>>>,
}

/// The bundles of a build's pages, each given out once its pages are all indexed.
#[derive(Debug)]
pub(super) struct Bundles {
    pages: u32,
    state: Mutex<State>,
}

impl Bundles {
    /// Bundles for `pages` pages, numbered from 0.
    pub(super) fn new(pages: u32) -> Bundles {
        let state = State { kinds: vec![None; pages as usize], shown: HashMap::new(), text: HashMap::new() };
        Bundles { pages, state: Mutex::new(state) }
    }

    /// Adds page `n`; the files of the bundles it completed.
    pub(super) fn add(&self, n: u32, info: PageInfo) -> Vec<File> {
        let PageInfo { url, title, kind, text } = info;
        let (shown, text) = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let s = &mut *s;
            if s.kinds.len() <= n as usize {
                s.kinds.resize(n as usize + 1, None);
            }
            s.kinds[n as usize] = Some(kind);
            let shown = put(&mut s.shown, BUNDLE, self.pages, n, (url, title, kind));
            let text = put(&mut s.text, TEXT_BUNDLE, self.pages, n, text);
            (shown, text)
        };
        let mut files = Vec::new();
        if let Some((b, rows)) = shown {
            files.push(shown_file(b as usize, &rows));
        }
        if let Some((b, texts)) = text {
            files.push(text_file(b as usize, &texts));
        }
        files
    }

    /// The kinds of the pages indexed, in number order, and the files of
    /// the bundles still waiting for a page (none when every page came).
    pub(super) fn finish(self) -> (Vec<&'static str>, Vec<File>) {
        let s = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut files = Vec::new();
        for (b, p) in s.shown {
            let rows: Vec<Shown> = p.slots.into_iter().flatten().collect();
            files.push(shown_file(b as usize, &rows));
        }
        for (b, p) in s.text {
            let texts: Vec<Vec<String>> = p.slots.into_iter().flatten().collect();
            files.push(text_file(b as usize, &texts));
        }
        (s.kinds.into_iter().flatten().collect(), files)
    }
}

/// The terms of one shard, sorted, with their compact postings.
type Run<'a> = Vec<(&'a str, &'a [Compact])>;

/// Writes the shards of `terms` (sorted, with their parts' compact
/// postings) through `emit`, decoding one shard's postings at a time, on
/// several threads; gives each shard's files by shard key, for `meta.json`.
pub(super) fn shards(
    terms: &BTreeMap<Box<str>, Vec<Compact>>,
    emit: &(dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync),
) -> anyhow::Result<BTreeMap<String, Vec<String>>> {
    // The terms are sorted, so each shard (a key that starts its terms) is a run of them.
    let mut runs: Vec<(String, Run<'_>)> = Vec::new();
    for (term, lists) in terms {
        let key = shard_key(term, false);
        match runs.last_mut() {
            Some((k, run)) if *k == key => run.push((term, lists)),
            _ => runs.push((key, vec![(&**term, lists.as_slice())])),
        }
    }
    runs.par_iter()
        .map(|(key, run)| -> anyhow::Result<(String, Vec<String>)> {
            let decoded: Vec<Postings> = run.iter().map(|(_, lists)| compact::decode(lists)).collect();
            let shard: Shard<'_> = run.iter().zip(&decoded).map(|((t, _), p)| (*t, p)).collect();
            let made = shard_files(key, &shard);
            for (rel, bytes) in &made {
                emit(rel, bytes)?;
            }
            Ok((key.clone(), made.into_iter().map(|(rel, _)| rel).collect()))
        })
        .collect()
}

/// Bundle `b` of `search/d/`: URL, title and kind of its pages.
pub(super) fn shown_file<S: serde::Serialize>(b: usize, rows: &[(S, S, &str)]) -> File {
    (format!("search/d/{b}.json"), super::to_json(&rows))
}

/// File `b` of `search/s/`: the snippet text of its pages, by block.
pub(super) fn text_file<T: serde::Serialize>(b: usize, texts: &[T]) -> File {
    (format!("search/s/{b}.json"), super::to_json(&texts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(n: u32) -> PageInfo {
        PageInfo { url: format!("/p{n}/"), title: format!("P{n}"), kind: "note", text: vec![format!("text {n}")] }
    }

    #[test]
    fn a_bundle_is_given_once_its_last_page_comes() {
        let pages = TEXT_BUNDLE + 2;
        let b = Bundles::new(pages);
        // Pages of the first text bundle, last to first: only the last one completes it.
        for n in (1..TEXT_BUNDLE).rev() {
            assert!(b.add(n, info(n)).is_empty(), "page {n}");
        }
        let files = b.add(0, info(0));
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "search/s/0.json");
        assert!(String::from_utf8_lossy(&files[0].1).starts_with("[[\"text 0\"],[\"text 1\"]"));
        // The short last bundle of text, and the one `d/` bundle, with the last page.
        assert!(b.add(TEXT_BUNDLE + 1, info(TEXT_BUNDLE + 1)).is_empty());
        let mut last: Vec<String> = b.add(TEXT_BUNDLE, info(TEXT_BUNDLE)).into_iter().map(|f| f.0).collect();
        last.sort();
        assert_eq!(last, ["search/d/0.json", "search/s/1.json"]);
        let (kinds, rest) = b.finish();
        assert_eq!(kinds.len(), pages as usize);
        assert!(rest.is_empty());
    }

    #[test]
    fn bundles_missing_a_page_are_written_at_the_end() {
        let b = Bundles::new(3);
        assert!(b.add(0, info(0)).is_empty());
        assert!(b.add(2, info(2)).is_empty());
        let (kinds, mut rest) = b.finish();
        rest.sort();
        assert_eq!(kinds, ["note", "note"]);
        assert_eq!(rest.len(), 2);
        assert_eq!(String::from_utf8_lossy(&rest[0].1), "[[\"/p0/\",\"P0\",\"note\"],[\"/p2/\",\"P2\",\"note\"]]\n");
    }
}
