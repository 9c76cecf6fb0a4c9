//! The files of a site that are not pages: Atom feeds, redirects for
//! renamed pages, `sitemap.xml` and `robots.txt`.
//!
//! Feeds carry full timestamps, as Atom requires: an entry with a partial
//! date (`2025-11`) uses the period's first instant, while its text keeps the
//! date as written; undated pages stay out of feeds. Ids are absolute URLs
//! when the base URL has a host, else `urn:pivotbook:` names.

use crate::reads::Aggregate;

use super::context::{FeedContext, RedirectContext, TemplateContext};
use super::view::{DateView, EntryView, FeedView, RedirectView};
use super::Renderer;
use crate::load::EntityKind;
use crate::model::{PageId, PartialDate};

/// The first instant of a (partial) date, as RFC 3339.
pub(super) fn timestamp(d: PartialDate) -> String {
    let (y, m, day) = d.first_day();
    format!("{y:04}-{m:02}-{day:02}T00:00:00Z")
}

/// Escapes text for XML.
fn xml(s: &str) -> String {
    super::templates::escape_html(s)
}

impl Renderer<'_> {
    /// An id for a site path: its absolute URL, or a `urn:` without a host.
    pub(super) fn id_for(&self, path: &str) -> String {
        match &self.site.origin {
            Some(_) => self.site.absolute_url(path),
            None => format!("urn:pivotbook:{}", if path.is_empty() { "home" } else { path.trim_end_matches('/') }),
        }
    }

    pub(super) fn feed_context(&self, page: Option<PageId>) -> TemplateContext<'_> {
        let (title, path, entries) = match page {
            None => (self.site.config.title.clone(), String::new(), &self.catalog(Aggregate::SiteFeed).site_feed),
            Some(id) => {
                let p = self.model.page(id);
                let entries = self
                    .catalog(Aggregate::PageFeeds(Some(id)))
                    .page_feeds
                    .get(&id)
                    .map_or(&self.catalog(Aggregate::SiteFeed).site_feed, |e| e);
                (format!("{} · {}", p.short_title, self.site.config.title), p.url.clone(), entries)
            }
        };
        let entries: Vec<EntryView> = entries
            .iter()
            .filter_map(|e| {
                let p = self.model.page(*e);
                let date = p.date?;
                Some(EntryView {
                    title: p.title.clone(),
                    id: self.id_for(&p.url),
                    url: self.site.absolute_url(&p.url),
                    updated: timestamp(date),
                    date: DateView::from(date),
                    kind: self.model.kinds.name(p.kind),
                    summary: p.description.clone().unwrap_or_default(),
                })
            })
            .collect();
        self.atom_context(title, &format!("{path}atom.xml"), &path, entries)
    }

    /// The context of `atom.xml` for a feed at `feed_path` whose page is
    /// `page_path`: its id, links, and the newest entry's time as its own.
    pub(super) fn atom_context(
        &self,
        title: String,
        feed_path: &str,
        page_path: &str,
        entries: Vec<EntryView>,
    ) -> TemplateContext<'_> {
        let feed = FeedView {
            title,
            id: self.id_for(feed_path),
            self_url: self.site.absolute_url(feed_path),
            alternate_url: self.site.absolute_url(page_path),
            updated: entries.first().map(|e| e.updated.clone()).unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
            entries,
        };
        TemplateContext::Feed(FeedContext { site: &self.site_view, feed })
    }

    pub(super) fn redirect_context(&self, id: PageId, from: &str) -> TemplateContext<'_> {
        let p = self.model.page(id);
        TemplateContext::Redirect(RedirectContext {
            site: &self.site_view,
            redirect: RedirectView {
                from: self.site.url(from),
                title: p.title.clone(),
                url: self.site.url(&p.url),
                permalink: self.site.absolute_url(&p.url),
            },
        })
    }

    /// Every page (not redirects), with its date where it has one.
    pub(super) fn sitemap(&self) -> String {
        let mut urls: Vec<(String, Option<String>)> = vec![(String::new(), None)];
        // Every page of each index (a list index may take more than one).
        for (k, i) in self.model.kinds.indexed() {
            let pages = self.catalog.lists.pages(k.kind) as u32;
            urls.extend((1..=pages).map(|n| (super::index_page_path(i.path, n), None)));
        }
        // Each page read through `Model::page`, so that serve writes the sitemap again when a
        // page's date changes.
        urls.extend(
            (0..self.model.pages.len() as u32)
                .map(|i| self.model.page(PageId(i)))
                .filter(|p| p.kind != EntityKind::Home)
                .map(|p| (p.url.clone(), p.date.map(|d| d.to_string()))),
        );
        urls.sort();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (path, date) in urls {
            out.push_str(&format!("  <url><loc>{}</loc>", xml(&self.site.absolute_url(&super::encode_path(&path)))));
            if let Some(d) = date {
                out.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        out
    }

    pub(super) fn robots(&self) -> String {
        let mut out = String::from("User-agent: *\nAllow: /\n");
        if self.site.origin.is_some() {
            out.push_str(&format!("Sitemap: {}\n", self.site.absolute_url("sitemap.xml")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn partial_dates_become_first_instants() {
        let d = |s: &str| super::timestamp(crate::model::PartialDate::parse(s).unwrap());
        assert_eq!(d("2025-11-03"), "2025-11-03T00:00:00Z");
        assert_eq!(d("2025-11"), "2025-11-01T00:00:00Z");
        assert_eq!(d("2025"), "2025-01-01T00:00:00Z");
    }
}
