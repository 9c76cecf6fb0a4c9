/* pivotbook search dialog: loaded by pivotbook.js after search.js on first
   use (the header box, "/" or Ctrl/Cmd-K). A modal <dialog> (the page behind
   is inert, Tab stays inside), Escape or Close closes it and focus goes back
   to where it was. The results are search.js's panel. */
(function () {
  "use strict";
  var api = window.pivotbookSearch;
  if (!api || api.open) { return; }
  var Panel = api.Panel;
  var el = api.el;
  var dialog = null;
  var dialogInput = null;
  var dialogPanel = null;
  var opener = null;

  function buildDialog() {
    dialog = el("dialog", "search-dialog");
    dialog.setAttribute("aria-labelledby", "search-dialog-title");
    dialog.setAttribute("aria-describedby", "search-dialog-help");
    var head = el("div", "search-dialog-head");
    var title = el("h2", "visually-hidden", "Search");
    title.id = "search-dialog-title";
    var label = el("label", "visually-hidden", "Search companies, deals, topics and notes");
    label.htmlFor = "search-dialog-q";
    dialogInput = el("input", "search-dialog-q");
    dialogInput.id = "search-dialog-q";
    dialogInput.type = "search";
    dialogInput.autocomplete = "off";
    dialogInput.spellcheck = false;
    dialogInput.placeholder = "Search companies, deals, topics, notes";
    dialogInput.setAttribute("enterkeyhint", "go");
    var close = el("button", "search-dialog-close", "Close");
    close.type = "button";
    close.addEventListener("click", function () { dialog.close(); });
    head.appendChild(title);
    head.appendChild(label);
    head.appendChild(dialogInput);
    head.appendChild(close);
    var help = el("p", "search-dialog-help", "Results appear as you type. ↑ ↓ move, Enter opens, Esc closes.");
    help.id = "search-dialog-help";
    var status = el("p", "search-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var host = el("div", "search-panel");
    var body = el("div", "search-dialog-body");
    body.appendChild(help);
    body.appendChild(status);
    body.appendChild(host);
    dialog.appendChild(head);
    dialog.appendChild(body);
    document.body.appendChild(dialog);
    dialogPanel = Panel(host, dialogInput, status, dialog);
    dialogInput.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        var a = dialogPanel.first();
        if (a) { window.location.href = a.href; }
      }
    });
    dialog.addEventListener("keydown", function (e) {
      if (e.key !== "Tab") { return; }
      var f = Array.prototype.slice.call(dialog.querySelectorAll("input, button:not([hidden]), a[href]"));
      if (!f.length) { return; }
      var last = f[f.length - 1];
      if (e.shiftKey && document.activeElement === f[0]) { last.focus(); e.preventDefault(); } else if (!e.shiftKey && document.activeElement === last) {
        f[0].focus();
        e.preventDefault();
      }
    });
    /* A click on the backdrop (outside the box) closes. */
    dialog.addEventListener("click", function (e) { if (e.target === dialog) { dialog.close(); } });
    dialog.addEventListener("close", function () {
      document.documentElement.classList.remove("search-open");
      if (opener && opener.focus) { opener.focus(); }
      opener = null;
    });
  }

  function open(q, from) {
    if (!dialog) { buildDialog(); }
    if (!dialog.open) {
      opener = from || document.activeElement;
      dialog.showModal();
      document.documentElement.classList.add("search-open");
    }
    if (typeof q === "string" && q) { dialogInput.value = q; }
    dialogInput.focus();
    dialogInput.setSelectionRange(dialogInput.value.length, dialogInput.value.length);
    dialogPanel.search(dialogInput.value);
  }

  api.open = open;
})();
