#!/usr/bin/env python3
"""Memory per input byte: peak RSS of a build of a site whose only note is
one large body of `x\\n\\n` repeated (21 MB by default: seven million
paragraphs, the most events per byte a plain body makes), for each binary
given, and for the floor (pulldown-cmark alone, examples/floor.rs) when it
is built. Every run starts from no output. Figures, not a pass/fail test.

Usage: bench/big_note.py [BINARY ...] [--mb 21] [--runs 1]
(default binary: target/dist/pivotbook)
"""
import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from timing import REPO, built, timed  # noqa: E402


def make_site(root, mb):
    notes = os.path.join(root, "content", "notes")
    os.makedirs(notes, exist_ok=True)
    with open(os.path.join(root, "pivotbook.yaml"), "w") as f:
        f.write("title: Big note\n")
    body = "x\n\n" * (mb * 1024 * 1024 // 3)
    with open(os.path.join(notes, "big.md"), "w") as f:
        f.write("---\ntitle: Big\n---\n" + body)
    return len(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs="*", default=[built("pivotbook")])
    ap.add_argument("--mb", type=int, default=21)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--work", default=os.path.join(REPO, "target", "bench", "big-note"))
    args = ap.parse_args()
    root = os.path.join(args.work, f"{args.mb}mb")
    size = make_site(root, args.mb)
    out = os.path.join(root, "public")
    tools = {os.path.abspath(b): [os.path.abspath(b), "build", "--root", root, "--out", out] for b in args.binaries}
    floor = built("examples", "floor")
    if os.path.exists(floor):
        tools["floor (pulldown-cmark alone)"] = [floor, os.path.join(root, "content"), os.path.join(root, "floor-out")]
    print(f"one note of {size / 2**20:.1f} MiB (`x\\n\\n` repeated), {args.runs} run(s) each from no output")
    for name, cmd in tools.items():
        peaks, walls = [], []
        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            wall, _, peak, _ = timed(cmd, root)
            peaks.append(peak)
            walls.append(wall)
        peak = max(peaks)
        print(f"  peak {peak:7.0f} MiB  ({peak * 2**20 / size:5.1f} bytes per input byte)"
              f"  wall {min(walls):6.2f} s  {name}")


if __name__ == "__main__":
    main()
