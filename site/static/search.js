// Pagefind's interface; the index of the page's own language is chosen from <html lang>.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  new PagefindUI({ element: "#search", showSubResults: true });
});
