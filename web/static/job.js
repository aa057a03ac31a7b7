// Polls a generation job's status and moves to the scorecard when it is ready.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var stage = document.getElementById("job-stage");
  var errorBox = document.getElementById("job-error");
  var errorText = document.getElementById("job-error-text");
  var notice = document.getElementById("job-notice");
  var delay = 500;

  function show(data) {
    bar.value = data.progress || 0;
    bar.textContent = (data.progress || 0) + "%";
    if (data.stage) { stage.textContent = data.stage; }
    if (notice) {  // the regeneration page shares this script and has no notice
      notice.textContent = data.notice || "";
      notice.hidden = !data.notice;
    }
    if (data.status === "succeeded" && data.scorecard_url) {
      stage.textContent = "Done. Opening the scorecard…";
      window.location.replace(data.scorecard_url);
      return true;
    }
    if (data.status === "failed") {
      stage.textContent = "Generation failed.";
      errorText.textContent = data.error || "Generation failed.";
      errorBox.hidden = false;
      return true;
    }
    return false;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) { if (!show(data)) { setTimeout(poll, delay); } })
      .catch(function () { delay = Math.min(delay * 2, 5000); setTimeout(poll, delay); });
  }

  if (box.getAttribute("data-status") !== "failed") { poll(); }
})();
