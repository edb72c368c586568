// Jejaring's offline library (/tersimpan) and offline page (/offline): only those pages load
// this after app.js, whose helpers (readJSON, fill, formatSize, askWorker ...) it uses.
"use strict";

// ---- The offline library ------------------------------------------------------------------

function showLibrary(library) {
  if (!("caches" in window)) {
    library.textContent = library.dataset.unsupportedText;
    library.classList.remove("js-only");
    return;
  }
  library.classList.remove("js-only");
  var list = document.getElementById("daftar-tersimpan");
  var index = readJSON(SAVED_INDEX);
  var sizeOf = {};  // url -> bytes stored: a file two saved items share is counted once in the total
  caches.open(SAVED_CACHE).then(function (cache) {
    var entries = Object.keys(index).map(function (url) {
      var item = index[url];
      // What each saved item takes on the phone: the sum of what it stored.
      return Promise.all((item.urls || [url]).map(function (part) {
        return cache.match(part).then(function (hit) { return hit ? hit.blob().then(function (b) { return (sizeOf[part] = b.size); }) : 0; });
      })).then(function (sizes) {
        return { url: url, item: item, size: sizes.reduce(function (a, b) { return a + b; }, 0), present: sizes[0] > 0 };
      });
    });
    return Promise.all(entries);
  }).then(function (entries) {
    list.textContent = "";
    var total = 0;
    var counted = {};
    entries.filter(function (e) { return e.present; }).forEach(function (entry) {
      (entry.item.urls || [entry.url]).forEach(function (part) {
        if (!counted[part]) total += sizeOf[part] || 0;
        counted[part] = true;
      });
      var li = document.createElement("li");
      li.className = "card";
      var body = document.createElement("div");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.item.title;
      var facts = document.createElement("p");
      facts.className = "muted";
      facts.textContent = formatSize(entry.size) + " · " + fill(library.dataset.savedText, { date: formatDate(entry.item.savedAt) })
        + (entry.item.fromFile ? " · " + fill(library.dataset.fromFileText, { version: entry.item.version }) : "");
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = library.dataset.removeText;
      remove.addEventListener("click", function () { removeSaved(entry.url).then(function () { showLibrary(library); }); });
      body.append(link, facts, remove);
      li.append(body);
      list.append(li);
    });
    if (!list.children.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = library.dataset.emptyText;
      list.append(empty);
    }
    document.getElementById("total-tersimpan").textContent = fill(library.dataset.totalText, { size: formatSize(total) });
    showStorage(library);
  });
}

// Removes an item, and every file it saved that no other saved item still needs.
function removeSaved(url) {
  var index = readJSON(SAVED_INDEX);
  var gone = (index[url] && index[url].urls) || [url];
  delete index[url];
  writeJSON(SAVED_INDEX, index);
  var kept = {};
  Object.keys(index).forEach(function (other) {
    (index[other].urls || [other]).forEach(function (part) { kept[part] = true; });
  });
  return caches.open(SAVED_CACHE).then(function (cache) {
    return Promise.all(gone.filter(function (part) { return !kept[part]; }).map(function (part) { return cache.delete(part); }));
  });
}

function showStorage(library) {
  var line = document.getElementById("penyimpanan");
  if (!navigator.storage || !navigator.storage.estimate) return;
  Promise.all([navigator.storage.estimate(), navigator.storage.persisted ? navigator.storage.persisted() : false]).then(function (results) {
    var estimate = results[0];
    line.textContent = fill(library.dataset.storageText, { used: formatSize(estimate.usage || 0), quota: formatSize(estimate.quota || 0) }) +
      " " + (results[1] ? library.dataset.persistedText : library.dataset.notPersistedText);
  });
}

document.addEventListener("click", function (event) {
  if (event.target.id === "kirim-sekarang") askWorker({ type: "send-now" });
  if (event.target.id === "hapus-ditolak") askWorker({ type: "forget-refused" });
});

// A form that could not be sent: the offline page says so, and sends what was typed, as it
// was typed, when the person taps "send" (the worker kept it; "-" when it could not keep it).
function showUnsentForm() {
  var kept = document.documentElement.dataset.unsentForm;
  var note = document.getElementById("formulir-tertunda");
  if (!kept || !note) return;
  note.hidden = false;
  if (kept === "-") {
    note.textContent = note.dataset.lostText;
    return;
  }
  document.getElementById("kirim-formulir").addEventListener("click", function () {
    var key = decodeURIComponent(kept);
    caches.open("jejaring-formulir").then(function (cache) {
      return cache.match(key).then(function (response) {
        if (!response) return;
        return response.json().then(function (saved) {
          var form = document.createElement("form");
          form.method = "post";
          form.action = saved.url;
          new URLSearchParams(saved.body).forEach(function (value, name) {
            var field = document.createElement("input");
            field.type = "hidden";
            field.name = name;
            field.value = value;
            form.append(field);
          });
          document.body.append(form);
          return cache.delete(key).then(function () { form.submit(); });
        });
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", showUnsentForm);

