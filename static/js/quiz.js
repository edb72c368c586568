// The quiz page's own script: the whole quiz on one page, answered with or without a connection.
// Answers go to the server as one offline action (sendAction in app.js): graded there, once.
// Practice questions carry their feedback in the page; a final quiz's page has no right answers.
"use strict";

(function () {
  var form = document.getElementById("kuis");
  if (!form) return;
  var status = form.querySelector(".quiz-status");
  var quizId = form.dataset.quiz;
  var ATTEMPT_KEY = "jejaring:kuis:" + quizId;   // localStorage: the key of the attempt under way
  var SENT_KEY = "jejaring:kuis-terkirim:" + quizId;  // localStorage: an attempt waiting to be sent

  function showStatus(text, href, linkText) {
    status.textContent = text;
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = linkText;
      status.append(" ", link);
    }
  }

  if (!signedInHint() && !rememberedUser()) {
    var box = document.createElement("p");
    var link = document.createElement("a");
    link.href = form.dataset.signIn;
    link.textContent = form.dataset.signInText;
    box.append(link);
    form.before(box);
    return;
  }

  // One key per attempt: it seeds this attempt's order of questions and makes a resend count once.
  var key = localStorage.getItem(ATTEMPT_KEY);
  if (!key) {
    key = newKey();
    try { localStorage.setItem(ATTEMPT_KEY, key); } catch (error) { /* private mode: a new order each visit */ }
  }
  var seed = 0;
  for (var i = 0; i < key.length; i++) seed = (seed * 31 + key.charCodeAt(i)) >>> 0;
  function random() {  // mulberry32: a small generator that gives the same order for the same seed
    seed = (seed + 0x6d2b79f5) >>> 0;
    var t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
  for (var j = questions.length - 1; j > 0; j--) {
    var k = Math.floor(random() * (j + 1));
    var swap = questions[j]; questions[j] = questions[k]; questions[k] = swap;
  }
  var button = form.querySelector("button[type=submit]");
  questions.forEach(function (question) { button.before(question); });
  form.hidden = false;
  if (localStorage.getItem(SENT_KEY)) showStatus(form.dataset.queuedText);

  // Practice: say at once what each answer meant.
  function showFeedback(question) {
    var right = true;
    question.querySelectorAll("input").forEach(function (input) {
      var feedback = question.querySelector('.feedback[data-choice="' + input.value + '"]');
      if (!feedback) return;
      if (input.checked !== Boolean(feedback.dataset.correct)) right = false;
      feedback.hidden = !input.checked;
    });
    var explanation = question.querySelector(".explanation");
    if (explanation) explanation.hidden = false;
    question.classList.add(right ? "answered-right" : "answered-wrong");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var answers = {};
    var complete = questions.every(function (question) {
      var chosen = Array.prototype.map.call(question.querySelectorAll("input:checked"), function (input) { return Number(input.value); });
      answers[question.dataset.question] = chosen;
      return chosen.length > 0;
    });
    if (!complete) return showStatus(form.dataset.incompleteText);
    if (!form.dataset.final) questions.forEach(showFeedback);
    button.disabled = true;
    sendAction(form.dataset.action, { quiz: Number(quizId), version: Number(form.dataset.version), answers: answers }, key).then(function (result) {
      try { localStorage.removeItem(ATTEMPT_KEY); } catch (error) { /* private mode */ }
      if (result.state === "queued") {
        try { localStorage.setItem(SENT_KEY, new Date().toISOString()); } catch (error) { /* private mode */ }
        return showStatus(form.dataset.queuedText);
      }
      if (result.state === "refused") {
        button.disabled = false;
        return showStatus(result.body.error || "");
      }
      var answer = result.body;
      showStatus(fill(form.dataset.resultText, answer) + " " + answer.progress,
        answer.certificate || answer.result, answer.certificate ? form.dataset.certificateText : form.dataset.resultLinkText);
    }).catch(function () {
      button.disabled = false;  // nothing was kept: the learner can send again
    });
  });

  // The queued attempt was delivered (the worker says so): the standing above is news now.
  if ("serviceWorker" in navigator) navigator.serviceWorker.addEventListener("message", function (event) {
    if (!event.data || event.data.type !== "pending" || !event.data.delivered) return;
    try { localStorage.removeItem(SENT_KEY); } catch (error) { /* private mode */ }
    var personal = document.querySelector("[data-personal]");
    if (personal) fetch(personal.dataset.personal, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) { if (html) personal.innerHTML = html; status.textContent = ""; }).catch(function () { /* offline again */ });
  });
})();
