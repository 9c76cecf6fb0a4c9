//! What MathJax reads and pulldown-latex does not, written as what
//! pulldown-latex draws alike: MathJax's own commands, as definitions a
//! formula is given when it uses one, and the `eqnarray` environment.

/// `eqnarray`, which MathJax knows and pulldown-latex does not: three
/// columns, right, centred and left aligned (`a &=& b \\ …`).
pub(super) const EQNARRAY: [(&str, &str); 4] = [
    ("\\begin{eqnarray}", "\\begin{array}{rcl}"),
    ("\\begin{eqnarray*}", "\\begin{array}{rcl}"),
    ("\\end{eqnarray}", "\\end{array}"),
    ("\\end{eqnarray*}", "\\end{array}"),
];

/// Commands MathJax knows (Obsidian and Quartz render math with it, and
/// load most of its extensions when a formula needs them) and
/// pulldown-latex does not, each defined as the commands that mean the
/// same or draw alike: `\mbox{…}` is text, `\mathscr` the script letters
/// `\mathcal` gives in MathML, `\ket{ψ}` the bracket, `\tag{1}` the number
/// after the formula, `\mod n` amsmath's spaced "mod". What only places or
/// styles (`\phantom`, `\smash`, `\label`, `\class`, `\href`, the text size
/// switches, `\require` loading an extension) keeps what it holds and
/// drops the rest. A formula that uses one, and does not define it, is
/// given its definition first.
pub(super) const MATHJAX: [(&str, &str); 52] = [
    ("\\mbox", "\\newcommand{\\mbox}[1]{\\text#1}"),
    ("\\space", "\\newcommand{\\space}[0]{\\text{ }}"),
    ("\\mathscr", "\\newcommand{\\mathscr}[1]{\\mathcal{#1}}"),
    ("\\mathds", "\\newcommand{\\mathds}[1]{\\mathbb{#1}}"),
    ("\\mathbbm", "\\newcommand{\\mathbbm}[1]{\\mathbb{#1}}"),
    ("\\bm", "\\newcommand{\\bm}[1]{\\boldsymbol{#1}}"),
    ("\\ket", "\\newcommand{\\ket}[1]{\\left|#1\\right\\rangle}"),
    ("\\bra", "\\newcommand{\\bra}[1]{\\left\\langle#1\\right|}"),
    ("\\braket", "\\newcommand{\\braket}[1]{\\left\\langle#1\\right\\rangle}"),
    ("\\Set", "\\newcommand{\\Set}[1]{\\left\\{#1\\right\\}}"),
    ("\\set", "\\newcommand{\\set}[1]{\\{#1\\}}"),
    ("\\llbracket", "\\newcommand{\\llbracket}[0]{⟦}"),
    ("\\rrbracket", "\\newcommand{\\rrbracket}[0]{⟧}"),
    ("\\xmapsto", "\\newcommand{\\xmapsto}[1]{\\overset{#1}{\\longmapsto}}"),
    ("\\mod", "\\newcommand{\\mod}[1]{\\quad\\operatorname{mod}\\,\\,#1}"),
    ("\\varprojlim", "\\newcommand{\\varprojlim}[0]{\\underset{\\longleftarrow}{\\lim}}"),
    ("\\varinjlim", "\\newcommand{\\varinjlim}[0]{\\underset{\\longrightarrow}{\\lim}}"),
    ("\\projlim", "\\newcommand{\\projlim}[0]{\\operatorname*{proj\\,lim}}"),
    ("\\injlim", "\\newcommand{\\injlim}[0]{\\operatorname*{inj\\,lim}}"),
    ("\\tag", "\\newcommand{\\tag}[1]{\\qquad\\text{(#1)}}"),
    ("\\eqref", "\\newcommand{\\eqref}[1]{\\text{(#1)}}"),
    ("\\ref", "\\newcommand{\\ref}[1]{\\text{#1}}"),
    ("\\label", "\\newcommand{\\label}[1]{}"),
    ("\\nonumber", "\\newcommand{\\nonumber}[0]{}"),
    ("\\notag", "\\newcommand{\\notag}[0]{}"),
    ("\\newline", "\\newcommand{\\newline}[0]{\\\\}"),
    ("\\nobreak", "\\newcommand{\\nobreak}[0]{}"),
    ("\\allowbreak", "\\newcommand{\\allowbreak}[0]{}"),
    ("\\phantom", "\\newcommand{\\phantom}[1]{}"),
    ("\\vphantom", "\\newcommand{\\vphantom}[1]{}"),
    ("\\hphantom", "\\newcommand{\\hphantom}[1]{}"),
    ("\\smash", "\\newcommand{\\smash}[1]{#1}"),
    ("\\rlap", "\\newcommand{\\rlap}[1]{#1}"),
    ("\\llap", "\\newcommand{\\llap}[1]{#1}"),
    ("\\mathrlap", "\\newcommand{\\mathrlap}[1]{#1}"),
    ("\\mathllap", "\\newcommand{\\mathllap}[1]{#1}"),
    ("\\mathclap", "\\newcommand{\\mathclap}[1]{#1}"),
    ("\\fbox", "\\newcommand{\\fbox}[1]{\\text{#1}}"),
    ("\\class", "\\newcommand{\\class}[2]{#2}"),
    ("\\cssId", "\\newcommand{\\cssId}[2]{#2}"),
    ("\\style", "\\newcommand{\\style}[2]{#2}"),
    ("\\href", "\\newcommand{\\href}[2]{#2}"),
    ("\\enclose", "\\newcommand{\\enclose}[2]{#2}"),
    ("\\bbox", "\\newcommand{\\bbox}[2][]{#2}"),
    ("\\require", "\\newcommand{\\require}[1]{}"),
    ("\\tiny", "\\newcommand{\\tiny}[0]{}"),
    ("\\small", "\\newcommand{\\small}[0]{}"),
    ("\\normalsize", "\\newcommand{\\normalsize}[0]{}"),
    ("\\large", "\\newcommand{\\large}[0]{}"),
    ("\\Large", "\\newcommand{\\Large}[0]{}"),
    ("\\huge", "\\newcommand{\\huge}[0]{}"),
    ("\\Huge", "\\newcommand{\\Huge}[0]{}"),
];
