// The compare view: one jurisdiction (the focus) against the ones chosen, from the JSON
// file the build writes. The choice lives in the address (?focus=KE&with=GB,FR), so a
// result can be shared. Builds the DOM with textContent only: nothing from the data is
// parsed as HTML.
"use strict";
(function () {
  const form = document.getElementById("compare-form");
  const out = document.getElementById("compare-result");
  // By id: the buttons for a browser without this script share its name ("focus").
  const select = document.getElementById("focus");
  if (!form || !out || !select) return;
  const RANK = { met: 3, partly: 2, not_met: 1, not_known: 0 };
  let data = null;
  // The select and its button answer here; the buttons that open a jurisdiction's
  // page are for a browser without this script.
  for (const part of form.querySelectorAll(".with-script")) part.hidden = false;
  select.disabled = false;
  document.getElementById("compare-button").disabled = false;
  document.getElementById("focus-buttons").hidden = true;

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  // A level, linked to the row of the jurisdiction's scorecard that gives its evidence.
  function levelLink(code, criterion) {
    const level = data.assessments[code][criterion.id];
    const link = element("a", undefined, { href: data.pages[code] + "#c-" + criterion.id });
    link.appendChild(element("span", data.levels[level], { class: "level level-" + level }));
    const basis = (data.basis[code] || {})[criterion.id];
    if (basis) {
      const [sign, words] = data.marks[basis];
      const mark = link.appendChild(element("span", sign, { class: "basis-" + basis, title: words }));
      mark.appendChild(element("span", " (" + words + ")", { class: "visually-hidden" }));
    }
    return link;
  }

  function list(title, items, empty) {
    out.appendChild(element("h2", title));
    const ul = out.appendChild(element("ul"));
    for (const [criterion, peer] of items) {
      const item = ul.appendChild(element("li"));
      item.appendChild(element("a", criterion.label, { href: criterion.url }));
      item.appendChild(document.createTextNode(" — " + data.names[peer] + ": "));
      item.appendChild(levelLink(peer, criterion));
    }
    if (!items.length) ul.appendChild(element("li", empty));
    return ul;
  }

  function render(focus, peers) {
    out.replaceChildren();
    if (!data.names[focus] || !peers.length) {
      out.appendChild(element("p", data.messages.choose));
      return;
    }
    const codes = [focus].concat(peers);
    const box = out.appendChild(element("div", undefined, { class: "scroll", tabindex: "0", role: "region", "aria-label": data.messages.caption }));
    const table = box.appendChild(element("table"));
    table.appendChild(element("caption", data.messages.caption));
    const head = element("tr");
    head.appendChild(element("th", data.messages.criterion, { scope: "col" }));
    for (const code of codes) head.appendChild(element("th", data.names[code], { scope: "col" }));
    table.appendChild(element("thead")).appendChild(head);
    const body = table.appendChild(element("tbody"));
    const gaps = [], unknown = [];
    for (const criterion of data.criteria) {
      const row = body.appendChild(element("tr"));
      row.appendChild(element("th", undefined, { scope: "row" }))
        .appendChild(element("a", criterion.label, { href: criterion.url }));
      for (const code of codes) row.appendChild(element("td")).appendChild(levelLink(code, criterion));
      const mine = data.assessments[focus][criterion.id];
      for (const peer of peers) {
        const theirs = data.assessments[peer][criterion.id];
        if (theirs !== "met" && theirs !== "partly") continue;
        // "Not known" is never "not met": an unreviewed topic is listed apart.
        if (mine === "not_known") unknown.push([criterion, peer]);
        else if (RANK[theirs] > RANK[mine]) gaps.push([criterion, peer]);
      }
    }
    const first = data.names[focus];
    list(data.messages.gaps.replace("{first}", first), gaps, data.messages.nogap).id = "gaps";
    list(data.messages.unknown.replace("{first}", first), unknown, data.messages.noneunknown).id = "unknown";
  }

  function chosen() {
    const focus = select.value;
    const peers = Array.from(form.querySelectorAll("input[name=with]:checked"))
      .map((box) => box.value).filter((code) => code !== focus);
    return [focus, peers];
  }

  async function show(focus, peers) {
    if (!data) data = await (await fetch(form.dataset.source)).json();
    render(focus, peers);
  }

  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.id !== "compare-button") return;
    event.preventDefault();
    const [focus, peers] = chosen();
    const address = new URL(window.location.href);
    address.search = "?focus=" + encodeURIComponent(focus) + "&with=" + peers.map(encodeURIComponent).join(",");
    window.history.pushState(null, "", address);
    show(focus, peers);
  });

  // Keep the focus out of its own peers.
  select.addEventListener("change", function () {
    for (const box of form.querySelectorAll("input[name=with]")) box.disabled = box.value === select.value;
  });

  function fromAddress() {
    const params = new URLSearchParams(window.location.search);
    const focus = (params.get("focus") || "").toUpperCase();
    const peers = params.getAll("with").join(",").toUpperCase().split(",").filter(Boolean);
    if (focus && form.querySelector("option[value='" + CSS.escape(focus) + "']")) select.value = focus;
    for (const box of form.querySelectorAll("input[name=with]")) {
      box.checked = peers.includes(box.value);
      box.disabled = box.value === select.value;
    }
    if (focus && peers.length) show(...chosen());
  }
  window.addEventListener("popstate", fromAddress);
  fromAddress();
})();
