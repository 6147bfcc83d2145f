// The compare view: side-by-side levels and gaps, from the JSON file the build writes.
// Builds the DOM with textContent only: nothing from the data is parsed as HTML.
"use strict";
(function () {
  const form = document.getElementById("compare-form");
  const out = document.getElementById("compare-result");
  if (!form || !out) return;
  let data = null;
  const chosen = [];  // in the order the user ticked them: the first is compared with the rest

  form.addEventListener("change", function (event) {
    const box = event.target;
    if (box.name !== "j") return;
    const at = chosen.indexOf(box.value);
    if (box.checked && at < 0) chosen.push(box.value);
    if (!box.checked && at >= 0) chosen.splice(at, 1);
  });

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  function levelCell(level) {
    const cell = element("td");
    cell.appendChild(element("span", data.levels[level], { class: "level level-" + level }));
    return cell;
  }

  function render(codes) {
    out.replaceChildren();
    if (codes.length < 2) {
      out.appendChild(element("p", data.messages.choose));
      return;
    }
    const table = element("table");
    table.appendChild(element("caption", data.messages.caption));
    const head = element("tr");
    head.appendChild(element("th", data.messages.criterion, { scope: "col" }));
    for (const code of codes) head.appendChild(element("th", data.names[code], { scope: "col" }));
    table.appendChild(element("thead")).appendChild(head);
    const body = table.appendChild(element("tbody"));
    const rank = { met: 3, partly: 2, not_met: 1, not_known: 0 };
    const gaps = [];
    for (const criterion of data.criteria) {
      const row = element("tr");
      row.appendChild(element("th", criterion.label, { scope: "row" }));
      for (const code of codes) row.appendChild(levelCell(data.assessments[code][criterion.id]));
      body.appendChild(row);
      const mine = data.assessments[codes[0]][criterion.id];
      if (mine === "not_known") continue;
      for (const peer of codes.slice(1)) {
        const theirs = data.assessments[peer][criterion.id];
        if ((theirs === "met" || theirs === "partly") && rank[theirs] > rank[mine]) {
          gaps.push([criterion, peer]);
        }
      }
    }
    out.appendChild(table);
    out.appendChild(element("h2", data.messages.gaps.replace("{first}", data.names[codes[0]])));
    const list = out.appendChild(element("ul", undefined, { id: "gaps" }));
    for (const [criterion, peer] of gaps) {
      const item = list.appendChild(element("li"));
      item.appendChild(element("a", criterion.label, { href: criterion.url }));
      item.appendChild(document.createTextNode(" — " + data.names[peer]));
    }
    if (!gaps.length) list.appendChild(element("li", data.messages.nogap));
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const codes = chosen.filter((code) => form.querySelector("#j-" + code).checked);
    if (!data) data = await (await fetch(form.dataset.source)).json();
    render(codes);
  });
})();
