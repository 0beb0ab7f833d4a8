/* Quick observation: filter the competency buttons while typing; the search button works without JavaScript. */
(function () {
  "use strict";
  var search = document.getElementById("item-search");
  if (!search) { return; }
  search.addEventListener("input", function (event) {
    var words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
    document.querySelectorAll(".item-choice").forEach(function (el) {
      el.hidden = !words.every(function (w) { return el.dataset.name.indexOf(w) !== -1; });
    });
  });
}());
