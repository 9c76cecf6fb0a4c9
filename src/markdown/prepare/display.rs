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
/// `\$`: a run of two `$`, of three (`$$$(1)$`: a formula ends where an
/// inline one starts), or of four (one formula ending where the next
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
                2 | 3 => [Some(i), None],
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

    /// The content column of the item whose paragraph a line at `indent`
    /// goes on lazily (no blank line since, and indented less), if any.
    fn lazy(&self, indent: usize) -> Option<usize> {
        self.col.filter(|&c| !self.after_blank && indent < c)
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

/// The `$$` of a line's text from `from` on (a display formula `open`
/// there or not) that may delimit display math:
/// outside code spans, not escaped, and not between two inline formulas
/// (`$a$$b$`; `$x$$$` ends one and opens a display, `$$$(1)$` closes one
/// and opens the inline). A backtick run the line leaves open stops the
/// reading: its length and where the text after it starts are given back,
/// for the caller to look for its closing run on the lines after.
fn free_delimiters(content: &str, from: usize, open: bool) -> (Vec<usize>, Option<(usize, usize)>) {
    let b = content.as_bytes();
    let mut out = Vec::new();
    let mut inline = false;
    // Inside a display formula a `$` is TeX's (`\dfrac{$n…}`), no inline one.
    let display = |out: &Vec<usize>| open ^ (out.len() % 2 == 1);
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = b[i..].iter().take_while(|&&x| x == b'`').count();
                match closing_run(&content[i + run..], run) {
                    Some(j) => i += run + j + run,
                    None => return (out, Some((run, i + run))),
                }
            }
            b'$' => {
                let run = b[i..].iter().take_while(|&&x| x == b'$').count();
                match (run, inline) {
                    (1, _) if display(&out) => {}
                    (1, _) => inline = !inline,
                    (2, false) => out.push(i),
                    (3, true) => {
                        inline = false;
                        out.push(i + 1);
                    }
                    (3, false) => {
                        inline = true;
                        out.push(i);
                    }
                    (4, false) => out.extend([i, i + 2]),
                    _ => {}
                }
                i += run;
            }
            _ => i += 1,
        }
    }
    (out, None)
}

/// Where in `s` a run of exactly `n` backticks starts, if one does.
fn closing_run(s: &str, n: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(j) = memchr::memchr(b'`', &b[i..]) {
        let at = i + j;
        let run = b[at..].iter().take_while(|&&x| x == b'`').count();
        if run == n {
            return Some(at);
        }
        i = at + run;
    }
    None
}

/// How many lines on a code span open at a line's end is looked for.
const SPAN_LINES: usize = 64;

/// Whether a line's text starts raw HTML, which holds its lines up to a
/// blank one as they are (`<div>`, `</p>`, `<!--`): no formula there.
fn starts_html(content: &str) -> bool {
    let b = content.as_bytes();
    b.first() == Some(&b'<')
        && match b.get(1) {
            Some(b'/' | b'!' | b'?') => true,
            Some(c) => c.is_ascii_alphabetic(),
            None => false,
        }
}

/// The width of a footnote definition's label starting `pre` with the
/// spaces after it (`[^1]: `); its lines go on indented four spaces.
fn footnote_label(pre: &str) -> Option<usize> {
    let close = pre.strip_prefix("[^")?.find("]:")? + 4;
    Some(close + pre[close..].bytes().take_while(|&b| b == b' ').count())
}

/// The edits of one fenced block.
type Block = Vec<(Range<usize>, String)>;

/// Each `$$` block over several lines, as the edits that fence it. `$$`
/// pair up outside code and raw HTML as the parser pairs them, in a
/// paragraph. A pair is fenced when its opening `$$` is the last of its
/// line (after the quotes it sits in, a list marker, a footnote's label or
/// text; not in a heading or a table row, nor in indented code, nor
/// between prose on both sides), and every line up to its closing `$$`,
/// blank lines too, as Obsidian reads them, sits in as many quotes. Text
/// before the opening or after the closing gets a line of its own (a `$$`
/// there opens the next block), unless it is a block id after the closing,
/// which belongs to the formula's paragraph: that pair is left to the
/// parser, as is any other.
pub(super) fn blocks(body: &str) -> Vec<Block> {
    let rows: Vec<(usize, &str)> = lines(body).collect();
    let mut out = Vec::new();
    let (mut fences, mut fence_quotes) = (Fences::default(), 0);
    let mut items = Items::default();
    // A `$$` is open; the last line was indented code; the last line was
    // blank; the lines are raw HTML; a code span ends on a later line (its
    // line, and where the text after it starts).
    let (mut open, mut code, mut blank, mut html) = (false, false, true, false);
    let mut span: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < rows.len() {
        let row = i;
        let line = rows[row].1;
        let p = prefix(line);
        i += 1;
        let mut from = 0;
        match span {
            Some((r, _)) if r > row => continue,
            Some((_, after)) => (from, span) = (after, None),
            None => {}
        }
        // A fence in a quote ends with the quote.
        if fences.0.is_some() && p.quotes < fence_quotes {
            fences.0 = None;
        }
        let was_open = fences.0.is_some();
        if fences.code(&line[p.after..]) {
            fence_quotes = if was_open { fence_quotes } else { p.quotes };
            (code, blank, html) = (false, false, false);
            continue;
        }
        let content = line[p.len..].trim_end_matches(['\n', '\r']);
        let (fits, lazy) = (items.fits(p.indent), items.lazy(p.indent));
        items.line(p.indent, content);
        if content.trim().is_empty() {
            (blank, open, html) = (true, false, false);
            continue;
        }
        // Indented code cannot interrupt a paragraph.
        code = !fits && (blank || code);
        html = html || (from == 0 && p.indent < 4 && starts_html(content));
        blank = false;
        if code || html {
            continue;
        }
        let mut ds = Vec::new();
        loop {
            let (found, left_open) = free_delimiters(content, from, open ^ (ds.len() % 2 == 1));
            ds.extend(found);
            let Some((n, after)) = left_open else { break };
            let end = rows.iter().enumerate().skip(row + 1).take(SPAN_LINES).find_map(|(r, &(_, l))| {
                let t = &l[prefix(l).len..];
                match t.trim().is_empty() {
                    true => Some(None),
                    false => closing_run(t, n).map(|at| Some((r, at + n))),
                }
            });
            match end.flatten() {
                Some(found) => {
                    span = Some(found);
                    break;
                }
                None => from = after,
            }
        }
        let mut after = open ^ (ds.len() % 2 == 1);
        let Some(&last) = ds.last().filter(|_| after) else {
            open = after;
            continue;
        };
        if tex_before(&content[..last]) {
            // `\end{align}$$`: it ends a formula, whatever came before.
            open = false;
            continue;
        }
        if !fits {
            open = after;
            continue;
        }
        // Each block found, and one its closing line's rest opens.
        let (mut at, mut p, mut d, mut lazy) = (row, p, last, lazy);
        while let Some((end, block, next)) = fence(&rows, at, &p, d, lazy) {
            out.push(block);
            (i, after) = (end + 1, next.is_some());
            let Some(next) = next else { break };
            (at, p, d, lazy) = (end, prefix(rows[end].1), next, None);
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
/// where in that line's text a `$$` after the closing opens another. A
/// line a list item's paragraph takes lazily (`lazy`, the item's content
/// column) has its fence put in the item. `None` when it is no block. A
/// line less indented than the block (a paragraph takes it lazily, a fence
/// would not) is indented as far.
fn fence(
    rows: &[(usize, &str)],
    at: usize,
    p: &Prefix,
    d: usize,
    lazy: Option<usize>,
) -> Option<(usize, Block, Option<usize>)> {
    let (start, line) = rows[at];
    let content = line[p.len..].trim_end_matches(['\n', '\r']);
    let pre = &content[..d];
    // A heading or a table row; `$$$x$`, an inline formula in a display one.
    if pre.starts_with(['#', '|']) || content[d + 2..].starts_with('$') {
        return None;
    }
    // In a list item or a footnote the fence stays in it.
    let (marker, indent) = match (marker_width(pre).filter(|&w| w <= pre.len()), footnote_label(pre)) {
        (Some(w), _) => (w, w),
        (None, Some(w)) => (w, 4),
        (None, None) => (0, lazy.map_or(0, |c| c - p.indent)),
    };
    // Between prose on both sides (`but $$b is`) a `$$` is a typo more
    // likely than a formula, unless TeX follows it.
    let after = content[d + 2..].trim();
    if pre.len() > marker && !after.is_empty() && !after.starts_with('\\') {
        return None;
    }
    let lead = format!("{}{}", &line[..p.len], " ".repeat(indent));
    let depth = p.indent + indent;
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
        match pre.len() > marker {
            true => {
                with.push('\n');
                with.push_str(&lead);
            }
            false => with.push_str(&" ".repeat(indent.saturating_sub(marker))),
        }
        with.push_str(&fence);
        with.push_str("$$");
        if !after.is_empty() {
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
        let (more, _) = free_delimiters(rest, 0, false);
        let next = (more.len() % 2 == 1).then(|| c + 2 + more[more.len() - 1]);
        return Some((k, block, next));
    }
    None
}

#[cfg(test)]
mod tests;
