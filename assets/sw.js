// WCT POS service worker: caches the app shell so the till starts offline (it then shows
// the offline banner and refuses to create payments). The build id and file list are
// stamped in by assets/stamp-sw.sh at build time.
const BUILD = "__BUILD_ID__";
const CACHE = "wct-pos-shell-" + BUILD;
const SHELL = ["/", "__ASSETS__"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("wct-pos-shell-") && k !== CACHE).map((k) => caches.delete(k))))
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
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit || fetch(req)));
});
