//! Math macros as MathJax keeps them: a page's definitions hold in its later
//! formulas, the site's (`markdown.math_macros`, `preamble.sty`) in every
//! page, MathJax's own commands pulldown-latex lacks are given, and a
//! command nothing defines is named, its warnings folded in a vault.

use crate::support::SiteTest;

const SETTINGS: &str = "//- pivotbook.yaml\nlinks: warn\nmarkdown:\n  math: true\n  math_macros:\n    R: '\\mathbb{R}'\n    pd: '\\frac{\\partial #1}{\\partial #2}'\n";

#[test]
fn a_pages_macros_hold_in_its_later_formulas_and_the_sites_in_every_page() {
    let mut t = SiteTest::from_str(&format!(
        "{SETTINGS}//- content/preamble.sty\n% the vault's macros\n\\newcommand{{\\N}}{{\\mathbb{{N}}}}\n\\DeclareMathOperator{{\\rank}}{{rank}}\n\\newcommand{{\\bad}}[1]{{\\frac{{#1}}}}\n//- content/a.md\n# A\n\nLet $\\newcommand{{\\C}}{{\\mathbb{{C}}}}\\C$ be the plane, $z \\in \\C$, $x \\in \\R^n$, $\\pd{{f}}{{x}}$, $n \\in \\N$, $\\rank A$, $a \\> b$, ${{n \\choose 2}}$ and $\\mathscr{{L}}$, $x_\\R$, $\\left< u \\right>$, $\\boxed{{x = 1}}$.\n\n$$a = b \\\\ c = d$$\n\n$$\\newcommand{{\\<}}{{\\left\\langle}}\\newcommand{{\\>}}{{\\right\\rangle}}\\<u,v\\> = 0$$\n\nSee [[b]].\n//- content/b.md\n# B\n\nHere $\\C$ is not defined, [[a]].\n"
    ));
    t.build();
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan")).collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d[0].starts_with("content/b.md:3:6 unknown-math-command `\\C` is not a LaTeX command"), "{d:#?}");
    assert!(d[1].starts_with("content/preamble.sty:4:1 invalid-math this macro definition does not parse"), "{d:#?}");
    let a = t.main("a/index.html");
    assert_eq!(a.matches("<math").count(), 14, "{a}");
    assert!(a.contains("<mrow style=\"border: 0.06em solid"), "{a}");
    assert!(!a.contains("math-error") && !a.contains("<merror"), "{a}");
    for letter in ["ℂ", "ℝ", "ℕ", "∂", "⟨", "⟩", "rank"] {
        assert!(a.contains(letter), "{letter} in {a}");
    }
    // The source stays the annotation, as written.
    assert!(a.contains("\\pd{f}{x}</annotation>"), "{a}");
    assert!(t.main("b/index.html").contains("<merror"));
}

#[test]
fn formulas_using_one_unknown_command_are_one_warning_in_a_vault() {
    let pages: String = (1..=7).map(|i| format!("//- content/p{i}.md\n# P{i}\n\n$\\H_{i}$ and $\\G$\n")).collect();
    let mut t = SiteTest::from_str(&format!("{SETTINGS}{pages}"));
    t.build();
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("math")).collect();
    // `\H` in seven formulas is one warning; `\G`, also in seven, another.
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d[0].starts_with("content/p1.md:3:1 unknown-math-command `\\H` is not a LaTeX command pivotbook knows, and 7 formulas use it where nothing defines it: content/p1.md:3, content/p2.md:3"), "{d:#?}");
    assert!(d[0].ends_with("and 2 more"), "{d:#?}");
    // Outside a vault each formula is reported.
    t.write("pivotbook.yaml", "markdown:\n  math: true\n");
    t.build();
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("math")).collect();
    assert_eq!(d.len(), 14, "{d:#?}");
}

#[test]
fn tables_are_as_wide_as_their_rows_and_diagrams_and_arrows_draw_as_mathjax_draws_them() {
    let mut t = SiteTest::from_str(&format!(
        "{SETTINGS}//- content/a.md\n# A\n\n$$x = \\begin{{cases}} a, & b, & c \\\\ d, && e \\end{{cases}}$$\n\n$$\\begin{{array}}{{cc}} 1 & 2 & 3 \\end{{array}}$$\n\n$$\\begin{{CD}} A @>f>> B \\\\ @VgVV @AAhA \\\\ C @<<k< D \\end{{CD}}$$\n\n$$a \\xlongequal[u]{{o}} b \\xhookrightarrow{{}} c \\Big( d \\Big)$$\n\n$$\\begin{{cases}} a & b \\end{{cases}}$$\n"
    ));
    t.build();
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan")).collect();
    assert!(d.is_empty(), "{d:#?}");
    let a = t.main("a/index.html");
    assert!(!a.contains("math-error") && !a.contains("<merror"), "{a}");
    // Three left-aligned cells in each row of the cases, between a brace and nothing.
    let cases = &a[a.find("<math").unwrap()..a.find("</math>").unwrap()];
    assert_eq!(cases.matches("<mtd class=\"cell-left\">").count(), 6, "{cases}");
    assert!(cases.contains("<mo stretchy=\"true\">{</mo>"), "{cases}");
    // The diagram: three rows of three cells, its arrows labelled.
    let cd = &a[a.find("menv-arraylike").unwrap()..];
    for part in ["<mi>A</mi>", "→", "↓", "↑", "←", "<mi>k</mi>"] {
        assert!(cd.contains(part), "{part} in {cd}");
    }
    assert!(a.contains("↪") && a.contains(" minsize=\"1.8em\""), "{a}");
    // Two-column cases stay cases.
    assert!(a.contains("\\begin{cases} a &amp; b \\end{cases}</annotation>"), "{a}");
}
