//! Keeping the index up to date in `serve`: pages rendered again replace
//! their terms, and only the files whose bytes depend on what changed are
//! made again (the shards of the terms that came, went or changed count,
//! the bundles of pages whose title or URL changed, and `meta.json` when a
//! shard was split or joined). The result is what a clean build writes.
//!
//! Each page's terms are kept as term numbers ([`Index::track_pages`]), so
//! replacing a page touches only its own old and new terms, never the
//! whole index; the pages of one edit are replaced together and each shard
//! they touch is made once.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::HashMap;

use super::{shard_files, shard_key, Counts, Index, PageInfo, Shard, BUNDLE, TEXT_BUNDLE};

/// Each page's terms, by number.
#[derive(Debug, Default)]
pub(super) struct PageTerms {
    /// Term → its number.
    ids: HashMap<String, u32>,
    /// Number → term.
    names: Vec<String>,
    /// By page number: the numbers of its terms.
    of_page: Vec<Vec<u32>>,
}

impl PageTerms {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.names.push(term.to_string());
        id
    }
}

/// What an update changed.
#[derive(Debug, Default)]
pub struct Changes {
    /// Files to write, with their new bytes.
    pub write: Vec<(String, Vec<u8>)>,
    /// Files the index no longer has.
    pub remove: Vec<String>,
}

impl Index {
    /// Every file the index has now, by path (the ones [`Index::files`] wrote last).
    pub fn paths(&self) -> Vec<String> {
        let mut out: Vec<String> = self.shard_files.values().flatten().cloned().collect();
        out.extend((0..self.pages.len().div_ceil(BUNDLE as usize)).map(|b| format!("search/d/{b}.json")));
        out.extend((0..self.pages.len().div_ceil(TEXT_BUNDLE as usize)).map(|b| format!("search/s/{b}.json")));
        out.push("search/meta.json".into());
        out.extend(self.typo_files.iter().map(|(p, _)| p.clone()));
        out
    }

    /// Notes each page's terms, for [`Index::update`] (once, after the index is built).
    pub fn track_pages(&mut self) {
        let mut t = PageTerms { of_page: vec![Vec::new(); self.pages.len()], ..PageTerms::default() };
        for (term, postings) in &self.postings {
            let id = t.id(term);
            for &(n, _) in postings {
                if let Some(list) = t.of_page.get_mut(n as usize) {
                    list.push(id);
                }
            }
        }
        self.tracked = Some(t);
    }

    /// Pages (which must exist) were rendered again: each with its number,
    /// what a result shows of it, and its term counts. Updates the postings
    /// and gives the files to rewrite.
    pub fn update(&mut self, pages: Vec<(u32, PageInfo, Counts)>) -> Changes {
        if self.tracked.is_none() {
            self.track_pages();
        }
        let mut keys: BTreeSet<String> = BTreeSet::new();
        // The typo files list every term, and meta.json every shard and each page's kind.
        let (mut terms_changed, mut meta_stale) = (false, false);
        let mut bundles: BTreeSet<usize> = BTreeSet::new();
        let mut texts: BTreeSet<usize> = BTreeSet::new();
        let Index { postings, pages: infos, tracked, .. } = self;
        let Some(t) = tracked.as_mut() else { return Changes::default() };
        for (n, info, counts) in pages {
            let Some(old) = t.of_page.get_mut(n as usize).map(std::mem::take) else { continue };
            for id in old {
                let term = &t.names[id as usize];
                if counts.contains_key(term) {
                    continue;
                }
                let Some(list) = postings.get_mut(term) else { continue };
                if let Ok(at) = list.binary_search_by_key(&n, |p| p.0) {
                    list.remove(at);
                    keys.insert(shard_key(term, false));
                    if list.is_empty() {
                        postings.remove(term);
                        terms_changed = true;
                    }
                }
            }
            let mut ids = Vec::with_capacity(counts.len());
            for (term, c) in counts {
                ids.push(t.id(&term));
                let key = shard_key(&term, false);
                let list = match postings.get_mut(&term) {
                    Some(list) => list,
                    None => {
                        terms_changed = true;
                        postings.entry(term).or_default()
                    }
                };
                match list.binary_search_by_key(&n, |p| p.0) {
                    Ok(at) if list[at].1 == c => continue,
                    Ok(at) => list[at].1 = c,
                    Err(at) => list.insert(at, (n, c)),
                }
                keys.insert(key);
            }
            t.of_page[n as usize] = ids;
            if let Some(slot) = infos.get_mut(n as usize) {
                if (slot.url.as_str(), slot.title.as_str(), slot.kind)
                    != (info.url.as_str(), info.title.as_str(), info.kind)
                {
                    bundles.insert(n as usize / BUNDLE as usize);
                }
                meta_stale |= slot.kind != info.kind;
                if slot.text != info.text {
                    texts.insert(n as usize / TEXT_BUNDLE as usize);
                }
                *slot = info;
            }
        }
        let mut changes = Changes::default();
        if terms_changed {
            // The side index changes only when a term comes or goes: write the files that differ.
            let made = super::typos::files(self.postings.keys().map(String::as_str));
            let old: BTreeMap<String, Vec<u8>> = std::mem::take(&mut self.typo_files).into_iter().collect();
            changes.remove.extend(old.keys().filter(|p| !made.iter().any(|(q, _)| q == *p)).cloned());
            changes.write.extend(made.iter().filter(|(p, b)| old.get(p) != Some(b)).cloned());
            self.typo_files = made;
        }
        for key in keys {
            let terms: Shard<'_> = self
                .postings
                .range(key.clone()..)
                .take_while(|(t, _)| t.starts_with(&key))
                .map(|(t, p)| (t.as_str(), p))
                .collect();
            let made = if terms.is_empty() { Vec::new() } else { shard_files(&key, &terms) };
            let old = self.shard_files.remove(&key).unwrap_or_default();
            meta_stale |= old.len() != made.len() || old.iter().zip(&made).any(|(p, (q, _))| p != q);
            changes.remove.extend(old.into_iter().filter(|p| !made.iter().any(|(q, _)| q == p)));
            if !made.is_empty() {
                self.shard_files.insert(key, made.iter().map(|(p, _)| p.clone()).collect());
            }
            changes.write.extend(made);
        }
        changes.write.extend(bundles.into_iter().map(|b| self.bundle(b)));
        changes.write.extend(texts.into_iter().map(|b| self.text_bundle(b)));
        if meta_stale {
            changes.write.push(self.meta());
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::super::Collector;
    use super::*;

    fn info(n: u32, title: &str) -> PageInfo {
        PageInfo { url: format!("/p{n}/"), title: title.into(), kind: "note", text: Vec::new() }
    }

    fn page(words: &str) -> String {
        format!("<main><p>{words}</p></main>")
    }

    fn build(pages: &[(&str, String)]) -> Index {
        let c = Collector::default();
        for (n, (title, html)) in pages.iter().enumerate() {
            c.add(n as u32, info(n as u32, title), html);
        }
        c.into_index()
    }

    #[test]
    fn an_update_gives_the_files_a_fresh_index_gives() {
        let filler: String = (0..9000).map(|i| format!("zz{i} ")).collect();
        let before = vec![
            ("Alpha", page("iren microsoft gpu financing")),
            ("Beta", page("core scientific coreweave")),
            ("Gamma", page(&filler)),
        ];
        let mut live = build(&before);
        let mut on_disk: std::collections::BTreeMap<String, Vec<u8>> = live.files().into_iter().collect();
        assert!(String::from_utf8_lossy(&on_disk["search/meta.json"]).contains(r#""split":["zz"]"#));
        live.track_pages();
        // Page 0 loses `gpu`, gains `hosting`, and is renamed; page 2 shrinks
        // so its shard `zz` is joined again. Then page 1 alone.
        let edits = [
            vec![(0, "Alpha Prime", page("iren microsoft financing hosting iren")), (2, "Gamma", page("zz1 zz2"))],
            vec![(1, "Beta", page("core scientific hosting"))],
        ];
        let mut after = before.clone();
        for batch in edits {
            let mut pages = Vec::new();
            for (n, title, html) in batch {
                let mut page_info = info(n as u32, title);
                let counts = super::super::page_counts(&mut page_info, &html);
                pages.push((n as u32, page_info, counts));
                after[n] = (title, html);
            }
            let changes = live.update(pages);
            for p in changes.remove {
                assert!(on_disk.remove(&p).is_some(), "{p} was not there");
            }
            on_disk.extend(changes.write);
        }
        let fresh: std::collections::BTreeMap<String, Vec<u8>> = build(&after).files().into_iter().collect();
        assert_eq!(on_disk.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
        for (path, bytes) in &fresh {
            assert_eq!(&on_disk[path], bytes, "{path}");
        }
        let mut paths = live.paths();
        paths.sort();
        assert_eq!(paths, fresh.keys().cloned().collect::<Vec<_>>());
    }
}
