#!/usr/bin/env python3
"""Generates a deterministic synthetic knowledge base for the benchmark.

N notes (~8 KB each: sections, lists, a table, a code block, 5-10
wikilinks), N/20 companies, N/50 topics and N/10 deals, written twice:
in pivotbook's layout (DIR/pivotbook) and in Hugo's (DIR/hugo, the same
pages with ordinary links, taxonomies for topics and companies, and plain
templates copied from bench/hugo-layouts).

Usage: gen.py N DIR
"""
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


def main():
    n, root = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20260601)
    nc, nt, nd = max(n // 20, 2), max(n // 50, 1), max(n // 10, 1)
    companies = [f"company-{i:05d}" for i in range(nc)]
    topics = [f"topic-{i:04d}" for i in range(nt)]
    deals = [f"deal-{i:05d}" for i in range(nd)]
    notes = [f"note-{i:06d}" for i in range(n)]
    pb, hu = os.path.join(root, "pivotbook"), os.path.join(root, "hugo")
    for d in (pb, hu):
        shutil.rmtree(d, ignore_errors=True)
    src = "  - {url: \"https://example.com/s\", title: Source}\n"
    write(os.path.join(pb, "pivotbook.yaml"), "title: Bench\nbase_url: /\n")
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.copytree(os.path.join(here, "hugo-layouts"), os.path.join(hu, "layouts"))
    write(os.path.join(hu, "hugo.toml"),
          'baseURL = "/"\ntitle = "Bench"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
          '[taxonomies]\n  topic = "topics"\n  company = "companies-tax"\n'
          '[markup.highlight]\n  noClasses = false\n')

    def pb_link(kind, slug, text, section):
        return f"[[{slug}#{section}|{text}]]" if section else f"[[{slug}|{text}]]"

    def hu_link(kind, slug, text, section):
        anchor = f"#{section.lower().replace(' ', '-').replace(':', '')}" if section else ""
        return f"[{text}](/{kind}/{slug}/{anchor})"

    for i, c in enumerate(companies):
        fm_pb = (f"---\nname: Company {i}\ncategory: miner\nsummary: A company.\ntopics: [{topics[i % nt]}]\n"
                 f"tickers:\n  - {{symbol: C{i}, exchange: Nasdaq}}\nsources:\n{src}---\n")
        text = f"{sentence(rng)} {sentence(rng)}\n"
        write(os.path.join(pb, "content/companies", c + ".md"), fm_pb + text)
        write(os.path.join(hu, "content/companies", c + ".md"),
              f"---\ntitle: Company {i}\ntopics: [{topics[i % nt]}]\n---\n" + text)
    for i, t in enumerate(topics):
        text = f"{sentence(rng)}\n"
        write(os.path.join(pb, "content/topics", t + ".md"), f"---\ntitle: Topic {i}\ndescription: A topic.\n---\n" + text)
        write(os.path.join(hu, "content/topics", t, "_index.md"), f"---\ntitle: Topic {i}\n---\n" + text)
    for i, d in enumerate(deals):
        a, b = companies[i % nc], companies[(i * 7 + 3) % nc]
        amount = rng.randint(1, 9000)
        date = f"{2022 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        text = f"{sentence(rng)} {sentence(rng)}\n"
        write(os.path.join(pb, "content/deals", d + ".md"),
              f"---\ntitle: Deal {i}\ndate: {date}\nkinds: [financing]\nparties:\n  - {{company: {a}, role: borrower}}\n"
              f"  - {{company: {b}, role: lender}}\namounts:\n  - {{kind: financing, amount: \"US${amount}M\"}}\n"
              f"topics: [{topics[i % nt]}]\nsources:\n{src}---\n" + text)
        write(os.path.join(hu, "content/deals", d + ".md"),
              f"---\ntitle: Deal {i}\ndate: {date}\ntopics: [{topics[i % nt]}]\ncompanies-tax: [{a}, {b}]\n"
              f"params:\n  amount: \"US${amount}M\"\n---\n" + text)
    for i, note in enumerate(notes):
        links = []
        for _ in range(rng.randint(5, 10)):
            r = rng.random()
            if r < 0.5:
                links.append(("notes", notes[rng.randrange(n)], words(rng, 2), None))
            elif r < 0.7:
                links.append(("notes", notes[rng.randrange(n)], words(rng, 2), "Section 2: " if False else None))
            elif r < 0.85:
                links.append(("companies", companies[rng.randrange(nc)], words(rng, 2), None))
            else:
                links.append(("deals", deals[rng.randrange(nd)], words(rng, 2), None))
        state = rng.getstate()
        b_pb = body(rng, list(links), lambda k, s, t, sec: pb_link(k, s, t, sec))
        rng.setstate(state)
        b_hu = body(rng, list(links), lambda k, s, t, sec: hu_link(k, s, t, sec))
        co, tp = companies[i % nc], topics[i % nt]
        write(os.path.join(pb, "content/notes", note + ".md"),
              f"---\ntitle: Note {i}\ndate: 2025-{1 + i % 12:02d}\ncompanies: [{co}]\ntopics: [{tp}]\n---\n" + b_pb)
        write(os.path.join(hu, "content/notes", note + ".md"),
              f"---\ntitle: Note {i}\ndate: 2025-{1 + i % 12:02d}-01\ncompanies-tax: [{co}]\ntopics: [{tp}]\n---\n" + b_hu)
    print(f"generated {n} notes, {nc} companies, {nt} topics, {nd} deals in {root}")


if __name__ == "__main__":
    main()
