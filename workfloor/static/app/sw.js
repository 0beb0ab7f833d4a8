/* workfloor service worker: keeps the learner's own pages readable on a site without signal.
 *
 * Pages are fetched from the network first. A page is kept only when the server marked it
 * (header X-Workfloor-Offline, sent on the learner's own schedule, goals and progress): the
 * header carries a key of the account, and a page of another account first wipes what was
 * kept. Staff pages are never marked, so never kept. Static files (styles, icons) are kept
 * as they are shared by everyone. Logging out clears it all (Clear-Site-Data and app.js).
 */
"use strict";

var PAGES = "workfloor-pages-v1";
var ASSETS = "workfloor-assets-v1";
var HEADER = "X-Workfloor-Offline";
var OWNER = "/__offline-owner__";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== PAGES && name !== ASSETS; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function owner(cache) {
  return cache.match(OWNER).then(function (response) { return response ? response.text() : null; });
}

/* Keep a marked page; if it belongs to another account than what is kept, forget the old pages first. */
function keep(request, response) {
  var key = response.headers.get(HEADER);
  if (!response.ok || !key || response.redirected) { return Promise.resolve(); }
  return caches.open(PAGES).then(function (cache) {
    return owner(cache).then(function (current) {
      var ready = current === key ? Promise.resolve() : caches.delete(PAGES).then(function () {
        return caches.open(PAGES).then(function (fresh) {
          cache = fresh;
          return fresh.put(OWNER, new Response(key));
        });
      });
      return ready.then(function () { return cache.put(request.url.split("#")[0], response); });
    });
  });
}

function offlinePage() {
  var html = "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Geen verbinding</title></head>" +
    "<body><main><h1>Geen verbinding</h1><p>Deze pagina is niet bewaard op je telefoon. " +
    "<a href=\"/schedule/\">Open je planning</a>: die staat er wel op als je ze eerder met verbinding opende.</p>" +
    "</main></body></html>";
  return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

function page(request) {
  return fetch(request).then(function (response) {
    return keep(request, response.clone()).then(function () { return response; }, function () { return response; });
  }, function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(request.url.split("#")[0], {ignoreVary: true});
    }).then(function (kept) { return kept || offlinePage(); });
  });
}

function asset(request) {
  return caches.open(ASSETS).then(function (cache) {
    return cache.match(request).then(function (kept) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      return kept || fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  }
});

/* The page asks to keep itself right after the first visit (before the worker controlled it). */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep" && typeof data.url === "string") {
    var url = new URL(data.url, self.location.origin);
    if (url.origin !== self.location.origin) { return; }
    var request = new Request(url.href, {credentials: "same-origin"});
    event.waitUntil(fetch(request).then(function (response) { return keep(request, response); })
      .then(function () { if (event.source) { event.source.postMessage({type: "kept", url: url.href}); } })
      .catch(function () {}));
  } else if (data.type === "forget") {
    event.waitUntil(caches.delete(PAGES));
  }
});
