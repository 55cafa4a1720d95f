// The survey pages' service worker (scope /survey/, served by survey/form.py).
// The page registers it as sw.js?v=<hash of the shell's files>, so any change to them
// installs a new worker with a new cache.
const VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
const CACHE = `survey-shell-${VERSION}`;
const PAGES = ["/survey/new", "/survey/"];
// A response sent back to fix is corrected at the household, often offline: the home page names
// these edit pages (static/js/outbox.js) and the worker keeps them beside PAGES.
const EDIT_PAGE = /^\/survey\/responses\/[0-9a-f-]{36}\/edit$/;
// The pages show a surveyor's name, list and progress: on a shared tablet they are dropped at
// sign-out and fetched again for whoever signs in next. The server names a page's user in a header.
const OWNER_HEADER = "X-Survey-User";
const SHELL = [
  ...PAGES,
  "/static/css/app.css", "/static/js/db.js", "/static/js/fold.js", "/static/js/outbox.js",
  "/static/js/form.js", "/static/js/status.js", "/static/manifest.webmanifest", "/static/icon.svg",
];

self.addEventListener("install", (event) => {
  // addAll fails as a whole: a worker whose cache is incomplete never activates,
  // and the previous one keeps serving its complete cache.
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // Old caches go only once the new one holds every file, so an update never leaves
  // the tablet without a form to open offline.
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const held = await Promise.all(SHELL.map((url) => cache.match(url)));
    if (held.every(Boolean)) {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith("survey-shell-") && name !== CACHE)
        .map((name) => caches.delete(name)));
    }
    await self.clients.claim();
  })());
});

function isPage(path) {
  return PAGES.includes(path) || EDIT_PAGE.test(path);
}

// The edit pages a cache holds, by path.
async function editPages(cache) {
  return (await cache.keys()).map((request) => new URL(request.url).pathname)
    .filter((path) => EDIT_PAGE.test(path));
}

async function dropPages() {
  const names = (await caches.keys()).filter((name) => name.startsWith("survey-shell-"));
  await Promise.all(names.map(async (name) => {
    const cache = await caches.open(name);
    await Promise.all([...PAGES, ...await editPages(cache)].map((url) => cache.delete(url)));
  }));
}

// Called by every survey page: unless the cache already holds every page for this user, they
// are fetched now, so the form opens offline even if the surveyor never opened it online.
// `edits` (from the home page) are the edit pages to keep now; null leaves them as they are.
async function keepPagesFor(user, edits) {
  const cache = await caches.open(CACHE);
  if (edits) {
    // Corrected since, or sent back no more: not to be opened offline again.
    await Promise.all((await editPages(cache)).filter((path) => !edits.includes(path))
      .map((path) => cache.delete(path)));
  }
  for (const url of [...PAGES, ...(edits || []).filter((path) => EDIT_PAGE.test(path))]) {
    const held = await cache.match(url);
    if (held && held.headers.get(OWNER_HEADER) === String(user)) continue;
    // "manual": an expired session answers with a redirect to the sign-in page, not a page.
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" });
    // An edit page refused (the response was reviewed meanwhile) is skipped, not kept.
    if (!response.ok) {
      if (PAGES.includes(url)) return;
      continue;
    }
    await cache.put(url, response);
  }
}

self.addEventListener("message", (event) => {
  const { type, user, pages } = event.data || {};
  const done = type === "signed-out" ? dropPages()
    : type === "signed-in" ? keepPagesFor(user, pages) : Promise.resolve();
  // Offline, a failed fetch leaves the cache as it was: the pages are still this user's.
  event.waitUntil(done.catch(() => {}));
});

async function fromNetworkThenCache(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    // A redirect is the sign-in page after an expired session: not the form to keep.
    if (response.ok && !response.redirected && isPage(url.pathname)) {
      const cache = await caches.open(CACHE);
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(url.pathname, { cacheName: CACHE })
      || await caches.match(url.pathname);
    if (cached) return cached;
    throw error;
  }
}

async function fromCacheThenNetwork(request) {
  return (await caches.match(request, { ignoreSearch: true })) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // The API (and every POST) always goes to the server: the outbox decides what to retry.
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fromNetworkThenCache(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(fromCacheThenNetwork(request));
  }
});
