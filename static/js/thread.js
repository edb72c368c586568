// A message in a partnership's thread (webapp/spaces), sent as an offline action. Only the
// thread page loads this, after app.js, whose helpers (sendAction, newKey) it uses.
// Online it is sent at once and the thread reloads; offline the service worker keeps it and
// sends it once when a connection is back. The form's key makes a message sent twice one.
"use strict";

document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-offline-message]");
  if (!form) return;
  event.preventDefault();
  var text = form.querySelector("textarea");
  var key = form.querySelector('input[name="key"]');
  var status = form.querySelector('[role="status"]');
  var button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  sendAction(form.dataset.offlineMessage, { partnership: Number(form.dataset.partnership), body: text.value }, key.value).then(function (result) {
    button.disabled = false;
    if (result.state === "done") return location.reload();
    status.hidden = false;
    if (result.state === "queued") {
      status.textContent = form.dataset.queuedText;
      text.value = "";
      key.value = newKey();
    } else {
      status.textContent = result.body.error || "";
    }
  }).catch(function () {
    // No service worker to keep it: the ordinary form still works once a connection is back.
    button.disabled = false;
  });
});
