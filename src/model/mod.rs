//! The typed, validated knowledge base: [`Corpus`] → [`Model`].
//!
//! Each markdown file becomes one [`Page`]: fields common to every kind
//! (title, URL, names a link may use, sources, topics…) plus the kind's own
//! data ([`PageData`]), decoded and validated by the file for that kind
//! (`company.rs`, `deal.rs`, `note.rs` for topics, notes and the home page,
//! `custom.rs` for the kinds a site declares). The fields each kind accepts
//! are its entry in the registry ([`crate::kinds`]). References to other
//! pages stay as located text ([`Ref`]): turning them into pages is the job
//! of `links`. Pages are built in parallel and sorted by URL.
//!
//! A free note is never left out for its front matter: YAML that does not
//! parse is one warning and the note is published without properties, and
//! its values are read leniently (see `note.rs`). An unknown key is one
//! warning for the whole site, at its first use, with the number of pages
//! that use it; in a free note under `links: warn` (a vault) it is the
//! user's property and no warning at all.
//!
//! This module does no I/O and knows nothing of HTML.

mod addresses;
pub mod amount;
mod company;
mod custom;
pub mod date;
mod deal;
pub mod fields;
mod note;
mod slug;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::LinkPolicy;
use crate::diag::{Diagnostic, Severity, Span};
use crate::kinds::Kinds;
use crate::load::{Corpus, EntityKind, SourceDoc};
use crate::yaml::FrontMatter;

pub use addresses::{generated_pages, GRAPH_PATH, SEARCH_PATH, TIMELINE_PATH, TOTALS_PATH};
pub use company::Company;
pub use custom::Custom;
pub use date::PartialDate;
pub use deal::{Deal, DealAmount, Expected, PartOf, Party, PartyTarget};
pub use fields::{Capacity, Category, DealKind, DealState, Place, Role, SiteInfo, Ticker, Verification};
pub use note::{first_heading, Note, PropLink, PropValue, Property, Topic};
pub use slug::{is_word_char, nfc, slugify, url_for};

/// Index of a page in [`Model::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct PageId(pub u32);

/// A reference to another page written in front matter, not yet resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The text as written (`iren`, `Core Scientific`).
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// A cited source, validated.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// Absolute http(s) URL.
    pub url: String,
    /// Title.
    pub title: String,
    /// Publication date, when known.
    pub published: Option<PartialDate>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Remark.
    pub note: Option<String>,
}

/// A dated entry of a page's "what changed" list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Update {
    /// When the change happened.
    pub date: PartialDate,
    /// What changed.
    pub text: String,
}

/// What only one kind of page has.
#[derive(Debug, Clone)]
pub enum PageData {
    /// A company profile.
    Company(Box<Company>),
    /// A deal or event.
    Deal(Box<Deal>),
    /// A topic.
    Topic(Topic),
    /// A free note.
    Note(Note),
    /// The home page intro.
    Home,
    /// A page of a kind the site declares.
    Custom(Custom),
}

/// One page of the knowledge base.
#[derive(Debug, Clone)]
pub struct Page {
    /// Index of the source document in the corpus.
    pub doc: usize,
    /// Kind, from the folder.
    pub kind: EntityKind,
    /// Last URL segment (`iren`).
    pub slug: String,
    /// Path without extension, as written (`companies/iren`), for links.
    pub path_key: String,
    /// File name without extension, as written (`Core Scientific`).
    pub file_stem: String,
    /// Site path of the page (`companies/iren/`; `` for home).
    pub url: String,
    /// Title shown on the page.
    pub title: String,
    /// Short name used in tables and links (a company's short name).
    pub short_title: String,
    /// One line for lists and meta descriptions.
    pub description: Option<String>,
    /// Every other name a wikilink may use (aliases, former names, tickers).
    pub names: Vec<String>,
    /// A date, where the kind has one.
    pub date: Option<PartialDate>,
    /// Topic references.
    pub topics: Vec<Ref>,
    /// Company references (notes).
    pub companies: Vec<Ref>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Classes for the page's `<body>` (front matter `cssclasses`).
    pub css_classes: Vec<String>,
    /// Cited sources.
    pub sources: Vec<Source>,
    /// Fields whose values are not confirmed.
    pub unverified: Vec<String>,
    /// Old site paths (`companies/iris-energy/`) that redirect here.
    pub redirect_from: Vec<(String, Span)>,
    /// When a maintainer last re-read the page against its sources.
    pub reviewed: Option<PartialDate>,
    /// What changed, oldest first.
    pub updates: Vec<Update>,
    /// A free note's own properties: the keys none of pivotbook's fields take.
    pub properties: Vec<Property>,
    /// Kind-specific data.
    pub data: PageData,
    /// Where `permalink:` is written, when the page's URL is its own choice.
    pub permalink: Option<Span>,
}

/// All pages, sorted by URL.
#[derive(Debug, Default)]
pub struct Model {
    /// The pages; a [`PageId`] indexes this.
    pub pages: Vec<Page>,
    /// Files left out as drafts or `publish: false`, so that links to them
    /// are reported as such.
    pub unpublished: Vec<Unpublished>,
    /// The site's kinds (the corpus's registry).
    pub kinds: Arc<Kinds>,
}

/// A file left out of the site (a draft, or `publish: false`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpublished {
    /// Path without extension (`notes/Plan`).
    pub path_key: String,
    /// The names a link may use: file name, title, aliases.
    pub names: Vec<String>,
    /// Left out because its front matter does not parse (already reported):
    /// links to it are not reported again.
    pub failed: bool,
}

impl Model {
    /// The page with this id.
    pub fn page(&self, id: PageId) -> &Page {
        crate::reads::note(crate::reads::Read::Page(id));
        &self.pages[id.0 as usize]
    }

    /// Ids of all pages of a kind, in URL order.
    pub fn ids_of(&self, kind: EntityKind) -> impl Iterator<Item = PageId> + '_ {
        self.pages.iter().enumerate().filter(move |(_, p)| p.kind == kind).map(|(i, _)| PageId(i as u32))
    }
}

/// Builds the model. Drafts are left out unless `drafts`.
pub fn build(corpus: &Corpus, drafts: bool) -> (Model, Vec<Diagnostic>) {
    let results: Vec<(PageOrLeftOut, Vec<Diagnostic>)> = corpus
        .docs
        .par_iter()
        .enumerate()
        .map(|(i, doc)| read_page(i, doc, &corpus.kinds, corpus.policy, drafts))
        .collect();
    let mut diags = Vec::new();
    let mut unknown = UnknownKeys::default();
    let mut pages = Vec::with_capacity(results.len());
    let mut unpublished = Vec::new();
    for (page, ds) in results {
        diags.extend(ds.into_iter().filter_map(|d| unknown.take(d)));
        match page {
            Ok(p) => pages.push(p),
            Err(u) => unpublished.extend(u),
        }
    }
    diags.extend(unknown.finish());
    pages.sort_by(|a, b| a.url.cmp(&b.url).then(a.doc.cmp(&b.doc)));
    addresses::check_collisions(corpus, &mut pages, &mut diags);
    (Model { pages, unpublished, kinds: corpus.kinds.clone() }, diags)
}

/// Reads one document into a page exactly as [`build`] does (`Err` for a
/// file left out of the site, with its names, or for front matter that does
/// not parse); for `serve`, which re-reads only the files that changed (its
/// unknown keys are reported for this page alone).
pub fn read_one(
    index: usize,
    doc: &SourceDoc,
    kinds: &Kinds,
    policy: LinkPolicy,
    drafts: bool,
) -> (PageOrLeftOut, Vec<Diagnostic>) {
    read_page(index, doc, kinds, policy, drafts)
}

/// Unknown-key warnings gathered across the site: one per key, at its first
/// use in file order, counting the pages that use it.
#[derive(Default)]
struct UnknownKeys {
    /// Per key (its message): the first warning and how many pages use it.
    first: Vec<(Diagnostic, usize)>,
    index: HashMap<String, usize>,
}

impl UnknownKeys {
    /// Keeps an unknown-key warning back; any other diagnostic is returned.
    fn take(&mut self, d: Diagnostic) -> Option<Diagnostic> {
        if d.code != "unknown-field" || d.severity != Severity::Warning {
            return Some(d);
        }
        match self.index.get(&d.message) {
            Some(&i) => self.first[i].1 += 1,
            None => {
                self.index.insert(d.message.clone(), self.first.len());
                self.first.push((d, 1));
            }
        }
        None
    }

    fn finish(self) -> impl Iterator<Item = Diagnostic> {
        self.first.into_iter().map(|(mut d, n)| {
            if n > 1 {
                d.message = format!("{} (in {n} pages; reported here, at its first use)", d.message);
            }
            d
        })
    }
}

/// A page, or what is known of a file left out (`None` when unreadable).
pub type PageOrLeftOut = Result<Page, Option<Unpublished>>;

/// Reads one document into a page; a skipped draft gives the names links
/// may use for it, a file that cannot be read nothing.
fn read_page(
    index: usize,
    doc: &SourceDoc,
    kinds: &Kinds,
    policy: LinkPolicy,
    drafts: bool,
) -> (PageOrLeftOut, Vec<Diagnostic>) {
    // A free note's front matter is its author's: read leniently, never a reason to leave it out.
    let free = matches!(doc.kind, EntityKind::Note | EntityKind::Home);
    let mut early = Vec::new();
    if doc.toml_front {
        early.push(
            Diagnostic::warning(
                "toml-front-matter",
                Span::at(&doc.display, 1, 1, 3),
                "front matter in TOML (`+++`, as Zola and Hugo write it) is not read: the page has none of its fields",
            )
            .with_help("write the fields as YAML between `---` lines: `title = \"Page\"` becomes `title: Page`"),
        );
    }
    if doc.unclosed_front {
        let d = Diagnostic::error(
            "unclosed-front-matter",
            Span::at(&doc.display, 1, 1, 3),
            "front matter opened with `---` on line 1 is never closed",
        )
        .with_help("end the front matter with a line containing only `---`, or start the note with another line");
        match free && policy == LinkPolicy::Warn {
            // In a vault, as Obsidian shows it: the `---` is a rule and the rest is the note.
            true => early.push(Diagnostic {
                severity: Severity::Warning,
                message: format!("{}, so it is a rule and the note has no properties, as in Obsidian", d.message),
                ..d
            }),
            false => {
                let base = base_page(index, doc, kinds, policy);
                let names = vec![base.file_stem, base.slug];
                return (Err(Some(Unpublished { path_key: base.path_key, names, failed: true })), vec![d]);
            }
        }
    }
    let fm = match doc.front {
        Some(_) => match FrontMatter::parse(doc.front_text(), &doc.display, doc.front_line) {
            Ok(fm) => fm,
            Err(mut d) if free => {
                d.severity = Severity::Warning;
                d.message = format!("{}; the note is published without its properties", d.message);
                early.push(d);
                FrontMatter::empty(&doc.display)
            }
            Err(d) => {
                // Its links still name it: they resolve to nothing without a second error each.
                let base = base_page(index, doc, kinds, policy);
                let names = vec![base.file_stem, base.slug];
                return (Err(Some(Unpublished { path_key: base.path_key, names, failed: true })), vec![d]);
            }
        },
        None => FrontMatter::empty(&doc.display),
    };
    let mut fm = if free { fm.lenient() } else { fm };
    let draft = fm.publish_flag("draft", false, true);
    let publish = fm.publish_flag("publish", true, false);
    if (draft || !publish) && !drafts {
        early.extend(fm.take_recorded());
        let base = base_page(index, doc, kinds, policy);
        let mut names = vec![base.file_stem];
        names.extend(fm.opt::<String>("title").or_else(|| fm.opt::<String>("name")));
        names.extend(fm.list::<String>("aliases").into_iter().map(|(_, a)| a));
        return (Err(Some(Unpublished { path_key: base.path_key, names, failed: false })), early);
    }
    let mut page = base_page(index, doc, kinds, policy);
    let def = kinds.def(doc.kind);
    // A vault's notes may carry any key Obsidian or a plugin reads: only a warning there.
    let severity = match doc.kind {
        EntityKind::Note | EntityKind::Home => Severity::Warning,
        _ => Severity::Error,
    };
    match doc.kind {
        EntityKind::Company => company::read(&mut fm, &mut page),
        EntityKind::Deal => deal::read(&mut fm, &mut page),
        EntityKind::Topic => note::read_topic(&mut fm, &mut page),
        EntityKind::Note => note::read_note(&mut fm, &mut page, doc.lead(), policy == LinkPolicy::Warn),
        EntityKind::Home => note::read_home(&mut fm, &mut page, doc.lead()),
        EntityKind::Custom(_) => custom::read(&mut fm, &mut page, doc.lead(), def),
    }
    let known = def.field_names();
    let known = known.as_slice();
    check_unverified(&mut fm, &mut page, known);
    if known.contains(&"redirect_from") {
        read_redirects(&mut fm, &mut page);
    }
    if known.contains(&"reviewed") {
        read_freshness(&mut fm, &mut page);
    }
    if doc.kind == EntityKind::Note {
        // `sources` left unread (a vault's own, of plain values) is a property.
        let shown: Vec<&str> = known.iter().copied().filter(|k| *k != "sources" || fm.was_read(k)).collect();
        page.properties = fm.properties(&shown).into_iter().map(Property::from_raw).collect();
    }
    if free && policy == LinkPolicy::Warn {
        // In a vault, keys of ours aside, front matter is the user's properties.
        fm.accept_all();
    }
    early.extend(fm.finish(known, severity));
    (Ok(page), early)
}

/// The address a file asks for: none for the home page, its folder's for a
/// note that is a folder's `index.md` (unless a kind's index has that
/// address, as `notes/` does), or outside a vault its `README.md`, as
/// GitHub and mdBook show a folder (an `index.md` beside it keeps the
/// address: `addresses`), else its slugged path.
fn default_url(doc: &SourceDoc, kinds: &Kinds, policy: LinkPolicy) -> String {
    if doc.kind == EntityKind::Home {
        return String::new();
    }
    let folder = slug::folder_index_url(&doc.rel)
        .or_else(|| (policy == LinkPolicy::Error).then(|| slug::folder_readme_url(&doc.rel)).flatten());
    match folder {
        Some(url) if doc.kind == EntityKind::Note && !kinds.indexed().any(|(_, i)| i.path == url) => url,
        _ => url_for(&doc.rel),
    }
}

fn base_page(index: usize, doc: &SourceDoc, kinds: &Kinds, policy: LinkPolicy) -> Page {
    let stem = doc.rel.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
    let path_key = doc.rel.with_extension("").to_string_lossy().replace('\\', "/");
    let url = default_url(doc, kinds, policy);
    let slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
    Page {
        doc: index,
        kind: doc.kind,
        slug,
        path_key,
        file_stem: stem.clone(),
        url,
        title: stem.clone(),
        short_title: stem,
        description: None,
        names: Vec::new(),
        date: None,
        topics: Vec::new(),
        companies: Vec::new(),
        tags: Vec::new(),
        css_classes: Vec::new(),
        sources: Vec::new(),
        unverified: Vec::new(),
        redirect_from: Vec::new(),
        reviewed: None,
        updates: Vec::new(),
        properties: Vec::new(),
        data: PageData::Home,
        permalink: None,
    }
}

/// `unverified: [field, …]` must name fields of the kind.
fn check_unverified(fm: &mut FrontMatter, page: &mut Page, known: &[&str]) {
    for (i, name) in fm.list::<String>("unverified") {
        let top = name.split('.').next().unwrap_or("");
        if known.contains(&top) && top != "unverified" {
            page.unverified.push(name);
        } else {
            let help = crate::diag::suggest(top, known.iter().copied());
            fm.error(
                &format!("unverified.{i}"),
                "unknown-field",
                format!("`unverified` names `{name}`, which is not a field of this kind"),
                help,
            );
        }
    }
}

/// `redirect_from: [old/path, …]`: site paths, normalised to `a/b/`. A path
/// may not climb (`..`), and its segments may hold no `\\`, `?`, `#` or
/// control characters, so a redirect can only land inside the output.
fn read_redirects(fm: &mut FrontMatter, page: &mut Page) {
    for (i, raw) in fm.list::<String>("redirect_from") {
        let at = format!("redirect_from.{i}");
        let segments: Vec<&str> = raw.split('/').filter(|s| !s.is_empty()).collect();
        let bad = segments.is_empty()
            || raw.contains("://")
            || segments
                .iter()
                .any(|s| *s == "." || *s == ".." || s.chars().any(|c| c.is_control() || "\\?#%<>\"".contains(c)));
        if bad {
            fm.error(
                &at,
                "invalid-redirect",
                format!("`{raw}` is not a site path this page can be reached from"),
                Some("write the old path of the page, e.g. `/companies/iris-energy/`".into()),
            );
            continue;
        }
        let path: String = segments.iter().map(|s| format!("{s}/")).collect();
        page.redirect_from.push((path, fm.span(&at)));
    }
}

/// `reviewed: <date>` and `updates: [{date, text}]`, sorted oldest first.
fn read_freshness(fm: &mut FrontMatter, page: &mut Page) {
    if let Some(t) = fm.opt::<fields::Text>("reviewed") {
        page.reviewed = read_date(fm, "reviewed", t.0.trim());
    }
    for (i, u) in fm.list::<fields::UpdateRaw>("updates") {
        let at = format!("updates.{i}");
        if u.text.trim().is_empty() {
            fm.error(
                &format!("{at}.text"),
                "missing-field",
                "an update needs a `text`".into(),
                Some("say in one sentence what changed".into()),
            );
            continue;
        }
        if let Some(date) = read_date(fm, &format!("{at}.date"), u.date.0.trim()) {
            page.updates.push(Update { date, text: u.text.trim().to_string() });
        }
    }
    page.updates.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.text.cmp(&b.text)));
}

impl Page {
    /// The last day the page was reviewed or recorded a change, if any.
    pub fn last_touched(&self) -> Option<PartialDate> {
        self.reviewed.into_iter().chain(self.updates.iter().map(|u| u.date)).max()
    }
}

/// Fields every kind reads the same way.
pub(crate) fn read_sources(fm: &mut FrontMatter) -> Vec<Source> {
    let mut out = Vec::new();
    for (i, raw) in fm.list::<fields::SourceRaw>("sources") {
        let at = format!("sources.{i}");
        let url = raw.url.trim().to_string();
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.len() < 12
            || url.contains(char::is_whitespace)
        {
            fm.error(
                &format!("{at}.url"),
                "invalid-url",
                format!("`{url}` is not an absolute http(s) URL"),
                Some("cite the page's full address, starting with https://".into()),
            );
            continue;
        }
        let published = match raw.published.as_ref().map(|t| t.0.trim()) {
            None | Some("unknown") | Some("") => None,
            Some(text) => read_date(fm, &format!("{at}.published"), text),
        };
        out.push(Source { url, title: raw.title, published, publisher: raw.publisher, note: raw.note });
    }
    out
}

/// Parses a date value, reporting a located error. A date YAML read as a
/// number from another spelling (`1e3`, `0x7EA`, `+2026`) is refused.
pub(crate) fn read_date(fm: &mut FrontMatter, path: &str, text: &str) -> Option<PartialDate> {
    if let Some(raw) = fm.plain_text(path).map(str::trim).filter(|raw| *raw != text) {
        let raw = raw.to_string();
        fm.error(
            path,
            "invalid-date",
            format!("`{raw}` is not a date"),
            Some("write YYYY-MM-DD, YYYY-MM or YYYY, in digits".into()),
        );
        return None;
    }
    match PartialDate::parse(text) {
        Ok(d) => Some(d),
        Err(e) => {
            fm.error(path, "invalid-date", e.message, e.help);
            None
        }
    }
}

/// Reads a list of page references (`topics: [a, b]`).
pub(crate) fn read_refs(fm: &mut FrontMatter, key: &str) -> Vec<Ref> {
    fm.list::<fields::Text>(key)
        .into_iter()
        .map(|(i, t)| Ref { text: t.0, span: fm.span(&format!("{key}.{i}")) })
        .collect()
}

#[cfg(test)]
mod tests;
