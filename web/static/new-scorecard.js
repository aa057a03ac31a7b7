// The new-scorecard form: a live character count, and one submission per click.
(function () {
  "use strict";
  var form = document.getElementById("new-scorecard");
  if (!form) { return; }
  var textarea = form.querySelector("textarea[name=job_description]");
  var count = document.getElementById("jd-count");
  var button = form.querySelector("button[type=submit]");
  var label = button.textContent;
  var limit = parseInt(textarea.getAttribute("data-max-chars"), 10) || 50000;
  var numbers = new Intl.NumberFormat("en-US");
  var invalidFromServer = textarea.getAttribute("aria-invalid") || "false";
  var sent = false;

  function showCount() {
    // The server counts characters (code points), as does this; line breaks count once.
    var length = Array.from(textarea.value.replace(/\r\n/g, "\n").trim()).length;
    var over = length > limit;
    count.textContent = numbers.format(length) + " / " + numbers.format(limit) + " characters" +
      (over ? ". Too long: remove " + numbers.format(length - limit) +
        " characters (benefits, company boilerplate) before generating." : "");
    count.classList.toggle("over", over);
    textarea.setAttribute("aria-invalid", over ? "true" : invalidFromServer);
  }

  function ready() {
    sent = false;
    button.disabled = false;
    button.textContent = label;
    form.removeAttribute("aria-busy");
  }

  textarea.addEventListener("input", showCount);
  form.addEventListener("submit", function (event) {
    if (sent) { event.preventDefault(); return; }  // Enter pressed again while it is sent
    sent = true;
    // Disabled only after this event, so the submission itself goes ahead.
    setTimeout(function () {
      button.disabled = true;
      button.textContent = "Generating…";
      form.setAttribute("aria-busy", "true");
    }, 0);
  });
  // A page restored from the back-forward cache must be usable again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { ready(); } });
  showCount();
})();
