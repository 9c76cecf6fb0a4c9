/* pivotbook default theme: optional enhancements. Every page works without
   this file. 1. A light/dark toggle that remembers the choice and says which
   theme is on (the CSS follows the system setting on its own). 2. Sorting
   of tables marked data-sortable by clicking a column header. 3. Scrolling
   table wrappers are focusable only when they scroll. 4. The contents mark
   the section in view. 5. The phone menu closes on Escape or a click
   elsewhere. 6. preview.js loads when a link in <main> is first pointed at
   or focused. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "pivotbook-theme";
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(v) {
    try { if (v) { localStorage.setItem(KEY, v); } else { localStorage.removeItem(KEY); } } catch (e) { /* private mode */ }
  }
  function systemDark() { return !!(media && media.matches); }
  function isDark() {
    var t = root.getAttribute("data-theme");
    return t ? t === "dark" : systemDark();
  }

  var saved = stored();
  if (saved === "dark" || saved === "light") { root.setAttribute("data-theme", saved); }

  function sync(button) {
    var dark = isDark();
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    var state = button.querySelector(".theme-toggle-state");
    if (state) { state.textContent = dark ? "Dark" : "Light"; }
  }

  function initToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) { return; }
    sync(button);
    button.hidden = false;
    button.addEventListener("click", function () {
      var dark = !isDark();
      /* A choice that matches the system setting is forgotten, so the page
         follows the system again. */
      if (dark === systemDark()) {
        root.removeAttribute("data-theme");
        store(null);
      } else {
        root.setAttribute("data-theme", dark ? "dark" : "light");
        store(dark ? "dark" : "light");
      }
      sync(button);
    });
    if (media && media.addEventListener) {
      media.addEventListener("change", function () { sync(button); });
    }
  }

  /* Sorting. A cell's key is its data-sort attribute, else the datetime of
     its <time>, else (in a .num column) the largest number in it, else its
     text. Empty keys sort last in both directions. */
  var MULT = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, mm: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9, t: 1e12, tn: 1e12, trillion: 1e12 };
  var NUMBER = /(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|mn|mm|bn|tn|k|m|b|t)?\b/gi;

  function numberKey(text) {
    var best = null, m;
    NUMBER.lastIndex = 0;
    while ((m = NUMBER.exec(text)) !== null) {
      var v = parseFloat(m[1].replace(/,/g, "")) * (m[2] ? MULT[m[2].toLowerCase()] : 1);
      if (best === null || v > best) { best = v; }
    }
    return best;
  }

  function cellKey(cell, numeric) {
    if (!cell) { return null; }
    if (cell.hasAttribute("data-sort")) { return cell.getAttribute("data-sort") || null; }
    var time = cell.querySelector("time[datetime]");
    if (time) { return time.getAttribute("datetime"); }
    var text = cell.textContent.replace(/\s+/g, " ").trim();
    if (numeric) { return numberKey(text); }
    return text === "" ? null : text.toLowerCase();
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var numeric = th.classList.contains("num");
    var hasTime = !!body.querySelector("tr > :nth-child(" + (index + 1) + ") time[datetime]");
    var current = th.getAttribute("aria-sort");
    var dir;
    if (current === "ascending") { dir = -1; } else if (current === "descending") { dir = 1; } else { dir = (numeric || hasTime) ? -1 : 1; }
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, i: i, key: cellKey(row.cells[index], numeric) };
    });
    rows.sort(function (x, y) {
      if (x.key === null || y.key === null) {
        return x.key === y.key ? x.i - y.i : (x.key === null ? 1 : -1);
      }
      return compare(x.key, y.key) * dir || x.i - y.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  }

  function initSorting() {
    var tables = document.querySelectorAll("table[data-sortable]");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) { return; }
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (th.firstChild) { button.appendChild(th.firstChild); }
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, th); });
      });
      table.classList.add("sortable");
    });
  }

  /* A table wrapper is a keyboard stop only while it scrolls. */
  function initScrollers() {
    var wraps = document.querySelectorAll(".table-wrap");
    function update() {
      Array.prototype.forEach.call(wraps, function (w) {
        var scrolls = w.scrollWidth > w.clientWidth + 1 || w.scrollHeight > w.clientHeight + 1;
        if (scrolls) { w.setAttribute("tabindex", "0"); } else { w.removeAttribute("tabindex"); }
      });
    }
    update();
    var timer;
    window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(update, 150); });
  }

  /* The section in view: the last listed heading above a quarter of the window. */
  function initToc() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !window.IntersectionObserver) { return; }
    var items = [];
    Array.prototype.forEach.call(links, function (a) {
      var h = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
      if (h) { items.push({ a: a, h: h }); }
    });
    if (!items.length) { return; }
    var current = null;
    function update() {
      var line = window.innerHeight * 0.25, found = null;
      for (var i = 0; i < items.length; i++) {
        if (items[i].h.getBoundingClientRect().top <= line) { found = items[i]; } else { break; }
      }
      if (found === current) { return; }
      if (current) { current.a.removeAttribute("aria-current"); }
      current = found;
      if (current) { current.a.setAttribute("aria-current", "location"); }
    }
    var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -75% 0px" });
    items.forEach(function (it) { observer.observe(it.h); });
    items.sort(function (x, y) { return x.h.compareDocumentPosition(y.h) & 4 ? -1 : 1; });
    update();
  }

  function initMenu() {
    var menu = document.querySelector(".site-menu");
    if (!menu) { return; }
    document.addEventListener("click", function (e) {
      if (menu.open && !menu.contains(e.target)) { menu.open = false; }
    });
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  }

  var self = document.currentScript;
  function initPreviews() {
    var src = self && self.src ? self.src.replace(/pivotbook\.js(\?.*)?$/, "preview.js") : null;
    if (!src || !window.fetch) { return; }
    function first(e) {
      var a = e.target.closest ? e.target.closest("main a[href]") : null;
      if (!a) { return; }
      document.removeEventListener("mouseover", first);
      document.removeEventListener("focusin", first);
      window.pivotbookPreviewFirst = a;
      var s = document.createElement("script");
      s.src = src;
      document.head.appendChild(s);
    }
    document.addEventListener("mouseover", first);
    document.addEventListener("focusin", first);
  }

  function init() {
    initToggle();
    initSorting();
    initScrollers();
    initToc();
    initMenu();
    initPreviews();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

/* ---- search trigger (keep this block last): "/", Ctrl/Cmd-K, or a click
   or typing in the header box loads search.js, search-dialog.js and
   search.css on first use and opens the dialog (not on focus alone: tabbing
   through the header must not pull anyone into a dialog). Without them the
   header form still goes to the search page. ---- */
(function () {
  "use strict";
  var me = document.currentScript;
  var dir = me && me.src ? me.src.replace(/[^/]*$/, "") : "";
  var loading = null;
  function script(name) {
    return new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = dir + name;
      s.setAttribute("data-base", new URL(dir, location.href).pathname);
      s.addEventListener("load", ok);
      s.addEventListener("error", fail);
      document.head.appendChild(s);
    });
  }
  function load() {
    var api = window.pivotbookSearch;
    if (api && api.open) { return Promise.resolve(api); }
    if (!loading) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = dir + "search.css";
      document.head.appendChild(css);
      loading = (api ? Promise.resolve() : script("search.js")).then(function () { return script("search-dialog.js"); })
        .then(function () { return window.pivotbookSearch; }, function (e) { loading = null; throw e; });
    }
    return loading;
  }
  function open(box, from) {
    load().then(function (api) {
      var q = box ? box.value : "";
      if (box) { box.value = ""; }
      api.open(q, from || document.activeElement);
    }, function () { if (box && box.form) { box.form.submit(); } });
  }
  function init() {
    var box = document.getElementById("site-search-q");
    if (box) {
      box.setAttribute("aria-keyshortcuts", "/ Control+K Meta+K");
      box.addEventListener("click", function () { open(box, box); });
      box.addEventListener("input", function () { open(box, box); });
      box.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === "ArrowDown") { e.preventDefault(); open(box, box); }
      });
    }
    document.addEventListener("keydown", function (e) {
      var k = (e.key || "").toLowerCase();
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.altKey || e.shiftKey || document.querySelector("dialog.search-dialog[open]")) { return; }
      if ((k === "k" && (e.ctrlKey || e.metaKey)) || (k === "/" && !e.ctrlKey && !e.metaKey && !typing)) {
        e.preventDefault();
        open(null, t === document.body && box ? box : document.activeElement);
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
