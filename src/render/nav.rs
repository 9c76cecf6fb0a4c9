//! The main navigation: the theme's `nav.html` partial, rendered once per
//! build for each way the navigation's links stand to a page (none of them
//! is the page or holds it, one is the page, one holds it), not once per
//! page, and put into each page's view as `page.nav_html`. The partial is
//! given only `site` and the links with those two marks, so what it renders
//! for one such way holds for every page that stands alike; a build renders
//! it a handful of times where it has thousands of pages.

use std::sync::Arc;

use super::context::{NavContext, TemplateContext};
use super::view::NavItemView;
use super::{templates, Renderer};
use crate::diag::Diagnostic;

/// The theme's partial for the main navigation's links.
const NAV: &str = "nav.html";

/// `nav.html` as rendered, by how the links stand to a page (one mark per
/// link: 0, 1 for a link that holds the page, 2 for the page), or why it
/// failed.
pub(super) type Rendered = std::sync::Mutex<std::collections::HashMap<Vec<u8>, Result<Arc<str>, String>>>;

impl Renderer<'_> {
    /// Puts the navigation into the page of `context`, if it has one.
    pub(super) fn fill_nav(&self, rel: &str, context: &mut TemplateContext<'_>) -> Result<(), Diagnostic> {
        if let Some(page) = context.page_mut() {
            page.nav_html = self.nav_html(&page.url).map_err(|msg| self.render_failed(rel, NAV, msg))?.to_string();
        }
        Ok(())
    }

    /// What `nav.html` receives for the page at `url`, as JSON (its context
    /// and the shared `site`), as `Renderer::context` gives a page's.
    pub fn nav_received(&self, url: &str) -> Result<serde_json::Value, String> {
        templates::context_json(&self.nav_context(url)).map(|json| self.with_shared(json))
    }

    /// `nav.html`'s context for the page at `url`: each link of the main
    /// navigation, and whether it is the page or holds it.
    fn nav_context(&self, url: &str) -> NavContext<'_> {
        let items = self
            .site_view
            .nav
            .iter()
            .map(|l| {
                let (current, in_section) = stands(&l.url, url);
                NavItemView { title: l.title.clone(), url: l.url.clone(), kind: l.kind, current, in_section }
            })
            .collect();
        NavContext { site: &self.site_view, items }
    }

    /// The navigation of the page at `url`: `nav.html` rendered once per
    /// build for each way the links stand to a page (which is the page,
    /// which hold it), since that is all it is given; the site's nav and
    /// a page's URL make a handful of those.
    fn nav_html(&self, url: &str) -> Result<Arc<str>, String> {
        let key: Vec<u8> = self
            .site_view
            .nav
            .iter()
            .map(|l| {
                let (current, in_section) = stands(&l.url, url);
                2 * u8::from(current) + u8::from(in_section)
            })
            .collect();
        let navs = || self.navs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(made) = navs().get(&key) {
            return made.clone();
        }
        let made = templates::render(&self.templates.tera, NAV, &self.nav_context(url), &self.shared)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()))
            .map(Arc::from);
        navs().insert(key, made.clone());
        made
    }
}

/// How the link to `link` stands to the page at `url`: whether it is the
/// page, and whether it holds the page (the page's URL starts with it).
fn stands(link: &str, url: &str) -> (bool, bool) {
    (link == url, link != url && url.starts_with(link))
}
