//! What a vault is browsed by: tags (front matter `tags:` and inline
//! `#tags`, each nested level a page of its own) and folders (each folder
//! lists its notes and subfolders). Their pages are cut into pages as the
//! list indexes are (`paginate:`).

use std::collections::BTreeMap;

use crate::links::LinkGraph;
use crate::model::{slugify, Model, PageId};

/// One tag, or one level of a nested tag (`project` of `project/alpha`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tag {
    /// As first written (`Project/Alpha`).
    pub name: String,
    /// Pages carrying it or a tag below it, by title.
    pub pages: Vec<PageId>,
    /// Keys of the tags one level below.
    pub children: Vec<String>,
}

/// A folder of the content, with what is directly in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folder {
    /// Path in the content folder (`Folder A/sub`).
    pub path: String,
    /// Site path (`folder-a/sub/`).
    pub url: String,
    /// Notes (and other pages) directly in it, by title.
    pub pages: Vec<PageId>,
    /// Indexes of its subfolders in the folder list.
    pub subfolders: Vec<usize>,
}

/// A tag's key: each level slugified, so `Project/Alpha` and
/// `project/alpha` are one tag (Obsidian ignores case in tags).
pub fn tag_key(tag: &str) -> String {
    let path = crate::markdown::tag_path(tag.trim().trim_start_matches('#'));
    path.trim_end_matches('/').to_string()
}

/// The site path of a tag's page (`project/alpha` → `tags/project/alpha/`).
pub fn tag_url(key: &str) -> String {
    format!("tags/{}", crate::markdown::tag_path(key))
}

/// What the page at site path `url` lists of `pages`: all of them but a
/// page at that very address, a note merged with the listing, which is not
/// listed on itself. Tag and folder pages are cut into pages of this list
/// ([`super::lists::page_of`]).
pub fn listed(model: &Model, pages: &[PageId], url: &str) -> Vec<PageId> {
    // Not noted as reads of every page (`Model::page`): a page's address is
    // the plan's, and serve makes a new plan when one changes, so each page
    // of a listing reads only the pages it shows.
    pages.iter().copied().filter(|id| model.pages[id.0 as usize].url != url).collect()
}

/// Sorts pages by title ignoring case, then by address (`title_rank`: each
/// page's place in that order, from the catalog).
fn by_title(title_rank: &[u32], ids: &mut [PageId]) {
    ids.sort_by_key(|id| title_rank[id.0 as usize]);
}

/// Every tag and every level of a nested tag, by key.
pub fn tags(model: &Model, graph: &LinkGraph, title_rank: &[u32]) -> BTreeMap<String, Tag> {
    let mut out: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, p) in model.pages.iter().enumerate() {
        let id = PageId(i as u32);
        let inline = graph.tags.get(i).map(Vec::as_slice).unwrap_or(&[]);
        for written in p.tags.iter().chain(inline) {
            let written = written.trim().trim_start_matches('#').trim_matches('/');
            let key = tag_key(written);
            if key.is_empty() {
                continue;
            }
            let mut prefix = String::new();
            let mut shown = String::new();
            for (level, (k, w)) in key.split('/').zip(written.split('/')).enumerate() {
                if level > 0 {
                    let parent = prefix.clone();
                    prefix.push('/');
                    shown.push('/');
                    prefix.push_str(k);
                    shown.push_str(w);
                    let entry = out.entry(parent).or_default();
                    if !entry.children.contains(&prefix) {
                        entry.children.push(prefix.clone());
                    }
                } else {
                    prefix.push_str(k);
                    shown.push_str(w);
                }
                let tag = out.entry(prefix.clone()).or_default();
                if tag.name.is_empty() {
                    tag.name = shown.clone();
                }
                if tag.pages.last() != Some(&id) {
                    tag.pages.push(id);
                }
            }
        }
    }
    for t in out.values_mut() {
        t.pages.dedup();
        by_title(title_rank, &mut t.pages);
        t.children.sort();
    }
    out
}

/// The site path of a folder path (`Folder A/sub` → `folder-a/sub/`).
pub fn folder_url(path: &str) -> String {
    path.split('/').filter(|s| !s.is_empty()).map(|s| format!("{}/", slugify(s))).collect()
}

/// Every folder that holds a page (at any depth), sorted by path; the
/// content folder itself is the first, with path "".
pub fn folders(model: &Model, title_rank: &[u32]) -> Vec<Folder> {
    // Pages by parent folder first: a folder's entry is then made once, not once per page.
    let mut by_parent: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for (i, p) in model.pages.iter().enumerate() {
        if !p.url.is_empty() {
            let parent = p.path_key.rsplit_once('/').map_or("", |(d, _)| d);
            by_parent.entry(parent).or_default().push(PageId(i as u32));
        }
    }
    let mut map: BTreeMap<String, Folder> = BTreeMap::new();
    map.insert(String::new(), Folder::default());
    for (parent, pages) in by_parent {
        let mut path = String::new();
        for seg in parent.split('/').filter(|s| !s.is_empty()) {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(seg);
            if !map.contains_key(&path) {
                map.insert(path.clone(), Folder { path: path.clone(), url: folder_url(&path), ..Folder::default() });
            }
        }
        if let Some(f) = map.get_mut(parent) {
            f.pages = pages;
        }
    }
    let index: BTreeMap<String, usize> = map.keys().enumerate().map(|(i, k)| (k.clone(), i)).collect();
    let mut list: Vec<Folder> = map.into_values().collect();
    for i in 1..list.len() {
        let parent = list[i].path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        if let Some(&p) = index.get(&parent) {
            list[p].subfolders.push(i);
        }
    }
    for f in &mut list {
        by_title(title_rank, &mut f.pages);
    }
    list
}
