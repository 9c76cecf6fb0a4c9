/* pivotbook search: reads the static index under search/ (written at build
   time by src/search.rs) and shows results on the search page. Loaded only
   there. A query fetches search/meta.json, one shard per word and the
   bundles of the results shown; snippets come from the result pages
   themselves. Page text is only ever inserted as text, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list || !window.fetch) { return; }

  var FORMAT = 1;
  var SHOWN = 10;
  var STOP = ["an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "with"];
  var KIND = { company: "Company", deal: "Deal", topic: "Topic", note: "Note", home: "Page" };
  var cache = {};
  var meta = null;
  var generation = 0;

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

  /* The same terms as src/search.rs: lower-cased runs of letters and digits,
     two characters or more, without stop words. */
  function terms(text) {
    return text.split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return Array.from(w).length >= 2;
    }).map(function (w) { return w.toLowerCase(); }).filter(function (w) {
      return STOP.indexOf(w) < 0;
    });
  }
  function prefix(t, n) { return Array.from(t).slice(0, n).join(""); }
  function fileKey(k) {
    if (/^[a-z0-9]+$/.test(k)) { return k; }
    var hex = "x";
    new TextEncoder().encode(k).forEach(function (b) { hex += (b < 16 ? "0" : "") + b.toString(16); });
    return hex;
  }
  function shardOf(t) {
    var k = prefix(t, 2);
    if (meta.split.indexOf(k) >= 0) { k = prefix(t, 3); }
    return "search/t/" + fileKey(k) + ".json";
  }

  /* Postings of a word: page → count. The last word of a query also takes
     the words that start with it (three characters or more). */
  function postings(word, isPrefix) {
    return getJSON(shardOf(word)).then(function (shard) {
      var out = new Map();
      if (!shard) { return out; }
      Object.keys(shard).forEach(function (t) {
        if (t === word || (isPrefix && Array.from(word).length >= 3 && t.indexOf(word) === 0)) {
          var p = shard[t];
          var page = 0;
          for (var i = 0; i < p.length; i += 2) {
            page += p[i];
            out.set(page, (out.get(page) || 0) + p[i + 1]);
          }
        }
      });
      return out;
    });
  }

  function bundle(page) {
    return getJSON("search/d/" + Math.floor(page / meta.bundle) + ".json").then(function (b) {
      return b ? b[page % meta.bundle] : null;
    });
  }

  function clear() { while (list.firstChild) { list.removeChild(list.firstChild); } }

  function snippetOf(text, words) {
    var lower = text.toLowerCase();
    var at = -1;
    words.forEach(function (w) {
      var i = lower.indexOf(w);
      if (i >= 0 && (at < 0 || i < at)) { at = i; }
    });
    if (at < 0) { return null; }
    var start = Math.max(0, at - 70);
    var end = Math.min(text.length, at + 130);
    return { text: text.slice(start, end), lead: start > 0, tail: end < text.length };
  }

  /* Fills a result's snippet from the page itself, the match marked. */
  function fillSnippet(p, url, words) {
    fetch(url).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var main = doc.querySelector("main") || doc.body;
      if (!main) { return; }
      main.querySelectorAll("script, style, svg, nav").forEach(function (n) { n.remove(); });
      var text = (main.textContent || "").replace(/\s+/g, " ").trim();
      var s = snippetOf(text, words);
      if (!s) { return; }
      var lower = s.text.toLowerCase();
      var pos = 0;
      if (s.lead) { p.appendChild(document.createTextNode("… ")); }
      while (pos < s.text.length) {
        var next = -1;
        var len = 0;
        words.forEach(function (w) {
          var i = lower.indexOf(w, pos);
          if (i >= 0 && (next < 0 || i < next)) { next = i; len = w.length; }
        });
        if (next < 0) { p.appendChild(document.createTextNode(s.text.slice(pos))); break; }
        p.appendChild(document.createTextNode(s.text.slice(pos, next)));
        var mark = document.createElement("mark");
        mark.textContent = s.text.slice(next, next + len);
        p.appendChild(mark);
        pos = next + len;
      }
      if (s.tail) { p.appendChild(document.createTextNode(" …")); }
    }).catch(function () { /* the result stays without a snippet */ });
  }

  function show(results, words, total) {
    clear();
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.info[0];
      a.textContent = r.info[1];
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = KIND[r.info[2]] || r.info[2];
      var p = document.createElement("p");
      p.className = "snippet";
      li.appendChild(a);
      li.appendChild(kind);
      li.appendChild(p);
      list.appendChild(li);
      fillSnippet(p, r.info[0], words);
    });
    status.textContent = total === 0 ? "No pages match." :
      (total === 1 ? "1 page matches." : total + " pages match" + (total > results.length ? "; the best " + results.length + " are shown." : "."));
  }

  function search(q) {
    var run = ++generation;
    var words = terms(q);
    if (!words.length) { clear(); status.textContent = q.trim() ? "Type a word of two letters or more." : ""; return; }
    status.textContent = "Searching…";
    getJSON("search/meta.json").then(function (m) {
      if (!m || m.format !== FORMAT) { throw new Error("the search index is missing or of another version"); }
      meta = m;
      return Promise.all(words.map(function (w, i) { return postings(w, i === words.length - 1); }));
    }).then(function (maps) {
      if (run !== generation) { return null; }
      /* Every word must match; score by saturated counts weighted by rarity. */
      var scored = [];
      maps[0].forEach(function (count, page) {
        var score = 0;
        for (var i = 0; i < maps.length; i++) {
          var c = maps[i].get(page);
          if (!c) { return; }
          var idf = Math.log(1 + (meta.pages - maps[i].size + 0.5) / (maps[i].size + 0.5));
          score += idf * (c * 2.2) / (c + 1.2);
        }
        scored.push({ page: page, score: score });
      });
      scored.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
      var top = scored.slice(0, SHOWN);
      return Promise.all(top.map(function (r) { return bundle(r.page); })).then(function (infos) {
        if (run !== generation) { return; }
        show(top.map(function (r, i) { return { info: infos[i] }; }).filter(function (r) { return r.info; }), words, scored.length);
      });
    }).catch(function (e) {
      if (run === generation) { status.textContent = "Search is unavailable: " + e.message; }
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(window.location.href);
      if (input.value) { url.searchParams.set("q", input.value); } else { url.searchParams.delete("q"); }
      history.replaceState(null, "", url);
      search(input.value);
    }, 120);
  });
  input.form.addEventListener("submit", function (e) { e.preventDefault(); search(input.value); });

  /* Arrow keys move between the box and the results. */
  document.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (!links.length) { return; }
    var i = links.indexOf(document.activeElement);
    if (document.activeElement === input && e.key === "ArrowDown") { links[0].focus(); e.preventDefault(); return; }
    if (i < 0) { return; }
    e.preventDefault();
    if (e.key === "ArrowDown" && i + 1 < links.length) { links[i + 1].focus(); }
    if (e.key === "ArrowUp") { (i === 0 ? input : links[i - 1]).focus(); }
  });

  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; search(q); }
})();
