#!/usr/bin/env python3
"""serve's updates on a vault with one long listing: N notes (10,000 by
default) in one folder, `archive/`, all tagged `#archive`, so that the
folder's page and the tag's page each list every note, cut into pages of
`paginate:` (100 by default).

Starts `pivotbook serve` (built as bench/timing.py says, or --binary) on a
generated copy and makes, one after the other, edits of four kinds to one
note in the middle of the listings:

  keep    its title changed, its place in the listings kept
  move    its title changed so that it moves to the end of the listings
  back    its title changed so that it moves to the start
  newtag  a tag the site did not have added to it (a new plan)
  untag   that tag taken away again

For each it prints serve's own report (outputs rendered, files changed,
milliseconds, the watcher's debounce not included). Then it stops serve and
checks that serve's folder is byte-identical to a clean `pivotbook build`.

Usage: bench/serve_listing.py [--notes 10000] [--work DIR] [--binary PATH]
"""
import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from serve_latency import Serve, same_as_clean_build  # noqa: E402
from timing import build, built  # noqa: E402

WORDS = "power miner megawatt rack cooling tenant lease grid campus hosting".split()


def generate(root, n):
    """The vault: `n` notes in archive/, each tagged #archive and linking the next."""
    shutil.rmtree(root, ignore_errors=True)
    folder = os.path.join(root, "content", "archive")
    os.makedirs(folder)
    with open(os.path.join(root, "pivotbook.yaml"), "w") as f:
        f.write("title: One long listing\nlinks: warn\n")
    with open(os.path.join(root, "content", "index.md"), "w") as f:
        f.write("# Home\n\nThe archive.\n")
    rng = random.Random(7)
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(120))
        with open(os.path.join(folder, f"n{i:05d}.md"), "w") as f:
            f.write(f"---\ntitle: Archived note {i}\ntags: [archive]\n---\n{body} See [[n{(i + 1) % n:05d}]].\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notes", type=int, default=10000)
    ap.add_argument("--work", default=None)
    ap.add_argument("--binary", default=None, help="a pivotbook binary (default: build this checkout's)")
    args = ap.parse_args()
    if args.binary:
        binary = args.binary
    else:
        build("--bin", "pivotbook")
        binary = built("pivotbook")
    work = args.work or tempfile.mkdtemp(prefix="pivotbook-listing-bench-")
    root, out = os.path.join(work, "site"), os.path.join(work, "served")
    generate(root, args.notes)
    shutil.rmtree(out, ignore_errors=True)
    middle = args.notes // 2
    note = os.path.join(root, "content", "archive", f"n{middle:05d}.md")
    title = f"title: Archived note {middle}\n"
    edits = [
        ("keep", title, f"title: Archived note {middle} v2\n"),
        ("move", f"title: Archived note {middle} v2\n", "title: Zzz last\n"),
        ("back", "title: Zzz last\n", "title: Aaa first\n"),
        ("newtag", "tags: [archive]\n", "tags: [archive, extra]\n"),
        ("untag", "tags: [archive, extra]\n", "tags: [archive]\n"),
    ]
    serve = Serve(binary, root, out)
    print(f"{binary}: serving {args.notes:,} notes in one folder under one tag")
    cursor = len(serve.lines)
    try:
        time.sleep(2)
        for kind, old, new in edits:
            with open(note, encoding="utf-8") as f:
                text = f.read()
            if old not in text:
                sys.exit(f"{kind}: {note} lacks {old!r}")
            with open(note, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))
            cursor = serve.wait_line(cursor, r"^updated: ")
            m = re.search(r"(\d+) files rendered, (\d+) changed in (\d+) ms", serve.lines[cursor - 1])
            print(f"  {kind:<7} {m.group(1):>6} rendered {m.group(2):>6} changed {m.group(3):>6} ms")
            time.sleep(1)
    finally:
        serve.stop()
    same_as_clean_build(binary, root, out, os.path.join(work, "built"))
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
