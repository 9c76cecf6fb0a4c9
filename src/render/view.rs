//! The views templates receive: serialisable structs built from the model.
//!
//! Templates never see the model. Each template's variables are the fields
//! of its context struct in `context.rs`; the structs here are the values of
//! those variables and what they hold: `site` ([`SiteView`]) and `page`
//! ([`PageView`]) on every page, a page's own data ([`CompanyView`],
//! [`DealView`], [`TopicView`], [`HomeView`]), the rows of index pages, tags
//! and folders, feeds ([`FeedView`]) and redirects ([`RedirectView`]).
//! `docs/content/reference/templates.md` lists every template's variables
//! ("The template table") and every view's fields ("View types"); the
//! `templates` integration test holds both tables to what templates get.
//!
//! All URLs in views are root-relative and already include the base path.

use serde::Serialize;

use crate::markdown::TocEntry;
use crate::model::{PartialDate, Source};

mod money;
pub use money::*;

/// A link to a page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkView {
    /// Text to show.
    pub title: String,
    /// URL.
    pub url: String,
    /// `company`, `deal`, `topic`, `note`, `home` or `index`.
    pub kind: &'static str,
}

/// A link of the main navigation as it stands to one page (`nav.html`).
#[derive(Debug, Clone, Serialize)]
pub struct NavItemView {
    /// Text to show.
    pub title: String,
    /// URL.
    pub url: String,
    /// `index` or `graph`.
    pub kind: &'static str,
    /// It is the page.
    pub current: bool,
    /// The page is under it (its URL starts with the link's), and is not it.
    pub in_section: bool,
}

/// The site, on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Language tag.
    pub language: String,
    /// Whether the language is written right to left (`dir="rtl"` on `<html>`).
    pub rtl: bool,
    /// Author.
    pub author: String,
    /// Base path (`/` or `/repo/`).
    pub base_path: String,
    /// Absolute base URL, if configured (`https://x.github.io/repo/`).
    pub base_url: Option<String>,
    /// Main navigation.
    pub nav: Vec<LinkView>,
    /// Stylesheet URLs, in order.
    pub stylesheets: Vec<String>,
    /// The code-highlighting stylesheet, for pages with code (`page.has_code`).
    pub syntax_stylesheet: String,
    /// The site's icon: the content folder's own `favicon.svg` or
    /// `favicon.ico`, else the theme's.
    pub icon: String,
    /// Its media type (`image/svg+xml`, `image/x-icon`).
    pub icon_type: &'static str,
    /// `pivotbook <version>`.
    pub generator: String,
    /// Whether the site has company or deal pages: the footer's note on
    /// figures and their sources is shown only then.
    pub knowledge_base: bool,
}

/// A date as written and as shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    /// ISO, as precise as known (`2025-11`).
    pub iso: String,
    /// For people (`Nov 2025`).
    pub human: String,
    /// The year.
    pub year: u16,
}

impl From<PartialDate> for DateView {
    fn from(d: PartialDate) -> Self {
        DateView { iso: d.to_string(), human: d.human(), year: d.year }
    }
}

/// A cited source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// URL.
    pub url: String,
    /// Title.
    pub title: String,
    /// Publication date, when known.
    pub published: Option<DateView>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Remark.
    pub note: Option<String>,
}

impl From<&Source> for SourceView {
    fn from(s: &Source) -> Self {
        SourceView {
            url: s.url.clone(),
            title: s.title.clone(),
            published: s.published.map(DateView::from),
            publisher: s.publisher.clone(),
            note: s.note.clone(),
        }
    }
}

/// A page that links here.
#[derive(Debug, Clone, Serialize)]
pub struct BacklinkView {
    /// The linking page.
    pub page: LinkView,
    /// The sentence around the link ("" for a front matter reference).
    pub context: String,
}

/// What every page has.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// `company`, `deal`, `topic`, `note`, `home`, `companies`, `deals`,
    /// `topics`, `notes`, `search`, `graph` or `404`.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// The id of the body's first heading when it is the title (a note
    /// without a `title:`), given to the title's `<h1>` since the body
    /// leaves that heading out: links to it still land.
    pub title_id: Option<String>,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL when the base URL has an origin, else root-relative.
    pub permalink: String,
    /// One line (meta description).
    pub description: String,
    /// Ancestors, from the home page.
    pub breadcrumbs: Vec<LinkView>,
    /// The body as HTML (use `| safe`).
    pub content: String,
    /// Whether `content` is not empty (test this rather than `content`,
    /// which Tera would escape just to test it).
    pub has_content: bool,
    /// Whether `content` has a code block (it then needs the syntax stylesheet).
    pub has_code: bool,
    /// Table of contents (empty when the page is short).
    pub toc: Vec<TocEntry>,
    /// Date, where the page has one.
    pub date: Option<DateView>,
    /// Topics.
    pub topics: Vec<LinkView>,
    /// Tags, as written in front matter.
    pub tags: Vec<String>,
    /// The same tags, each with the URL of its page.
    pub tag_links: Vec<LinkView>,
    /// Classes from front matter `cssclasses`, for the page's `<body>`.
    pub css_classes: Vec<String>,
    /// Whether `content` has a mermaid diagram (it then needs mermaid's script).
    pub has_mermaid: bool,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// Fields shown as unverified.
    pub unverified: Vec<String>,
    /// Pages that link here.
    pub backlinks: Vec<BacklinkView>,
    /// Path of the source file in the repository (`content/…`), if any.
    pub source_path: Option<String>,
    /// The page's Atom feed, when it has one (home, companies, topics).
    pub feed_url: Option<String>,
    /// Open Graph type: `article` for deals and notes, else `website`.
    pub og_type: &'static str,
    /// Its node number in the link graph (pages of the model only): the
    /// page's small graph reads its neighbours from `graph/n/` by it.
    pub graph_node: Option<u32>,
    /// Its body's embeds went over their budget (for the renderer, not templates).
    #[serde(skip)]
    pub embed_error: Option<crate::diag::Diagnostic>,
    /// When a maintainer last re-read the page against its sources.
    pub reviewed: Option<DateView>,
    /// What changed, newest first.
    pub updates: Vec<UpdateView>,
    /// A free note's own properties (front matter keys none of pivotbook's
    /// fields take), in file order, with their `[[links]]` as links.
    pub properties: Vec<PropertyView>,
    /// The main navigation's links as HTML list items (`nav.html`, which
    /// is rendered once for each way the links can stand to a page, not
    /// once per page; use `| safe`).
    pub nav_html: String,
}

/// A property of a free note (`categories: ["[[Books]]", "[[Films]]"]`):
/// its key, and each value (one, or a list's items) as text and links in order.
#[derive(Debug, Clone, Serialize)]
pub struct PropertyView {
    /// The key as written.
    pub key: String,
    /// The values, each as its pieces.
    pub values: Vec<Vec<PropertyPartView>>,
}

/// A piece of a property value: text, or a link's text with its URL.
#[derive(Debug, Clone, Serialize)]
pub struct PropertyPartView {
    /// The text shown.
    pub text: String,
    /// For a link that resolves: where it goes.
    pub url: Option<String>,
}

/// A dated entry of a page's "what changed" list.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// When.
    pub date: DateView,
    /// What changed.
    pub text: String,
}

/// Something a deal still expects.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectedView {
    /// What.
    pub what: String,
    /// By when.
    pub by: DateView,
    /// A remark.
    pub note: Option<String>,
}

/// A topic page's own data.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    /// One line.
    pub description: String,
    /// Tagged companies.
    pub companies: Vec<LinkView>,
    /// Tagged deals, newest first (undated last).
    pub deals: Vec<DealRowView>,
    /// Tagged notes.
    pub notes: Vec<LinkView>,
}

/// An entry of a list page (topics, notes).
#[derive(Debug, Clone, Serialize)]
pub struct ListItemView {
    /// The page.
    pub link: LinkView,
    /// One line.
    pub description: String,
    /// Date.
    pub date: Option<DateView>,
    /// Number of tagged pages (topics).
    pub count: usize,
}

/// Where a page of a list index stands among its pages (`paginator` in
/// `notes.html`): a list of pages of more than one.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PaginatorView {
    /// This page's number, from 1.
    pub current: u32,
    /// How many pages.
    pub total: u32,
    /// The previous page's URL, if any.
    pub previous: Option<String>,
    /// The next page's URL, if any.
    pub next: Option<String>,
    /// The first, the last and the pages near this one, in order; a gap
    /// before an entry means pages are left out there.
    pub pages: Vec<PagerLinkView>,
    /// The number (from 1, in the whole list) of this page's first entry.
    pub first_entry: usize,
    /// The number of its last entry.
    pub last_entry: usize,
    /// How many entries the list has on all its pages.
    pub entries: usize,
}

/// A page in a [`PaginatorView`]'s list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PagerLinkView {
    /// Its number, from 1.
    pub number: u32,
    /// Its URL.
    pub url: String,
    /// Whether it is the page shown.
    pub current: bool,
    /// Whether pages are left out between the entry before and this one.
    pub gap: bool,
}

/// A note on the notes index (`notes.html`).
#[derive(Debug, Clone, Serialize)]
pub struct NoteItemView {
    /// The note.
    pub link: LinkView,
    /// Its `description:`, else its first paragraph as text, cut at a word
    /// to about 200 characters; empty when it has neither.
    pub summary: String,
    /// Date.
    pub date: Option<DateView>,
    /// Its front matter tags, each with its page.
    pub tags: Vec<LinkView>,
}

/// The home page's own data.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Number of companies, deals, topics and notes.
    pub counts: Counts,
    /// Newest deals.
    pub latest_deals: Vec<DealRowView>,
    /// Largest US$ deals.
    pub largest_deals: Vec<DealRowView>,
    /// Topics.
    pub topics: Vec<ListItemView>,
    /// The site's figures, per family.
    pub totals: Vec<FigureGroupView>,
    /// Folders at the top of the content folder (a vault's own folders).
    pub folders: Vec<ListItemView>,
    /// Notes at the top of the content folder.
    pub notes: Vec<ListItemView>,
}

/// A tag in a list.
#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    /// As written (`project/alpha`).
    pub name: String,
    /// Its page.
    pub url: String,
    /// Pages carrying it or a tag below it.
    pub count: usize,
    /// Nesting level (0 for `project`, 1 for `project/alpha`).
    pub depth: usize,
}

/// A tag's own page (`tag.html`).
#[derive(Debug, Clone, Serialize)]
pub struct TagPageView {
    /// The tag.
    pub tag: TagView,
    /// The tag one level up, for a nested tag.
    pub parent: Option<TagView>,
    /// Tags one level below.
    pub children: Vec<TagView>,
    /// Pages carrying it or a tag below it.
    pub pages: Vec<ListItemView>,
}

/// A folder's page (`folder.html`).
#[derive(Debug, Clone, Serialize)]
pub struct FolderView {
    /// Its subfolders.
    pub folders: Vec<ListItemView>,
    /// The pages directly in it.
    pub notes: Vec<ListItemView>,
}

/// Page counts.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    /// Companies.
    pub companies: usize,
    /// Deals.
    pub deals: usize,
    /// Topics.
    pub topics: usize,
    /// Notes.
    pub notes: usize,
}

/// An Atom feed (`atom.xml`): the site's, or a company's or topic's.
#[derive(Debug, Clone, Serialize)]
pub struct FeedView {
    /// Feed title.
    pub title: String,
    /// Feed id: its absolute URL, or a `urn:` when the base URL has no host.
    pub id: String,
    /// The feed's own URL.
    pub self_url: String,
    /// The page it belongs to.
    pub alternate_url: String,
    /// The newest entry's timestamp (RFC 3339).
    pub updated: String,
    /// Entries, newest first.
    pub entries: Vec<EntryView>,
}

/// One feed entry.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// Title.
    pub title: String,
    /// Entry id (absolute URL or `urn:`).
    pub id: String,
    /// Link to the page.
    pub url: String,
    /// The date's first instant (RFC 3339): Atom needs a full timestamp.
    pub updated: String,
    /// The date as written (`2025-11`), for the summary.
    pub date: DateView,
    /// `deal` or `note`.
    pub kind: &'static str,
    /// One line.
    pub summary: String,
}

/// A page that moved: what `redirect.html` receives (with `site`).
#[derive(Debug, Clone, Serialize)]
pub struct RedirectView {
    /// The old path (`/companies/iris-energy/`).
    pub from: String,
    /// The page's title.
    pub title: String,
    /// Its URL.
    pub url: String,
    /// Its permalink.
    pub permalink: String,
}
