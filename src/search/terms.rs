//! What a text's search terms are, the same in `search.js`: lower-cased
//! runs of letters, marks and digits of two characters or more, but for a
//! few English stop words, and runs of the scripts written without spaces
//! (Chinese, Japanese, Thai…) and of Korean as the pairs of neighbours
//! they are made of.

pub use crate::model::is_word_char;

/// Words too common to search for (`search.js` has the same list).
pub(super) fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "an" | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "this"
            | "to"
            | "was"
            | "were"
            | "which"
            | "with"
    )
}

/// The terms of a text: lower-cased runs of letters and digits, at least two
/// characters long, without stop words; a run of an unspaced script gives
/// its bigrams instead ([`word_terms`]).
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !is_word_char(c)).flat_map(|w| {
        let mut out = Vec::new();
        word_terms(w, &mut |t| out.push(t.to_string()));
        out
    })
}

/// Whether `c` belongs to a script written without spaces between words,
/// or whose words take endings without one: Han ideographs (with `々`,
/// `〆` and `〇`), hiragana, katakana (full and half width), Hangul, Thai,
/// Lao, Myanmar and Khmer.
pub fn is_unspaced(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0E00..=0x0EFF
            | 0x1000..=0x109F
            | 0x1100..=0x11FF
            | 0x1780..=0x17FF
            | 0x19E0..=0x19FF
            | 0x3005..=0x3007
            | 0x3040..=0x30FF
            | 0x3130..=0x318F
            | 0x31F0..=0x31FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA960..=0xA97F
            | 0xA9E0..=0xA9FF
            | 0xAA60..=0xAA7F
            | 0xAC00..=0xD7FF
            | 0xF900..=0xFAFF
            | 0xFF66..=0xFF9F
            | 0x20000..=0x3134F
    )
}

/// Calls `f` with the terms of one word (a run of [`is_word_char`]), in
/// Unicode's composed form (NFC): the word lower-cased, when it has two characters or more and is no stop
/// word. Its runs of unspaced scripts ([`is_unspaced`]) and the parts
/// between them are taken apart; such a run gives each pair of
/// neighbouring characters, or its one character alone, as Lucene's
/// `CJKBigramFilter` and Elasticsearch's `cjk_bigram` do for Chinese,
/// Japanese and Korean: with no space between words a run is a whole
/// clause, and a query's words are found as the pairs they are made of.
pub fn word_terms(word: &str, f: &mut impl FnMut(&str)) {
    // Decomposed text (from macOS) is composed first, so `동` is one character.
    let word = crate::model::nfc(word);
    let mut rest = &*word;
    while let Some(first) = rest.chars().next() {
        let unspaced = is_unspaced(first);
        let end = rest.char_indices().find(|&(_, c)| is_unspaced(c) != unspaced).map_or(rest.len(), |(i, _)| i);
        let (part, after) = rest.split_at(end);
        rest = after;
        if unspaced {
            let starts: Vec<usize> = part.char_indices().map(|(i, _)| i).chain([part.len()]).collect();
            match starts.len() {
                2 => f(part),
                _ => starts.windows(3).for_each(|w| f(&part[w[0]..w[2]])),
            }
        } else if part.chars().nth(1).is_some() {
            let lower = part.to_lowercase();
            if !is_stop_word(&lower) {
                f(&lower);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_lowercased_words_without_stop_words() {
        let t: Vec<String> = terms("The IREN–Microsoft deal: US$9.7B, a 5-year GB300 contract. Zürich").collect();
        assert_eq!(t, ["iren", "microsoft", "deal", "us", "7b", "year", "gb300", "contract", "zürich"]);
    }

    /// Hindi's vowel signs and Thai's tone marks are marks, not letters:
    /// words of those scripts stay whole (Thai's, unspaced, as pairs).
    #[test]
    fn marks_stay_in_their_words() {
        let t: Vec<String> = terms("हिन्दी भाषा বাংলা ที่นี่").collect();
        // Decomposed text is composed first: 동적 as jamo gives the pair 동적.
        assert_eq!(
            terms("\u{1103}\u{1169}\u{11BC}\u{110C}\u{1165}\u{11A8} cafe\u{301}").collect::<Vec<_>>(),
            ["동적", "café"]
        );
        // ที่นี่ is ท, ี, ่, น, ี, ่: five pairs.
        assert_eq!(t, ["हिन्दी", "भाषा", "বাংলা", "ที", "ี่", "่น", "นี", "ี่"]);
        assert!(is_word_char('ि') && is_word_char('่') && is_word_char('²') && !is_word_char('·') && !is_word_char('฿'));
    }

    #[test]
    fn a_cjk_run_gives_its_pairs_and_a_lone_character_itself() {
        let t: Vec<String> = terms("全文検索 猫 GPU服务器很贵 검색을 ｶﾀｶﾅ 々 The漢字").collect();
        assert_eq!(
            t,
            [
                "全文", "文検", "検索", "猫", "gpu", "服务", "务器", "器很", "很贵", "검색", "색을", "ｶﾀ", "ﾀｶ", "ｶﾅ",
                "々", "漢字"
            ]
        );
    }
}
