//! Aggregates computed once per build: each company's deals, each topic's
//! pages, deals by year, and money totals.
//!
//! Money follows the rules of `money`: the [`Ledger`] decides once what each
//! amount counts as, and [`Figures`] sums the site's, each year's and each
//! company's amounts under them (a company only its own, by role).
//!
//! Vaults are browsed by tag and by folder (`catalog/vault`).
//!
//! This module reads the model and the link graph; it renders nothing.

pub mod lists;
pub mod vault;

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

use crate::diag::Diagnostic;
use crate::links::LinkGraph;
use crate::load::EntityKind;
use crate::model::amount::AmountForm;
use crate::model::fields::Basis;
use crate::model::{Model, Page, PageData, PageId, PartialDate, Role};
use crate::money::{AmountAt, Figures, Ledger};

/// A company's part in a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participation {
    /// The deal.
    pub deal: PageId,
    /// The company's role, if stated.
    pub role: Option<Role>,
}

/// Everything computed once.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Per company page: its deals, newest first.
    pub company_deals: HashMap<PageId, Vec<Participation>>,
    /// Per company page: its own figures, by heading.
    pub company_totals: HashMap<PageId, Figures>,
    /// Per topic page: pages tagged with it, by kind then title.
    pub topic_pages: HashMap<PageId, Vec<PageId>>,
    /// All deals, newest first (undated last).
    pub deals_by_date: Vec<PageId>,
    /// Figures over every deal.
    pub all_totals: Figures,
    /// Deals whose headline is an agreed or limit US$ amount, largest first.
    pub largest: Vec<(PageId, u64)>,
    /// What every amount counts as.
    pub ledger: Ledger,
    /// Problems with packages and parts, for `check`.
    pub diagnostics: Vec<Diagnostic>,
    /// The site feed's entries: dated deals and notes, newest first.
    pub site_feed: Vec<PageId>,
    /// Every page's "what changed" entries (page, position), newest first, at most [`FEED_LIMIT`].
    pub site_updates: Vec<(PageId, usize)>,
    /// Per company and topic page with dated entries: its feed's entries.
    pub page_feeds: HashMap<PageId, Vec<PageId>>,
    /// Tags and every level of nested tags, by key.
    pub tags: BTreeMap<String, vault::Tag>,
    /// Folders holding pages; the first is the content folder itself.
    pub folders: Vec<vault::Folder>,
    /// What each page of the notes index and of a declared kind's index lists.
    pub lists: lists::Lists,
    /// The orders the lists above are sorted by, kept for [`rebuild`].
    pub ranks: Ranks,
}

/// How many entries a feed holds at most.
pub const FEED_LIMIT: usize = 100;

/// A feed's entries among `ids`: the dated ones, newest first, at most [`FEED_LIMIT`].
fn feed(model: &Model, ranks: &Ranks, ids: impl IntoIterator<Item = PageId>) -> Vec<PageId> {
    let mut ids: Vec<PageId> = ids.into_iter().filter(|id| model.page(*id).date.is_some()).collect();
    ids.sort_unstable_by_key(|id| ranks.newest.of(*id));
    ids.dedup();
    ids.truncate(FEED_LIMIT);
    ids
}

/// Each page's place in the orders the catalog's lists are sorted by,
/// computed once: a company's feed, a topic's pages or a folder then sorts
/// by a number instead of comparing dates, titles and addresses again.
/// Addresses are unique, so each order is total and a list sorted by rank
/// is in the order its comparison gives. `serve` keeps them between edits
/// and moves only the edited pages ([`rebuild`]).
#[derive(Debug, Default, Clone)]
pub struct Ranks {
    /// Newest first, undated last, then by address.
    newest: Order,
    /// By kind, then title, then address.
    kind_title: Order,
    /// By title ignoring case, then address.
    title: Order,
}

fn newest_key(p: &Page) -> (Reverse<Option<PartialDate>>, &str) {
    (Reverse(p.date), &p.url)
}

fn kind_title_key(p: &Page) -> (EntityKind, &str, &str) {
    (p.kind, &p.title, &p.url)
}

fn title_key(p: &Page) -> (String, &str) {
    (p.title.to_lowercase(), &p.url)
}

impl Ranks {
    fn new(model: &Model) -> Ranks {
        let ((newest, kind_title), title) = rayon::join(
            || rayon::join(|| Order::new(model, newest_key), || Order::new(model, kind_title_key)),
            || Order::new(model, title_key),
        );
        Ranks { newest, kind_title, title }
    }

    /// Puts each of `pages`, whose date, kind or title may have changed, in its place again.
    fn moved(&mut self, model: &Model, pages: impl IntoIterator<Item = PageId>) {
        for id in pages {
            self.newest.moved(model, id, newest_key);
            self.kind_title.moved(model, id, kind_title_key);
            self.title.moved(model, id, title_key);
        }
    }
}

/// Every page in one order, and each page's position in it.
#[derive(Debug, Default, Clone)]
struct Order {
    ids: Vec<u32>,
    rank: Vec<u32>,
}

impl Order {
    fn new<'m, K: Ord>(model: &'m Model, key: impl Fn(&'m Page) -> K) -> Order {
        // Each key is taken once per page: comparing pages in place would
        // read two scattered pages at every comparison.
        let mut ids: Vec<u32> = (0..model.pages.len() as u32).collect();
        ids.sort_by_cached_key(|i| key(model.page(PageId(*i))));
        let mut order = Order { rank: vec![0; ids.len()], ids };
        order.number(0..order.ids.len());
        order
    }

    fn moved<'m, K: Ord>(&mut self, model: &'m Model, id: PageId, key: impl Fn(&'m Page) -> K) {
        let from = self.rank[id.0 as usize] as usize;
        self.ids.remove(from);
        let k = key(model.page(id));
        let to = self.ids.partition_point(|i| key(model.page(PageId(*i))) < k);
        self.ids.insert(to, id.0);
        self.number(from.min(to)..from.max(to) + 1);
    }

    fn number(&mut self, positions: std::ops::Range<usize>) {
        for position in positions {
            self.rank[self.ids[position] as usize] = position as u32;
        }
    }

    fn of(&self, id: PageId) -> u32 {
        self.rank[id.0 as usize]
    }
}

/// A deal's headline as a US$ figure that may be ranked (agreed or a
/// ceiling, in a deal that counts), with its position in the deal.
pub fn headline_usd(model: &Model, ledger: &Ledger, deal: PageId) -> Option<(u64, usize)> {
    let PageData::Deal(d) = &model.page(deal).data else { return None };
    let index = ledger.headline(deal)?;
    let a = d.amounts.get(index)?;
    if !d.state.counts() || !matches!(a.basis, Basis::Agreed | Basis::Limit) {
        return None;
    }
    match a.form {
        AmountForm::Money { value, currency, .. } if currency.code() == "USD" => Some((value, index)),
        _ => None,
    }
}

/// The amounts behind a figure, as `deal-slug#id` names.
pub fn amount_names(model: &Model, amounts: &[AmountAt]) -> Vec<String> {
    amounts.iter().map(|a| Ledger::name(model, *a)).collect()
}

/// Computes the catalog; the notes index lists `reading_order` first and
/// `per_page` entries to a page (0: all on one).
pub fn build(model: &Model, graph: &LinkGraph, reading_order: Vec<PageId>, per_page: usize) -> Catalog {
    let ranks = Ranks::new(model);
    let lists = lists::Lists::new(model, reading_order, per_page, &ranks.title.ids);
    build_with(model, graph, ranks, lists)
}

/// Computes the catalog again after an edit (no page came or went), with
/// `old`'s orders of the pages, which [`Catalog::moved`] has kept true: at
/// 10,000 notes sorting every page again was most of an edit's catalog time.
pub fn rebuild(model: &Model, graph: &LinkGraph, old: &Catalog) -> Catalog {
    build_with(model, graph, old.ranks.clone(), old.lists.relisted(model, &old.ranks.title.ids))
}

impl Catalog {
    /// Puts each of `pages`, re-read after an edit, in its place again in
    /// the orders the catalog's lists sort by, for the next [`rebuild`].
    pub fn moved(&mut self, model: &Model, pages: impl IntoIterator<Item = PageId>) {
        if self.ranks.newest.ids.len() == model.pages.len() {
            self.ranks.moved(model, pages);
        } else {
            self.ranks = Ranks::new(model);
        }
    }
}

/// The money (ledger, totals, each company's deals) on one thread while
/// each topic's pages, the tags and the folders are gathered on another;
/// then the feeds.
fn build_with(model: &Model, graph: &LinkGraph, ranks: Ranks, lists: lists::Lists) -> Catalog {
    let ((mut c, deals), (topic_pages, tags, folders)) = rayon::join(
        || money(model, graph, &ranks),
        || {
            let mut topic_pages: HashMap<PageId, Vec<PageId>> = HashMap::new();
            for (i, refs) in graph.refs.iter().enumerate() {
                for t in &refs.topics {
                    topic_pages.entry(*t).or_default().push(PageId(i as u32));
                }
            }
            for list in topic_pages.values_mut() {
                list.sort_by_key(|id| ranks.kind_title.of(*id));
            }
            (topic_pages, vault::tags(model, graph, &ranks.title.rank), vault::folders(model, &ranks.title.rank))
        },
    );
    c.topic_pages = topic_pages;
    c.tags = tags;
    c.folders = folders;
    c.deals_by_date = deals;
    let entry = |id: &PageId| matches!(model.page(*id).kind, EntityKind::Deal | EntityKind::Note);
    // The site feed picks from every page: the newest order is walked, not sorted again.
    let dated = |id: &PageId| model.page(*id).date.is_some();
    c.site_feed =
        ranks.newest.ids.iter().map(|i| PageId(*i)).filter(|id| dated(id) && entry(id)).take(FEED_LIMIT).collect();
    for id in model.ids_of(EntityKind::Company) {
        let deals = c.company_deals.get(&id).into_iter().flatten().map(|p| p.deal);
        let notes =
            graph.backlinks[id.0 as usize].iter().map(|b| b.from).filter(|f| model.page(*f).kind == EntityKind::Note);
        let entries = feed(model, &ranks, deals.chain(notes));
        if !entries.is_empty() {
            c.page_feeds.insert(id, entries);
        }
    }
    for (topic, pages) in &c.topic_pages {
        let entries = feed(model, &ranks, pages.iter().copied().filter(entry));
        if !entries.is_empty() {
            c.page_feeds.insert(*topic, entries);
        }
    }
    let mut updates: Vec<(PageId, usize)> = (0..model.pages.len() as u32)
        .map(PageId)
        .flat_map(|id| (0..model.page(id).updates.len()).map(move |n| (id, n)))
        .collect();
    updates.sort_by(|a, b| {
        let (ua, ub) = (&model.page(a.0).updates[a.1], &model.page(b.0).updates[b.1]);
        ub.date.cmp(&ua.date).then_with(|| model.page(a.0).url.cmp(&model.page(b.0).url)).then(a.1.cmp(&b.1))
    });
    updates.truncate(FEED_LIMIT);
    c.site_updates = updates;
    c.lists = lists;
    c.ranks = ranks;
    c
}

/// The ledger, the totals and each company's deals, with the deals newest
/// first (undated last).
fn money(model: &Model, graph: &LinkGraph, ranks: &Ranks) -> (Catalog, Vec<PageId>) {
    let mut c = Catalog::default();
    let (ledger, diagnostics) = Ledger::build(model, graph);
    c.ledger = ledger;
    c.diagnostics = diagnostics;
    let mut deals: Vec<PageId> = model.ids_of(EntityKind::Deal).collect();
    deals.sort_unstable_by_key(|id| ranks.newest.of(*id));
    for &deal in &deals {
        c.all_totals.add_deal(model, &c.ledger, deal);
        let PageData::Deal(d) = &model.page(deal).data else { continue };
        for (party, company) in d.parties.iter().zip(&graph.refs[deal.0 as usize].parties) {
            if let Some(company) = company {
                let list = c.company_deals.entry(*company).or_default();
                if !list.iter().any(|p| p.deal == deal) {
                    list.push(Participation { deal, role: party.role });
                    c.company_totals
                        .entry(*company)
                        .or_default()
                        .add_company_deal(model, graph, &c.ledger, deal, *company);
                }
            }
        }
        if let Some((value, _)) = headline_usd(model, &c.ledger, deal) {
            c.largest.push((deal, value));
        }
    }
    c.largest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for f in c.all_totals.rows.iter().filter(|f| f.overflow) {
        // Located at the amount that tipped it over: the last one summed.
        let last = f.amounts.last().and_then(|at| crate::money::amount(model, *at)).map(|a| a.span.clone());
        c.diagnostics.push(
            Diagnostic::warning(
                "total-overflow",
                last.unwrap_or_else(|| crate::diag::Span::file("")),
                format!("{} does not fit in 64 bits and is shown as {}", f.label(), f.display()),
            )
            .with_help("check the amounts for a misplaced multiplier (`T` for `B`)"),
        );
    }
    (c, deals)
}
