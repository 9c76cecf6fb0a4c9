//! The typo side index (`search/v/`): which terms a word with a typo in its
//! first two letters may be. The term shards are keyed by a term's first two
//! letters, so `search.js` looks for typos only among terms that start like
//! the word typed; "Nicrosoft", "Imcrosoft" or "IERN" pick the wrong shard.
//!
//! Here each term of four characters or more without digits (shorter words
//! and numbers get no typo tolerance) is listed under the two-letter
//! subsequences of its first three letters: `microsoft` under `mi`, `mc`
//! and `ic`. A word one edit (substitution, insertion, deletion or the swap
//! of two neighbours) away from a term in its first three letters shares at
//! least one of these keys with it: `nicrosoft` has `ic`, `imcrosoft` `mc`,
//! `iern` `ie` and `ir`. A query whose word matches nothing exactly or by
//! prefix fetches `search/v/keys.json` (the keys that have a file) and the
//! at most three files of its word's keys (term lists without postings),
//! measures the edit distance to each term there, and then fetches the
//! term shards of the few terms that are close.
//!
//! `search/v/<key>.json` is a sorted JSON list of terms; `keys.json` the
//! sorted list of keys. Built from the sorted postings in one pass, without
//! allocating per term.

use std::collections::BTreeMap;

use super::{file_key, to_json};

/// The shortest term listed (`search.js` allows no typo below four characters).
pub(super) const MIN_CHARS: usize = 4;

/// The keys of `term`, when it is listed: the two-letter subsequences of
/// its first three characters, each once.
pub(super) fn keys(term: &str) -> Option<Vec<[char; 2]>> {
    if term.chars().any(char::is_numeric) || term.chars().nth(MIN_CHARS - 1).is_none() {
        return None;
    }
    let mut chars = term.chars();
    let (a, b, c) = (chars.next()?, chars.next()?, chars.next()?);
    let mut out = vec![[a, b]];
    for k in [[a, c], [b, c]] {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    Some(out)
}

/// The files of the side index for `terms` (sorted): one per key, and
/// `search/v/keys.json`.
pub(super) fn files<'a>(terms: impl Iterator<Item = &'a String>) -> Vec<(String, Vec<u8>)> {
    let mut by_key: BTreeMap<[char; 2], Vec<&str>> = BTreeMap::new();
    for t in terms {
        if let Some(keys) = keys(t) {
            for k in keys {
                by_key.entry(k).or_default().push(t);
            }
        }
    }
    let names: Vec<String> = by_key.keys().map(|k| k.iter().collect()).collect();
    let mut out: Vec<(String, Vec<u8>)> = by_key
        .values()
        .zip(&names)
        .map(|(list, key)| (format!("search/v/{}.json", file_key(key)), to_json(list)))
        .collect();
    out.push(("search/v/keys.json".into(), to_json(&names)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(t: &str) -> Vec<String> {
        keys(t).unwrap_or_default().iter().map(|k| k.iter().collect()).collect()
    }

    #[test]
    fn a_term_is_listed_under_the_pairs_of_its_first_three_letters() {
        assert_eq!(keys_of("microsoft"), ["mi", "mc", "ic"]);
        assert_eq!(keys_of("iren"), ["ir", "ie", "re"]);
        assert_eq!(keys_of("aaab"), ["aa"]);
        // Short terms and numbers get no typo tolerance.
        assert_eq!(keys_of("gpu"), Vec::<String>::new());
        assert_eq!(keys_of("gb300"), Vec::<String>::new());
        assert_eq!(keys_of("2025"), Vec::<String>::new());
    }

    #[test]
    fn one_edit_in_the_first_letters_shares_a_key() {
        let share = |a: &str, b: &str| keys_of(a).iter().any(|k| keys_of(b).contains(k));
        for typo in ["nicrosoft", "imcrosoft", "mcirosoft", "icrosoft", "xmicrosoft", "mxcrosoft"] {
            assert!(share(typo, "microsoft"), "{typo}");
        }
        assert!(share("iern", "iren"));
        assert!(!share("zzzz", "iren"));
    }

    #[test]
    fn the_files_list_terms_by_key_and_the_keys() {
        let terms: Vec<String> = ["iren", "microsoft", "mine", "gpu", "2025"].iter().map(|s| s.to_string()).collect();
        let files: BTreeMap<String, String> =
            files(terms.iter()).into_iter().map(|(p, b)| (p, String::from_utf8(b).unwrap())).collect();
        assert_eq!(files["search/v/mi.json"], "[\"microsoft\",\"mine\"]\n");
        assert_eq!(files["search/v/ie.json"], "[\"iren\"]\n");
        assert_eq!(files["search/v/keys.json"], "[\"ic\",\"ie\",\"in\",\"ir\",\"mc\",\"mi\",\"mn\",\"re\"]\n");
        assert!(!files.contains_key("search/v/gp.json"));
    }
}
