//! Which link destinations stay inside the site and which schemes a page
//! may link to or show an image from: the rules the scan and the renderer
//! share for every URL a body writes.

/// Whether a link destination points inside the site (not `https:`,
/// `mailto:` …). What comes before a `:` is a scheme only if a browser could
/// read it as one (`(https://…` is a relative path, but `java\tscript:` is not).
pub(crate) fn is_local(dest: &str) -> bool {
    let scheme_end = dest.find(':');
    let first_sep = dest.find(['/', '#', '?']);
    let scheme_like = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') || c.is_whitespace() || c.is_control())
    };
    match (scheme_end, first_sep) {
        (Some(c), Some(s)) => c > s || !scheme_like(&dest[..c]),
        (Some(c), None) => !scheme_like(&dest[..c]),
        _ => true,
    }
}

/// Whether a markdown image's destination is a note (`![](Note.md)`,
/// `![](../x/Note.md#Heading)`): an embed of it, as Obsidian reads `!`
/// before a link in either format, not a picture.
pub(crate) fn is_note_embed(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    is_local(dest) && path.len() > 3 && path.get(path.len() - 3..).is_some_and(|e| e.eq_ignore_ascii_case(".md"))
}

/// Whether an external destination uses a scheme a page may link to: any
/// well-formed scheme (a letter, then letters, digits, `+`, `-` or `.`, as
/// RFC 3986 has it: `obsidian:`, `zotero:`, `hook:` open the reader's
/// apps) except the ones that run or embed something in the page
/// (`javascript:`, `vbscript:`, `data:`) or read the reader's disk
/// (`file:`). A scheme with anything else in it (a tab, an entity a browser
/// would strip) is refused, as browsers might read it differently.
pub fn is_safe_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else { return false };
    let mut chars = scheme.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    well_formed && !matches!(scheme.to_ascii_lowercase().as_str(), "javascript" | "vbscript" | "data" | "file")
}

/// Whether an image's source is safe to show: a safe scheme
/// ([`is_safe_scheme`]), or a raster picture written into the note as a
/// `data:` URL (`data:image/png;base64,…`, as some tools paste images), which
/// a browser only ever decodes as a picture. SVG and anything else under
/// `data:` stays refused, as a link to any `data:` URL is.
pub fn is_safe_image_source(dest: &str) -> bool {
    const RASTER: &[&str] = &["png", "jpeg", "jpg", "gif", "webp", "avif", "bmp"];
    let raster = dest.get(..11).is_some_and(|p| p.eq_ignore_ascii_case("data:image/")) && {
        let rest = &dest[11..];
        let end = rest.find([';', ',']).unwrap_or(rest.len());
        end < rest.len() && RASTER.iter().any(|t| rest[..end].eq_ignore_ascii_case(t))
    };
    raster || is_safe_scheme(dest)
}
