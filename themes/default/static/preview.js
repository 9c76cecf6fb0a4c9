/* pivotbook: previews of linked pages, loaded by pivotbook.js the first time
   a link in <main> is pointed at or focused. Pointing at (or focusing) a
   link to another page of the site shows, after a short pause, that page's
   title, its kind, its summary (or opening paragraph) and, for a deal, its
   headline amount and state. The box never takes focus or blocks the page:
   it stays while the pointer is over it, and Escape, moving away or leaving
   the link closes it. The linked page is fetched once and read as text
   only. Without JavaScript links are plain links. */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || window.pivotbookPreview) { return; }
  window.pivotbookPreview = true;
  var cache = {};
  var box = null, current = null, timer = 0, hideTimer = 0;

  function target(a) {
    if (!a || !a.closest || !a.closest("main") || a.closest(".toc") || a.classList.contains("anchor")) { return null; }
    var url = new URL(a.href, location.href);
    if (url.origin !== location.origin || /\.[a-z0-9]+$/i.test(url.pathname)) { return null; }
    if (url.pathname === location.pathname) { return null; }
    return url.pathname;
  }

  function text(doc, selector) {
    var e = doc.querySelector(selector);
    return e ? e.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(path).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var kind = text(doc, "main .page-header .eyebrow");
        if (!kind && doc.body) {
          var m = /(?:^|\s)kind-([\w-]+)/.exec(doc.body.className);
          kind = m ? m[1].charAt(0).toUpperCase() + m[1].slice(1) : "";
        }
        var deal = doc.querySelector("main article.deal[data-state]");
        return {
          title: text(doc, "main h1"),
          kind: kind,
          summary: text(doc, "main .page-header .lede") || text(doc, "main .prose > p"),
          amount: deal ? deal.getAttribute("data-headline") || "" : "",
          state: deal ? deal.getAttribute("data-state") : ""
        };
      });
    }
    return cache[path];
  }

  function hide() {
    clearTimeout(timer);
    if (box) { box.hidden = true; }
    if (current) { current.removeAttribute("aria-describedby"); }
    current = null;
  }

  function add(parent, tag, cls, content) {
    var e = document.createElement(tag);
    e.className = cls;
    e.textContent = content;
    parent.appendChild(e);
    return e;
  }

  function show(a, path) {
    load(path).then(function (info) {
      if (current !== a || !info.title) { return; }
      if (!box) {
        box = document.createElement("div");
        box.id = "link-preview";
        box.className = "link-preview";
        box.setAttribute("role", "tooltip");
        box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
        box.addEventListener("mouseleave", function () { hideTimer = setTimeout(hide, 200); });
        document.body.appendChild(box);
      }
      box.textContent = "";
      if (info.kind) { add(box, "p", "preview-kind", info.kind); }
      add(box, "strong", "preview-title", info.title);
      if (info.amount || info.state) {
        add(box, "p", "preview-deal", [info.amount, info.state].filter(Boolean).join(" · "));
      }
      if (info.summary) {
        add(box, "p", "preview-summary", info.summary.length > 320 ? info.summary.slice(0, 319) + "…" : info.summary);
      }
      var r = a.getBoundingClientRect();
      box.hidden = false;
      var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8));
      box.style.left = left + "px";
      box.style.top = (r.bottom + window.scrollY + 6) + "px";
      a.setAttribute("aria-describedby", "link-preview");
    }).catch(function () { /* a plain link */ });
  }

  function start(a) {
    var path = target(a);
    if (!path || a === current) { return; }
    hide();
    current = a;
    timer = setTimeout(function () { show(a, path); }, 350);
  }
  function enter(e) {
    start(e.target.closest ? e.target.closest("a[href]") : null);
  }
  function leave(e) {
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    if (a && a === current) {
      clearTimeout(timer);
      hideTimer = setTimeout(hide, 200);
    }
  }

  document.addEventListener("mouseover", enter);
  document.addEventListener("mouseout", leave);
  document.addEventListener("focusin", enter);
  document.addEventListener("focusout", function (e) { if (e.target === current) { hide(); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  /* The link whose pointing loaded this script. */
  var first = window.pivotbookPreviewFirst;
  if (first && (first === document.activeElement || first.matches(":hover"))) { start(first); }
})();
