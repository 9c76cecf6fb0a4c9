//! A larger vault, generated: 320 notes in nested folders without any
//! pivotbook front matter, with thousands of wikilinks (to notes, headings,
//! blocks, aliases and files), hundreds of embeds and callouts and inline
//! tags. It must build without errors and its output must crawl clean.

use std::fmt::Write as _;

use crate::support::SiteTest;

const NOTES: usize = 320;
const FOLDERS: [&str; 8] =
    ["", "Projects", "Projects/Active", "Areas", "Areas/Health & Fitness", "Resources", "Archive", "Daily"];

/// A small deterministic generator (no randomness between runs).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn name(i: usize) -> String {
    format!("Note {i:03} – Ünïcode")
}

fn vault() -> (SiteTest, usize, usize, usize) {
    let t = SiteTest::from_str("//- pivotbook.yaml\ntitle: Large vault\n");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\xdac\xfc\xcf\xc0P\x0f\0\x04\x85\x01\x80\x84\xa9\x8c!\0\0\0\0IEND\xaeB`\x82";
    std::fs::create_dir_all(t.root().join("content/Attachments")).unwrap();
    for i in 0..10 {
        std::fs::write(t.root().join(format!("content/Attachments/figure {i}.png")), png).unwrap();
    }
    let kinds = ["note", "tip", "warning", "faq", "danger", "example", "quote", "abstract"];
    let mut rng = Lcg(42);
    let (mut links, mut embeds, mut callouts) = (0, 0, 0);
    for i in 0..NOTES {
        let mut body = String::new();
        writeln!(body, "---\naliases: [Alias {i}]\ntags: [generated, area/a{}]\n---", i % 5).unwrap();
        writeln!(body, "Opening paragraph of {i}, see #topic/t{} and #status. ^intro-{i}\n", i % 7).unwrap();
        for s in 0..3 {
            writeln!(body, "## Section {s}\n").unwrap();
            let mut para = String::new();
            for _ in 0..4 {
                let j = rng.next(NOTES);
                let link = match rng.next(6) {
                    0 => format!("[[{}]]", name(j)),
                    1 => format!("[[{}#Section {}]]", name(j), rng.next(3)),
                    2 => format!("[[{}#^intro-{j}|the intro of {j}]]", name(j)),
                    3 => format!("[[Alias {j}]]"),
                    4 => format!("[[{}#Section 1#Detail]]", name(j)),
                    _ => format!("[[figure {}.png]]", rng.next(10)),
                };
                links += 1;
                write!(para, "Text ==marked== with {link} and more. ").unwrap();
            }
            writeln!(body, "{para}\n").unwrap();
            if s == 1 {
                writeln!(body, "### Detail\n\nDetail of section one.\n").unwrap();
            }
        }
        let k = kinds[i % kinds.len()];
        let fold = ["", "+", "-"][i % 3];
        writeln!(body, "> [!{k}]{fold} Callout of {i}\n> Body with [[{}]].\n", name((i + 1) % NOTES)).unwrap();
        callouts += 1;
        links += 1;
        let j = (i + 7) % NOTES;
        writeln!(body, "![[{}#Section 2]]\n", name(j)).unwrap();
        writeln!(body, "![[figure {}.png|Figure {} of the vault|{}]]\n", i % 10, i % 10, 100 + i).unwrap();
        embeds += 2;
        writeln!(body, "%% a comment with [[Nowhere]] %%").unwrap();
        let folder = FOLDERS[i % FOLDERS.len()];
        let dir = if folder.is_empty() { String::new() } else { format!("{folder}/") };
        t.write(&format!("content/{dir}{}.md", name(i)), &body);
    }
    t.write("content/index.md", "# Large vault\n\nStart at [[Note 000 – Ünïcode]].\n");
    (t, links, embeds, callouts)
}

#[test]
fn a_large_vault_builds_and_crawls_clean() {
    let (mut t, links, embeds, callouts) = vault();
    assert!(links >= 3_000 && embeds >= 600 && callouts >= 300, "{links} {embeds} {callouts}");
    t.build();
    let errors = t.errors();
    assert_eq!(errors, Vec::<String>::new(), "{:?}", t.diagnostics().iter().take(10).collect::<Vec<_>>());
    assert!(t.report().written);
    let out = t.root().join("public");
    let broken = crate::crawl::broken_references(&out, "/", "");
    assert!(
        broken.is_empty(),
        "{} broken, first: {}",
        broken.len(),
        broken.iter().take(10).cloned().collect::<Vec<_>>().join("\n")
    );
    let refs = crate::crawl::internal_references(&out, "/", "");
    assert!(refs.len() > links, "{} references crawled", refs.len());
    let page = t.page("projects/note-001-ünïcode/index.html");
    assert!(page.contains("class=\"callout callout-"), "callouts");
    assert!(page.contains("class=\"embed embed-note\""), "section embeds");
    assert!(out.join("tags/area/a1/index.html").is_file() && out.join("areas/health-fitness/index.html").is_file());
}
