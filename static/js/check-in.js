// The door, on the organisers' check-in page only: scan a ticket's QR with the camera (where
// the browser has BarcodeDetector) or take a typed code, check the ticket's signature on the
// phone with the network's public keys (no signal needed), remember who came on this phone,
// and send every scan through the one offline queue (sendAction in app.js) with its real time.
// Without JavaScript the form below posts the typed code instead.
"use strict";

(function () {
  var box = document.getElementById("pemindai");
  var form = document.getElementById("check-in-form");
  if (!box || !form || !window.crypto || !crypto.subtle || typeof sendAction !== "function") return;
  box.classList.remove("js-only");
  var meeting = Number(box.dataset.meeting);
  var KEYS = "jejaring:kunci";  // the public keys (public data), for checking with no signal
  var SEEN = PERSONAL_PREFIX + "check-in:" + meeting;  // {code: scanned at} on this phone
  var line = document.getElementById("hasil-pindai");

  function show(text, className) {
    line.textContent = text;
    line.className = className;
  }

  function bytes(text) {
    var plain = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(plain, function (c) { return c.charCodeAt(0); });
  }

  function publicKeys() {
    return fetch(box.dataset.keys, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (answer) {
      writeJSON(KEYS, answer.keys);
      return answer.keys;
    }).catch(function () { return readJSON(KEYS); });
  }
  var keys = publicKeys();

  // The payload of a genuine ticket token ("<key id>.<payload>.<signature>"), else null.
  function verify(token) {
    var parts = token.split(".");
    if (parts.length !== 3) return Promise.resolve(null);
    return keys.then(function (known) {
      if (!known[parts[0]]) return null;
      return crypto.subtle.importKey("raw", bytes(known[parts[0]]), { name: "Ed25519" }, false, ["verify"]).then(function (key) {
        return crypto.subtle.verify({ name: "Ed25519" }, key, bytes(parts[2]), new TextEncoder().encode(parts[0] + "." + parts[1]));
      }).then(function (genuine) {
        return genuine ? JSON.parse(new TextDecoder().decode(bytes(parts[1]))) : null;
      });
    }).catch(function () { return null; });
  }

  // One scan: remembered here (a second one says "sudah check-in" at once, signal or not) and
  // sent; the server keeps repeats for the report and counts the first scan.
  function record(fields, code, label) {
    var seen = readJSON(SEEN);
    var again = code && seen[code];
    if (code && !again) {
      seen[code] = new Date().toISOString();
      writeJSON(SEEN, seen);
    }
    return sendAction(box.dataset.action, Object.assign({ meeting: meeting }, fields)).then(function (result) {
      if (result.state === "refused") return show(result.body.error || box.dataset.invalidText, "error");
      var name = (result.body && result.body.name) || label;
      if (again || result.body.first === false) return show(fill(box.dataset.againText, { name: name }), "error");
      show(fill(result.state === "queued" ? box.dataset.queuedText : box.dataset.okText, { name: name }), "done");
    }).catch(function () { show(box.dataset.invalidText, "error"); });
  }

  function handle(text) {
    text = text.trim();
    if (text.indexOf(".") < 0) {
      var code = text.replace(/[\s-]/g, "").toUpperCase();
      return record({ code: code }, code, code);
    }
    return verify(text).then(function (ticket) {
      if (!ticket || ticket.k !== "tiket" || ticket.m !== meeting) return show(box.dataset.invalidText, "error");
      return record({ token: text }, ticket.c, ticket.c);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = form.querySelector('[name="kode"]');
    var name = form.querySelector('[name="nama"]');
    var done = code.value.trim() ? handle(code.value) : name.value.trim() ? record({ name: name.value.trim() }, null, name.value.trim()) : null;
    if (!done) return;
    done.then(function () {
      code.value = "";
      name.value = "";
    });
  });

  // The camera: a frame every 300 ms; the same QR in front of it counts once per 3 seconds.
  document.getElementById("pindai").addEventListener("click", function () {
    var video = document.getElementById("kamera");
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return show(box.dataset.noCameraText, "error");
    var detector = new BarcodeDetector({ formats: ["qr_code"] });
    var last = { text: "", at: 0 };
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      return video.play();
    }).then(function () {
      setInterval(function () {
        detector.detect(video).then(function (codes) {
          if (!codes.length) return;
          var text = codes[0].rawValue;
          if (text === last.text && Date.now() - last.at < 3000) return;
          last = { text: text, at: Date.now() };
          handle(text);
        }).catch(function () { /* the next frame */ });
      }, 300);
    }).catch(function () { show(box.dataset.noCameraText, "error"); });
  });
})();
