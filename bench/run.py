#!/usr/bin/env python3
"""The speed benchmark: every figure of the speed issue (#24) in one command.

For each N (1,000 and 10,000 by default; add 100,000 with --big) it
generates the synthetic knowledge base (bench/gen.py) in pivotbook's,
Hugo's and Zola's layouts, then times alternately, after one warm-up
each, RUNS clean builds of each tool: pivotbook, the floor
(examples/floor.rs: pulldown-cmark alone, one folder per page), Hugo and
Zola, each removing its previous output inside the timed command, as a
GitHub Pages deploy starts from nothing. A repeated pivotbook build (its
previous output in place) is timed in the same rotation, as a secondary
figure, and so is the write floor (examples/write_floor.rs: pivotbook's
own output, built once beforehand, removed and written again with nothing
computed), which splits pivotbook's distance from the floor into what it
writes and what it computes. It prints median wall time, median CPU time,
peak memory (the largest of the runs) and the pages each tool wrote, then
the ratios.
With --big, 100,000 notes against 10,000 in the same run (and with
--ram DIR, pivotbook and the floor at both sizes again with their output
on a RAM file system, which leaves the disk's own growth out); with --serve,
`pivotbook serve`'s start-up against a clean build and its edit latency
(bench/serve_latency.py). Last come the hardening issue's pathological
inputs at two sizes (bench/pathological.py; --no-pathological skips them). A tool that
fails stops the benchmark. Figures, not a pass/fail test: the last block
compares them with the issue's targets.

Usage: bench/run.py [--sizes 1000,10000] [--runs 5] [--big] [--big-peers]
                    [--zola PATH] [--no-hugo] [--serve] [--no-pathological]
                    [--reuse] [--work DIR] [--ram DIR]
"""
import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pathological  # noqa: E402
import serve_latency  # noqa: E402
from timing import PROFILE, REPO, alternate, build, built, clean_build, filesystem, sh, timed  # noqa: E402

BIG = 100_000
GIB = 1024


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


def find_zola(path):
    """Zola's path, or None after saying why it is skipped."""
    where = path or os.environ.get("ZOLA") or "zola"
    found = shutil.which(where)
    if not found:
        print(f"zola: skipped (not found at {where}; build it from its public source with "
              f"cargo build --release --locked)")
    return found


def version(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    return (out.stdout or out.stderr).strip().splitlines()[0]


def generate(n, work, layouts, reuse):
    """Generates the N-note site in the layouts named (reusing one made before with --reuse)."""
    stamp = os.path.join(work, "generated")
    if reuse and os.path.exists(stamp):
        with open(stamp) as f:
            size, _, made = f.read().strip().partition(" ")
        if size == str(n) and set(layouts) <= set(made.split(",")):
            return
    sh([sys.executable, os.path.join(HERE, "gen.py"), str(n), work, "--only", ",".join(layouts)])
    with open(stamp, "w") as f:
        f.write(f"{n} {','.join(layouts)}")


def pages(folder):
    return sum(1 for _, _, files in os.walk(folder) for f in files if f.endswith(".html"))


def median(xs):
    return statistics.median(xs)


def bench_size(n, args, bins):
    """Times every tool at N notes; returns {tool: (wall, cpu, peak MiB, pages)}."""
    work = os.path.join(args.work, str(n))
    peers = n != args.big_size or args.big_peers
    layouts = ["pivotbook"] + [t for t in ("hugo", "zola") if peers and bins.get(t)]
    generate(n, work, layouts, args.reuse)
    pb = os.path.join(work, "pivotbook")
    hu, zo = os.path.join(work, "hugo"), os.path.join(work, "zola")
    # tool: (command, folder it runs in, folder its pages land in)
    tools = {
        "pivotbook": (clean_build(bins["pivotbook"], pb, os.path.join(work, "pivotbook-out")), pb,
                      os.path.join(work, "pivotbook-out")),
        "floor": ([bins["floor"], os.path.join(pb, "content"), os.path.join(work, "floor-out")], work,
                  os.path.join(work, "floor-out")),
    }
    if "hugo" in layouts:
        tools["hugo"] = (["sh", "-c", 'rm -rf public && exec "$0" --quiet -d public', bins["hugo"]], hu,
                         os.path.join(hu, "public"))
    if "zola" in layouts:
        # zola build refuses an existing --output-dir; its default folder it empties itself,
        # but the removal is made explicit here, as for the others.
        tools["zola"] = (["sh", "-c", 'rm -rf public && exec "$0" build', bins["zola"]], zo,
                         os.path.join(zo, "public"))
    tools["repeated"] = ([bins["pivotbook"], "build", "--root", pb, "--out", os.path.join(pb, "public")], pb,
                         os.path.join(pb, "public"))
    times = None
    if n != args.big_size:
        # The write floor: pivotbook's own output (built once, here) removed and written
        # again with nothing computed. It reports the wall time of that part itself, in
        # `times` (one line per run, the warm-up's first); timing it from outside would add
        # its reading of the whole site.
        ref, times = os.path.join(work, "pivotbook-ref"), os.path.join(work, "write-floor.times")
        shutil.rmtree(ref, ignore_errors=True)
        sh([bins["pivotbook"], "build", "--root", pb, "--out", ref], stdout=subprocess.DEVNULL,
           stderr=subprocess.DEVNULL)
        if os.path.exists(times):
            os.remove(times)
        tools["write floor"] = ([bins["write_floor"], ref, os.path.join(work, "write-floor-out"), times], work,
                                os.path.join(work, "write-floor-out"))
    results = alternate({t: (cmd, cwd) for t, (cmd, cwd, _) in tools.items()}, args.runs)
    wrote = results.pop("write floor", None)
    print(f"N = {n:,} notes: clean builds (previous output removed inside the timed command)")
    print(f"  {'tool':<10} {'wall (median)':>14} {'cpu (median)':>13} {'of it sys':>10} {'peak RSS':>10} "
          f"{'pages':>8}   runs (wall s)")
    figures = {}
    for t, rs in results.items():
        wall, cpu, rss = median(r[0] for r in rs), median(r[1] for r in rs), max(r[2] for r in rs)
        figures[t] = (wall, cpu, rss, pages(tools[t][2]))
        note = "   previous output in place (secondary)" if t == "repeated" else ""
        print(f"  {t:<10} {wall:>12.3f} s {cpu:>11.3f} s {median(r[3] for r in rs):>8.3f} s {rss:>6.0f} MiB "
              f"{figures[t][3]:>8,}   {[round(r[0], 2) for r in rs]}{note}")
    pbw, fl = figures["pivotbook"][0], figures["floor"][0]
    print(f"  pivotbook / floor    = {pbw / fl:.2f}x clean; repeated / floor = {figures['repeated'][0] / fl:.2f}x")
    if wrote:
        with open(times) as f:
            wf_runs = [float(x) for x in f.read().split()][1:]
        wf = median(wf_runs)
        figures["write floor"] = (wf, None, None, pages(tools["write floor"][2]))
        print(f"  write floor {wf:>11.3f} s   pivotbook's own output ({figures['write floor'][3]:,} pages) removed and "
              f"written again, nothing computed; runs {[round(r, 2) for r in wf_runs]}")
        print(f"  write floor / floor  = {wf / fl:.2f}x (the least a clean build writing pivotbook's output takes); "
              f"pivotbook / write floor = {pbw / wf:.2f}x (pivotbook's own work)")
    for peer in ("hugo", "zola"):
        if peer in figures:
            print(f"  {peer} / pivotbook  = {figures[peer][0] / pbw:.2f}x ({peer} wrote {figures[peer][3]:,} pages, "
                  f"{figures[peer][3] / max(figures['pivotbook'][3], 1):.2f} of pivotbook's)")
    print()
    return figures


def bench_serve(n, args, bins, clean):
    """serve's start-up against a clean build of the same N (alternating), then the edit latency."""
    work = os.path.join(args.work, "serve")
    root = serve_latency.prepare(work, source=os.path.join(args.work, str(n), "pivotbook"))
    out = os.path.join(work, "startup-out")
    build = clean_build(bins["pivotbook"], root, os.path.join(work, "built-out"))
    starts, builds = [], []
    for _ in range(args.runs):
        builds.append(timed(build, root)[0])
        starts.append(serve_latency.start_up(bins["pivotbook"], root, out))
    shutil.rmtree(out, ignore_errors=True)
    start, build_wall = median(starts), median(builds)
    print(f"serve at N = {n:,}: start-up (spawn to `serving`, the whole site on disk) {start:.3f} s median "
          f"{[round(s, 2) for s in starts]}; clean build {build_wall:.3f} s in the same minutes "
          f"(the benchmark's clean build: {clean:.3f} s)")
    print(f"  start-up / clean build = {start / build_wall:.2f}x")
    _, edit_pages, edit_all = serve_latency.edits(bins["pivotbook"], root, work)
    shutil.rmtree(work, ignore_errors=True)
    print()
    return start / build_wall, edit_pages, edit_all


def bench_ram(sizes, args, bins):
    """pivotbook and the floor at two sizes with their output folders on a RAM file system
    (`--ram`): their growth without the disk's (see the performance page on this machine's ext4)."""
    out = {}
    for n in sizes:
        pb = os.path.join(args.work, str(n), "pivotbook")
        dirs = {t: os.path.join(args.ram, str(n), f"{t}-out") for t in ("pivotbook", "floor")}
        tools = {"pivotbook": (clean_build(bins["pivotbook"], pb, dirs["pivotbook"]), pb),
                 "floor": ([bins["floor"], os.path.join(pb, "content"), dirs["floor"]], pb)}
        runs = {t: [r[0] for r in rs] for t, rs in alternate(tools, args.runs).items()}
        shutil.rmtree(os.path.join(args.ram, str(n)), ignore_errors=True)
        out[n] = {t: median(r) for t, r in runs.items()}
        print(f"N = {n:,}, output on {args.ram}: pivotbook {out[n]['pivotbook']:.3f} s "
              f"{[round(r, 2) for r in runs['pivotbook']]}, floor {out[n]['floor']:.3f} s "
              f"{[round(r, 2) for r in runs['floor']]}")
    print()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big", action="store_true", help=f"also N = {BIG:,}: pivotbook and the floor")
    ap.add_argument("--big-size", type=int, default=BIG, help="the size --big adds (smaller for a quick check)")
    ap.add_argument("--big-peers", action="store_true", help=f"Hugo and Zola at N = {BIG:,} too (minutes)")
    ap.add_argument("--zola", default=None, help="Zola's binary (default: $ZOLA, or zola on PATH)")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo")
    ap.add_argument("--serve", action="store_true", help="serve's start-up and edit latency at 10,000 notes")
    ap.add_argument("--no-pathological", action="store_true", help="skip the hardening issue's inputs at S and 2S")
    ap.add_argument("--path-scale", type=float, default=1.0, help="scales the pathological inputs' sizes")
    ap.add_argument("--reuse", action="store_true", help="reuse a site generated earlier for the same N")
    ap.add_argument("--work", default=os.path.join(REPO, "target", "bench"))
    ap.add_argument("--ram", default=None, help="with --big: also time pivotbook and the floor at 10,000 and at "
                    "the big size with their output in this folder on a RAM file system (/dev/shm/pb-bench)")
    args = ap.parse_args()
    args.work = os.path.abspath(args.work)
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([args.big_size] if args.big else [])

    build("--bin", "pivotbook", "--example", "floor", "--example", "write_floor")
    bins = {"pivotbook": built("pivotbook"), "floor": built("examples", "floor"),
            "write_floor": built("examples", "write_floor")}
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; load average {load}; "
          f"{os.cpu_count()} cores; pivotbook {commit} and the floor built with --profile {PROFILE}; "
          f"{args.runs} runs (+1 warm-up each), alternating")
    os.makedirs(args.work, exist_ok=True)
    print(f"outputs written to {filesystem(args.work)}" + (f"; --ram: {filesystem(args.ram)}" if args.ram else ""))
    bins["hugo"] = None if args.no_hugo else ensure_hugo()
    if args.no_hugo:
        print("hugo: skipped (--no-hugo)")
    bins["zola"] = find_zola(args.zola)
    for t in ("hugo", "zola"):
        if bins[t]:
            print(f"{t}: {version([bins[t], 'version' if t == 'hugo' else '--version'])}")
    print()

    figures = {n: bench_size(n, args, bins) for n in sizes}
    serve = None
    if args.serve:
        small = [n for n in sizes if n < 100_000 and not (args.big and n == args.big_size)]
        n = 10000 if 10000 in small else max(small, default=None)
        if n is None:
            sys.exit("--serve needs a size under 100,000 in --sizes")
        serve = (n, *bench_serve(n, args, bins, figures[n]["pivotbook"][0]))
    ram = None
    if args.ram and args.big:
        base = max((n for n in sizes if n < args.big_size), default=None)
        if base:
            ram = bench_ram([base, args.big_size], args, bins)
    ratios = pathological.report(bins["pivotbook"], os.path.join(args.work, "pathological"), args.runs,
                                 args.path_scale) if not args.no_pathological else None
    if ratios:
        print()
    summary(figures, args.big_size if args.big else None, serve, ratios, ram)


def summary(figures, big, serve, ratios, ram=None):
    """Each of the issue's targets against this run's figure."""
    print("targets (#24)")

    def line(what, value, target, met):
        mark = "      " if met is None else "met   " if met else "MISSED"
        print(f"  {mark}  {what:<52} {value:>14}   {'target ' if met is not None else ''}{target}")

    for n, f in figures.items():
        r = f["pivotbook"][0] / f["floor"][0]
        limit = 1.15 if n >= 10000 else 1.5 if n >= 1000 else None
        if limit:
            line(f"clean build / floor at {n:,}", f"{r:.2f}x", f"<= {limit}x", r <= limit)
        if "write floor" in f:
            line(f"  write floor (pivotbook's output alone) / floor", f"{f['write floor'][0] / f['floor'][0]:.2f}x",
                 "(for reference)", None)
    base = max((n for n in figures if big and n < big), default=None)
    if base:
        # Linear time: the ratio of the sizes (10x from 10,000 to 100,000).
        limit = big / base
        for t in ("pivotbook", "floor"):
            r = figures[big][t][0] / figures[base][t][0]
            if t == "pivotbook":
                line(f"{t} at {big:,} / at {base:,}", f"{r:.2f}x", f"<= {limit:g}x", r <= limit)
            else:
                line(f"{t} at {big:,} / at {base:,}", f"{r:.2f}x", "(for reference)", None)
    if ram:
        base, top = sorted(ram)
        for t in ("pivotbook", "floor"):
            line(f"{t} at {top:,} / at {base:,}, output in RAM", f"{ram[top][t] / ram[base][t]:.2f}x",
                 "(the disk left out)", None)
    if big:
        rss = figures[big]["pivotbook"][2]
        line(f"peak memory at {big:,}", f"{rss:,.0f} MiB", "< 1 GiB", rss < GIB)
    if serve:
        n, start, edit_pages, edit_all = serve
        line(f"serve start-up / clean build at {n:,}", f"{start:.2f}x", "< 2x", start < 2)
        line("one-note edit to its pages on disk, median of 20", f"{edit_pages * 1000:.1f} ms", "<= 50 ms",
             edit_pages <= 0.05)
        print(f"          (with the index pages too: {edit_all * 1000:.1f} ms)")
    for name, r in (ratios or {}).items():
        line(f"pathological `{name}`: 2S / S", f"{r:.2f}x", "about 2x (4x is quadratic)", r < 3)


if __name__ == "__main__":
    main()
