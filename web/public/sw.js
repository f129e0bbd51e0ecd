// Lifeline console service worker: the app shell and its hashed assets work offline, and the last copy of the triage
// queue, the case list and case pages (and the lists the shell needs) can be read offline. Nothing else is kept.
// The data copies are personal data (docs/decisions/0012-offline-personal-data.md): each is stamped when saved and
// never served (and deleted) after MAX_AGE, the session's absolute lifetime; a 401 from the server deletes them all;
// the console deletes them when the session ends, at sign-out and before anyone signs in (message 'sign-out').
const SHELL = 'lifeline-shell-v1';
const DATA = 'lifeline-data-v1';
const MAX_AGE_MS = 12 * 60 * 60 * 1000;
const SAVED_AT = 'x-lifeline-saved-at'; // also read by web/src/offline/reachability.ts
const READABLE_OFFLINE = [
  /^\/api\/auth\/session$/,
  /^\/api\/crises$/,
  /^\/api\/crises\/[0-9a-f-]{36}\/dashboard$/,
  /^\/api\/crises\/[0-9a-f-]{36}\/triage-queue$/,
  /^\/api\/crises\/[0-9a-f-]{36}\/cases$/,
  /^\/api\/crises\/[0-9a-f-]{36}\/channels$/,
  /^\/api\/cases\/[0-9a-f-]{36}$/,
  /^\/api\/needs$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.add('/console/')).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
      .then(deleteExpired)
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'sign-out') event.waitUntil(caches.delete(DATA));
});

const isFresh = (response) => Date.now() - Number(response.headers.get(SAVED_AT) ?? 0) < MAX_AGE_MS;

async function deleteExpired() {
  const cache = await caches.open(DATA);
  for (const key of await cache.keys()) {
    const response = await cache.match(key);
    if (!response || !isFresh(response)) await cache.delete(key);
  }
}

/** The shell: the last copy, whatever its age (it holds no personal data). */
async function networkFirst(request, cacheName, fallbackUrl) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(cacheName);
      await cache.put(fallbackUrl ?? request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw error;
  }
}

/** Personal data: the network's answer is kept with the time it was saved; offline, only a copy under MAX_AGE is served. */
async function dataNetworkFirst(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cache = await caches.open(DATA);
    const cached = await cache.match(request);
    if (cached && isFresh(cached)) return cached;
    if (cached) await cache.delete(request);
    throw error;
  }
  if (response.status === 401) {
    // The session ended: nothing read under it stays on the device.
    await caches.delete(DATA);
  } else if (response.ok) {
    const headers = new Headers(response.headers);
    headers.set(SAVED_AT, String(Date.now()));
    const copy = new Response(await response.clone().arrayBuffer(), { status: response.status, statusText: response.statusText, headers });
    await (await caches.open(DATA)).put(request, copy);
  } else if (response.status === 403 || response.status === 404) {
    await (await caches.open(DATA)).delete(request);
  }
  return response;
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/console')) {
    event.respondWith(networkFirst(request, SHELL, '/console/'));
    event.waitUntil(deleteExpired());
  } else if (url.pathname.startsWith('/console/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (READABLE_OFFLINE.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(dataNetworkFirst(request));
  }
});
