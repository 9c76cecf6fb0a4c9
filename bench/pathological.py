#!/usr/bin/env python3
"""The pathological inputs of the hardening issue (#19), timed at two sizes:
each shape is built at size S and 2S (clean builds, alternating, median of
RUNS), and the ratio printed. Linear time gives about 2x (less when the
fixed cost of a build weighs), quadratic time 4x. A build may exit 1 (the
shape's content errors are reported, as they should be); any other exit
stops the benchmark. Figures, not a pass/fail test.

Usage: bench/pathological.py [--binary target/dist/pivotbook] [--runs 3] [--scale 1.0] [--only quotes,broken]
"""
import argparse
import os
import shutil
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from big_note import make_site  # noqa: E402
from timing import REPO, alternate, built, clean_build  # noqa: E402


def site(root, files, config="title: Pathological\n"):
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "content", "notes"))
    with open(os.path.join(root, "pivotbook.yaml"), "w") as f:
        f.write(config)
    for name, text in files.items():
        with open(os.path.join(root, "content", "notes", name), "w") as f:
            f.write(text)


def paragraphs(root, n):
    make_site(root, n)


def links(root, n):
    site(root, {"iren.md": "---\ntitle: IREN\n---\nA miner.\n",
                "links.md": "---\ntitle: Links\n---\n" + "[[iren]] " * n + "\n"})


def quotes(root, n):
    site(root, {"quotes.md": "---\ntitle: Quotes\n---\n" + ">" * n + " x\n"})


def brackets(root, n):
    site(root, {"brackets.md": "---\ntitle: Brackets\n---\n" + "[" * n + "\n"})


def broken(root, n):
    # Every note links to a name no note has: did-you-mean looks among n names for each.
    site(root, {f"note-{i:06d}.md": f"---\ntitle: Note {i}\n---\nSee [[note-{i:06d}-draft]].\n" for i in range(n)})


def broken_ignored(root, n):
    # As `broken`, with n notes left out by `ignore:`: each broken link asks whether it names one.
    broken(root, n)
    with open(os.path.join(root, "pivotbook.yaml"), "w") as f:
        f.write("title: Pathological\nignore: [\"Templates/\"]\n")
    os.makedirs(os.path.join(root, "content", "Templates"))
    for i in range(n):
        with open(os.path.join(root, "content", "Templates", f"template-{i:06d}.md"), "w") as f:
            f.write("x\n")


def math(root, n):
    site(root, {"math.md": "---\ntitle: Math\n---\n$" + "{" * n + "x" + "}" * n + "$\n"},
         "title: Math\nmarkdown:\n  math: true\n")


def vault_shape(line, name):
    """A writer for one note of `line(i)` repeated n times (Obsidian's constructs, #21)."""
    def write(root, n):
        site(root, {f"{name}.md": f"---\ntitle: {name}\n---\n" + "".join(line(i) for i in range(n))},
             "title: Vault\nlinks: warn\n")
    return write


# name, what it is, the shape's writer, S at scale 1 (its unit)
SHAPES = [
    ("paragraphs", "one note of `x\\n\\n` repeated, the densest in events (bench/big_note.py)", paragraphs, 2, "MiB"),
    ("links", "one line of `[[iren]]` links", links, 150_000, "links"),
    ("quotes", "one line of nested `>` quotes", quotes, 100_000, "levels"),
    ("brackets", "one line of unclosed `[`", brackets, 500_000, "brackets"),
    ("broken", "notes each with a broken link (did-you-mean over every name)", broken, 2_000, "notes"),
    ("broken-ignored", "as `broken`, with as many notes left out by `ignore:`", broken_ignored, 2_000, "notes"),
    ("math", "one formula of nested `{` (math on)", math, 20_000, "levels"),
    ("yaml-brackets", "front matter of nested `[` (saphyr reports it; serde_yaml is not asked)",
     lambda root, n: site(root, {"deep.md": "---\ntitle: Deep\nb: " + "[" * n + "]" * n + "\n---\nx\n"}),
     100_000, "levels"),
    # Obsidian's constructs (#21); these were a timed unit test before.
    ("block-ids", "lists each followed by a `^id` line", vault_shape(lambda i: "- a\n\n^id\n\n", "ids"), 20_000, "lists"),
    ("footnotes", "unused footnote definitions", vault_shape(lambda i: f"[^u{i}]: unused\n\n", "notes"), 20_000, "notes"),
    ("inline-notes", "one line of unclosed `^[`", vault_shape(lambda i: "^[", "inline"), 100_000, "openers"),
    ("tasks", "task lines with a status, a tag, an inline note and a sized image",
     vault_shape(lambda i: "- [?] #t ^[a] ![1](https://x.org/a.png)\n", "tasks"), 10_000, "lines"),
]


def report(binary, work, runs, scale=1.0, only=None):
    """Prints each shape's time at S and 2S and their ratio; returns {shape: ratio}."""
    print(f"pathological inputs (#19): clean builds at S and 2S, median of {runs}, alternating; "
          f"linear is 2x, quadratic 4x")
    ratios = {}
    for name, what, write, base, unit in SHAPES:
        if only and name not in only:
            continue
        s = max(1, round(base * scale))
        roots = {}
        for k in (s, 2 * s):
            roots[k] = os.path.join(work, f"{name}-{k}")
            write(roots[k], k)
        builds = {k: (clean_build(binary, root, os.path.join(root, "public")), root) for k, root in roots.items()}
        times = alternate(builds, runs, ok=(0, 1))
        w = {k: statistics.median(t[0] for t in ts) for k, ts in times.items()}
        peak = {k: max(t[2] for t in ts) for k, ts in times.items()}
        ratios[name] = w[2 * s] / w[s]
        print(f"  {name:<10} S = {s:>9,} {unit:<8} {w[s]:7.3f} s {peak[s]:6.0f} MiB   "
              f"2S {w[2 * s]:7.3f} s {peak[2 * s]:6.0f} MiB   {ratios[name]:4.2f}x   {what}")
        for root in roots.values():
            shutil.rmtree(root, ignore_errors=True)
    return ratios


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=built("pivotbook"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every shape's S")
    ap.add_argument("--work", default=os.path.join(REPO, "target", "bench", "pathological"))
    ap.add_argument("--only", help="comma-separated shape names (default: every shape)")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    unknown = (only or set()) - {shape[0] for shape in SHAPES}
    if unknown:
        sys.exit(f"unknown shapes: {', '.join(sorted(unknown))}")
    report(os.path.abspath(args.binary), args.work, args.runs, args.scale, only)


if __name__ == "__main__":
    main()
