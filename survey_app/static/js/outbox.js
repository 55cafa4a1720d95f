// The outbox: finished responses wait here until the server confirms it has them.
// One response at a time; removed only on 200/201; 409/422 kept as "refused" with the
// server's message until the surveyor opens it again or deletes it; 401 waits for a new
// sign-in; anything else is retried with back-off.
import { DRAFTS, META, OUTBOX, all, atomically, getMeta, move, put, remove, setMeta } from "./db.js";

const API = "/api/v1";
const TIMEOUT_MS = 20000;
const FIRST_DELAY_MS = 2000;
const MAX_DELAY_MS = 5 * 60 * 1000;
// Sync also runs on a timer: queued data must not wait for the surveyor to touch the page.
const TICK_MS = 60000;

const panel = document.getElementById("outbox");
const text = JSON.parse(document.getElementById("outbox-text").textContent);
export const userId = await signedInUser();

// Who is signed in on this tablet. A page the worker serves offline was cached for whoever
// loaded it last online, maybe another surveyor: the newest page any survey screen rendered
// names the current user, so a cached copy older than it does not decide whose drafts these are.
async function signedInUser() {
  const page = { id: Number(panel.dataset.user), rendered: Number(panel.dataset.rendered) };
  const newest = await getMeta("signed-in");
  if (newest && newest.rendered > page.rendered) return newest.id;
  await setMeta("signed-in", page);
  return page.id;
}

let running = false;
// Asked again while running (a household finished, the connection back): run once more after,
// since the running sync chose its items before.
let again = false;
let failures = 0;
let retryTimer = null;
let notice = "";

class Retry extends Error {}
class SignedOut extends Error {}

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
}

async function request(url, options = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      credentials: "same-origin", cache: "no-store", redirect: "manual",
      ...options, signal: abort.signal,
      headers: { Accept: "application/json", ...(options.headers || {}) },
    });
    if (response.status === 401 || response.type === "opaqueredirect") throw new SignedOut();
    if (response.status >= 500 || response.status === 429) throw new Retry();
    return response;
  } catch (error) {
    if (error instanceof SignedOut || error instanceof Retry) throw error;
    throw new Retry();  // network down, connection cut, time-out
  } finally {
    clearTimeout(timer);
  }
}

async function json(url) {
  const response = await request(url);
  if (!response.ok) throw new Retry();
  return response.json();
}

function refusal(status, body) {
  if (body.fields) return Object.values(body.fields).join(" · ");
  return body.message || body.error || `HTTP ${status}`;
}

async function send(item) {
  const { csrf_token: token } = await json(`${API}/csrf-token`);
  const response = await request(`${API}/household-responses`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    body: JSON.stringify(item.payload),
  });
  if (response.status === 200 || response.status === 201) {
    await noteSent(item);
    return;
  }
  const body = await response.json().catch(() => ({}));
  if ([400, 403, 409, 422].includes(response.status)) {
    await put(OUTBOX, { ...item, state: "refused", status: response.status,
                        reason: body.reason || body.error, message: refusal(response.status, body),
                        errors: body.fields || null, current: body.current_instance_id || null });
    return;
  }
  throw new Retry();
}

// The item leaves the outbox and is counted in one transaction: a page closed in between
// (reloaded as the connection returns) left it gone yet never counted as sent. Not noted, it
// is sent again, and the server answers 200 for what it already has.
function noteSent(item) {
  return atomically([OUTBOX, META], (tx) => {
    tx.objectStore(OUTBOX).delete(item.instance_id);
    const meta = tx.objectStore(META);
    // Its edit page may still be open, or kept offline: it must not start a second edit.
    if (item.replaces) meta.put(item.instance_id, `edited:${item.replaces}`);
    const sent = `sent:${item.owner}`;
    meta.get(sent).onsuccess = (event) => meta.put((event.target.result || 0) + 1, sent);
    meta.put(new Date().toISOString(), `last-sync:${item.owner}`);
  });
}

async function sendWaiting() {
  const waiting = (await all(OUTBOX)).filter((item) => item.state === "waiting");
  if (!waiting.length) { notice = ""; return; }
  if (!navigator.onLine) { notice = text.offline; return; }
  // The account signed in now, not the one that loaded this page, decides whose items go.
  const me = await json(`${API}/me`);
  const mine = waiting.filter((item) => item.owner === me.id);
  const others = waiting.length - mine.length;
  notice = others ? format(text.other_owner, { count: others }) : "";
  for (const item of mine) {
    setMessage(text.sending);
    await send(item);
    failures = 0;
  }
  if (mine.length) await setMeta(`last-sync:${me.id}`, new Date().toISOString());
}

export async function sync() {
  if (running) { again = true; return; }
  running = true;
  again = false;
  clearTimeout(retryTimer);
  try {
    // One sync at a time on the tablet, however many survey pages are open: two would send
    // the same items at once, and count them twice.
    await (navigator.locks ? navigator.locks.request("survey-outbox", sendWaiting)
      : sendWaiting());
  } catch (error) {
    if (error instanceof SignedOut) {
      notice = text.sign_in;
    } else {
      // Not only the network: the tablet's storage may fail for a moment, and what waits must
      // not wait for the one-minute timer. 2 s, doubling, capped at 5 minutes; the jitter keeps
      // tablets that regain a connection together from all calling at the same second.
      if (!(error instanceof Retry)) console.error(error);
      const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** failures);
      failures += 1;
      const wait = Math.round(delay / 2 + Math.random() * delay / 2);
      notice = navigator.onLine ? format(text.retry, { seconds: Math.ceil(wait / 1000) }) : text.offline;
      retryTimer = setTimeout(sync, wait);
    }
  } finally {
    running = false;
    await render();
  }
  if (again) sync();
}

function setMessage(message) {
  panel.querySelector("[data-message]").textContent = message;
}

// A draft with no answer in it (a member block added, a field cleared again) is neither kept
// nor listed; an edit holds the version's answers from the start.
export const blank = (record) => !record.replaces
  && !Object.values(record.fields || {}).some((value) => value.trim());

// Refusals that opening the response again cannot cure: an edit of a version changed since, or
// of a response reviewed meanwhile (the latest version is where to go on), or a role that may
// not send. Deleting it is left.
const unfixable = (item) => item.status === 403 || ["stale_edit", "reviewed"].includes(item.reason);

// The item whose deletion waits for "Delete" or "Keep": a sync re-renders the list meanwhile.
let confirming = null;

function focusAction(id, action) {
  panel.querySelector(`[data-list] li[data-id="${id}"] [data-action="${action}"]`)?.focus();
}

function control(tag, label, action, className = "button") {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = label;
  el.dataset.action = action;
  if (tag === "button") el.type = "button";
  return el;
}

// One draft or refused response: its links, then "Delete", which asks on the spot.
function listItem(record, label, links, store, question) {
  const id = record.instance_id;
  const li = document.createElement("li");
  li.dataset.id = id;
  const title = document.createElement("strong");
  title.textContent = `${label}: ${record.head_name || text.no_name}`;
  li.append(title);
  if (record.message) {
    const message = document.createElement("p");
    message.className = "error";
    message.textContent = record.message;
    li.append(message);
  }
  const actions = document.createElement("p");
  actions.className = "actions";
  if (confirming === id) {
    const ask = document.createElement("span");
    ask.id = `delete-${id}`;
    ask.textContent = question;
    actions.setAttribute("role", "group");
    actions.setAttribute("aria-labelledby", ask.id);
    const yes = control("button", text.delete, "confirm-delete", "danger");
    yes.addEventListener("click", async () => {
      confirming = null;
      await remove(store, id);
      await render();
      panel.querySelector("h2").focus();  // its item is gone: back to the panel it was in
    });
    const keep = control("button", text.keep, "keep");
    keep.addEventListener("click", async () => {
      confirming = null;
      await render();
      focusAction(id, "delete");
    });
    actions.append(ask, yes, keep);
  } else {
    for (const [href, linkText, action] of links) {
      const link = control("a", linkText, action);
      link.href = href;
      actions.append(link);
    }
    const ask = control("button", text.delete, "delete", "danger");
    ask.addEventListener("click", async () => {
      confirming = id;
      await render();
      focusAction(id, "keep");
    });
    actions.append(ask);
  }
  li.append(actions);
  return li;
}

function refusedItem(item) {
  const links = [];
  if (!unfixable(item)) {
    links.push([`${panel.dataset.form}#fix=${item.instance_id}`, text.open_again, "fix"]);
  }
  if (item.current) {
    links.push([panel.dataset.response.replace("ID", item.current), text.open_latest, "latest"]);
  }
  return listItem(item, text.refused, links, OUTBOX, text.delete_refused);
}

function draftItem(draft) {
  const links = [[`${panel.dataset.form}#draft=${draft.instance_id}`, text.open_draft, "draft"]];
  return listItem(draft, text.draft, links, DRAFTS, text.delete_draft);
}

// Shows what this user has on the tablet; `current` is the draft open in the form, not listed.
export async function render(current = render.current) {
  render.current = current;
  const drafts = (await all(DRAFTS)).filter((d) => d.owner === userId && !blank(d));
  const outbox = (await all(OUTBOX)).filter((item) => item.owner === userId);
  const refused = outbox.filter((item) => item.state === "refused");
  const counts = {
    drafts: drafts.length,
    waiting: outbox.length - refused.length,
    sent: (await getMeta(`sent:${userId}`)) || 0,
    refused: refused.length,
  };
  for (const [name, value] of Object.entries(counts)) {
    panel.querySelector(`[data-count="${name}"]`).textContent = value;
  }
  const last = await getMeta(`last-sync:${userId}`);
  panel.querySelector("[data-last-sync]").textContent = last
    ? new Date(last).toLocaleString(document.documentElement.lang) : text.never;
  setMessage(notice);
  const list = panel.querySelector("[data-list]");
  const focused = list.contains(document.activeElement) && document.activeElement;
  list.replaceChildren(
    ...refused.map(refusedItem),
    ...drafts.filter((d) => d.instance_id !== current).map(draftItem),
  );
  if (focused) focusAction(focused.closest("li").dataset.id, focused.dataset.action);
}

// Puts a finished response in the outbox and tries to send it at once.
export async function enqueue(draft, payload) {
  await move(DRAFTS, OUTBOX, { ...draft, payload, state: "waiting", message: null });
  failures = 0;
  sync();
}

// The edit pages of the responses sent back to this user, as the home page lists them (none
// listed: an empty list); null on the pages that do not list them.
function offlinePages() {
  const listed = panel.dataset.offlinePages;
  return listed === undefined ? null : listed.split(" ").filter(Boolean);
}

export function start() {
  panel.hidden = false;
  window.addEventListener("online", () => { failures = 0; sync(); });
  window.addEventListener("offline", () => render());
  setInterval(sync, TICK_MS);
  // The service worker keeps the page and its assets for offline use under /survey/.
  if ("serviceWorker" in navigator) {
    // Without the worker the page still works online, so a failed registration is no error to show.
    navigator.serviceWorker.register(panel.dataset.worker, { scope: panel.dataset.scope })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => registration.active.postMessage({
        type: "signed-in", user: userId, pages: offlinePages(),
      }))
      .catch(() => {});
  }
  return sync();
}
