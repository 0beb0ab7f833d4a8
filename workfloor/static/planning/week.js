// The week board's progress panel: poll the solve job and show the board again when it is done.
(function () {
  "use strict";
  var panel = document.querySelector("[data-week-job]");
  if (!panel) { return; }
  var statusLine = document.getElementById("week-job-status");
  var scoreList = document.getElementById("week-job-score");
  function show(lines) {
    scoreList.textContent = "";
    (lines || []).forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      scoreList.appendChild(li);
    });
  }
  function poll() {
    fetch(panel.dataset.weekJob, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.status === "queued" || job.status === "running") {
          show(job.score_nl);
          window.setTimeout(poll, 1500);
        } else if (job.status === "done") {
          window.location.assign(panel.dataset.doneUrl);
        } else {
          statusLine.textContent = job.error || "";
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (statusLine && panel.querySelector("form")) { window.setTimeout(poll, 1000); }
}());
