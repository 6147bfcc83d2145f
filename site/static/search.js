// Pagefind's interface over the index of the page's language (pagefind/<lang>/, loaded
// beside it). A large site's index comes in parts: the others are listed in data-merge
// and searched together with the first. The query lives in the address (?q=), so a
// search can be shared or bookmarked; a very long one is clipped.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var LONGEST = 200;
  // Pagefind matches every word a query word begins: "IV" would find "ivoire" and
  // "ivory". A query of one word of at most SHORT letters (an annex number, a code) is
  // searched as that word alone, in quotes, which pagefind matches exactly.
  var SHORT = 3;
  function exactWhenShort(term) {
    var clipped = term.slice(0, LONGEST).trim();
    return /^[^\s"]+$/.test(clipped) && clipped.length <= SHORT ? '"' + clipped + '"' : clipped;
  }
  var box = document.getElementById("search");
  var parts = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    processTerm: exactWhenShort,
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
