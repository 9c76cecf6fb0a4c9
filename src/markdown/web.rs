//! Markdown images as Obsidian reads them: a size in the alt text
//! (`![250](url)`, `![Engelbart|100x145](url)`), and web pages embedded
//! with `![](https://…)`: a YouTube video becomes a privacy-respecting
//! player (`youtube-nocookie.com`, no script of ours or theirs on the
//! page), any other web page a plain link; an image URL stays an image.

use super::obsidian::{media_kind, MediaKind};

/// A size in an image's alt text: the alt text left (the file's name when
/// only a size was written), width and height.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Sized {
    /// The alt text without the size.
    pub alt: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: Option<u32>,
}

/// Reads a size (`250`, `100x145`) from the end of an image's alt text
/// (`Engelbart|100x145`), or `None` when it has none. `url` names the file
/// for an alt text that was only a size.
pub(super) fn sized(alt: &str, url: &str) -> Option<Sized> {
    let (text, size) = match alt.rsplit_once('|') {
        Some((t, s)) => (Some(t.trim()), s.trim()),
        None => (None, alt.trim()),
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let (width, height) = match size.split_once('x') {
        Some((w, h)) => (number(w)?, Some(number(h)?)),
        None => (number(size)?, None),
    };
    let alt = match text {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => file_stem(url),
    };
    Some(Sized { alt, width, height })
}

/// The name of the file a URL points to, without extension or escapes
/// (`https://x/a/Big%20cat.png?w=1` → `Big cat`).
pub(super) fn file_stem(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    crate::percent::decode_lenient(stem)
}

/// What a web URL embedded as an image (`![](https://…)`) shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WebEmbed {
    /// An image (its path ends in an image extension, or has no extension:
    /// image services often serve them so).
    Image,
    /// A YouTube video, by id.
    YouTube(String),
    /// Anything else (a tweet, a page, a PDF): a plain link.
    Link,
}

/// How an `http:` or `https:` URL embedded with `![](…)` is shown; `None`
/// for any other URL (left to the image rules).
pub(super) fn web_embed(url: &str) -> Option<WebEmbed> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path_query) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let host = host.rsplit('@').next().unwrap_or(host).split(':').next().unwrap_or("").to_ascii_lowercase();
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, q.split('#').next().unwrap_or("")),
        None => (path_query.split('#').next().unwrap_or(""), ""),
    };
    let valid_id = |id: &str| {
        (!id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .then(|| id.to_string())
    };
    let youtube_host = matches!(
        host.as_str(),
        "youtu.be"
            | "youtube.com"
            | "www.youtube.com"
            | "m.youtube.com"
            | "music.youtube.com"
            | "www.youtube-nocookie.com"
    );
    let youtube = match host.as_str() {
        "youtu.be" => valid_id(path.trim_start_matches('/').split('/').next().unwrap_or("")),
        "youtube.com" | "www.youtube.com" | "m.youtube.com" | "music.youtube.com" | "www.youtube-nocookie.com" => {
            if path == "/watch" {
                query.split('&').find_map(|kv| kv.strip_prefix("v=")).and_then(valid_id)
            } else {
                ["/embed/", "/shorts/", "/live/"]
                    .iter()
                    .find_map(|p| path.strip_prefix(p))
                    .and_then(|id| valid_id(id.split('/').next().unwrap_or("")))
            }
        }
        _ => None,
    };
    if let Some(id) = youtube {
        return Some(WebEmbed::YouTube(id));
    }
    let social = youtube_host
        || ["twitter.com", "www.twitter.com", "x.com", "www.x.com", "mobile.twitter.com"].contains(&host.as_str());
    let name = path.rsplit('/').next().unwrap_or("");
    let image = match name.rsplit_once('.') {
        Some((_, ext)) if !ext.is_empty() => media_kind(name) == MediaKind::Image,
        _ => !name.is_empty(),
    };
    Some(if image && !social { WebEmbed::Image } else { WebEmbed::Link })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_alt_text() {
        let s = sized("Engelbart|100x145", "https://x/e.jpg").unwrap();
        assert_eq!((s.alt.as_str(), s.width, s.height), ("Engelbart", 100, Some(145)));
        let s = sized("250", "https://x/a/Big%20cat.png?w=1").unwrap();
        assert_eq!((s.alt.as_str(), s.width, s.height), ("Big cat", 250, None));
        assert_eq!(sized("A chart", "x.png"), None);
        assert_eq!(sized("1984", "x.png").map(|s| s.width), Some(1984));
        assert_eq!(sized("a|b", "x.png"), None);
        assert_eq!(sized("a|99999999x1", "x.png"), None);
    }

    #[test]
    fn web_embeds_by_url() {
        let yt = |id: &str| Some(WebEmbed::YouTube(id.to_string()));
        assert_eq!(web_embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3"), yt("dQw4w9WgXcQ"));
        assert_eq!(web_embed("https://youtu.be/dQw4w9WgXcQ?si=x"), yt("dQw4w9WgXcQ"));
        assert_eq!(web_embed("https://youtube.com/shorts/abc_D-1"), yt("abc_D-1"));
        assert_eq!(web_embed("https://www.youtube.com/watch?v=<script>"), Some(WebEmbed::Link));
        assert_eq!(web_embed("https://twitter.com/obsdmd/status/1580548874246443010"), Some(WebEmbed::Link));
        assert_eq!(web_embed("https://x.com/a/status/1"), Some(WebEmbed::Link));
        assert_eq!(web_embed("https://example.com/"), Some(WebEmbed::Link));
        assert_eq!(web_embed("https://example.com/doc.pdf"), Some(WebEmbed::Link));
        assert_eq!(web_embed("https://example.com/a.PNG?x=1"), Some(WebEmbed::Image));
        assert_eq!(web_embed("https://images.example.com/photo-123"), Some(WebEmbed::Image));
        assert_eq!(web_embed("img/a.png"), None);
    }
}
