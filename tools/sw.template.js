// llm-footprint's service worker, written into dist/sw.js by tools/site.mjs, which fills in
// the release (a hash of its files' contents) and the list of its files.
//
// - install: this release's files are put into a cache of its own (the content-hashed ones from
//   the HTTP cache when there, the rest revalidated); the worker then takes over at once.
// - activate: every other release's cache is deleted.
// - a page (navigation): the network first, so a new release shows as soon as it is online; the
//   cached page when the network fails or has not answered in 4 s (offline, a train).
// - anything else of this site: from this release's cache, else the network.
const RELEASE = __VERSION__;
const FILES = __FILES__;
const PREFIX = 'llm-footprint-';
const CACHE = PREFIX + RELEASE;
const PAGE_TIMEOUT_MS = 4000;
// Trunk's content-hashed names: main-61bdc3d948f9dc83.css, llm-footprint-web-<hash>_bg.wasm.
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // A content-hashed file never changes, so the copy the page has just loaded will do (no
      // second download of the wasm on a host that sends no validators); the rest is revalidated.
      const fresh = (f) => (HASHED.test(f) ? 'force-cache' : 'no-cache');
      await cache.addAll(FILES.map((f) => new Request(scoped(f), { cache: fresh(f) })));
      await self.skipWaiting();
    })(),
  );
});

// The page asks a waiting worker again (index.html): skipWaiting in install is not always acted on.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function page(request) {
  const cache = await caches.open(CACHE);
  const network = fetch(request);
  const timeout = new Promise((resolve) => setTimeout(resolve, PAGE_TIMEOUT_MS, null));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
  } catch {
    // offline: the cached page below
  }
  const cached = await cache.match(scoped('./'));
  return cached ?? network;
}

async function file(request) {
  const cached = await (await caches.open(CACHE)).match(request, { ignoreSearch: true });
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? page(request) : file(request));
});
