/* pivotbook default theme: the filters of /deals/ (loaded on that page only).
   Every deal is a row of the table in the HTML, carrying its kind families,
   companies, state and year as data attributes; the form's <select>s hide
   the rows that do not match, a live region says "N of M deals", and the
   choice is kept in the address (?company=iren&year=2025) so it can be
   shared. Without this file the form stays hidden and the table is whole.
   Sorting is pivotbook.js's (the table is data-sortable). */
(function () {
  "use strict";
  var form = document.getElementById("deal-filters");
  var table = document.getElementById("all-deals");
  var status = document.getElementById("deal-count");
  var none = document.getElementById("deal-none");
  if (!form || !table || !table.tBodies.length || !status) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[name]"));

  /* Whether a row's space-separated list in data-NAME holds the value. */
  function has(row, name, value) {
    return (" " + (row.getAttribute("data-" + name) || "") + " ").indexOf(" " + value + " ") >= 0;
  }

  function apply() {
    var chosen = selects.filter(function (s) { return s.value !== ""; });
    var shown = 0;
    rows.forEach(function (row) {
      var match = chosen.every(function (s) { return has(row, s.name, s.value); });
      row.hidden = !match;
      if (match) { shown++; }
    });
    status.textContent = shown + " of " + rows.length + " deals";
    if (none) { none.hidden = shown > 0; }
    if (window.history && history.replaceState) {
      var query = chosen.map(function (s) { return encodeURIComponent(s.name) + "=" + encodeURIComponent(s.value); }).join("&");
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  /* The address's choices, where the select offers them. */
  var params = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    var v = params.get(s.name);
    if (v !== null && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) { s.value = v; }
  });

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  /* A reset sets the selects back after the event: apply once it has. */
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
