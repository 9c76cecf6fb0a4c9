#!/usr/bin/env python3
"""The speed benchmark: pivotbook against the floor and Hugo, in one run.

For each N (1,000 and 10,000 by default; add 100,000 with --big) it
generates the synthetic knowledge base (bench/gen.py), then times
pivotbook, the floor (examples/floor.rs) and Hugo alternately: one warm-up
each, then RUNS timed runs each. Every timed run starts with the previous
run's output in place and ends with everything it replaced deleted:
pivotbook replaces what changed in its previous site and deletes it, the floor removes its
previous output first, Hugo is run as `rm -rf public && hugo`.
It prints the median wall time, median CPU time and peak memory of each
tool, and the ratios. "pivotbook" is a repeated build of unchanged content;
"changed" is pivotbook building a site whose every page differs from the
previous run's (the base URL flips), as after a theme edit. Then comes
pivotbook's cold build (no previous output, so every folder is created and
every code block highlighted afresh). Figures, not a pass/fail test.

Usage: bench/run.py [--big] [--runs 5] [--sizes 1000,10000] [--work DIR]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def ensure_hugo():
    if shutil.which("hugo"):
        return shutil.which("hugo")
    print("installing Debian's hugo package ...", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh(["apt-get", "update", "-qq"], env=env)
    sh(["apt-get", "install", "-y", "-qq", "hugo"], env=env, stdout=subprocess.DEVNULL)
    if not shutil.which("hugo"):
        sys.exit("hugo could not be installed")
    return shutil.which("hugo")


def timed(cmd, cwd):
    """Runs cmd (or the command cmd() returns); returns (wall s, cpu s, peak RSS MiB)."""
    if callable(cmd):
        cmd = cmd()
    # stderr goes to a file, not a pipe: a pipe that nobody reads while the
    # tool runs blocks it once its diagnostics fill the pipe's buffer.
    with tempfile.TemporaryFile() as errf:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        errf.seek(0)
        err = errf.read().decode(errors="replace")[-4000:]
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", action="store_true", help="also run N = 100,000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--work", default=os.path.join(REPO, "target", "bench"))
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo")
    ap.add_argument("--reuse", action="store_true", help="reuse a site generated earlier for the same N")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([100000] if args.big else [])

    sh(["cargo", "build", "--release", "--quiet", "--bin", "pivotbook", "--example", "floor"], cwd=REPO)
    pivotbook = os.path.join(REPO, "target", "release", "pivotbook")
    floor = os.path.join(REPO, "target", "release", "examples", "floor")
    hugo = None if args.no_hugo else ensure_hugo()
    if hugo:
        version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
        print(f"hugo: {version}")
    print(f"cores: {os.cpu_count()}, runs: {args.runs} (+1 warm-up each), alternating\n")

    for n in sizes:
        work = os.path.join(args.work, str(n))
        stamp = os.path.join(work, "generated")
        if not (args.reuse and os.path.exists(stamp) and open(stamp).read() == str(n)):
            sh([sys.executable, os.path.join(HERE, "gen.py"), str(n), work])
            with open(stamp, "w") as f:
                f.write(str(n))
        pb_root, hu_root = os.path.join(work, "pivotbook"), os.path.join(work, "hugo")
        # "changed" builds a site whose every page differs from the previous
        # run's (the base URL flips each time), as a theme edit does.
        flip = iter(range(10**9))
        changed = lambda: [pivotbook, "build", "--root", pb_root, "--out", os.path.join(work, "changed-out"),
                           "--base-url", f"https://v{next(flip) % 2}.example/"]
        tools = {
            "pivotbook": ([pivotbook, "build", "--root", pb_root], pb_root),
            "changed": (changed, pb_root),
            "floor": ([floor, os.path.join(pb_root, "content", "notes"), os.path.join(work, "floor-out")], work),
        }
        if hugo:
            tools["hugo"] = (["sh", "-c", f"rm -rf public && {hugo} --quiet -d public"], hu_root)
        results = {t: [] for t in tools}
        for _ in range(1):
            for t, (cmd, cwd) in tools.items():
                timed(cmd, cwd)
        for _ in range(args.runs):
            for t, (cmd, cwd) in tools.items():
                results[t].append(timed(cmd, cwd))
        print(f"N = {n:,} notes")
        print(f"  {'tool':<10} {'wall (median)':>14} {'cpu (median)':>13} {'peak RSS':>10}")
        med = {}
        for t, rs in results.items():
            wall = statistics.median(r[0] for r in rs)
            cpu = statistics.median(r[1] for r in rs)
            rss = max(r[2] for r in rs)
            med[t] = wall
            print(f"  {t:<10} {wall:>12.3f} s {cpu:>11.3f} s {rss:>7.0f} MiB")
        # A first build, with no previous output to reuse highlighted code from.
        cold = []
        for _ in range(args.runs):
            shutil.rmtree(os.path.join(pb_root, "public"), ignore_errors=True)
            cold.append(timed(tools["pivotbook"][0], pb_root))
        cw = statistics.median(r[0] for r in cold)
        print(f"  {'(cold)':<10} {cw:>12.3f} s {statistics.median(r[1] for r in cold):>11.3f} s "
              f"{max(r[2] for r in cold):>7.0f} MiB   pivotbook with no previous output")
        print(f"  pivotbook / floor = {med['pivotbook'] / med['floor']:.2f}x (target <= 1.5x at 10,000); "
              f"every page changed {med['changed'] / med['floor']:.2f}x; cold {cw / med['floor']:.2f}x")
        if "hugo" in med:
            print(f"  hugo / pivotbook  = {med['hugo'] / med['pivotbook']:.2f}x faster than Hugo")
        print()


if __name__ == "__main__":
    main()
