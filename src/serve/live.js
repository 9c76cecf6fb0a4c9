// pivotbook serve: reloads the page when the site is rebuilt, and shows the
// build's errors over the page (the last good site stays underneath) until
// they are fixed. Added by `pivotbook serve` only; never part of a build.
(() => {
  const base = document.currentScript.dataset.base || "/";
  const events = new EventSource(base + "__pivotbook/events");
  let box = null;
  events.addEventListener("reload", () => location.reload());
  // The link graph is laid out again after the pages are written: only the
  // graph page and pages whose small graph changed reload for it.
  events.addEventListener("graph", (e) => {
    const changed = JSON.parse(e.data);
    const aside = document.querySelector("aside[data-node]");
    const mine = aside ? `graph/n/${Math.floor(Number(aside.dataset.node) / 32)}.json` : null;
    const path = location.pathname.replace(/index\.html$/, "");
    if (path === base + "graph/" || changed.includes(mine)) location.reload();
  });
  events.addEventListener("errors", (e) => {
    const errors = JSON.parse(e.data);
    if (box) {
      box.remove();
      box = null;
    }
    if (!errors.length) return;
    box = document.createElement("section");
    box.id = "pivotbook-errors";
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
      "background:rgba(24,0,0,.94);color:#fff;font:14px/1.5 ui-monospace,monospace";
    const title = document.createElement("h2");
    title.style.cssText = "margin:0 0 1rem;font:bold 16px/1.4 system-ui,sans-serif;color:#ff8080";
    title.textContent =
      `${errors.length} error${errors.length === 1 ? "" : "s"}: this is the last good build; ` +
      "it reloads when the errors are fixed";
    box.append(title);
    for (const err of errors) {
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:.75rem;background:#000;border-left:4px solid #ff5050";
      pre.textContent = err.text;
      box.append(pre);
    }
    document.body.append(box);
  });
})();
