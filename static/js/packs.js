// Lesson packs (webapp/packs): sending one through the phone's share sheet, and opening one
// into the offline library. Only the share and open pages load this, after app.js, whose
// helpers (readJSON, writeJSON, fill, SAVED_CACHE, SAVED_INDEX) it uses.
"use strict";

// ---- Sharing ------------------------------------------------------------------------------

document.addEventListener("click", function (event) {
  var button = event.target.closest(".share-file button");
  if (!button) return;
  var box = button.closest(".share-file");
  var status = box.querySelector(".share-status");
  button.disabled = true;
  status.textContent = box.dataset.preparingText;
  fetch(box.dataset.file, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.blob();
  }).then(function (blob) {
    var file = new File([blob], box.dataset.name, { type: "text/html" });
    status.textContent = "";
    if (navigator.canShare && navigator.canShare({ files: [file] })) {
      return navigator.share({ files: [file], title: box.dataset.title }).catch(function () { /* closed the sheet */ });
    }
    // No share sheet (a computer, an older browser): the file is saved as a download.
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = box.dataset.name;
    document.body.append(link);
    link.click();
    link.remove();
  }).catch(function () {
    status.textContent = box.dataset.failedText;
  }).then(function () {
    button.disabled = false;
  });
});

// ---- Opening ------------------------------------------------------------------------------

var PACK_MAX_BYTES = 8 * 1024 * 1024;

function bytesOfBase64(text) {
  var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sha256Hex(bytes) {
  return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
    return Array.from(new Uint8Array(digest)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  });
}

function PackRefused(reason) { this.reason = reason; }

// The token's payload, if the network's key (one the app ships) signed it; else PackRefused.
function verifyToken(token, keys) {
  var parts = String(token || "").split(".");
  if (parts.length !== 3) return Promise.reject(new PackRefused("altered"));
  if (!keys[parts[0]]) return Promise.reject(new PackRefused("unknownKey"));
  return crypto.subtle.importKey("raw", bytesOfBase64(keys[parts[0]]), { name: "Ed25519" }, false, ["verify"])
    .catch(function () { throw new PackRefused("unsupported"); })
    .then(function (key) {
      var signed = new TextEncoder().encode(parts[0] + "." + parts[1]);
      return crypto.subtle.verify({ name: "Ed25519" }, key, bytesOfBase64(parts[2]), signed);
    }).then(function (genuine) {
      if (!genuine) throw new PackRefused("altered");
      return JSON.parse(new TextDecoder().decode(bytesOfBase64(parts[1])));
    });
}

// Each page and picture of the file, checked against the hashes the signed token names.
function checkedContents(doc, data, payload) {
  var pictures = {};
  doc.querySelectorAll("img[data-jejaring]").forEach(function (img) {
    var match = /^data:image\/webp;base64,(.+)$/.exec(img.getAttribute("src") || "");
    if (match) pictures[img.dataset.jejaring] = bytesOfBase64(match[1]);
  });
  var checks = payload.pages.map(function (page) {
    var html = data.pages[page.url];
    if (typeof html !== "string") return Promise.reject(new PackRefused("altered"));
    return sha256Hex(new TextEncoder().encode(html)).then(function (hash) {
      if (hash !== page.sha256) throw new PackRefused("altered");
      return { url: page.url, title: page.title, version: page.version, html: html };
    });
  });
  var pictureChecks = Object.keys(payload.pictures).map(function (address) {
    if (!pictures[address]) return Promise.reject(new PackRefused("altered"));
    return sha256Hex(pictures[address]).then(function (hash) {
      if (hash !== payload.pictures[address]) throw new PackRefused("altered");
      return { url: address, bytes: pictures[address] };
    });
  });
  return Promise.all([Promise.all(checks), Promise.all(pictureChecks)]);
}

// A page made by another release names that release's stylesheet and scripts; point it at
// this app's own, which the service worker keeps.
function withThisReleasesFiles(html) {
  var current = {};
  var opener = document.querySelector(".open-pack");
  JSON.parse((opener && opener.dataset.assets) || "[]").forEach(function (url) {
    current[url.replace(/\.[0-9a-f]{8,}(\.(css|js))$/, "$1")] = url;
  });
  return html.replace(/\/static\/[^"']+?\.[0-9a-f]{8,}\.(css|js)/g, function (url) {
    return current[url.replace(/\.[0-9a-f]{8,}(\.(css|js))$/, "$1")] || url;
  });
}

// The version of a page the phone keeps already, read from the page itself (data-version).
function keptVersion(cache, url) {
  return cache.match(url).then(function (hit) {
    if (!hit) return 0;
    return hit.text().then(function (text) {
      var marked = new DOMParser().parseFromString(text, "text/html").querySelector("[data-version]");
      return marked ? parseInt(marked.dataset.version, 10) || 0 : 0;
    });
  });
}

// Keeps each page the phone has no newer copy of (an older file never replaces a newer page),
// with the pictures, and lists the file in the library as "dari file, versi N".
function keepPack(payload, pages, pictures) {
  var main = pages[0];
  return caches.open(SAVED_CACHE).then(function (cache) {
    return Promise.all(pages.map(function (page) { return keptVersion(cache, page.url); })).then(function (kept) {
      var newer = pages.filter(function (page, i) { return kept[i] < page.version; });
      if (!newer.length) return { kept: false, main: main };
      var puts = newer.map(function (page) {
        return cache.put(page.url, new Response(withThisReleasesFiles(page.html), { headers: { "Content-Type": "text/html; charset=utf-8" } }));
      }).concat(pictures.map(function (picture) {
        return cache.put(picture.url, new Response(picture.bytes, { headers: { "Content-Type": "image/webp" } }));
      }));
      return Promise.all(puts).then(function () {
        var index = readJSON(SAVED_INDEX);
        index[main.url] = {
          title: main.title, kind: payload.kind, savedAt: new Date().toISOString(), fromFile: true,
          version: Math.max.apply(null, pages.map(function (p) { return p.version; })),
          urls: pages.map(function (p) { return p.url; }).concat(pictures.map(function (p) { return p.url; })),
        };
        writeJSON(SAVED_INDEX, index);
        return { kept: true, main: main };
      });
    });
  });
}

function openPack(file, form) {
  if (file.size > PACK_MAX_BYTES) return Promise.reject(new PackRefused("tooBig"));
  return file.text().then(function (text) {
    // Parsed, never shown or navigated to: nothing in the file runs.
    var doc = new DOMParser().parseFromString(text, "text/html");
    var block = doc.getElementById("jejaring-paket");
    var data;
    try { data = JSON.parse(block.textContent); } catch (error) { throw new PackRefused("notPack"); }
    return verifyToken(data.token, JSON.parse(form.dataset.keys)).then(function (payload) {
      return checkedContents(doc, data, payload).then(function (contents) {
        return keepPack(payload, contents[0], contents[1]);
      });
    });
  });
}

function showOpened(form, outcome) {
  var status = form.querySelector(".open-status");
  var values = { title: outcome.main.title, version: outcome.main.version };
  status.textContent = fill(outcome.kept ? form.dataset.savedText : form.dataset.newerText, values);
  var result = form.querySelector(".open-result");
  result.querySelector("a").href = outcome.main.url;
  result.hidden = false;
}

function openChosen(form, file) {
  var status = form.querySelector(".open-status");
  form.querySelector(".open-result").hidden = true;
  status.textContent = form.dataset.checkingText;
  return openPack(file, form).then(function (outcome) {
    showOpened(form, outcome);
  }).catch(function (error) {
    var reason = error instanceof PackRefused ? error.reason : "notPack";
    status.textContent = form.dataset[reason + "Text"] || form.dataset.notPackText;
  });
}

document.addEventListener("change", function (event) {
  if (event.target.id !== "berkas" || !event.target.files.length) return;
  openChosen(event.target.closest(".open-pack"), event.target.files[0]);
});

// A file shared to the installed app: the service worker kept it for this page.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".open-pack");
  if (!form || !/[?&]dibagikan=1/.test(location.search) || !("caches" in window)) return;
  caches.open("jejaring-berkas-masuk").then(function (cache) {
    return cache.match("/buka-berkas/berkas").then(function (hit) {
      if (!hit) return;
      return hit.blob().then(function (blob) {
        cache.delete("/buka-berkas/berkas");
        return openChosen(form, new File([blob], "pelajaran.html", { type: "text/html" }));
      });
    });
  });
});
