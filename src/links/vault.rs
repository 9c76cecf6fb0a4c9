//! Obsidian's link forms: wikilinks and embeds to notes and to other files
//! (by file name anywhere in the tree), heading chains and block ids, the
//! note Obsidian opens for an ambiguous name, embed cycles, and the folder
//! and tag pages a vault is browsed by as link targets.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{fold, key, split_anchor, NotFound, Resolved, Resolver, Target};
use crate::catalog::vault::{folder_url, tag_key};
use crate::config::LinkPolicy;
use crate::diag::{Diagnostic, LineIndex, Span};
use crate::load::Corpus;
use crate::markdown::{block_anchor, media_kind, tag_path, FoundLink, LinkForm, MediaKind, Scan};
use crate::model::{slugify, Model, PageId};

/// Lower-cased file name → the assets with that name, in path order.
pub(super) fn assets_by_name(assets: &[String]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for a in assets {
        let name = a.rsplit('/').next().unwrap_or(a);
        out.entry(fold(name)).or_default().push(a.clone());
    }
    out
}

/// Every name of every left-out page, lower-cased → its path, and whether it
/// was left out because it failed to parse.
pub(super) fn unpublished_names(model: &Model) -> HashMap<String, (String, bool)> {
    let mut out = HashMap::new();
    for u in &model.unpublished {
        out.insert(key(&u.path_key), (u.path_key.clone(), u.failed));
        for n in &u.names {
            out.entry(key(n)).or_insert_with(|| (u.path_key.clone(), u.failed));
        }
    }
    out
}

/// The site path of every folder that gets a page: each folder holding a
/// page at any depth, slugged as `catalog::vault` slugs it (`folder-a/sub/`).
pub(super) fn folder_urls(model: &Model) -> HashSet<String> {
    let mut out = HashSet::new();
    for p in model.pages.iter().filter(|p| !p.url.is_empty()) {
        let parent = p.path_key.rsplit_once('/').map_or("", |(d, _)| d);
        let mut url = String::new();
        for seg in parent.split('/').filter(|s| !s.is_empty()) {
            url.push_str(&folder_url(seg));
            out.insert(url.clone());
        }
    }
    out
}

/// Every tag's key and every level of a nested one, from front matter and
/// inline `#tags`, as `catalog::vault::tags` gathers them.
fn tag_keys(model: &Model, scans: &[Scan]) -> HashSet<String> {
    let mut out = HashSet::new();
    for (p, s) in model.pages.iter().zip(scans) {
        for written in p.tags.iter().chain(&s.tags) {
            let key = tag_key(written.trim().trim_start_matches('#').trim_matches('/'));
            let mut prefix = String::new();
            for level in key.split('/').filter(|l| !l.is_empty()) {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(level);
                out.insert(prefix.clone());
            }
        }
    }
    out
}

/// The folder of a page's path (`a/b` for `a/b/Note`, `` for `Note`).
fn folder(path_key: &str) -> &str {
    path_key.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// Heading text as Obsidian compares it: without the characters a link
/// cannot hold (`# | ^ : %% [[ ]]`), spaces collapsed, case ignored.
fn heading_key(s: &str) -> String {
    let cleaned: String = s.chars().map(|c| if "#|^:%[]".contains(c) { ' ' } else { c }).collect();
    fold(&cleaned.split_whitespace().collect::<Vec<_>>().join(" "))
}

impl Resolver<'_> {
    /// Of several pages that `name` matches, the one Obsidian opens for a
    /// link at `span`, as observed on Obsidian 1.13.7 through its
    /// `getFirstLinkpathDest` (markdown-vault-mcp, pull request 1380): the
    /// page whose path is the name itself (`[[Note]]` is `Note.md` at the
    /// top, even from a folder holding another), then the one in the
    /// linking note's own folder (not an ancestor's), then the shortest
    /// path as written (`a/b/Note` before `zzzz/Note`), then the first.
    pub(super) fn obsidian_choice(&self, name: &str, many: &[PageId], span: &Span) -> PageId {
        let folders = self.folders.get_or_init(|| {
            self.model
                .pages
                .iter()
                .map(|p| (self.corpus.docs[p.doc].display.clone(), folder(&p.path_key).to_string()))
                .collect()
        });
        let here = folders.get(&span.path).map(String::as_str);
        let exact = fold(name.trim_start_matches('/'));
        let path = |id: &PageId| self.model.page(*id).path_key.as_str();
        let mut ids = many.to_vec();
        ids.sort_by_key(|id| {
            let p = path(id);
            (fold(p) != exact, Some(folder(p)) != here, p.chars().count(), p)
        });
        ids[0]
    }

    /// A file that is not a note, by path or by file name anywhere.
    fn asset(&self, name: &str, span: &Span, diags: &mut Vec<Diagnostic>) -> Option<String> {
        let path = name.trim_start_matches('/');
        if self.names.assets.contains(path) {
            return Some(path.to_string());
        }
        let k = fold(path);
        if let Some(first) = self.names.assets_by_path.get(&k) {
            return Some(first.clone());
        }
        let file = k.rsplit('/').next().unwrap_or(&k);
        let list: Vec<&String> = self
            .names
            .assets_by_name
            .get(file)?
            .iter()
            .filter(|a| !k.contains('/') || fold(a).ends_with(&format!("/{k}")))
            .collect();
        match list.as_slice() {
            [] => None,
            [one] => Some((*one).clone()),
            many => {
                let mut sorted: Vec<&String> = many.to_vec();
                sorted.sort_by_key(|a| (a.matches('/').count(), (*a).clone()));
                let names: Vec<String> = many.iter().map(|a| format!("`{a}`")).collect();
                let message = format!("`{name}` matches {} files: {}", many.len(), names.join(", "));
                diags.push(
                    self.broken("ambiguous-link", span.clone(), message)
                        .with_help("write the file's path from the content folder"),
                );
                (self.names.policy == LinkPolicy::Warn).then(|| sorted[0].clone())
            }
        }
    }

    /// The site path of the folder page `path` (a folder of the content,
    /// as written or as its site path) names, if that folder has a page.
    pub(super) fn folder_page(&self, path: &str) -> Option<String> {
        let url = folder_url(path);
        (!url.is_empty() && self.names.folders.contains(&url)).then_some(url)
    }

    /// The site path of the tag page `path` names (`tags/plugin`,
    /// `tags/a/b/`, `tags/`), if a page carries that tag.
    pub(super) fn tag_page(&self, path: &str) -> Option<String> {
        let path = path.trim_start_matches('/');
        let rest = path.get(..5).filter(|p| p.eq_ignore_ascii_case("tags/")).and_then(|_| path.get(5..))?;
        let tags = self.tags.get_or_init(|| tag_keys(self.model, self.scans));
        if rest.trim_matches('/').is_empty() {
            return (!tags.is_empty()).then(|| "tags/".to_string());
        }
        let key = tag_key(rest);
        tags.contains(&key).then(|| format!("tags/{}", tag_path(&key)))
    }

    /// Resolves a wikilink or an embed.
    pub(super) fn wiki(&self, from: PageId, link: &FoundLink, span: &Span, diags: &mut Vec<Diagnostic>) -> Target {
        let (raw, anchor) = split_anchor(&link.target);
        let name = without_md(raw);
        if name.is_empty() {
            return self.with_anchor(from, anchor, span, diags);
        }
        let relative = raw.starts_with("./") || raw.starts_with("../");
        let found = if relative {
            self.relative_wiki(from, raw, anchor, span, diags)
        } else {
            self.named(raw, anchor, span, diags).or_else(|| {
                // A path that is not from the vault's top: from the note's
                // folder, then as the end of one page's path.
                let partial = raw.contains('/') && !raw.starts_with('/');
                partial.then(|| {
                    self.relative_wiki(from, &format!("./{raw}"), anchor, span, diags)
                        .or_else(|| self.path_ending(name, anchor, span, diags))
                })?
            })
        };
        match found {
            Some(Target::Asset(rel)) => {
                let image = media_kind(&rel) == MediaKind::Image;
                let no_alt = link.display.as_ref().is_none_or(|d| d.alt.is_none());
                // In a vault a plain `![[img.png]]` is the norm: the page shows its file name as alt text.
                if link.form == LinkForm::Embed && image && no_alt && self.names.policy == LinkPolicy::Error {
                    diags.push(
                        Diagnostic::warning("missing-alt", span.clone(), format!("image `{rel}` has no alt text"))
                            .with_help("describe it after a pipe: ![[chart.png|what it shows]]"),
                    );
                }
                Target::Asset(rel)
            }
            Some(target) => target,
            None => {
                let (code, message) = match (is_file(raw), relative) {
                    (true, false) => ("missing-file", format!("no file or page is named `{name}`")),
                    (false, false) => ("broken-link", format!("no page is named `{name}`")),
                    (true, true) => ("missing-file", format!("no file at `{raw}` from this note's folder")),
                    (false, true) => ("broken-link", format!("no page at `{raw}` from this note's folder")),
                };
                let heading = || (!relative && self.names.policy == LinkPolicy::Warn).then(|| self.heading_help(name));
                let help = self.ignored_help(name).or_else(|| heading().flatten()).or_else(|| self.suggestions(name));
                diags.push(self.broken(code, span.clone(), message).with_opt_help(help));
                Target::Broken
            }
        }
    }

    /// The page whose path ends with `name` (`networking/dns` for
    /// `notes/networking/DNS.md`), as Obsidian finds a partial path; of
    /// several, as for any ambiguous name.
    fn path_ending(
        &self,
        name: &str,
        anchor: Option<&str>,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Target> {
        let tail = format!("/{}.md", key(name));
        let mut ids: Vec<PageId> =
            self.names.index.by_rel.iter().filter(|(rel, _)| rel.ends_with(&tail)).map(|(_, id)| *id).collect();
        ids.sort();
        let id = match ids.as_slice() {
            [] => return None,
            [one] => *one,
            many => match self.ambiguous(name, many, span, diags) {
                Some(id) => id,
                None => return Some(Target::Broken),
            },
        };
        Some(self.with_anchor(id, anchor, span, diags))
    }

    /// What a name finds as a wikilink names it (`Note`, `Note.md`,
    /// `folder/Note`, `image.png`, `tags/plugin`): a page (then its
    /// `anchor`), a file that is not a note, or a tag page; `None` when
    /// nothing has that name, which the caller reports, saying what it tried.
    pub(super) fn named(
        &self,
        raw: &str,
        anchor: Option<&str>,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Target> {
        let name = without_md(raw);
        let no_page = self.names.index.lookup(name).is_empty();
        if is_file(raw) && no_page {
            let before = diags.len();
            if let Some(rel) = self.asset(name, span, diags) {
                return Some(Target::Asset(rel));
            }
            if diags.len() > before {
                return Some(Target::Broken);
            }
            if !self.names.unpublished.contains_key(&key(name)) {
                return None;
            }
        }
        if no_page {
            if let Some(site) = self.tag_page(name) {
                return Some(Target::SitePath(site));
            }
        }
        match self.page_named(name, span, diags) {
            Ok(Some(id)) => Some(self.with_anchor(id, anchor, span, diags)),
            Ok(None) => Some(Target::Broken),
            Err(NotFound) => None,
        }
    }

    /// Finds an anchor of a page: a block (`^id`), a heading, or a chain of
    /// headings (`Heading#Sub`), each below the one before. Returns the id
    /// to link to, or the texts to suggest.
    pub(super) fn find_anchor(&self, id: PageId, anchor: &str) -> Result<String, Vec<String>> {
        let found = self.find_anchor_as_written(id, anchor);
        if found.is_ok() || !anchor.contains('<') {
            return found;
        }
        // A heading's text is read without its HTML tags, but Obsidian links it by its source
        // (`#<font color="#ffc000">Title</font>#Sub`, whose `#` in the tag is no chain).
        let plain = without_tags(anchor);
        match plain != anchor {
            true => self.find_anchor_as_written(id, &plain).or(found),
            false => found,
        }
    }

    /// [`Resolver::find_anchor`] for the anchor as it is written.
    fn find_anchor_as_written(&self, id: PageId, anchor: &str) -> Result<String, Vec<String>> {
        if let Some(block) = anchor.strip_prefix('^') {
            let blocks = &self.scans[id.0 as usize].blocks;
            return match blocks.iter().find(|b| b.id.eq_ignore_ascii_case(block.trim())) {
                Some(b) => Ok(block_anchor(&b.id)),
                None => Err(blocks.iter().map(|b| format!("^{}", b.id)).collect()),
            };
        }
        let hs = &self.scans[id.0 as usize].headings;
        let mut within = 0..hs.len();
        let mut found = None;
        for part in anchor.split('#').map(str::trim).filter(|p| !p.is_empty()) {
            let k = heading_key(part);
            let slug = slugify(part);
            let at = hs[within.clone()]
                .iter()
                .position(|h| {
                    heading_key(&h.text) == k
                        || h.id == k
                        || h.id == slug
                        || h.wiki_text.as_deref().is_some_and(|w| heading_key(w) == k)
                })
                .map(|i| i + within.start)
                .or_else(|| {
                    // The anchor GitHub gives the heading (`#21-setup` for `2.1. Setup`).
                    let github = github_ids(hs.iter().map(|h| h.text.as_str()));
                    let lower = part.to_lowercase();
                    within.clone().find(|&i| github[i] == lower)
                });
            let Some(at) = at else {
                return Err(hs[within].iter().map(|h| h.text.clone()).collect());
            };
            let level = hs[at].level;
            let end = hs[at + 1..].iter().position(|h| h.level <= level).map_or(hs.len(), |i| i + at + 1);
            within = at + 1..end;
            found = Some(at);
        }
        found.map(|i| hs[i].id.clone()).ok_or_else(Vec::new)
    }
}

/// `text` without its HTML tags: each `<` followed by a letter or `/`, to
/// the next `>`, is left out (`<font color="#ffc000">Title</font>` →
/// `Title`); any other `<` stays.
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let opens = tag[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match tag.find('>').filter(|_| opens) {
            Some(end) => rest = &tag[end + 1..],
            None => {
                out.push('<');
                rest = &tag[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The anchors GitHub gives a page's headings, in order: the text
/// lower-cased, with every character but letters, digits, `-`, `_` and
/// spaces dropped and each space made a `-`; a repeat of an earlier anchor
/// takes the first free of `-1`, `-2`, and so on.
fn github_ids<'t>(texts: impl Iterator<Item = &'t str>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    texts
        .map(|t| {
            let base: String = t
                .to_lowercase()
                .chars()
                .filter(|&c| crate::model::is_word_char(c) || matches!(c, '-' | '_' | ' '))
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            crate::markdown::unique_id(&mut seen, base, |_| false)
        })
        .collect()
}

/// A link target without its `.md` (or `.MD`).
fn without_md(raw: &str) -> &str {
    raw.strip_suffix(".md").or_else(|| raw.strip_suffix(".MD")).unwrap_or(raw)
}

/// Whether a link target names a file that is not a note: its last part
/// has an extension, and not `.md`.
fn is_file(raw: &str) -> bool {
    raw.rsplit('/').next().is_some_and(|f| f.contains('.')) && without_md(raw) == raw
}

/// A page's embeds of pages, from its resolved links and its scan: (the
/// link's number, the page embedded).
pub fn page_embeds(links: &[Resolved], scan: &Scan) -> Vec<(usize, PageId)> {
    links
        .iter()
        .zip(&scan.links)
        .enumerate()
        .filter(|(_, (_, f))| f.form == LinkForm::Embed)
        .filter_map(|(n, (l, _))| match &l.target {
            Target::Page(to, _) => Some((n, *to)),
            _ => None,
        })
        .collect()
}

/// The part of a page's body an embed of it shows (by its scan): the
/// block or the heading's section `anchor` names, or the whole body.
fn embedded_part(scan: &Scan, anchor: Option<&str>) -> Range<usize> {
    let Some(anchor) = anchor else { return 0..usize::MAX };
    let hs = &scan.headings;
    let block = scan.blocks.iter().find(|b| block_anchor(&b.id) == anchor);
    // A heading's block id (`## Results ^q3`) shows its section, as its id does.
    let heading = match block {
        Some(b) if b.heading => hs.iter().position(|h| h.block_id.as_deref() == Some(b.id.as_str())),
        Some(b) => return b.range.clone(),
        None => hs.iter().position(|h| h.id == anchor),
    };
    match heading {
        Some(i) => {
            let end = hs[i + 1..].iter().find(|h| h.level <= hs[i].level).map_or(usize::MAX, |h| h.offset);
            hs[i].offset..end
        }
        None => 0..usize::MAX,
    }
}

/// Embeds that close a cycle (a note embedding, through others, the part
/// of itself that holds the embed): a warning at each; the page shows such
/// an embed as a link. Two notes that embed each other's blocks, neither
/// block holding the embed, make none.
pub fn embed_cycles(model: &Model, corpus: &Corpus, links: &[Vec<Resolved>], scans: &[Scan]) -> Vec<Diagnostic> {
    let edges: Vec<Vec<(usize, PageId)>> = links.iter().zip(scans).map(|(ls, s)| page_embeds(ls, s)).collect();
    cycles_among(model, corpus, links, scans, &edges)
}

/// [`embed_cycles`], given every page's embeds ([`page_embeds`]), which
/// `serve` keeps and updates for the pages an edit relinks.
pub fn cycles_among(
    model: &Model,
    corpus: &Corpus,
    links: &[Vec<Resolved>],
    scans: &[Scan],
    edges: &[Vec<(usize, PageId)>],
) -> Vec<Diagnostic> {
    // What the embed `n` of page `i` shows: its page, and the part of it.
    let shown = |i: usize, n: usize, to: PageId| {
        let anchor = match &links[i][n].target {
            Target::Page(_, anchor) => anchor.as_deref(),
            _ => None,
        };
        (to, embedded_part(&scans[to.0 as usize], anchor))
    };
    // Whether showing `start` shows, through the embeds inside each part,
    // a part of page `goal` that holds the embed at `at`.
    let reaches = |start: (PageId, Range<usize>), goal: PageId, at: usize| {
        let mut seen = HashSet::new();
        let mut stack = vec![start];
        while let Some((p, part)) = stack.pop() {
            if p == goal && part.contains(&at) {
                return true;
            }
            if seen.insert((p, part.start, part.end)) {
                let i = p.0 as usize;
                let inside = edges[i].iter().filter(|(n, _)| part.contains(&scans[i].links[*n].range.start));
                stack.extend(inside.map(|&(n, to)| shown(i, n, to)));
            }
        }
        false
    };
    let mut diags = Vec::new();
    for (i, es) in edges.iter().enumerate() {
        let from = PageId(i as u32);
        for &(n, to) in es {
            if !reaches(shown(i, n, to), from, scans[i].links[n].range.start) {
                continue;
            }
            let doc = &corpus.docs[model.page(from).doc];
            let f = &scans[i].links[n];
            // A build does not hold bodies: this rare warning reads its line back.
            let span = match corpus.body(model.page(from).doc) {
                Ok(body) => {
                    let (line, col) = LineIndex::new(&body).line_col(&body, f.range.start);
                    Span::at(&doc.display, doc.body_line + line - 1, col, 2)
                }
                Err(_) => Span::file(&doc.display),
            };
            let to_name = &model.page(to).path_key;
            diags.push(
                Diagnostic::warning(
                    "embed-cycle",
                    span,
                    format!("embedding `{to_name}` here makes a cycle: it embeds this note again"),
                )
                .with_help("embed a section instead, or link with [[…]]; where it would repeat, the page shows a link"),
            );
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_names_with_an_extension_but_md() {
        assert!(is_file("Attachments/chart.png"));
        assert!(is_file("paper.PDF"));
        assert!(!is_file("Note.md"));
        assert!(!is_file("Note.MD"));
        assert!(!is_file("v1.2/Note"), "a dot in a folder is no extension");
        assert_eq!(without_md("Folder/Note.md"), "Folder/Note");
        assert_eq!(without_md("image.png"), "image.png");
    }

    #[test]
    fn tags_come_out_of_an_anchor_and_other_angle_brackets_stay() {
        assert_eq!(without_tags("<font color=\"#ffc000\">고화질</font>#정도"), "고화질#정도");
        assert_eq!(without_tags("a < b <3 <br/>c <unclosed"), "a < b <3 c <unclosed");
    }

    #[test]
    fn github_anchors_drop_punctuation_turn_spaces_to_dashes_and_number_repeats() {
        let texts = [
            "2.1. Image Pair Notation",
            "C++17-Compatible Helper",
            "Setup",
            "Setup",
            "Über_uns  now!",
            "Setup",
            "हिन्दी भाषा",
            "Setup 3",
            "Setup",
        ];
        assert_eq!(
            github_ids(texts.into_iter()),
            [
                "21-image-pair-notation",
                "c17-compatible-helper",
                "setup",
                "setup-1",
                "über_uns--now",
                "setup-2",
                "हिन्दी-भाषा",
                "setup-3",
                "setup-4"
            ]
        );
    }

    #[test]
    fn every_level_of_a_nested_tag_and_of_a_folder_has_a_page() {
        let files = [
            ("a.md", "---\ntags: [Project/Alpha]\n---\nx\n"),
            ("b.md", "#plugin/core\n"),
            ("Folder A/sub/c.md", "x\n"),
        ];
        let docs = files
            .iter()
            .map(|(rel, text)| {
                let kinds = crate::kinds::Kinds::default();
                crate::load::read_doc(
                    std::path::Path::new(rel),
                    std::path::Path::new(rel),
                    text.as_bytes().to_vec(),
                    &kinds,
                )
                .unwrap()
            })
            .collect();
        let corpus = Corpus { docs, ..Corpus::default() };
        let (model, _) = crate::model::build(&corpus, false);
        let opts = crate::markdown::Syntax {
            parse: pulldown_cmark::Options::empty(),
            math_preamble: "".into(),
            raw_html: false,
        };
        let scans: Vec<Scan> =
            model.pages.iter().map(|p| crate::markdown::scan(corpus.docs[p.doc].body_text(), &opts)).collect();
        let mut keys: Vec<String> = tag_keys(&model, &scans).into_iter().collect();
        keys.sort();
        assert_eq!(keys, ["plugin", "plugin/core", "project", "project/alpha"]);
        let mut folders: Vec<String> = folder_urls(&model).into_iter().collect();
        folders.sort();
        assert_eq!(folders, ["folder-a/", "folder-a/sub/"]);
    }
}
