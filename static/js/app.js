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

// The lesson editor's "Salin": copies a picture's Markdown line. Without the Clipboard API
// the line is left selected, ready for the phone's own copy.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".copy-line");
  if (!button) return;
  var line = button.parentElement.querySelector("input");
  line.select();
  if (!navigator.clipboard) return;
  navigator.clipboard.writeText(line.value).then(function () {
    button.textContent = "✓ " + button.dataset.copiedText;
  }, function () { /* still selected */ });
});

// Unread notifications next to "Akun": personal, so fetched (never part of a shared page),
// and only when someone is signed in on this browser.
document.addEventListener("DOMContentLoaded", function () {
  var badge = document.getElementById("belum-dibaca");
  if (!badge || !/(^|; )masuk=1/.test(document.cookie)) return;
  fetch(badge.dataset.url, { credentials: "same-origin" }).then(function (response) {
    return response.ok ? response.json() : { unread: 0 };
  }).then(function (data) {
    badge.textContent = data.unread;
    badge.setAttribute("aria-label", badge.dataset.text.replace("{n}", data.unread));
    badge.hidden = !data.unread;
  }).catch(function () { /* offline: no badge */ });
});

// ---- The installable app: service worker, offline reading, marks made offline ----------------

var SAVED_CACHE = "jejaring-tersimpan";
var PERSONAL_CACHE = "jejaring-pribadi";   // this account's own pages (tickets); see forgetUser
var SAVED_INDEX = "jejaring:tersimpan";   // localStorage: {url: {title, kind, savedAt, urls}}
var USER_KEY = "jejaring:pengguna";       // localStorage: {id, name, at} the server last said is signed in
var DONE_KEY = "jejaring:selesai";        // localStorage: {user, lessons: {lessonId: true}} marked here
var PERSONAL_PREFIX = "jejaring:pribadi:"; // localStorage of one account's pages (check-ins made here)

function readJSON(key) {
  try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (error) { return {}; }
}

function writeJSON(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch (error) { /* private mode, full */ }
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
}

function formatDate(value) {
  var date = new Date(value);
  if (isNaN(date)) return "";
  var locale = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  return date.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

// Sizes as webapp.templating.human_size writes them: "850 B", "1,5 KB", "24 KB", "1,2 MB".
function formatSize(bytes) {
  if (bytes < 1024) return bytes + "\u00a0B";
  var locale = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  var unit = bytes >= 1073741824 ? "GB" : bytes >= 1048576 ? "MB" : "KB";
  var number = bytes / { KB: 1024, MB: 1048576, GB: 1073741824 }[unit];
  var digits = unit === "KB" && bytes >= 10240 ? 0 : 1;
  return number.toLocaleString(locale, { maximumFractionDigits: digits }) + "\u00a0" + unit;
}

// Registered after the page has loaded, so installing never competes with the page itself.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* the site works without */ });
  });
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "pending") showPending(event.data);
  });
  // A page that came from the server (not a kept copy, not the offline page) shows the server
  // is up again.
  navigator.serviceWorker.ready.then(function () {
    var fresh = navigator.onLine && !document.documentElement.dataset.savedAt && !document.getElementById("halaman-offline");
    var user = rememberedUser();
    if (user) askWorker({ type: "account", user: user.id, name: user.name });
    askWorker(navigator.onLine ? { type: "replay", fresh: fresh } : { type: "pending" });
  });
}

function askWorker(message) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.ready.then(function (registration) {
    var worker = navigator.serviceWorker.controller || registration.active;
    if (worker) worker.postMessage(message);
  });
}

// ---- Actions made offline: one helper, one badge (the contract is in webapp/offline.py) -----

// Who is signed in, as the server last said (never a guess): the progress box and /api/saya
// tell it. Signing out (the hint cookie goes) or signing in (a form with a password) forgets it.
function signedInHint() {
  return /(^|; )masuk=1/.test(document.cookie);
}

function rememberedUser() {
  if (!signedInHint()) {
    forgetUser();
    return null;
  }
  var user = readJSON(USER_KEY);
  return user.id ? user : null;
}

function rememberUser(id, name) {
  if (!id) return;
  writeJSON(USER_KEY, { id: id, name: name, at: Date.now() });
  askWorker({ type: "account", user: id, name: name });
}

function forgetUser() {
  if ("caches" in window) caches.delete(PERSONAL_CACHE);
  try {
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf(PERSONAL_PREFIX) === 0) localStorage.removeItem(key);
    });
    if (localStorage.getItem(USER_KEY) === null) return;
    localStorage.removeItem(USER_KEY);
    localStorage.removeItem(DONE_KEY);
  } catch (error) { return; /* private mode */ }
  askWorker({ type: "pending" });  // the badge now names whom to sign in as
}

document.addEventListener("submit", function (event) {
  if (event.target.querySelector && event.target.querySelector('input[type="password"]')) forgetUser();
}, true);

// Signed in on this phone but not yet known here (just signed in): ask the server once.
function learnWhoIsSignedIn() {
  var badge = document.getElementById("antrean");
  if (!badge || !navigator.onLine || !signedInHint() || rememberedUser()) return;
  fetch(badge.dataset.account, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    return response.ok ? response.json() : {};
  }).then(function (who) {
    if (who.user) return rememberUser(who.user, who.name);
    // The session ended but the hint stayed: drop it, so no page asks again for nobody.
    if ("user" in who) document.cookie = "masuk=; max-age=0; path=/; samesite=lax";
  }).catch(function () { /* offline after all */ });
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  var bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
}

// Sends an action to `url` as the account signed in here; the service worker keeps it when it
// cannot go now and answers 202. Resolves to {state: "done" | "queued" | "refused", body};
// rejects only without a service worker and without a connection (nothing was kept).
function sendAction(url, payload, key) {
  var user = rememberedUser();
  var body = Object.assign({}, payload, { key: key || newKey(), user: user && user.id, at: new Date().toISOString() });
  return fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Jejaring": "1" },
    body: JSON.stringify(body),
  }).then(function (response) {
    return response.json().catch(function () { return {}; }).then(function (answer) {
      var state = response.status === 202 ? "queued" : response.ok ? "done" : "refused";
      askWorker({ type: "pending" });
      return { state: state, body: answer };
    });
  });
}

// The badge: how many actions wait, and, for those of another account, whom to sign in as.
// The worker says when it tries next; the page reminds it then.
var nextTry = null;
function showPending(news) {
  var badge = document.getElementById("antrean");
  if (badge) {
    // The worker asked the server who is signed in after this page did: a session that ended
    // shows here.
    var me = rememberedUser();
    if (me && news.signedIn === null && news.signedInAt > (me.at || 0)) {
      forgetUser();
      me = null;
    }
    var lines = [];
    var mine = 0;
    news.accounts.forEach(function (group) {
      if (group.user !== null && (!me || group.user !== me.id)) {
        lines.push(fill(group.name ? badge.dataset.accountText : badge.dataset.someoneText, { n: group.count, name: group.name }));
      } else {
        mine += group.count;
      }
    });
    if (mine) lines.unshift(fill(badge.dataset.text, { n: mine }));
    if (news.refused.length) lines.push(fill(badge.dataset.refusedText, { n: news.refused.length }));
    badge.textContent = lines.join(" · ");
    badge.hidden = !lines.length;
    showQueue(news, lines);
  }
  clearTimeout(nextTry);
  if (news.nextTry) nextTry = setTimeout(function () { askWorker({ type: "replay" }); }, Math.max(0, news.nextTry - Date.now()) + 50);
  var progress = document.getElementById("kemajuan");
  if (progress && news.delivered) loadProgress(progress);
}

// No connection: say so, and send what waits as soon as it is back.
function showConnection() {
  var banner = document.getElementById("offline");
  if (banner) banner.hidden = navigator.onLine;
}
// The offline page stands in for the page asked for (its address is in the bar): once the
// server answers for it, load it. A connection that is only coming back gets three tries.
function reloadWhenReachable(tries) {
  fetch(location.href, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    if (response.ok) location.reload();
    else throw new Error(response.status);
  }).catch(function () {
    if (tries > 1) setTimeout(function () { reloadWhenReachable(tries - 1); }, 1000);
  });
}

window.addEventListener("online", function () {
  if (document.getElementById("halaman-offline") && !document.documentElement.dataset.unsentForm) reloadWhenReachable(3);
  showConnection();
  askWorker({ type: "replay", online: true });
});
window.addEventListener("offline", showConnection);

document.addEventListener("DOMContentLoaded", function () {
  showConnection();
  // The service worker marks a page it served from a cache with the time it was fetched.
  var savedAt = document.documentElement.dataset.savedAt;
  var note = document.getElementById("salinan");
  if (savedAt && note) {
    note.textContent = fill(note.dataset.text, { date: formatDate(decodeURIComponent(savedAt)) });
    note.hidden = false;
  }
  // The personal progress box: only when someone is signed in here (offline: was, when online).
  learnWhoIsSignedIn();
  var progress = document.getElementById("kemajuan");
  if (progress && signedInHint()) loadProgress(progress);
  if (progress && !signedInHint() && !navigator.onLine) showOfflineProgress(progress);
  // Personal parts of a shared page (a profile's "Kelola" or "Ajak bermitra"): fetched, never cached.
  if (signedInHint() && navigator.onLine) document.querySelectorAll("[data-personal]").forEach(function (box) {
    fetch(box.dataset.personal, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) { box.innerHTML = html; }).catch(function () { /* offline: nothing personal */ });
  });
  // A page of this person's own kept for offline (a ticket, the check-in page): only while
  // the server says who is signed in, in the cache that goes when the account leaves the phone.
  var own = document.querySelector("[data-keep-personal]");
  if (own && "caches" in window && navigator.onLine && !document.documentElement.dataset.savedAt && signedInHint()) {
    savePages(JSON.parse(own.dataset.keepPersonal), PERSONAL_CACHE).then(function () {
      own.hidden = false;
    }).catch(function () { /* kept next time */ });
  }
  var library = document.getElementById("perpustakaan");
  if (library) showLibrary(library);
  document.querySelectorAll(".save-offline").forEach(function (box) {
    if (!("caches" in window) || !("serviceWorker" in navigator)) return;
    box.classList.remove("js-only");
    // Saved here, or as part of a saved course, and still in the cache.
    var page = JSON.parse(box.dataset.pages)[0];
    var index = readJSON(SAVED_INDEX);
    var saved = Object.keys(index).some(function (url) { return (index[url].urls || [url]).indexOf(page) >= 0; });
    if (saved) caches.match(page, { cacheName: SAVED_CACHE, ignoreVary: true }).then(function (hit) { if (hit) showSaved(box); });
  });
  var courseProgress = document.getElementById("kemajuan-kursus");
  if (courseProgress && (/(^|; )masuk=1/.test(document.cookie) || localStorage.getItem(USER_KEY))) loadCourseProgress(courseProgress);
});

// ---- Progress on a course: "2 dari 5 selesai" and a tick by each lesson done ---------------

function loadCourseProgress(box) {
  fetch(box.dataset.progress, { headers: { "HX-Request": "true" }, credentials: "same-origin" }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.text();
  }).then(function (html) {
    box.innerHTML = html;
    var state = box.querySelector(".course-state");
    var done = state && state.dataset.done ? state.dataset.done.split(" ") : [];
    done.forEach(markLocally);
    tickLessons(box, done);
  }).catch(function () {
    // Offline: at least the lessons marked done on this phone.
    if (localStorage.getItem(USER_KEY)) tickLessons(box, Object.keys(readJSON(DONE_KEY)));
  });
}

function tickLessons(box, done) {
  document.querySelectorAll("ol.lessons li[data-lesson]").forEach(function (item) {
    if (done.indexOf(item.dataset.lesson) < 0 || item.querySelector(".lesson-done")) return;
    var tick = document.createElement("span");
    tick.className = "lesson-done";
    tick.textContent = "✓ " + box.dataset.doneText;
    item.prepend(tick, " ");
  });
}

// ---- Install hint: offered once, when the browser allows it; "Nanti saja" is remembered ----

var INSTALL_KEY = "jejaring:pasang";      // localStorage: set once the offer was answered
var installPrompt = null;

window.addEventListener("beforeinstallprompt", function (event) {
  if (localStorage.getItem(INSTALL_KEY)) return;  // the browser may still offer it its own way
  event.preventDefault();
  installPrompt = event;
  var banner = document.getElementById("pasang");
  if (banner) banner.hidden = false;
});

function closeInstall() {
  try { localStorage.setItem(INSTALL_KEY, "1"); } catch (error) { /* private mode */ }
  var banner = document.getElementById("pasang");
  if (banner) banner.hidden = true;
}

document.addEventListener("click", function (event) {
  if (event.target.closest("#pasang-nanti")) closeInstall();
  if (!event.target.closest("#pasang-ya") || !installPrompt) return;
  installPrompt.prompt();
  installPrompt = null;
  closeInstall();
});

// ---- Save for offline -------------------------------------------------------------------

// The picture a phone would fetch for a srcset: the smallest at least as wide as the screen.
function pictureFor(element) {
  var candidates = (element.getAttribute("srcset") || element.dataset.srcset || "").split(",").map(function (part) {
    var bits = part.trim().split(/\s+/);
    return { url: bits[0], width: parseInt(bits[1], 10) || 0 };
  }).filter(function (c) { return c.url; }).sort(function (a, b) { return a.width - b.width; });
  var needed = Math.min(window.innerWidth, 736) * (window.devicePixelRatio || 1);
  var fitting = candidates.filter(function (c) { return c.width >= needed; });
  var chosen = fitting[0] || candidates[candidates.length - 1];
  return chosen ? chosen.url : element.getAttribute("src") || element.dataset.src;
}

// Saves the pages, and for each page its stylesheet, scripts and lesson pictures, so a saved
// page still looks right after an app update has replaced the files of the day it was saved.
function savePages(pages, cacheName) {
  return caches.open(cacheName || SAVED_CACHE).then(function (cache) {
    var urls = [];
    return pages.reduce(function (done, page) {
      return done.then(function () {
        return fetch(page, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          urls.push(page);
          return Promise.all([cache.put(page, response.clone()), response.text()]);
        }).then(function (results) {
          var doc = new DOMParser().parseFromString(results[1], "text/html");
          var parts = [];
          doc.querySelectorAll('link[rel="stylesheet"], script[src]').forEach(function (el) {
            parts.push(el.getAttribute("href") || el.getAttribute("src"));
          });
          doc.querySelectorAll(".lesson-body img, .lesson-body a.tap-to-load, .keep-offline img").forEach(function (el) {
            parts.push(pictureFor(el));
          });
          parts = parts.filter(function (url) { return url && urls.indexOf(url) < 0; });
          urls = urls.concat(parts);
          return Promise.all(parts.map(function (url) {
            return cache.match(url).then(function (hit) { return hit || cache.add(url); });
          }));
        });
      });
    }, Promise.resolve()).then(function () { return urls; });
  });
}

document.addEventListener("click", function (event) {
  var button = event.target.closest(".save-offline button");
  if (!button) return;
  var box = button.closest(".save-offline");
  var status = box.querySelector(".save-status");
  var pages = JSON.parse(box.dataset.pages);
  button.disabled = true;
  status.textContent = box.dataset.savingText;
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
  savePages(pages).then(function (urls) {
    var index = readJSON(SAVED_INDEX);
    index[pages[0]] = { title: box.dataset.title, kind: box.dataset.kind, savedAt: new Date().toISOString(), urls: urls };
    writeJSON(SAVED_INDEX, index);
    status.textContent = "";  // the saved line above says it (and is announced)
    showSaved(box);
  }).catch(function () {
    status.textContent = box.dataset.failedText;
  }).then(function () {
    button.disabled = false;
  });
});

function showSaved(box) {
  box.querySelector(".saved-state").hidden = false;
  box.querySelector("button").textContent = box.dataset.updateText;
}

// ---- The offline queue as the library shows it ------------------------------------------

// The library lists the same: what waits (and "send now"), and what could never be sent and
// why (and "remove").
function showQueue(news, lines) {
  var section = document.getElementById("antrean-tindakan");
  if (!section) return;
  section.hidden = !lines.length;
  document.getElementById("antrean-ringkas").textContent = news.count ? lines.filter(function (line, i) {
    return i < lines.length - (news.refused.length ? 1 : 0);
  }).join(" · ") : "";
  document.getElementById("kirim-sekarang").hidden = !news.count;
  document.getElementById("hapus-ditolak").hidden = !news.refused.length;
  var list = document.getElementById("antrean-ditolak");
  list.textContent = "";
  news.refused.forEach(function (refused) {
    var item = document.createElement("li");
    var reason = refused.expired ? section.dataset.expiredText : refused.error || section.dataset.unknownText;
    item.textContent = fill(section.dataset.refusedText, { date: formatDate(refused.at), reason: reason });
    list.append(item);
  });
}

// ---- Progress on a lesson -----------------------------------------------------------------

function loadProgress(box) {
  fetch(box.dataset.progress, { headers: { "HX-Request": "true" }, credentials: "same-origin" }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.text();
  }).then(function (html) {
    box.innerHTML = html;
    var state = box.querySelector(".progress-state");
    if (!state) return;
    if (!state.dataset.user) return forgetUser();
    rememberUser(Number(state.dataset.user), state.dataset.name);
    if (state.dataset.done) markLocally(box.dataset.lesson);
  }).catch(function () {
    showOfflineProgress(box);
  });
}

// Lessons marked on this phone, by the account signed in now only.
function doneHere() {
  var user = rememberedUser();
  var done = readJSON(DONE_KEY);
  return user && done.user === user.id ? done.lessons || {} : {};
}

function markLocally(lesson) {
  var user = rememberedUser();
  if (!user) return;
  var lessons = doneHere();
  lessons[lesson] = true;
  writeJSON(DONE_KEY, { user: user.id, lessons: lessons });
}

function showLine(box, className, text) {
  box.textContent = "";
  var line = document.createElement("p");
  line.className = className;
  line.textContent = text;
  box.append(line);
  return line;
}

// Offline: the account the server last said is signed in may mark the lesson; it is queued.
// Nobody signed in: an invitation to sign in, never a button that would credit someone else.
function showOfflineProgress(box) {
  var user = rememberedUser();
  if (!user) {
    var line = showLine(box, "muted", "");
    var link = document.createElement("a");
    link.href = box.dataset.signIn;
    link.textContent = box.dataset.signInText;
    line.append(link);
    return;
  }
  if (doneHere()[box.dataset.lesson]) return showLine(box, "done", "✓ " + box.dataset.doneText);
  showLine(box, "muted", box.dataset.offlineText);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "mark-done-offline";
  button.textContent = box.dataset.buttonText;
  button.addEventListener("click", function () { sendMark(box); });
  box.prepend(button);
}

// The mark goes through the one action helper; the key makes a mark sent twice count once.
function sendMark(box, key) {
  var button = box.querySelector("button");
  if (button) button.disabled = true;
  return sendAction(box.dataset.action, { lesson: Number(box.dataset.lesson) }, key).then(function (result) {
    if (result.state === "queued") {
      markLocally(box.dataset.lesson);
      showLine(box, "done", "✓ " + box.dataset.queuedText);
      return;
    }
    if (result.state === "done") markLocally(box.dataset.lesson);
    loadProgress(box);
  }).catch(function () {
    // No service worker to keep it: keep the button, so nothing is silently lost.
    if (button) button.disabled = false;
  });
}

document.addEventListener("submit", function (event) {
  var form = event.target.closest("form.mark-done");
  var box = form && form.closest("#kemajuan");
  if (!box) return;
  event.preventDefault();
  sendMark(box, form.querySelector('input[name="key"]').value);
});
