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
use crate::model::{Capacity, PartialDate, Place, SiteInfo, Source, Ticker};
use crate::money::Figure;

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

/// The site, on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Language tag.
    pub language: String,
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

/// A summed figure (see `money`): the site's per family, a company's per heading.
#[derive(Debug, Clone, Serialize)]
pub struct TotalView {
    /// Stable id (`raised.closed.USD`), also the anchor on `/totals/`.
    pub id: String,
    /// Family spelling (`raised`).
    pub family: &'static str,
    /// Family label (`Capital raised`).
    pub family_label: &'static str,
    /// A company's heading label (`Committed spend`), if a company's figure.
    pub heading_label: Option<&'static str>,
    /// `closed`, `announced` or `limit`.
    pub tier: &'static str,
    /// The tier in words (`announced, not yet closed`).
    pub tier_label: &'static str,
    /// Family or heading and tier in words.
    pub label: String,
    /// ISO currency code.
    pub currency: String,
    /// `US$3.65B`, with `~` when approximate or bounded.
    pub display: String,
    /// How many amounts were summed.
    pub count: usize,
    /// Approximate or bounded.
    pub approximate: bool,
    /// Includes an unverified deal's figure.
    pub unverified: bool,
}

impl From<&Figure> for TotalView {
    fn from(t: &Figure) -> Self {
        TotalView {
            id: t.id(),
            family: t.family.as_str(),
            family_label: t.family.label(),
            heading_label: t.heading.map(|h| h.label()),
            tier: t.tier.as_str(),
            tier_label: t.tier.label(t.family),
            label: t.label(),
            currency: t.currency.code().to_string(),
            display: t.display(),
            count: t.amounts.len(),
            approximate: t.approximate || t.has_lower_bound || t.has_upper_bound,
            unverified: t.has_unverified,
        }
    }
}

/// Figures under one family (the site's) or one heading (a company's).
#[derive(Debug, Clone, Serialize)]
pub struct FigureGroupView {
    /// Family or heading spelling.
    pub id: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Summed figures: closed, announced, limit; per currency.
    pub rows: Vec<TotalView>,
    /// Proposals, options and estimates: listed, never summed.
    pub unsummed: Vec<AmountRefView>,
    /// How many amounts are not disclosed.
    pub undisclosed: usize,
}

/// An amount named from elsewhere (an unsummed figure, a row on `/totals/`).
#[derive(Debug, Clone, Serialize)]
pub struct AmountRefView {
    /// Its deal.
    pub deal: LinkView,
    /// `deal-slug#id`.
    pub name: String,
    /// The amount.
    pub amount: AmountView,
    /// The deal's state label.
    pub state: &'static str,
}

/// A deal in a table.
#[derive(Debug, Clone, Serialize)]
pub struct DealRowView {
    /// The deal.
    pub link: LinkView,
    /// Date.
    pub date: Option<DateView>,
    /// Kind labels.
    pub kinds: Vec<&'static str>,
    /// Parties other than the company whose table this is.
    pub counterparties: Vec<PartyView>,
    /// The company's role, on a company's table.
    pub role: Option<&'static str>,
    /// Amounts as written, each package followed by its parts.
    pub amounts: Vec<AmountView>,
    /// The amount the deal is ranked by: its package, or its amount of its main kind.
    pub headline: Option<AmountView>,
    /// State label.
    pub state: &'static str,
    /// Whether it counts in totals.
    pub counted: bool,
    /// Whether it is verified.
    pub verified: bool,
}

/// One amount of a deal.
#[derive(Debug, Clone, Serialize)]
pub struct AmountView {
    /// Its id in the deal (`package`, or its position).
    pub id: String,
    /// Kind.
    pub kind: &'static str,
    /// Kind label.
    pub kind_label: &'static str,
    /// Its family's label, if it has one.
    pub family: Option<&'static str>,
    /// As written (`~US$130M`).
    pub text: String,
    /// Remark.
    pub note: Option<String>,
    /// Not disclosed.
    pub undisclosed: bool,
    /// A rate (never summed).
    pub rate: bool,
    /// Approximate or bounded.
    pub approximate: bool,
    /// Basis spelling (`agreed`, `proposed`, `option`, `limit`, `estimate`).
    pub basis: &'static str,
    /// A badge for any basis but agreed (`Proposed`, `Up to`…).
    pub badge: Option<&'static str>,
    /// 0 for a package or a lone amount, 1 for its parts, and so on.
    pub depth: usize,
    /// Whether the site's totals include it.
    pub counted: bool,
    /// Why they do not, in words.
    pub not_counted: Option<&'static str>,
    /// For a part of a package in another deal: that deal.
    pub package_deal: Option<LinkView>,
    /// For a part listed under a package from another deal: the part's deal.
    pub from_deal: Option<LinkView>,
}

/// A party to a deal.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    /// Name shown.
    pub name: String,
    /// Company page, when it has one.
    pub url: Option<String>,
    /// Role label.
    pub role: Option<&'static str>,
    /// Signing entity.
    pub entity: Option<String>,
}

/// A deal page's own data.
#[derive(Debug, Clone, Serialize)]
pub struct DealView<'a> {
    /// Kind labels.
    pub kinds: Vec<&'static str>,
    /// State label and spelling.
    pub state: &'static str,
    /// State spelling (`superseded`).
    pub state_id: &'static str,
    /// Whether it counts in totals.
    pub counted: bool,
    /// The deal that supersedes or ends it.
    pub superseded_by: Option<LinkView>,
    /// Verified?
    pub verified: bool,
    /// Parties.
    pub parties: Vec<PartyView>,
    /// Amounts.
    pub amounts: Vec<AmountView>,
    /// Date remark.
    pub date_note: Option<&'a str>,
    /// Term.
    pub term: Option<&'a str>,
    /// Capacity.
    pub capacity: Option<&'a Capacity>,
    /// GPU model.
    pub gpu_model: Option<&'a str>,
    /// Site.
    pub site: Option<&'a str>,
    /// What is still expected, and by when.
    pub expected: Vec<ExpectedView>,
}

/// A company page's own data.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyView<'a> {
    /// Full name.
    pub name: &'a str,
    /// Short name.
    pub short_name: Option<&'a str>,
    /// Former names.
    pub former_names: &'a [String],
    /// Aliases.
    pub aliases: &'a [String],
    /// Tickers.
    pub tickers: &'a [Ticker],
    /// Headquarters.
    pub headquarters: Option<&'a Place>,
    /// Founded.
    pub founded: Option<DateView>,
    /// Website.
    pub website: Option<&'a str>,
    /// Category label.
    pub category: Option<&'static str>,
    /// One line.
    pub summary: &'a str,
    /// Sites.
    pub sites: &'a [SiteInfo],
    /// Its deals, newest first.
    pub deals: Vec<DealRowView>,
    /// Its own figures, by heading (what it raised, lent, earns, owes…).
    pub figures: Vec<FigureGroupView>,
    /// Deals left out of totals (terminated or superseded).
    pub excluded_deals: usize,
    /// Pages that mention it (not its deals).
    pub mentions: Vec<BacklinkView>,
}

/// A company in the companies table.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyRowView {
    /// The company.
    pub link: LinkView,
    /// `IREN (Nasdaq)`, joined.
    pub tickers: String,
    /// Category label.
    pub category: Option<&'static str>,
    /// Number of deals.
    pub deal_count: usize,
    /// Its closed figures, by heading (the companies table's short form).
    pub figures: Vec<TotalView>,
}

/// A topic page's own data.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    /// One line.
    pub description: String,
    /// Tagged companies.
    pub companies: Vec<LinkView>,
    /// Tagged deals.
    pub deals: Vec<DealRowView>,
    /// Tagged notes.
    pub notes: Vec<LinkView>,
}

/// A year of deals on `/deals/`.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    /// The year, or `Undated`.
    pub year: String,
    /// Its deals.
    pub deals: Vec<DealRowView>,
    /// The year's figures, per family.
    pub totals: Vec<FigureGroupView>,
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
