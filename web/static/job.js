// Polls a generation job's status, ticks off its stages, and moves to the scorecard when it is ready.
// A job that had already finished when its page was reached through Back or Forward only shows
// a link: opening the scorecard from there would send the user forward again every time.
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
  var doneBox = document.getElementById("job-done");  // absent on the regeneration page
  var doneLink = document.getElementById("job-scorecard");
  var delay = 500;
  var navigation = window.performance && performance.getEntriesByType ?
    performance.getEntriesByType("navigation")[0] : null;
  var fromHistory = !!navigation && navigation.type === "back_forward";
  var finishedAtLoad = box.getAttribute("data-status") === "succeeded";

  var stageList = document.getElementById("job-stages");  // absent on the regeneration page
  var STATE_WORDS = { done: "done", current: "in progress", waiting: "waiting", failed: "stopped here" };

  function showStages(lines) {
    if (!stageList || !lines) { return; }
    lines.forEach(function (line) {
      var item = stageList.querySelector('[data-stage="' + line.stage + '"]');
      if (!item) { return; }
      item.className = "stage stage-" + line.state;
      item.querySelector(".stage-state").textContent = STATE_WORDS[line.state] || line.state;
      if (line.state === "current") { item.setAttribute("aria-current", "step"); }
      else { item.removeAttribute("aria-current"); }
    });
  }

  function show(data) {
    showStages(data.stages);
    bar.value = data.progress || 0;
    bar.textContent = (data.progress || 0) + "%";
    if (data.stage) { stage.textContent = data.stage; }
    if (notice) {  // the regeneration page shares this script and has no notice
      notice.textContent = data.notice || "";
      notice.hidden = !data.notice;
    }
    if (data.status === "succeeded" && data.scorecard_url) {
      if (doneBox) {
        doneLink.href = data.scorecard_url;
        doneBox.hidden = false;
      }
      if (fromHistory && finishedAtLoad && doneBox) {
        stage.textContent = "Done.";
        return true;
      }
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

  if (fromHistory && finishedAtLoad && doneBox && !doneBox.hidden) {
    stage.textContent = "Done.";
  } else if (box.getAttribute("data-status") !== "failed") {
    poll();
  }
})();
