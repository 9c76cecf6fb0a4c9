/* pivotbook: previews of linked pages. Pointing at (or focusing) a link to
   another page of the site, in a page's text or its backlinks, shows that
   page's title and opening paragraph in a small box after a short pause;
   the box stays while the pointer is over it, and Escape, moving away or
   leaving the link closes it. The linked page is fetched once and read as
   text only. Without JavaScript links are plain links. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  if (!window.fetch || !window.DOMParser) { return; }
  var cache = {};
  var box = null, current = null, timer = 0, hideTimer = 0;

  function target(a) {
    if (!a || !a.closest || !a.closest("main .prose, main .backlinks")) { return null; }
    var url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(base) || /\.[a-z0-9]+$/i.test(url.pathname)) { return null; }
    if (url.pathname === location.pathname) { return null; }
    return url.pathname;
  }

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(path).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var h1 = doc.querySelector("main h1");
        var p = doc.querySelector("main .prose > p, main .summary, main .page-header p");
        var meta = doc.querySelector("meta[name=description]");
        return { title: h1 ? h1.textContent.trim() : "", text: p ? p.textContent.trim() : (meta ? meta.content : "") };
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
      var t = document.createElement("strong");
      t.textContent = info.title;
      var p = document.createElement("p");
      p.textContent = info.text.length > 320 ? info.text.slice(0, 319) + "…" : info.text;
      box.appendChild(t);
      if (info.text) { box.appendChild(p); }
      var r = a.getBoundingClientRect();
      box.hidden = false;
      var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8));
      box.style.left = left + "px";
      box.style.top = (r.bottom + window.scrollY + 6) + "px";
      a.setAttribute("aria-describedby", "link-preview");
    }).catch(function () { /* a plain link */ });
  }

  function enter(e) {
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    var path = target(a);
    if (!path || a === current) { return; }
    hide();
    current = a;
    timer = setTimeout(function () { show(a, path); }, 350);
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
})();
