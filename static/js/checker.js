// "Periksa sertifikat": checks a certificate's signed token in the browser, with no connection.
// The public keys come from /.well-known/jejaring-kunci.json (kept by the service worker); the
// list of revoked codes is fetched whenever there is a connection and kept with its date.
// A token is "<key id>.<payload>.<signature>", base64url; the signature covers "<key id>.<payload>"
// (webapp/signing.py).
"use strict";

(function () {
  var form = document.getElementById("periksa");
  if (!form) return;
  var LIST_KEY = "jejaring:dicabut";  // localStorage: {dibuat, dicabut: {code: date}}
  var result = form.querySelector(".check-result");
  var listDate = form.querySelector(".revocation-date");
  form.classList.remove("js-only");

  function bytes(text) {
    var plain = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(plain, function (ch) { return ch.charCodeAt(0); });
  }

  function showList() {
    var list = readJSON(LIST_KEY);
    listDate.textContent = list.dibuat ? fill(form.dataset.listText, { date: formatDate(list.dibuat) }) : form.dataset.noListText;
  }

  function refreshList() {
    if (!navigator.onLine) return showList();
    fetch(form.dataset.revocations, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (list) { writeJSON(LIST_KEY, list); }).catch(function () { /* keep the last list */ }).then(showList);
  }

  function verify(token) {
    var parts = token.trim().split(".");
    if (parts.length !== 3) return Promise.resolve(null);
    return fetch(form.dataset.keys).then(function (response) { return response.json(); }).then(function (published) {
      var key = published.keys[parts[0]];
      if (!key) return false;
      return crypto.subtle.importKey("raw", bytes(key), { name: "Ed25519" }, false, ["verify"]).then(function (publicKey) {
        return crypto.subtle.verify({ name: "Ed25519" }, publicKey, bytes(parts[2]), new TextEncoder().encode(parts[0] + "." + parts[1]));
      });
    }).then(function (genuine) {
      return genuine ? JSON.parse(new TextDecoder().decode(bytes(parts[1]))) : null;
    }).catch(function (error) {
      if (error && error.name === "NotSupportedError") throw error;
      return null;  // not base64, not JSON: not a token we signed
    });
  }

  function grouped(code) { return code.match(/.{1,4}/g).join("-"); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    result.className = "check-result";
    verify(form.elements.token.value).then(function (payload) {
      if (!payload || payload.jenis !== "sertifikat") {
        result.classList.add("error");
        result.textContent = form.dataset.invalidText;
        return;
      }
      var revoked = (readJSON(LIST_KEY).dicabut || {})[payload.kode];
      if (revoked) {
        result.classList.add("error");
        result.textContent = fill(form.dataset.revokedText, { code: grouped(payload.kode), date: revoked });
        return;
      }
      result.classList.add("done");
      result.textContent = "✓ " + fill(form.dataset.validText, {
        name: payload.nama, course: payload.kursus, date: payload.terbit, code: grouped(payload.kode),
      });
    }, function () {
      result.classList.add("error");
      result.textContent = form.dataset.unsupportedText;
    });
  });

  refreshList();
})();
