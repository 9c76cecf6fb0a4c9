//! Building the views of each kind of page from the model, the link graph
//! and the catalog. Every function here is pure and per page: aggregates
//! come precomputed from `catalog`.

mod notes;
mod rows;

pub use notes::reading_order;

use crate::reads::Aggregate;

use super::context::*;
use super::view::*;
use super::Renderer;
use crate::highlight::PreviousBlocks;
use crate::load::EntityKind;
use crate::model::{Page, PageData, PageId, Verification};
use crate::money::Family;

impl Renderer<'_> {
    /// Kind name used in views for a page.
    fn kind_name(&self, p: &Page) -> &'static str {
        self.model.kinds.name(p.kind)
    }

    pub(super) fn link(&self, id: PageId) -> LinkView {
        let p = self.model.page(id);
        LinkView { title: p.short_title.clone(), url: self.site.url(&p.url), kind: self.kind_name(p) }
    }

    fn backlinks(&self, id: PageId, except: impl Fn(PageId) -> bool) -> Vec<BacklinkView> {
        self.backlinks_of(id)
            .iter()
            .filter(|b| !except(b.from))
            .map(|b| BacklinkView { page: self.link(b.from), context: self.backlink_context(b) })
            .collect()
    }

    fn page_view(&self, id: PageId, previous: Option<&PreviousBlocks>) -> PageView {
        let p = self.model.page(id);
        let (body, embed_error) = self.body_checked(id, previous);
        let toc = if body.toc.len() >= self.site.config.markdown.toc_min_headings { body.toc } else { Vec::new() };
        let mut breadcrumbs = vec![LinkView { title: "Home".into(), url: self.site.url(""), kind: "home" }];
        // A note in a vault's folder is under that folder, not under `/notes/`.
        let section = match p.kind {
            EntityKind::Note if p.path_key.contains('/') && !p.path_key.starts_with("notes/") => None,
            kind => self.model.kinds.def(kind).index,
        };
        if let Some(s) = section {
            breadcrumbs.push(LinkView { title: s.title.into(), url: self.site.url(s.path), kind: "index" });
        }
        if p.kind == EntityKind::Note && p.path_key.contains('/') {
            // A note in a vault's folder: the folders above it.
            let skip = usize::from(section.is_some());
            breadcrumbs.extend(self.folder_crumbs(&p.path_key).into_iter().skip(1 + skip));
        }
        // A folder's `index.md` is the folder's page: the folder is not its own parent.
        let own = self.site.url(&p.url);
        breadcrumbs.retain(|c| c.kind == "home" || c.url != own);
        breadcrumbs.push(LinkView {
            title: p.short_title.clone(),
            url: self.site.url(&p.url),
            kind: self.kind_name(p),
        });
        let title_id = self.headings(id).first().filter(|_| self.title_heading(id)).map(|h| h.id.clone());
        PageView {
            kind: self.kind_name(p),
            title: p.title.clone(),
            title_id,
            url: self.site.url(&p.url),
            permalink: self.site.absolute_url(&p.url),
            description: p.description.clone().unwrap_or_else(|| self.site.config.description.clone()),
            breadcrumbs,
            has_content: !body.html.trim().is_empty(),
            has_code: body.html.contains("<pre class=\"code\">"),
            has_mermaid: body.has_mermaid,
            content: body.html,
            toc,
            date: p.date.map(DateView::from),
            topics: self.refs(id).topics.iter().map(|t| self.link(*t)).collect(),
            tags: p.tags.clone(),
            tag_links: self.tag_links(p),
            css_classes: p.css_classes.clone(),
            sources: p.sources.iter().map(SourceView::from).collect(),
            unverified: p.unverified.clone(),
            backlinks: self.backlinks(id, |_| false),
            // Relative to the content folder, wherever that is (never the build machine's path).
            source_path: Some(self.corpus.docs[p.doc].rel.to_string_lossy().replace('\\', "/")),
            feed_url: self
                .catalog(Aggregate::PageFeeds(Some(id)))
                .page_feeds
                .contains_key(&id)
                .then(|| self.site.url(&format!("{}atom.xml", p.url))),
            og_type: if matches!(p.kind, EntityKind::Deal | EntityKind::Note | EntityKind::Custom(_)) {
                "article"
            } else {
                "website"
            },
            graph_node: self.graph_nodes.get(id.0 as usize).copied().flatten(),
            embed_error,
            reviewed: p.reviewed.map(DateView::from),
            updates: p
                .updates
                .iter()
                .rev()
                .map(|u| UpdateView { date: DateView::from(u.date), text: u.text.clone() })
                .collect(),
            properties: self.properties(id),
            nav_html: String::new(),
        }
    }

    /// A free note's properties, each `[[link]]` with the URL it resolved
    /// to; then the pages its `topics:` or `companies:` name that are not
    /// topics or companies.
    fn properties(&self, id: PageId) -> Vec<PropertyView> {
        let p = self.model.page(id);
        if p.properties.is_empty() && self.refs(id).related.is_empty() {
            return Vec::new();
        }
        let refs = self.refs(id);
        let mut targets = refs.properties.iter().map(|(_, t)| t);
        let part = |text: &str, url: Option<String>| PropertyPartView { text: text.to_string(), url };
        let mut out: Vec<PropertyView> = p
            .properties
            .iter()
            .map(|prop| {
                let values = prop
                    .values
                    .iter()
                    .map(|v| {
                        let mut parts = Vec::new();
                        let mut at = 0;
                        for l in &v.links {
                            let target = targets.next();
                            if l.range.start > at {
                                parts.push(part(&v.text[at..l.range.start], None));
                            }
                            let shown = l.label.as_deref().unwrap_or(&l.target);
                            parts.push(part(shown, target.and_then(|t| self.href(t))));
                            at = l.range.end;
                        }
                        if at < v.text.len() || v.links.is_empty() {
                            parts.push(part(&v.text[at..], None));
                        }
                        parts
                    })
                    .collect();
                PropertyView { key: prop.key.clone(), values }
            })
            .collect();
        for (key, to) in &refs.related {
            let link = self.link(*to);
            let value = vec![part(&link.title, Some(link.url))];
            match out.iter_mut().find(|v| v.key == *key) {
                Some(v) => v.values.push(value),
                None => out.push(PropertyView { key: key.clone(), values: vec![value] }),
            }
        }
        out
    }

    pub(super) fn generated_page(&self, kind: &'static str, title: &str, path: &str) -> PageView {
        let mut breadcrumbs = vec![LinkView { title: "Home".into(), url: self.site.url(""), kind: "home" }];
        if !path.is_empty() && kind != "404" {
            breadcrumbs.push(LinkView { title: title.into(), url: self.site.url(path), kind: "index" });
        }
        PageView {
            title_id: None,
            kind,
            title: title.to_string(),
            url: self.site.url(path),
            permalink: self.site.absolute_url(path),
            description: self.site.config.description.clone(),
            breadcrumbs,
            content: String::new(),
            has_content: false,
            has_code: false,
            has_mermaid: false,
            toc: Vec::new(),
            date: None,
            topics: Vec::new(),
            tags: Vec::new(),
            tag_links: Vec::new(),
            css_classes: Vec::new(),
            sources: Vec::new(),
            unverified: Vec::new(),
            backlinks: Vec::new(),
            source_path: None,
            feed_url: None,
            og_type: "website",
            properties: Vec::new(),
            nav_html: String::new(),
            graph_node: None,
            embed_error: None,
            reviewed: None,
            updates: Vec::new(),
        }
    }

    /// A page's template context, whether it has a mermaid diagram, and an
    /// error of its body (embeds over their budget).
    pub(super) fn page_context(
        &self,
        id: PageId,
        previous: Option<&PreviousBlocks>,
    ) -> (TemplateContext<'_>, bool, Option<crate::diag::Diagnostic>) {
        let mut page = self.page_view(id, previous);
        let body_error = page.embed_error.take();
        let mermaid = page.has_mermaid;
        let site = &self.site_view;
        let p = self.model.page(id);
        let ctx = match &p.data {
            PageData::Company(c) => {
                let parts = self
                    .catalog(Aggregate::CompanyDeals(Some(id)))
                    .company_deals
                    .get(&id)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let deals: Vec<DealRowView> = parts.iter().filter_map(|x| self.deal_row(x.deal, Some(id))).collect();
                let excluded_deals = self
                    .catalog(Aggregate::CompanyTotals(Some(id)))
                    .company_totals
                    .get(&id)
                    .map_or(0, |f| f.excluded_deals);
                let is_deal = |from: PageId| parts.iter().any(|x| x.deal == from);
                let company = CompanyView {
                    name: &c.name,
                    short_name: c.short_name.as_deref(),
                    former_names: &c.former_names,
                    aliases: &c.aliases,
                    tickers: &c.tickers,
                    headquarters: c.headquarters.as_ref(),
                    founded: c.founded.map(DateView::from),
                    website: c.website.as_deref(),
                    category: c.category.map(|c| c.label()),
                    summary: &c.summary,
                    sites: &c.sites,
                    deals,
                    figures: self.heading_groups(id),
                    excluded_deals,
                    mentions: self.backlinks(id, is_deal),
                };
                let charts = Vec::from_iter(self.company_chart(id));
                TemplateContext::Company(CompanyContext { site, page, company, charts })
            }
            PageData::Deal(d) => {
                let deal = DealView {
                    kinds: d.kinds.iter().map(|k| k.label()).collect(),
                    state: d.state.label(),
                    state_id: d.state.as_str(),
                    counted: d.state.counts(),
                    superseded_by: self.refs(id).superseded_by.map(|s| self.link(s)),
                    verified: d.verification == Verification::Verified,
                    parties: self.parties(id, None),
                    amounts: self.amount_views(id, true),
                    headline: self.headline_view(id).map(|a| format!("{} {}", a.text, a.kind_label.to_lowercase())),
                    date_note: d.date_note.as_deref(),
                    term: d.term.as_deref(),
                    capacity: d.capacity.as_ref(),
                    gpu_model: d.gpu_model.as_deref(),
                    site: d.site.as_deref(),
                    expected: d
                        .expected
                        .iter()
                        .map(|e| ExpectedView { what: e.what.clone(), by: DateView::from(e.by), note: e.note.clone() })
                        .collect(),
                };
                TemplateContext::Deal(DealContext { site, page, deal })
            }
            PageData::Topic(t) => {
                let members = self
                    .catalog(Aggregate::TopicPages(Some(id)))
                    .topic_pages
                    .get(&id)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let of = |k: EntityKind| members.iter().filter(move |m| self.model.page(**m).kind == k).copied();
                let topic = TopicView {
                    description: t.description.clone(),
                    companies: of(EntityKind::Company).map(|m| self.link(m)).collect(),
                    deals: self.newest_first(of(EntityKind::Deal)).filter_map(|m| self.deal_row(m, None)).collect(),
                    notes: of(EntityKind::Note).map(|m| self.link(m)).collect(),
                };
                TemplateContext::Topic(TopicContext { site, page, topic })
            }
            PageData::Custom(c) => TemplateContext::KindPage(KindPageContext { site, page, fields: &c.fields }),
            PageData::Note(_) => self.note_context(&p.url, page),
            PageData::Home => TemplateContext::Note(NoteContext { site, page }),
        };
        (ctx, mermaid, body_error)
    }

    /// The home page's context, and whether it has a mermaid diagram.
    pub(super) fn home_context(&self) -> (TemplateContext<'_>, bool) {
        let home = self.model.pages.iter().position(|p| p.kind == EntityKind::Home).map(|i| PageId(i as u32));
        let mut page = match home {
            Some(id) => {
                let mut v = self.page_view(id, None);
                v.kind = "home";
                v.breadcrumbs.clear();
                v
            }
            None => self.generated_page("home", &self.site.config.title, ""),
        };
        page.url = self.site.url("");
        page.permalink = self.site.absolute_url("");
        page.og_type = "website";
        page.feed_url = (!self.catalog(Aggregate::SiteFeed).site_feed.is_empty()).then(|| self.site.url("atom.xml"));
        page.breadcrumbs.clear();
        if home.is_none() || page.title.is_empty() || page.title == "_index" {
            page.title = self.site.config.title.clone();
        }
        let count = |k| self.model.ids_of(k).count();
        let root = self.root_folder();
        let mermaid = page.has_mermaid;
        let home = HomeView {
            counts: Counts {
                companies: count(EntityKind::Company),
                deals: count(EntityKind::Deal),
                topics: count(EntityKind::Topic),
                notes: count(EntityKind::Note),
            },
            latest_deals: self
                .catalog(Aggregate::DealsByDate)
                .deals_by_date
                .iter()
                .take(10)
                .filter_map(|d| self.deal_row(*d, None))
                .collect(),
            largest_deals: self
                .catalog(Aggregate::Largest)
                .largest
                .iter()
                .take(10)
                .filter_map(|(d, _)| self.deal_row(*d, None))
                .collect(),
            topics: self.list_items(EntityKind::Topic),
            totals: self.family_groups(&self.catalog(Aggregate::AllTotals).all_totals),
            folders: root
                .folders
                .into_iter()
                // Folders with a generated index of their own are in the navigation.
                .filter(|f| {
                    !self.model.kinds.all().any(|k| k.index.is_some() && k.folder == Some(f.link.title.as_str()))
                })
                .collect(),
            notes: root.notes,
        };
        let updates_feed_url = (!self.catalog(Aggregate::SiteUpdates).site_updates.is_empty())
            .then(|| self.site.url(super::timeline::UPDATES_FEED));
        let ctx = HomeContext {
            site: &self.site_view,
            page,
            home,
            totals_url: self.totals_url(),
            timeline_url: self.timeline_url(),
            updates_feed_url,
            charts: [self.largest_chart(), self.cumulative_chart()].into_iter().flatten().collect(),
        };
        (TemplateContext::Home(ctx), mermaid)
    }

    fn list_items(&self, kind: EntityKind) -> Vec<ListItemView> {
        let mut items: Vec<PageId> = self.model.ids_of(kind).collect();
        items.sort_by_cached_key(|id| {
            let p = self.model.page(*id);
            (p.title.to_lowercase(), p.url.clone())
        });
        items.into_iter().map(|id| self.list_item(id)).collect()
    }

    fn list_item(&self, id: PageId) -> ListItemView {
        let p = self.model.page(id);
        ListItemView {
            link: self.link(id),
            description: p.description.clone().unwrap_or_default(),
            date: p.date.map(DateView::from),
            count: self.catalog(Aggregate::TopicPages(Some(id))).topic_pages.get(&id).map_or(0, Vec::len),
        }
    }

    /// Page `n` (from 1) of `kind`'s index; only a list index (notes, a
    /// declared kind's) has more than one.
    pub(super) fn index_context(&self, kind: EntityKind, n: u32) -> TemplateContext<'_> {
        let index = self.model.kinds.def(kind).index.unwrap_or(super::NO_INDEX);
        let path = |k: u32| super::index_page_path(index.path, k);
        let mut page = self.generated_page(index.path.trim_end_matches('/'), index.title, &path(n));
        // Home › Notes › Page 2: the index's own crumb leads to its first page.
        self.page_crumb(&mut page, index.path, n);
        let site = &self.site_view;
        let downloads = self.downloads(kind);
        match kind {
            EntityKind::Company => {
                let mut rows: Vec<CompanyRowView> = self
                    .model
                    .ids_of(EntityKind::Company)
                    .map(|id| {
                        let PageData::Company(c) = &self.model.page(id).data else {
                            unreachable!("ids_of(Company) yields companies")
                        };
                        CompanyRowView {
                            link: self.link(id),
                            tickers: c
                                .tickers
                                .iter()
                                .map(|t| format!("{} ({})", t.symbol, t.exchange))
                                .collect::<Vec<_>>()
                                .join(", "),
                            category: c.category.map(|c| c.label()),
                            deal_count: self
                                .catalog(Aggregate::CompanyDeals(Some(id)))
                                .company_deals
                                .get(&id)
                                .map_or(0, Vec::len),
                            figures: self.company_closed(id),
                        }
                    })
                    .collect();
                rows.sort_by(|a, b| {
                    a.link.title.to_lowercase().cmp(&b.link.title.to_lowercase()).then(a.link.url.cmp(&b.link.url))
                });
                TemplateContext::Companies(CompaniesContext {
                    site,
                    page,
                    companies: rows,
                    totals: self.family_groups(&self.catalog(Aggregate::AllTotals).all_totals),
                    totals_url: self.totals_url(),
                    downloads,
                })
            }
            EntityKind::Deal => {
                let deals: Vec<DealRowView> = self
                    .catalog(Aggregate::DealsByDate)
                    .deals_by_date
                    .iter()
                    .filter_map(|d| self.deal_row(*d, None))
                    .collect();
                let charts: Vec<_> = [self.quarterly_chart(Family::Raised), self.quarterly_chart(Family::Contracts)]
                    .into_iter()
                    .flatten()
                    .collect();
                TemplateContext::Deals(DealsContext {
                    site,
                    page,
                    filters: DealFiltersView::of(&deals),
                    deals,
                    charts,
                    totals: self.family_groups(&self.catalog(Aggregate::AllTotals).all_totals),
                    totals_url: self.totals_url(),
                    timeline_url: self.timeline_url(),
                    downloads,
                    deals_script: self.site.url("deals.js"),
                })
            }
            EntityKind::Topic => {
                TemplateContext::Topics(TopicsContext { site, page, topics: self.list_items(kind), downloads })
            }
            EntityKind::Note => {
                let (reading_order, notes) = self.note_items(kind, n);
                let paginator = self.paginator(kind, n, path);
                TemplateContext::Notes(NotesContext { site, page, reading_order, notes, paginator, downloads })
            }
            // A declared kind's list; under `notes` too, for the notes' template it falls back to.
            EntityKind::Custom(_) => {
                let pages = self
                    .index_page(kind, n)
                    .lists
                    .page(kind, n as usize)
                    .iter()
                    .map(|id| self.list_item(*id))
                    .collect();
                let (reading_order, notes) = self.note_items(kind, n);
                let paginator = self.paginator(kind, n, path);
                TemplateContext::KindIndex(KindIndexContext {
                    site,
                    page,
                    notes,
                    reading_order,
                    pages,
                    paginator,
                    downloads,
                })
            }
            // The home page has no index (no job asks for one): an empty list.
            EntityKind::Home => TemplateContext::Notes(NotesContext {
                site,
                page,
                reading_order: Vec::new(),
                notes: Vec::new(),
                paginator: None,
                downloads,
            }),
        }
    }

    /// The data exports offered on an index page.
    fn downloads(&self, kind: EntityKind) -> Vec<LinkView> {
        super::exports::Export::ALL
            .iter()
            .filter_map(|e| match e.of() {
                (Some(k), label) if k == kind => {
                    Some(LinkView { title: label.into(), url: self.site.url(e.rel()), kind: "data" })
                }
                _ => None,
            })
            .collect()
    }

    pub(super) fn search_context(&self) -> TemplateContext<'_> {
        TemplateContext::Search(SearchContext {
            site: &self.site_view,
            page: self.generated_page("search", "Search", "search/"),
            search_script: self.site.url("search.js"),
        })
    }

    pub(super) fn graph_context(&self) -> TemplateContext<'_> {
        TemplateContext::Graph(GraphContext {
            site: &self.site_view,
            page: self.generated_page("graph", "Graph", "graph/"),
            graph_script: self.site.url("graph.js"),
            graph_library: self.site.url("vendor/d3-graph.min.js"),
        })
    }

    pub(super) fn not_found_context(&self) -> TemplateContext<'_> {
        TemplateContext::NotFound(NotFoundContext {
            site: &self.site_view,
            page: self.generated_page("404", "Page not found", "404.html"),
        })
    }
}
