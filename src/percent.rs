//! Percent-encoding, through the `percent-encoding` crate: which bytes an
//! output path escapes (one set, defined here), and how link paths, request
//! paths and header values are decoded or encoded. No other module spells a
//! `%XX` escape; this one only chooses sets and what to do with bad escapes.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};

/// What an output path escapes: every byte but ASCII letters, digits and
/// `/-._~` (RFC 3986's unreserved characters, and the path separator).
const PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes what may not stand in a URL path (`my chart.png` →
/// `my%20chart.png`); the result is plain ASCII.
pub fn encode_path(p: &str) -> String {
    utf8_percent_encode(p, PATH).to_string()
}

/// Decodes `%20`-style escapes in a link as written; an invalid escape is
/// kept as written, and text whose escapes are not UTF-8 is kept whole.
pub fn decode_lenient(s: &str) -> String {
    percent_decode_str(s).decode_utf8().map_or_else(|_| s.to_string(), |c| c.into_owned())
}

/// Decodes a request path; `None` when a `%` is not followed by two hex
/// digits or the bytes are not UTF-8.
pub fn decode_strict(s: &str) -> Option<String> {
    let well_formed = s
        .match_indices('%')
        .all(|(i, _)| s.get(i + 1..i + 3).is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())));
    well_formed.then(|| percent_decode_str(s).decode_utf8().ok().map(|c| c.into_owned())).flatten()
}

/// Makes any text a valid HTTP header value: ASCII without controls, the
/// rest escaped.
pub fn encode_header(value: &str) -> String {
    utf8_percent_encode(value, CONTROLS).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_escape_all_but_unreserved_bytes() {
        let table = [
            ("notes/my chart.png", "notes/my%20chart.png"),
            ("a/é.png", "a/%C3%A9.png"),
            ("A-z_0.9~/x", "A-z_0.9~/x"),
            ("100%#?&+", "100%25%23%3F%26%2B"),
        ];
        for (input, want) in table {
            assert_eq!(encode_path(input), want, "{input}");
        }
    }

    #[test]
    fn lenient_decoding_keeps_what_it_cannot_decode() {
        let table = [("a%20b.md", "a b.md"), ("100%", "100%"), ("%zz", "%zz"), ("%C3%A9", "é"), ("%FF%20", "%FF%20")];
        for (input, want) in table {
            assert_eq!(decode_lenient(input), want, "{input}");
        }
    }

    #[test]
    fn strict_decoding_refuses_bad_escapes() {
        let table = [
            ("b%20c.png", Some("b c.png")),
            ("100%", None),
            ("%2", None),
            ("%zz", None),
            ("%FF", None),
            ("é", Some("é")),
        ];
        for (input, want) in table {
            assert_eq!(decode_strict(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn header_values_are_ascii_without_controls() {
        assert_eq!(encode_header("/a b/é\n"), "/a b/%C3%A9%0A");
    }
}
