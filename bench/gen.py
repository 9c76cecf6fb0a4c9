#!/usr/bin/env python3
"""Generates a deterministic synthetic knowledge base for the benchmark.

N notes (~8 KB each: sections, lists, a table, a code block, 5-10
wikilinks), N/20 companies, N/50 topics and N/10 deals, written in
pivotbook's layout (DIR/pivotbook), in Hugo's (DIR/hugo: the same pages
with ordinary links, taxonomies for topics and companies, and plain
templates copied from bench/hugo-layouts) and in Zola's (DIR/zola: the
same pages with `@/notes/x.md` internal links, which Zola checks as
pivotbook checks its links, taxonomies for topics and companies, code
highlighting on, and the templates and config of bench/zola-layout).

Usage: gen.py N DIR [--only pivotbook,hugo,zola]
"""
import argparse
import os
import random
import shutil
import sys

WORDS = ("capacity financing lender miner hosting contract lease megawatt campus tenant "
         "hyperscaler cluster power grid cooling revenue margin debt notes coupon tranche "
         "security covenant rating backstop warrant equity deployment delivery schedule "
         "interconnection substation turbine liquid rack density inference training").split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def sentence(rng):
    s = words(rng, rng.randint(8, 16))
    return s[0].upper() + s[1:] + "."


def paragraph(rng, links):
    parts = [sentence(rng) for _ in range(rng.randint(3, 5))]
    if links:
        i = rng.randrange(len(parts))
        parts[i] = parts[i][:-1] + f" with {links.pop()}."
    return " ".join(parts)


def body(rng, links, style):
    """About 8 KB of markdown. `style` renders a (slug, text, section) link."""
    pending = [style(*l) for l in links]
    out = []
    for s in range(5):
        out.append(f"## Section {s + 1}: {words(rng, 3)}\n")
        for _ in range(3):
            out.append(paragraph(rng, pending) + "\n")
        out.append("\n".join(f"- {words(rng, rng.randint(5, 10))}" for _ in range(5)) + "\n")
        if s == 1:
            out.append("| Item | Value | Note |\n|---|---:|---|\n" + "\n".join(
                f"| {words(rng, 2)} | {rng.randint(1, 999)} MW | {words(rng, 4)} |" for _ in range(6)) + "\n")
        if s == 2:
            out.append("```python\n" + "\n".join(
                f"def f{i}(x):\n    return x * {rng.randint(2, 9)} + {rng.randint(0, 99)}" for i in range(6)) + "\n```\n")
    while pending:
        out.append(paragraph(rng, pending) + "\n")
    return "\n".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def pb_link(kind, slug, text, section):
    return f"[[{slug}#{section}|{text}]]" if section else f"[[{slug}|{text}]]"


def hu_link(kind, slug, text, section):
    anchor = f"#{section.lower().replace(' ', '-').replace(':', '')}" if section else ""
    return f"[{text}](/{kind}/{slug}/{anchor})"


def zo_link(kind, slug, text, section):
    anchor = f"#{section.lower().replace(' ', '-').replace(':', '')}" if section else ""
    return f"[{text}](@/{kind}/{slug}.md{anchor})"


def zola_page(title, date=None, taxonomies=None, extra=None):
    """TOML front matter of a Zola page (YAML would do too; TOML is Zola's own)."""
    lines = ["+++", f'title = "{title}"']
    if date:
        lines.append(f"date = {date}")
    for table, values in (("taxonomies", taxonomies), ("extra", extra)):
        if values:
            lines.append(f"[{table}]")
            lines += [f"{k} = {v}" for k, v in values.items()]
    return "\n".join(lines) + "\n+++\n"


def toml_list(items):
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("root")
    ap.add_argument("--only", default="pivotbook,hugo,zola", help="which layouts to write")
    args = ap.parse_args()
    n, root, only = args.n, args.root, set(args.only.split(","))
    rng = random.Random(20260601)
    nc, nt, nd = max(n // 20, 2), max(n // 50, 1), max(n // 10, 1)
    companies = [f"company-{i:05d}" for i in range(nc)]
    topics = [f"topic-{i:04d}" for i in range(nt)]
    deals = [f"deal-{i:05d}" for i in range(nd)]
    notes = [f"note-{i:06d}" for i in range(n)]
    pb, hu, zo = (os.path.join(root, t) for t in ("pivotbook", "hugo", "zola"))
    for d in (pb, hu, zo):
        shutil.rmtree(d, ignore_errors=True)
    # A tool left out writes nowhere: its files go to a sink.
    put = {t: (write if t in only else lambda path, text: None) for t in ("pivotbook", "hugo", "zola")}
    src = "  - {url: \"https://example.com/s\", title: Source}\n"
    here = os.path.dirname(os.path.abspath(__file__))
    put["pivotbook"](os.path.join(pb, "pivotbook.yaml"), "title: Bench\nbase_url: /\n")
    if "hugo" in only:
        shutil.copytree(os.path.join(here, "hugo-layouts"), os.path.join(hu, "layouts"))
    put["hugo"](os.path.join(hu, "hugo.toml"),
                'baseURL = "/"\ntitle = "Bench"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
                '[taxonomies]\n  topic = "topics"\n  company = "companies-tax"\n'
                '[markup.highlight]\n  noClasses = false\n')
    if "zola" in only:
        shutil.copytree(os.path.join(here, "zola-layout"), zo)
    # Zola's sections: the home page and one per kind, each listing its pages.
    put["zola"](os.path.join(zo, "content", "_index.md"), '+++\ntitle = "Bench"\n+++\n')
    for kind, sort in (("companies", "title"), ("deals", "date"), ("topics", "title"), ("notes", "date")):
        put["zola"](os.path.join(zo, "content", kind, "_index.md"),
                    f'+++\ntitle = "{kind.title()}"\nsort_by = "{sort}"\n+++\n')

    for i, c in enumerate(companies):
        fm_pb = (f"---\nname: Company {i}\ncategory: miner\nsummary: A company.\ntopics: [{topics[i % nt]}]\n"
                 f"tickers:\n  - {{symbol: C{i}, exchange: Nasdaq}}\nsources:\n{src}---\n")
        text = f"{sentence(rng)} {sentence(rng)}\n"
        put["pivotbook"](os.path.join(pb, "content/companies", c + ".md"), fm_pb + text)
        put["hugo"](os.path.join(hu, "content/companies", c + ".md"),
                    f"---\ntitle: Company {i}\ntopics: [{topics[i % nt]}]\n---\n" + text)
        put["zola"](os.path.join(zo, "content/companies", c + ".md"),
                    zola_page(f"Company {i}", taxonomies={"topics-tax": toml_list([topics[i % nt]])}) + text)
    for i, t in enumerate(topics):
        text = f"{sentence(rng)}\n"
        put["pivotbook"](os.path.join(pb, "content/topics", t + ".md"),
                         f"---\ntitle: Topic {i}\ndescription: A topic.\n---\n" + text)
        put["hugo"](os.path.join(hu, "content/topics", t, "_index.md"), f"---\ntitle: Topic {i}\n---\n" + text)
        put["zola"](os.path.join(zo, "content/topics", t + ".md"), zola_page(f"Topic {i}") + text)
    for i, d in enumerate(deals):
        a, b = companies[i % nc], companies[(i * 7 + 3) % nc]
        amount = rng.randint(1, 9000)
        date = f"{2022 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        text = f"{sentence(rng)} {sentence(rng)}\n"
        put["pivotbook"](os.path.join(pb, "content/deals", d + ".md"),
                         f"---\ntitle: Deal {i}\ndate: {date}\nkinds: [financing]\nparties:\n"
                         f"  - {{company: {a}, role: borrower}}\n  - {{company: {b}, role: lender}}\n"
                         f"amounts:\n  - {{kind: financing, amount: \"US${amount}M\"}}\n"
                         f"topics: [{topics[i % nt]}]\nsources:\n{src}---\n" + text)
        put["hugo"](os.path.join(hu, "content/deals", d + ".md"),
                    f"---\ntitle: Deal {i}\ndate: {date}\ntopics: [{topics[i % nt]}]\ncompanies-tax: [{a}, {b}]\n"
                    f"params:\n  amount: \"US${amount}M\"\n---\n" + text)
        put["zola"](os.path.join(zo, "content/deals", d + ".md"),
                    zola_page(f"Deal {i}", date,
                              {"topics-tax": toml_list([topics[i % nt]]), "companies-tax": toml_list([a, b])},
                              {"amount": f'"US${amount}M"'}) + text)
    for i, note in enumerate(notes):
        links = []
        for _ in range(rng.randint(5, 10)):
            r = rng.random()
            if r < 0.7:
                links.append(("notes", notes[rng.randrange(n)], words(rng, 2), None))
            elif r < 0.85:
                links.append(("companies", companies[rng.randrange(nc)], words(rng, 2), None))
            else:
                links.append(("deals", deals[rng.randrange(nd)], words(rng, 2), None))
        # The same body in each layout: the same random draws, only the links differ.
        state = rng.getstate()
        bodies = {}
        for tool, style in (("pivotbook", pb_link), ("hugo", hu_link), ("zola", zo_link)):
            rng.setstate(state)
            bodies[tool] = body(rng, list(links), style)
        co, tp = companies[i % nc], topics[i % nt]
        put["pivotbook"](os.path.join(pb, "content/notes", note + ".md"),
                         f"---\ntitle: Note {i}\ndate: 2025-{1 + i % 12:02d}\ncompanies: [{co}]\ntopics: [{tp}]\n---\n"
                         + bodies["pivotbook"])
        put["hugo"](os.path.join(hu, "content/notes", note + ".md"),
                    f"---\ntitle: Note {i}\ndate: 2025-{1 + i % 12:02d}-01\ncompanies-tax: [{co}]\ntopics: [{tp}]\n---\n"
                    + bodies["hugo"])
        put["zola"](os.path.join(zo, "content/notes", note + ".md"),
                    zola_page(f"Note {i}", f"2025-{1 + i % 12:02d}-01",
                              {"topics-tax": toml_list([tp]), "companies-tax": toml_list([co])}) + bodies["zola"])
    print(f"generated {n} notes, {nc} companies, {nt} topics, {nd} deals in {root} ({', '.join(sorted(only))})")


if __name__ == "__main__":
    main()
