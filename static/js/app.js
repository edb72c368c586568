// Jejaring's own script: small, and only enhancement; every page works without it.
"use strict";

// Controls that only matter without JavaScript (htmx does their job) hide with class no-js.
document.documentElement.classList.add("js");

// CSRF on htmx requests: the token travels in a header (Flask-WTF reads X-CSRFToken). It
// comes from the form being sent: every state-changing request is a real form, so it works
// without JavaScript too, and pages without forms carry no token to leak through compression.
document.addEventListener("htmx:config:request", function (event) {
  var ctx = event.detail.ctx;
  if (ctx.request.method === "GET") return;
  var form = ctx.sourceElement && ctx.sourceElement.closest("form");
  var token = form && form.querySelector('input[name="csrf_token"]');
  if (token) ctx.request.headers["X-CSRFToken"] = token.value;
});

// Data-saver mode: a picture waits as a link showing its size; a tap puts the picture in its
// place. Clicks that open a new tab (modifier keys, middle button) keep the link's own meaning.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a.tap-to-load");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  var picture = document.createElement("img");
  picture.className = link.className;
  picture.classList.remove("tap-to-load");
  picture.alt = link.dataset.alt || "";
  picture.width = Number(link.dataset.width);
  picture.height = Number(link.dataset.height);
  picture.decoding = "async";
  picture.sizes = link.dataset.sizes;
  picture.srcset = link.dataset.srcset;
  picture.src = link.dataset.src;
  link.replaceWith(picture);
});
