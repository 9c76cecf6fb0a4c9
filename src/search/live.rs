//! Keeping the index up to date in `serve`: a page rendered again replaces
//! its terms, and only the files whose bytes depend on what changed are
//! made again (the shards of the terms that came, went or changed count,
//! the page's bundle when its title or URL changed, and `meta.json` when a
//! shard was split or joined). The result is what a clean build writes.

use std::collections::BTreeSet;

use super::{prefix, shard_files, Counts, Index, PageInfo, Shard, BUNDLE};

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
        out.push("search/meta.json".into());
        out
    }

    /// Page `n` (which must exist) was rendered again with `info` and the
    /// term `counts`: updates the postings and gives the files to rewrite.
    pub fn update(&mut self, n: u32, info: PageInfo, counts: &Counts) -> Changes {
        let mut keys: BTreeSet<String> = BTreeSet::new();
        let mut emptied = Vec::new();
        for (term, postings) in &mut self.postings {
            if let Ok(at) = postings.binary_search_by_key(&n, |p| p.0) {
                match counts.get(term) {
                    Some(&c) if c == postings[at].1 => {}
                    Some(&c) => {
                        postings[at].1 = c;
                        keys.insert(prefix(term, 2));
                    }
                    None => {
                        postings.remove(at);
                        keys.insert(prefix(term, 2));
                        if postings.is_empty() {
                            emptied.push(term.clone());
                        }
                    }
                }
            }
        }
        for term in emptied {
            self.postings.remove(&term);
        }
        for (term, &c) in counts {
            let postings = self.postings.entry(term.clone()).or_default();
            if let Err(at) = postings.binary_search_by_key(&n, |p| p.0) {
                postings.insert(at, (n, c));
                keys.insert(prefix(term, 2));
            }
        }
        let mut changes = Changes::default();
        let old_meta = self.meta();
        for key in keys {
            let terms: Shard<'_> =
                self.postings.range(key.clone()..).take_while(|(t, _)| t.starts_with(&key)).collect();
            let made = if terms.is_empty() { Vec::new() } else { shard_files(&key, &terms) };
            let old = self.shard_files.remove(&key).unwrap_or_default();
            changes.remove.extend(old.into_iter().filter(|p| !made.iter().any(|(q, _)| q == p)));
            if !made.is_empty() {
                self.shard_files.insert(key, made.iter().map(|(p, _)| p.clone()).collect());
            }
            changes.write.extend(made);
        }
        let i = n as usize;
        if let Some(slot) = self.pages.get_mut(i) {
            if (slot.url.as_str(), slot.title.as_str(), slot.kind)
                != (info.url.as_str(), info.title.as_str(), info.kind)
            {
                *slot = info;
                changes.write.push(self.bundle(i / BUNDLE as usize));
            }
        }
        let meta = self.meta();
        if meta != old_meta {
            changes.write.push(meta);
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::super::Collector;
    use super::*;

    fn info(n: u32, title: &str) -> PageInfo {
        PageInfo { url: format!("/p{n}/"), title: title.into(), kind: "note" }
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
        // Page 0 loses `gpu`, gains `hosting`, and is renamed; page 2 shrinks
        // so its shard `zz` is joined again.
        let edits = [(0, "Alpha Prime", page("iren microsoft financing hosting iren")), (2, "Gamma", page("zz1 zz2"))];
        let mut after = before.clone();
        for (n, title, html) in edits {
            after[n] = (title, html.clone());
            let changes = live.update(n as u32, info(n as u32, title), &super::super::page_counts(title, &html));
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
