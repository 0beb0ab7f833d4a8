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

/* What the learner's pages need to look right without signal (shared by everyone, nothing personal). */
var SHELL = ["/static/vendor/pico/pico.min.css", "/static/workfloor.css", "/static/schedule/schedule.css",
             "/static/app/app.js", "/static/app/icon-192.png", "/favicon.ico"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSETS).then(function (cache) { return cache.addAll(SHELL); })
    .catch(function () { /* offline at install: the assets are kept as they are used */ })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== PAGES && name !== ASSETS; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function owner(cache) {
  return cache.match(OWNER).then(function (response) { return response ? response.text() : null; });
}

/* Keep a marked page; if it belongs to another account than what is kept, forget the old pages first.
   One keep at a time: two at once could each see "no owner" and wipe the other's page. */
var queue = Promise.resolve();

function keep(request, response) {
  var key = response.headers.get(HEADER);
  if (!response.ok || !key || response.redirected) { return Promise.resolve(); }
  var url = request.url.split("#")[0];
  var job = queue.then(function () {
    return caches.open(PAGES).then(function (cache) {
      return owner(cache).then(function (current) {
        if (current === key) { return cache; }
        /* Pages are only ever kept with their owner, so without an owner there is nothing to forget. */
        var forget = current === null ? Promise.resolve() : cache.keys().then(function (requests) {
          return Promise.all(requests.map(function (old) { return cache.delete(old); }));
        });
        return forget.then(function () { return cache.put(OWNER, new Response(key)); })
          .then(function () { return cache; });
      }).then(function (own) { return own.put(url, response); });
    });
  });
  queue = job.catch(function () {});
  return job;
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
    /* Clone only what is kept: an unread clone holds back the page itself in Chromium. */
    if (!response.ok || response.redirected || !response.headers.get(HEADER)) { return response; }
    return keep(request, response.clone()).then(function () { return response; }, function () { return response; });
  }, function () {
    /* Wait for a keep still being written: Chromium replaces a kept page by deleting it first. */
    return queue.then(function () { return caches.open(PAGES); }).then(function (cache) {
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
  } else if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/favicon.ico") {
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
  }
});
