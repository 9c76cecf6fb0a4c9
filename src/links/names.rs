//! The names links resolve against: every page's path, file name, title
//! and aliases, the content folder's files, the site paths of the folder
//! pages, and the names of pages left out of the site. Built once per build; `serve` keeps it between edits and
//! patches it when a page's names change ([`Names::rename`]).

use std::collections::{HashMap, HashSet};

use super::vault;
use crate::config::LinkPolicy;
use crate::load::Corpus;
use crate::model::{Model, PageId};

/// What links resolve against, and how broken links count.
pub struct Names {
    pub(super) index: Index,
    pub(super) assets: HashSet<String>,
    /// Lower-cased file name → the assets with that name, sorted.
    pub(super) assets_by_name: HashMap<String, Vec<String>>,
    /// Lower-cased path → the first asset by path with it (`Img.png` before `img.png`).
    pub(super) assets_by_path: HashMap<String, String>,
    /// Lower-cased name of a left-out page → its path, and whether it failed to parse.
    pub(super) unpublished: HashMap<String, (String, bool)>,
    /// Site paths of the folders that get a page (`folder-a/sub/`): every
    /// folder holding a page at any depth, as `catalog::vault` lists them.
    pub(super) folders: HashSet<String>,
    pub(super) policy: LinkPolicy,
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Names").field("assets", &self.assets.len()).finish_non_exhaustive()
    }
}

impl Names {
    /// The names of every page of `model` and file of `corpus`.
    pub fn new(model: &Model, corpus: &Corpus, policy: LinkPolicy) -> Names {
        // Held-back files resolve too: their links show as text, not as errors.
        let assets: Vec<String> =
            corpus.assets.iter().chain(&corpus.held_back).map(|a| a.rel.to_string_lossy().replace('\\', "/")).collect();
        Names {
            index: Index::new(model, corpus),
            assets_by_name: vault::assets_by_name(&assets),
            assets_by_path: assets.iter().rev().map(|a| (fold(a), a.clone())).collect(),
            assets: assets.into_iter().collect(),
            unpublished: vault::unpublished_names(model),
            folders: vault::folder_urls(model),
            policy,
        }
    }

    /// Page `id`'s titles, short names and aliases changed from `old` to
    /// `new` (as links compare them: trimmed and lower-cased). Paths and
    /// file names cannot change without a file being renamed.
    pub fn rename(&mut self, id: PageId, old: &HashSet<String>, new: &HashSet<String>) {
        let tier = &mut self.index.tiers[TITLES];
        for k in old.difference(new) {
            if let Some(list) = tier.get_mut(k) {
                list.retain(|x| *x != id);
                if list.is_empty() {
                    tier.remove(k);
                }
            }
        }
        for k in new.difference(old) {
            let list = tier.entry(k.clone()).or_default();
            if let Err(at) = list.binary_search(&id) {
                list.insert(at, id);
            }
        }
    }
}

/// The tier of titles, short names and aliases, the last.
const TITLES: usize = 3;

/// Names to pages, in four tiers, the first that has a name answering:
/// paths, file names, slugs (`[[Table]]` is the file `Table.md` before it
/// is `table().md`, whose slug is also `table`), then titles and aliases.
/// Looked up for every link of every page, so hashed with foldhash rather
/// than SipHash.
pub(super) struct Index {
    pub(super) tiers: [foldhash::HashMap<String, Vec<PageId>>; TITLES + 1],
    pub(super) by_rel: foldhash::HashMap<String, PageId>,
    pub(super) urls: foldhash::HashMap<String, PageId>,
}

/// A name as links compare it: trimmed, then [`fold`]ed.
pub fn key(s: &str) -> String {
    fold(s.trim())
}

/// A name or path as links compare it: in Unicode's composed form
/// ([`crate::model::nfc`]), then lower-cased. A file name from macOS is
/// often decomposed while the link that names it is composed, or the other
/// way round; both look alike and Obsidian finds the file either way.
pub(super) fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    crate::model::nfc(s).to_lowercase()
}

impl Index {
    pub(super) fn new(model: &Model, corpus: &Corpus) -> Index {
        let mut tiers: [foldhash::HashMap<String, Vec<PageId>>; TITLES + 1] = Default::default();
        let mut by_rel = foldhash::HashMap::default();
        let mut urls = foldhash::HashMap::default();
        for (i, p) in model.pages.iter().enumerate() {
            let id = PageId(i as u32);
            let mut add = |tier: usize, name: &str| {
                let k = key(name);
                if k.is_empty() {
                    return;
                }
                let list = tiers[tier].entry(k).or_default();
                if !list.contains(&id) {
                    list.push(id);
                }
            };
            add(0, &p.path_key);
            add(0, p.url.trim_end_matches('/'));
            add(1, &p.file_stem);
            add(2, &p.slug);
            for n in [&p.title, &p.short_title].into_iter().chain(&p.names) {
                add(TITLES, n);
            }
            by_rel.insert(key(&corpus.docs[p.doc].rel.to_string_lossy().replace('\\', "/")), id);
            urls.insert(p.url.clone(), id);
        }
        Index { tiers, by_rel, urls }
    }

    /// Pages matching a name in the first tier that has any.
    /// Falls back to the slugified name, so `[[Core Scientific]]` finds
    /// `core-scientific.md` and `[[notes/My Note]]` finds `notes/my-note.md`.
    pub(super) fn lookup(&self, name: &str) -> &[PageId] {
        let k = key(name);
        if let Some(found) = self.tiers.iter().find_map(|t| t.get(&k)) {
            return found;
        }
        let slugged: Vec<String> = k.split('/').map(crate::model::slugify).collect();
        let slugged = slugged.join("/");
        self.tiers[..TITLES].iter().find_map(|t| t.get(&slugged)).map_or(&[], Vec::as_slice)
    }

    pub(super) fn all_names(&self) -> impl Iterator<Item = &str> {
        self.tiers.iter().flat_map(|t| t.keys().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::read_doc;

    fn corpus(files: &[(&str, &str)]) -> Corpus {
        let docs = files
            .iter()
            .map(|(rel, text)| {
                read_doc(Path::new(rel), Path::new(rel), text.as_bytes().to_vec(), &crate::kinds::Kinds::default())
                    .unwrap()
            })
            .collect();
        Corpus { docs, ..Corpus::default() }
    }

    fn keys(p: &crate::model::Page) -> HashSet<String> {
        [&p.title, &p.short_title].into_iter().chain(&p.names).map(|n| key(n)).collect()
    }

    #[test]
    fn renaming_gives_the_index_a_fresh_build_gives() {
        let a = "---\nname: Alpha Corp\nshort_name: Alpha\naliases: [Shared]\n---\n";
        let b = "---\nname: Beta Corp\naliases: [Shared]\n---\n";
        let before = corpus(&[("companies/a.md", a), ("companies/b.md", b)]);
        let (model, _) = crate::model::build(&before, false);
        let mut names = Names::new(&model, &before, LinkPolicy::Error);
        let a2 = "---\nname: Gamma Corp\naliases: [Shared, Other]\n---\n";
        let after = corpus(&[("companies/a.md", a2), ("companies/b.md", b)]);
        let (model2, _) = crate::model::build(&after, false);
        let id = PageId(0);
        names.rename(id, &keys(model.page(id)), &keys(model2.page(id)));
        let fresh = Index::new(&model2, &after);
        assert_eq!(names.index.tiers, fresh.tiers);
        assert_eq!(names.index.tiers[TITLES]["shared"], vec![PageId(0), PageId(1)]);
        assert!(!names.index.tiers[TITLES].contains_key("alpha"));
    }
}
