// Filters of the comparison matrix: rows by region, columns by topic. Without JavaScript
// the form stays hidden and the whole matrix shows.
"use strict";
(function () {
  const form = document.getElementById("matrix-filters");
  const table = document.getElementById("matrix");
  if (!form || !table) return;
  form.hidden = false;
  function apply() {
    const region = form.elements.region.value;
    for (const row of table.tBodies[0].rows) {
      row.hidden = region !== "" && row.dataset.region !== region;
    }
    table.dataset.topic = form.elements.topic.value;
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  apply();
})();
