// Pagefind's interface over the index of the page's language (pagefind/<lang>/, loaded
// beside it). A large site's index comes in parts: the others are listed in data-merge
// and searched together with the first.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  var parts = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  new PagefindUI({
    element: "#search",
    showSubResults: true,
    mergeIndex: parts.map(function (path) {
      return { bundlePath: new URL(path, document.baseURI).href };
    })
  });
});
