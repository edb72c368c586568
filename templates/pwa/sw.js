// Jejaring's service worker, rendered by the app (webapp/pwa/routes.py) so that the precache
// list carries the content hashes of this release; any change to them is a new worker.
// Release: {{ release|tojson }}
"use strict";

importScripts({% for url in workbox %}{{ url|tojson }}{% if not loop.last %}, {% endif %}{% endfor %});

const { precaching, routing, strategies, expiration, backgroundSync } = workbox;

// Caches by what they keep. Precache and PAGES/STATIC are the app's and may be replaced by an
// update; SAVED is the reader's own (the "save for offline" button) and no update touches it.
const PAGES = "jejaring-halaman";
const STATIC = "jejaring-berkas";
const SAVED = "jejaring-tersimpan";
// The signed-in person's own pages kept for offline (a ticket, an organiser's check-in page):
// never in the caches above, which any account on the phone reads; kept by static/js/app.js
// and dropped by it whenever the account on this phone changes or signs out.
const PERSONAL = "jejaring-pribadi";
const OFFLINE_PAGE = {{ offline_url|tojson }};
const NETWORK_TIMEOUT_SECONDS = 4;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(keepLastStylesAndScripts());
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// The app shell, with the revisions the app computed. Pages vary by language and cookies
// (Vary), which would stop a cached copy from matching the next request: the copy kept here
// is whatever this phone was given, so the header is dropped before storing.
precaching.cleanupOutdatedCaches();
// Shell pages are fetched with the person's cookies (their language), so the request says it is
// the worker's: the server then leaves a waiting message ("Tersimpan") for the page they open.
precaching.addPlugins([{
  requestWillFetch: async ({ request }) => {
    const headers = new Headers(request.headers);
    headers.set("X-Jejaring-Shell", "1");
    return new Request(request, { headers });
  },
  cacheWillUpdate: async ({ response }) => withoutVary(response),
}]);

function withoutVary(response) {
  if (!response.headers.has("Vary")) return response;
  const headers = new Headers(response.headers);
  headers.delete("Vary");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Only pages the server marked as the same for everyone ("public") are kept; a page with
// anything personal in it says "private" or "no-store" and is never stored.
function isShared(response) {
  const control = response.headers.get("Cache-Control") || "";
  return response.status === 200 && /\bpublic\b/.test(control) && !/no-store|private/.test(control);
}

// A copy, when the network fails or is slow: recently read, else saved by the reader. It says
// it is a copy: the script shows "saved copy from <date>".
const sharedOnly = {
  cacheWillUpdate: async ({ response }) => (isShared(response) ? response : null),
  cachedResponseWillBeUsed: async ({ request, cachedResponse }) => {
    const copy = cachedResponse || (await caches.match(request, { cacheName: SAVED, ignoreVary: true })) ||
      (await caches.match(request, { cacheName: PERSONAL, ignoreVary: true }));
    return copy && markAsCopy(copy);
  },
};

// A server error (a proxy's 502 while the app is down) is no page to read: like no network,
// it gives way to a kept copy.
const serverErrorIsNoAnswer = {
  fetchDidSucceed: async ({ response }) => {
    if (response.status >= 500) throw new Error(`server error ${response.status}`);
    return response;
  },
};

async function markAsCopy(response) {
  const savedAt = lastDate(response.headers.get("Date") || "");
  const html = await response.clone().text();
  const marked = html.replace("<html ", `<html data-saved-at="${encodeURIComponent(savedAt)}" `);
  return new Response(marked, { status: response.status, statusText: response.statusText, headers: response.headers });
}

// Two Date headers (the development server adds its own) arrive joined: "Mon, 30 Nov ..., Mon, 30 Nov ...".
function lastDate(value) {
  const parts = value.split(/,\s*(?=[A-Z][a-z]{2},)/);
  return parts[parts.length - 1];
}

// Keep saved copies fresh: a page that was saved and is fetched again replaces its copy.
const refreshSaved = {
  cacheDidUpdate: async ({ request, response }) => {
    const saved = await caches.open(SAVED);
    if (response && (await saved.match(request, { ignoreVary: true }))) await saved.put(request, response.clone());
  },
};

// A page that is gone (a moderator hid it, its owners deleted it) leaves this phone too: no
// kept or saved copy of it opens offline any more.
const goneIsGone = {
  fetchDidSucceed: async ({ request, response }) => {
    if (response.status === 404 || response.status === 410) {
      for (const name of [PAGES, SAVED]) await (await caches.open(name)).delete(request.url, { ignoreVary: true });
    }
    return response;
  },
};

const pages = new strategies.NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
  matchOptions: { ignoreVary: true },
  plugins: [serverErrorIsNoAnswer, goneIsGone, sharedOnly, refreshSaved,
    new expiration.ExpirationPlugin({ maxEntries: 40, purgeOnQuotaError: true })],
});

// Navigations: the network first (briefly), then a recently read copy, then a saved copy,
// then the app shell's own copy (the library, the offline page), then the offline page. No
// answer, a slow one and a server error are all the same here. Registered before the
// precache's route, so that the library and the offline page, too, come in the reader's
// language when there is a connection.
routing.registerRoute(
  ({ request }) => request.mode === "navigate",
  async (options) => {
    try {
      const response = await pages.handle(options);
      if (response) return response;
    } catch (error) {
      // no network, no answer in time, or a server error, and no copy of this page
    }
    const shell = await precaching.matchPrecache(new URL(options.request.url).pathname);
    if (shell) return markAsCopy(shell);
    return (await precaching.matchPrecache(OFFLINE_PAGE)) || Response.error();
  }
);

// A lesson file shared to the installed app ("share to Jejaring", the manifest's share_target):
// kept on the phone for the pack page, which checks and opens it (static/js/packs.js). The file
// never goes to the server.
routing.registerRoute(
  ({ url }) => url.pathname === {{ open_pack_url|tojson }},
  async ({ request }) => {
    const file = (await request.formData()).get("berkas");
    if (file) await (await caches.open("jejaring-berkas-masuk")).put("/buka-berkas/berkas", new Response(file));
    return Response.redirect({{ open_pack_url|tojson }} + "?dibagikan=1", 303);
  },
  "POST"
);

// A form sent without a connection (or while the server is down) is not lost to the browser's
// error page: what was typed is kept on the phone, and the offline page offers to send it
// when the connection is back (static/js/app.js). Forms with a password are never kept.
const FORMS = "jejaring-formulir";

routing.registerRoute(
  ({ url, request }) => request.mode === "navigate" && url.origin === self.location.origin,
  async ({ request }) => {
    const copy = request.clone();
    try {
      const response = await fetch(request);
      if (response.status < 500) return response;
    } catch (error) {
      // not sent: kept below
    }
    const page = await precaching.matchPrecache(OFFLINE_PAGE);
    const kept = await keepForm(copy);
    if (!page) return Response.error();
    const html = (await page.text()).replace("<html ", `<html data-unsent-form="${kept ? encodeURIComponent(kept) : "-"}" `);
    return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
  },
  "POST"
);

async function keepForm(request) {
  if (!(request.headers.get("Content-Type") || "").startsWith("application/x-www-form-urlencoded")) return null;
  const body = await request.text();
  if ([...new URLSearchParams(body).keys()].some((name) => /password|sandi/i.test(name))) return null;
  const key = `/__formulir__/${Date.now()}`;
  const cache = await caches.open(FORMS);
  await cache.put(key, new Response(JSON.stringify({ url: request.url, body }), { headers: { "Content-Type": "application/json" } }));
  return key;
}

// The app shell: stylesheet, scripts, icons, manifest, and the pages above when offline.
precaching.precacheAndRoute({{ precache|tojson }});

// Pages read (not saved) under an earlier release name that release's stylesheet and scripts,
// which this release's precache clean-up deletes, and the browser's own cache may have dropped.
// Before that clean-up (this worker's install), they move to a cache of their own: the last
// few releases' worth, oldest out first. The static route below finds them there.
const OLD_SHELL = "jejaring-berkas-lama";
const OLD_SHELL_ENTRIES = 12;

async function keepLastStylesAndScripts() {
  const precache = await caches.open(workbox.core.cacheNames.precache);
  const kept = await caches.open(OLD_SHELL);
  for (const request of await precache.keys()) {
    const url = new URL(request.url);
    if (!/\.(css|js)$/.test(url.pathname) || !url.pathname.startsWith("/static/")) continue;
    const response = await precache.match(request);
    if (response) await kept.put(url.origin + url.pathname, response);
  }
  const keys = await kept.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - OLD_SHELL_ENTRIES))) await kept.delete(request);
}

// Static files and pictures never change under their URL: any cache first, then the network.
// A picture saved in another size serves when offline, better than a hole in the lesson.
async function anyCopy(request) {
  const exact = await caches.match(request, { ignoreVary: true });
  if (exact) return exact;
  const picture = new URL(request.url).pathname.match(/^\/media\/([0-9a-f]{64})-\d+\.webp$/);
  if (!picture) return undefined;
  const saved = await caches.open(SAVED);
  for (const key of await saved.keys()) {
    if (key.url.includes(`/media/${picture[1]}-`)) return saved.match(key);
  }
  return undefined;
}

const files = new strategies.CacheFirst({
  cacheName: STATIC,
  plugins: [
    { cachedResponseWillBeUsed: async ({ request, cachedResponse }) => cachedResponse || anyCopy(request) },
    new expiration.ExpirationPlugin({ maxEntries: 80, purgeOnQuotaError: true }),
  ],
});
routing.registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.method === "GET" &&
    (url.pathname.startsWith("/static/") || url.pathname.startsWith("/media/")),
  files
);

// ---- Actions made offline (webapp/offline.py): one queue, one contract -----------------------
//
// Every action URL the app lists is sent now if it can be; if there is no connection, or the
// answer is "not now" (the statuses the app lists: nobody or another account signed in, too
// many requests, a server or proxy error), it is kept and sent later, as the account that
// made it, once. Tries back off (CONTRACT.retryBase seconds, then twice that, ..., at most
// CONTRACT.retryCap);
// nothing here loops: each try is one pass over the queue, started by the browser's sync
// event, a page (loaded, back online, or its timer for the next try) or the person.
const CONTRACT = {{ actions|tojson }};
const ACCOUNT_API = {{ account_api|tojson }};
// Its first name (the lesson marks), kept so that actions queued by older releases are sent.
const QUEUE = "jejaring-kemajuan";
const QUEUE_STATE = "jejaring-antrean";
const QUEUE_STATE_URL = "/__antrean__";

const keeps = (status) => CONTRACT.keep.includes(status) || status >= CONTRACT.keepFrom;
const actions = new backgroundSync.Queue(QUEUE, { onSync: syncEvent, maxRetentionTime: CONTRACT.keepMinutes });
const stored = new backgroundSync.QueueStore(QUEUE);

routing.registerRoute(
  ({ url }) => url.origin === self.location.origin && CONTRACT.actions.includes(url.pathname),
  async ({ request }) => {
    const copy = request.clone();
    let response = null;
    try {
      response = await fetch(request);
    } catch (error) {
      // no connection: kept below
    }
    if (response && !keeps(response.status)) return response;
    await keep(copy, response ? response.status : null);
    return new Response(JSON.stringify({ queued: true }), {
      status: 202, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  },
  "POST"
);

// The account an action was made as: its "user" field (read again from the body for actions
// queued by older releases, which kept no metadata).
function userIn(json) {
  try {
    const user = JSON.parse(json).user;
    return Number.isInteger(user) ? user : null;
  } catch (error) {
    return null;
  }
}

async function madeBy(request) {
  return userIn(await request.clone().text());
}

function entryUser(entry) {
  if (entry.metadata && "user" in entry.metadata) return entry.metadata.user;
  return entry.requestData.body ? userIn(new TextDecoder().decode(entry.requestData.body)) : null;
}

async function keep(request, status) {
  // The answer just given counts as a try, so the sync that storing it registers waits too.
  if (status !== 401 && status !== 409) await backOff(status);
  await actions.pushRequest({ request, metadata: { user: await madeBy(request) } });
  await announce();
}

// What the worker remembers between its restarts: when to try next, who made the actions
// (their names, to say "sign in as Siti"), and actions that could never be delivered.
async function readState() {
  const cache = await caches.open(QUEUE_STATE);
  const response = await cache.match(QUEUE_STATE_URL);
  const state = response ? await response.json() : {};
  return { failures: 0, notBefore: 0, reason: null, accounts: {}, refused: [], ...state };
}

async function writeState(state) {
  const cache = await caches.open(QUEUE_STATE);
  await cache.put(QUEUE_STATE_URL, new Response(JSON.stringify(state), { headers: { "Content-Type": "application/json" } }));
}

// One change at a time: a pass and a page's message may change it together.
let stateChanges = Promise.resolve();
function changeState(change) {
  const next = stateChanges.then(async () => {
    const state = await readState();
    change(state);
    await writeState(state);
    return state;
  });
  stateChanges = next.catch(() => undefined);
  return next;
}

// What a wait is for: the network (no answer), the server (5xx; or 401/409 although the
// account check just said the right person is signed in, so the session changed meanwhile), or
// "busy" (429), which only the person's "send now" cuts short.
function reasonOf(status) {
  if (status === null) return "network";
  return status === 429 ? "busy" : "server";
}

function backOff(status) {
  return changeState((state) => {
    state.failures += 1;
    const delay = Math.min(CONTRACT.retryCap, CONTRACT.retryBase * 2 ** (state.failures - 1));
    state.notBefore = Date.now() + delay * 1000;
    state.reason = reasonOf(status);
  });
}

// One pass over the queue. Actions of the account signed in now are sent, oldest first; the
// others wait for their account, and never stop those behind them. A "not now" answer ends
// the pass and sets the next try.
let passing = null;
function deliver() {
  passing = passing || onePass().finally(() => { passing = null; });
  return passing;
}

async function onePass() {
  const state = await readState();
  if (Date.now() < state.notBefore) return { delivered: 0, retry: true };
  const entries = await stored.getAll();
  if (!entries.length) return { delivered: 0, retry: false };
  const result = { delivered: 0, retry: false, refused: [] };
  try {
    const who = await signedIn();
    for (const entry of entries) await sendOne(entry, who, result);
  } catch (notNow) {
    await backOff(notNow.status === undefined ? null : notNow.status);
    result.retry = true;
  }
  await changeState((s) => {
    if (!result.retry) Object.assign(s, { failures: 0, notBefore: 0, reason: null });
    s.refused = s.refused.concat(result.refused).slice(-20);
  });
  return result;
}

// An answer that means "not now" ends the pass (thrown); no answer at all has no status.
class NotNow extends Error {
  constructor(status) {
    super(`not now: ${status}`);
    this.status = status;
  }
}

async function answerOf(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    throw new NotNow(null);
  }
  if (keeps(response.status)) throw new NotNow(response.status);
  return response;
}

// Who the server says is signed in on this browser ({user, name}; user null for nobody).
async function signedIn() {
  const who = await (await answerOf(new Request(ACCOUNT_API, { credentials: "same-origin", cache: "no-store" }))).json();
  await changeState((s) => {
    s.signedIn = who.user;
    s.signedInAt = Date.now();
    if (who.user) s.accounts[who.user] = who.name;
  });
  return who;
}

async function sendOne(entry, who, result) {
  if (Date.now() - entry.timestamp > CONTRACT.keepMinutes * 60 * 1000) {
    await stored.deleteEntry(entry.id);
    result.refused.push({ expired: true, at: entry.timestamp });
    return;
  }
  const user = entryUser(entry);
  if (!who.user || (user !== null && user !== who.user)) return;  // waits for its account
  const response = await answerOf(new backgroundSync.StorableRequest(entry.requestData).toRequest());
  await stored.deleteEntry(entry.id);
  if (response.ok) {
    result.delivered += 1;
    return;
  }
  let error = null;
  try { error = (await response.json()).error; } catch (notJson) { /* a proxy's page */ }
  result.refused.push({ status: response.status, error, at: entry.timestamp });
}

// The browser's sync event: one pass. The browser fires it when it has a connection, which
// ends a wait for the network. When the pass ended with "not now", failing the event lets the
// browser try again later on its own schedule, and Workbox does not register a new sync at
// once (which Chromium would fire at once: the storm of issue 11).
async function syncEvent() {
  await changeState((s) => {
    if (s.reason === "network") s.notBefore = 0;
  });
  const result = await deliver();
  await announce(result.delivered);
  if (result.retry) throw new Error("actions kept for later");
}

// Tell every open page what waits: how many, for which account, when the next try is, what
// was just delivered and what could never be.
async function announce(delivered) {
  const state = await readState();
  const waiting = new Map();  // by account, in the order of their oldest action
  for (const entry of await stored.getAll()) {
    const user = entryUser(entry);
    if (!waiting.has(user)) waiting.set(user, { user, name: state.accounts[user] || null, count: 0 });
    waiting.get(user).count += 1;
  }
  const groups = [...waiting.values()];
  const message = {
    type: "pending",
    count: groups.reduce((sum, group) => sum + group.count, 0),
    accounts: groups,
    signedIn: state.signedIn,  // as the server said at the last pass (undefined: never asked)
    signedInAt: state.signedInAt,
    nextTry: state.notBefore > Date.now() ? state.notBefore : null,
    delivered: delivered || 0,
    refused: state.refused,
  };
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

// Messages from a page: "pending" asks what waits; "account" says who the server says is
// signed in (for the names); "replay" asks for a pass, "fresh" when the page itself just came
// from the server (so it is up: a wait for the server ends), "online" when the connection
// returned (a wait for the network ends); "send-now" is the person asking; "forget-refused"
// clears the list of actions that could never be delivered.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "pending") event.waitUntil(announce());
  if (data.type === "account" && data.user) {
    event.waitUntil(changeState((s) => { s.accounts[data.user] = data.name; }).then(() => announce()));
  }
  if (data.type === "forget-refused") event.waitUntil(changeState((s) => { s.refused = []; }).then(() => announce()));
  if (data.type === "replay" || data.type === "send-now") {
    const ends = data.type === "send-now" ? ["network", "server", "busy"]
      : data.fresh ? ["network", "server"] : data.online ? ["network"] : [];
    event.waitUntil(
      changeState((s) => {
        if (ends.includes(s.reason)) s.notBefore = 0;
      })
        .then(() => deliver())
        .then((result) => announce(result.delivered))
    );
  }
});
