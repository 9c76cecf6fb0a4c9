/* pivotbook: draws mermaid diagrams with mermaid's own script (vendor/,
   from mermaid's npm package). Loaded only on pages with a diagram; without
   JavaScript each diagram stays readable as its source text. */
(function () {
  "use strict";
  var mermaid = window.mermaid;
  if (!mermaid) { return; }
  var root = document.documentElement;
  var chosen = root.getAttribute("data-theme");
  var dark = chosen ? chosen === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  mermaid.run({ querySelector: "pre.mermaid" });
})();
