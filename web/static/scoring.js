// The scoring form: drafts save themselves (a few seconds after a change, and when the page is left),
// evidence counters, and the interview kit's print button. No inline script: CSP is script-src 'self'.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.getElementById("score-form");
  if (!form) { return; }

  function updateCounter(area) {
    var counter = document.querySelector('[data-counter-for="' + area.id + '"]');
    if (!counter) { return; }
    var min = parseInt(area.getAttribute("data-min") || "0", 10);
    var length = area.value.trim().length;
    counter.textContent = length + " characters" + (length < min ? " (at least " + min + " to submit)" : "");
    counter.classList.toggle("short", length > 0 && length < min);
  }
  form.querySelectorAll("textarea[data-min]").forEach(function (area) {
    updateCounter(area);
    area.addEventListener("input", function () { updateCounter(area); });
  });

  if (form.getAttribute("data-locked") === "yes") { return; }

  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("save-status");
  var token = form.querySelector("input[name=csrf_token]").value;
  var dirty = false;
  var saving = false;
  var stopped = false;
  var timer = null;

  function show(text, state) {
    status.textContent = text;
    status.setAttribute("data-state", state);
  }

  function clock() {
    var now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  function save() {
    if (!dirty || saving || stopped) { return; }
    saving = true;
    dirty = false;
    show("Saving…", "saving");
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, code: response.status, data: data }; });
    }).then(function (result) {
      saving = false;
      if (result.ok) {
        show("Saved " + clock(), "saved");
      } else if (result.code === 409) {
        stopped = true;
        show(result.data.error || "This feedback is locked.", "error");
      } else {
        show("Not saved: " + (result.data.error || "check the form"), "error");
      }
    }).catch(function () {
      saving = false;
      dirty = true;
      show("Not saved yet (connection lost); retrying…", "error");
    });
  }

  function changed() {
    dirty = true;
    show("Unsaved changes", "dirty");
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  setInterval(save, 5000);
  form.addEventListener("submit", function () { stopped = true; clearTimeout(timer); });
  window.addEventListener("pagehide", function () {
    if (dirty && !stopped && navigator.sendBeacon) { navigator.sendBeacon(url, new FormData(form)); }
  });
})();
