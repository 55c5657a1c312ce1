// WCT POS service worker: caches the app shell so the till starts offline (it then shows
// the offline banner and refuses to create payments). The build id and file list are
// stamped in by assets/stamp-sw.sh at build time. The list holds every file of the build,
// each wasm chunk of every route included, so once installed every screen opens at once and
// offline. The app's files live in `/app-<content hash>/`: a new build never reuses a name.
const BUILD = "__BUILD_ID__";
const CACHE = "wct-pos-shell-" + BUILD;
const SHELL = ["/", "__ASSETS__"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting())
  );
});

// A new build replaces the old one, except that the build just before it stays cached: a
// tablet still running the old main module loads that build's chunks (never the new one's,
// whose names differ) until it reloads. Older builds are dropped.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => {
        const old = keys.filter((k) => k.startsWith("wct-pos-shell-") && k !== CACHE);
        return Promise.all(old.slice(0, -1).map((k) => caches.delete(k)));
      })
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  // Only the shell is cached: API calls, streams and other origins always go to the network.
  if (req.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/postback")) {
    return;
  }
  if (req.mode === "navigate") {
    // Every app route is the same index.html: network first, the cached shell offline.
    event.respondWith(fetch(req).catch(() => caches.match("/", { cacheName: CACHE })));
    return;
  }
  // This build's cache first; then the previous build's, for a tablet still running it (its
  // app files carry that build's hash in their path, so they are never mixed with ours).
  event.respondWith(
    caches.match(req, { cacheName: CACHE })
      .then((hit) => hit || caches.match(req))
      .then((hit) => hit || fetch(req))
  );
});
