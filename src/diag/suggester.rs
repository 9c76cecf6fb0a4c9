//! Did-you-mean: the names closest to one that matched nothing.
//!
//! [`did_you_mean`] compares a name with every candidate (Jaro-Winkler), for
//! the short lists most diagnostics have; [`suggest`] words its answer as a
//! help line. [`Suggester`] is for a site's every page name: the names are
//! indexed once by trigram, and a query counts at most
//! [`Suggester::POSTINGS`] postings and is compared with at most
//! [`Suggester::SHORTLIST`] names, however many names there are, so a
//! thousand broken links cost a thousand bounded look-ups.

use std::collections::HashMap;

use super::to_u32;

/// The closest candidates to `wanted` among `candidates` (case-insensitive,
/// Jaro-Winkler), best first, at most `max`.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, max: usize) -> Vec<&'a str> {
    let w = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&w, &c.to_lowercase()), c))
        .filter(|(s, _)| *s > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

/// A "did you mean" hint, or `None` when nothing is close.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let close = did_you_mean(wanted, candidates, 3);
    match close.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// What one [`Suggester::close`] query cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Work {
    /// Names compared (Jaro-Winkler) with the query.
    pub compared: usize,
    /// Postings counted: each is one name taken as a candidate.
    pub postings: usize,
    /// Candidates looked up (a binary search) in the posting lists past
    /// the budget, to score them.
    pub probes: usize,
}

/// Many names indexed by their trigrams, for did-you-mean on large sites: a
/// query is compared (Jaro-Winkler, as [`did_you_mean`]) only with the
/// [`Suggester::SHORTLIST`] names sharing the most trigrams with it. Small
/// lists are compared whole.
///
/// The query's trigrams are taken rarest first: trigrams held by more than a
/// fifth of the names say little and are skipped (unless the query has no
/// other). Names are taken as candidates from the rarest lists until
/// [`Suggester::POSTINGS`] postings are counted; the remaining lists only
/// score the candidates already found (at most [`Suggester::PROBES`] binary
/// searches). So a query's work is bounded whatever the number of names (a
/// rare trigram's list grows with the site: `001` is in a tenth of
/// `note-000123`-like names), and a query whose lists fit the budget gets
/// exactly the shortlist of a full count.
#[derive(Debug, Default)]
pub struct Suggester {
    names: Vec<String>,
    grams: HashMap<[char; 3], Vec<u32>>,
}

impl Suggester {
    /// How many names a query is compared with at most.
    pub const SHORTLIST: usize = 200;
    /// How many postings a query counts at most (its candidates).
    pub const POSTINGS: usize = 5 * Self::SHORTLIST;
    /// How many look-ups of a candidate in a list past the budget a query
    /// makes at most.
    pub const PROBES: usize = 8 * Self::POSTINGS;

    /// Indexes `names` (compared lower-cased).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Suggester {
        let mut names: Vec<String> = names.into_iter().map(str::to_lowercase).collect();
        names.sort();
        names.dedup();
        let mut grams: HashMap<[char; 3], Vec<u32>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            let mut own = trigrams(n);
            own.sort_unstable();
            own.dedup();
            for g in own {
                // Pushed in increasing order: every list is sorted.
                grams.entry(g).or_default().push(to_u32(i));
            }
        }
        Suggester { names, grams }
    }

    /// The closest names to `wanted`, best first, at most `max`, and what
    /// the query cost.
    pub fn close(&self, wanted: &str, max: usize) -> (Vec<&str>, Work) {
        let w = wanted.to_lowercase();
        if self.names.len() <= Self::SHORTLIST {
            let work = Work { compared: self.names.len(), ..Work::default() };
            return (did_you_mean(&w, self.names.iter().map(String::as_str), max), work);
        }
        let mut own = trigrams(&w);
        own.sort_unstable();
        own.dedup();
        // Rarest first; a stable sort keeps the trigrams' order among equals.
        let mut lists: Vec<&[u32]> = own.iter().filter_map(|g| self.grams.get(g)).map(Vec::as_slice).collect();
        lists.sort_by_key(|l| l.len());
        let common = self.names.len() / 5;
        let rare = lists.iter().take_while(|l| l.len() <= common).count();
        let chosen = if rare == 0 { &lists[..] } else { &lists[..rare] };

        let mut work = Work::default();
        let mut shared: HashMap<u32, u32> = HashMap::new();
        let mut rest = chosen;
        while let Some((list, after)) = rest.split_first() {
            let room = Self::POSTINGS - work.postings;
            if list.len() > room && work.postings > 0 {
                break;
            }
            // The rarest list alone past the budget: its first names only.
            let taken = &list[..list.len().min(room)];
            for &i in taken {
                *shared.entry(i).or_default() += 1;
            }
            work.postings += taken.len();
            rest = after;
        }
        // Past the budget, a list only scores the candidates found.
        let mut candidates: Vec<(u32, u32)> = shared.into_iter().collect();
        candidates.sort_unstable();
        for list in rest {
            if work.probes + candidates.len() > Self::PROBES {
                break;
            }
            for (i, n) in &mut candidates {
                *n += u32::from(list.binary_search(i).is_ok());
            }
            work.probes += candidates.len();
        }
        candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(Self::SHORTLIST);
        work.compared = candidates.len();
        let found = did_you_mean(&w, candidates.iter().map(|(i, _)| self.names[*i as usize].as_str()), max);
        (found, work)
    }
}

/// The character trigrams of a name, padded with two spaces at each end.
fn trigrams(s: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = "  ".chars().chain(s.chars()).chain("  ".chars()).collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggester_finds_what_a_full_scan_finds_comparing_a_short_list() {
        let names: Vec<String> =
            (0..20_000).map(|i| format!("notes/note-{i:05}")).chain(["companies/core-scientific".into()]).collect();
        let s = Suggester::new(names.iter().map(String::as_str));
        let (found, work) = s.close("companies/core-scientfic", 3);
        assert_eq!(found, ["companies/core-scientific"]);
        assert!(work.compared <= Suggester::SHORTLIST, "{work:?}");
        let (found, work) = s.close("notes/note-01234x", 1);
        assert_eq!(found, did_you_mean("notes/note-01234x", names.iter().map(String::as_str), 1));
        assert!(work.compared <= Suggester::SHORTLIST, "{work:?}");
        // Small lists are compared whole.
        let small = Suggester::new(["name", "summary", "tickers"]);
        assert_eq!(small.close("nmae", 3), (vec!["name"], Work { compared: 3, ..Work::default() }));
    }

    /// The names of `n` notes as a site has them: path, file name, title.
    fn notes(n: usize) -> Vec<String> {
        (0..n).flat_map(|i| [format!("notes/note-{i:06}"), format!("note-{i:06}"), format!("note {i}")]).collect()
    }

    #[test]
    fn a_querys_work_is_bounded_whatever_the_number_of_names() {
        // `note-000123-draft`: its rare trigrams (`001`, `012`, `123`) are
        // held by a share of the names, so their lists grow with the site.
        for n in [4_000, 16_000, 64_000] {
            let names = notes(n);
            let s = Suggester::new(names.iter().map(String::as_str));
            for q in [123, n / 2, n - 1] {
                let (found, work) = s.close(&format!("note-{q:06}-draft"), 3);
                assert_eq!(found.first().copied(), Some(format!("note-{q:06}").as_str()), "{n}: {found:?}");
                assert!(work.postings <= Suggester::POSTINGS, "{n}: {work:?}");
                assert!(work.probes <= Suggester::PROBES, "{n}: {work:?}");
                assert!(work.compared <= Suggester::SHORTLIST, "{n}: {work:?}");
            }
        }
        // Every trigram common: the rarest list alone is past the budget.
        let names = notes(3_000);
        let s = Suggester::new(names.iter().map(String::as_str));
        let (found, work) = s.close("note", 3);
        assert!(found.len() <= 3);
        assert_eq!(work.postings, Suggester::POSTINGS);
        assert!(work.probes <= Suggester::PROBES, "{work:?}");
    }

    #[test]
    fn within_the_budget_the_shortlist_is_a_full_counts() {
        // 2,000 notes: every rare list of the query fits, nothing is probed.
        let names = notes(2_000);
        let s = Suggester::new(names.iter().map(String::as_str));
        let (found, work) = s.close("note-001234-draft", 3);
        assert_eq!(work.probes, 0, "{work:?}");
        assert!(work.postings < Suggester::POSTINGS, "{work:?}");
        assert_eq!(found.first().copied(), Some("note-001234"));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(suggest("nmae", ["name", "summary", "tickers"]), Some("did you mean `name`?".into()));
        assert_eq!(suggest("zzzz", ["name"]), None);
    }
}
