//! Code blocks, mermaid diagrams and math: a fenced or indented block is
//! highlighted (through `highlight`, reusing a block of the page's previous
//! HTML when its code is unchanged), a `mermaid` block becomes
//! `<pre class="mermaid">` for the browser to draw, and `$…$` and `$$…$$`
//! become MathML (through `markdown/math`).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::{Ev, Out, Own, Pass};
use crate::highlight::{Highlighter, PreviousBlocks};
use crate::markdown::{escape_attr, escape_text, math};

/// The code pass.
pub(in crate::markdown) struct Code<'h, 'o> {
    hl: &'h Highlighter,
    previous: Option<&'h PreviousBlocks>,
    own: &'o Own,
    /// The block being read: its language and code.
    block: Option<(String, String)>,
    /// Set when a mermaid block is seen.
    mermaid: &'o mut bool,
    /// Set when a formula is seen.
    math: &'o mut bool,
    /// The macros the body's formulas have defined so far.
    macros: math::Macros<'h>,
}

impl<'h, 'o> Code<'h, 'o> {
    /// Highlights with `hl`, reusing blocks of `previous`; sets `mermaid`
    /// and `math` when the body has a diagram or a formula; formulas see the
    /// site's macros, `math_preamble`.
    pub(in crate::markdown) fn new(
        hl: &'h Highlighter,
        previous: Option<&'h PreviousBlocks>,
        own: &'o Own,
        mermaid: &'o mut bool,
        math: &'o mut bool,
        math_preamble: &'h str,
    ) -> Self {
        Code { hl, previous, own, block: None, mermaid, math, macros: math::Macros::new(math_preamble) }
    }
}

impl<'a> Pass<'a> for Code<'_, '_> {
    fn feed(&mut self, ev: Ev<'a>, _out: &mut Out<'a>) -> Option<Ev<'a>> {
        if !ev.raw {
            return Some(ev);
        }
        match ev.event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.block = Some((lang, String::new()));
                None
            }
            Event::Text(t) if self.block.is_some() => {
                if let Some((_, code)) = &mut self.block {
                    code.push_str(&t);
                }
                None
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, code) = self.block.take()?;
                if lang.trim() == "mermaid" {
                    *self.mermaid = true;
                    Some(Ev::done(self.own.event(format!("<pre class=\"mermaid\">{}</pre>\n", escape_text(&code)))))
                } else {
                    Some(Ev::done(Event::Html(CowStr::from(code_block(&lang, &code, self.hl, self.previous)))))
                }
            }
            Event::InlineMath(tex) => {
                *self.math = true;
                Some(Ev::done(self.own.event(math::to_mathml(&tex, false, &mut self.macros))))
            }
            Event::DisplayMath(tex) => {
                *self.math = true;
                Some(Ev::done(self.own.event(math::to_mathml(&tex, true, &mut self.macros))))
            }
            event => Some(Ev { event, ..ev }),
        }
    }
}

/// A highlighted code block, its language as a class.
fn code_block(lang: &str, code: &str, hl: &Highlighter, previous: Option<&PreviousBlocks>) -> String {
    let lang_token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class =
        if lang_token.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape_attr(lang_token)) };
    match hl.highlight(code, lang, previous) {
        Some(inner) => format!("<pre class=\"code\"><code{class}>{inner}</code></pre>\n"),
        None => format!("<pre class=\"code\"><code{class}>{}</code></pre>\n", escape_text(code)),
    }
}
