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
const OFFLINE_PAGE = {{ offline_url|tojson }};
const NETWORK_TIMEOUT_SECONDS = 4;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// The app shell, with the revisions the app computed. Pages vary by language and cookies
// (Vary), which would stop a cached copy from matching the next request: the copy kept here
// is whatever this phone was given, so the header is dropped before storing.
precaching.cleanupOutdatedCaches();
precaching.addPlugins([{ cacheWillUpdate: async ({ response }) => withoutVary(response) }]);
precaching.precacheAndRoute({{ precache|tojson }});

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

const sharedOnly = {
  cacheWillUpdate: async ({ response }) => (isShared(response) ? response : null),
  // A page read from a cache says so: the script shows "saved copy from <date>".
  cachedResponseWillBeUsed: async ({ cachedResponse }) => cachedResponse && markAsCopy(cachedResponse),
};

async function markAsCopy(response) {
  const savedAt = response.headers.get("Date") || "";
  const html = await response.clone().text();
  const marked = html.replace("<html ", `<html data-saved-at="${encodeURIComponent(savedAt)}" `);
  return new Response(marked, { status: response.status, statusText: response.statusText, headers: response.headers });
}

// Keep saved copies fresh: a page that was saved and is fetched again replaces its copy.
const refreshSaved = {
  cacheDidUpdate: async ({ request, response }) => {
    const saved = await caches.open(SAVED);
    if (response && (await saved.match(request, { ignoreVary: true }))) await saved.put(request, response.clone());
  },
};

const pages = new strategies.NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
  matchOptions: { ignoreVary: true },
  plugins: [sharedOnly, refreshSaved, new expiration.ExpirationPlugin({ maxEntries: 40, purgeOnQuotaError: true })],
});

// Navigations: the network first (briefly), then a recently read copy, then a saved copy,
// then the offline page.
routing.registerRoute(
  ({ request }) => request.mode === "navigate",
  async (options) => {
    try {
      const response = await pages.handle(options);
      if (response) return response;
    } catch (error) {
      // offline or too slow, and no recent copy: look in what the reader saved
    }
    const saved = await caches.match(options.request, { cacheName: SAVED, ignoreVary: true });
    if (saved) return markAsCopy(saved);
    return (await precaching.matchPrecache(OFFLINE_PAGE)) || Response.error();
  }
);

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

// Lesson marks: sent now if there is a connection, else queued and sent once it is back.
// Each mark carries an idempotency key, so the server counts a mark sent twice once.
const marks = new backgroundSync.Queue("jejaring-kemajuan", { onSync: deliver, maxRetentionTime: 60 * 24 * 30 });

routing.registerRoute(
  ({ url }) => url.pathname === {{ progress_api|tojson }},
  async ({ request }) => {
    try {
      return await fetch(request.clone());
    } catch (error) {
      await marks.pushRequest({ request });
      await announce();
      return new Response(JSON.stringify({ queued: true }), {
        status: 202, headers: { "Content-Type": "application/json" },
      });
    }
  },
  "POST"
);

// Send what waits, oldest first. A mark that cannot go yet (no connection; nobody or someone
// else signed in; the server busy) goes back to the front of the queue for the next try.
let delivering = null;
function deliver() {
  delivering = delivering || sendWaiting().finally(() => { delivering = null; });
  return delivering;
}

async function sendWaiting() {
  let entry;
  let delivered = 0;
  let reason = null;
  try {
    while ((entry = await marks.shiftRequest())) {
      let response;
      try {
        response = await fetch(entry.request.clone());
      } catch (error) {
        await marks.unshiftRequest(entry);
        throw error;
      }
      if ([401, 403, 409, 429].includes(response.status) || response.status >= 500) {
        await marks.unshiftRequest(entry);
        reason = response.status === 401 ? "sign-in" : "later";
        return;
      }
      delivered += 1;
    }
  } finally {
    await announce(reason, delivered);
  }
}

// Tell every open page how many marks wait, and how many were just delivered (a lesson page
// then asks the server for its progress again).
async function announce(reason, delivered) {
  const count = await marks.size();
  const clients = await self.clients.matchAll({ includeUncontrolled: true });
  for (const client of clients) {
    client.postMessage({ type: "pending", count, delivered: delivered || 0, reason: reason || null });
  }
}

// The page asks how many marks wait, and asks to send them when it sees the connection
// return (the replay for browsers without background sync).
self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "pending") event.waitUntil(announce());
  if (type === "replay") event.waitUntil(deliver().catch(() => announce()));
});
