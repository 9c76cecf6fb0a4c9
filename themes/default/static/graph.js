/* pivotbook: the link graph on /graph/ (docs: reference/graph.md). Draws
   graph/graph.json (laid out at build time) on a canvas with d3-zoom, then
   reads graph/labels.json for labels, tips and the search box. Titles are
   only ever inserted as text; window.__graph is read by graph.mjs. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  var d3 = window.pivotbookD3;
  var frame = document.getElementById("graph-frame");
  var canvas = document.getElementById("graph-canvas");
  var tip = document.getElementById("graph-tip");
  var status = document.getElementById("graph-status");
  var controls = document.getElementById("graph-controls");
  var kindsBox = document.getElementById("graph-kinds");
  var form = document.getElementById("graph-find");
  var query = document.getElementById("graph-q");
  var suggestions = document.getElementById("graph-titles");
  if (!d3 || !frame || !canvas || !tip || !status || !window.fetch) { return; }

  var FORMAT = 2;
  var FONT = "12px system-ui, sans-serif";
  var KINDS = "";
  var NAMES = [];
  var g = null; /* { n, m, kind, x, y, edges, r, deg, rank, order, adj } */
  var labels = null; /* [[path, title], …] once loaded */
  var widths = null; /* each label's width in pixels, measured once */
  var shownKinds = [];
  var colours = null;
  var transform = d3.zoomIdentity;
  var fit = d3.zoomIdentity;
  var tree = null;
  var focus = -1; /* the focused dot: its neighbourhood is shown */
  var near = null; /* Uint8Array: 1 for the focused dot's neighbours */
  var pending = false;
  var lastLabels = [];
  var ctx = canvas.getContext("2d");
  var under = document.createElement("canvas");
  var ectx = under.getContext("2d");
  /* Links painted per frame: a stroke of 12,000 took up to 100 ms to rasterise
     without a GPU, longer ones more. Links out of view are skipped freely. */
  var SLICE = 5000;
  var edgeDone = 0, edgeAt = null, edgeFrame = 0;
  var zoom = null;
  var selection = d3.select(canvas);
  /* Rasterising 10,000 dots, or outlined text, takes 20-150 ms without a GPU
     (reference/graph.md, "Performance"). So the dots are painted on a layer
     of their own once the view rests, and a frame copies that layer (moved
     and scaled like the links' layer while the view moves); each label is
     painted once as an image and copied. */
  var dotLayer = document.createElement("canvas");
  var dctx = dotLayer.getContext("2d");
  var dotsAt = null; /* the transform dotLayer was painted at, or null to paint it */
  var labelImages = new Map(); /* label index -> its image, while colours and pixel ratio hold */
  var LABEL_IMAGES = 1500;

  function later(f) { setTimeout(f, 0); }

  function readColours() {
    var s = getComputedStyle(document.documentElement);
    var v = function (name) { return s.getPropertyValue(name).trim(); };
    colours = { kind: [v("--chart-1"), v("--chart-2"), v("--chart-3"), v("--chart-4")], edge: v("--muted"),
      bg: v("--surface"), ring: v("--text"), text: v("--text") };
    dotsAt = null;
    forgetLabels();
  }

  /* A picture of w x h device pixels painted by paint(context): an ImageBitmap
     where the browser can (copying a canvas is much slower). */
  function picture(w, h, paint) {
    if (window.OffscreenCanvas) {
      var o = new OffscreenCanvas(w, h);
      paint(o.getContext("2d"));
      return o.transferToImageBitmap();
    }
    var c = document.createElement("canvas");
    c.width = w;
    c.height = h;
    paint(c.getContext("2d"));
    return c;
  }

  function forget(image) { if (image.close) { image.close(); } }

  function forgetLabels() { labelImages.forEach(forget); labelImages.clear(); }

  /* Label i with its halo, drawn once; 3 px of margin left and 10 above its middle. */
  function labelImage(i) {
    var image = labelImages.get(i);
    if (image) { return image; }
    if (labelImages.size >= LABEL_IMAGES) { forgetLabels(); }
    var ratio = window.devicePixelRatio || 1;
    image = picture(Math.ceil((widths[i] + 6) * ratio), Math.ceil(20 * ratio), function (lc) {
      lc.setTransform(ratio, 0, 0, ratio, 0, 0);
      lc.font = FONT;
      lc.textBaseline = "middle";
      lc.lineJoin = "round";
      lc.strokeStyle = colours.bg;
      lc.lineWidth = 3;
      lc.strokeText(labels[i][1], 3, 10);
      lc.fillStyle = colours.text;
      lc.fillText(labels[i][1], 3, 10);
    });
    labelImages.set(i, image);
    return image;
  }

  function decode(data) {
    var n = data.nodes, i;
    var kind = new Uint8Array(n), x = new Float32Array(n), y = new Float32Array(n), deg = new Uint32Array(n);
    KINDS = data.legend.map(function (l) { return l[0]; }).join("");
    NAMES = data.legend.map(function (l) { return l[1]; });
    for (i = 0; i < n; i++) {
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
    /* Each node's links, as offsets into one array (for the neighbourhoods). */
    var start = new Uint32Array(n + 1), adj = new Uint32Array(2 * m), fill = new Uint32Array(n);
    for (i = 0; i < n; i++) { start[i + 1] = start[i] + deg[i]; }
    for (e = 0; e < 2 * m; e += 2) {
      var a = edges[e], b = edges[e + 1];
      adj[start[a] + fill[a]++] = b;
      adj[start[b] + fill[b]++] = a;
    }
    var r = new Float32Array(n);
    /* Dots grow with their links, and are larger in a small graph. */
    var grow = Math.min(4, Math.max(1, Math.sqrt(1000 / n)));
    var rmax = 0;
    for (i = 0; i < n; i++) {
      r[i] = grow * (10 + 6 * Math.sqrt(deg[i]));
      rmax = Math.max(rmax, r[i]);
    }
    /* Rank: the most linked first (ties by number). */
    var order = new Uint32Array(n);
    for (i = 0; i < n; i++) { order[i] = i; }
    order.sort(function (p, q) { return deg[q] - deg[p] || p - q; });
    var rank = new Uint32Array(n);
    for (i = 0; i < n; i++) { rank[order[i]] = i; }
    return { n: n, m: m, kind: kind, x: x, y: y, edges: edges, r: r, rmax: rmax, deg: deg,
      order: order, rank: rank, start: start, adj: adj };
  }

  function size() {
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth, h = canvas.clientHeight;
    canvas.width = under.width = Math.round(w * ratio);
    canvas.height = under.height = dotLayer.height = Math.round(h * ratio);
    dotLayer.width = canvas.width;
    under.style.width = w + "px";
    under.style.height = h + "px";
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    forgetLabels();
    edgeAt = null;
    dotsAt = null;
    var k = Math.min(w, h) / 10400;
    fit = d3.zoomIdentity.translate((w - 10000 * k) / 2, (h - 10000 * k) / 2).scale(k);
  }

  function shown(i) { return shownKinds[g.kind[i]]; }

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
    var E = g.edges, X = g.x, Y = g.y, painted = 0, i;
    for (i = edgeDone; i < E.length && painted < SLICE; i += 2) {
      var a = E[i], b = E[i + 1];
      if (!shown(a) || !shown(b)) { continue; }
      if ((X[a] < x0 && X[b] < x0) || (X[a] > x1 && X[b] > x1) || (Y[a] < y0 && Y[b] < y0) || (Y[a] > y1 && Y[b] > y1)) {
        continue;
      }
      ectx.moveTo(X[a], Y[a]);
      ectx.lineTo(X[b], Y[b]);
      /* A link costs more the more pixels it covers (up to the view's width). */
      painted += 1 + Math.min(w, Math.abs(X[a] - X[b]) * k + Math.abs(Y[a] - Y[b]) * k) / 400;
    }
    ectx.stroke();
    edgeDone = i;
    if (edgeDone < E.length && !edgeFrame) {
      edgeFrame = requestAnimationFrame(function () { edgeFrame = 0; drawEdges(); });
    }
  }

  var rest = 0;
  function moved() {
    if (edgeAt) {
      var k = transform.k / edgeAt.k;
      under.style.transformOrigin = "0 0";
      under.style.transform = "translate(" + (transform.x - edgeAt.x * k) + "px," + (transform.y - edgeAt.y * k) + "px) scale(" + k + ")";
    }
    clearTimeout(rest);
    rest = setTimeout(function () { drawEdges(); dotsAt = null; redraw(); }, 150);
  }

  function fade(i) {
    var z = transform.k / fit.k, at = Math.sqrt(g.rank[i] / 12);
    return Math.max(0, Math.min(1, (z - at) / (0.25 * at + 0.25)));
  }

  function draw() {
    pending = false;
    var w = canvas.clientWidth, h = canvas.clientHeight, t = transform, k = t.k;
    var X = g.x, Y = g.y;
    ctx.save();
    ctx.clearRect(0, 0, w, h);
    ctx.translate(t.x, t.y);
    ctx.scale(k, k);
    if (focus >= 0) {
      /* The focused dot's links, at full strength, above the dimmed rest. */
      ctx.strokeStyle = colours.ring;
      ctx.lineWidth = 1.5 / k;
      ctx.beginPath();
      for (var j = g.start[focus]; j < g.start[focus + 1]; j++) {
        var b = g.adj[j];
        if (!shown(b)) { continue; }
        ctx.moveTo(X[focus], Y[focus]);
        ctx.lineTo(X[b], Y[b]);
      }
      ctx.stroke();
    }
    ctx.restore();
    drawDots(w, h);
    ctx.save();
    ctx.translate(t.x, t.y);
    ctx.scale(k, k);
    ctx.globalAlpha = 1;
    if (focus >= 0) {
      ctx.strokeStyle = colours.ring;
      ctx.lineWidth = 2 / k;
      ctx.beginPath();
      ctx.arc(X[focus], Y[focus], radius(focus) + 3 / k, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
    drawLabels(w, h);
  }

  /* A dot as a path of its own (filled one by one, dots rasterise several
     times faster than as one path of thousands of circles). */
  function dot(c2, sx, sy, r) {
    c2.beginPath();
    c2.arc(sx, sy, r, 0, 2 * Math.PI);
    c2.fill();
  }

  /* Paints every shown dot in view on dotLayer, kind by kind, in CSS pixels. */
  function paintDots(w, h) {
    var t = transform, k = t.k, ratio = window.devicePixelRatio || 1, X = g.x, Y = g.y;
    dotsAt = t;
    dctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    dctx.clearRect(0, 0, w, h);
    for (var c = 0; c < KINDS.length; c++) {
      if (!shownKinds[c]) { continue; }
      dctx.fillStyle = colours.kind[c % colours.kind.length];
      for (var i = 0; i < g.n; i++) {
        if (g.kind[i] !== c) { continue; }
        var r = radius(i) * k, sx = t.x + X[i] * k, sy = t.y + Y[i] * k;
        if (sx + r < 0 || sx - r > w || sy + r < 0 || sy - r > h) { continue; }
        dot(dctx, sx, sy, r);
      }
    }
  }

  /* The dots: the layer (dimmed while a dot is focused), then the focused
     dot and its neighbours at full strength. */
  function drawDots(w, h) {
    var t = transform, k = t.k, X = g.x, Y = g.y;
    if (!dotsAt) { paintDots(w, h); }
    var s = k / dotsAt.k;
    ctx.globalAlpha = focus >= 0 ? 0.2 : 1;
    ctx.drawImage(dotLayer, t.x - dotsAt.x * s, t.y - dotsAt.y * s, w * s, h * s);
    ctx.globalAlpha = 1;
    if (focus < 0) { return; }
    for (var c = 0; c < KINDS.length; c++) {
      if (!shownKinds[c]) { continue; }
      ctx.fillStyle = colours.kind[c % colours.kind.length];
      for (var j = g.start[focus] - 1; j < g.start[focus + 1]; j++) {
        var i = j < g.start[focus] ? focus : g.adj[j];
        if (g.kind[i] !== c) { continue; }
        dot(ctx, t.x + X[i] * k, t.y + Y[i] * k, radius(i) * k);
      }
    }
  }

  function drawLabels(w, h) {
    lastLabels = [];
    if (!labels) { return; }
    var t = transform, placed = [], tried = 0;
    ctx.font = FONT;
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    var place = function (i, alpha) {
      if (!shown(i) || alpha <= 0.02) { return; }
      var sx = t.applyX(g.x[i]), sy = t.applyY(g.y[i]);
      var lw = widths[i], rr = radius(i) * t.k;
      var lx = sx + rr + 3, ly = sy;
      if (lx + lw < 0 || lx > w || ly < -8 || ly > h + 8) { return; }
      var box = [lx - 2, ly - 8, lx + lw + 2, ly + 8];
      for (var p = 0; p < placed.length; p++) {
        var o = placed[p];
        if (box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]) { return; }
      }
      placed.push(box);
      ctx.globalAlpha = alpha;
      var image = labelImage(i), ratio = window.devicePixelRatio || 1;
      /* On whole device pixels, so the copy stays as sharp as the text. */
      ctx.drawImage(image, Math.round((lx - 3) * ratio) / ratio, Math.round((ly - 10) * ratio) / ratio,
        image.width / ratio, image.height / ratio);
      lastLabels.push(i);
    };
    if (focus >= 0) {
      place(focus, 1);
      for (var j = g.start[focus]; j < g.start[focus + 1]; j++) { place(g.adj[j], 1); }
    }
    /* Placing stops after 400 labels or 3,000 tries, so a frame stays short. */
    for (var r = 0; r < g.n && placed.length < 400 && tried < 3000; r++) {
      var i = g.order[r], a = fade(i);
      if (a <= 0) { break; }
      if (focus >= 0) {
        if (i === focus || near[i]) { continue; }
        a *= 0.35;
      }
      tried++;
      place(i, a);
    }
    ctx.globalAlpha = 1;
  }

  function radius(i) {
    return Math.max(g.r[i] * Math.sqrt(fit.k / transform.k), 2 / transform.k);
  }

  function redraw() {
    if (!pending) { pending = true; requestAnimationFrame(draw); }
  }

  /* The shown dot at a point of the canvas, or -1. */
  function find(px, py) {
    if (!tree) { return -1; }
    var p = transform.invert([px, py]);
    var best = -1, bestD = Infinity;
    var reach = g.rmax * Math.sqrt(fit.k / transform.k) + 12 / transform.k;
    tree.visit(function (node, ax, ay, bx, by) {
      if (ax > p[0] + reach || bx < p[0] - reach || ay > p[1] + reach || by < p[1] - reach) { return true; }
      if (!node.length) {
        do {
          var d = node.data;
          if (shown(d)) {
            var dx = g.x[d] - p[0], dy = g.y[d] - p[1], dd = dx * dx + dy * dy, r = radius(d) + 6 / transform.k;
            if (dd <= r * r && dd < bestD) { best = d; bestD = dd; }
          }
          node = node.next;
        } while (node);
      }
      return false;
    });
    return best;
  }

  var tipAt = [0, 0];
  function setFocus(i, px, py) {
    tipAt = [px, py];
    if (i === focus) { return; }
    var j;
    if (focus >= 0) {
      for (j = g.start[focus]; j < g.start[focus + 1]; j++) { near[g.adj[j]] = 0; }
    }
    focus = i;
    canvas.style.cursor = i >= 0 ? "pointer" : "";
    under.style.opacity = i >= 0 ? "0.35" : "";
    if (i >= 0) {
      for (j = g.start[i]; j < g.start[i + 1]; j++) { near[g.adj[j]] = 1; }
    }
    redraw();
    if (i < 0 || !labels) { tip.hidden = true; return; }
    tip.textContent = labels[i][1] + " · " + NAMES[g.kind[i]];
    tip.style.left = Math.round(px + 12) + "px";
    tip.style.top = Math.round(py + 12) + "px";
    tip.hidden = false;
  }

  function open(i) {
    if (labels) { window.location.href = base + labels[i][0]; }
  }

  /* Keyboard: the dot nearest the middle is the one Enter opens. */
  function centre() {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    var p = transform.invert([w / 2, h / 2]);
    var best = -1, bestD = Infinity;
    for (var i = 0; i < g.n; i++) {
      if (!shown(i)) { continue; }
      var dx = g.x[i] - p[0], dy = g.y[i] - p[1], dd = dx * dx + dy * dy;
      if (dd < bestD) { best = i; bestD = dd; }
    }
    if (best < 0) { return; }
    var s = transform.apply([g.x[best], g.y[best]]);
    setFocus(best, s[0], s[1]);
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
      case "Enter": if (focus >= 0) { open(focus); } break;
      default: done = false;
    }
    if (done) {
      e.preventDefault();
      if (e.key !== "Enter") { centre(); }
    }
  }

  /* Centres dot i at a zoom where its neighbourhood is named, and focuses it. */
  function goTo(i) {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    var k = Math.max(transform.k, fit.k * 4);
    zoom.transform(selection, d3.zoomIdentity.translate(w / 2 - g.x[i] * k, h / 2 - g.y[i] * k).scale(k));
    setFocus(i, w / 2, h / 2);
  }

  function matches(q, limit) {
    q = q.trim().toLowerCase();
    if (!q || !labels) { return []; }
    var found = [];
    for (var r = 0; r < g.n; r++) {
      var i = g.order[r];
      if (!shown(i)) { continue; }
      var at = labels[i][1].toLowerCase().indexOf(q);
      if (at >= 0) { found.push([at === 0 ? 0 : 1, r, i]); }
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, limit).map(function (f) { return f[2]; });
  }

  function setupFind() {
    if (!form || !query || !suggestions) { return; }
    query.addEventListener("input", function () {
      suggestions.textContent = "";
      matches(query.value, 12).forEach(function (i) {
        var o = document.createElement("option");
        o.value = labels[i][1];
        suggestions.appendChild(o);
      });
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = query.value.trim().toLowerCase(), exact = -1;
      for (var i = 0; i < g.n && q; i++) {
        if (shown(i) && labels[i][1].toLowerCase() === q) { exact = i; break; }
      }
      var i0 = exact >= 0 ? exact : matches(q, 1)[0];
      if (i0 === undefined) { status.textContent = "No page shown has a title with “" + query.value.trim() + "”."; return; }
      goTo(i0);
      status.textContent = labels[i0][1] + " (" + NAMES[g.kind[i0]] + "), " + g.deg[i0] + " links: select it again to open it.";
    });
  }

  function setupKinds() {
    if (!kindsBox) { return; }
    KINDS.split("").forEach(function (letter, c) {
      var used = false;
      for (var i = 0; i < g.n && !used; i++) { used = g.kind[i] === c; }
      if (!used) { return; }
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = letter;
      box.addEventListener("change", function () {
        shownKinds[c] = box.checked;
        if (focus >= 0 && !shown(focus)) { setFocus(-1, 0, 0); }
        edgeAt = null;
        dotsAt = null;
        drawEdges();
        redraw();
      });
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.setAttribute("aria-hidden", "true");
      swatch.style.background = colours.kind[c % colours.kind.length];
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(NAMES[c]));
      kindsBox.appendChild(label);
    });
  }

  function loadLabels() {
    fetch(base + "graph/labels.json").then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (data) {
      if (!data || data.format !== FORMAT || data.labels.length !== g.n) { throw new Error("format"); }
      var ww = new Float32Array(g.n);
      ctx.font = FONT;
      /* Widths are measured in tasks of 2,000, so a large graph never stalls. */
      var i = 0;
      (function measure() {
        for (var end = Math.min(g.n, i + 2000); i < end; i++) { ww[i] = ctx.measureText(data.labels[i][1]).width; }
        if (i < g.n) { later(measure); return; }
        widths = ww;
        labels = data.labels;
        if (controls) { controls.hidden = false; }
        var legend = document.querySelector(".graph-legend");
        if (legend && kindsBox) { legend.hidden = true; }
        if (focus >= 0) { var f = focus; setFocus(-1, 0, 0); setFocus(f, tipAt[0], tipAt[1]); }
        redraw();
      })();
    }).catch(function () { status.textContent = g.n + " pages, " + g.m + " links (their titles could not be loaded)."; });
  }

  function start(data) {
    if (!data || data.format !== FORMAT) { status.textContent = "The graph data could not be read."; return; }
    g = decode(data);
    near = new Uint8Array(g.n);
    shownKinds = KINDS.split("").map(function () { return true; });
    frame.hidden = false;
    readColours();
    size();
    transform = fit;
    zoom = d3.zoom().scaleExtent([fit.k / 2, fit.k * 80]).on("zoom", function (e) {
      transform = e.transform;
      tip.hidden = true;
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
      loadLabels();
    });
    var at = function (e) { var r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    /* A mouse focuses what it points at; a touch focuses on the first tap. */
    canvas.addEventListener("pointermove", function (e) {
      if (e.pointerType !== "mouse") { return; }
      var p = at(e);
      setFocus(find(p[0], p[1]), p[0], p[1]);
    });
    canvas.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") { setFocus(-1, 0, 0); } });
    var touched = false;
    canvas.addEventListener("pointerdown", function (e) { touched = e.pointerType !== "mouse"; });
    canvas.addEventListener("click", function (e) {
      var p = at(e), i = find(p[0], p[1]);
      if (i >= 0 && (!touched || i === focus)) { open(i); return; }
      setFocus(i, p[0], p[1]);
    });
    canvas.addEventListener("keydown", keys);
    canvas.addEventListener("focus", centre);
    setupKinds();
    setupFind();
    var resize = function () { size(); moved(); redraw(); };
    window.addEventListener("resize", resize);
    var recolour = function () { readColours(); edgeAt = null; moved(); redraw(); };
    new MutationObserver(recolour).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    if (window.matchMedia) {
      var mq = window.matchMedia("(prefers-color-scheme: dark)");
      if (mq.addEventListener) { mq.addEventListener("change", recolour); }
    }
    /* For the browser tests: what the graph shows, read only. */
    window.__graph = {
      ready: function () { return labels !== null; },
      visibleLabels: function () { return lastLabels.map(function (i) { return labels[i][1]; }); },
      labelRanks: function () { return lastLabels.map(function (i) { return g.rank[i]; }); },
      focused: function () {
        if (focus < 0) { return null; }
        var list = [];
        for (var j = g.start[focus]; j < g.start[focus + 1]; j++) { if (shown(g.adj[j])) { list.push(labels[g.adj[j]][1]); } }
        return { title: labels[focus][1], neighbours: list };
      },
      shownCount: function () { var s = 0; for (var i = 0; i < g.n; i++) { s += shown(i) ? 1 : 0; } return s; },
      kindCount: function (letter) { var c = KINDS.indexOf(letter), s = 0; for (var i = 0; i < g.n; i++) { s += g.kind[i] === c ? 1 : 0; } return s; },
      screen: function (title) {
        for (var i = 0; i < g.n; i++) {
          if (labels[i][1] === title) { return { x: transform.applyX(g.x[i]), y: transform.applyY(g.y[i]) }; }
        }
        return null;
      },
      mostLinked: function () { return labels[g.order[0]][1]; },
      zoomRatio: function () { return transform.k / fit.k; }
    };
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
