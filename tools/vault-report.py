#!/usr/bin/env python3
"""Builds a folder of notes (an Obsidian vault) as a new user would, and reports.

    python3 tools/vault-report.py [--binary target/release/pivotbook] VAULT [VAULT...]

For each vault: a temporary site root whose pivotbook.yaml says only
`links: warn`, a build with `--format json`, the diagnostics grouped by
severity and code (with the first few of each), and a crawl of the built site
for internal links, images and anchors that do not resolve. Exits non-zero
when a build fails or the crawl finds a broken reference. The vault itself is
only read.
"""

import argparse
import collections
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse


class Refs(html.parser.HTMLParser):
    """The ids of one page and the URLs it references."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "img", "script", "source", "iframe", "object", "audio", "video"):
                self.urls.append(a[key])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def crawl(out):
    """Broken internal references of the site in `out`, served at `/`."""
    pages = {}
    for dirpath, _, files in os.walk(out):
        for f in files:
            if f.endswith(".html"):
                path = os.path.join(dirpath, f)
                p = Refs()
                with open(path, encoding="utf-8") as fh:
                    p.feed(fh.read())
                pages[os.path.relpath(path, out).replace(os.sep, "/")] = p
    broken = []
    for rel, p in sorted(pages.items()):
        page_url = "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel
        for url in p.urls:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = urllib.parse.urljoin(page_url, parts.path) if parts.path else page_url
            local = urllib.parse.unquote(target).lstrip("/")
            if local == "" or local.endswith("/"):
                local += "index.html"
            if not os.path.isfile(os.path.join(out, local)):
                broken.append(f"{rel}: `{url}` -> missing {local}")
                continue
            frag = urllib.parse.unquote(parts.fragment)
            if frag and local.endswith(".html"):
                ids = pages.get(local).ids if local in pages else set()
                if frag not in ids:
                    broken.append(f"{rel}: `{url}` -> no id `{frag}` in {local}")
    return len(pages), broken


def report(binary, vault):
    vault = os.path.abspath(vault)
    print(f"== {vault}")
    with tempfile.TemporaryDirectory(prefix="vault-report-") as tmp:
        root, out = os.path.join(tmp, "root"), os.path.join(tmp, "out")
        os.mkdir(root)
        with open(os.path.join(root, "pivotbook.yaml"), "w") as f:
            f.write("links: warn\n")
        start = time.monotonic()
        run = subprocess.run(
            [binary, "build", "--root", root, "--content", vault, "--out", out, "--format", "json"],
            capture_output=True,
            text=True,
        )
        secs = time.monotonic() - start
        diags = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
        groups = collections.defaultdict(list)
        for d in diags:
            groups[(d["severity"], d["code"])].append(d)
        print(f"build: exit {run.returncode} in {secs:.2f}s; {len(diags)} diagnostics")
        print(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "")
        for (sev, code), ds in sorted(groups.items(), key=lambda kv: (kv[0][0] != "error", -len(kv[1]))):
            print(f"  {len(ds):5} {sev} {code}")
            for d in ds[:3]:
                s = d["span"]
                path = os.path.relpath(s["path"], vault) if os.path.isabs(s["path"]) else s["path"]
                print(f"          {path}:{s['line']}:{s['col']}: {d['message'][:140]}")
        if run.returncode != 0:
            return False
        n, broken = crawl(out)
        print(f"crawl: {n} pages, {len(broken)} broken internal references")
        for b in broken[:20]:
            print("   ", b)
        return not broken


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default="target/release/pivotbook")
    ap.add_argument("vaults", nargs="+")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    ok = [report(binary, v) for v in args.vaults]
    sys.exit(0 if all(ok) else 1)


if __name__ == "__main__":
    main()
