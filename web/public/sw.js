// Lifeline console service worker: the app shell and its hashed assets work offline, and the last copy of the triage
// queue, the case list and case pages (and the lists the shell needs) can be read offline. Nothing else is kept.
// Signing out deletes the cached data (the console posts 'sign-out').
const SHELL = 'lifeline-shell-v1';
const DATA = 'lifeline-data-v1';
const READABLE_OFFLINE = [
  /^\/api\/auth\/session$/,
  /^\/api\/crises$/,
  /^\/api\/crises\/[0-9a-f-]{36}\/triage-queue$/,
  /^\/api\/crises\/[0-9a-f-]{36}\/cases$/,
  /^\/api\/crises\/[0-9a-f-]{36}\/channels$/,
  /^\/api\/cases\/[0-9a-f-]{36}$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.add('/console/')).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'sign-out') event.waitUntil(caches.delete(DATA));
});

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
  } else if (url.pathname.startsWith('/console/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (READABLE_OFFLINE.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkFirst(request, DATA));
  }
});
