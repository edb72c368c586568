// The certificate page's own script: "Cetak / simpan PDF" opens the browser's print dialogue.
"use strict";

document.querySelectorAll("button.print").forEach(function (button) {
  button.classList.remove("js-only");
  button.addEventListener("click", function () { window.print(); });
});
