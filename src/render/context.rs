//! The template contract: one context struct per template.
//!
//! Each struct below is exactly what one template receives: its fields are
//! the template's top-level variables, serialised by serde and handed to
//! Tera whole (`docs/content/reference/templates.md`, "The template table",
//! lists them, and the `templates` integration test holds that table to
//! these structs). The views inside them are in `view.rs` (and the chart,
//! totals and timeline views beside the code that builds them). `site` is
//! borrowed from the renderer; a declared kind's `fields` from the model.
//!
//! `site` is the same for every page, so it is converted to Tera's values
//! once per renderer and lent to each render ([`Shared`]), not serialised
//! again with each page (it was a quarter of a note's context). The field
//! stays in each struct, skipped by serde, so that each struct still lists
//! all its template's variables.
//!
//! [`TemplateContext`] is any one of them, for the render dispatch.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

use super::charts::ChartView;
use super::figures::{FamilyView, LeftOutView, TotalsFigureView};
use super::timeline::TimelineView;
use super::view::*;

/// `home.html`: the home page.
#[derive(Debug, Serialize)]
pub struct HomeContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page (the content folder's `_index.md` or `index.md`, when there is one).
    pub page: PageView,
    /// Counts, latest and largest deals, topics, figures, top folders and notes.
    pub home: HomeView,
    /// `/totals/`, on sites with deals.
    pub totals_url: Option<String>,
    /// `/timeline/`, on sites with deals.
    pub timeline_url: Option<String>,
    /// `/updates.xml`, on sites with dated updates.
    pub updates_feed_url: Option<String>,
    /// The largest deals and the cumulative figures, as charts (sites with deals).
    pub charts: Vec<ChartView>,
}

/// `company.html`: a company's page.
#[derive(Debug, Serialize)]
pub struct CompanyContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The company's own data.
    pub company: CompanyView<'a>,
    /// Its figures over time, when it has deals with amounts.
    pub charts: Vec<ChartView>,
}

/// `deal.html`: a deal's page.
#[derive(Debug, Serialize)]
pub struct DealContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The deal's own data.
    pub deal: DealView<'a>,
}

/// `topic.html`: a topic's page.
#[derive(Debug, Serialize)]
pub struct TopicContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The topic's own data.
    pub topic: TopicView,
}

/// `note.html`: a free note's page.
#[derive(Debug, Serialize)]
pub struct NoteContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
}

/// `<name>.html`: the page of a kind the site declares (rendered by
/// `note.html` when neither the site nor the theme has the kind's template).
#[derive(Debug, Serialize)]
pub struct KindPageContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// Its declared fields by name, as written: a string (text, date, URL),
    /// a number, a boolean or a list of strings; absent when not given.
    pub fields: &'a BTreeMap<String, serde_json::Value>,
}

/// `companies.html`: the companies' index.
#[derive(Debug, Serialize)]
pub struct CompaniesContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// Every company, by name.
    pub companies: Vec<CompanyRowView>,
    /// The site's figures, per family.
    pub totals: Vec<FigureGroupView>,
    /// `/totals/`, on sites with deals.
    pub totals_url: Option<String>,
    /// The companies' data exports.
    pub downloads: Vec<LinkView>,
}

/// `deals.html`: the deals' index.
#[derive(Debug, Serialize)]
pub struct DealsContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// Every deal, newest first (undated ones last), in one table.
    pub deals: Vec<DealRowView>,
    /// The choices of the table's filters (kind family, company, state, year).
    pub filters: DealFiltersView,
    /// Quarterly figures, as charts.
    pub charts: Vec<ChartView>,
    /// The site's figures, per family.
    pub totals: Vec<FigureGroupView>,
    /// `/totals/`, on sites with deals.
    pub totals_url: Option<String>,
    /// `/timeline/`, on sites with deals.
    pub timeline_url: Option<String>,
    /// The deals' data exports.
    pub downloads: Vec<LinkView>,
    /// The URL of the script that filters the table (`deals.js`).
    pub deals_script: String,
}

/// `topics.html`: the topics' index.
#[derive(Debug, Serialize)]
pub struct TopicsContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// Every topic, by title, with its number of tagged pages.
    pub topics: Vec<ListItemView>,
    /// The topics' data exports.
    pub downloads: Vec<LinkView>,
}

/// `notes.html`: the notes' index.
#[derive(Debug, Serialize)]
pub struct NotesContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The site's suggested reading order (`reading_order:` in the config).
    pub reading_order: Vec<NoteItemView>,
    /// The other notes on this page, by title (all of them unless the list
    /// takes more than one page).
    pub notes: Vec<NoteItemView>,
    /// Where this page stands among the list's pages, when it takes more than one.
    pub paginator: Option<PaginatorView>,
    /// The notes' data exports (none today).
    pub downloads: Vec<LinkView>,
}

/// `<plural>.html`: the index of a kind the site declares (rendered by
/// `notes.html` when neither the site nor the theme has the kind's template).
#[derive(Debug, Serialize)]
pub struct KindIndexContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The kind's pages on this page, by title (all of them unless the
    /// list takes more than one page).
    pub pages: Vec<ListItemView>,
    /// The same pages, for `notes.html`, which it falls back to.
    pub notes: Vec<NoteItemView>,
    /// Empty: a reading order is the notes' (for `notes.html`).
    pub reading_order: Vec<NoteItemView>,
    /// Where this page stands among the list's pages, when it takes more than one.
    pub paginator: Option<PaginatorView>,
    /// The kind's data exports (none today).
    pub downloads: Vec<LinkView>,
}

/// `totals.html`: how totals are counted, and the amounts behind each.
#[derive(Debug, Serialize)]
pub struct TotalsContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The counting rules, one sentence each.
    pub rules: &'static [&'static str],
    /// Each of the site's figures with the amounts summed in it.
    pub figures: Vec<TotalsFigureView>,
    /// The amounts left out of every figure, by why.
    pub left_out: Vec<LeftOutView>,
    /// Each family with its kinds and headings.
    pub families: Vec<FamilyView>,
}

/// `timeline.html`: every deal in date order.
#[derive(Debug, Serialize)]
pub struct TimelineContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The deals by year and month, oldest first (undated ones last).
    pub timeline: TimelineView,
    /// `/totals/`.
    pub totals_url: Option<String>,
}

/// `tags.html`: every tag.
#[derive(Debug, Serialize)]
pub struct TagsContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// Every tag, nested tags after their parent.
    pub tags: Vec<TagView>,
}

/// `tag.html`: one tag's page.
#[derive(Debug, Serialize)]
pub struct TagContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The tag, its parent and children (on the first page), and this page's share of its pages.
    pub tag: TagPageView,
    /// Where this page stands among the list's pages, when it takes more than one.
    pub paginator: Option<PaginatorView>,
}

/// `folder.html`: one folder's page (a vault's own folders).
#[derive(Debug, Serialize)]
pub struct FolderContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// Its subfolders (on the first page) and this page's share of its pages.
    pub folder: FolderView,
    /// Where this page stands among the list's pages, when it takes more than one.
    pub paginator: Option<PaginatorView>,
}

/// `404.html`: the page for an unknown address.
#[derive(Debug, Serialize)]
pub struct NotFoundContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
}

/// `search.html`: the search page.
#[derive(Debug, Serialize)]
pub struct SearchContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The URL of the search script.
    pub search_script: String,
}

/// `graph.html`: the whole link graph.
#[derive(Debug, Serialize)]
pub struct GraphContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The page.
    pub page: PageView,
    /// The URL of the graph page's script.
    pub graph_script: String,
    /// The URL of the graph library the script uses.
    pub graph_library: String,
}

/// `redirect.html`: an old address of a page, sending readers to it.
#[derive(Debug, Serialize)]
pub struct RedirectContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The old address and the page.
    pub redirect: RedirectView,
}

/// `atom.xml`: every feed (the site's, a company's or topic's, `/updates.xml`).
#[derive(Debug, Serialize)]
pub struct FeedContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The feed and its entries.
    pub feed: FeedView,
}

/// The context of any one template: serialises as that template's struct.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum TemplateContext<'a> {
    /// `home.html`.
    Home(HomeContext<'a>),
    /// `company.html`.
    Company(CompanyContext<'a>),
    /// `deal.html`.
    Deal(DealContext<'a>),
    /// `topic.html`.
    Topic(TopicContext<'a>),
    /// `note.html`.
    Note(NoteContext<'a>),
    /// `<name>.html`.
    KindPage(KindPageContext<'a>),
    /// `companies.html`.
    Companies(CompaniesContext<'a>),
    /// `deals.html`.
    Deals(DealsContext<'a>),
    /// `topics.html`.
    Topics(TopicsContext<'a>),
    /// `notes.html`.
    Notes(NotesContext<'a>),
    /// `<plural>.html`.
    KindIndex(KindIndexContext<'a>),
    /// `totals.html`.
    Totals(TotalsContext<'a>),
    /// `timeline.html`.
    Timeline(TimelineContext<'a>),
    /// `tags.html`.
    Tags(TagsContext<'a>),
    /// `tag.html`.
    Tag(TagContext<'a>),
    /// `folder.html`.
    Folder(FolderContext<'a>),
    /// `404.html`.
    NotFound(NotFoundContext<'a>),
    /// `search.html`.
    Search(SearchContext<'a>),
    /// `graph.html`.
    Graph(GraphContext<'a>),
    /// `redirect.html`.
    Redirect(RedirectContext<'a>),
    /// `atom.xml`.
    Feed(FeedContext<'a>),
    /// A job whose data is gone (a tag or folder index out of range): no
    /// variables (serialises as `{}`).
    Empty {},
}

impl TemplateContext<'_> {
    /// The page, for a template that renders one (not a redirect, a feed
    /// or an empty job).
    pub fn page_mut(&mut self) -> Option<&mut PageView> {
        use TemplateContext as T;
        match self {
            T::Home(c) => Some(&mut c.page),
            T::Company(c) => Some(&mut c.page),
            T::Deal(c) => Some(&mut c.page),
            T::Topic(c) => Some(&mut c.page),
            T::Note(c) => Some(&mut c.page),
            T::KindPage(c) => Some(&mut c.page),
            T::Companies(c) => Some(&mut c.page),
            T::Deals(c) => Some(&mut c.page),
            T::Topics(c) => Some(&mut c.page),
            T::Notes(c) => Some(&mut c.page),
            T::KindIndex(c) => Some(&mut c.page),
            T::Totals(c) => Some(&mut c.page),
            T::Timeline(c) => Some(&mut c.page),
            T::Tags(c) => Some(&mut c.page),
            T::Tag(c) => Some(&mut c.page),
            T::Folder(c) => Some(&mut c.page),
            T::NotFound(c) => Some(&mut c.page),
            T::Search(c) => Some(&mut c.page),
            T::Graph(c) => Some(&mut c.page),
            T::Redirect(_) | T::Feed(_) | T::Empty {} => None,
        }
    }
}

/// `site`, which every template receives and no context serialises (each
/// struct skips its `site` field), converted to Tera's values once per
/// renderer.
///
/// A render borrows a copy ([`Shared::lend`]), moves it into its context's
/// map under `site`, and takes it back out after rendering
/// ([`Shared::give_back`]): the next render on any thread uses it again, so
/// a page neither converts nor copies it. There are as many copies as
/// renders running at once (one per rendering thread). Only Tera's public
/// API is used (`from_value`, `remove`), so a build with crates.io's Tera
/// works the same.
#[derive(Debug)]
pub struct Shared {
    site: serde_json::Value,
    spare: Mutex<Vec<serde_json::Value>>,
}

impl Shared {
    /// The shared `site` of a renderer whose site is `site`.
    /// (Converting strings, booleans and lists of them cannot fail; if it
    /// did, `site` would be null and each template using it would fail
    /// with a located error.)
    pub fn new(site: &SiteView) -> Shared {
        Shared { site: serde_json::to_value(site).unwrap_or_default(), spare: Mutex::default() }
    }

    /// `site` as Tera's values, to read.
    pub fn site(&self) -> &serde_json::Value {
        &self.site
    }

    /// A copy of `site` for one render: a spare one, or a new one.
    pub fn lend(&self) -> serde_json::Value {
        self.spares().pop().unwrap_or_else(|| self.site.clone())
    }

    /// Takes back a copy [`Shared::lend`] gave, for the next render.
    pub fn give_back(&self, copy: serde_json::Value) {
        self.spares().push(copy);
    }

    fn spares(&self) -> std::sync::MutexGuard<'_, Vec<serde_json::Value>> {
        self.spare.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `nav.html`: the main navigation's links as they stand to a page.
#[derive(Debug, Serialize)]
pub struct NavContext<'a> {
    /// The site: not serialised with each context; see [`Shared`].
    #[serde(skip)]
    pub site: &'a SiteView,
    /// The links of `site.nav`, in order.
    pub items: Vec<NavItemView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteView {
        SiteView {
            title: "T".into(),
            description: String::new(),
            language: "en".into(),
            rtl: false,
            author: String::new(),
            base_path: "/".into(),
            base_url: None,
            nav: Vec::new(),
            stylesheets: Vec::new(),
            syntax_stylesheet: "/syntax.css".into(),
            icon: "/favicon.svg".into(),
            icon_type: "image/svg+xml",
            generator: "pivotbook".into(),
            knowledge_base: false,
        }
    }

    #[test]
    fn a_context_serialises_as_its_struct_with_the_variables_at_the_top() {
        let site = site();
        let redirect =
            RedirectView { from: "/a/".into(), title: "A".into(), url: "/b/".into(), permalink: "/b/".into() };
        let v = serde_json::to_value(TemplateContext::Redirect(RedirectContext { site: &site, redirect })).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["redirect"], "`site` is shared, not serialised with each context");
        assert_eq!(v["redirect"]["from"], "/a/");
        assert_eq!(Shared::new(&site).site()["title"], "T");
    }

    #[test]
    fn each_render_finds_the_shared_site_and_gives_its_copy_back() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "{{ site.title }}/{{ redirect.title }}/{% if site %}y{% endif %}").unwrap();
        tera.add_raw_template("bad", "{{ site.title }}{{ nothing.here }}").unwrap();
        let site = site();
        let shared = Shared::new(&site);
        let redirect =
            || RedirectView { from: "/a/".into(), title: "A".into(), url: "/b/".into(), permalink: "/b/".into() };
        for _ in 0..3 {
            let context = TemplateContext::Redirect(RedirectContext { site: &site, redirect: redirect() });
            let out = crate::render::templates::render(&tera, "t", &context, &shared).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), "T/A/y");
            // One copy, lent and given back by each render in turn.
            assert_eq!(shared.spares().len(), 1);
        }
        // A failed render gives its copy back too.
        let context = TemplateContext::Redirect(RedirectContext { site: &site, redirect: redirect() });
        assert!(crate::render::templates::render(&tera, "bad", &context, &shared).is_err());
        assert_eq!(shared.spares().len(), 1);
        assert_eq!(shared.spares()[0], *shared.site());
    }

    #[test]
    fn the_empty_context_is_an_empty_map_tera_accepts() {
        let v = serde_json::to_value(TemplateContext::Empty {}).unwrap();
        assert_eq!(v, serde_json::json!({}));
        assert!(tera::Context::from_value(v).is_ok());
    }
}
