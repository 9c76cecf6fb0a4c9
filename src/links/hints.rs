//! The hints of broken-link diagnostics: did-you-mean over the site's
//! names, the pages nearest a missing path, what `ignore:` left out, and in
//! a vault the note that opens with the heading a link names.
//! Each index they read is built on the first broken link that needs it.

use std::collections::{BTreeSet, HashMap};

use super::names::key;
use super::Resolver;
use crate::diag::Suggester;
use crate::model::PageId;

impl Resolver<'_> {
    pub(super) fn suggestions(&self, wanted: &str) -> Option<String> {
        let pages: BTreeSet<String> = self.close_pages(wanted).collect();
        did_you_mean_pages(&pages.into_iter().collect::<Vec<_>>())
    }

    /// The pages named like `wanted`, as page names.
    fn close_pages(&self, wanted: &str) -> impl Iterator<Item = String> + '_ {
        let w = key(wanted);
        let suggester = self.suggester.get_or_init(|| Suggester::new(self.names.index.all_names()));
        let (close, _) = suggester.close(&w, 3);
        close.into_iter().flat_map(|n| self.names.index.lookup(n)).map(|id| self.page_name(*id))
    }

    /// For a link to the path `at` (from the content folder's top) whose
    /// file is named `wanted`: the pages nearest that path, three at most
    /// (the most leading folders in common, then the fewest edits), among
    /// the pages of that file name (those around `at` in their order, so
    /// each broken link costs a binary search) or else named like it. A
    /// missing `guide/setup/index.md` suggests `guide/install/index`, not
    /// the site's first `index` pages by name.
    pub(super) fn suggestions_near(&self, wanted: &str, at: &str) -> Option<String> {
        let md = if at.ends_with(".md") { at.to_string() } else { format!("{at}.md") };
        let at = key(&md);
        let by_file = self.by_file.get_or_init(|| {
            let mut map: HashMap<String, Vec<(String, PageId)>> = HashMap::new();
            for (rel, id) in &self.names.index.by_rel {
                map.entry(file_of(rel).to_string()).or_default().push((rel.clone(), *id));
            }
            map.values_mut().for_each(|v| v.sort());
            map
        });
        let mut pages: Vec<String> = match by_file.get(file_of(&at)) {
            Some(same) => {
                let i = same.partition_point(|(rel, _)| *rel < at);
                same[i.saturating_sub(4)..(i + 4).min(same.len())].iter().map(|(_, id)| self.page_name(*id)).collect()
            }
            None => self.close_pages(wanted).collect::<BTreeSet<_>>().into_iter().collect(),
        };
        let folders: Vec<&str> = at.split('/').collect();
        let shared = |p: &str| p.split('/').zip(&folders[..folders.len() - 1]).take_while(|(a, b)| a == *b).count();
        let plain = at.strip_suffix(".md").unwrap_or(&at);
        pages.sort_by_cached_key(|p| {
            (std::cmp::Reverse(shared(&key(p))), strsim::levenshtein(&key(p), plain), p.clone())
        });
        // Beside pages in the same folders, pages elsewhere are no help.
        if pages.first().is_some_and(|p| shared(&key(p)) > 0) {
            pages.retain(|p| shared(&key(p)) > 0);
        }
        pages.truncate(3);
        did_you_mean_pages(&pages)
    }

    /// For a name no page has, in a vault: the note whose first heading it
    /// is. Obsidian links a note by its file name, never by a heading, so
    /// `[[数组]]` finds no `cpp-array.md` that opens with `# 数组`.
    pub(super) fn heading_help(&self, name: &str) -> Option<String> {
        let by_heading = self.headings.get_or_init(|| {
            let mut map = HashMap::new();
            for (i, page) in self.model.pages.iter().enumerate() {
                if let Some(h) = crate::model::first_heading(self.corpus.docs[page.doc].lead()) {
                    map.entry(key(&h)).or_insert(PageId(i as u32));
                }
            }
            map
        });
        let page = self.model.page(*by_heading.get(&key(name))?);
        Some(format!(
            "`{}` opens with the heading `{name}`, but a link names a note by its file name: [[{}]]",
            page.path_key, page.file_stem
        ))
    }

    /// For a name no page has: the help saying that `ignore:` left its note
    /// out, if it did.
    pub(super) fn ignored_help(&self, name: &str) -> Option<String> {
        let by_name = self.ignored.get_or_init(|| {
            let mut by_name = HashMap::new();
            for (i, rel) in self.corpus.ignored.iter().enumerate() {
                let stem = rel.rsplit('/').next().unwrap_or(rel);
                by_name.entry(key(stem.strip_suffix(".md").unwrap_or(stem))).or_insert(i);
                by_name.entry(key(rel.trim_end_matches(".md"))).or_insert(i);
            }
            by_name
        });
        let ignored = &self.corpus.ignored[*by_name.get(&key(name))?];
        let templates = self.corpus.vault_templates.iter().find(|f| ignored.starts_with(&format!("{f}/")));
        Some(match templates {
            Some(folder) => format!(
                "`{ignored}` is in `{folder}`, the vault's templates folder, whose notes are not published (set `ignore:` in pivotbook.yaml to choose what is)"
            ),
            None => format!("`{ignored}` is ignored by `ignore:` in pivotbook.yaml"),
        })
    }
}

/// "did you mean `a`, `b`?" for page names, or nothing for none.
fn did_you_mean_pages(pages: &[String]) -> Option<String> {
    (!pages.is_empty())
        .then(|| format!("did you mean {}?", pages.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")))
}

/// The file name of a `/`-separated path.
fn file_of(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}
