//! Full-text search: an index built from the rendered pages, written as
//! small static files that `search.js` reads on GitHub Pages (no server).
//!
//! As each page is written, the render thread hands its HTML to the
//! [`Collector`], which takes the text of `<main>`, splits it into terms and
//! adds them to that thread's part of an inverted index, its postings kept
//! compact ([`compact`]); no page text is kept. [`Collector::finish`] merges the
//! threads' parts and writes (a build's collector writes the page bundles
//! as they complete and the shards one at a time, see [`stream`]):
//!
//! - `search/meta.json`: the format version, the number of pages, the bundle
//!   size, the shard keys (see [`shard_key`]: a term's first two characters,
//!   or its first one when that is Chinese, Thai…) that have a shard (a word whose key
//!   has none fetches nothing), and which are split further;
//! - `search/t/<key>.json`: every term starting with a shard key (one
//!   character longer when the shard would be large),
//!   each with its postings: page numbers (delta-coded) and term counts;
//! - `search/d/<n>.json`: pages `n*BUNDLE..`: URL, title and kind;
//! - `search/s/<n>.json`: pages `n*TEXT_BUNDLE..`: each page's clean text
//!   for snippets, by block, up to [`scan::TEXT_CAP`] characters;
//! - `meta.json` also holds each page's kind (as runs), so results can be
//!   counted and filtered by kind before any bundle is fetched;
//! - `search/v/<key>.json` and `search/v/keys.json`: the typo side index,
//!   terms by the letter pairs of their first three letters, for typos in
//!   a word's first two letters (see [`typos`]).
//!
//! A query fetches `meta.json`, one shard per term, and the bundles and
//! text files of the results shown. Page numbers follow the sorted output
//! paths and every list is sorted, so the files are byte-identical between
//! builds.

use std::collections::BTreeMap;

use compact::Compact;
use foldhash::{HashMap, HashMapExt as _};
use local::Local;
use std::fmt::Write as _;
use std::sync::Mutex;

mod compact;
mod live;
mod local;
mod scan;
mod stream;
mod terms;
mod typos;
pub use live::Changes;
pub use stream::File;
use terms::is_stop_word;
pub use terms::{is_unspaced, is_word_char, terms, word_terms};

use rayon::prelude::*;

/// The version of the index format (`search.js` checks it).
pub const FORMAT: u32 = 3;
/// Pages per `search/d/` bundle.
pub const BUNDLE: u32 = 128;
/// Pages per `search/s/` file of snippet text.
pub const TEXT_BUNDLE: u32 = 16;
/// A shard larger than this (bytes of JSON) is split by one more character.
const SPLIT_ABOVE: usize = 96 * 1024;
/// Extra weight of a term in the title.
const TITLE_WEIGHT: u32 = 8;

/// The key of the shard that holds `term` (`search.js` computes the same):
/// its first two characters, or its first one when that is of a script
/// written without spaces ([`is_unspaced`]; such a term is one or two
/// characters). A shard split because it was large is keyed by one
/// character more; an unspaced one by a hex digit more instead, from its
/// terms' second characters (`0` for none), so that it splits into at
/// most 16 files, not one per pair.
pub fn shard_key(term: &str, split: bool) -> String {
    let mut chars = term.chars();
    let Some(first) = chars.next().filter(|&c| is_unspaced(c)) else { return prefix(term, 2 + usize::from(split)) };
    let mut key = String::from(first);
    if split {
        let bucket = chars.next().map_or(0, |c| u32::from(c) % 15 + 1);
        key.push(char::from_digit(bucket, 16).unwrap_or('0'));
    }
    key
}

/// Calls `f` with each term of the text of an HTML page's `<main>` element
/// (the whole page without one), as [`terms`] would split the text (see
/// [`scan::scan_main`]).
pub fn for_each_main_term(html: &str, f: impl FnMut(&str)) {
    scan::scan_main(html, f, None);
}

/// Each page's number in the index, by page id: pages are numbered in
/// plan (output path) order.
pub fn numbers(plan: &[(String, crate::render::Job)], pages: usize) -> Vec<Option<u32>> {
    let mut out = vec![None; pages];
    for (n, id) in crate::render::pages_in_order(plan).enumerate() {
        out[id.0 as usize] = Some(n as u32);
    }
    out
}

/// What a result shows of a page.
#[derive(Debug, Clone)]
pub struct PageInfo {
    /// Site URL (with the base path).
    pub url: String,
    /// Title.
    pub title: String,
    /// The kind's name: `company`, `deal`, `topic`, `note` or a declared kind's.
    pub kind: &'static str,
    /// The page's clean text for snippets, by block (see [`scan`]); filled
    /// when the page is indexed.
    pub text: Vec<String>,
}

impl PageInfo {
    /// What a result shows of page `p` of `site` (its text comes with its HTML).
    pub fn of(site: &crate::config::Site, p: &crate::model::Page) -> PageInfo {
        PageInfo { url: site.url(&p.url), title: p.title.clone(), kind: site.kinds.name(p.kind), text: Vec::new() }
    }
}

/// (page number, count) pairs of a term, by page.
type Postings = Vec<(u32, u32)>;
/// Every term of the parts, sorted, with each part's compact postings of it.
type Merged = BTreeMap<Box<str>, Vec<Compact>>;
/// The terms of one shard file, sorted.
type Shard<'a> = Vec<(&'a str, &'a Postings)>;

/// Gathers the index while pages render, one part per thread.
#[derive(Debug)]
pub struct Collector {
    parts: Vec<Mutex<Local>>,
    /// A build's page bundles, given out as they complete ([`Collector::streaming`]).
    bundles: Option<stream::Bundles>,
}

impl Default for Collector {
    fn default() -> Self {
        Collector { parts: (0..=rayon::current_num_threads()).map(|_| Mutex::default()).collect(), bundles: None }
    }
}

/// A page's terms with their counts (title terms weigh more).
pub type Counts = HashMap<String, u32>;

/// The terms of a rendered page's `<main>` and of its title, counted; fills
/// the page's snippet text.
pub fn page_counts(info: &mut PageInfo, html: &str) -> Counts {
    let mut counts: Counts = HashMap::with_capacity(512);
    for_each_page_term(info, html, |t, by| match counts.get_mut(t) {
        Some(c) => *c += by,
        None => {
            counts.insert(t.to_string(), by);
        }
    });
    counts
}

/// Calls `f` with each term of a page and its weight: 1 for each time in
/// `<main>`, [`TITLE_WEIGHT`] for each time in the title; fills the page's
/// snippet text in the same pass.
fn for_each_page_term(info: &mut PageInfo, html: &str, mut f: impl FnMut(&str, u32)) {
    let mut text = scan::Text::default();
    scan::scan_main(html, |t| f(t, 1), Some(&mut text));
    info.text = text.into_blocks();
    for t in terms(&info.title) {
        f(&t, TITLE_WEIGHT);
    }
}

impl Collector {
    /// A build's collector for `pages` pages (numbered from 0): [`Collector::add`]
    /// gives each page bundle (`search/d/`, `search/s/`) as soon as its pages
    /// are all indexed, so that their text is not held (see [`stream`]).
    pub fn streaming(pages: u32) -> Collector {
        Collector { bundles: Some(stream::Bundles::new(pages)), ..Collector::default() }
    }

    /// Adds page number `n` (its place among the indexed pages, in output
    /// path order) with its rendered HTML. A [`Collector::streaming`] one
    /// returns the files of the bundles the page completed, to be written
    /// now (they are not part of [`Collector::finish`]); otherwise nothing.
    pub fn add(&self, n: u32, mut info: PageInfo, html: &str) -> Vec<File> {
        let mut local = self.part();
        for_each_page_term(&mut info, html, |t, by| local.count(t, by));
        local.end_page(n);
        let Some(bundles) = &self.bundles else {
            local.pages.push((n, info));
            return Vec::new();
        };
        drop(local);
        bundles.add(n, info)
    }

    /// Adds page number `n` with its terms already counted (`serve`).
    pub fn add_counts(&self, n: u32, info: PageInfo, counts: Counts) {
        let mut local = self.part();
        for (t, c) in counts {
            local.count(&t, c);
        }
        local.end_page(n);
        local.pages.push((n, info));
    }

    /// The calling thread's part.
    fn part(&self) -> std::sync::MutexGuard<'_, Local> {
        let slot = rayon::current_thread_index().map_or(0, |i| i + 1).min(self.parts.len() - 1);
        self.parts[slot].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Merges the threads' parts and returns the index files, by path
    /// (for a [`Collector::streaming`] one, those [`Collector::add`] did not give).
    pub fn finish(self) -> Vec<File> {
        let files = Mutex::new(Vec::new());
        let kept = self.finish_into(&|rel, bytes| {
            files.lock().unwrap_or_else(|e| e.into_inner()).push((rel.to_string(), bytes.to_vec()));
            Ok(())
        });
        debug_assert!(kept.is_ok(), "keeping files cannot fail");
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Merges the threads' parts and hands each index file to `emit`
    /// (for a [`Collector::streaming`] one, those [`Collector::add`] did not
    /// give), from several threads; returns how many. A streaming
    /// collector's postings are decoded one shard at a time, each shard
    /// handed over as soon as it is made, so neither the whole index nor
    /// its files are held at once.
    pub fn finish_into(mut self, emit: &(dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync)) -> anyhow::Result<usize> {
        let Some(bundles) = self.bundles.take() else {
            let files = self.into_index().files();
            files.par_iter().try_for_each(|(rel, bytes)| emit(rel, bytes))?;
            return Ok(files.len());
        };
        let (kinds, mut files) = bundles.finish();
        let (terms, _) = self.merged();
        let made = stream::shards(&terms, emit)?;
        let shards: usize = made.values().map(Vec::len).sum();
        files.extend(typos::files(terms.keys().map(|t| &**t)));
        files.push(meta_file(&kinds, &made));
        files.par_iter().try_for_each(|(rel, bytes)| emit(rel, bytes))?;
        Ok(shards + files.len())
    }

    /// The parts' terms merged (sorted, still compact) and their pages.
    fn merged(self) -> (Merged, Vec<(u32, PageInfo)>) {
        let mut pages = Vec::new();
        let mut parts = Vec::with_capacity(self.parts.len());
        for part in self.parts {
            let (terms, part_pages) = part.into_inner().unwrap_or_else(|e| e.into_inner()).into_parts();
            pages.extend(part_pages);
            parts.push(terms);
        }
        (compact::merge(parts), pages)
    }

    /// Merges the threads' parts into one index.
    pub fn into_index(self) -> Index {
        let (terms, mut pages) = self.merged();
        pages.sort_by_key(|p| p.0);
        let postings: BTreeMap<String, Postings> =
            terms.into_par_iter().map(|(t, lists)| (String::from(t), compact::decode(&lists))).collect();
        Index {
            postings,
            pages: pages.into_iter().map(|(_, info)| info).collect(),
            shard_files: BTreeMap::new(),
            tracked: None,
            typo_files: Vec::new(),
        }
    }
}

/// The whole index: every term's postings, and the pages in number order.
#[derive(Debug, Default)]
pub struct Index {
    postings: BTreeMap<String, Postings>,
    pages: Vec<PageInfo>,
    /// Each shard's files, by shard key, as last written (kept by `serve`,
    /// which rewrites only the shards an edit changed).
    shard_files: BTreeMap<String, Vec<String>>,
    /// Each page's terms, kept by `serve` ([`Index::track_pages`]).
    tracked: Option<live::PageTerms>,
    /// The typo side index's files as last written (see [`typos`]).
    typo_files: Vec<(String, Vec<u8>)>,
}

impl Index {
    /// Every index file, by path, sorted.
    pub fn files(&mut self) -> Vec<File> {
        let mut files = self.term_files();
        for b in 0..self.pages.len().div_ceil(BUNDLE as usize) {
            files.push(self.bundle(b));
        }
        for b in 0..self.pages.len().div_ceil(TEXT_BUNDLE as usize) {
            files.push(self.text_bundle(b));
        }
        files.push(self.meta());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// The shards and the typo side index, which depend on the terms only.
    fn term_files(&mut self) -> Vec<File> {
        let mut shards: BTreeMap<String, Shard<'_>> = BTreeMap::new();
        for (t, p) in &self.postings {
            shards.entry(shard_key(t, false)).or_default().push((t.as_str(), p));
        }
        let mut files = Vec::new();
        self.shard_files.clear();
        for (key, terms) in shards {
            let made = shard_files(&key, &terms);
            self.shard_files.insert(key, made.iter().map(|(path, _)| path.clone()).collect());
            files.extend(made);
        }
        self.typo_files = typos::files(self.postings.keys().map(String::as_str));
        files.extend(self.typo_files.iter().cloned());
        files
    }

    /// Bundle `b`: URL, title and kind of its pages.
    fn bundle(&self, b: usize) -> File {
        let chunk = self.pages.chunks(BUNDLE as usize).nth(b).unwrap_or(&[]);
        let rows: Vec<_> = chunk.iter().map(|info| (info.url.as_str(), info.title.as_str(), info.kind)).collect();
        stream::shown_file(b, &rows)
    }

    /// Text file `b`: the snippet text of its pages, by block.
    fn text_bundle(&self, b: usize) -> File {
        let chunk = self.pages.chunks(TEXT_BUNDLE as usize).nth(b).unwrap_or(&[]);
        let list: Vec<&Vec<String>> = chunk.iter().map(|info| &info.text).collect();
        stream::text_file(b, &list)
    }

    /// `meta.json` (see [`meta_file`]).
    fn meta(&self) -> File {
        let kinds: Vec<&'static str> = self.pages.iter().map(|p| p.kind).collect();
        meta_file(&kinds, &self.shard_files)
    }
}

/// The kinds of the pages, for a filter that needs no bundle: the kind
/// names (sorted), and runs of pages of one kind as pairs of the run's
/// first page and its kind's place in the names.
fn kind_runs(kinds: &[&'static str]) -> (Vec<&'static str>, Vec<usize>) {
    let mut names: Vec<&'static str> = kinds.to_vec();
    names.sort_unstable();
    names.dedup();
    let mut runs = Vec::new();
    let mut last = None;
    for (n, &kind) in kinds.iter().enumerate() {
        if last != Some(kind) {
            runs.extend([n, names.binary_search(&kind).unwrap_or(0)]);
            last = Some(kind);
        }
    }
    (names, runs)
}

/// `meta.json` for pages of `kinds` (by number) and the shards written;
/// split shards are those written as more than one file or as a file of a
/// longer key.
fn meta_file(kinds: &[&'static str], shard_files: &BTreeMap<String, Vec<String>>) -> File {
    let split: Vec<&String> = shard_files
        .iter()
        .filter(|(key, files)| files.len() != 1 || files[0] != shard_path(key))
        .map(|(key, _)| key)
        .collect();
    let (names, runs) = kind_runs(kinds);
    let meta = serde_json::json!({
        "format": FORMAT,
        "pages": kinds.len(),
        "bundle": BUNDLE,
        "text": TEXT_BUNDLE,
        "kinds": names,
        "runs": runs,
        "split": split,
        "shards": shard_files.keys().collect::<Vec<_>>(),
    });
    ("search/meta.json".into(), to_json(&meta))
}

/// The path of the shard file of `key`.
fn shard_path(key: &str) -> String {
    format!("search/t/{}.json", file_key(key))
}

/// The files of the shard `key`: one, or one per key a character longer
/// when that one would be larger than [`SPLIT_ABOVE`].
fn shard_files(key: &str, terms: &[(&str, &Postings)]) -> Vec<File> {
    let json = shard_json(terms);
    if json.len() <= SPLIT_ABOVE {
        return vec![(shard_path(key), json.into_bytes())];
    }
    let mut sub: BTreeMap<String, Shard<'_>> = BTreeMap::new();
    for &(t, p) in terms {
        sub.entry(shard_key(t, true)).or_default().push((t, p));
    }
    sub.into_iter().map(|(k, terms)| (shard_path(&k), shard_json(&terms).into_bytes())).collect()
}

fn to_json(v: &impl serde::Serialize) -> Vec<u8> {
    let mut out = crate::render::exports::html_safe(serde_json::to_string(v).expect("index values always serialise"));
    out.push(b'\n');
    out
}

/// A term's first `n` characters.
pub fn prefix(term: &str, n: usize) -> String {
    term.chars().take(n).collect()
}

/// A shard key as a file name: itself when ASCII letters and digits, else
/// `x` and the hex of its UTF-8 bytes (`search.js` computes the same).
pub fn file_key(key: &str) -> String {
    if key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        key.to_string()
    } else {
        key.bytes().fold("x".to_string(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }
}

/// `{"term":[first page, count, gap, count, …], …}`.
fn shard_json(terms: &[(&str, &Postings)]) -> String {
    let mut out = String::from("{");
    for (i, (t, postings)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Terms are letters and digits only: never markup, nothing to make HTML-safe.
        out.push_str(&serde_json::to_string(t).expect("strings serialise"));
        out.push_str(":[");
        let mut last = 0;
        let mut number = itoa::Buffer::new();
        for (j, (page, count)) in postings.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push_str(number.format(page - last));
            out.push(',');
            out.push_str(number.format(*count));
            last = *page;
        }
        out.push(']');
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cjk_term_is_sharded_by_its_first_character_and_split_into_16_at_most() {
        assert_eq!(shard_key("検索", false), "検");
        // 索 is U+7D22: 32034 % 15 + 1 = 10.
        assert_eq!(shard_key("検索", true), "検a");
        assert_eq!(shard_key("猫", true), "猫0");
        assert_eq!(shard_key("gpu", false), "gp");
        assert_eq!(shard_key("gpu", true), "gpu");
    }

    #[test]
    fn main_terms_skip_tags_scripts_svg_and_entities() {
        let html = "<header>Nav</header><main id=main><h1>IREN &amp; Co</h1><svg><text>axis</text></svg><nav class=toc><a>Contents</a></nav><pre><code>let code</code></pre><p>Pays <b>US$9.7B</b> in Zürich, ΣΟΦΟΣ</p><script>var x=1;</script></main><footer>Foot</footer>";
        let mut found = Vec::new();
        for_each_main_term(html, |t| found.push(t.to_string()));
        assert_eq!(found, ["iren", "co", "pays", "us", "7b", "zürich", "σοφος"]);
        // The same words as `terms` gives for the text.
        let text = "IREN & Co Pays US$9.7B in Zürich, ΣΟΦΟΣ";
        assert_eq!(terms(text).collect::<Vec<_>>(), found);
    }

    #[test]
    fn the_index_is_the_same_whatever_the_order_pages_come_in() {
        let pages =
            [("/a/", "Alpha company", "Alpha builds GPU clouds."), ("/b/", "Beta deal", "Beta lends to Alpha.")];
        let build = |order: &[usize]| {
            let c = Collector::default();
            for &i in order {
                let (url, title, body) = pages[i];
                let info = PageInfo { url: url.into(), title: title.into(), kind: "note", text: Vec::new() };
                c.add(i as u32, info, &format!("<main><p>{body}</p></main>"));
            }
            c.finish()
        };
        let a = build(&[0, 1]);
        assert_eq!(a, build(&[1, 0]));
        let alpha = a.iter().find(|f| f.0 == "search/t/al.json").expect("the `al` shard");
        // Page 0 has "alpha" once in its text and once in its title (weight 8); page 1 once.
        assert_eq!(String::from_utf8_lossy(&alpha.1), "{\"alpha\":[0,9,1,1]}\n");
        assert!(a.iter().any(|f| f.0 == "search/d/0.json"));
        assert_eq!(file_key("zü"), "x7ac3bc");
    }

    #[test]
    fn a_streaming_collector_writes_the_files_a_whole_index_does() {
        // Enough pages for several bundles of each kind, and a split shard.
        let pages = BUNDLE * 2 + 5;
        let html = |n: u32| {
            let words: String = (0..40).map(|i| format!("zz{n}x{i} w{} ", n % 11)).collect();
            format!("<main><p>Page {n} on alpha {words}</p></main>")
        };
        let info = |n: u32| PageInfo {
            url: format!("/p{n}/"),
            title: format!("Title {n}"),
            kind: if n.is_multiple_of(5) { "deal" } else { "note" },
            text: Vec::new(),
        };
        let whole = Collector::default();
        let streaming = Collector::streaming(pages);
        let mut streamed = Vec::new();
        // A thread's order: ranges, and back again.
        let order: Vec<u32> = (pages / 2..pages).chain((0..pages / 2).rev()).collect();
        for &n in &order {
            whole.add(n, info(n), &html(n));
            streamed.extend(streaming.add(n, info(n), &html(n)));
        }
        let expected = whole.finish();
        assert!(expected.iter().any(|f| f.0 == "search/t/zz1.json"), "a split shard");
        assert!(streamed.iter().any(|f| f.0 == "search/s/0.json") && streamed.iter().any(|f| f.0 == "search/d/1.json"));
        streamed.extend(streaming.finish());
        streamed.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(streamed.len(), expected.len());
        for (s, e) in streamed.iter().zip(&expected) {
            assert_eq!(s, e, "{}", e.0);
        }
    }
}
