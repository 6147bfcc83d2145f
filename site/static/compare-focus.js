// A jurisdiction's comparison page reached from the compare form with the jurisdictions
// ticked (?focus=KE&with=GB&with=FR, as a browser sends the form without the compare
// script): with JavaScript, the compare view answers exactly that choice, at the
// address a shared link uses (../?focus=KE&with=GB,FR). Without a choice, this page
// compares with all the others, as without JavaScript.
"use strict";
(function () {
  const focus = document.currentScript.dataset.focus;
  const params = new URLSearchParams(window.location.search);
  const peers = params.getAll("with").join(",").toUpperCase().split(",")
    .filter((code) => code && code !== focus);
  if (!peers.length) return;
  const address = new URL("../", window.location.href);
  address.search = "?focus=" + encodeURIComponent(focus) + "&with=" + peers.map(encodeURIComponent).join(",");
  window.location.replace(address);
})();
