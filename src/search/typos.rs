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

use foldhash::{HashMap, HashMapExt as _};

use super::{file_key, to_json};

/// The keys of `term`, when it is listed (four characters or more, no
/// digit: `search.js` allows no typo below four characters): the
/// two-letter subsequences of its first three characters, each once, and
/// how many there are.
pub(super) fn keys(term: &str) -> Option<([[char; 2]; 3], usize)> {
    let mut chars = term.chars();
    let (a, b, c) = (chars.next()?, chars.next()?, chars.next()?);
    chars.next()?;
    if term.chars().any(char::is_numeric) {
        return None;
    }
    let mut out = [[a, b]; 3];
    let mut n = 1;
    for k in [[a, c], [b, c]] {
        if !out[..n].contains(&k) {
            out[n] = k;
            n += 1;
        }
    }
    Some((out, n))
}

/// The files of the side index for `terms` (sorted): one per key, and
/// `search/v/keys.json`.
pub(super) fn files<'a>(terms: impl Iterator<Item = &'a str>) -> Vec<(String, Vec<u8>)> {
    let mut by_key: HashMap<[char; 2], Vec<&str>> = HashMap::new();
    for t in terms {
        if let Some((keys, n)) = keys(t) {
            for k in &keys[..n] {
                by_key.entry(*k).or_default().push(t);
            }
        }
    }
    // Terms come sorted, so each list is; the keys are sorted here.
    let mut by_key: Vec<([char; 2], Vec<&str>)> = by_key.into_iter().collect();
    by_key.sort_unstable_by_key(|(k, _)| *k);
    let names: Vec<String> = by_key.iter().map(|(k, _)| k.iter().collect()).collect();
    let mut out: Vec<(String, Vec<u8>)> = by_key
        .iter()
        .zip(&names)
        .map(|((_, list), key)| (format!("search/v/{}.json", file_key(key)), json_list(list)))
        .collect();
    out.push(("search/v/keys.json".into(), to_json(&names)));
    out
}

/// `["a","b"]` and a newline. Terms are letters only: nothing to escape,
/// for JSON or for HTML.
fn json_list(list: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(list.iter().map(|t| t.len() + 3).sum::<usize>() + 3);
    out.push(b'[');
    for (i, t) in list.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(t.as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b"]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(t: &str) -> Vec<String> {
        keys(t).map_or(Vec::new(), |(k, n)| k[..n].iter().map(|k| k.iter().collect()).collect())
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
        let files: std::collections::BTreeMap<String, String> = files(terms.iter().map(String::as_str))
            .into_iter()
            .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
            .collect();
        assert_eq!(files["search/v/mi.json"], "[\"microsoft\",\"mine\"]\n");
        assert_eq!(files["search/v/ie.json"], "[\"iren\"]\n");
        assert_eq!(files["search/v/keys.json"], "[\"ic\",\"ie\",\"in\",\"ir\",\"mc\",\"mi\",\"mn\",\"re\"]\n");
        assert!(!files.contains_key("search/v/gp.json"));
    }
}
