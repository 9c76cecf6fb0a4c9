//! The pages a vault is browsed by: `/tags/` with one page per tag (and per
//! level of a nested tag), and one page per folder listing its notes and
//! subfolders. A note at the address of one of these pages (a folder's
//! `index.md`, a folder note `folder.md` beside `folder/`, `tags/x.md`,
//! `tags.md`) is merged with it: its text, then the listing. A generated
//! index of a kind (`/notes/`) keeps its address, but in a vault a page at
//! that address keeps it instead ([`yielded_indexes`]). A tag's or folder's list
//! is cut into pages as the list indexes are (`paginate:`): `tags/x/`,
//! then `tags/x/page/2/`; nested tags and subfolders are shown on the first.

use crate::reads::Aggregate;
use std::collections::HashMap;

use super::context::{FolderContext, NoteContext, TagContext, TagsContext, TemplateContext};
use super::view::{FolderView, LinkView, ListItemView, PageView, PaginatorView, TagPageView, TagView};
use super::{index_page_path, output_path, Job, Renderer};
use crate::catalog::lists::{page_count, page_of};
use crate::catalog::vault::{folder_url, listed, tag_key, tag_url, Folder, Tag};
use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Span};
use crate::load::{Corpus, EntityKind};
use crate::model::{Model, Page, PageId};

/// Under `links: warn` (a vault), the kinds whose generated index a page
/// of the content takes (`Notes.md`, a folder note beside `Notes/`, or a
/// `permalink: /notes`, as a Quartz site writes): the page keeps the
/// address and the index is left out, with a warning at the page.
/// Elsewhere such a page is an error (`plan`).
pub(super) fn yielded_indexes(model: &Model, corpus: &Corpus, warn: bool) -> (Vec<EntityKind>, Vec<Diagnostic>) {
    let (mut kinds, mut diags) = (Vec::new(), Vec::new());
    if !warn {
        return (kinds, diags);
    }
    for (k, i) in model.kinds.indexed() {
        if let Some(p) = model.pages.iter().find(|p| p.kind != EntityKind::Home && p.url == i.path) {
            kinds.push(k.kind);
            diags.push(
                Diagnostic::warning(
                    "url-collision",
                    Span::file(&corpus.docs[p.doc].display),
                    format!("this page takes /{}, the address of the generated index of {}", i.path, k.plural),
                )
                .with_help("the index is left out; rename the file or set `permalink:` to keep both"),
            );
        }
    }
    (kinds, diags)
}

/// Adds the jobs for tags and folders to the plan. Paths already taken
/// (by a page or a generated index) stay with what took them: a note there
/// is merged with the tag's or folder's first page. A further page of a
/// tag's or folder's list whose address is taken is an error, located at
/// the first page that list would show there.
pub(super) fn jobs(
    model: &Model,
    corpus: &Corpus,
    catalog: &Catalog,
    taken: &mut HashMap<String, Job>,
    jobs: &mut Vec<(String, Job)>,
) -> Vec<Diagnostic> {
    // Whether the first page is the list's: its own job, or a note merged with it (a generated
    // index such as `/notes/` keeps its address, and lists the folder's notes itself).
    let mut add = |out: String, job: Job| match taken.get(&out) {
        None => {
            taken.insert(out.clone(), job);
            jobs.push((out, job));
            true
        }
        Some(Job::Page(id)) => model.page(*id).kind == EntityKind::Note,
        Some(_) => false,
    };
    // Each list's site path, what it lists and its job for page n; the first pages go first,
    // so that a tag or folder keeps its own address whatever another's pages would take.
    type PageJob = fn(usize, u32) -> Job;
    let mut lists: Vec<(String, Vec<PageId>, PageJob, usize)> = Vec::new();
    if !catalog.tags.is_empty() {
        add(output_path("tags/"), Job::Tags);
        for (i, (key, tag)) in catalog.tags.iter().enumerate() {
            let url = tag_url(key);
            if add(output_path(&url), Job::Tag(i, 1)) {
                lists.push((url.clone(), listed(model, &tag.pages, &url), Job::Tag, i));
            }
        }
    }
    for (i, f) in catalog.folders.iter().enumerate().skip(1) {
        if add(output_path(&f.url), Job::Folder(i, 1)) {
            lists.push((f.url.clone(), listed(model, &f.pages, &f.url), Job::Folder, i));
        }
    }
    let mut diags = Vec::new();
    let per_page = catalog.lists.per_page;
    for (url, entries, page, i) in lists {
        for n in 2..=page_count(entries.len(), per_page) as u32 {
            let job = page(i, n);
            let out = output_path(&index_page_path(&url, n));
            let Some(owner) = taken.get(&out) else {
                taken.insert(out.clone(), job);
                jobs.push((out, job));
                continue;
            };
            let owner = match owner {
                Job::Page(id) => format!("the page `{}`", corpus.docs[model.page(*id).doc].display.display()),
                Job::Tag(..) => "a tag's page".to_string(),
                Job::Folder(..) => "a folder's page".to_string(),
                _ => "a generated page".to_string(),
            };
            let on_it = page_of(&entries, per_page, n as usize)[0];
            diags.push(
                Diagnostic::error(
                    "url-collision",
                    Span::file(&corpus.docs[model.page(on_it).doc].display),
                    format!(
                        "page {n} of the list at /{url}, which shows this page, would be at /{}, but {owner} is there",
                        index_page_path(&url, n)
                    ),
                )
                .with_help("rename the tag, folder or file at that address, or list more to a page (`paginate:`)"),
            );
        }
    }
    diags
}

impl Renderer<'_> {
    fn tag_view(&self, key: &str, t: &Tag) -> TagView {
        TagView {
            name: t.name.clone(),
            url: self.site.url(&tag_url(key)),
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
            if let Some(i) = tags.tags.keys().position(|k| tag_url(k) == url) {
                return self.tag_context_with(i, 1, Some(page)).1;
            }
        }
        // Which folder has an address changes only with the set of pages, a
        // new plan: the folder's listing is read (and noted) only when merged.
        if let Some(i) = self.catalog.folders.iter().skip(1).position(|f| f.url == url) {
            let (folder, paginator) = self.folder_view(i + 1, 1);
            return TemplateContext::Folder(FolderContext { site: &self.site_view, page, folder, paginator });
        }
        TemplateContext::Note(NoteContext { site: &self.site_view, page })
    }

    /// Page n (from 1) of the n-th tag's list.
    pub(super) fn tag_context(&self, i: usize, n: u32) -> (String, TemplateContext<'_>) {
        self.tag_context_with(i, n, None)
    }

    /// Page n of a tag's list, its first with the note at its address as the page, if any.
    fn tag_context_with(&self, i: usize, n: u32, note: Option<PageView>) -> (String, TemplateContext<'_>) {
        let Some((key, tag)) = self.catalog(Aggregate::Tags).tags.iter().nth(i) else {
            return (String::new(), TemplateContext::Empty {});
        };
        let view = self.tag_view(key, tag);
        let url = tag_url(key);
        let path = index_page_path(&url, n);
        let page = note.unwrap_or_else(|| {
            let mut page = self.generated_page("tag", &format!("#{}", tag.name), &path);
            page.breadcrumbs.insert(1, LinkView { title: "Tags".into(), url: self.site.url("tags/"), kind: "index" });
            self.page_crumb(&mut page, &url, n);
            page
        });
        let parent = key
            .rsplit_once('/')
            .and_then(|(p, _)| self.catalog(Aggregate::Tags).tags.get(p).map(|t| self.tag_view(p, t)));
        // Nested tags are shown on the first page, above the list.
        let children = match n {
            1 => tag
                .children
                .iter()
                .filter_map(|c| self.catalog(Aggregate::Tags).tags.get(c).map(|t| self.tag_view(c, t)))
                .collect(),
            _ => Vec::new(),
        };
        let entries = &self.catalog(Aggregate::TagPage(i as u32, n)).tags[key].pages;
        let (pages, paginator) = self.list_page(&listed(self.model, entries, &url), &url, n);
        let tag = TagPageView { tag: view, parent, children, pages };
        (output_path(&path), TemplateContext::Tag(TagContext { site: &self.site_view, page, tag, paginator }))
    }

    /// Page n (from 1) of a folder's page.
    pub(super) fn folder_context(&self, i: usize, n: u32) -> (String, TemplateContext<'_>) {
        let Some(f) = self.catalog(Aggregate::Folders).folders.get(i) else {
            return (String::new(), TemplateContext::Empty {});
        };
        let title = f.path.rsplit('/').next().unwrap_or(&f.path);
        let path = index_page_path(&f.url, n);
        let mut page = self.generated_page("folder", title, &path);
        page.breadcrumbs = self.folder_crumbs(&f.path);
        page.breadcrumbs.push(LinkView { title: title.to_string(), url: self.site.url(&f.url), kind: "index" });
        self.page_crumb(&mut page, &f.url, n);
        let (folder, paginator) = self.folder_view(i, n);
        (output_path(&path), TemplateContext::Folder(FolderContext { site: &self.site_view, page, folder, paginator }))
    }

    /// What page n (from 1) of a folder's page shows: its subfolders (on
    /// the first) and that page's share of its notes.
    pub(super) fn folder_view(&self, i: usize, n: u32) -> (FolderView, Option<PaginatorView>) {
        let f = &self.catalog(Aggregate::Folders).folders[i];
        let folders = if n == 1 { self.subfolders(f) } else { Vec::new() };
        // The folder's own `index.md` is the folder's page, not one of its notes.
        let entries = &self.catalog(Aggregate::FolderPage(i as u32, n)).folders[i].pages;
        let (notes, paginator) = self.list_page(&listed(self.model, entries, &f.url), &f.url, n);
        (FolderView { folders, notes }, paginator)
    }

    /// The content folder's subfolders and notes, all of them (the home page's).
    pub(super) fn root_folder(&self) -> FolderView {
        let f = &self.catalog(Aggregate::Folders).folders[0];
        // Every page of the content folder's listing, as the catalog's changes are cut.
        for n in 1..=page_count(f.pages.len(), self.catalog.lists.per_page) as u32 {
            crate::reads::note(crate::reads::Read::Catalog(Aggregate::FolderPage(0, n)));
        }
        FolderView { folders: self.subfolders(f), notes: f.pages.iter().map(|id| self.item(*id)).collect() }
    }

    fn subfolders(&self, f: &Folder) -> Vec<ListItemView> {
        f.subfolders
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
            .collect()
    }

    /// Page n (from 1) of a tag's or folder's list whose first page is at
    /// site path `url`, and where it stands among the list's pages.
    fn list_page(&self, entries: &[PageId], url: &str, n: u32) -> (Vec<ListItemView>, Option<PaginatorView>) {
        let per_page = self.catalog.lists.per_page;
        let items = page_of(entries, per_page, n as usize).iter().map(|id| self.item(*id)).collect();
        (items, self.pager(n, entries.len(), per_page, |k| index_page_path(url, k)))
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
                url: self.site.url(&tag_url(&tag_key(t))),
                kind: "tag",
            })
            .collect()
    }
}
