/* pivotbook: the whole link graph on /graph/. The layout is computed at
   build time (src/graph.rs): this script fetches graph/graph.json (the
   kinds' letters and names, node kinds, integer positions, edges as number pairs) and draws it on a
   canvas; d3-zoom (vendor/d3-graph.min.js) handles dragging, wheel and
   pinch zoom, d3-quadtree finds the dot under the pointer. Titles and
   addresses come from the search bundles (search/d/<n>.json), fetched only
   for the dots pointed at. The work is cut into short tasks so the page
   never stalls: the dots are redrawn whole on every frame (small ones as
   squares, cheap to paint), the links on a canvas of their own beneath, a
   slice per frame, and while the graph moves that canvas is only shifted
   and scaled. Titles are only ever inserted as text. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  var d3 = window.pivotbookD3;
  var frame = document.getElementById("graph-frame");
  var canvas = document.getElementById("graph-canvas");
  var tip = document.getElementById("graph-tip");
  var status = document.getElementById("graph-status");
  if (!d3 || !frame || !canvas || !tip || !status || !window.fetch) { return; }

  var FORMAT = 1;
  /* The kinds' letters and names come from graph.json's legend. */
  var KINDS = "";
  var NAMES = [];
  var g = null; /* { n, kind: Uint8Array, x, y: Float32Array, edges: Uint32Array, r: Float32Array } */
  var colours = null;
  var transform = d3.zoomIdentity;
  var fit = d3.zoomIdentity;
  var tree = null;
  var hover = -1;
  var pending = false;
  var bundles = {};
  var ctx = canvas.getContext("2d");
  var under = document.createElement("canvas");
  var ectx = under.getContext("2d");
  var SLICE = 12000; /* links painted per frame */
  var edgeDone = 0, edgeAt = null, edgeFrame = 0;
  var zoom = null;
  var selection = d3.select(canvas);

  function later(f) { setTimeout(f, 0); }

  function readColours() {
    var s = getComputedStyle(document.documentElement);
    var v = function (name) { return s.getPropertyValue(name).trim(); };
    colours = { kind: [v("--chart-1"), v("--chart-2"), v("--chart-3"), v("--chart-4")], edge: v("--muted"),
      bg: v("--surface"), ring: v("--text") };
  }

  function label(i) {
    var b = Math.floor(i / g.bundle);
    if (!bundles[b]) {
      bundles[b] = fetch(base + "search/d/" + b + ".json").then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      });
    }
    return bundles[b].then(function (list) { return list[i % g.bundle]; });
  }

  function decode(data) {
    var n = data.nodes;
    var kind = new Uint8Array(n), x = new Float32Array(n), y = new Float32Array(n), deg = new Uint32Array(n);
    KINDS = data.legend.map(function (l) { return l[0]; }).join("");
    NAMES = data.legend.map(function (l) { return l[1]; });
    for (var i = 0; i < n; i++) {
      kind[i] = KINDS.indexOf(data.kinds.charAt(i));
      x[i] = data.xy[2 * i];
      y[i] = data.xy[2 * i + 1];
    }
    var m = data.edges.length / 2, edges = new Uint32Array(2 * m), from = 0;
    for (var e = 0; e < m; e++) {
      from += data.edges[2 * e];
      edges[2 * e] = from;
      edges[2 * e + 1] = data.edges[2 * e + 1];
      deg[from]++;
      deg[data.edges[2 * e + 1]]++;
    }
    var r = new Float32Array(n);
    /* Dots grow with their links, and are larger in a small graph. */
    var grow = Math.min(4, Math.max(1, Math.sqrt(1000 / n)));
    var rmax = 0;
    for (i = 0; i < n; i++) {
      r[i] = grow * (10 + 6 * Math.sqrt(deg[i]));
      rmax = Math.max(rmax, r[i]);
    }
    return { n: n, m: m, kind: kind, x: x, y: y, edges: edges, r: r, rmax: rmax, bundle: data.bundle };
  }

  function size() {
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth, h = canvas.clientHeight;
    canvas.width = under.width = Math.round(w * ratio);
    canvas.height = under.height = Math.round(h * ratio);
    under.style.width = w + "px";
    under.style.height = h + "px";
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    edgeAt = null;
    var k = Math.min(w, h) / 10400;
    fit = d3.zoomIdentity.translate((w - 10000 * k) / 2, (h - 10000 * k) / 2).scale(k);
  }

  /* Paints the next slice of links for the current view; the view's links
     are painted afresh when it has changed. */
  function drawEdges() {
    var t = transform, ratio = window.devicePixelRatio || 1;
    if (!edgeAt || edgeAt.k !== t.k || edgeAt.x !== t.x || edgeAt.y !== t.y) {
      edgeAt = t;
      edgeDone = 0;
      under.style.transform = "";
      ectx.setTransform(1, 0, 0, 1, 0, 0);
      ectx.clearRect(0, 0, under.width, under.height);
    }
    if (edgeDone >= g.edges.length) { return; }
    var w = canvas.clientWidth, h = canvas.clientHeight, k = t.k;
    /* The view in layout units, to skip links that lie wholly outside. */
    var x0 = -t.x / k, y0 = -t.y / k, x1 = (w - t.x) / k, y1 = (h - t.y) / k;
    ectx.setTransform(ratio * k, 0, 0, ratio * k, ratio * t.x, ratio * t.y);
    ectx.globalAlpha = 0.2;
    ectx.strokeStyle = colours.edge;
    ectx.lineWidth = 1 / k;
    ectx.beginPath();
    var E = g.edges, X = g.x, Y = g.y, end = Math.min(E.length, edgeDone + 2 * SLICE);
    for (var i = edgeDone; i < end; i += 2) {
      var a = E[i], b = E[i + 1];
      if ((X[a] < x0 && X[b] < x0) || (X[a] > x1 && X[b] > x1) || (Y[a] < y0 && Y[b] < y0) || (Y[a] > y1 && Y[b] > y1)) {
        continue;
      }
      ectx.moveTo(X[a], Y[a]);
      ectx.lineTo(X[b], Y[b]);
    }
    ectx.stroke();
    edgeDone = end;
    if (edgeDone < E.length && !edgeFrame) {
      edgeFrame = requestAnimationFrame(function () { edgeFrame = 0; drawEdges(); });
    }
  }

  /* While the graph moves, the links already painted are shifted and scaled
     with it; they are painted again once it rests. */
  var rest = 0;
  function moved() {
    if (edgeAt) {
      var k = transform.k / edgeAt.k;
      under.style.transformOrigin = "0 0";
      under.style.transform = "translate(" + (transform.x - edgeAt.x * k) + "px," + (transform.y - edgeAt.y * k) + "px) scale(" + k + ")";
    }
    clearTimeout(rest);
    rest = setTimeout(drawEdges, 150);
  }

  function draw() {
    pending = false;
    var w = canvas.clientWidth, h = canvas.clientHeight, t = transform, k = t.k, i;
    var E = g.edges, X = g.x, Y = g.y;
    ctx.save();
    ctx.clearRect(0, 0, w, h);
    ctx.translate(t.x, t.y);
    ctx.scale(k, k);
    /* Dots, one path per kind; small ones as squares (cheap to paint),
       never smaller than a pixel and a half. */
    var round = 4 / k;
    var x0 = -t.x / k, y0 = -t.y / k, x1 = (w - t.x) / k, y1 = (h - t.y) / k;
    for (var c = 0; c < KINDS.length; c++) {
      ctx.fillStyle = colours.kind[c % colours.kind.length];
      ctx.beginPath();
      for (i = 0; i < g.n; i++) {
        if (g.kind[i] !== c) { continue; }
        var r = radius(i);
        if (X[i] + r < x0 || X[i] - r > x1 || Y[i] + r < y0 || Y[i] - r > y1) { continue; }
        if (r < round) {
          ctx.rect(X[i] - r, Y[i] - r, 2 * r, 2 * r);
        } else {
          ctx.moveTo(X[i] + r, Y[i]);
          ctx.arc(X[i], Y[i], r, 0, 2 * Math.PI);
        }
      }
      ctx.fill();
    }
    if (hover >= 0) {
      ctx.strokeStyle = colours.ring;
      ctx.lineWidth = 2 / k;
      ctx.beginPath();
      for (i = 0; i < E.length; i += 2) {
        if (E[i] === hover || E[i + 1] === hover) {
          ctx.moveTo(X[E[i]], Y[E[i]]);
          ctx.lineTo(X[E[i + 1]], Y[E[i + 1]]);
        }
      }
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(X[hover], Y[hover], radius(hover) + 3 / k, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  }

  /* A dot's radius in layout units: zooming in enlarges dots by the square
     root of the zoom only, so they part as the graph opens up. */
  function radius(i) {
    return Math.max(g.r[i] * Math.sqrt(fit.k / transform.k), 1.5 / transform.k);
  }

  function redraw() {
    if (!pending) { pending = true; requestAnimationFrame(draw); }
  }

  /* The dot at a point of the canvas, or -1. */
  function find(px, py) {
    if (!tree) { return -1; }
    var p = transform.invert([px, py]);
    var d = tree.find(p[0], p[1], g.rmax * Math.sqrt(fit.k / transform.k) + 12 / transform.k);
    if (d === undefined) { return -1; }
    var r = radius(d) + 6 / transform.k;
    var dx = g.x[d] - p[0], dy = g.y[d] - p[1];
    return dx * dx + dy * dy <= r * r ? d : -1;
  }

  function show(i, px, py) {
    if (i === hover) { return; }
    hover = i;
    canvas.style.cursor = i >= 0 ? "pointer" : "";
    redraw();
    if (i < 0) { tip.hidden = true; return; }
    label(i).then(function (l) {
      if (hover !== i || !l) { return; }
      tip.textContent = l[1] + " · " + NAMES[g.kind[i]];
      tip.style.left = Math.round(px + 12) + "px";
      tip.style.top = Math.round(py + 12) + "px";
      tip.hidden = false;
    }).catch(function () { tip.hidden = true; });
  }

  function open(i) {
    label(i).then(function (l) { if (l) { window.location.href = l[0]; } });
  }

  /* Keyboard: the dot nearest the middle is the one Enter opens. */
  function centre() {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    var p = transform.invert([w / 2, h / 2]);
    var i = tree ? tree.find(p[0], p[1]) : undefined;
    if (i === undefined) { return; }
    var s = transform.apply([g.x[i], g.y[i]]);
    show(i, s[0], s[1]);
  }

  function keys(e) {
    var step = 60, done = true;
    switch (e.key) {
      case "ArrowLeft": zoom.translateBy(selection, step / transform.k, 0); break;
      case "ArrowRight": zoom.translateBy(selection, -step / transform.k, 0); break;
      case "ArrowUp": zoom.translateBy(selection, 0, step / transform.k); break;
      case "ArrowDown": zoom.translateBy(selection, 0, -step / transform.k); break;
      case "+": case "=": zoom.scaleBy(selection, 1.4); break;
      case "-": case "−": zoom.scaleBy(selection, 1 / 1.4); break;
      case "0": zoom.transform(selection, fit); break;
      case "Enter": if (hover >= 0) { open(hover); } break;
      default: done = false;
    }
    if (done) {
      e.preventDefault();
      if (e.key !== "Enter") { centre(); }
    }
  }

  function start(data) {
    if (!data || data.format !== FORMAT) { status.textContent = "The graph data could not be read."; return; }
    g = decode(data);
    frame.hidden = false;
    readColours();
    size();
    transform = fit;
    zoom = d3.zoom().scaleExtent([fit.k / 2, fit.k * 60]).on("zoom", function (e) {
      transform = e.transform;
      tip.hidden = true;
      hover = -1;
      moved();
      redraw();
    });
    under.className = "graph-links";
    under.setAttribute("aria-hidden", "true");
    frame.insertBefore(under, canvas);
    selection.call(zoom).call(zoom.transform, fit);
    status.textContent = g.n + " pages, " + g.m + " links.";
    /* The pointer index is built in a task of its own, after the first frame. */
    later(function () {
      var ids = new Uint32Array(g.n);
      for (var i = 0; i < g.n; i++) { ids[i] = i; }
      tree = d3.quadtree().x(function (i) { return g.x[i]; }).y(function (i) { return g.y[i]; }).addAll(ids);
    });
    canvas.addEventListener("pointermove", function (e) {
      var r = canvas.getBoundingClientRect();
      show(find(e.clientX - r.left, e.clientY - r.top), e.clientX - r.left, e.clientY - r.top);
    });
    canvas.addEventListener("pointerleave", function () { show(-1, 0, 0); });
    canvas.addEventListener("click", function (e) {
      var r = canvas.getBoundingClientRect();
      var i = find(e.clientX - r.left, e.clientY - r.top);
      if (i >= 0) { open(i); }
    });
    canvas.addEventListener("keydown", keys);
    canvas.addEventListener("focus", centre);
    var resize = function () { size(); moved(); redraw(); };
    window.addEventListener("resize", resize);
    var recolour = function () { readColours(); edgeAt = null; moved(); redraw(); };
    new MutationObserver(recolour).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    if (window.matchMedia) {
      var m = window.matchMedia("(prefers-color-scheme: dark)");
      if (m.addEventListener) { m.addEventListener("change", recolour); }
    }
  }

  status.textContent = "Loading the graph…";
  fetch(base + "graph/graph.json").then(function (r) {
    if (!r.ok) { throw new Error("HTTP " + r.status); }
    return r.text();
  }).then(function (text) {
    /* Parsing and drawing are separate tasks. */
    var data = JSON.parse(text);
    later(function () { start(data); });
  }).catch(function () { status.textContent = "The graph could not be loaded."; });
})();
