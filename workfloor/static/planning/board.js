/* The planning board: drag-and-drop and a keyboard dialog to move people and vans, forms posted
   in the background, progress of a solve, and conflicts that keep the pending change to retry. */
(function () {
  "use strict";

  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var announce = document.getElementById("announce");
  var dialog = document.getElementById("move-dialog");
  var moveForm = document.getElementById("move-form");
  var targetSelect = document.getElementById("move-target");
  var driverField = document.getElementById("move-driver-field");
  var driverSelect = document.getElementById("move-driver");
  var pinButton = document.getElementById("move-pin");
  var absentBox = document.getElementById("absent-box");
  var absentForm = document.getElementById("absent-form");
  var conflict = document.getElementById("conflict");
  var pending = null;      // the change that met a conflict: {url, entries}
  var current = null;      // the chip the dialog is about
  var focusAfter = null;   // a selector to focus once the board is fresh
  var polling = null;
  var strings = JSON.parse(document.getElementById("board-strings").textContent);

  /* A translated text by key, with %(name)s filled in from values. */
  function t(key, values) {
    var text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    return text.replace(/%\((\w+)\)s/g, function (match, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function board() { return document.getElementById("board"); }
  function version() { return board().dataset.version; }

  function say(text) {
    announce.textContent = "";
    window.setTimeout(function () { announce.textContent = text; }, 50);
  }

  function boardUrl(extra) {
    var url = new URL(window.location.href);
    url.searchParams.delete("edit");
    url.searchParams.delete("job");
    Object.keys(extra || {}).forEach(function (k) { if (extra[k]) url.searchParams.set(k, extra[k]); });
    return url.toString();
  }

  /* Fetch the board again and swap it in place: no page reload, focus and job panel stay. */
  function refresh(extra) {
    return fetch(boardUrl(extra), {headers: {"Accept": "text/html"}, credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("board");
        if (fresh) { board().replaceWith(fresh); }
        var target = focusAfter && document.querySelector(focusAfter);
        if (!target) { target = document.getElementById("edit-warning"); }
        if (target) {
          if (!target.hasAttribute("tabindex") && target.tagName !== "BUTTON") { target.setAttribute("tabindex", "-1"); }
          target.focus();
        }
        focusAfter = null;
      });
  }

  function entriesOf(formData) {
    var out = [];
    formData.forEach(function (value, key) { out.push([key, value]); });
    return out;
  }

  /* Post a change with the board's version; 409 keeps it to retry, 400 shows the Dutch message. */
  function post(url, entries, after) {
    var data = new FormData();
    entries.forEach(function (pair) {
      if (pair[0] === "version") { data.append("version", version()); }
      else if (pair[0] !== "csrf_token") { data.append(pair[0], pair[1]); }
    });
    if (!data.has("version")) { data.append("version", version()); }
    data.append("csrf_token", csrf);
    return fetch(url, {method: "POST", body: data, credentials: "same-origin",
                       headers: {"Accept": "application/json", "X-Requested-With": "fetch", "X-CSRFToken": csrf}})
      .then(function (r) { return r.json().then(function (body) { return {status: r.status, body: body}; }); })
      .then(function (res) {
        if (res.status === 409) {
          pending = {url: url, entries: entries, after: after};
          document.getElementById("conflict-message").textContent = res.body.message;
          conflict.hidden = false;
          document.getElementById("conflict-retry").focus();
          say(res.body.message);
          return res;
        }
        if (!res.body.ok) { say(res.body.message); window.alert(res.body.message); return res; }
        conflict.hidden = true;
        pending = null;
        if (res.body.job) { watchJob(res.body.job); }
        return refresh({edit: res.body.event}).then(function () {
          say(res.body.message);  // after the fresh board is in place
          if (after) { after(res); }
          return res;
        });
      });
  }

  document.getElementById("conflict-retry").addEventListener("click", function () {
    var retry = pending;
    refresh().then(function () { if (retry) { post(retry.url, retry.entries, retry.after); } });
  });
  document.getElementById("conflict-drop").addEventListener("click", function () {
    pending = null;
    conflict.hidden = true;
    refresh();
  });

  /* Every action form on the board posts in the background. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-post")) { return; }
    event.preventDefault();
    post(form.action, entriesOf(new FormData(form)));
  });

  /* ---------------------------------------------------------------- moving */

  function cards() { return Array.prototype.slice.call(board().querySelectorAll("[data-drop]")); }

  function move(chip, target, driver) {
    var entries = [["kind", chip.dataset.kind], ["subject", chip.dataset.subject], ["target", target || ""]];
    if (chip.dataset.source) { entries.push(["source", chip.dataset.source]); }
    if (driver) { entries.push(["driver", driver]); }
    var label = target ? document.getElementById("card-" + target).dataset.label : board().querySelector(".pool").dataset.label;
    focusAfter = '.chip[data-kind="' + chip.dataset.kind + '"][data-subject="' + chip.dataset.subject + '"][data-source="' + (target || "") + '"]';
    return post(board().dataset.moveUrl, entries, function (res) {
      say(chip.dataset.name + " → " + label + ". " + res.body.message);
    });
  }

  function crewOf(assignment) {
    var card = document.getElementById("card-" + assignment);
    if (!card) { return []; }
    return Array.prototype.slice.call(card.querySelectorAll('.chip[data-kind="learner"], .chip[data-kind="supervisor"]'));
  }

  function fillDrivers(assignment, chosen) {
    driverSelect.innerHTML = "";
    var none = new Option(t("nobody"), "");
    driverSelect.add(none);
    crewOf(assignment).forEach(function (c) {
      var label = c.dataset.canDrive === "1" ? c.dataset.name : t("no_licence", {name: c.dataset.name});
      driverSelect.add(new Option(label, c.dataset.subject, false, c.dataset.subject === String(chosen || "")));
    });
  }

  function openDialog(chip, preset) {
    current = chip;
    document.getElementById("move-title").textContent = t("move_title", {name: chip.dataset.name});
    targetSelect.innerHTML = "";
    targetSelect.add(new Option(t("back_to_pool"), ""));
    cards().forEach(function (card) {
      if (!card.dataset.assignment) { return; }
      targetSelect.add(new Option(card.dataset.label, card.dataset.assignment));
    });
    targetSelect.value = preset !== undefined ? preset : chip.dataset.source;
    var isVehicle = chip.dataset.kind === "vehicle";
    driverField.hidden = !isVehicle;
    if (isVehicle) { fillDrivers(targetSelect.value, chip.dataset.driver); }
    pinButton.hidden = !chip.dataset.source;
    pinButton.textContent = chip.dataset.pinned === "1" ? t("unpin") : t("pin");
    absentBox.hidden = isVehicle;
    absentBox.open = false;
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    targetSelect.focus();
  }

  function closeDialog() {
    if (dialog.open) { dialog.close(); }
    if (current && document.body.contains(current)) { current.focus(); }
  }

  targetSelect.addEventListener("change", function () {
    if (current && current.dataset.kind === "vehicle") { fillDrivers(targetSelect.value, current.dataset.driver); }
  });
  document.getElementById("move-cancel").addEventListener("click", closeDialog);
  dialog.addEventListener("cancel", function () { window.setTimeout(closeDialog, 0); });

  moveForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var chip = current;
    var driver = chip.dataset.kind === "vehicle" ? driverSelect.value : "";
    if (dialog.open) { dialog.close(); }
    move(chip, targetSelect.value, driver);
  });

  pinButton.addEventListener("click", function () {
    var chip = current;
    if (dialog.open) { dialog.close(); }
    var entries = [["kind", chip.dataset.kind], ["subject", chip.dataset.subject], ["assignment", chip.dataset.source]];
    if (chip.dataset.pinned !== "1") { entries.push(["pinned", "y"]); }
    focusAfter = '.chip[data-kind="' + chip.dataset.kind + '"][data-subject="' + chip.dataset.subject + '"][data-source="' + chip.dataset.source + '"]';
    post(board().dataset.pinUrl, entries);
  });

  absentForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var chip = current;
    if (dialog.open) { dialog.close(); }
    post(board().dataset.absentUrl, [["person", chip.dataset.subject],
                                     ["reason", document.getElementById("absent-reason").value]]);
  });

  document.addEventListener("click", function (event) {
    var chip = event.target.closest && event.target.closest(".chip");
    if (chip && board().contains(chip)) { openDialog(chip); return; }
    var ask = event.target.closest && event.target.closest(".js-suggest");
    if (ask) { suggest(ask.dataset.assignment); }
  });

  /* Drag and drop: drop a chip on a card or on the pool. */
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var chip = event.target.closest && event.target.closest(".chip");
    if (!chip) { return; }
    dragged = chip;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", chip.dataset.kind + ":" + chip.dataset.subject);
  });
  document.addEventListener("dragover", function (event) {
    var zone = dragged && event.target.closest && event.target.closest("[data-drop]");
    if (zone) { event.preventDefault(); zone.classList.add("drop-over"); }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-drop]");
    if (zone) { zone.classList.remove("drop-over"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = dragged && event.target.closest && event.target.closest("[data-drop]");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("drop-over");
    var chip = dragged;
    dragged = null;
    var target = zone.dataset.assignment;
    if (target === chip.dataset.source) { return; }
    if (chip.dataset.kind === "vehicle" && target) { openDialog(chip, target); return; }  // choose the driver
    move(chip, target, "");
  });
  document.addEventListener("dragend", function () { dragged = null; });

  /* ---------------------------------------------------------------- who fits here? */

  function suggest(assignment) {
    var box = document.getElementById("suggest-" + assignment);
    box.textContent = t("searching");
    fetch(board().dataset.suggestUrl + "?assignment=" + assignment, {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (body) {
        box.innerHTML = "";
        var title = document.createElement("h4");
        title.textContent = t("who_fits");
        box.appendChild(title);
        var list = document.createElement("ol");
        body.candidates.forEach(function (c) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = c.valid ? "suggestion" : "suggestion secondary outline";
          button.textContent = c.role === "learner" ? t("place_learner", {name: c.name})
                                                    : t("place_supervisor", {name: c.name});
          button.addEventListener("click", function () {
            var entries = [["kind", c.role], ["subject", c.person], ["target", assignment]];
            c.leaves.forEach(function (a) { entries.push(["source", a]); });
            focusAfter = "#card-" + assignment + " h3";
            post(board().dataset.moveUrl, entries);
          });
          item.appendChild(button);
          var why = document.createElement("small");
          why.textContent = [c.score_nl].concat(c.reasons).join(" · ");
          if (!c.valid) { item.classList.add("breaks-rules"); }
          item.appendChild(document.createElement("br"));
          item.appendChild(why);
          list.appendChild(item);
        });
        if (!body.candidates.length) { box.appendChild(document.createTextNode(t("nobody_available"))); }
        box.appendChild(list);
        var first = box.querySelector("button");
        if (first) { first.focus(); }
      });
  }

  /* ---------------------------------------------------------------- solving in the background */

  var panel = document.getElementById("job-panel");
  var jobId = null;

  function jobUrl(id, action) { return board().dataset.jobBase + id + (action ? "/" + action : ""); }

  function showJob(s) {
    panel.hidden = false;
    var p = s.progress || {};
    var running = s.status === "queued" || s.status === "running";
    document.getElementById("job-title").textContent = s.kind === "replan" ? t("job_replan") : t("job_generate");
    var statuses = ["queued", "running", "done", "failed", "confirmed", "discarded"];
    var text = statuses.indexOf(s.status) >= 0 ? t("status_" + s.status) : s.status;
    if (running) {
      text += " — " + t("progress", {running: p.running || 0, limit: s.time_limit});
      if (p.elapsed !== undefined) { text += "; " + t("last_improvement", {elapsed: p.elapsed}); }
      if (s.stop_requested) { text += " " + t("stopping"); }
    }
    if (s.status === "done" && s.stop_requested) { text += " " + t("stopped_kept"); }
    if (s.error) { text += ": " + s.error; }
    document.getElementById("job-status").textContent = text;
    var bar = document.getElementById("job-progress");
    bar.value = running ? Math.min(100, Math.round(100 * (p.running || 0) / s.time_limit)) : 100;
    var score = document.getElementById("job-score");
    score.innerHTML = "";
    var lines = (s.result && s.result.score_nl.length) ? s.result.score_nl : s.score_nl;
    lines.forEach(function (line, i) {
      var li = document.createElement("li");
      li.textContent = line + ((p.bound && p.bound[i] !== null && p.bound[i] !== undefined && running) ? " " + t("bound", {bound: p.bound[i]}) : "");
      score.appendChild(li);
    });
    var result = document.getElementById("job-result");
    result.innerHTML = "";
    if (s.result) {
      var parts = [[t("result"), [s.result.status_nl]], [t("why_not_all"), s.result.explanation],
                   [t("pin_conflicts"), s.result.pin_conflicts],
                   [t("who_moves"), s.kind === "replan" ? (s.result.moves.length ? s.result.moves : [t("nobody_moves")]) : []]];
      parts.forEach(function (part) {
        if (!part[1] || !part[1].length || !part[1][0]) { return; }
        var h = document.createElement("h3");
        h.textContent = part[0];
        var ul = document.createElement("ul");
        part[1].forEach(function (line) { var li = document.createElement("li"); li.textContent = line; ul.appendChild(li); });
        result.appendChild(h);
        result.appendChild(ul);
      });
    }
    var awaiting = s.kind === "replan" && s.status === "done";
    document.getElementById("job-stop").hidden = !running;
    document.getElementById("job-confirm").hidden = !awaiting;
    document.getElementById("job-discard").hidden = !awaiting;
    document.getElementById("job-close").hidden = running || awaiting;
  }

  function watchJob(id) {
    jobId = id;
    if (polling) { window.clearTimeout(polling); }
    var tick = function () {
      fetch(jobUrl(id), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          showJob(s);
          if (s.status === "queued" || s.status === "running") { polling = window.setTimeout(tick, 700); return; }
          polling = null;
          if (s.kind === "replan" && s.status === "done") {
            say(t("replan_ready"));
            document.getElementById("job-confirm").focus();
          } else {
            say(s.status === "done" ? t("plan_ready") : t("solve_failed"));
            refresh().then(function () { document.getElementById("job-close").focus(); });
          }
        });
    };
    tick();
  }

  document.getElementById("job-stop").addEventListener("click", function () {
    post(jobUrl(jobId, "stop"), []);
  });
  document.getElementById("job-confirm").addEventListener("click", function () {
    post(jobUrl(jobId, "confirm"), [], function () { watchJob(jobId); });
  });
  document.getElementById("job-discard").addEventListener("click", function () {
    post(jobUrl(jobId, "discard"), [], function () { watchJob(jobId); });
  });
  document.getElementById("job-close").addEventListener("click", function () {
    panel.hidden = true;
    var generate = document.getElementById("generate");
    if (generate) { generate.focus(); }
  });

  if (panel.dataset.job) { watchJob(panel.dataset.job); }
})();
