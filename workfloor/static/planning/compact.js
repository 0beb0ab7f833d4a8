/* The compact board on a tablet: cards that need no attention (nobody in them yet, or full without
 * warnings) fold to their title and one line, so the cards that need work fit on one or two screens.
 * A folded card stays a drop target and opens with its "Toon" button. Runs again whenever board.js
 * swaps in a fresh board. */
(function () {
  "use strict";
  /* Tablets: touch screens up to 1366 px wide, and any narrow window. */
  var COMPACT = window.matchMedia("(max-width: 1100px), (max-width: 1366px) and (pointer: coarse)");
  var opened = {};  /* cards the user opened stay open across refreshes */

  function fold(card, labels) {
    var learners = parseInt(card.dataset.learners || "0", 10);
    var max = parseInt(card.dataset.max || "0", 10);
    var warnings = parseInt(card.dataset.warnings || "0", 10);
    var empty = learners === 0 && !card.querySelector(".chip-supervisor, .chip-vehicle");
    var full = max > 0 && learners >= max && warnings === 0;
    if (!(empty || full) || card.querySelector(".edit-warning")) { return; }
    var header = card.querySelector("header");
    var line = document.createElement("p");
    line.className = "card-summary";
    line.textContent = empty ? labels.empty : labels.full + " " + learners + "/" + max + ": " +
      Array.prototype.map.call(card.querySelectorAll(".chip-learner"), function (chip) {
        return chip.dataset.name;
      }).join(", ");
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "card-toggle secondary outline";
    toggle.setAttribute("aria-controls", card.id);
    header.appendChild(toggle);
    header.after(line);
    function show(open) {
      card.classList.toggle("is-folded", !open);
      toggle.textContent = open ? labels.close : labels.open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      var title = card.querySelector("h3");
      toggle.setAttribute("aria-label", (open ? labels.close : labels.open) + ": " + (title ? title.textContent : ""));
    }
    toggle.addEventListener("click", function () {
      var open = card.classList.contains("is-folded");
      opened[card.id] = open;
      show(open);
    });
    show(!!opened[card.id]);
  }

  function apply() {
    var cards = document.querySelector("#board .cards");
    if (!cards || cards.dataset.compactDone) { return; }
    cards.dataset.compactDone = "1";
    document.body.classList.toggle("board-compact", COMPACT.matches);
    if (!COMPACT.matches) { return; }
    var history = document.querySelector("#board .history ol");
    if (history) {  /* a scrolling list must be reachable by keyboard */
      history.setAttribute("tabindex", "0");
      history.setAttribute("aria-labelledby", "history-title");
    }
    var labels = {open: cards.dataset.compactOpen, close: cards.dataset.compactClose,
                  full: cards.dataset.compactFull, empty: cards.dataset.compactEmpty};
    cards.querySelectorAll(".plan-card").forEach(function (card) { fold(card, labels); });
  }

  apply();
  var board = document.getElementById("board");
  if (board && board.parentNode) {
    new MutationObserver(apply).observe(board.parentNode, {childList: true});
  }
  COMPACT.addEventListener("change", function () { window.location.reload(); });
}());
