//! Where display math goes over several lines (`$$` … `$$`), and the
//! edits that fence each such block for the parser (see `markdown/prepare`).
//! Lines are read as containers without parsing: quotes (`>`), list items
//! by their marker's width, fenced and indented code.

use std::ops::Range;

use super::{lines, Fences};

/// A line's container prefix (spaces, tabs and the `>` of quotes and
/// callouts): its length, how many `>` it holds, where the text after the
/// last `>` starts and how far that text is indented, a tab counted as four.
struct Prefix {
    len: usize,
    quotes: usize,
    after: usize,
    indent: usize,
}

fn prefix(line: &str) -> Prefix {
    let len = line.bytes().take_while(|b| matches!(b, b' ' | b'\t' | b'>')).count();
    let quotes = line[..len].bytes().filter(|&b| b == b'>').count();
    let after = line[..len].rfind('>').map_or(0, |i| i + 1);
    let indent = line[after..len].bytes().map(|b| if b == b'\t' { 4 } else { 1 }).sum();
    Prefix { len, quotes, after, indent }
}

/// The offsets in `s` of each `$$` no backslash escapes, as TeX reads
/// `\$`: a run of two `$`, or of four (one formula ending where the next
/// starts, `$$$$`).
fn delimiters(s: &str) -> impl Iterator<Item = usize> + '_ {
    let b = s.as_bytes();
    let mut next = 0;
    memchr::memchr_iter(b'$', b)
        .flat_map(move |i| {
            if i < next
                || (i > 0 && b[i - 1] == b'\\' && b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1)
            {
                return [None, None];
            }
            let run = b[i..].iter().take_while(|&&c| c == b'$').count();
            next = i + run;
            match run {
                2 => [Some(i), None],
                4 => [Some(i), Some(i + 2)],
                _ => [None, None],
            }
        })
        .flatten()
}

/// The content column of the list item the lines read so far may go on,
/// as far as lines tell without parsing: a `$$` indented four spaces or
/// more is indented code, unless such an item holds it.
#[derive(Default)]
struct Items {
    col: Option<usize>,
    after_blank: bool,
}

impl Items {
    fn line(&mut self, indent: usize, content: &str) {
        if content.trim().is_empty() {
            self.after_blank = true;
            return;
        }
        match marker_width(content) {
            Some(w) => self.col = Some(indent + w),
            None if self.after_blank && self.col.is_some_and(|c| indent < c) => self.col = None,
            None => {}
        }
        self.after_blank = false;
    }

    /// Whether a line at `indent` is no indented code.
    fn fits(&self, indent: usize) -> bool {
        indent < 4 || self.col.is_some_and(|c| (c..c + 4).contains(&indent))
    }
}

/// The width of a list marker starting `content` with the spaces after it
/// (`- `, `* `, `+ `, `12. `, `3) `).
fn marker_width(content: &str) -> Option<usize> {
    let b = content.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let marker = match digits {
        0 if matches!(b.first(), Some(b'-' | b'*' | b'+')) => 1,
        1..=9 if matches!(b.get(digits), Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let spaces = b[marker..].iter().take_while(|&&c| c == b' ').count();
    match (spaces, b.get(marker)) {
        (1..=4, _) => Some(marker + spaces),
        (0, Some(b'\t') | Some(b'\n') | Some(b'\r') | None) => Some(marker + 1),
        _ => (spaces > 4).then_some(marker + 1),
    }
}

/// The `$$` of a line's text that may delimit display math: outside code
/// spans, not escaped, and not between two inline formulas (`$a$$b$`).
fn free_delimiters(content: &str) -> Vec<usize> {
    let b = content.as_bytes();
    let mut out = Vec::new();
    let mut inline = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = b[i..].iter().take_while(|&&x| x == b'`').count();
                i += match content[i + run..].find(&content[i..i + run]) {
                    Some(j) => run + j + run,
                    None => run,
                };
            }
            b'$' => {
                let run = b[i..].iter().take_while(|&&x| x == b'$').count();
                match run {
                    1 => inline = !inline,
                    2 if !inline => out.push(i),
                    4 if !inline => out.extend([i, i + 2]),
                    _ => {}
                }
                i += run;
            }
            _ => i += 1,
        }
    }
    out
}

/// The edits of one fenced block.
type Block = Vec<(Range<usize>, String)>;

/// Each `$$` block over several lines, as the edits that fence it. `$$`
/// pair up outside code as the parser pairs them, in a paragraph. A pair
/// is fenced when its opening `$$` is the last of its line (after the
/// quotes it sits in, a list marker or text; not in a heading or a table
/// row, nor in indented code, nor between prose on both sides), and every
/// line up to its closing `$$`, blank lines too, as Obsidian reads them,
/// sits in as many quotes. Text before the opening
/// or after the closing gets a line of its own, unless it is a block id
/// after the closing, which belongs to the formula's paragraph: that pair
/// is left to the parser, as is any other.
pub(super) fn blocks(body: &str) -> Vec<Block> {
    let rows: Vec<(usize, &str)> = lines(body).collect();
    let mut out = Vec::new();
    let mut fences = Fences::default();
    let mut items = Items::default();
    // A `$$` is open; the last line was indented code; the last line was blank.
    let (mut open, mut code, mut blank) = (false, false, true);
    let mut i = 0;
    while i < rows.len() {
        let line = rows[i].1;
        let p = prefix(line);
        i += 1;
        if fences.code(&line[p.after..]) {
            (code, blank) = (false, false);
            continue;
        }
        let content = line[p.len..].trim_end_matches(['\n', '\r']);
        items.line(p.indent, content);
        if content.trim().is_empty() {
            // A blank line ends a paragraph, and the parser's formula with it.
            (blank, open) = (true, false);
            continue;
        }
        // Indented code cannot interrupt a paragraph.
        code = !items.fits(p.indent) && (blank || code);
        blank = false;
        if code {
            continue;
        }
        let ds = free_delimiters(content);
        let mut after = open ^ (ds.len() % 2 == 1);
        if let Some(&last) = ds.last().filter(|_| after) {
            if tex_before(&content[..last]) {
                // `\end{align}$$`: it ends a formula, whatever came before.
                after = false;
            } else if items.fits(p.indent) {
                if let Some((end, block, still)) = fence(&rows, i - 1, &p, last) {
                    out.push(block);
                    (i, open) = (end + 1, still);
                    continue;
                }
            }
        }
        open = after;
    }
    out
}

/// Whether the text before a line's last `$$` is TeX (a command, and no
/// `$` of inline math): that `$$` closes a formula. A stray one before it
/// (`= 0$$ ^id` inside an `align`) no longer pairs every later `$$` amiss.
fn tex_before(pre: &str) -> bool {
    pre.contains('\\') && !pre.contains('$')
}

/// The edits that fence the block whose opening `$$` is at `d` in the text
/// of `rows[at]`, whose prefix is `p`; the index of its closing line, and
/// whether a `$$` is left open after it. `None` when it is no block. A
/// line less indented than the block (a paragraph takes it lazily, a fence
/// would not) is indented as far.
fn fence(rows: &[(usize, &str)], at: usize, p: &Prefix, d: usize) -> Option<(usize, Block, bool)> {
    let (start, line) = rows[at];
    let pre = &line[p.len..p.len + d];
    if pre.starts_with(['#', '|']) {
        return None;
    }
    // In a list item the fence stays in it.
    let marker = marker_width(pre).filter(|&w| w <= pre.len()).unwrap_or(0);
    // Between prose on both sides (`but $$b is`) a `$$` is a typo more
    // likely than a formula, unless TeX follows it.
    let after = line[p.len + d + 2..].trim();
    if pre.len() > marker && !after.is_empty() && !after.starts_with('\\') {
        return None;
    }
    let lead = format!("{}{}", &line[..p.len], " ".repeat(marker));
    let depth = p.indent + marker;
    let mut indents = Vec::new();
    let mut ticks = 3;
    for (k, &(s, inner)) in rows.iter().enumerate().skip(at + 1) {
        let q = prefix(inner);
        if q.quotes != p.quotes {
            return None;
        }
        let text = inner[q.len..].trim_end_matches(['\n', '\r']);
        let close = delimiters(text).next();
        if q.indent < depth && !text[..close.unwrap_or(text.len())].trim().is_empty() {
            if p.quotes > 0 {
                return None;
            }
            indents.push(s);
        }
        let Some(c) = close else {
            ticks = ticks.max(text.trim_start().bytes().take_while(|&b| b == b'`').count() + 1);
            continue;
        };
        let rest = &text[c + 2..];
        if rest.trim_start().starts_with('^') {
            return None;
        }
        let fence = "`".repeat(ticks);
        let mut block = Vec::new();
        let mut with = String::new();
        if pre.len() > marker {
            with.push('\n');
            with.push_str(&lead);
        }
        with.push_str(&fence);
        with.push_str("$$");
        if !line[p.len + d + 2..].trim().is_empty() {
            with.push('\n');
            with.push_str(&lead);
        }
        let open_at = start + p.len + d;
        block.push((open_at..open_at + 2, with));
        block.extend(indents.into_iter().map(|s| (s..s, lead.clone())));
        // Lines put in take the opening's lead: the closing line's own
        // indent could make its fence text.
        let mut with = String::new();
        if !text[..c].trim().is_empty() || inner[..q.len] != *lead {
            with.push('\n');
            with.push_str(&lead);
        }
        with.push_str(&fence);
        if !rest.trim().is_empty() {
            with.push('\n');
            with.push_str(&lead);
        }
        let close_at = s + q.len + c;
        block.push((close_at..close_at + 2, with));
        return Some((k, block, free_delimiters(rest).len() % 2 == 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::prepare;
    use std::borrow::Cow;

    #[test]
    fn display_math_over_several_lines_is_fenced() {
        let body = "Text\n$$\na\n= b\n$$\nafter";
        let p = prepare(body, true);
        assert_eq!(p.text, "Text\n```$$\na\n= b\n```\nafter");
        // Each line of the formula maps back to itself, and what follows too.
        assert_eq!(&body[p.original(p.text.find("= b").unwrap())..][..3], "= b");
        assert_eq!(p.original(p.text.find("after").unwrap()), body.find("after").unwrap());
        // Inside the put-in `math`, to within the `$$` it replaced.
        assert_eq!(p.original(5 + 4), 7);
        assert!(matches!(prepare(body, false).text, Cow::Borrowed(_)), "math off");
    }

    #[test]
    fn what_shares_a_line_with_a_delimiter_gets_its_own() {
        assert_eq!(prepare("$$x\n- y$$.", true).text, "```$$\nx\n- y\n```\n.");
        assert_eq!(prepare("> $$ a\n>\n> b $$\n", true).text, "> ```$$\n>  a\n>\n> b \n> ```\n");
        // A backtick fence inside is outrun.
        assert_eq!(prepare("$$\n```\n$$", true).text, "````$$\n```\n````");
        // Facultad-Apuntes: a closing line indented by tabs; its fence is not.
        assert_eq!(prepare("$$ A =\n\t\t\ta $$\n", true).text, "```$$\n A =\n\t\t\ta \n```\n");
        // jaythad13/Mathematikezettelkasten: in an item, indented by a tab,
        // lines the item's paragraph took lazily; they are indented as far.
        assert_eq!(
            prepare("2) Then\n\t$$\n\\begin{split}\n\t& x\n$$\n\twhere", true).text,
            "2) Then\n\t```$$\n\t\\begin{split}\n\t& x\n\n\t```\n\twhere"
        );
        // Text before the opening gets a line of its own, in its list item.
        assert_eq!(prepare("Let $$\nx\n$$\n", true).text, "Let \n```$$\nx\n```\n");
        assert_eq!(prepare("$$\nx $$ y $$\n", true).text, "```$$\nx \n```\n y $$\n");
        // GaoZ1en/obsidian_note: a blank line inside, and `$$` after a list
        // marker or an item's text.
        assert_eq!(
            prepare("1. $$\\tag{1}\nx\n\n$$\n2. Then $$\ny\n$$\n", true).text,
            "1. ```$$\n   \\tag{1}\n   x\n\n\n   ```\n2. Then \n   ```$$\n   y\n\n   ```\n"
        );
        // GaoZ1en: a stray `$$` inside a formula; the `$$` after TeX closes.
        assert_eq!(
            prepare("$$\\begin{align}\nx = 0$$ ^a\n\\end{align}$$\n\n$$\ny\n$$\n", true).text,
            "$$\\begin{align}\nx = 0$$ ^a\n\\end{align}$$\n\n```$$\ny\n```\n"
        );
        // StudiumObsidianVault: one formula ends where the next starts.
        assert_eq!(prepare("$$\nx\n$$$$y\n$$\n", true).text, "```$$\nx\n```\n$$y\n$$\n");
        // GaoZ1en: two inline formulas side by side hold no `$$`.
        assert_eq!(prepare("In $a$$b$ and\n$$\nx\n$$\n", true).text, "In $a$$b$ and\n```$$\nx\n```\n");
        // luweiagi/machine-learning-notes: a typo between words opens nothing,
        // and the next paragraph pairs afresh.
        assert_eq!(
            prepare("but $$b is\n\n$$\nx\n$$\nand $$ \\begin{a}\ny\n$$\n", true).text,
            "but $$b is\n\n```$$\nx\n```\nand \n```$$\n \\begin{a}\ny\n```\n"
        );
        // A `$$` in a comment pairs with none.
        assert_eq!(prepare("%%$$%%\n$$\na\n$$\n", true).text, "\n```$$\na\n```\n");
        // k78ma/quartz: the closing `$$` indented, text after it.
        assert_eq!(prepare("$$\nx\n\t\t$$Then\n", true).text, "```$$\nx\n\t\t\n```\nThen\n");
    }

    #[test]
    fn other_dollars_are_left_to_the_parser() {
        for body in [
            "$$x$$\n",         // one line
            "$$\nx\n",         // never closed
            "$$\nx\n$$ ^id\n", // the id is the formula's
            "> $$\nx\n> $$\n", // a line out of the quote
            // k78ma/quartz: the `$$` that closes one with a line out of the
            // quote opens no other.
            ">$$\nx\n>$$\n>Hence\n>$$\ny\n>$$\n",
            "# Title $$\nx\n$$\n",           // a heading
            "| a $$ |\nx\n$$\n",             // a table row
            "Text\n    $$\n    x\n    $$\n", // a paragraph's indented lines
            "    $$\n    x\n    $$",         // indented code
            "```\n$$\nx\n$$\n```",           // fenced code
            "`$$` or\n$$\n",                 // a code span
            "$$$\nx\n$$$",
            "%% $$ %%\nx\n$$",
            "\\$$\nx\n$$",
        ] {
            assert_eq!(prepare(body, true).text, body.replace("%% $$ %%", ""), "{body:?}");
        }
    }
}
