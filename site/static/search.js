// Pagefind's interface over the index of the page's language (pagefind/<lang>/, loaded beside it).
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  new PagefindUI({ element: "#search", showSubResults: true });
});
