//! The pages a vault is browsed by: `/tags/` with one page per tag (and per
//! level of a nested tag), and one page per folder listing its notes and
//! subfolders. A note at the address of one of these pages (a folder's
//! `index.md`, a folder note `folder.md` beside `folder/`, `tags/x.md`,
//! `tags.md`) is merged with it: its text, then the listing. A generated
//! index of a kind (`/notes/`) keeps its address.

use crate::reads::Aggregate;
use std::collections::HashMap;

use super::context::{FolderContext, NoteContext, TagContext, TagsContext, TemplateContext};
use super::view::{FolderView, LinkView, ListItemView, PageView, TagPageView, TagView};
use super::{output_path, Job, Renderer};
use crate::catalog::vault::{folder_url, tag_key, Tag};
use crate::catalog::Catalog;
use crate::markdown::tag_path;
use crate::model::{Page, PageId};

/// Adds the jobs for tags and folders to the plan. Paths already taken
/// (by a page or a generated index) stay with what took them.
pub(super) fn jobs(catalog: &Catalog, taken: &mut HashMap<String, Job>, jobs: &mut Vec<(String, Job)>) {
    if !catalog.tags.is_empty() {
        let mut add = |out: String, job: Job| {
            if !taken.contains_key(&out) {
                taken.insert(out.clone(), job);
                jobs.push((out, job));
            }
        };
        add(output_path("tags/"), Job::Tags);
        for (i, key) in catalog.tags.keys().enumerate() {
            add(output_path(&format!("tags/{}", tag_path(key))), Job::Tag(i));
        }
    }
    for (i, f) in catalog.folders.iter().enumerate().skip(1) {
        let out = output_path(&f.url);
        if !taken.contains_key(&out) {
            taken.insert(out.clone(), Job::Folder(i));
            jobs.push((out, Job::Folder(i)));
        }
    }
}

impl Renderer<'_> {
    fn tag_view(&self, key: &str, t: &Tag) -> TagView {
        TagView {
            name: t.name.clone(),
            url: self.site.url(&format!("tags/{}", tag_path(key))),
            count: t.pages.len(),
            depth: key.matches('/').count(),
        }
    }

    fn item(&self, id: PageId) -> ListItemView {
        let p = self.model.page(id);
        ListItemView {
            link: self.link(id),
            description: p.description.clone().unwrap_or_default(),
            date: p.date.map(super::view::DateView::from),
            count: 0,
        }
    }

    /// `tags/index.html`: every tag, nested tags under their parent.
    pub(super) fn tags_context(&self) -> TemplateContext<'_> {
        let page = self.generated_page("tags", "Tags", "tags/");
        let tags: Vec<TagView> = self.catalog(Aggregate::Tags).tags.iter().map(|(k, t)| self.tag_view(k, t)).collect();
        TemplateContext::Tags(TagsContext { site: &self.site_view, page, tags })
    }

    /// A note's context: merged with the listing generated at its address
    /// (its template is then the listing's), else the note's own.
    pub(super) fn note_context(&self, url: &str, page: PageView) -> TemplateContext<'_> {
        if url == "tags/" || url.starts_with("tags/") {
            let tags = self.catalog(Aggregate::Tags);
            if url == "tags/" && !tags.tags.is_empty() {
                let list = tags.tags.iter().map(|(k, t)| self.tag_view(k, t)).collect();
                return TemplateContext::Tags(TagsContext { site: &self.site_view, page, tags: list });
            }
            if let Some(i) = tags.tags.keys().position(|k| format!("tags/{}", tag_path(k)) == url) {
                return self.tag_context_with(i, Some(page)).1;
            }
        }
        // Which folder has an address changes only with the set of pages, a
        // new plan: the folder's listing is read (and noted) only when merged.
        if let Some(i) = self.catalog.folders.iter().skip(1).position(|f| f.url == url) {
            let folder = self.folder_view(i + 1);
            return TemplateContext::Folder(FolderContext { site: &self.site_view, page, folder });
        }
        TemplateContext::Note(NoteContext { site: &self.site_view, page })
    }

    /// One tag's page.
    pub(super) fn tag_context(&self, i: usize) -> (String, TemplateContext<'_>) {
        self.tag_context_with(i, None)
    }

    /// One tag's page, with the note at its address as the page, if any.
    fn tag_context_with(&self, i: usize, note: Option<PageView>) -> (String, TemplateContext<'_>) {
        let Some((key, tag)) = self.catalog(Aggregate::Tags).tags.iter().nth(i) else {
            return (String::new(), TemplateContext::Empty {});
        };
        let view = self.tag_view(key, tag);
        let path = format!("tags/{}", tag_path(key));
        let page = note.unwrap_or_else(|| {
            let mut page = self.generated_page("tag", &format!("#{}", tag.name), &path);
            page.breadcrumbs.insert(1, LinkView { title: "Tags".into(), url: self.site.url("tags/"), kind: "index" });
            page
        });
        let parent = key
            .rsplit_once('/')
            .and_then(|(p, _)| self.catalog(Aggregate::Tags).tags.get(p).map(|t| self.tag_view(p, t)));
        let children = tag
            .children
            .iter()
            .filter_map(|c| self.catalog(Aggregate::Tags).tags.get(c).map(|t| self.tag_view(c, t)))
            .collect();
        // A note merged with the tag's page is not listed on itself.
        let pages = tag.pages.iter().filter(|id| self.model.page(**id).url != path).map(|id| self.item(*id)).collect();
        let tag = TagPageView { tag: view, parent, children, pages };
        (output_path(&path), TemplateContext::Tag(TagContext { site: &self.site_view, page, tag }))
    }

    /// One folder's page.
    pub(super) fn folder_context(&self, i: usize) -> (String, TemplateContext<'_>) {
        let Some(f) = self.catalog(Aggregate::Folders).folders.get(i) else {
            return (String::new(), TemplateContext::Empty {});
        };
        let title = f.path.rsplit('/').next().unwrap_or(&f.path);
        let mut page = self.generated_page("folder", title, &f.url);
        page.breadcrumbs = self.folder_crumbs(&f.path);
        page.breadcrumbs.push(LinkView { title: title.to_string(), url: self.site.url(&f.url), kind: "index" });
        let folder = self.folder_view(i);
        (output_path(&f.url), TemplateContext::Folder(FolderContext { site: &self.site_view, page, folder }))
    }

    /// What a folder holds, as lists.
    pub(super) fn folder_view(&self, i: usize) -> FolderView {
        let f = &self.catalog(Aggregate::Folders).folders[i];
        let folders = f
            .subfolders
            .iter()
            .map(|s| {
                let sub = &self.catalog(Aggregate::Folders).folders[*s];
                let name = sub.path.rsplit('/').next().unwrap_or(&sub.path).to_string();
                ListItemView {
                    link: LinkView { title: name, url: self.site.url(&sub.url), kind: "index" },
                    description: String::new(),
                    date: None,
                    count: sub.pages.len() + sub.subfolders.len(),
                }
            })
            .collect();
        // The folder's own `index.md` is the folder's page, not one of its notes.
        let notes = f.pages.iter().filter(|id| self.model.page(**id).url != f.url).map(|id| self.item(*id)).collect();
        FolderView { folders, notes }
    }

    /// Home, then each folder above a path (`a/b/c` → Home, a, a/b).
    pub(super) fn folder_crumbs(&self, path: &str) -> Vec<LinkView> {
        let mut crumbs = vec![LinkView { title: "Home".into(), url: self.site.url(""), kind: "home" }];
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        for n in 1..segments.len() {
            let sub = segments[..n].join("/");
            crumbs.push(LinkView {
                title: segments[n - 1].to_string(),
                url: self.site.url(&folder_url(&sub)),
                kind: "index",
            });
        }
        crumbs
    }

    /// A page's front matter tags, each with its page's URL.
    pub(super) fn tag_links(&self, p: &Page) -> Vec<LinkView> {
        p.tags
            .iter()
            .filter(|t| !tag_key(t).is_empty())
            .map(|t| LinkView {
                title: t.trim_start_matches('#').to_string(),
                url: self.site.url(&format!("tags/{}", tag_path(&tag_key(t)))),
                kind: "tag",
            })
            .collect()
    }
}
