#!/usr/bin/env python3
"""Edit latency of `pivotbook serve` on the synthetic knowledge base.

Copies the generated N-note site (bench/gen.py; 10,000 by default) to a
temporary folder, starts `pivotbook serve` (built as bench/timing.py says) on it, and makes
20 edits of four kinds, 5 of each, every one to a different file:

  body    a sentence added to a note's text
  title   a note's title changed (shown on the pages it links to, in their
          backlinks, and on the page of the notes index that lists it)
  link    a wikilink to a deal added to a note (the deal page gains a backlink)
  amount  a deal's amount changed (shown on the deal, its parties' company
          pages, its topic page, and the deals index)

Each latency runs from just before the edited file is written until every
expected output file (the page and every page that depends on it) holds its
new content on disk; the watcher's debounce is included. The script then
waits for serve to report the update finished, and pauses, before the next
edit (the first edit comes 2 s after start-up, as a writer's first save
would). It prints each edit's figure, the first edit's alone, the median
per kind and the overall median. With --verify (default) it stops serve and checks that serve's
folder is byte-identical to a clean `pivotbook build` of the edited site.

Usage: bench/serve_latency.py [--notes 10000] [--work DIR] [--source DIR] [--no-verify]
  --source  an existing generated site (a folder with pivotbook.yaml and
            content/) to copy instead of generating one
"""
import argparse
import filecmp
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from timing import build, built  # noqa: E402
TIMEOUT = 30.0
# Seconds between start-up and the first edit.
FIRST_PAUSE = 2.0


class Serve:
    def __init__(self, binary, root, out):
        self.p = subprocess.Popen([binary, "serve", "--root", root, "--port", "0", "--out", out],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=dict(os.environ, NO_COLOR="1"))
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, args=(self.p.stderr,), daemon=True).start()
        line = self.p.stdout.readline()
        if not line.startswith("serving "):
            sys.exit(f"serve did not start: {line}{''.join(self.lines)}")

    def _read(self, stream):
        for line in stream:
            with self.cond:
                self.lines.append(line)
                self.cond.notify_all()

    def wait_line(self, start, pattern):
        """Waits for a stderr line at index >= start matching pattern; returns the next index."""
        deadline = time.monotonic() + TIMEOUT
        with self.cond:
            while True:
                for i in range(start, len(self.lines)):
                    if re.search(pattern, self.lines[i]):
                        return i + 1
                left = deadline - time.monotonic()
                if left <= 0:
                    sys.exit(f"serve did not report /{pattern}/:\n{''.join(self.lines[-20:])}")
                self.cond.wait(left)

    def stop(self):
        self.p.send_signal(signal.SIGINT)
        code = self.p.wait(timeout=30)
        if code != 0:
            sys.exit(f"serve exited with {code}")


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def front(text, key):
    m = re.search(rf"^{key}: (.*)$", text, re.M)
    return m.group(1).strip() if m else None


def links_of(text):
    return sorted({m.group(1) for m in re.finditer(r"\[\[([a-z0-9-]+)[#|\]]", text)})


def page_of(slug):
    kind = slug.split("-")[0]
    folder = {"company": "companies", "deal": "deals", "topic": "topics", "note": "notes"}[kind]
    return f"{folder}/{slug}/index.html"


def notes_index_page(titles, slug, title, per_page):
    """The page of the notes index that lists note `slug` once it is titled
    `title`: the notes by title ignoring case, then address, `per_page` to
    a page (the synthetic site has no reading order)."""
    keys = sorted(((title if s == slug else t).lower(), f"notes/{s}/") for s, t in titles.items())
    n = keys.index((title.lower(), f"notes/{slug}/")) // per_page + 1 if per_page else 1
    return "notes/index.html" if n == 1 else f"notes/page/{n}/index.html"


def plan_edits(content):
    """20 edits: (kind, file, new text, {output file: text it must contain})."""
    notes = sorted(os.listdir(os.path.join(content, "notes")))
    titles = {name[:-3]: front(read(os.path.join(content, "notes", name)), "title") for name in notes}
    config = read(os.path.join(os.path.dirname(content), "pivotbook.yaml"))
    per_page = int(front(config, "paginate") or 100)
    deals = sorted(os.listdir(os.path.join(content, "deals")))
    edits = []
    step = len(notes) // 16
    picks = [notes[i * step + 7] for i in range(15)]
    for n, name in enumerate(picks):
        path = os.path.join(content, "notes", name)
        text = read(path)
        slug = name[:-3]
        mine = page_of(slug)
        kind = ["body", "title", "link"][n % 3]
        if kind == "body":
            marker = f"Edited body sentence {n}."
            new = text.rstrip("\n") + f"\n\n{marker}\n"
            edits.append((kind, path, new, {mine: marker}))
        elif kind == "title":
            old = front(text, "title")
            title = f"{old} renamed {n}"
            new = text.replace(f"title: {old}\n", f"title: {title}\n", 1)
            expect = {mine: title, notes_index_page(titles, slug, title, per_page): title}
            # Every page the note links to or names lists it among its backlinks.
            targets = links_of(text) + re.findall(r"(company-\d+|topic-\d+)", text.split("---")[1])
            for t in sorted(set(targets)):
                expect[page_of(t)] = title
            edits.append((kind, path, new, expect))
        else:
            deal = deals[(n * 61) % len(deals)][:-3]
            marker = f"Linked sentence {n}"
            new = text.rstrip("\n") + f"\n\n{marker} with [[{deal}]].\n"
            edits.append((kind, path, new, {mine: f"/{page_of(deal)[:-10]}", page_of(deal): marker}))
    for n in range(5):
        name = deals[n * (len(deals) // 5) + 3]
        path = os.path.join(content, "deals", name)
        text = read(path)
        m = re.search(r'amount: "US\$(\d+)M"', text)
        amount = f"US${int(m.group(1)) + 1}M"
        new = text.replace(m.group(0), f'amount: "{amount}"', 1)
        expect = {page_of(name[:-3]): amount, "deals/index.html": amount}
        fm = text.split("---")[1]
        for t in sorted(set(re.findall(r"(company-\d+|topic-\d+)", fm))):
            expect[page_of(t)] = amount
        edits.append(("amount", path, new, expect))
    order = {"body": 0, "title": 1, "link": 2, "amount": 3}
    # Interleave the kinds: body, title, link, amount, body, ...
    by_kind = {k: [e for e in edits if e[0] == k][:5] for k in order}
    return [by_kind[k][i] for i in range(5) for k in order]


def measure(serve, out, edit, cursor):
    kind, path, new, expect = edit
    # Page that must already differ from the expected text before the edit.
    for rel, needle in expect.items():
        if needle in read(os.path.join(out, rel)):
            sys.exit(f"{rel} already contains {needle!r}: the benchmark would not measure anything")
    pending = dict(expect)
    pages_at = None
    start = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    deadline = start + TIMEOUT
    while pending:
        for rel in list(pending):
            if pending[rel] in read(os.path.join(out, rel)):
                del pending[rel]
        now = time.perf_counter()
        if pages_at is None and all(is_index(rel) for rel in pending):
            pages_at = now
        if now > deadline:
            sys.exit(f"{kind} edit of {path}: still waiting for {sorted(pending)}\n{''.join(serve.lines[-10:])}")
        if pending:
            time.sleep(0.0005)
    latency = time.perf_counter() - start
    cursor = serve.wait_line(cursor, r"^updated: ")
    return pages_at - start, latency, cursor


def is_index(rel):
    """The whole-site views: the index pages, rendered after the edited pages."""
    return rel.count("/") == 1 and rel.endswith("/index.html")


def same_tree(a, b):
    diff = []
    for root, _, files in os.walk(a):
        for f in files:
            p = os.path.join(root, f)
            rel = os.path.relpath(p, a)
            if not filecmp.cmp(p, os.path.join(b, rel), shallow=False):
                diff.append(rel)
    count = lambda d: sum(len(fs) for _, _, fs in os.walk(d))
    return diff, count(a), count(b)


def prepare(work, notes=10000, source=None):
    """Copies the site at `source` (or a generated one of `notes` notes) to work/site; returns that folder."""
    root = os.path.join(work, "site")
    shutil.rmtree(root, ignore_errors=True)
    if source:
        os.makedirs(root)
        shutil.copy(os.path.join(source, "pivotbook.yaml"), root)
        shutil.copytree(os.path.join(source, "content"), os.path.join(root, "content"))
    else:
        gen = os.path.join(work, "gen")
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(notes), gen, "--only", "pivotbook"],
                       check=True)
        shutil.move(os.path.join(gen, "pivotbook"), root)
        shutil.rmtree(os.path.join(root, "public"), ignore_errors=True)
        shutil.rmtree(gen)
    return root


def start_up(binary, root, out):
    """Seconds from spawning `pivotbook serve` into an empty `out` to its `serving ... at` line,
    which it prints once the whole site is on disk; then stops it."""
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    serve = Serve(binary, root, out)
    took = time.perf_counter() - t0
    serve.stop()
    return took


def edits(binary, root, work, verify=True):
    """Starts serve on `root` and makes the 20 edits (printing each); then, with `verify`,
    checks serve's folder against a clean build. Returns (start-up s, median s to the page
    and the pages that depend on it, median s with the index pages too)."""
    out = os.path.join(work, "served")
    shutil.rmtree(out, ignore_errors=True)
    plan = plan_edits(os.path.join(root, "content"))
    t0 = time.perf_counter()
    serve = Serve(binary, root, out)
    started = time.perf_counter() - t0
    print(f"serve started in {started:.1f} s; {serve.lines[-1].strip() if serve.lines else ''}")
    cursor = len(serve.lines)
    figures = {"body": [], "title": [], "link": [], "amount": []}
    print("  kind    file                         files    pages+deps  +indexes")
    try:
        for k, edit in enumerate(plan):
            # A writer's first save comes seconds after the site is up, when memory that
            # start-up freed is due to be handed back; later edits follow each other closely.
            time.sleep(FIRST_PAUSE if k == 0 else 0.3)
            pages, latency, cursor = measure(serve, out, edit, cursor)
            figures[edit[0]].append((pages, latency))
            rel = os.path.relpath(edit[1], root)
            print(f"  {edit[0]:<7} {rel:<28} {len(edit[3]):>3}  {pages * 1000:9.1f} ms {latency * 1000:7.1f} ms   "
                  f"serve: {serve.lines[cursor - 1].strip()}")
    finally:
        serve.stop()
    first = figures[plan[0][0]][0][0]
    print(f"first edit, {FIRST_PAUSE:.0f} s after start-up: {first * 1000:.1f} ms to the page and the pages that depend on it")
    ms = lambda xs: f"{statistics.median(xs) * 1000:7.1f} ms (min {min(xs) * 1000:6.1f}, max {max(xs) * 1000:6.1f})"
    print("\nmedian per kind (5 edits each): the page and the pages that depend on it | with the index pages too")
    for k, v in figures.items():
        print(f"  {k:<7} {ms([p for p, _ in v])}  |  {ms([a for _, a in v])}")
    allp = statistics.median(p for v in figures.values() for p, _ in v)
    alla = statistics.median(a for v in figures.values() for _, a in v)
    print(f"median of all {sum(map(len, figures.values()))} edits: {allp * 1000:.1f} ms to the page and the pages "
          f"that depend on it; {alla * 1000:.1f} ms with the index pages too")
    if verify:
        same_as_clean_build(binary, root, out, os.path.join(work, "built"))
    return started, allp, alla


def same_as_clean_build(binary, root, out, public):
    """Builds `root` into `public` and stops the run unless serve's folder `out` is byte-identical to it."""
    subprocess.run([binary, "build", "--root", root, "--out", public], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    diff, a, b = same_tree(out, public)
    ok = not diff and a == b
    print(f"serve's folder vs a clean build: {a} and {b} files, "
          f"{'byte-identical' if ok else f'{len(diff)} differ, e.g. {diff[:5]}'}")
    if not ok:
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notes", type=int, default=10000)
    ap.add_argument("--work", default=None)
    ap.add_argument("--source", default=None)
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    build("--bin", "pivotbook")
    binary = built("pivotbook")
    work = args.work or tempfile.mkdtemp(prefix="pivotbook-serve-bench-")
    root = prepare(work, args.notes, args.source)
    edits(binary, root, work, verify=not args.no_verify)
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
