// The household form, offline first: every change is saved as a draft on the tablet;
// "Finish" checks the required answers and the server's limits on numbers, records the time
// and (if allowed) the position, and moves the response to the outbox. The server's rules
// stay the judge.
import { DRAFTS, OUTBOX, all, get, getMeta, move, put, remove } from "./db.js";
import { addTradeSearch } from "./fold.js";
import { blank, enqueue, render, start, userId } from "./outbox.js";

const form = document.getElementById("household-form");
const membersBox = document.getElementById("members");
const data = JSON.parse(document.getElementById("form-data").textContent);
const t = data.text;
const heading = document.querySelector("h1");
const HOUSEHOLD_REQUIRED = ["commune_code", "head_name", "household_size", "ethnicity",
  "poverty_status", "main_livelihood"];
const MEMBER_REQUIRED = ["sex", "birth_year", "education", "current_work", "desired_level",
  "study_place", "work_away"];
const MEMBER_CHOICES = ["sex", "education", "current_work", "desired_level", "study_place", "work_away"];
const MEMBER_TEXT = ["work_away_where", "constraints"];
const MEMBER_CHECKS = ["can_board", "poor_household", "near_poor_household", "ethnic_minority",
  "disability", "revolutionary_merit", "demobilised_soldier", "land_recovered", "woman_lost_job"];
const RANKS = [1, 2, 3];
const GPS_WAIT_MS = 10000;

let draft = null;
// Editing a sent response: the answers shown by the server start the draft, which names the
// version it replaces and keeps that interview's times and position (survey/edit.py).
const edit = data.edit;
let editStart = null;
// A clean copy of the first block, to add members from. Its answers go as the defaults too: the
// server marks an edited member's answers as selected, and each copy of a list would show them.
const blockTemplate = membersBox.querySelector(".member").cloneNode(true);
for (const option of blockTemplate.querySelectorAll("option")) option.defaultSelected = false;
for (const el of blockTemplate.querySelectorAll("input:not([type=hidden])")) {
  if (el.type === "checkbox") el.defaultChecked = false; else el.defaultValue = "";
}
clear(blockTemplate);

function clear(root) {
  for (const el of root.querySelectorAll("input:not([type=hidden]), select")) {
    if (el.type === "checkbox") el.checked = false; else el.value = "";
  }
  clearErrors(root);
}

function clearErrors(root) {
  for (const el of root.querySelectorAll(".error")) { el.hidden = true; el.textContent = ""; }
  for (const el of root.querySelectorAll(".has-error")) el.classList.remove("has-error");
}

const blocks = () => [...membersBox.querySelectorAll(".member")];
const format = (template, values) => template.replace(/%\((\w+)\)s/g, (_, key) => values[key]);

function addBlock() {
  const number = Math.max(-1, ...blocks().map((b) => Number(b.dataset.block))) + 1;
  const block = blockTemplate.cloneNode(true);
  const rename = (value) => value.replace(/^m\d+-/, `m${number}-`).replace(/ m\d+-/g, ` m${number}-`);
  for (const el of block.querySelectorAll("[id], [name], [for], [aria-describedby]")) {
    for (const attr of ["id", "name", "for", "aria-describedby"]) {
      if (el.hasAttribute(attr)) el.setAttribute(attr, rename(el.getAttribute(attr)));
    }
  }
  block.dataset.block = number;
  membersBox.append(block);
  enhanceBlock(block);
  renumber();
  return block;
}

function renumber() {
  blocks().forEach((block, i) => {
    block.querySelector("legend").textContent = format(t.member, { number: i + 1 });
    block.querySelector(".remove-member").hidden = blocks().length === 1;
  });
}

function enhanceBlock(block) {
  addTradeSearch(block, data.trades, t);
  block.querySelector(".remove-member").addEventListener("click", () => {
    block.remove();
    renumber();
    save();
  });
}

function fields() {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.type === "hidden") continue;
    values[el.name] = el.type === "checkbox" ? (el.checked ? "yes" : "") : el.value;
  }
  return values;
}

function restore(record) {
  for (const block of blocks()) block.remove();
  for (let i = 0; i < record.blocks.length; i += 1) addBlock();
  // Blocks are renumbered from 0 in page order; the draft's numbers map onto them.
  const renamed = {};
  record.blocks.forEach((old, i) => { renamed[`m${old}-`] = `m${blocks()[i].dataset.block}-`; });
  for (const [name, value] of Object.entries(record.fields)) {
    const key = name.replace(/^m\d+-/, (prefix) => renamed[prefix] || prefix);
    const el = form.elements.namedItem(key);
    if (!el) continue;
    if (el.type === "checkbox") el.checked = value === "yes"; else el.value = value;
  }
}

function newDraft() {
  return { instance_id: crypto.randomUUID(), owner: userId, started_at: localIso(new Date()),
           round_id: Number(form.elements.round_id.value),
           ...(edit ? { replaces: edit.replaces, kept: edit.kept, ...structuredClone(editStart) } : {}) };
}

// The answers on the page as the server filled them; empty member blocks are not members.
function startFromPage() {
  const filled = (block) => [...block.querySelectorAll("input:not([type=hidden]), select")]
    .some((el) => (el.type === "checkbox" ? el.checked : el.value));
  const answered = blocks().filter(filled);
  const kept = answered.length ? answered : blocks().slice(0, 1);
  const names = new Set(kept.map((b) => `m${b.dataset.block}-`));
  const values = Object.fromEntries(Object.entries(fields())
    .filter(([name]) => !/^m\d+-/.test(name) || names.has(name.match(/^m\d+-/)[0])));
  return { fields: values, blocks: kept.map((b) => Number(b.dataset.block)),
           head_name: form.elements.head_name.value.trim() };
}

// Whether anything on the page differs from what the server sent: typed on a slow tablet
// before this script arrived, which no draft holds yet.
function typedBeforeScript() {
  const initial = (select) => ([...select.options].find((o) => o.defaultSelected)
    ?? select.options[0])?.value ?? "";
  return [...form.querySelectorAll("input:not([type=hidden]), select")].some((el) => {
    if (el.type === "checkbox") return el.checked !== el.defaultChecked;
    return el.value !== (el.tagName === "SELECT" ? initial(el) : el.defaultValue);
  });
}

// ISO 8601 with the tablet's offset (+07:00), as the contract asks; toISOString() gives UTC.
function localIso(date) {
  const offset = -date.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, 19);
  return `${local}${offset >= 0 ? "+" : "-"}${pad(offset / 60)}:${pad(offset % 60)}`;
}

let saving = Promise.resolve();
function save() {
  Object.assign(draft, { fields: fields(), blocks: blocks().map((b) => Number(b.dataset.block)),
                         head_name: form.elements.head_name.value.trim(), saved_at: Date.now() });
  const record = structuredClone(draft);
  // A reload of the page opens the draft again rather than a blank form. Not on an edit page,
  // which finds its own draft, and says so when the edit is already finished.
  if (!edit && !blank(record)) history.replaceState(null, "", `#draft=${record.instance_id}`);
  // Emptied again (or only a member block added): no draft to list, or to keep.
  const store = () => (blank(record) ? remove(DRAFTS, record.instance_id) : put(DRAFTS, record));
  saving = saving.then(store).then(() => render(draft.instance_id))
    .catch(() => showNote(t.save_failed, true));
  return saving;
}

// At the top of the page, where the eye is after Finish has scrolled there; until the next input.
function showNote(message, failed = false) {
  const note = document.getElementById("form-status");
  note.textContent = message;
  note.classList.toggle("failed", failed);
}

const number = (value) => (value.trim() === "" ? null : (/^-?\d+$/.test(value.trim()) ? Number(value) : value.trim()));
const textOrNull = (value) => value.trim() || null;

// The same payload the server builds from a plain POST (survey/form_fields.py).
function payload() {
  const v = fields();
  const members = [];
  for (const block of blocks()) {
    const p = `m${block.dataset.block}-`;
    const member = {};
    for (const name of [...MEMBER_CHOICES, ...MEMBER_TEXT]) member[name] = textOrNull(v[p + name] || "");
    member.birth_year = number(v[`${p}birth_year`] || "");
    member.max_duration_months = number(v[`${p}max_duration_months`] || "");
    for (const name of MEMBER_CHECKS) member[name] = v[p + name] === "yes";
    member.trades = RANKS.map((rank) => {
      const code = (v[`${p}trade${rank}`] || "").trim();
      const other = (v[`${p}trade${rank}-other`] || "").trim();
      return code ? { code } : (other ? { other } : null);
    }).filter(Boolean);
    members.push(member);
  }
  return {
    instance_id: draft.instance_id, replaces: draft.replaces ?? null, round_id: draft.round_id,
    commune_code: textOrNull(v.commune_code), village: textOrNull(v.village), consent: v.consent === "yes",
    started_at: draft.started_at, finished_at: localIso(new Date()),
    gps_lat: null, gps_lon: null, gps_accuracy_m: null,
    head_name: textOrNull(v.head_name), phone: textOrNull(v.phone),
    household_size: number(v.household_size), ethnicity: textOrNull(v.ethnicity),
    poverty_status: textOrNull(v.poverty_status), main_livelihood: textOrNull(v.main_livelihood),
    members,
    ...(draft.kept || {}),
  };
}

function markError(name, message) {
  const error = document.getElementById(`${name}-error`);
  if (!error) return;
  error.textContent = message;
  error.hidden = false;
  error.closest(".field, .field-check, .trade-rank")?.classList.add("has-error");
}

// The form field an error path of the server's rules points at (survey/form_fields.py
// field_name): members count from 1 in page order, as the payload lists them.
function fieldName(path) {
  const match = path.match(/^members\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?$/);
  if (!match) return path;
  const [, number, name, rank] = match;
  const block = blocks()[Number(number) - 1];
  if (!block) return "members";
  const p = `m${block.dataset.block}-`;
  return name === "trades" ? `${p}trade${rank || 1}` : p + (name || "sex");
}

// The server's whole-number limits (services/household_rules.py), with its own messages:
// refused here, at the household, rather than after the surveyor has left.
// `member` is the member's number, for a member's field.
function outOfRange(name, value, member) {
  const limit = data.limits[name];
  const text = value?.trim();
  if (!limit || !text) return null;
  if (!/^[+-]?[0-9]+$/.test(text)) return format(limit.not_a_number, { number: member });
  const n = Number(text);
  return n < limit.min || n > limit.max ? format(limit.range, { number: member }) : null;
}

function check() {
  clearErrors(form);
  const v = fields();
  let first = null;
  const fail = (name, message) => { markError(name, message); first ??= name; };
  const limit = (name, key, member) => {
    const message = outOfRange(name, v[key], member);
    if (message) fail(key, message);
  };
  for (const name of HOUSEHOLD_REQUIRED) if (!v[name]?.trim()) fail(name, t.required);
  const sizeError = outOfRange("household_size", v.household_size);
  if (sizeError) {
    fail("household_size", sizeError);
  } else if (v.household_size?.trim() && Number(v.household_size) < blocks().length) {
    fail("household_size", format(data.limits.household_size.below_members,
                                  { members: blocks().length }));
  }
  if (v.consent !== "yes") fail("consent", t.no_consent);
  if (!blocks().length) fail("members", t.no_members);
  blocks().forEach((block, i) => {
    const p = `m${block.dataset.block}-`;
    for (const name of MEMBER_REQUIRED) if (!v[p + name]?.trim()) fail(p + name, t.required);
    limit("birth_year", `${p}birth_year`, i + 1);
    if (!RANKS.some((r) => v[`${p}trade${r}`] || v[`${p}trade${r}-other`]?.trim())) fail(`${p}trade1`, t.no_trades);
  });
  const summary = document.getElementById("form-errors");
  summary.hidden = !first;
  if (first) {
    summary.querySelector("ul").replaceChildren();
    document.getElementById(first)?.focus();
  }
  return !first;
}

// Optional: a position if the tablet gives one quickly; never required, never waited on long.
function position() {
  if (!navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(p.coords), () => resolve(null),
      { enableHighAccuracy: true, timeout: GPS_WAIT_MS, maximumAge: 60000 });
  });
}

// A second tap while the first is still finishing (saving, asking for the position) sent a
// second household, from the form already emptied for the next one.
let finishing = false;

async function finish(event) {
  event.preventDefault();
  if (finishing) return;
  finishing = true;
  try {
    await finishHousehold();
  } finally {
    finishing = false;
  }
}

async function finishHousehold() {
  if (!check()) return;
  await save();
  const answer = payload();
  // An edit keeps the interview's position: the tablet may be somewhere else by now.
  const coords = draft.kept ? null : await position();
  if (coords) {
    Object.assign(answer, { gps_lat: coords.latitude, gps_lon: coords.longitude,
                            gps_accuracy_m: Math.round(coords.accuracy * 10) / 10 });
  }
  const { refusal, ...finished } = draft;
  await enqueue(structuredClone(finished), answer);
  if (edit) {
    // Should Back (or the browser's page cache) bring this page again, it starts no second edit.
    showEditDone();
    location.assign(data.home);  // home shows it waiting to upload; it syncs from there
    return;
  }
  history.replaceState(null, "", location.pathname);
  openForm(newDraft());
  showNote(`${t.finished} ${coords ? format(t.gps_ok, { metres: answer.gps_accuracy_m }) : t.gps_none}`);
  window.scrollTo(0, 0);
}

// `onPage`: the record's answers are those on the page, which are left as they are.
function openForm(record, note = "", onPage = false) {
  draft = record;
  if (!onPage) {
    clear(form);
    restore(record.fields ? record : { blocks: [0], fields: {} });
  }
  document.getElementById("form-errors").hidden = true;
  form.elements.instance_id.value = draft.instance_id;
  // A draft of an edit, resumed from the list on the new-response page, is still an edit.
  const title = record.replaces ? t.heading_edit : t.heading_new;
  document.title = document.title.replace(heading.textContent, title);
  heading.textContent = title;
  showRefusal(record.refusal);
  showNote(note);
  render(draft.instance_id);
}

// The server's reason for refusing the response being corrected, above the form, and the
// fields it names marked as the form's own checks mark them.
function showRefusal(refusal) {
  const box = document.getElementById("form-refused");
  box.hidden = !refusal;
  if (!refusal) return;
  const intro = document.createElement("p");
  intro.textContent = t.correcting;
  const list = document.createElement("ul");
  for (const [path, message] of Object.entries(refusal.errors || { "": refusal.message })) {
    const name = fieldName(path);
    markError(name, message);
    const item = document.createElement("li");
    if (document.getElementById(name)) {
      const link = document.createElement("a");
      link.href = `#${name}`;
      link.textContent = message;
      item.append(link);
    } else {
      item.textContent = message;
    }
    list.append(item);
  }
  box.replaceChildren(intro, list);
}

// A refused response comes back to the form with the server's reason; a 409 means the server
// holds a different answer under that id, so the corrected one is a new response.
async function reopen(id) {
  const item = await get(OUTBOX, id);
  if (!item || item.owner !== userId) return null;
  const { state, payload: sent, message, errors, status, reason, current, ...record } = item;
  record.refusal = { message, errors };
  if (status === 409) record.instance_id = crypto.randomUUID();
  await move(OUTBOX, DRAFTS, record, item.instance_id);
  return record;
}

function showEditDone() {
  form.hidden = true;
  for (const id of ["edit-hint", "edit-comment"]) {
    const note = document.getElementById(id);
    if (note) note.hidden = true;
  }
  document.getElementById("edit-done").hidden = false;
}

// One edit of a version per tablet: coming back to its page (Back, the worker's copy) after
// finishing it says so instead of starting a second edit the server would refuse as stale;
// an edit begun before and not finished is resumed.
async function openEdit() {
  const mine = (records) => records.filter((r) => r.owner === userId && r.replaces === edit.replaces);
  if (mine(await all(OUTBOX)).length || await getMeta(`edited:${edit.replaces}`)) {
    showEditDone();
    return true;
  }
  const [begun] = mine(await all(DRAFTS));
  if (begun) openForm(begun, t.draft_restored);
  return Boolean(begun);
}

// `event` is null on the page's first opening, whose answers (typed before this script ran, or
// posted back by the server) start the new draft instead of being cleared.
async function openFromHash(event) {
  const [kind, id] = location.hash.slice(1).split("=");
  if (kind === "draft") {
    const record = await get(DRAFTS, id);
    if (record && record.owner === userId) return openForm(record, t.draft_restored);
  }
  if (kind === "fix") {
    const record = await reopen(id);
    if (record) {
      history.replaceState(null, "", `#draft=${record.instance_id}`);  // what a reload resumes
      return openForm(record);
    }
  }
  // The answers on the page belong to a draft finished or deleted since (the browser puts
  // them back on Back): not a new household.
  if (event || kind === "draft" || kind === "fix") return openForm(newDraft());
  if (edit && await openEdit()) return undefined;
  const typed = typedBeforeScript();
  openForm({ ...newDraft(), ...adoptPage() }, "", true);
  return typed ? save() : undefined;
}

// The answers on the page (the server's, or typed before this script ran) start the draft where
// they are: setting a field again while it is being typed into moves the caret to its end, and
// the surveyor's text was appended to the old instead of replacing it. Only the member blocks
// left unanswered go.
function adoptPage() {
  const page = startFromPage();
  for (const block of blocks()) {
    if (page.blocks.includes(Number(block.dataset.block))) enhanceBlock(block); else block.remove();
  }
  renumber();
  return page;
}

function changed() {
  showNote("");
  save();
}

document.getElementById("add-member").hidden = false;
document.getElementById("add-member").addEventListener("click", () => {
  addBlock().querySelector("select")?.focus();
  save();
});
form.addEventListener("input", changed);
form.addEventListener("change", changed);
form.addEventListener("submit", finish);
window.addEventListener("hashchange", openFromHash);
editStart = edit && startFromPage();
start();
openFromHash(null);
