//! Tests of the span map: locations by path, and each problem found while
//! it is built, at its node.

use super::*;

/// `(line, col, len)`, when known.
type At = Option<(u32, u32, u32)>;

/// `(line, col, len)` of the key and the value at each path, as data.
fn check_spans(text: &str, want: &[(&str, At, At)]) {
    let map = match SpanMap::build(text) {
        Ok((map, None)) => map,
        other => panic!("{text:?}: {other:?}"),
    };
    let t = |p: Option<Pos>| p.map(|p| (p.line, p.col, p.len));
    for (path, key, value) in want {
        let node = map.get(path).unwrap_or_else(|| panic!("{text:?}: no node at {path:?}"));
        assert_eq!((t(node.key), t(node.value)), (*key, *value), "{text:?} at {path:?}");
    }
}

/// Whether `text` builds a whole map, with no problem.
fn accepts(text: &str) -> bool {
    matches!(SpanMap::build(text), Ok((_, None)))
}

/// The problem `text` has, whether it refuses the text or is where the
/// reader stopped: `(problem, line, col, message)`.
fn check_error(text: &str, want: (Problem, u32, u32, &str)) {
    let e = match SpanMap::build(text) {
        Ok((_, Some(e))) | Err(e) => e,
        Ok((_, None)) => panic!("{text:?} has no problem"),
    };
    assert_eq!((e.problem, e.line, e.col, e.message.as_str()), want, "{text:?}");
}

#[test]
fn keys_and_values_are_located_by_dotted_path() {
    check_spans(
        "name: IREN\nparties:\n  - company: iren\n    role: \"borrower\"\ntags: [a, 'b c']\n",
        &[
            ("name", Some((1, 1, 4)), Some((1, 7, 4))),
            ("parties", Some((2, 1, 7)), Some((3, 3, 1))),
            ("parties.0", None, Some((3, 5, 1))),
            ("parties.0.company", Some((3, 5, 7)), Some((3, 14, 4))),
            // A quoted value's span covers its quotes.
            ("parties.0.role", Some((4, 5, 4)), Some((4, 11, 10))),
            ("tags", Some((5, 1, 4)), Some((5, 7, 1))),
            ("tags.0", None, Some((5, 8, 1))),
            ("tags.1", None, Some((5, 11, 5))),
        ],
    );
}

#[test]
fn only_plain_values_keep_their_text() {
    let (map, _) = SpanMap::build("a: 0x7EA\nb: '2026'\nc: !!str 1e3\nd: |\n  x\ne: [+2026]\n").unwrap();
    let got: Vec<Option<&str>> = ["a", "b", "c", "d", "e", "e.0"].iter().map(|p| map.plain(p)).collect();
    assert_eq!(got, [Some("0x7EA"), None, None, None, None, Some("+2026")]);
}

#[test]
fn aliases_are_located_not_expanded_and_complex_keys_have_no_path() {
    check_spans(
        "a: &x [1, 2]\nb: *x\n? [k]\n: v\n",
        &[("b", Some((2, 1, 1)), Some((2, 4, 2))), ("?", Some((3, 3, 1)), Some((4, 3, 1)))],
    );
}

#[test]
fn a_key_written_twice_is_reported_at_the_second() {
    check_error("title: T\ntitle: U\n", (Problem::DuplicateKey, 2, 1, "duplicate entry with key \"title\""));
    check_error("p:\n  - {r: a, 'r': b}\n", (Problem::DuplicateKey, 2, 12, "p[0]: duplicate entry with key \"r\""));
    // A quoted number is a string, unlike the plain one; other mappings are separate.
    assert!(accepts("1: a\n\"1\": b\nc: {1: x}\nd: {1: y}\n"));
}

#[test]
fn a_second_document_is_reported_at_its_marker() {
    let second = |m: &str| format!("a second YAML document: the fields after this `{m}` line would be ignored");
    check_error("# c\n---\ntitle: x\n---\nb: 1\n", (Problem::SecondDocument, 4, 1, &second("---")));
    check_error("title: x\n--- y\n", (Problem::SecondDocument, 2, 1, &second("---")));
    check_error("title: One\n...\ntitle: Two\n", (Problem::SecondDocument, 2, 1, &second("...")));
    // An end marker followed only by blank lines and comments is fine.
    assert!(accepts("title: One\n...\n\n# done\n"));
}

#[test]
fn integers_serde_yaml_cannot_hold_are_too_large() {
    let large = |path: &str, n: &str| {
        format!("{path}the number {n} is too large (numbers must lie between -2^63 and 2^64 - 1)")
    };
    check_error(
        "a: 1\nb:\n  - {v: 18446744073709551616}\n",
        (Problem::TooLarge, 3, 9, &large("b[0].v: ", "18446744073709551616")),
    );
    check_error("-99999999999999999999\n", (Problem::TooLarge, 1, 1, &large("", "-99999999999999999999")));
    check_error("a:\n  b: 0x10000000000000000\n", (Problem::TooLarge, 2, 6, &large("a.b: ", "0x10000000000000000")));
    // A key is reported with its mapping's path.
    check_error("a:\n  18446744073709551616: x\n", (Problem::TooLarge, 2, 3, &large("a: ", "18446744073709551616")));
    // The edges of 64 bits, quoted or tagged numbers, strings with leading
    // zeros, and what overflows 128 bits (a float to serde_yaml) all pass.
    let fine = "a: 18446744073709551615\nb: -9223372036854775808\nc: '18446744073709551616'\n\
                d: 018446744073709551616\ne: 999999999999999999999999999999999999999999\nf: 0x+1\n";
    assert!(accepts(fine));
    for (s, beyond) in
        [("-9223372036854775809", true), ("+18446744073709551616", true), ("0b1", false), ("1_000", false)]
    {
        assert_eq!(beyond_64_bits(s), beyond, "{s}");
    }
}

#[test]
fn nesting_stops_at_serde_yaml_s_limit_where_it_is_passed() {
    let deep = |n: usize| format!("a: 1\nb: {}{}\n", "[".repeat(n), "]".repeat(n));
    // The top mapping is one level: 127 brackets under it are the most.
    assert!(accepts(&deep(MAX_DEPTH - 1)));
    let message = format!("lists and mappings nest more than {MAX_DEPTH} levels deep");
    check_error(&deep(MAX_DEPTH), (Problem::TooDeep, 2, 3 + MAX_DEPTH as u32, &message));
    // Inside brackets the reader looks ahead to the closing one, and past
    // 255 levels meets its own bound first, at the 256th: the same problem,
    // found without reading the rest, on one line or on many.
    check_error(&deep(200_000), (Problem::TooDeep, 2, 3 + 256, &message));
    check_error(&format!("b:\n{}", " [\n".repeat(200_000)), (Problem::TooDeep, 257, 2, &message));
    // Block nesting counts too.
    let block: String = (0..MAX_DEPTH + 1).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    check_error(&block, (Problem::TooDeep, to_u32(MAX_DEPTH) + 1, to_u32(MAX_DEPTH) + 1, &message));
}

#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    let e = SpanMap::build("title: x\ntags: [a, b\nsummary: y\n").unwrap().1.unwrap();
    assert_eq!(
        (e.problem, e.line, e.col, e.message.as_str()),
        (Problem::Unclosed, 2, 7, "this `[` is never closed with `]`")
    );
    assert_eq!(e.stopped.map(|s| s.0), Some(3), "where the reader stopped is kept");
    // A bracket in quotes does not count.
    check_error("a: {b: \"[\", c: 1\nd: 2\n", (Problem::Unclosed, 1, 4, "this `{` is never closed with `}`"));
    // An error on the bracket's own line is the reader's.
    check_error(
        "a: [b: c: d]\n",
        (Problem::Syntax, 1, 9, "while parsing a flow mapping, did not find expected ',' or '}'"),
    );
}

#[test]
fn other_syntax_errors_are_the_reader_s_at_its_position() {
    check_error("summary: a: b\n", (Problem::Syntax, 1, 11, "mapping values are not allowed in this context"));
    let e = SpanMap::build("name: A\ntickers:\n\t- x\n").unwrap().1.unwrap();
    assert_eq!((e.problem, e.line), (Problem::Syntax, 3), "{e:?}");
    // Where the reader stops, the map keeps what came before.
    let (map, stopped) = SpanMap::build("a: 1\nb: \"x\ny\"\n").unwrap();
    assert_eq!(
        (map.key("a").map(|p| p.line), stopped.map(|e| e.message)),
        (Some(1), Some("invalid indentation in quoted scalar".into()))
    );
}
