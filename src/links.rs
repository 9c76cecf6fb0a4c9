//! Link resolution: the only place that turns link text into a page.
//!
//! [`resolve`] scans every body (in parallel) for wikilinks, relative
//! markdown links and images, resolves them and the page references written
//! in front matter (parties, topics, companies, `superseded_by`), and builds
//! the [`LinkGraph`]: each page's resolved links, its backlinks with the
//! sentence around each link, and its outgoing references. Every unresolved
//! or ambiguous link, missing heading, missing file and image without alt
//! text is a located diagnostic with the nearest candidates; a page no other
//! page links to is a warning ([`orphans`]: one for all of them under
//! `links: warn`).
//!
//! A wikilink target matches, case-insensitively and in this order of
//! preference: a page's path (`companies/iren`); its slug or file name
//! (`iren`, `Core Scientific`); its title, short name, aliases, former names
//! or tickers (`Iris Energy`). Within the first tier that matches, more than
//! one page is an ambiguity error.
//!
//! A markdown link (`links/path`) is resolved as Obsidian resolves it:
//! percent-decoded, with or without `.md`, beside the linking page, then
//! from the content folder's root, then by name as a wikilink; `/` starts a
//! site path.
//!
//! Obsidian's forms (`links/vault`): files that are not notes by file name
//! anywhere in the tree, heading chains (`#Heading#Sub`), block references
//! (`#^id`), embeds (`![[…]]`, with cycles reported), folder and tag pages
//! as targets, and `links: warn`, under which a broken link is a warning
//! and an ambiguous name resolves to the note Obsidian opens. Leaving the
//! content folder and absolute paths stay errors under any policy.

mod path;
mod vault;

use path::split_anchor;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::LinkPolicy;
use crate::diag::{did_you_mean, Diagnostic, Severity, Span, Suggester};
use crate::load::{Corpus, EntityKind};
use crate::markdown::{self, Block, EmbedDisplay, FoundLink, Heading, LinkForm};
use crate::model::{Model, Page, PageData, PageId, PartyTarget, Ref};

mod backlinks;
mod hints;
mod names;
mod page;
mod whole;

pub use backlinks::{backlinks, contributions, inline_tags};
use names::fold;
pub use names::key;
pub use names::Names;
pub use page::{resolve_pages, PageLinks};
pub use vault::{cycles_among, embed_cycles, page_embeds};
pub use whole::{fold_missing_alt, fold_unknown_math, orphans};

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page, optionally at a heading anchor.
    Page(PageId, Option<String>),
    /// A file of the content folder (path relative to it, `/`-separated).
    Asset(String),
    /// A site path that is not a page (a generated index such as `deals/`).
    SitePath(String),
    /// Could not be resolved (a diagnostic was reported).
    Broken,
}

/// One resolved body link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// Where it goes.
    pub target: Target,
    /// For an embed: its size and alt text.
    pub embed: Option<Box<EmbedDisplay>>,
}

/// The sentence around a link (or, for front matter, how it refers): one
/// shared string for the contribution a page makes and the backlink made of
/// it, so the sentences of 100,000 pages are held once, not twice.
pub type Context = Arc<str>;

/// A page that links to another, with the sentence around the link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    /// The linking page.
    pub from: PageId,
    /// The sentence (or, for front matter, how it refers).
    pub context: Context,
}

/// Front matter references of one page, resolved.
#[derive(Debug, Clone, Default)]
pub struct PageRefs {
    /// Topics.
    pub topics: Vec<PageId>,
    /// Companies (notes).
    pub companies: Vec<PageId>,
    /// For each party of a deal: its company page, if it names one.
    pub parties: Vec<Option<PageId>>,
    /// The deal that supersedes this one.
    pub superseded_by: Option<PageId>,
    /// For each amount of a deal: the other deal its `part_of` names, if any.
    pub part_of: Vec<Option<PageId>>,
    /// A free note's property links (`categories: ["[[Books]]"]`): each
    /// link of each value of [`crate::model::Page::properties`], in order,
    /// with the property's key (a backlink's context).
    pub properties: Vec<(String, Target)>,
    /// Pages a free note's `topics:` or `companies:` names that are not a
    /// topic or company: property links, with their key.
    pub related: Vec<(String, PageId)>,
}

/// Every link of the site, resolved.
#[derive(Debug, Default)]
pub struct LinkGraph {
    /// Per page: resolved body links, sorted by offset.
    pub links: Vec<Vec<Resolved>>,
    /// Per page: headings of its body.
    pub headings: Vec<Vec<Heading>>,
    /// Per page: pages that link to it, sorted.
    pub backlinks: Vec<Vec<Backlink>>,
    /// Per page: front matter references.
    pub refs: Vec<PageRefs>,
    /// Per page: blocks with an id.
    pub blocks: Vec<Vec<Block>>,
    /// Per page: inline `#tags`, sorted, once each.
    pub tags: Vec<Vec<String>>,
    /// Per page: its first paragraph, marked as a backlink context ([`markdown::Scan::lead`]).
    pub leads: Vec<String>,
}

/// Generated pages a site path may point at, besides each kind's index.
const GENERATED: &[&str] = &["", "totals/", "timeline/"];

struct Resolver<'a> {
    model: &'a Model,
    corpus: &'a Corpus,
    names: &'a Names,
    /// Every page's scan (headings and blocks for anchors).
    scans: &'a [markdown::Scan],
    /// The names indexed for did-you-mean, built on the first broken link.
    suggester: std::sync::OnceLock<Suggester>,
    /// Each name an ignored note would have (its file name and its path,
    /// as keys) and the first such note, built on the first broken link.
    ignored: std::sync::OnceLock<HashMap<String, usize>>,
    /// Every tag's key and every level of a nested one (their pages are
    /// link targets), gathered on the first link into `tags/`.
    tags: std::sync::OnceLock<HashSet<String>>,
    /// Each page's file as diagnostics name it, and the page's folder,
    /// built on the first ambiguous link of a vault.
    folders: std::sync::OnceLock<HashMap<std::path::PathBuf, String>>,
    /// The pages of each file name (as a key), by path (as a key), sorted:
    /// built on the first broken path.
    by_file: std::sync::OnceLock<HashMap<String, Vec<(String, PageId)>>>,
    /// Each first heading (as a key) and the first page opening with it,
    /// built on the first broken name in a vault.
    headings: std::sync::OnceLock<HashMap<String, PageId>>,
}

/// No page has the name looked up (the caller says what it tried).
struct NotFound;

impl<'a> Resolver<'a> {
    fn new(model: &'a Model, corpus: &'a Corpus, names: &'a Names, scans: &'a [markdown::Scan]) -> Resolver<'a> {
        Resolver {
            model,
            corpus,
            names,
            scans,
            suggester: Default::default(),
            ignored: Default::default(),
            tags: Default::default(),
            folders: Default::default(),
            by_file: Default::default(),
            headings: Default::default(),
        }
    }
}

impl Resolver<'_> {
    fn page_name(&self, id: PageId) -> String {
        self.model.page(id).path_key.clone()
    }

    /// A broken-link diagnostic: an error, or under `links: warn` a warning.
    fn broken(&self, code: &'static str, span: Span, message: String) -> Diagnostic {
        let mut d = Diagnostic::error(code, span, message);
        if self.names.policy == LinkPolicy::Warn {
            d.severity = Severity::Warning;
        }
        d
    }

    /// Resolves a page name (wikilink or front matter) to one page.
    fn by_name(&self, name: &str, span: &Span, diags: &mut Vec<Diagnostic>) -> Option<PageId> {
        self.page_named(name, span, diags).unwrap_or_else(|NotFound| {
            let d = self
                .broken("broken-link", span.clone(), format!("no page is named `{name}`"))
                .with_opt_help(self.ignored_help(name).or_else(|| self.suggestions(name)));
            diags.push(d);
            None
        })
    }

    /// The page a name matches, `Ok(None)` when that is reported here (a
    /// left-out page, an ambiguous name with no choice), or [`NotFound`].
    fn page_named(&self, name: &str, span: &Span, diags: &mut Vec<Diagnostic>) -> Result<Option<PageId>, NotFound> {
        Ok(match self.names.index.lookup(name) {
            [one] => Some(*one),
            [] => {
                let Some((path, failed)) = self.names.unpublished.get(&key(name)) else { return Err(NotFound) };
                if *failed {
                    // `path` has an error of its own; its links are not errors too.
                    return Ok(None);
                }
                diags.push(
                    self.broken(
                        "unpublished-link",
                        span.clone(),
                        format!("`{name}` is not published: `{path}` is a draft or has `publish: false`"),
                    )
                    .with_help("publish the note, or remove the link"),
                );
                None
            }
            many => self.ambiguous(name, many, span, diags),
        })
    }

    /// Several pages answer to `name`: an ambiguity, an error naming them
    /// all; under `links: warn`, a warning, and the note Obsidian opens.
    fn ambiguous(&self, name: &str, many: &[PageId], span: &Span, diags: &mut Vec<Diagnostic>) -> Option<PageId> {
        let names: Vec<String> = many.iter().map(|id| format!("`{}`", self.page_name(*id))).collect();
        let message = format!("`{name}` matches {} pages: {}", many.len(), names.join(", "));
        let chosen = (self.names.policy == LinkPolicy::Warn).then(|| self.obsidian_choice(name, many, span));
        let help = match chosen {
            Some(id) => {
                format!(
                    "it links to `{}`, the note Obsidian opens; write the page's path to choose",
                    self.page_name(id)
                )
            }
            None => format!("write the page's path, e.g. [[{}]]", self.page_name(many[0])),
        };
        diags.push(self.broken("ambiguous-link", span.clone(), message).with_help(help));
        chosen
    }

    /// Finds `anchor` among a page's headings (text or id, case-insensitive,
    /// or a chain `Heading#Sub`) or blocks (`^id`).
    fn heading(&self, id: PageId, anchor: &str, span: &Span, diags: &mut Vec<Diagnostic>) -> Option<String> {
        let candidates = match self.find_anchor(id, anchor) {
            Ok(found) => return Some(found),
            Err(c) => c,
        };
        let last = anchor.rsplit('#').next().unwrap_or(anchor);
        let help = did_you_mean(last, candidates.iter().map(String::as_str), 3);
        let what = if anchor.starts_with('^') { "block" } else { "heading" };
        let help = (!help.is_empty()).then(|| format!("{what}s there include: {}", help.join(", ")));
        // A block's id written without its `^` (`page.md#26daec` for `^26daec`).
        let block = format!("^{anchor}");
        let loose = anchor.strip_prefix('^').is_some_and(|want| {
            self.scans[id.0 as usize].loose_ids.iter().any(|l| l.eq_ignore_ascii_case(want.trim()))
        });
        let help = match what == "heading" && self.find_anchor(id, &block).is_ok() {
            true => Some(format!("a block there has the id `{block}`: write `#{block}` to link it")),
            false if loose => Some(format!(
                "`{anchor}` there ends a line inside a paragraph, not the paragraph, so it names nothing: \
                 put it at the end of the paragraph, or for a callout or list on a line of its own after it"
            )),
            false => help,
        };
        diags.push(
            self.broken(
                if anchor.starts_with('^') { "missing-block" } else { "missing-heading" },
                span.clone(),
                format!("`{}` has no {what} `{anchor}`", self.page_name(id)),
            )
            .with_opt_help(help),
        );
        None
    }

    fn resolve_link(&self, from: PageId, link: &FoundLink, span: Span, diags: &mut Vec<Diagnostic>) -> Target {
        match link.form {
            LinkForm::Wiki | LinkForm::Embed => self.wiki(from, link, &span, diags),
            LinkForm::Markdown | LinkForm::Image | LinkForm::HtmlLink | LinkForm::HtmlMedia => {
                self.resolve_path(from, link, span, diags)
            }
        }
    }

    fn with_anchor(&self, id: PageId, anchor: Option<&str>, span: &Span, diags: &mut Vec<Diagnostic>) -> Target {
        match anchor {
            Some(a) => self.heading(id, a, span, diags).map_or(Target::Broken, |h| Target::Page(id, Some(h))),
            None => Target::Page(id, None),
        }
    }

    /// Resolves a front matter reference, which must be a page of `kind`.
    fn by_ref(&self, r: &Ref, kind: EntityKind, diags: &mut Vec<Diagnostic>) -> Option<PageId> {
        let id = self.by_name(&r.text, &r.span, diags)?;
        let p = self.model.page(id);
        if p.kind != kind {
            diags.push(Diagnostic::error(
                "wrong-kind",
                r.span.clone(),
                format!(
                    "`{}` is a {}, but a {} is expected here",
                    r.text,
                    self.model.kinds.name(p.kind),
                    self.model.kinds.name(kind)
                ),
            ));
            return None;
        }
        Some(id)
    }
}

/// Resolves every link of the site, broken links being errors.
pub fn resolve(model: &Model, corpus: &Corpus, opts: &markdown::Syntax) -> (LinkGraph, Vec<Diagnostic>) {
    let linked = link_all(model, corpus, opts, LinkPolicy::Error);
    let mut diags = linked.diagnostics();
    diags.extend(orphans(model, corpus, &linked.graph, LinkPolicy::Error));
    (linked.graph, diags)
}

/// Everything link resolution computes for a whole site, kept by `serve`
/// between edits: the names links resolve against, every page's scan, the
/// backlinks each page gives, the graph, and the diagnostics by page.
#[derive(Debug)]
pub struct Linked {
    /// The names links resolve against.
    pub names: Names,
    /// Per page: its markdown scan.
    pub scans: Vec<markdown::Scan>,
    /// Per page: the pages its links and references count as backlinks of (see [`contributions`]).
    pub contrib: Vec<Vec<(PageId, Context)>>,
    /// The resolved links.
    pub graph: LinkGraph,
    /// Per page: its links' diagnostics.
    pub page_diags: Vec<Vec<Diagnostic>>,
    /// Embeds that close a cycle.
    pub cycle_diags: Vec<Diagnostic>,
}

impl Linked {
    /// The diagnostics of every page and the embed cycles (orphans are the
    /// caller's, from [`orphans`], as they change with any page's links).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.page_diags.iter().flatten().chain(&self.cycle_diags).cloned().collect()
    }
}

/// Scans and resolves every page of the site under a policy for broken
/// links: the one assembly of the link graph, for `build` and `serve`.
pub fn link_all(model: &Model, corpus: &Corpus, opts: &markdown::Syntax, policy: LinkPolicy) -> Linked {
    link_keeping(model, corpus, opts, policy, true)
}

/// [`link_all`] for a build, which relinks nothing: the scans and the
/// contributions are not kept (`Linked::scans` and `Linked::contrib` are
/// empty), the link graph takes each scan's headings, blocks and tags
/// rather than a copy, so the two are never held at once, and each scan is
/// let go as soon as its contributions are made.
pub fn link_all_once(model: &Model, corpus: &Corpus, opts: &markdown::Syntax, policy: LinkPolicy) -> Linked {
    link_keeping(model, corpus, opts, policy, false)
}

fn link_keeping(model: &Model, corpus: &Corpus, opts: &markdown::Syntax, policy: LinkPolicy, keep: bool) -> Linked {
    // Each body is held only while it is scanned (a build reads it back from disk).
    // The names do not depend on the bodies: they are gathered while the bodies are scanned.
    let (scanned, names) = rayon::join(
        || -> Vec<(markdown::Scan, page::Spots, Option<Diagnostic>)> {
            model
                .pages
                .par_iter()
                .map(|p| match corpus.body(p.doc) {
                    Ok(body) => {
                        let scan = markdown::scan(&body, opts);
                        let spots = page::Spots::new(&body, &scan);
                        (scan, spots, None)
                    }
                    Err(d) => (markdown::Scan::default(), page::Spots::default(), Some(d)),
                })
                .collect()
        },
        || Names::new(model, corpus, policy),
    );
    let (mut scans, mut spots, mut unread) = (Vec::new(), Vec::new(), Vec::new());
    for (scan, s, d) in scanned {
        scans.push(scan);
        spots.push(s);
        unread.push(d);
    }
    let per_page = page::resolve_all(model, corpus, &names, &scans, &spots);
    drop(spots);
    let mut graph = LinkGraph::default();
    let mut page_diags = Vec::with_capacity(per_page.len());
    for ((links, refs, mut ds), d) in per_page.into_iter().zip(unread) {
        graph.links.push(links);
        graph.refs.push(refs);
        ds.extend(d);
        page_diags.push(ds);
    }
    let cycle_diags = embed_cycles(model, corpus, &graph.links, &scans);
    if !keep {
        // Each scan gives its contributions and what the graph keeps of it,
        // and is let go at once, in parallel: its links and their sentences
        // go before the contributions' copies of the sentences are all made,
        // so the two are never all held together (at 100,000 notes this was
        // the build's peak).
        let (contrib, kept): (Vec<_>, Vec<_>) = scans
            .into_par_iter()
            .enumerate()
            .map(|(i, mut s)| {
                let contrib = contributions(PageId(i as u32), &graph.links[i], &graph.refs[i], &s);
                let tags = inline_tags(std::mem::take(&mut s.tags));
                (
                    contrib,
                    (std::mem::take(&mut s.headings), std::mem::take(&mut s.blocks), std::mem::take(&mut s.lead), tags),
                )
            })
            .unzip();
        for (headings, blocks, lead, tags) in kept {
            graph.headings.push(headings);
            graph.blocks.push(blocks);
            graph.leads.push(lead);
            graph.tags.push(tags);
        }
        graph.backlinks = backlinks(model.pages.len(), contrib);
        return Linked { names, scans: Vec::new(), contrib: Vec::new(), graph, page_diags, cycle_diags };
    }
    let contrib: Vec<Vec<(PageId, Context)>> = (0..model.pages.len())
        .into_par_iter()
        .map(|i| contributions(PageId(i as u32), &graph.links[i], &graph.refs[i], &scans[i]))
        .collect();
    graph.backlinks = backlinks(model.pages.len(), contrib.clone());
    for s in &scans {
        graph.headings.push(s.headings.clone());
        graph.blocks.push(s.blocks.clone());
        graph.leads.push(s.lead.clone());
        graph.tags.push(inline_tags(s.tags.clone()));
    }
    Linked { names, scans, contrib, graph, page_diags, cycle_diags }
}

fn page_refs(r: &Resolver<'_>, id: PageId, p: &Page, diags: &mut Vec<Diagnostic>) -> PageRefs {
    let mut refs = PageRefs::default();
    if p.kind == EntityKind::Note {
        // A free note's `topics:` may name any note, as an Obsidian property does.
        for (key, list, kind) in
            [("topics", &p.topics, EntityKind::Topic), ("companies", &p.companies, EntityKind::Company)]
        {
            for t in list.iter() {
                match r.by_name(&t.text, &t.span, diags) {
                    Some(to) if r.model.page(to).kind == kind => refs_of(&mut refs, kind).push(to),
                    Some(to) => refs.related.push((key.to_string(), to)),
                    None => {}
                }
            }
        }
        for prop in &p.properties {
            for v in &prop.values {
                for l in &v.links {
                    let link = FoundLink {
                        form: LinkForm::Wiki,
                        target: l.target.clone(),
                        range: 0..0,
                        alt: String::new(),
                        display: None,
                        context: String::new(),
                    };
                    refs.properties.push((prop.key.clone(), r.wiki(id, &link, &v.span, diags)));
                }
            }
        }
    } else {
        refs.topics = p.topics.iter().filter_map(|t| r.by_ref(t, EntityKind::Topic, diags)).collect();
        refs.companies = p.companies.iter().filter_map(|c| r.by_ref(c, EntityKind::Company, diags)).collect();
    }
    if let PageData::Deal(d) = &p.data {
        refs.parties = d
            .parties
            .iter()
            .map(|party| match &party.target {
                PartyTarget::Company(c) => r.by_ref(c, EntityKind::Company, diags),
                PartyTarget::Name(_) => None,
            })
            .collect();
        refs.superseded_by = d.superseded_by.as_ref().and_then(|s| r.by_ref(s, EntityKind::Deal, diags));
        refs.part_of = d
            .amounts
            .iter()
            .map(|a| {
                a.part_of
                    .as_ref()
                    .and_then(|p| p.deal.as_ref())
                    .and_then(|deal| r.by_ref(deal, EntityKind::Deal, diags))
            })
            .collect();
    }
    refs
}

fn refs_of(refs: &mut PageRefs, kind: EntityKind) -> &mut Vec<PageId> {
    if kind == EntityKind::Topic {
        &mut refs.topics
    } else {
        &mut refs.companies
    }
}
