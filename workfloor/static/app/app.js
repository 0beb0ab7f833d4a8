/* The app shell on every page: the learner's offline copy, and forgetting it for anyone else.
 *
 * A learner's pages (body data-offline="learner") register the service worker and ask it to keep
 * the page. Any other page (staff, the login page after logging out) removes the worker and
 * what it kept, so a shared phone or computer never shows a learner's week to someone else.
 */
(function () {
  "use strict";
  var body = document.body;

  function showOffline() {
    var note = document.getElementById("offline-note");
    if (note) { note.hidden = navigator.onLine; }
  }
  window.addEventListener("online", showOffline);
  window.addEventListener("offline", showOffline);
  showOffline();

  if (!("serviceWorker" in navigator)) { return; }

  if (body.dataset.offline === "learner") {
    var firstVisit = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      /* Once the worker controls the page it keeps marked pages itself; only the very first
         visit (loaded before the worker existed) asks it to fetch and keep this page. */
      if (firstVisit && body.dataset.offlineKeep === "1" && navigator.onLine && registration.active) {
        registration.active.postMessage({type: "keep", url: window.location.href.split("#")[0]});
      }
    }).catch(function () { /* no offline copy: the page itself still works */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "kept") { body.dataset.offlineKept = "1"; }
    });
  } else {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    });
    if (window.caches) {
      caches.keys().then(function (names) { names.forEach(function (name) { caches.delete(name); }); });
    }
  }
}());

/* Small behaviours pages ask for by attribute (no inline handlers: the pages run under a strict CSP). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (target.matches("[data-select-on-focus]")) { target.select(); }
    if (target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof HTMLInputElement && event.target.matches("[data-select-on-focus]")) {
      event.target.select();
    }
  });
}());
