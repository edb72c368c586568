// Jejaring's own script: small, and only enhancement; every page works without it.
"use strict";

// CSRF on htmx requests: the token travels in a header (Flask-WTF reads X-CSRFToken).
document.addEventListener("htmx:config:request", function (event) {
  var request = event.detail.ctx.request;
  if (request.method === "GET") return;
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) request.headers["X-CSRFToken"] = meta.content;
});
