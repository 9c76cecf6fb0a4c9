use super::*;

fn decls(yaml: &str) -> Vec<KindDecl> {
    serde_yaml::from_str(yaml).unwrap()
}

fn people() -> Kinds {
    Kinds::new(&decls("- {name: person, plural: people, fields: {role: {type: text, required: true}}}")).unwrap()
}

#[test]
fn kinds_come_from_folders() {
    let k = people();
    let of = |p: &str| k.of_path(Path::new(p));
    assert_eq!(of("companies/iren.md"), EntityKind::Company);
    assert_eq!(of("deals/x.md"), EntityKind::Deal);
    assert_eq!(of("topics/t.md"), EntityKind::Topic);
    assert_eq!(of("_index.md"), EntityKind::Home);
    assert_eq!(of("Index.md"), EntityKind::Home);
    assert_eq!(of("notes/index.md"), EntityKind::Note);
    assert_eq!(of("companies.md"), EntityKind::Note);
    assert_eq!(of("notes/a/b.md"), EntityKind::Note);
    assert_eq!(of("people/ada.md"), EntityKind::Custom(0));
    assert_eq!(of("people.md"), EntityKind::Note);
    assert_eq!(Kinds::default().of_path(Path::new("people/ada.md")), EntityKind::Note);
}

#[test]
fn a_declared_kind_gets_its_names_index_letter_and_fields() {
    let k = people();
    let p = k.def(EntityKind::Custom(0));
    assert_eq!((p.name, p.plural, p.label, p.folder), ("person", "people", "Person", Some("people")));
    assert_eq!(p.index, Some(IndexDef { path: "people/", title: "People", template: "people.html" }));
    assert_eq!((p.template, p.letter), ("person.html", 'p'));
    assert_eq!(p.declared().len(), 1);
    assert_eq!((p.declared()[0].name.as_ref(), p.declared()[0].required), ("role", true));
    assert!(p.field_names().contains(&"title"), "a declared kind has a note's fields");
    assert_eq!(k.by_name("person").map(|d| d.kind), Some(EntityKind::Custom(0)));
    assert_eq!(k.names(), ["company", "deal", "topic", "note", "person"]);
    let paths: Vec<&str> = k.indexed().map(|(_, i)| i.path).collect();
    assert_eq!(paths, ["companies/", "deals/", "topics/", "notes/", "people/"]);
}

#[test]
fn letters_default_to_a_free_one_of_the_name() {
    // `c`, `d`, `t` and `n` are taken: `contract` gets `o`, `drone` then `r`.
    let k = Kinds::new(&decls("- {name: contract}\n- {name: drone, letter: null}\n- {name: tnt, letter: x}")).unwrap();
    let letters: String = k.all().skip(5).map(|d| d.letter).collect();
    assert_eq!(letters, "orx");
    assert_eq!(k.def(EntityKind::Custom(1)).folder, Some("drones"));
}

#[test]
fn bad_declarations_are_located() {
    let check = |yaml: &str, at: &str, msg: &str| {
        let e = Kinds::new(&decls(yaml)).unwrap_err();
        assert_eq!(e.at, at, "{yaml}: {e:?}");
        assert!(e.message.contains(msg), "{yaml}: {e:?}");
    };
    check("- {name: Person}", "kinds.0.name", "not a kind name");
    check("- {name: company}", "kinds.0.name", "the kind `company` already has this name");
    check("- {name: x, plural: topics}", "kinds.0.plural", "already has this name");
    check("- {name: tag}", "kinds.0", "`/tags/` is a page pivotbook generates");
    check("- {name: a, folder: deals}", "kinds.0.folder", "already holds the kind `deal`");
    check("- {name: a}\n- {name: b, folder: as}", "kinds.1.folder", "already holds the kind `a`");
    check("- {name: a, letter: c}", "kinds.0.letter", "another kind has the letter `c`");
    check("- {name: a, letter: C}", "kinds.0.letter", "not a lower-case letter");
    check("- {name: a, fields: {title: {type: text}}}", "kinds.0.fields.title", "every page of the kind has already");
    check("- {name: a, fields: {Bad: {type: text}}}", "kinds.0.fields.Bad", "not a field name");
}
