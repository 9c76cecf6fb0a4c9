//! Warnings about the whole site rather than one link: pages no other
//! page links to, and, in a vault, images without alt text and formulas
//! using one unknown command counted together. Each needs every page's
//! links first.

use crate::config::LinkPolicy;
use crate::diag::{Diagnostic, Severity, Span};
use crate::load::{Corpus, EntityKind};
use crate::model::{Model, Page};

use super::LinkGraph;

/// How many items the one warning of a vault about many names.
const NAMED: usize = 5;

/// The first [`NAMED`] items, then how many more there are.
fn first_few(items: impl ExactSizeIterator<Item = String>) -> String {
    let more = items.len().saturating_sub(NAMED);
    let named: Vec<String> = items.take(NAMED).collect();
    let rest = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!("{}{rest}", named.join(", "))
}

/// Under `links: warn` (a vault, where Obsidian pastes an image as
/// `![](file.png)`), more than [`NAMED`] `missing-alt` warnings become
/// one, counting them and naming the first few, as orphans do; elsewhere
/// each stays.
pub fn fold_missing_alt(diags: &mut Vec<Diagnostic>, policy: LinkPolicy) {
    if policy != LinkPolicy::Warn {
        return;
    }
    let (mut found, rest): (Vec<Diagnostic>, Vec<Diagnostic>) =
        std::mem::take(diags).into_iter().partition(|d| d.code == "missing-alt" && d.severity == Severity::Warning);
    *diags = rest;
    if found.len() <= NAMED {
        diags.extend(found);
        return;
    }
    found.sort_by(|a, b| a.span.cmp(&b.span));
    let first = &found[0];
    let named = first_few(found.iter().map(|d| format!("{}:{}", d.span.path.display(), d.span.line)));
    diags.push(
        Diagnostic::warning(
            "missing-alt",
            first.span.clone(),
            format!("{} images have no alt text: {named}", found.len()),
        )
        .with_help("describe each image: ![what it shows](file.png)"),
    );
}

/// Under `links: warn`, more than [`NAMED`] `unknown-math-command`
/// warnings about one command become one, counting the formulas and naming
/// the first few: a vault whose notes share macros Obsidian kept from
/// another note has hundreds, and each command wants one fix.
pub fn fold_unknown_math(diags: &mut Vec<Diagnostic>, policy: LinkPolicy) {
    if policy != LinkPolicy::Warn {
        return;
    }
    let (found, rest): (Vec<Diagnostic>, Vec<Diagnostic>) =
        std::mem::take(diags).into_iter().partition(|d| d.code == "unknown-math-command");
    *diags = rest;
    // The command is the message's first quoted part.
    let mut by_command: std::collections::BTreeMap<String, Vec<Diagnostic>> = Default::default();
    for d in found {
        let command = d.message.split('`').nth(1).unwrap_or("").to_string();
        by_command.entry(command).or_default().push(d);
    }
    for (command, mut found) in by_command {
        if found.len() <= NAMED {
            diags.extend(found);
            continue;
        }
        found.sort_by(|a, b| a.span.cmp(&b.span));
        let named = first_few(found.iter().map(|d| format!("{}:{}", d.span.path.display(), d.span.line)));
        let first = found.swap_remove(0);
        let message = format!(
            "`{command}` is not a LaTeX command pivotbook knows, and {} formulas use it where nothing defines it: {named}",
            found.len() + 1
        );
        diags.push(Diagnostic { message, ..first });
    }
}

/// Pages (but the home page) no other page links to: a warning for each,
/// or, under `links: warn` (a vault, where Obsidian has no such notion and
/// most notes may stand alone), one warning counting them and naming the
/// first few.
pub fn orphans(model: &Model, corpus: &Corpus, graph: &LinkGraph, policy: LinkPolicy) -> Vec<Diagnostic> {
    let found: Vec<&Page> = model
        .pages
        .iter()
        .enumerate()
        .filter(|(i, p)| p.kind != EntityKind::Home && graph.backlinks[*i].is_empty())
        .map(|(_, p)| p)
        .collect();
    let span = |p: &Page| Span::file(&corpus.docs[p.doc].display);
    if policy == LinkPolicy::Warn {
        let Some(first) = found.first() else { return Vec::new() };
        let pages = if found.len() == 1 { "page has" } else { "pages have" };
        let named = first_few(found.iter().map(|p| format!("`{}`", p.path_key)));
        return vec![Diagnostic::warning(
            "orphan-page",
            span(first),
            format!("{} {pages} no link from another page: {named}", found.len()),
        )
        .with_help("link them from related notes if readers should find them other than by search or folder")];
    }
    found
        .into_iter()
        .map(|p| {
            Diagnostic::warning("orphan-page", span(p), format!("no other page links to `{}`", p.path_key))
                .with_help("link it from a related page's text or front matter")
        })
        .collect()
}
