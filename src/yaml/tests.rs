//! Unit tests of front matter reading: locations, syntax errors, bounds, and lenient reading.

use super::*;
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Party {
    company: Option<String>,
    role: Option<String>,
}

fn fm(text: &str) -> FrontMatter {
    FrontMatter::parse(text, Path::new("c.md"), 2).unwrap()
}

#[test]
fn values_are_located_at_their_own_line() {
    let mut f = fm("name: IREN\nparties:\n  - company: iren\n    rol: borrower\n");
    let parties: Vec<(usize, Party)> = f.list("parties");
    assert!(parties.is_empty());
    let name: Option<String> = f.req("name", "");
    assert_eq!(name.as_deref(), Some("IREN"));
    let d = f.finish(&["name", "parties"], Severity::Error);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].span.line, d[0].span.col), (5, 5));
    assert_eq!(d[0].help.as_deref(), Some("did you mean `role`?"));
}

#[test]
fn unknown_keys_get_did_you_mean() {
    let f = fm("nmae: x\n");
    let d = f.finish(&["name", "summary"], Severity::Error);
    assert_eq!(d[0].code, "unknown-field");
    assert_eq!((d[0].span.line, d[0].span.col, d[0].span.len), (2, 1, 4));
    assert_eq!(d[0].help.as_deref(), Some("did you mean `name`?"));
}

#[test]
fn wrong_type_points_at_value() {
    let mut f = fm("a: 1\nname:\n  - x\n");
    let _: Option<String> = f.opt("name");
    let d = f.finish(&["a", "name"], Severity::Error);
    assert_eq!(d[0].code, "invalid-field");
    assert_eq!(d[0].span.line, 4);
}

#[test]
fn syntax_errors_are_file_lines() {
    let e = FrontMatter::parse("a: 1\nb: [\n", Path::new("x.md"), 2).unwrap_err();
    assert_eq!(e.code, "yaml-syntax");
    assert!(e.span.line >= 3, "{e:?}");
    let e = FrontMatter::parse("a: 1\na: 2\n", Path::new("x.md"), 2).unwrap_err();
    assert!(e.message.contains("duplicate"), "{e:?}");
    assert_eq!(e.span.line, 3);
}

#[test]
fn numbers_beyond_64_bits_are_too_large_at_their_line() {
    let e = FrontMatter::parse("a: 1\nb:\n  - {v: 18446744073709551616}\n", Path::new("x.md"), 2).unwrap_err();
    assert_eq!((e.code, e.span.line), ("number-too-large", 4));
    assert_eq!(e.message, "invalid YAML: b[0].v: the number 18446744073709551616 is too large (numbers must lie between -2^63 and 2^64 - 1)");
    let e = FrontMatter::parse("-99999999999999999999\n", Path::new("x.md"), 2).unwrap_err();
    assert_eq!(e.code, "number-too-large");
    assert!(FrontMatter::parse("a: 18446744073709551615\nb: -9223372036854775808\n", Path::new("x.md"), 2).is_ok());
}

#[test]
fn nesting_too_deep_is_refused_at_the_level_past_the_limit() {
    let deep = |n: usize| format!("a: 1\nb: {}{}\n", "[".repeat(n), "]".repeat(n));
    assert!(FrontMatter::parse(&deep(100), Path::new("x.md"), 2).is_ok());
    let e = FrontMatter::parse(&deep(200_000), Path::new("x.md"), 2).unwrap_err();
    // Where the reader stops looking ahead on this line: the 256th bracket.
    assert_eq!((e.code, e.span.line, e.span.col), ("yaml-syntax", 3, 3 + 256));
    assert!(e.message.contains("nest more than 128 levels"), "{}", e.message);
    // Quoted and commented brackets, and apostrophes in words, do not count.
    let text = format!("t: IREN's [x]\nq: '{0}'\nr: \"{0}\"\n# {0}\ns: ['it''s', \"a\\\"b\"]\n", "[".repeat(300));
    assert!(FrontMatter::parse(&text, Path::new("x.md"), 2).is_ok());
}

#[test]
fn a_second_document_is_located_at_its_marker() {
    // Found by the front_matter fuzz target (config file): no line at all.
    let e = FrontMatter::parse("# c\n---\ntitle: x\n---\nb: 1\n", Path::new("p.yaml"), 1).unwrap_err();
    assert_eq!(e.span.line, 4, "{e:?}");
    let e = FrontMatter::parse("title: x\n--- y\n", Path::new("a.md"), 2).unwrap_err();
    assert_eq!(e.span.line, 3, "{e:?}");
    // libyaml ends lines at U+2028 too (found by the front_matter fuzz target).
    let e = FrontMatter::parse("a: x\u{2028}\u{2028}\u{2028}y\nb: [\n", Path::new("a.md"), 2).unwrap_err();
    assert!((2..=4).contains(&e.span.line), "a line of the file: {e:?}");
    // serde_yaml says "more than one document" here too; no marker to point at.
    let e = FrontMatter::parse("&a]", Path::new("p.yaml"), 1).unwrap_err();
    assert_eq!(e.span.line, 1, "{e:?}");
}

#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    let e = FrontMatter::parse("title: x\ntags: [a, b\nsummary: y\n", Path::new("a.md"), 2).unwrap_err();
    assert_eq!((e.span.line, e.span.col), (3, 7), "{e:?}");
    assert!(e.message.contains("this `[` is never closed with `]`"), "{e:?}");
    let e = FrontMatter::parse("a: {b: \"[\", c: 1\nd: 2\n", Path::new("a.md"), 1).unwrap_err();
    assert_eq!((e.span.line, e.span.col), (1, 4), "a bracket in quotes does not count: {e:?}");
}

#[test]
fn fields_after_an_end_marker_are_a_second_document() {
    let e = FrontMatter::parse("title: One\n...\ntitle: Two\n", Path::new("a.md"), 2).unwrap_err();
    assert_eq!((e.code, e.span.line), ("yaml-syntax", 3), "{e:?}");
    assert!(e.message.contains("second YAML document"), "{e:?}");
    // An end marker followed only by blank lines and comments is fine.
    assert!(FrontMatter::parse("title: One\n...\n\n# done\n", Path::new("a.md"), 2).is_ok());
}

#[test]
fn what_only_serde_yaml_accepts_is_read_with_the_spans_found_before() {
    // A quoted value continued at the key's indentation: YAML 1.2 (saphyr)
    // refuses it, libyaml accepts it, as pivotbook always has.
    let mut f = fm("name: IREN\nsummary: \"one\ntwo\"\nrole: x\n");
    assert_eq!(f.opt::<String>("summary").as_deref(), Some("one two"));
    assert_eq!((f.span("name").line, f.span("role").line), (2, 1), "located before, `---` after");
    // Refused by both: saphyr's error, located.
    let e = FrontMatter::parse("a: 1\nb: \"x\ny\": [\n", Path::new("x.md"), 2).unwrap_err();
    assert_eq!((e.code, e.span.line), ("yaml-syntax", 3), "{e:?}");
    // With more brackets than saphyr has seen, serde_yaml is not asked
    // (its time grows with the square of their depth): saphyr's located
    // error stands. (Its speed is bench/pathological.py's, not a test's.)
    let deep = format!("a: \"x\ny\"\nb: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
    let e = FrontMatter::parse(&deep, Path::new("x.md"), 2).unwrap_err();
    assert_eq!((e.span.line, e.span.col), (2, 4), "{e:?}");
}

#[test]
fn alias_bombs_are_bounded() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
        bomb.push_str(&format!(
            "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    assert!(FrontMatter::parse(&bomb, Path::new("x.md"), 2).is_err());
}

#[test]
fn non_mapping_is_an_error() {
    let e = FrontMatter::parse("# a list\n- a\n- b\n", Path::new("x.md"), 2).unwrap_err();
    assert_eq!((e.span.line, e.span.col), (3, 1), "at the list: {e:?}");
    assert!(e.message.contains("found a list"), "{e:?}");
    assert!(FrontMatter::parse("", Path::new("x.md"), 2).is_ok());
}

#[test]
fn lenient_reading_skips_what_does_not_decode_with_warnings() {
    let text = "tags:\n  - \n  - a\n  - [x]\ndate: \"{{date}}\"\ntitle: {{title}}\nrating: 4\nup: \"[[A]]\"\nlist: [1, null, b]\nnone:\n";
    let mut f = fm(text).lenient();
    let tags: Vec<(usize, String)> = f.list("tags");
    assert_eq!(tags, vec![(1, "a".to_string())], "the empty item is dropped, the list skipped");
    assert_eq!(f.opt::<String>("date"), None);
    assert_eq!(f.opt::<String>("title"), None);
    let props = f.properties(&["tags", "date", "title"]);
    let kv: Vec<(String, Vec<String>)> =
        props.iter().map(|p| (p.key.clone(), p.values.iter().map(|v| v.0.clone()).collect())).collect();
    assert_eq!(
        kv,
        vec![
            ("rating".to_string(), vec!["4".to_string()]),
            ("up".to_string(), vec!["[[A]]".to_string()]),
            ("list".to_string(), vec!["1".to_string(), "b".to_string()]),
        ]
    );
    assert_eq!((props[1].span.line, props[1].values[0].1.line), (9, 9));
    let d = f.finish(&["tags", "date", "title"], Severity::Warning);
    let got: Vec<(&str, u32, Severity)> = d.iter().map(|d| (d.code, d.span.line, d.severity)).collect();
    assert_eq!(
        got[..3],
        [
            ("invalid-property", 5, Severity::Warning),
            ("invalid-property", 6, Severity::Warning),
            ("invalid-property", 7, Severity::Warning),
        ]
    );
    // Not lenient: the same text is an error, and the empty item too.
    let mut f = fm(text);
    let _: Vec<(usize, String)> = f.list("tags");
    let d = f.finish(&["tags"], Severity::Warning);
    assert_eq!((d[0].code, d[0].severity, d[0].span.line), ("invalid-field", Severity::Error, 3));
}

#[test]
fn a_colon_in_a_list_item_gets_a_hint() {
    // Found on a public vault: `- Opener: New Tab by Default` as an alias.
    let mut f = fm("aliases:\n- Opener: New Tab by Default\n").lenient();
    let _: Vec<(usize, crate::model::fields::Text)> = f.list("aliases");
    let d = f.finish(&["aliases"], Severity::Warning);
    assert_eq!((d[0].code, d[0].span.line), ("invalid-property", 3));
    assert_eq!(d[0].help.as_deref(), Some("YAML reads `key: value` as a mapping: put the text in quotes"));
}

#[test]
fn a_placeholder_is_a_value_made_of_placeholders_alone() {
    let text = |s: &str| Value::String(s.into());
    for template in ["{{date}}", "{{date}} {{time}}", " {{date:YYYY-MM-DD}} ", "[{{title}}]"] {
        assert_eq!(placeholder(&text(template)).as_deref(), Some(template), "{template}");
    }
    // Titles from a public vault that speak of placeholders are text.
    for title in [
        "Retell `{{from_number}}` NO se auto-sustituye en argumentos de tool",
        "n8n code nodes no interpolan {{ }} — al migrar el body va como objeto",
        "Meeting {{date}}",
        "{{ unclosed",
        "plain",
    ] {
        assert_eq!(placeholder(&text(title)), None, "{title}");
    }
}
