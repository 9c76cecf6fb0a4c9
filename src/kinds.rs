//! Page kinds: the one registry of what a kind of page is.
//!
//! [`Kinds`] holds one [`KindDef`] per kind: the built-in ones (companies,
//! deals, topics, notes and the home page, in `kinds/builtin`) and the ones a
//! site declares under `kinds:` in `pivotbook.yaml` ([`KindDecl`]). An entry
//! says everything the rest of the pipeline needs to know about a kind: its
//! folder (so `load` knows a file's kind), its names, its fields (which
//! `model` accepts and checks and `pivotbook new` writes its template from),
//! its page template, its index page (path, title, template), and its letter
//! in the link graph's files. [`crate::load::EntityKind`] stays the identity
//! of a kind (and of the reader `model` decodes it with); this module holds
//! its data, so adding a kind is one entry here plus its templates.
//!
//! A declared kind's pages are read like notes (title, description, date,
//! tags, topics…) plus its declared fields, each checked against its type;
//! its page template is `<name>.html`, falling back to the note's, and its
//! index at `/<folder>/` is `<plural>.html`, falling back to the notes'.
//!
//! This module does no I/O; `config` reads the declarations and reports
//! problems in them at their line.

mod builtin;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::load::EntityKind;

/// What a field holds. Declared kinds use the first six; the rest describe
/// the built-in kinds' richer fields (for `new`'s templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    Date,
    /// An absolute http(s) URL.
    Url,
    /// A list of texts.
    List,
    /// A list of references to other pages.
    Pages,
    /// One of these values.
    OneOf(&'static [&'static str]),
    /// Any of these values, as a list.
    ManyOf(&'static [&'static str]),
    /// A list of mappings, shaped like the example.
    Records(&'static str),
    /// One mapping, shaped like the example.
    Record(&'static str),
}

impl FieldType {
    /// Whether the value is a list (written `[]` when empty).
    pub fn is_list(self) -> bool {
        matches!(self, FieldType::List | FieldType::Pages | FieldType::ManyOf(_) | FieldType::Records(_))
    }

    /// A placeholder value, as `new` writes it for an optional field.
    pub fn example(self) -> Cow<'static, str> {
        match self {
            FieldType::Text => "\"…\"".into(),
            FieldType::Number => "0".into(),
            FieldType::Boolean => "true".into(),
            FieldType::Date => "YYYY-MM-DD".into(),
            FieldType::Url => "\"https://…\"".into(),
            FieldType::OneOf(values) => values.first().copied().unwrap_or("").into(),
            FieldType::Record(example) => example.into(),
            FieldType::List | FieldType::Pages | FieldType::ManyOf(_) | FieldType::Records(_) => "[]".into(),
        }
    }
}

/// What `new` fills a field with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Nothing: left empty if required, commented out otherwise.
    Nothing,
    /// The title given on the command line.
    Title,
    /// Today's date.
    Today,
}

/// One front matter field of a kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// The key (`role`).
    pub name: Cow<'static, str>,
    /// What it holds.
    pub ty: FieldType,
    /// Whether a page must give it.
    pub required: bool,
    /// One line for whoever fills it in (a comment in `new`'s template).
    pub help: Cow<'static, str>,
    /// What `new` fills it with.
    pub fill: Fill,
    /// Whether `new` writes it (not for alternative spellings).
    pub in_template: bool,
}

/// A kind's generated index page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexDef {
    /// Its site path (`companies/`).
    pub path: &'static str,
    /// Its title (`Companies`).
    pub title: &'static str,
    /// The template that renders it.
    pub template: &'static str,
}

/// Everything about one kind of page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindDef {
    /// Its identity, and the reader `model` decodes it with.
    pub kind: EntityKind,
    /// Singular name, as in URLs, templates and `pivotbook new <name>`.
    pub name: &'static str,
    /// Plural name (`companies`).
    pub plural: &'static str,
    /// Capitalised singular, for people (`Company`).
    pub label: &'static str,
    /// The folder of the content folder its files sit in (and `new` writes to).
    pub folder: Option<&'static str>,
    /// Its index page, if it has one.
    pub index: Option<IndexDef>,
    /// The template of its pages (when the theme has it; else the note's).
    pub template: &'static str,
    /// Its letter in the link graph's files.
    pub letter: char,
    /// Every front matter field it accepts.
    pub fields: Vec<FieldDef>,
    /// How many of `fields`, at the end, the site declared (0 for a built-in kind).
    pub declared: usize,
}

impl KindDef {
    /// The names of its fields.
    pub fn field_names(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.name.as_ref()).collect()
    }

    /// The fields the site declared for it (none for a built-in kind).
    pub fn declared(&self) -> &[FieldDef] {
        &self.fields[self.fields.len().saturating_sub(self.declared)..]
    }
}

/// The kinds of one site: the built-in ones, then those it declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kinds {
    defs: Vec<KindDef>,
}

impl Default for Kinds {
    fn default() -> Kinds {
        Kinds { defs: builtin::kinds() }
    }
}

/// A kind as declared in `pivotbook.yaml`:
/// `kinds: [{name: person, plural: people, fields: {role: {type: text, required: true}}}]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KindDecl {
    /// Singular name (`person`): lower-case letters, digits and `-`.
    pub name: String,
    /// Plural name (`people`); default: the name and `s`.
    pub plural: Option<String>,
    /// Folder of the content folder; default: the plural.
    pub folder: Option<String>,
    /// Title of the index page; default: the plural, capitalised.
    pub title: Option<String>,
    /// Letter in the link graph's files; default: the first of the name's
    /// letters no other kind uses.
    pub letter: Option<char>,
    /// Fields beyond a note's, by name.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldDecl>,
}

/// A declared field.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDecl {
    /// What it holds.
    #[serde(rename = "type")]
    pub ty: DeclType,
    /// Whether every page of the kind must give it.
    #[serde(default)]
    pub required: bool,
    /// One line of help, shown with a missing value and in `new`'s template.
    #[serde(default)]
    pub help: String,
}

/// The types a declared field may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeclType {
    /// One line of text.
    Text,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A date.
    Date,
    /// An absolute http(s) URL.
    Url,
    /// A list of texts.
    List,
}

impl From<DeclType> for FieldType {
    fn from(t: DeclType) -> FieldType {
        match t {
            DeclType::Text => FieldType::Text,
            DeclType::Number => FieldType::Number,
            DeclType::Boolean => FieldType::Boolean,
            DeclType::Date => FieldType::Date,
            DeclType::Url => FieldType::Url,
            DeclType::List => FieldType::List,
        }
    }
}

/// A problem in a declaration: where (a path into the YAML such as
/// `kinds.0.folder`), what, and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclError {
    /// The YAML path of the value at fault.
    pub at: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// Folders the site writes generated pages to: no kind may live there.
const RESERVED_FOLDERS: &[&str] = &["tags", "search", "graph", "totals", "timeline", "data", "vendor"];

impl Kinds {
    /// The built-in kinds and the declared ones. A declared name is kept for
    /// the whole run as `&'static str`, as the built-in names are (a few
    /// bytes per kind each time the configuration is read).
    pub fn new(decls: &[KindDecl]) -> Result<Kinds, DeclError> {
        let mut kinds = Kinds::default();
        for (i, d) in decls.iter().enumerate() {
            let def = kinds.declared_kind(i, d)?;
            kinds.defs.push(def);
        }
        Ok(kinds)
    }

    fn declared_kind(&self, i: usize, d: &KindDecl) -> Result<KindDef, DeclError> {
        let err = |key: &str, message: String, help: &str| DeclError {
            at: if key.is_empty() { format!("kinds.{i}") } else { format!("kinds.{i}.{key}") },
            message,
            help: Some(help.to_string()).filter(|h| !h.is_empty()),
        };
        let plain = |s: &str| {
            !s.is_empty()
                && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && s.starts_with(|c: char| c.is_ascii_lowercase())
        };
        let name = d.name.trim();
        if !plain(name) {
            return Err(err(
                "name",
                format!("`{name}` is not a kind name"),
                "use lower-case letters, digits and `-`, starting with a letter, e.g. `person`",
            ));
        }
        let plural = d.plural.clone().unwrap_or_else(|| format!("{name}s"));
        if !plain(&plural) {
            return Err(err(
                "plural",
                format!("`{plural}` is not a kind's plural"),
                "use lower-case letters, digits and `-`, e.g. `people`",
            ));
        }
        let folder = d.folder.clone().unwrap_or_else(|| plural.clone());
        if !plain(&folder) {
            return Err(err(
                "folder",
                format!("`{folder}` is not a folder name"),
                "name one folder of the content folder, in lower case, e.g. `people`",
            ));
        }
        for other in &self.defs {
            if [other.name, other.plural].contains(&name) || [other.name, other.plural].contains(&plural.as_str()) {
                let key = if [other.name, other.plural].contains(&name) { "name" } else { "plural" };
                return Err(err(
                    key,
                    format!("the kind `{}` already has this name", other.name),
                    "give each kind its own name and plural",
                ));
            }
            if other.folder == Some(folder.as_str()) {
                let key = if d.folder.is_some() { "folder" } else { "" };
                return Err(err(
                    key,
                    format!("the folder `{folder}/` already holds the kind `{}`", other.name),
                    "give the kind a folder of its own with `folder:`",
                ));
            }
        }
        if RESERVED_FOLDERS.contains(&folder.as_str()) {
            let key = if d.folder.is_some() { "folder" } else { "" };
            return Err(err(
                key,
                format!("`/{folder}/` is a page pivotbook generates"),
                "choose another folder with `folder:`",
            ));
        }
        let taken: Vec<char> = self.defs.iter().map(|k| k.letter).collect();
        let letter = match d.letter {
            Some(c) if !c.is_ascii_lowercase() => {
                return Err(err("letter", format!("`{c}` is not a lower-case letter"), "choose a letter from a to z"))
            }
            Some(c) if taken.contains(&c) => {
                let free: String = ('a'..='z').filter(|c| !taken.contains(c)).collect();
                return Err(err(
                    "letter",
                    format!("another kind has the letter `{c}`"),
                    &format!("free letters: {free}"),
                ));
            }
            Some(c) => c,
            None => {
                name.chars().chain('a'..='z').find(|c| c.is_ascii_lowercase() && !taken.contains(c)).ok_or_else(
                    || err("", "every letter from a to z is another kind's".into(), "declare fewer kinds"),
                )?
            }
        };
        let mut fields = builtin::note_fields();
        for (key, f) in &d.fields {
            let at = format!("fields.{key}");
            if !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') || key.is_empty() {
                return Err(err(&at, format!("`{key}` is not a field name"), "use lower-case letters, digits and `_`"));
            }
            if fields.iter().any(|x| x.name == key.as_str()) {
                return Err(err(
                    &at,
                    format!("`{key}` is a field every page of the kind has already"),
                    "give the field another name",
                ));
            }
            let ty = FieldType::from(f.ty);
            fields.push(FieldDef {
                name: Cow::Owned(key.clone()),
                ty,
                required: f.required,
                help: Cow::Owned(f.help.clone()),
                fill: Fill::Nothing,
                in_template: true,
            });
        }
        let n = u16::try_from(i).map_err(|_| err("", "too many kinds".into(), ""))?;
        let capitalised = |s: &str| s[..1].to_uppercase() + &s[1..];
        let title = d.title.clone().unwrap_or_else(|| capitalised(&plural));
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        Ok(KindDef {
            kind: EntityKind::Custom(n),
            label: leak(capitalised(name)),
            template: leak(format!("{name}.html")),
            index: Some(IndexDef {
                path: leak(format!("{folder}/")),
                title: leak(title),
                template: leak(format!("{plural}.html")),
            }),
            name: leak(name.to_string()),
            plural: leak(plural),
            folder: Some(leak(folder)),
            letter,
            declared: d.fields.len(),
            fields,
        })
    }

    /// The entry of a kind.
    pub fn def(&self, kind: EntityKind) -> &KindDef {
        let i = match kind {
            EntityKind::Company => 0,
            EntityKind::Deal => 1,
            EntityKind::Topic => 2,
            EntityKind::Note => 3,
            EntityKind::Home => 4,
            EntityKind::Custom(n) => 5 + usize::from(n),
        };
        // Only a kind of another site's registry is missing: read it as a note.
        self.defs.get(i).unwrap_or(&self.defs[3])
    }

    /// Every kind, built-in first, in the order of the site's navigation.
    pub fn all(&self) -> impl Iterator<Item = &KindDef> {
        self.defs.iter()
    }

    /// The kinds with an index page, in navigation order.
    pub fn indexed(&self) -> impl Iterator<Item = (&KindDef, &IndexDef)> {
        self.defs.iter().filter_map(|k| k.index.as_ref().map(|i| (k, i)))
    }

    /// The kind named `name` (singular, as `pivotbook new` takes it).
    pub fn by_name(&self, name: &str) -> Option<&KindDef> {
        self.defs.iter().find(|k| k.name == name && k.kind != EntityKind::Home)
    }

    /// The names `pivotbook new` takes.
    pub fn names(&self) -> Vec<&'static str> {
        self.defs.iter().filter(|k| k.kind != EntityKind::Home).map(|k| k.name).collect()
    }

    /// The singular name of a kind.
    pub fn name(&self, kind: EntityKind) -> &'static str {
        self.def(kind).name
    }

    /// The kind of a markdown file at `rel` (relative to the content
    /// folder): the home page at the top, a kind's page in its folder, and
    /// a note anywhere else.
    pub fn of_path(&self, rel: &Path) -> EntityKind {
        let mut comps = rel.components();
        let first = comps.next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
        let nested = comps.next().is_some();
        if !nested {
            // A vault's index note is its home page.
            let home = first == "_index.md" || first.eq_ignore_ascii_case("index.md");
            return if home { EntityKind::Home } else { EntityKind::Note };
        }
        self.defs
            .iter()
            .find(|k| k.folder == Some(first) && k.kind != EntityKind::Note)
            .map_or(EntityKind::Note, |k| k.kind)
    }
}

#[cfg(test)]
mod tests;
