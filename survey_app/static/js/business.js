// The employer form (templates/business/form.html) works without this script; it only
// adds and removes need rows in place and puts a search box above each trade list.
import { addTradeSearch, filterTrades } from "./fold.js";

const form = document.getElementById("business-form");
const data = JSON.parse(document.getElementById("business-data").textContent);
const t = data.text;
const list = document.getElementById("need-rows");
const rows = () => [...list.querySelectorAll(".need")];

function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
}

// Every row after the first empty one is hidden until "Add a need" shows it again: the
// page offers empty rows for use without JavaScript, one at a time is enough here.
function isEmpty(row) {
  return [...row.querySelectorAll("input, select")]
    .every((el) => el.name.endsWith("-kind") || el.type === "search" || !el.value.trim());
}

function renumber() {
  const shown = rows().filter((row) => !row.hidden);
  shown.forEach((row, i) => {
    row.querySelector("legend").textContent = format(t.need, { number: i + 1 });
    row.querySelector(".remove-need").hidden = shown.length === 1;
  });
  document.getElementById("add-need").hidden = false;
}

function clearRow(row) {
  for (const el of row.querySelectorAll("input, select")) {
    if (el.name.endsWith("-kind")) el.value = "plan";
    else el.value = "";
  }
  const select = row.querySelector(".trade-pick select");
  if (select) filterTrades(select, "", data.trades, t.no_match, { chooseOnly: true });
}

function addRow() {
  const hidden = rows().find((row) => row.hidden);
  let row = hidden;
  if (!row) {
    // A copy of the last row under the next free number: the server reads any n<number>-.
    const last = rows().at(-1);
    const number = Math.max(...rows().map((r) => Number(r.dataset.row))) + 1;
    row = last.cloneNode(true);
    row.dataset.row = String(number);
    for (const el of row.querySelectorAll("[id], [name], [for], [aria-describedby]")) {
      for (const attr of ["id", "name", "for", "aria-describedby"]) {
        const value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/^n\d+-/, `n${number}-`).replace(/ n\d+-/g, ` n${number}-`));
      }
    }
    for (const error of row.querySelectorAll(".error")) error.remove();
    for (const field of row.querySelectorAll(".has-error")) field.classList.remove("has-error");
    for (const el of row.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const search of row.querySelectorAll(".trade-search")) search.remove();
    list.append(row);
    enhance(row);
  }
  clearRow(row);
  row.hidden = false;
  renumber();
  return row;
}

function enhance(row) {
  addTradeSearch(row, data.trades, t, { chooseOnly: true });
  row.querySelector(".remove-need").addEventListener("click", () => {
    clearRow(row);
    row.hidden = true;
    // A hidden row keeps its place; emptied, it is ignored by the server.
    if (!rows().some((r) => !r.hidden)) addRow();
    renumber();
  });
}

for (const row of rows()) enhance(row);
let seenEmpty = false;
for (const row of rows()) {
  if (!isEmpty(row)) continue;
  // Keep the first empty row, unless filled rows exist: then "Add a need" brings it.
  if (seenEmpty || rows().some((r) => !isEmpty(r))) row.hidden = true;
  seenEmpty = true;
}
if (!rows().some((r) => !r.hidden)) rows()[0].hidden = false;
for (const hint of form.querySelectorAll(".no-js-hint")) hint.hidden = true;
document.getElementById("add-need").addEventListener("click", () => {
  addRow().querySelector(".trade-search, select")?.focus();
});
renumber();
