// Pagefind's interface over the index of the page's language (pagefind/<lang>/, loaded
// beside it). A large site's index comes in parts: the others are listed in data-merge
// and searched together with the first. The query lives in the address (?q=), so a
// search can be shared or bookmarked; a very long one is clipped.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var LONGEST = 200;
  var box = document.getElementById("search");
  var parts = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    processTerm: function (term) { return term.slice(0, LONGEST); },
    mergeIndex: parts.map(function (path) {
      return { bundlePath: new URL(path, document.baseURI).href };
    })
  });
  var input = box.querySelector("input");
  if (input) {
    input.maxLength = LONGEST;
    input.addEventListener("input", function () {
      var address = new URL(window.location.href);
      if (input.value) address.searchParams.set("q", input.value.slice(0, LONGEST));
      else address.searchParams.delete("q");
      window.history.replaceState(null, "", address);
    });
  }
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) ui.triggerSearch(asked.slice(0, LONGEST));
});
