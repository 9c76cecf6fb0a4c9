//! Which way a site's language is written. A page in Arabic, Hebrew,
//! Persian or Urdu needs `dir="rtl"` on its `<html>`: the `lang` attribute
//! alone leaves the layout left to right (W3C, "Structural markup and
//! right-to-left text in HTML").

/// Scripts written right to left (ISO 15924 codes, lower-cased): Arabic,
/// Hebrew, Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya, Mandaic,
/// Samaritan and Mende Kikakui.
const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr", "mend"];

/// Languages written right to left unless a script subtag says otherwise:
/// Arabic, Imperial Aramaic, Central Kurdish, Dhivehi, Persian, Hebrew (and
/// its old code `iw`), Kashmiri, N'Ko, Pashto, Sindhi, Syriac, Uyghur, Urdu
/// and Yiddish.
const RTL_LANGUAGES: &[&str] =
    &["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "nqo", "ps", "sd", "syr", "ug", "ur", "yi"];

/// Whether a BCP 47 language tag (`fa`, `ar-EG`, `pa-Arab`, `ku-Latn`) is
/// written right to left: by its script subtag when it has one, else by
/// its language.
pub fn is_rtl(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']).map(str::to_ascii_lowercase);
    let Some(language) = parts.next() else { return false };
    match parts.next().filter(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic())) {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => RTL_LANGUAGES.contains(&language.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_right_to_left_by_its_script_else_its_language() {
        for tag in ["ar", "AR-eg", "fa", "fa-IR", "he", "ur", "yi", "pa-Arab", "ff-Adlm", "ckb"] {
            assert!(is_rtl(tag), "{tag}");
        }
        for tag in ["en", "en-US", "ku", "az-Latn", "uz-Cyrl", "", "-", "zh-Hant", "arb"] {
            assert!(!is_rtl(tag), "{tag}");
        }
    }
}
