/* pivotbook search: reads the static index under search/ (src/search.rs
   writes it) and draws results as you type: ranked, grouped by kind, with a
   kind filter and snippets marking the match. Loaded by the search page, or
   by pivotbook.js on first use (with search-dialog.js). A query fetches
   search/meta.json, one shard per word, and the bundles (search/d/) and
   texts (search/s/) of the results shown; a word that matches nothing
   exactly or by prefix also search/v/keys.json, at most three term lists of
   the typo side index (search/v/) and the shards of the closest terms.
   Page text is inserted as text. */
(function () {
  "use strict";
  if (window.pivotbookSearch || !window.fetch) { return; }
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";

  var FORMAT = 3;
  var STEP = 20;
  /* The most terms a typo is read as, and the most shards fetched for them. */
  var TYPO_TERMS = 12;
  var TYPO_SHARDS = 4;
  var STOP = ["an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "with"];
  var KIND = { company: ["Company", "Companies"], deal: ["Deal", "Deals"], topic: ["Topic", "Topics"],
    note: ["Note", "Notes"], home: ["Page", "Pages"] };
  var cache = {};
  var meta = null;
  var ids = 0;

  function kindName(k, plural) {
    if (KIND[k]) { return KIND[k][plural ? 1 : 0]; }
    return k.charAt(0).toUpperCase() + k.slice(1).replace(/[-_]/g, " ");
  }

  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (r.status === 404) { return null; }
        if (!r.ok) { throw new Error(path + ": HTTP " + r.status); }
        return r.json();
      });
    }
    return cache[path];
  }
  function loadMeta() {
    return getJSON("search/meta.json").then(function (m) {
      if (!m || m.format !== FORMAT) { throw new Error("the search index is missing or of another version"); }
      meta = m;
      return m;
    });
  }

  /* Scripts written without spaces (Han, kana, Thai, Lao, Myanmar, Khmer)
     and Hangul, as is_unspaced in src/search.rs. */
  var UNSPACED_CLASS = "[\\u0e00-\\u0eff\\u1000-\\u109f\\u1100-\\u11ff\\u1780-\\u17ff\\u19e0-\\u19ff\\u3005-\\u3007\\u3040-\\u30ff\\u3130-\\u318f\\u31f0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\ua960-\\ua97f\\ua9e0-\\ua9ff\\uaa60-\\uaa7f\\uac00-\\ud7ff\\uf900-\\ufaff\\uff66-\\uff9f\\u{20000}-\\u{3134f}]";
  var UNSPACED = new RegExp(UNSPACED_CLASS, "u");
  function isUnspaced(c) { return UNSPACED.test(c); }
  /* A letter, mark or digit of a script with spaces between words: what a
     match of a word must not touch (a character of an unspaced script may). */
  var SPACED = "(?:(?!" + UNSPACED_CLASS + ")[\\p{L}\\p{M}\\p{N}])";
  /* The same terms as src/search.rs: lower-cased runs of letters, marks and
     digits in composed form (NFC), two characters or more, without stop
     words; a run of an unspaced script gives each pair of neighbours (or
     its one character). */
  function terms(text) {
    var out = [];
    text.normalize("NFC").split(/[^\p{L}\p{M}\p{N}]+/u).forEach(function (w) {
      var parts = Array.from(w).reduce(function (acc, c) {
        var last = acc[acc.length - 1];
        if (last && last.unspaced === isUnspaced(c)) { last.chars.push(c); } else { acc.push({ unspaced: isUnspaced(c), chars: [c] }); }
        return acc;
      }, []);
      parts.forEach(function (p) {
        if (p.unspaced) {
          if (p.chars.length === 1) { out.push(p.chars[0]); }
          for (var i = 0; i + 1 < p.chars.length; i++) { out.push(p.chars[i] + p.chars[i + 1]); }
        } else if (p.chars.length >= 2) {
          var l = p.chars.join("").toLowerCase();
          if (STOP.indexOf(l) < 0) { out.push(l); }
        }
      });
    });
    return out;
  }
  function prefix(t, n) { return Array.from(t).slice(0, n).join(""); }
  /* The shard key of term `t` (shard_key in src/search.rs): two characters,
     or one of an unspaced script; split, one character more, or for an
     unspaced one a hex digit of the second character. */
  function shardKey(t, split) {
    var c = Array.from(t);
    if (!c.length || !isUnspaced(c[0])) { return prefix(t, split ? 3 : 2); }
    if (!split) { return c[0]; }
    return c[0] + (c.length > 1 ? c[1].codePointAt(0) % 15 + 1 : 0).toString(16);
  }
  function fileKey(k) {
    if (/^[a-z0-9]+$/.test(k)) { return k; }
    var hex = "x";
    new TextEncoder().encode(k).forEach(function (b) { hex += (b < 16 ? "0" : "") + b.toString(16); });
    return hex;
  }
  /* The shard file of term `t`; null when no term starts like it. */
  function shardOf(t) {
    var k = shardKey(t, false);
    if (meta.shards && meta.shards.indexOf(k) < 0) { return null; }
    if (meta.split.indexOf(k) >= 0) { k = shardKey(t, true); }
    return "search/t/" + fileKey(k) + ".json";
  }
  function getShard(t) {
    var path = shardOf(t);
    return path ? getJSON(path) : Promise.resolve(null);
  }

  /* Edit distance with transpositions (optimal string alignment) between
     two arrays of characters; max + 1 as soon as it must exceed max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var before = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) { prev[j] = j; }
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { v = Math.min(v, before[j - 2] + 1); }
        cur[j] = v;
        if (v < best) { best = v; }
      }
      if (best > max) { return max + 1; }
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function decode(p) {
    var out = [];
    var page = 0;
    for (var i = 0; i < p.length; i += 2) { page += p[i]; out.push([page, p[i + 1]]); }
    return out;
  }

  /* The terms that may be `word` with a typo in its first two letters, from
     the side index (src/search/typos.rs): the term lists of the letter pairs
     of its first three letters, only those that have a file. */
  function typoCandidates(word) {
    var c = Array.from(word);
    if (c.length < 4) { return Promise.resolve([]); }
    var pairs = [c[0] + c[1], c[0] + c[2], c[1] + c[2]].filter(function (k, i, all) { return all.indexOf(k) === i; });
    return getJSON("search/v/keys.json").then(function (have) {
      return Promise.all(pairs.filter(function (k) { return have && have.indexOf(k) >= 0; }).map(function (k) {
        return getJSON("search/v/" + fileKey(k) + ".json");
      }));
    }).then(function (lists) {
      var seen = {};
      lists.forEach(function (l) { (l || []).forEach(function (t) { seen[t] = 1; }); });
      return Object.keys(seen);
    });
  }

  /* Edit distance from `chars` to term `t`, at most max + 1; for the word
     being typed, also to the start of longer terms. */
  function closeness(chars, t, max, typing) {
    var tc = Array.from(t);
    var d = distance(chars, tc, max);
    for (var n = chars.length - 1; typing && d > max - 1 && n <= chars.length + 1; n++) {
      if (n < tc.length) { d = Math.min(d, distance(chars, tc.slice(0, n), max)); }
    }
    return d;
  }

  /* The terms a word matches, with a weight: itself (1); when it is the
     word being typed (three characters or more), longer words that start
     with it (0.8); only when neither is in the index, words one edit away
     (0.5), or two for words of eight characters or more (0.3), the word
     being typed also against the start of longer words. Those are looked
     for in the word's own shard and, for a typo in its first two letters,
     among the terms of the typo side index, whose shards are then fetched
     (the closest few only). */
  function matchWord(word, typing) {
    return getShard(word).then(function (shard) {
      var found = [];
      var keys = shard ? Object.keys(shard) : [];
      var chars = Array.from(word);
      keys.forEach(function (t) {
        var starts = typing && (chars.length >= 3 || (chars.length === 1 && isUnspaced(word))) && t.indexOf(word) === 0;
        if (t === word) { found.push({ term: t, weight: 1 }); } else if (starts) {
          found.push({ term: t, weight: 0.8, prefix: true });
        }
      });
      found.forEach(function (f) { f.postings = decode(shard[f.term]); });
      var max = chars.length >= 8 ? 2 : (chars.length >= 4 ? 1 : 0);
      if (found.length || !max) { return { word: word, typing: typing, found: found }; }
      return typoCandidates(word).then(function (side) {
        var close = [];
        var taken = {};
        keys.concat(side).forEach(function (t) {
          if (taken[t]) { return; }
          taken[t] = 1;
          var d = closeness(chars, t, max, typing);
          if (d <= max) { close.push({ term: t, d: d }); }
        });
        close.sort(function (a, b) { return a.d - b.d || (a.term < b.term ? -1 : 1); });
        /* The closest terms, from TYPO_SHARDS shards at most (each may be 96 KB). */
        var shards = {};
        close = close.filter(function (f) {
          var path = shardOf(f.term);
          if (!path || (!shards[path] && Object.keys(shards).length >= TYPO_SHARDS)) { return false; }
          shards[path] = 1;
          return true;
        }).slice(0, TYPO_TERMS);
        return Promise.all(close.map(function (f) { return getShard(f.term); })).then(function (shards) {
          close.forEach(function (f, i) {
            var list = shards[i] && shards[i][f.term];
            if (list) { found.push({ term: f.term, weight: f.d <= 1 ? 0.5 : 0.3, typo: true, postings: decode(list) }); }
          });
          return { word: word, typing: typing, found: found };
        });
      });
    });
  }

  function kindOf(page) {
    var runs = meta.runs;
    var k = 0;
    for (var i = 0; i < runs.length && runs[i] <= page; i += 2) { k = runs[i + 1]; }
    return meta.kinds[k];
  }

  /* Every page that matches all the words, best first: per word, the best
     of its terms' saturated counts, weighted by rarity and match weight. */
  function query(q) {
    var words = terms(q);
    if (!words.length) { return Promise.resolve(null); }
    return loadMeta().then(function () {
      return Promise.all(words.map(function (w, i) { return matchWord(w, i === words.length - 1); }));
    }).then(function (matches) {
      var scores = null;
      matches.forEach(function (m) {
        var best = new Map();
        m.found.forEach(function (f) {
          var df = f.postings.length;
          var idf = Math.log(1 + (meta.pages - df + 0.5) / (df + 0.5));
          f.postings.forEach(function (pc) {
            var s = f.weight * idf * (pc[1] * 2.2) / (pc[1] + 1.2);
            if (!(best.get(pc[0]) >= s)) { best.set(pc[0], s); }
          });
        });
        if (scores === null) { scores = best; return; }
        var next = new Map();
        scores.forEach(function (s, page) { if (best.has(page)) { next.set(page, s + best.get(page)); } });
        scores = next;
      });
      var results = [];
      scores.forEach(function (s, page) { results.push({ page: page, score: s, kind: kindOf(page) }); });
      results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
      return { words: words, matches: matches, results: results, runs: q.normalize("NFC").match(new RegExp(UNSPACED_CLASS + "+", "gu")) || [] };
    });
  }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* A pattern that finds what the query matched in a text. */
  function highlighter(matches, runs) {
    var alts = [];
    matches.forEach(function (m) {
      var typos = m.found.filter(function (f) { return f.typo; });
      if (isUnspaced(Array.from(m.word)[0])) { return; }
      if (typos.length) {
        typos.slice(0, 30).forEach(function (f) { alts.push(escapeRe(f.term) + (m.typing ? SPACED + "*" : "")); });
      } else {
        alts.push(escapeRe(m.word) + (m.typing ? SPACED + "*" : ""));
      }
    });
    var words = alts.length ? ["(?<!" + SPACED + ")(?:" + alts.join("|") + ")(?!" + SPACED + ")"] : [];
    /* A run of an unspaced script in the query is marked whole, inside a word or not. */
    return new RegExp(words.concat(runs.map(escapeRe)).join("|"), "giu");
  }

  /* A snippet of a page's text blocks: the first block with a match, cut
     around it; else the page's first sentence-like block. */
  function snippet(blocks, re) {
    var WIDTH = 180;
    for (var i = 0; i < blocks.length; i++) {
      re.lastIndex = 0;
      var m = re.exec(blocks[i]);
      if (m) {
        var text = blocks[i];
        var start = Math.max(0, m.index - 60);
        if (start > 0) { start = text.indexOf(" ", start) + 1 || start; }
        var end = Math.min(text.length, start + WIDTH);
        if (end < text.length) { end = text.lastIndexOf(" ", end) > m.index ? text.lastIndexOf(" ", end) : end; }
        return { text: text.slice(start, end), lead: start > 0, tail: end < text.length };
      }
    }
    var first = blocks.filter(function (b) { return b.split(" ").length >= 8; })[0] || blocks[0] || "";
    var cut = first.length > WIDTH ? first.lastIndexOf(" ", WIDTH) : first.length;
    return { text: first.slice(0, cut > 0 ? cut : WIDTH), lead: false, tail: cut < first.length };
  }

  function fillSnippet(p, blocks, re) {
    var s = snippet(blocks || [], re);
    if (s.lead) { p.appendChild(document.createTextNode("… ")); }
    var pos = 0;
    var m;
    re.lastIndex = 0;
    while ((m = re.exec(s.text)) !== null) {
      if (!m[0]) { re.lastIndex++; continue; }
      p.appendChild(document.createTextNode(s.text.slice(pos, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      p.appendChild(mark);
      pos = m.index + m[0].length;
    }
    p.appendChild(document.createTextNode(s.text.slice(pos)));
    if (s.tail) { p.appendChild(document.createTextNode(" …")); }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  /* The results of one search box, drawn into `host`: a kind filter, the
     groups of results and "more results"; `status` says how many match;
     the arrow keys work inside `scope`; group titles are h`level`. */
  function Panel(host, input, status, scope, level) {
    var id = "sr" + (++ids);
    var kinds = el("div", "search-kinds");
    kinds.setAttribute("role", "group");
    kinds.setAttribute("aria-label", "Show results of one kind");
    var groups = el("div", "search-groups");
    var more = el("button", "search-more");
    more.type = "button";
    more.hidden = true;
    host.appendChild(kinds);
    host.appendChild(groups);
    host.appendChild(more);
    var state = { run: 0, found: null, kind: "", shown: STEP };

    function focusables() {
      return Array.prototype.slice.call(host.querySelectorAll(".search-groups a, .search-more:not([hidden])"));
    }

    function drawKinds() {
      while (kinds.firstChild) { kinds.removeChild(kinds.firstChild); }
      var found = state.found;
      if (!found || !found.results.length) { return; }
      var counts = {};
      found.results.forEach(function (r) { counts[r.kind] = (counts[r.kind] || 0) + 1; });
      [""].concat(meta.kinds.filter(function (k) { return counts[k]; })).forEach(function (k) {
        var b = el("button", "search-kind");
        b.type = "button";
        b.setAttribute("data-kind", k);
        b.setAttribute("aria-pressed", state.kind === k ? "true" : "false");
        b.appendChild(document.createTextNode(k ? kindName(k, true) : "All"));
        b.appendChild(el("span", "search-count", " " + (k ? counts[k] : found.results.length)));
        b.addEventListener("click", function () {
          state.kind = state.kind === k ? "" : k;
          state.shown = STEP;
          draw(false);
          var again = kinds.querySelector('[data-kind="' + k + '"]');
          if (again) { again.focus(); }
        });
        kinds.appendChild(b);
      });
    }

    function say(text) { status.textContent = text; }

    /* Draws the results of state.found under the kind filter. */
    function draw(keepFocus) {
      var run = state.run;
      var found = state.found;
      drawKinds();
      var list = found.results.filter(function (r) { return !state.kind || r.kind === state.kind; });
      var shown = list.slice(0, state.shown);
      var need = {};
      shown.forEach(function (r) {
        need["search/d/" + Math.floor(r.page / meta.bundle) + ".json"] = 1;
        need["search/s/" + Math.floor(r.page / meta.text) + ".json"] = 1;
      });
      return Promise.all(Object.keys(need).map(getJSON)).then(function () {
        return Promise.all(shown.map(function (r) {
          return Promise.all([
            getJSON("search/d/" + Math.floor(r.page / meta.bundle) + ".json"),
            getJSON("search/s/" + Math.floor(r.page / meta.text) + ".json"),
          ]).then(function (f) {
            return { r: r, info: f[0] && f[0][r.page % meta.bundle], text: f[1] && f[1][r.page % meta.text] };
          });
        }));
      }).then(function (items) {
        if (run !== state.run) { return; }
        var index = focusables().indexOf(document.activeElement);
        while (groups.firstChild) { groups.removeChild(groups.firstChild); }
        var re = highlighter(found.matches, found.runs);
        var order = [];
        var byKind = {};
        items.forEach(function (it) {
          if (!it.info) { return; }
          if (!byKind[it.r.kind]) { byKind[it.r.kind] = []; order.push(it.r.kind); }
          byKind[it.r.kind].push(it);
        });
        order.forEach(function (k, g) {
          var section = el("section", "search-group");
          var h = el("h" + (level || 3), "search-group-title", kindName(k, true));
          h.id = id + "-g" + g;
          var ol = el("ol", "search-results");
          ol.setAttribute("aria-labelledby", h.id);
          byKind[k].forEach(function (it) {
            var li = el("li", "search-result");
            var a = el("a", "result-link", it.info[1]);
            a.href = it.info[0];
            li.appendChild(a);
            var p = el("p", "snippet");
            fillSnippet(p, it.text, re);
            li.appendChild(p);
            ol.appendChild(li);
          });
          section.appendChild(h);
          section.appendChild(ol);
          groups.appendChild(section);
        });
        var rest = list.length - shown.length;
        more.hidden = rest <= 0;
        more.textContent = "Show " + Math.min(rest, STEP) + " more of " + list.length;
        var total = found.results.length;
        var what = total === 1 ? "1 page matches" : total + " pages match";
        if (state.kind) { what += "; " + list.length + " " + kindName(state.kind, list.length !== 1).toLowerCase(); }
        var typos = [];
        found.matches.forEach(function (m) {
          if (m.found.length && m.found[0].typo) { typos.push(m.word + " → " + m.found.slice(0, 3).map(function (f) { return f.term; }).join(", ")); }
        });
        say(what + (shown.length < list.length ? "; the best " + shown.length + " are shown" : "") + "." +
          (typos.length ? " Close spellings: " + typos.join("; ") + "." : ""));
        if (keepFocus && index >= 0) {
          var f = focusables();
          if (f.length) { f[Math.min(index, f.length - 1)].focus(); }
        }
      });
    }

    more.addEventListener("click", function () {
      state.shown += STEP;
      draw(true);
    });

    function search(q) {
      var run = ++state.run;
      if (!terms(q).length) {
        state.found = null;
        while (groups.firstChild) { groups.removeChild(groups.firstChild); }
        while (kinds.firstChild) { kinds.removeChild(kinds.firstChild); }
        more.hidden = true;
        say(q.trim() ? "Type a word of two letters or more." : "");
        return Promise.resolve();
      }
      say("Searching…");
      return query(q).then(function (found) {
        if (run !== state.run) { return null; }
        state.found = found;
        state.shown = STEP;
        if (!found.results.length) {
          while (groups.firstChild) { groups.removeChild(groups.firstChild); }
          drawKinds();
          more.hidden = true;
          say("No pages match.");
          return null;
        }
        if (state.kind && !found.results.some(function (r) { return r.kind === state.kind; })) { state.kind = ""; }
        return draw(false);
      }).catch(function (e) {
        if (run === state.run) { say("Search is unavailable: " + e.message); }
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, 60);
    });

    /* Arrow keys move between the box and the results; typing on a result
       goes back to the box. */
    scope.addEventListener("keydown", function (e) {
      var f = focusables();
      var i = f.indexOf(document.activeElement);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (document.activeElement === input) {
          if (e.key === "ArrowDown" && f.length) { f[0].focus(); e.preventDefault(); }
          return;
        }
        if (i < 0) { return; }
        e.preventDefault();
        if (e.key === "ArrowDown" && i + 1 < f.length) { f[i + 1].focus(); }
        if (e.key === "ArrowUp") { (i === 0 ? input : f[i - 1]).focus(); }
      } else if (i >= 0 && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== " ") {
        input.focus();
      }
    });

    return { search: search, first: function () { return host.querySelector(".search-groups a"); } };
  }

  /* The search page: the panel under its own box; the address keeps the query. */
  function initPage() {
    var input = document.getElementById("search-q");
    var host = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!input || !host || !status) { return null; }
    var panel = Panel(host, input, status, document.getElementById("main") || document.body, 2);
    input.addEventListener("input", function () {
      var url = new URL(window.location.href);
      if (input.value) { url.searchParams.set("q", input.value); } else { url.searchParams.delete("q"); }
      history.replaceState(null, "", url);
    });
    input.form.addEventListener("submit", function (e) { e.preventDefault(); panel.search(input.value); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; panel.search(q); }
    window.pivotbookSearch.open = function () { input.focus(); };
  }

  /* search-dialog.js sets `open` where there is no search page. */
  window.pivotbookSearch = { Panel: Panel, el: el, open: null };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", initPage); } else { initPage(); }
})();
