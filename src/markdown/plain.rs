//! A line of inline markdown as the plain text a reader sees, for a note
//! titled by its first heading (`# 1 [[other|Alias]] and **bold**` is
//! titled "1 Alias and bold"): the title is written into `<title>`,
//! listings and backlinks, where markup would show as written.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::obsidian;

/// The text `inline` shows: emphasis, code and links as their text (a
/// wikilink as its display text or target), a formula as its TeX between
/// `$`, images as their alt text; raw HTML and footnote references left
/// out, and a block id ending it (`^id`) cut. `None` when nothing is left,
/// or when it is only a Dataview expression (`` `=this.file.name` ``),
/// which Obsidian replaces with a value the build does not know.
pub fn inline_text(inline: &str) -> Option<String> {
    let inline = match obsidian::block_id(inline) {
        Some((caret, _)) => &inline[..caret],
        None => inline,
    };
    let options = Options::ENABLE_WIKILINKS | Options::ENABLE_MATH | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(inline.len());
    let mut only_dataview = true;
    for event in Parser::new_ext(inline, options) {
        match event {
            Event::Code(t) if t.starts_with('=') || t.starts_with("$=") => out.push_str(&t),
            Event::Text(t) | Event::Code(t) => {
                only_dataview &= t.trim().is_empty();
                out.push_str(&t);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                only_dataview = false;
                out.push('$');
                out.push_str(&t);
                out.push('$');
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            _ => {}
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty() && !only_dataview).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::inline_text;

    #[test]
    fn a_heading_is_its_text() {
        for (heading, want) in [
            ("1 [[other|Alias]] and ==hi== `code` $x^2$", "1 Alias and ==hi== code $x^2$"),
            ("**MTH3003** Group Theory", "MTH3003 Group Theory"),
            ("[[Distribución de Poisson]]", "Distribución de Poisson"),
            ("Teorema 1 ($\\mathbb{K} = \\mathbb{R}$)", "Teorema 1 ($\\mathbb{K} = \\mathbb{R}$)"),
            ("A [link](https://x.org) and ![alt](p.png) <span>x</span>", "A link and alt x"),
            ("Results ^q3", "Results"),
            ("Plain title", "Plain title"),
        ] {
            assert_eq!(inline_text(heading).as_deref(), Some(want), "{heading}");
        }
    }

    #[test]
    fn a_dataview_expression_alone_or_nothing_is_no_title() {
        for heading in ["`=this.name`", "`$=dv.current().file.name`", "<span></span>", " ^id"] {
            assert_eq!(inline_text(heading), None, "{heading}");
        }
    }
}
