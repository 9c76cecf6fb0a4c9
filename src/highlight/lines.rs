//! Highlighting line by line, remembering each line's result.
//!
//! syntect's parse of a line is a function of the line and the parser's
//! state before it (the stack of contexts it is in), and the HTML written
//! for it (`highlight/palette`) a function of those and the scope stack.
//! Knowledge bases repeat lines across pages (blank lines, closing
//! brackets, imports, the same commands in many how-tos), so [`LineMemo`]
//! keeps each line's result, keyed by the line and both states, and a line
//! met again in the same states is not parsed again. The bytes written are
//! the same either way; the memo only saves the regex work, which is most
//! of a code block's cost.
//!
//! Each rendering thread looks in its own results first, then in the run's
//! shared ones ([`LineMemo`]), which hold every line any thread parsed, so
//! a line is parsed once per run rather than once per thread.
//!
//! The memo is bounded: lines longer than [`MAX_LINE`] bytes are not kept,
//! and once a thread, or the shared results, hold [`MAX_ENTRIES`] results
//! no more are added.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::palette::{Palette, Resolved};

/// Lines longer than this are parsed every time.
const MAX_LINE: usize = 256;
/// The most line results kept per thread, and in the run's shared results
/// (about 150 bytes each, plus the line).
const MAX_ENTRIES: usize = 1 << 16;

/// The parser's and the scope stack's state between two lines.
#[derive(Clone, PartialEq, Eq)]
struct States {
    parse: ParseState,
    scopes: ScopeStack,
}

/// What one line did: the states after it and its HTML.
#[derive(Clone)]
struct Step {
    before: States,
    after: States,
    html: Box<str>,
}

/// Line results: each line, with every state it was met in and what it did.
#[derive(Default)]
struct Results {
    steps: HashMap<Box<str>, Vec<Step>>,
    len: usize,
}

impl Results {
    /// What `line` did when met in `states`, if it is kept.
    fn find(&self, line: &str, states: &States) -> Option<&Step> {
        self.steps.get(line)?.iter().find(|s| s.before == *states)
    }

    /// Keeps `step`, what `line` did, while there is room.
    fn keep(&mut self, line: &str, step: Step) {
        if self.len < MAX_ENTRIES {
            self.steps.entry(line.into()).or_default().push(step);
            self.len += 1;
        }
    }
}

/// The run's line results, every line any thread parsed.
#[derive(Default)]
struct Shared(Results);

// SAFETY: a `Step` is plain owned data: strings, vectors of scopes and
// context ids, and in a parser state inside a capturing construct an
// oniguruma `Region`, two arrays oniguruma allocates with `malloc` and frees
// with `free` on drop. syntect's types are not `Send` only because `Region`
// holds raw pointers; nothing in it belongs to the thread that made it, and
// it has no interior mutability, so it may be moved to another thread and
// read from several. The shared results are only read through `&` (a
// thread clones what it finds) and written under their mutex.
unsafe impl Send for Shared {}
// SAFETY: see `Send` above.
unsafe impl Sync for Shared {}

/// One thread's line results and resolved scope stacks, for the memo
/// whose id it holds.
#[derive(Default)]
struct Steps {
    memo: u64,
    results: Results,
    resolved: Resolved,
}

thread_local! {
    // Each rendering thread keeps its own copy of the results it met, read
    // without a lock; the run's shared results are looked in only on a miss.
    static STEPS: RefCell<Steps> = RefCell::default();
}

/// Line results for one run: each thread keeps its own, under this memo's
/// id, and a thread that meets another memo's id starts afresh.
pub struct LineMemo {
    id: u64,
    /// Every line parsed in this run, by any thread.
    shared: Mutex<Shared>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Default for LineMemo {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        LineMemo {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            shared: Mutex::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }
}

impl LineMemo {
    /// `code` in `syntax` as HTML with `palette`'s classes. `None` if
    /// syntect fails on a line.
    pub fn highlight(
        &self,
        code: &str,
        syntax: &SyntaxReference,
        set: &SyntaxSet,
        palette: &Palette,
    ) -> Option<String> {
        STEPS.with(|cell| {
            let mut memo = cell.borrow_mut();
            if memo.memo != self.id {
                *memo = Steps { memo: self.id, ..Steps::default() };
            }
            self.lines(&mut memo, code, syntax, set, palette)
        })
    }

    fn lines(
        &self,
        memo: &mut Steps,
        code: &str,
        syntax: &SyntaxReference,
        set: &SyntaxSet,
        palette: &Palette,
    ) -> Option<String> {
        let mut states = States { parse: ParseState::new(syntax), scopes: ScopeStack::new() };
        let mut html = String::with_capacity(code.len() * 3);
        let (mut hits, mut misses) = (0, 0);
        for line in LinesWithEndings::from(code) {
            if let Some(step) = memo.results.find(line, &states) {
                replay(step, &mut states, &mut html);
                hits += 1;
                continue;
            }
            let keep = line.len() <= MAX_LINE && memo.results.len < MAX_ENTRIES;
            // Another thread may have parsed it: its result becomes this thread's too.
            if let Some(step) = keep.then(|| self.shared_step(line, &states)).flatten() {
                replay(&step, &mut states, &mut html);
                hits += 1;
                memo.results.keep(line, step);
                continue;
            }
            misses += 1;
            let before = keep.then(|| states.clone());
            let ops = states.parse.parse_line(line, set).ok()?;
            let start = html.len();
            palette.write_line(line, &ops, &mut states.scopes, &mut memo.resolved, &mut html).ok()?;
            if let Some(before) = before {
                let step = Step { before, after: states.clone(), html: html[start..].into() };
                self.shared.lock().unwrap_or_else(|e| e.into_inner()).0.keep(line, step.clone());
                memo.results.keep(line, step);
            }
        }
        self.hits.fetch_add(hits, Ordering::Relaxed);
        self.misses.fetch_add(misses, Ordering::Relaxed);
        Some(html)
    }

    /// A copy of the run's result for `line` met in `states`, if a thread kept one.
    fn shared_step(&self, line: &str, states: &States) -> Option<Step> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner()).0.find(line, states).cloned()
    }

    /// How many lines were found in the memo and how many were parsed.
    pub fn hits_and_misses(&self) -> (u64, u64) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }
}

/// Writes out a line found among the results: its HTML and the states after it.
fn replay(step: &Step, states: &mut States, html: &mut String) {
    states.clone_from(&step.after);
    html.push_str(&step.html);
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;

    static PALETTE: LazyLock<Palette> = LazyLock::new(|| Palette::new("InspiredGitHub", "base16-ocean.dark").unwrap());

    /// Every line parsed and written afresh: the reference the memo must
    /// match byte for byte.
    fn reference(code: &str, syntax: &SyntaxReference, set: &SyntaxSet) -> String {
        let mut states = States { parse: ParseState::new(syntax), scopes: ScopeStack::new() };
        let (mut resolved, mut html) = (Resolved::new(), String::new());
        for line in LinesWithEndings::from(code) {
            let ops = states.parse.parse_line(line, set).unwrap();
            PALETTE.write_line(line, &ops, &mut states.scopes, &mut resolved, &mut html).unwrap();
        }
        html
    }

    #[test]
    fn matches_syntects_generator_and_reuses_lines_only_in_the_same_state() {
        let set = SyntaxSet::load_defaults_newlines();
        let python = set.find_syntax_by_token("python").unwrap();
        let memo = LineMemo::default();
        // `x = 1` outside and inside a triple-quoted string: the same text
        // in two states, which must highlight differently.
        let a = "x = 1\n\"\"\"\nx = 1\n\"\"\"\nx = 1\n";
        let b = "def f(x):\n    return x * 2\n\n\ndef f(x):\n    return x * 2\n";
        // If the memo ignored the state, the string's `x = 1` would get the
        // code's HTML and differ from syntect's. (A state inside the string
        // holds the quote's capture, and such states never compare equal, so
        // those lines are parsed every time.)
        for code in [a, b, a] {
            assert_eq!(memo.highlight(code, python, &set, &PALETTE).unwrap(), reference(code, python, &set));
        }
        let (hits, misses) = memo.hits_and_misses();
        assert_eq!(hits + misses, 16, "every line counted once");
        assert_eq!(memo.highlight(b, python, &set, &PALETTE).unwrap(), reference(b, python, &set));
        assert_eq!(memo.hits_and_misses(), (hits + 6, misses), "the second time, every line of b is found");
        let rust = set.find_syntax_by_token("rust").unwrap();
        let unclosed = "let s = \"open\nstill\n";
        assert_eq!(memo.highlight(unclosed, rust, &set, &PALETTE).unwrap(), reference(unclosed, rust, &set));
    }

    #[test]
    fn a_line_parsed_on_one_thread_is_not_parsed_again_on_another() {
        let set = SyntaxSet::load_defaults_newlines();
        let python = set.find_syntax_by_token("python").unwrap();
        let memo = LineMemo::default();
        let code = "def f(x):\n    return x * 2\n";
        // Each scoped thread is new, so its own results are empty.
        let on_a_thread = || std::thread::scope(|s| s.spawn(|| memo.highlight(code, python, &set, &PALETTE)).join());
        assert_eq!(on_a_thread().unwrap().unwrap(), reference(code, python, &set));
        assert_eq!(memo.hits_and_misses(), (0, 2));
        assert_eq!(on_a_thread().unwrap().unwrap(), reference(code, python, &set));
        assert_eq!(memo.hits_and_misses(), (2, 2), "the second thread finds both lines");
    }

    #[test]
    fn long_lines_are_not_kept() {
        let set = SyntaxSet::load_defaults_newlines();
        let python = set.find_syntax_by_token("python").unwrap();
        let memo = LineMemo::default();
        let long = format!("x = \"{}\"\n", "a".repeat(MAX_LINE));
        for _ in 0..2 {
            assert_eq!(memo.highlight(&long, python, &set, &PALETTE).unwrap(), reference(&long, python, &set));
        }
        assert_eq!(memo.hits_and_misses(), (0, 2));
    }
}
