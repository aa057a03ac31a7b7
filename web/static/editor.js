// The scorecard editor's summary panel: recomputes the invariants on every input, as the user types.
// The server checks the same rules on save; this only shows them early. Works on the rendered form.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form) { return; }
  var CATEGORIES = ["technical", "behavioral", "culture_fit", "situational"];

  function whole(text) {
    text = String(text).trim();
    return /^-?\d{1,6}$/.test(text) ? parseInt(text, 10) : null;
  }

  function all(selector) {
    return Array.prototype.slice.call(form.querySelectorAll(selector));
  }

  // One line of the panel: its class, its state word and its figure and hint texts.
  function show(name, ok, figure, hint) {
    var item = form.querySelector('[data-check="' + name + '"]');
    if (!item) { return; }
    item.classList.toggle("ok", ok);
    item.classList.toggle("bad", !ok);
    setText(item.querySelector(".state"), ok ? "OK" : "Fix");
    setText(item.querySelector(".figure"), figure);
    setText(item.querySelector(".hint"), hint);
  }

  // Only real changes touch the live region, so a screen reader hears a figure when it changes.
  function setText(node, text) {
    if (node && node.textContent !== text) { node.textContent = text; }
  }

  function sum(inputs) {
    var total = 0;
    for (var i = 0; i < inputs.length; i++) {
      var n = whole(inputs[i].value);
      if (n === null) { return null; }
      total += n;
    }
    return total;
  }

  function competencies() {
    return all("fieldset[data-competency]").map(function (card) {
      var name = card.querySelector("[data-competency-name]");
      return { id: card.getAttribute("data-competency"), name: name ? name.value.trim() : "" };
    });
  }

  function weights() {
    var total = sum(all("[data-weight]"));
    var ok = total === 100;
    show("weights", ok, (total === null ? "?" : total) + " / 100",
      ok ? "adds up" : (total === null ? "a weight is not a whole number" : "must be exactly 100"));
  }

  function mustHaves() {
    var count = all("[data-must-have]").filter(function (box) { return box.checked; }).length;
    show("must-have", count > 0, String(count), count > 0 ? "at least one" : "mark at least one");
  }

  function coverage() {
    var counts = {};
    all('.question-row input[type="checkbox"][name$=".competencies"]').forEach(function (box) {
      if (box.checked) { counts[box.value] = (counts[box.value] || 0) + 1; }
    });
    var below = 0;
    competencies().forEach(function (c) {
      var count = counts[c.id] || 0;
      if (count < 2) { below += 1; }
      var row = form.querySelector('[data-coverage="' + c.id + '"]');
      if (row) {
        row.classList.toggle("ok", count >= 2);
        row.classList.toggle("bad", count < 2);
        setText(row.querySelector(".count"), String(count));
        setText(row.querySelector(".state-word"), count >= 2 ? "OK" : "needs 2");
      }
    });
    show("coverage", below === 0, below === 0 ? "all ≥ 2" : below + " below 2", "");
  }

  function categories() {
    var present = {};
    all("select[data-category]").forEach(function (select) { present[select.value] = true; });
    var missing = CATEGORIES.filter(function (c) { return !present[c]; });
    show("categories", missing.length === 0, (CATEGORIES.length - missing.length) + "/" + CATEGORIES.length,
      missing.length ? "missing " + missing.join(", ").replace(/_/g, " ") : "all four");
  }

  function agenda() {
    var total = sum(all("[data-agenda-minutes]"));
    var lengthBox = form.querySelector("[data-interview-minutes]");
    var length = lengthBox ? whole(lengthBox.value) : null;
    var ok = total !== null && total === length;
    show("agenda", ok, (total === null ? "?" : total) + " of " + (length === null ? "?" : length) + " min",
      ok ? "matches the interview length" : "must equal the interview length");
  }

  // A renamed competency's name follows it into the question checkboxes and the panel.
  function renameLabels(input) {
    var card = input.closest("fieldset[data-competency]");
    if (!card) { return; }
    var id = card.getAttribute("data-competency");
    all('[data-competency-label="' + id + '"]').forEach(function (label) {
      setText(label, input.value.trim() || "Unnamed competency");
    });
  }

  function recompute(event) {
    if (event && event.target && event.target.hasAttribute("data-competency-name")) {
      renameLabels(event.target);
    }
    weights();
    mustHaves();
    coverage();
    categories();
    agenda();
  }

  // Text areas grow to show all their text: all heights reset, then all read, then all set,
  // so the long page lays out twice rather than once per text area.
  function fit(areas) {
    areas.forEach(function (area) { area.style.height = "1px"; });
    var heights = areas.map(function (area) { return area.scrollHeight; });
    areas.forEach(function (area, i) { area.style.height = (heights[i] + 2) + "px"; });
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { fit(all("textarea")); }, 150);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { fit([event.target]); }
    recompute(event);
  });
  form.addEventListener("change", recompute);
  fit(all("textarea"));
  recompute();
  // After a refused save, take the reader to what refused it (unless a link chose a place).
  var alert = form.querySelector(".conflict, .error-summary");
  if (alert && !window.location.hash) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
})();
