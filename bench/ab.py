#!/usr/bin/env python3
"""A/B: two pivotbook binaries and the floor, timed alternately on twin
copies of the synthetic site that bench/run.py generated (run it first, or
with --reuse), so both binaries see the same machine in the same minutes.
Each binary rebuilds its own copy, with its own previous output in place;
with --cold every run starts from no output instead.

Usage: bench/ab.py OLD_BINARY NEW_BINARY [--n 10000] [--runs 5] [--cold]
"""
import argparse
import os
import shutil
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from timing import REPO, alternate, build, built  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cold", action="store_true", help="remove the output before every run")
    ap.add_argument("--work", default=os.path.join(REPO, "target", "bench"))
    args = ap.parse_args()
    work = os.path.join(args.work, str(args.n))
    new_root, old_root = os.path.join(work, "pivotbook"), os.path.join(work, "pivotbook-old")
    if not os.path.isdir(os.path.join(new_root, "content")):
        sys.exit(f"no generated site in {new_root}: run bench/run.py --sizes {args.n} first")
    if not os.path.isdir(old_root):
        shutil.copytree(os.path.join(new_root, "content"), os.path.join(old_root, "content"))
        shutil.copy(os.path.join(new_root, "pivotbook.yaml"), old_root)
    floor = built("examples", "floor")
    if not args.cold and not os.path.exists(floor):
        build("--example", "floor")
    tools = {
        "old": ([os.path.abspath(args.old), "build", "--root", old_root], old_root),
        "new": ([os.path.abspath(args.new), "build", "--root", new_root], new_root),
    }
    if not args.cold:
        tools["floor"] = ([floor, os.path.join(new_root, "content"), os.path.join(work, "floor-out")], work)
    def cold(t, cwd):
        if args.cold and t != "floor":
            shutil.rmtree(os.path.join(cwd, "public"), ignore_errors=True)

    results = alternate(tools, args.runs, before=cold)
    print(f"N = {args.n:,}, {args.runs} alternating runs{' from no output' if args.cold else ''}")
    for t, rs in results.items():
        walls = [round(r[0], 2) for r in rs]
        print(f"  {t:<6} wall {statistics.median(r[0] for r in rs):7.3f} s   cpu {statistics.median(r[1] for r in rs):7.3f} s"
              f"   peak {max(r[2] for r in rs):5.0f} MiB   runs {walls}")
    if "floor" in results:
        fl = statistics.median(r[0] for r in results["floor"])
        for t in ("old", "new"):
            print(f"  {t} / floor = {statistics.median(r[0] for r in results[t]) / fl:.2f}x")


if __name__ == "__main__":
    main()
