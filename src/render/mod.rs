//! Rendering: plans every output file of the site and renders pages one by
//! one, purely (no filesystem access).
//!
//! [`plan`] lists every page to write and the job that renders it, sorted,
//! and reports two sources claiming one output path. A [`Renderer`] borrows
//! everything the build computed (config, corpus, model, link graph,
//! catalog, templates, highlighter) and turns one [`Job`] into one
//! [`OutputFile`]; the driver runs jobs in parallel and hands each file to
//! `write` at once, so pages are never all held in memory. Each template
//! sees one context struct of `context.rs` (built of the views of
//! `view.rs`), which [`Renderer::context`] also shows as JSON. Which index
//! pages exist, their paths and titles, the navigation and each page's
//! template come from the kinds' registry (`crate::kinds`); a declared
//! kind's template falls back to the note's (`note.html`, and `notes.html`
//! for its index) when the theme and the site have none.

pub mod charts;
pub mod context;
mod embed;
pub mod exports;
pub mod figures;
mod nav;
mod pages;
mod recursion;
mod site_files;
pub mod templates;
pub mod timeline;
mod vault;
pub mod view;

use std::collections::HashMap;

use crate::catalog::Catalog;
use crate::config::{LinkPolicy, Site};
use crate::diag::{Diagnostic, Span};
use crate::highlight::{Highlighter, PreviousBlocks};
use crate::kinds::IndexDef;
use crate::links::{LinkGraph, Target};
use crate::load::{Corpus, EntityKind};
use crate::model::{Model, PageId, GRAPH_PATH, SEARCH_PATH, TIMELINE_PATH, TOTALS_PATH};

use context::TemplateContext;
use exports::Export;
pub use pages::reading_order;
use templates::Templates;
use view::{LinkView, SiteView};

/// What renders one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    /// The home page.
    Home,
    /// A page of the model.
    Page(PageId),
    /// Page n (from 1) of the index of a kind (`/companies/`; a list index
    /// may take more, `/notes/page/2/`, see `catalog/lists`): its path,
    /// title and template are the kind's entry in [`crate::kinds`].
    Index(EntityKind, u32),
    /// `404.html`.
    NotFound,
    /// The n-th old path of a page, redirecting to it.
    Redirect(PageId, usize),
    /// The site's Atom feed (`atom.xml`).
    SiteFeed,
    /// A company's or topic's Atom feed (`<page>/atom.xml`).
    PageFeed(PageId),
    /// `sitemap.xml` (only when the base URL has a host).
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// A data export under `data/`.
    Data(Export),
    /// The search page (`search/`); its index is written by `search`.
    Search,
    /// The whole link graph (`graph/`); its data is written by `graph`.
    Graph,
    /// `totals/`: how totals are counted, and the amounts behind each (sites with deals).
    Totals,
    /// `timeline/`: every deal in date order (sites with deals).
    Timeline,
    /// `updates.xml`: the feed of pages' dated updates (sites with any).
    UpdatesFeed,
    /// `tags/`: every tag.
    Tags,
    /// Page n (from 1) of the list of the n-th tag (in key order):
    /// `tags/x/`, then `tags/x/page/2/`.
    Tag(usize, u32),
    /// Page n (from 1) of the n-th folder's page.
    Folder(usize, u32),
}

impl Job {
    /// Whether the job makes one page's own file (the page, its feed, a
    /// redirect to it) rather than a view over the whole site.
    pub fn is_one_page(&self) -> bool {
        matches!(self, Job::Page(_) | Job::PageFeed(_) | Job::Redirect(..))
    }
}

/// One rendered file.
#[derive(Debug)]
pub struct OutputFile {
    /// Path inside the output folder (`companies/iren/index.html`).
    pub rel: String,
    /// Contents.
    pub bytes: Vec<u8>,
    /// Whether the page shows a mermaid diagram (its script must be written).
    pub mermaid: bool,
}

impl OutputFile {
    fn new(rel: String, bytes: Vec<u8>) -> OutputFile {
        OutputFile { rel, bytes, mermaid: false }
    }
}

/// The pages of a plan in its (output path) order: the order the search
/// index and the link graph number them in.
pub fn pages_in_order(plan: &[(String, Job)]) -> impl Iterator<Item = PageId> + '_ {
    plan.iter().filter_map(|(_, job)| match job {
        Job::Page(id) => Some(*id),
        _ => None,
    })
}

/// The site path of page `n` of the index at `path`: the index's own for
/// the first (`notes/`), then `notes/page/2/` and on.
pub fn index_page_path(path: &str, n: u32) -> String {
    if n > 1 {
        format!("{path}page/{n}/")
    } else {
        path.to_string()
    }
}

/// The output path of a site path (`companies/iren/` → `…/index.html`).
pub fn output_path(site_path: &str) -> String {
    format!("{site_path}index.html")
}

/// Lists every file to render, sorted by output path. Two jobs claiming one
/// path are reported, naming the source file.
pub fn plan(model: &Model, corpus: &Corpus, catalog: &Catalog, site: &Site) -> (Vec<(String, Job)>, Vec<Diagnostic>) {
    let mut jobs: Vec<(String, Job)> = vec![(output_path(""), Job::Home), ("404.html".into(), Job::NotFound)];
    // A `robots.txt` at the top of the content folder is the site's own, published as it is.
    if !corpus.has_asset("robots.txt") {
        jobs.push(("robots.txt".into(), Job::Robots));
    }
    if site.origin.is_some() {
        jobs.push(("sitemap.xml".into(), Job::Sitemap));
    }
    if !catalog.site_feed.is_empty() {
        jobs.push(("atom.xml".into(), Job::SiteFeed));
    }
    // A kind the site has no page of (a vault's companies) gets no index, as it gets no menu entry.
    let (yielded, mut diags) = vault::yielded_indexes(model, corpus, site.config.links == LinkPolicy::Warn);
    let kept = |k: EntityKind| model.ids_of(k).next().is_some() && !yielded.contains(&k);
    for (k, i) in model.kinds.indexed().filter(|(k, _)| kept(k.kind)) {
        for n in 1..=catalog.lists.pages(k.kind) as u32 {
            jobs.push((output_path(&index_page_path(i.path, n)), Job::Index(k.kind, n)));
        }
    }
    // An export of a kind the site has no page of (a vault's deals) is not written; the totals
    // go with the deals, as `/totals/` does.
    let has = |kind: EntityKind| model.ids_of(kind).next().is_some();
    jobs.extend(
        Export::ALL
            .iter()
            .filter(|e| has(e.of().0.unwrap_or(EntityKind::Deal)))
            .map(|e| (e.rel().to_string(), Job::Data(*e))),
    );
    jobs.push((output_path(SEARCH_PATH), Job::Search));
    jobs.push((output_path(GRAPH_PATH), Job::Graph));
    if model.ids_of(EntityKind::Deal).next().is_some() {
        jobs.push((output_path(TOTALS_PATH), Job::Totals));
        jobs.push((output_path(TIMELINE_PATH), Job::Timeline));
    }
    if !catalog.site_updates.is_empty() {
        jobs.push((timeline::UPDATES_FEED.into(), Job::UpdatesFeed));
    }
    let mut taken: HashMap<String, Job> = jobs.iter().cloned().collect();
    for (i, p) in model.pages.iter().enumerate() {
        if p.kind == EntityKind::Home {
            continue;
        }
        let out = output_path(&p.url);
        if taken.contains_key(&out) {
            diags.push(
                Diagnostic::error(
                    "url-collision",
                    Span::file(&corpus.docs[p.doc].display),
                    format!("this page would replace the generated page /{}", p.url),
                )
                .with_help("rename the file: that address is used by a generated index"),
            );
            continue;
        }
        let id = PageId(i as u32);
        taken.insert(out.clone(), Job::Page(id));
        jobs.push((out, Job::Page(id)));
        if catalog.page_feeds.contains_key(&id) {
            jobs.push((format!("{}atom.xml", p.url), Job::PageFeed(id)));
        }
    }
    // The tag index and each tag's page are generated when a page has tags:
    // a page of another kind at one of their addresses would hide it.
    if !catalog.tags.is_empty() {
        let tag_pages = std::iter::once(("tags/".to_string(), "the tag index".to_string())).chain(
            catalog.tags.keys().map(|k| (crate::catalog::vault::tag_url(k), format!("the page of the tag `{k}`"))),
        );
        for (url, what) in tag_pages {
            // A note there is merged with it (its text, then the listing).
            let page = match taken.get(&output_path(&url)) {
                Some(Job::Page(id)) if model.page(*id).kind != EntityKind::Note => Some(id),
                _ => None,
            };
            if let Some(id) = page {
                diags.push(
                    Diagnostic::error(
                        "url-collision",
                        Span::file(&corpus.docs[model.page(*id).doc].display),
                        format!("this page would replace {what}, generated at /{url}"),
                    )
                    .with_help("rename the file: that address is used by a generated page"),
                );
            }
        }
    }
    diags.extend(vault::jobs(model, corpus, catalog, &mut taken, &mut jobs));
    for (i, p) in model.pages.iter().enumerate() {
        for (n, (from, span)) in p.redirect_from.iter().enumerate() {
            let out = output_path(from);
            if taken.contains_key(&out) {
                diags.push(
                    Diagnostic::error(
                        "redirect-collision",
                        span.clone(),
                        format!("/{from} is already a page of the site"),
                    )
                    .with_help("a redirect may only use an address no page uses"),
                );
                continue;
            }
            taken.insert(out.clone(), Job::Redirect(PageId(i as u32), n));
            jobs.push((out, Job::Redirect(PageId(i as u32), n)));
        }
    }
    // Content assets are copied as they are: none may take a generated file's
    // place, nor a theme file's but for its icons, which the content's own replace.
    // `CNAME` is written only for `cname:`; without it a content file may be the site's own.
    let reserved = ["syntax.css", ".nojekyll", crate::write::MARKER];
    for a in &corpus.assets {
        let rel = a.rel.to_string_lossy().replace('\\', "/");
        let generated = taken.contains_key(&rel)
            || reserved.contains(&rel.as_str())
            || (rel == "CNAME" && site.config.cname.is_some())
            || rel.starts_with("search/")
            || rel.starts_with("graph/")
            || (templates::DEFAULT_STATIC.iter().any(|(name, _)| *name == rel) && !templates::is_icon(&rel));
        if generated {
            diags.push(
                Diagnostic::error(
                    "url-collision",
                    Span::file(a.source.strip_prefix(&site.root).unwrap_or(&a.source)),
                    format!("this file would replace the generated file /{rel}"),
                )
                .with_help("rename or move the file: pivotbook writes that path itself"),
            );
        }
    }
    jobs.sort();
    (jobs, diags)
}

/// Renders jobs; borrows everything it needs.
#[derive(Debug)]
pub struct Renderer<'a> {
    site: &'a Site,
    corpus: &'a Corpus,
    model: &'a Model,
    graph: &'a LinkGraph,
    catalog: &'a Catalog,
    templates: &'a Templates,
    hl: &'a Highlighter,
    site_view: SiteView,
    /// `site_view` as Tera's values, lent to every render.
    shared: context::Shared,
    /// Per page: its node number in the link graph, if it has one.
    graph_nodes: &'a [Option<u32>],
    /// `nav.html` as rendered, by how the links stand to the page (see
    /// `nav.rs`); a failed render's message.
    navs: nav::Rendered,
}

impl<'a> Renderer<'a> {
    /// The catalog, noting that the job reads `part` of it.
    fn catalog(&self, part: crate::reads::Aggregate) -> &'a Catalog {
        crate::reads::note(crate::reads::Read::Catalog(part));
        self.catalog
    }

    /// A page's resolved links, noting that the job reads its body.
    fn body_links(&self, id: PageId) -> &'a [crate::links::Resolved] {
        crate::reads::note(crate::reads::Read::Body(id));
        &self.graph.links[id.0 as usize]
    }

    /// A page's headings, noting that the job reads its body.
    fn headings(&self, id: PageId) -> &'a [crate::markdown::Heading] {
        crate::reads::note(crate::reads::Read::Body(id));
        &self.graph.headings[id.0 as usize]
    }

    /// A page's front matter references, resolved, noting the read.
    fn refs(&self, id: PageId) -> &'a crate::links::PageRefs {
        crate::reads::note(crate::reads::Read::Refs(id));
        &self.graph.refs[id.0 as usize]
    }

    /// A page's blocks with an id, noting that the job reads its body.
    fn blocks(&self, id: PageId) -> &'a [crate::markdown::Block] {
        crate::reads::note(crate::reads::Read::Body(id));
        &self.graph.blocks[id.0 as usize]
    }

    /// The pages linking to a page, noting the read.
    fn backlinks_of(&self, id: PageId) -> &'a [crate::links::Backlink] {
        crate::reads::note(crate::reads::Read::Backlinks(id));
        &self.graph.backlinks[id.0 as usize]
    }

    /// A page's body as written, noting the read: held in memory, or read
    /// back from its file once a build dropped the texts (an error if the
    /// file changed since it was loaded, see [`Corpus::body`]).
    fn body_text(&self, id: PageId) -> Result<std::borrow::Cow<'a, str>, crate::diag::Diagnostic> {
        crate::reads::note(crate::reads::Read::Body(id));
        self.corpus.body(self.model.page(id).doc)
    }

    /// The length of a page's body, noting the read.
    fn body_len(&self, id: PageId) -> usize {
        crate::reads::note(crate::reads::Read::Body(id));
        self.corpus.docs[self.model.page(id).doc].body.len()
    }

    /// A renderer over one build's data.
    pub fn new(
        site: &'a Site,
        corpus: &'a Corpus,
        model: &'a Model,
        graph: &'a LinkGraph,
        catalog: &'a Catalog,
        templates: &'a Templates,
        hl: &'a Highlighter,
    ) -> Renderer<'a> {
        let c = &site.config;
        let (icon, icon_type) = templates::icon(corpus);
        let site_view = SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            rtl: crate::config::is_rtl(&c.language),
            author: c.author.clone(),
            base_path: site.base_path.clone(),
            base_url: site.origin.as_ref().map(|o| format!("{o}{}", site.base_path)),
            // A kind the site has no page of (a vault's companies) stays out of the navigation.
            nav: model
                .kinds
                .indexed()
                .filter(|(def, _)| model.ids_of(def.kind).next().is_some())
                .map(|(_, i)| LinkView { title: i.title.into(), url: site.url(i.path), kind: "index" })
                .chain([LinkView { title: "Graph".into(), url: site.url("graph/"), kind: "graph" }])
                .collect(),
            stylesheets: vec![site.url("style.css")],
            syntax_stylesheet: site.url("syntax.css"),
            icon: site.url(icon),
            icon_type,
            generator: format!("pivotbook {}", env!("CARGO_PKG_VERSION")),
            knowledge_base: [EntityKind::Company, EntityKind::Deal]
                .into_iter()
                .any(|k| model.ids_of(k).next().is_some()),
        };
        Renderer {
            site,
            corpus,
            model,
            graph,
            catalog,
            templates,
            hl,
            shared: context::Shared::new(&site_view),
            site_view,
            graph_nodes: &[],
            navs: Default::default(),
        }
    }

    /// Gives each page (by `PageId`) its node number in the link graph, which
    /// the page's small graph reads its neighbours by.
    pub fn set_graph_nodes(&mut self, nodes: &'a [Option<u32>]) {
        self.graph_nodes = nodes;
    }

    /// Renders one job. `previous` is the HTML this job wrote in the previous
    /// build, if the driver has it: its highlighted code blocks are reused.
    pub fn render(&self, job: Job, previous: Option<&str>) -> Result<OutputFile, Diagnostic> {
        let (rel, template, context, mermaid) = match self.make(job, previous)? {
            Made::File(f) => return Ok(f),
            Made::Template { rel, template, context, mermaid } => (rel, template, context, mermaid),
        };
        let bytes = templates::render(&self.templates.tera, template, &context, &self.shared)
            .map_err(|msg| self.render_failed(&rel, template, msg))?;
        Ok(OutputFile { rel, bytes, mermaid })
    }

    /// A located error for a job whose template failed: `msg` says how.
    fn render_failed(&self, rel: &str, template: &str, msg: String) -> Diagnostic {
        let span = self.templates.locate(template, &msg);
        Diagnostic::error("template", span, format!("failed to render /{}: {msg}", rel.trim_end_matches("index.html")))
    }

    /// The template a job renders and its context, as the template receives
    /// it (`render` uses the same), the shared `site` included:
    /// `None` for a file made without a template
    /// (`sitemap.xml`, `robots.txt`, data exports). An error is a page body's
    /// (embeds over their budget) or a context that does not serialise.
    pub fn context(&self, job: Job) -> Result<Option<(&'static str, serde_json::Value)>, Diagnostic> {
        if matches!(job, Job::Sitemap | Job::Robots | Job::Data(_)) {
            return Ok(None);
        }
        let Made::Template { rel, template, context, .. } = self.make(job, None)? else { return Ok(None) };
        let json = templates::context_json(&context).map_err(|msg| self.render_failed(&rel, template, msg))?;
        Ok(Some((template, self.with_shared(json))))
    }

    /// A context's JSON with the shared `site` added, as `render` adds it:
    /// what a template finds.
    fn with_shared(&self, mut json: serde_json::Value) -> serde_json::Value {
        if let Some(map) = json.as_object_mut() {
            map.insert("site".to_string(), self.shared.site().clone());
        }
        json
    }

    /// What a job makes: a file made without a template, or a template's
    /// output path, name and context (its page's navigation filled in).
    fn make(&self, job: Job, previous: Option<&str>) -> Result<Made<'_>, Diagnostic> {
        let mut mermaid = false;
        let (rel, template, mut ctx) = match job {
            Job::Sitemap => return Ok(Made::File(OutputFile::new("sitemap.xml".into(), self.sitemap().into_bytes()))),
            Job::Robots => return Ok(Made::File(OutputFile::new("robots.txt".into(), self.robots().into_bytes()))),
            Job::Data(e) => return Ok(Made::File(OutputFile::new(e.rel().into(), self.export(e)))),
            Job::SiteFeed => ("atom.xml".to_string(), "atom.xml", self.feed_context(None)),
            Job::PageFeed(id) => {
                (format!("{}atom.xml", self.model.page(id).url), "atom.xml", self.feed_context(Some(id)))
            }
            Job::Redirect(id, n) => {
                let from = self.model.page(id).redirect_from.get(n).map(|r| r.0.clone()).unwrap_or_default();
                (output_path(&from), "redirect.html", self.redirect_context(id, &from))
            }
            Job::Home => {
                let (ctx, has_mermaid) = self.home_context();
                mermaid = has_mermaid;
                (output_path(""), "home.html", ctx)
            }
            Job::NotFound => ("404.html".to_string(), "404.html", self.not_found_context()),
            Job::Search => (output_path("search/"), "search.html", self.search_context()),
            Job::Graph => (output_path("graph/"), "graph.html", self.graph_context()),
            Job::Totals => (output_path(TOTALS_PATH), "totals.html", self.totals_context()),
            Job::Timeline => (output_path(TIMELINE_PATH), "timeline.html", self.timeline_context()),
            Job::UpdatesFeed => (timeline::UPDATES_FEED.to_string(), "atom.xml", self.updates_feed_context()),
            Job::Index(kind, n) => {
                let index = self.model.kinds.def(kind).index.unwrap_or(NO_INDEX);
                let path = output_path(&index_page_path(index.path, n));
                (path, self.template_or(index.template, "notes.html"), self.index_context(kind, n))
            }
            Job::Tags => (output_path("tags/"), "tags.html", self.tags_context()),
            Job::Tag(i, n) => {
                let (rel, ctx) = self.tag_context(i, n);
                (rel, "tag.html", ctx)
            }
            Job::Folder(i, n) => {
                let (rel, ctx) = self.folder_context(i, n);
                (rel, "folder.html", ctx)
            }
            Job::Page(id) => {
                let p = self.model.page(id);
                let template = self.template_or(self.model.kinds.def(p.kind).template, "note.html");
                let previous = previous.map(PreviousBlocks::parse);
                let (ctx, has_mermaid, body_error) = self.page_context(id, previous.as_ref());
                if let Some(d) = body_error {
                    return Err(d);
                }
                mermaid = has_mermaid;
                // A note merged with a generated listing takes the listing's template.
                let template = match &ctx {
                    TemplateContext::Folder(_) => "folder.html",
                    TemplateContext::Tag(_) => "tag.html",
                    TemplateContext::Tags(_) => "tags.html",
                    _ => template,
                };
                (output_path(&p.url), template, ctx)
            }
        };
        self.fill_nav(&rel, &mut ctx)?;
        Ok(Made::Template { rel, template, context: ctx, mermaid })
    }

    /// `name` if the templates have it (a declared kind's own template),
    /// else `fallback`.
    fn template_or(&self, name: &'static str, fallback: &'static str) -> &'static str {
        if self.templates.tera.templates.contains_key(name) {
            name
        } else {
            fallback
        }
    }

    /// The URL of a link target.
    fn href(&self, t: &Target) -> Option<String> {
        match t {
            Target::Page(id, anchor) => {
                let url = self.site.url(&self.model.page(*id).url);
                Some(match anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                })
            }
            // A file held back from the site (HTML or SVG under `raw_html: sanitize`) has no address.
            Target::Asset(rel)
                if self.corpus.held_back.iter().any(|a| a.rel.to_string_lossy().replace('\\', "/") == *rel) =>
            {
                None
            }
            Target::Asset(rel) => Some(self.site.url(&encode_path(rel))),
            Target::SitePath(p) => Some(self.site.url(p)),
            Target::Broken => None,
        }
    }
}

/// What a job makes (see [`Renderer::render`]).
#[allow(clippy::large_enum_variant)] // one at a time, per job
enum Made<'a> {
    /// A file made without a template (`sitemap.xml`, `robots.txt`, an export).
    File(OutputFile),
    /// A page or feed to render through `template`.
    Template {
        /// Its output path.
        rel: String,
        /// The template.
        template: &'static str,
        /// What the template receives.
        context: TemplateContext<'a>,
        /// Whether it shows a mermaid diagram.
        mermaid: bool,
    },
}

/// What a kind without an index page would have (no job asks for it).
const NO_INDEX: IndexDef = IndexDef { path: "", title: "", template: "notes.html" };

/// Percent-encodes what may not stand in a URL path.
pub fn encode_path(p: &str) -> String {
    crate::percent::encode_path(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Vec<u8> {
        percent_encoding::percent_decode_str(s).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn encoded_paths_are_plain_ascii_and_decode_back(p in proptest::prelude::any::<String>()) {
            let e = encode_path(&p);
            proptest::prop_assert!(e.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-._~%".contains(&b)), "{e:?}");
            proptest::prop_assert_eq!(decode(&e), p.as_bytes());
        }
    }

    #[test]
    fn encodes_paths() {
        assert_eq!(encode_path("notes/my chart.png"), "notes/my%20chart.png");
        assert_eq!(encode_path("a/é.png"), "a/%C3%A9.png");
    }
}
