/* pivotbook: the small link graph of a page. The page carries its node
   number (data-node); this script fetches the neighbours of its bundle
   (graph/n/<b>.json, written at build time by src/graph.rs) after the page
   has rendered and draws them around the page as SVG, in the empty
   <aside> the page carries: a solid line for a
   page this one links to, a dashed one for a page that links here.
   Without JavaScript the section is never shown (the stylesheet shows it
   only once drawn) and the page keeps its plain backlinks list. Titles are only ever inserted as text. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  var LOCAL = 32; /* pages per bundle: LOCAL_BUNDLE in src/graph.rs */
  var KIND = { c: "company", d: "deal", t: "topic", n: "note" };
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function short(t) { return t.length > 28 ? t.slice(0, 27) + "…" : t; }

  /* The section's parts: heading, drawing, legend, caption, a link on. */
  function parts(section) {
    var h2 = document.createElement("h2");
    h2.id = "sec-graph";
    h2.textContent = "Link graph";
    var frame = document.createElement("div");
    frame.className = "local-graph-frame";
    var legend = document.createElement("ul");
    legend.className = "graph-legend";
    legend.setAttribute("aria-label", "Colours");
    ["company", "deal", "topic", "note"].forEach(function (k) {
      var li = document.createElement("li"), swatch = document.createElement("span");
      swatch.className = "swatch graph-" + k;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(k.charAt(0).toUpperCase() + k.slice(1)));
      legend.appendChild(li);
    });
    var note = document.createElement("p");
    note.className = "local-graph-note muted";
    var more = document.createElement("p"), a = document.createElement("a");
    a.href = base + "graph/";
    a.textContent = "The whole knowledge base as a graph";
    more.appendChild(a);
    [h2, frame, legend, note, more].forEach(function (e) { section.appendChild(e); });
    section.setAttribute("aria-labelledby", "sec-graph");
    return { frame: frame, note: note };
  }

  function draw(section, nodes, entry) {
    var self = nodes[entry[0]];
    var more = entry[1];
    var list = [];
    for (var i = 2; i + 1 < entry.length; i += 2) { list.push({ node: nodes[entry[i]], dir: entry[i + 1] }); }
    if (!list.length) { return; }
    var made = parts(section), frame = made.frame, note = made.note;
    var W = 640, H = list.length > 12 ? 420 : 320, cx = W / 2, cy = H / 2;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, "class": "local-graph-svg", "aria-hidden": "true", focusable: "false" });
    var edges = el("g", { "class": "local-graph-edges" });
    var dots = el("g", {});
    svg.appendChild(edges);
    svg.appendChild(dots);
    var labels = list.length <= 16;
    /* One ring for a few neighbours, two (alternating) for more. */
    list.forEach(function (n, i) {
      var ring = list.length > 16 ? (i % 2 ? 0.62 : 1) : 1;
      var a = -Math.PI / 2 + (2 * Math.PI * i) / list.length;
      var x = cx + Math.cos(a) * (W / 2 - 150) * ring, y = cy + Math.sin(a) * (H / 2 - 30) * ring;
      edges.appendChild(el("line", { x1: cx, y1: cy, x2: x.toFixed(1), y2: y.toFixed(1), "class": "dir-" + n.dir }));
      var link = el("a", { href: base + n.node[0], tabindex: "-1" });
      var title = el("title", {});
      title.textContent = n.node[1] + " (" + KIND[n.node[2]] + ")";
      link.appendChild(title);
      link.appendChild(el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 7, "class": "graph-" + KIND[n.node[2]] }));
      if (labels) {
        var right = Math.cos(a) >= -0.01;
        var text = el("text", { x: (x + (right ? 11 : -11)).toFixed(1), y: (y + 4).toFixed(1), "text-anchor": right ? "start" : "end" });
        text.textContent = short(n.node[1]);
        link.appendChild(text);
      }
      dots.appendChild(link);
    });
    dots.appendChild(el("circle", { cx: cx, cy: cy, r: 11, "class": "self graph-" + KIND[self[2]] }));
    frame.appendChild(svg);
    var out = list.filter(function (n) { return n.dir & 1; }).length;
    var inc = list.filter(function (n) { return n.dir & 2; }).length;
    note.textContent = "Links to " + out + (out === 1 ? " page" : " pages") + " (solid lines) and is linked from " + inc +
      (inc === 1 ? " page" : " pages") + " (dashed)" + (more ? "; " + more + " more linked pages are not shown." : ".");
    section.classList.add("is-drawn");
  }

  function start() {
    var section = document.querySelector(".local-graph[data-node]");
    if (!section || !window.fetch) { return; }
    var n = parseInt(section.getAttribute("data-node"), 10);
    if (!(n >= 0)) { return; }
    fetch(base + "graph/n/" + Math.floor(n / LOCAL) + ".json").then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (data) {
      var entry = data.pages[n % LOCAL];
      if (entry) { draw(section, data.nodes, entry); }
    }).catch(function () { /* the page keeps its backlinks list */ });
  }

  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
})();
