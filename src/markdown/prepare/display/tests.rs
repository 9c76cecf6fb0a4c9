//! The fences `markdown/prepare/display` makes, and the `$$` it leaves.

use crate::markdown::prepare::prepare;
use std::borrow::Cow;

#[test]
fn display_math_over_several_lines_is_fenced() {
    let body = "Text\n$$\na\n= b\n$$\nafter";
    let p = prepare(body, true);
    assert_eq!(p.text, "Text\n```$$\na\n= b\n```\nafter");
    // Each line of the formula maps back to itself, and what follows too.
    assert_eq!(&body[p.original(p.text.find("= b").unwrap())..][..3], "= b");
    assert_eq!(p.original(p.text.find("after").unwrap()), body.find("after").unwrap());
    // Inside the put-in `math`, to within the `$$` it replaced.
    assert_eq!(p.original(5 + 4), 7);
    assert!(matches!(prepare(body, false).text, Cow::Borrowed(_)), "math off");
}

#[test]
fn what_shares_a_line_with_a_delimiter_gets_its_own() {
    assert_eq!(prepare("$$x\n- y$$.", true).text, "```$$\nx\n- y\n```\n.");
    assert_eq!(prepare("> $$ a\n>\n> b $$\n", true).text, "> ```$$\n>  a\n>\n> b \n> ```\n");
    // A backtick fence inside is outrun.
    assert_eq!(prepare("$$\n```\n$$", true).text, "````$$\n```\n````");
    // Facultad-Apuntes: a closing line indented by tabs; its fence is not.
    assert_eq!(prepare("$$ A =\n\t\t\ta $$\n", true).text, "```$$\n A =\n\t\t\ta \n```\n");
    // jaythad13/Mathematikezettelkasten: in an item, indented by a tab,
    // lines the item's paragraph took lazily; they are indented as far.
    assert_eq!(
        prepare("2) Then\n\t$$\n\\begin{split}\n\t& x\n$$\n\twhere", true).text,
        "2) Then\n\t```$$\n\t\\begin{split}\n\t& x\n\n\t```\n\twhere"
    );
    // Text before the opening gets a line of its own, in its list item.
    assert_eq!(prepare("Let $$\nx\n$$\n", true).text, "Let \n```$$\nx\n```\n");
    assert_eq!(prepare("$$\nx $$ y $$\n", true).text, "```$$\nx \n```\n y $$\n");
    // GaoZ1en/obsidian_note: a blank line inside, and `$$` after a list
    // marker or an item's text.
    assert_eq!(
        prepare("1. $$\\tag{1}\nx\n\n$$\n2. Then $$\ny\n$$\n", true).text,
        "1. ```$$\n   \\tag{1}\n   x\n\n\n   ```\n2. Then \n   ```$$\n   y\n\n   ```\n"
    );
    // GaoZ1en: a stray `$$` inside a formula; the `$$` after TeX closes.
    assert_eq!(
        prepare("$$\\begin{align}\nx = 0$$ ^a\n\\end{align}$$\n\n$$\ny\n$$\n", true).text,
        "$$\\begin{align}\nx = 0$$ ^a\n\\end{align}$$\n\n```$$\ny\n```\n"
    );
    // StudiumObsidianVault: one formula ends where the next starts.
    assert_eq!(prepare("$$\nx\n$$$$y\n$$\n", true).text, "```$$\nx\n```\n$$y\n$$\n");
    // GaoZ1en: two inline formulas side by side hold no `$$`.
    assert_eq!(prepare("In $a$$b$ and\n$$\nx\n$$\n", true).text, "In $a$$b$ and\n```$$\nx\n```\n");
    // luweiagi/machine-learning-notes: a typo between words opens nothing,
    // and the next paragraph pairs afresh.
    assert_eq!(
        prepare("but $$b is\n\n$$\nx\n$$\nand $$ \\begin{a}\ny\n$$\n", true).text,
        "but $$b is\n\n```$$\nx\n```\nand \n```$$\n \\begin{a}\ny\n```\n"
    );
    // A `$$` in a comment pairs with none.
    assert_eq!(prepare("%%$$%%\n$$\na\n$$\n", true).text, "\n```$$\na\n```\n");
    // k78ma/quartz: the closing `$$` indented, text after it.
    assert_eq!(prepare("$$\nx\n\t\t$$Then\n", true).text, "```$$\nx\n\t\t\n```\nThen\n");
}

#[test]
fn other_dollars_are_left_to_the_parser() {
    for body in [
        "$$x$$\n",         // one line
        "$$\nx\n",         // never closed
        "$$\nx\n$$ ^id\n", // the id is the formula's
        "> $$\nx\n> $$\n", // a line out of the quote
        // k78ma/quartz: the `$$` that closes one with a line out of the
        // quote opens no other.
        ">$$\nx\n>$$\n>Hence\n>$$\ny\n>$$\n",
        "# Title $$\nx\n$$\n",           // a heading
        "| a $$ |\nx\n$$\n",             // a table row
        "Text\n    $$\n    x\n    $$\n", // a paragraph's indented lines
        "    $$\n    x\n    $$",         // indented code
        "```\n$$\nx\n$$\n```",           // fenced code
        "`$$` or\n$$\n",                 // a code span
        "$$$\nx\n$$$",
        "%% $$ %%\nx\n$$",
        "\\$$\nx\n$$",
    ] {
        assert_eq!(prepare(body, true).text, body.replace("%% $$ %%", ""), "{body:?}");
    }
}

#[test]
fn more_vaults_as_obsidian_reads_them() {
    for (body, want) in [
        // aortega0703/math-notes: an inline formula, then at once a display one.
        ("a $x$$$\nf(a)\n$$\n\nb when$$\ng(b)\n$$\n", "a $x$\n```$$\nf(a)\n```\n\nb when\n```$$\ng(b)\n```\n"),
        // aortega: prose between formulas on the `$$` lines, blank lines inside them.
        (
            "A$$\n\ne = 1\n\n$$and B$$\n\nf = g\n\n$$then C.\n- item D$$\n\nh = k\n\n$$done.\n",
            "A\n```$$\n\ne = 1\n\n```\nand B\n```$$\n\nf = g\n\n```\nthen C.\n- item D\n  ```$$\n\n  h = k\n\n\n  ```\n  done.\n",
        ),
        // aortega: a closing `$$` with an inline formula right after it.
        ("Then\n$$\na\n\nb\n$$$(1)$ by ref.\n", "Then\n```$$\na\n\nb\n```\n$(1)$ by ref.\n"),
        // A footnote's formula stays in the footnote.
        ("Text[^1].\n\n[^1]: $$\n    a\n    $$\n\nOut.\n", "Text[^1].\n\n[^1]: ```$$\n    a\n    ```\n\nOut.\n"),
        // aortega: a nested item indented by a tab.
        (
            "- top\n\t- Case A:$$\n\n\t\t\tf = g\n\n\t\t$$\n",
            "- top\n\t- Case A:\n\t  ```$$\n\n\t\t\tf = g\n\n\t\t\n\t  ```\n",
        ),
        // TomLonergan03/uni-notes: a formula an item's paragraph takes lazily stays in the item.
        ("- item\n$$\nx\n$$\n", "- item\n  ```$$\n  x\n\n  ```\n"),
        // ThomasTorres2024/Obsidian-Notes: a stray `$` inside a one-line formula is TeX's.
        ("$$\\dfrac{$n}{2}$$\nText\n\n$$\nx\n$$\n", "$$\\dfrac{$n}{2}$$\nText\n\n```$$\nx\n```\n"),
        // A code span over two lines holds its `$$`; the block after is one.
        ("Code `foo\n$$ bar` here\n\n$$\na\n$$\n", "Code `foo\n$$ bar` here\n\n```$$\na\n```\n"),
    ] {
        assert_eq!(prepare(body, true).text, want, "{body:?}");
    }
    for body in [
        // mathiasandresen/uni-notes: raw HTML holds its lines as they are.
        "<center>caption</center>\n$$\na = b\n$$\n",
        // AlexWendland/public-note: a quoted fence a line out of the quote ends.
        "> ```\n> x\ny\n> ```\n> $$a\n> b$$\n> after\n",
    ] {
        assert_eq!(prepare(body, true).text, body, "{body:?}");
    }
}
