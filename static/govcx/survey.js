/* The hosted survey page, enhanced. Everything here is optional: without this script the page
   shows every follow-up question with a note saying when to answer it, and the server drops
   answers to questions that do not apply. No inline script is needed, so a strict
   Content-Security-Policy can forbid inline code. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-govcx-survey]");

  function byName(root, name) {
    return root.querySelectorAll('[name="' + CSS.escape(name) + '"]');
  }

  /* The answers given so far to a question on this page; none while it is hidden. */
  function answerValues(key) {
    var wrapper = form.querySelector('[data-question-key="' + CSS.escape(key) + '"]');
    var values = [];
    if (!wrapper || wrapper.hidden) {
      return values;
    }
    byName(wrapper, key).forEach(function (input) {
      var isChoice = input.type === "radio" || input.type === "checkbox";
      if ((!isChoice || input.checked) && input.value !== "") {
        values.push(input.value);
      }
    });
    return values;
  }

  /* Questions follow the questions they depend on, so one pass in page order settles chains. */
  function applyConditions() {
    form.querySelectorAll("[data-show-if-question]").forEach(function (wrapper) {
      var wanted = JSON.parse(wrapper.getAttribute("data-show-if-values"));
      var given = answerValues(wrapper.getAttribute("data-show-if-question"));
      wrapper.hidden = !given.some(function (value) {
        return wanted.indexOf(value) !== -1;
      });
    });
  }

  /* The "answer this only if …" notes are for pages without this script. */
  function dropConditionNotes() {
    form.querySelectorAll("[data-condition-note]").forEach(function (note) {
      form.querySelectorAll('[aria-describedby~="' + note.id + '"]').forEach(function (element) {
        var ids = element.getAttribute("aria-describedby").split(/\s+/).filter(function (id) {
          return id && id !== note.id;
        });
        if (ids.length) {
          element.setAttribute("aria-describedby", ids.join(" "));
        } else {
          element.removeAttribute("aria-describedby");
        }
      });
      note.remove();
    });
  }

  function countMessage(left) {
    var count = Math.abs(left);
    var noun = count === 1 ? " character" : " characters";
    var number = count.toLocaleString("en-US");
    return left >= 0 ? number + noun + " left" : number + noun + " over the limit";
  }

  /* A visible count that follows every keystroke, and a spoken one that waits for a pause. */
  function characterCount(limitNote) {
    var field = document.getElementById(limitNote.getAttribute("data-character-limit-for"));
    var limit = parseInt(limitNote.getAttribute("data-character-limit"), 10);
    var visible = document.createElement("div");
    var spoken = document.createElement("div");
    var timer = null;
    visible.className = "usa-hint govcx-character-count";
    visible.setAttribute("aria-hidden", "true");
    spoken.className = "usa-sr-only";
    spoken.setAttribute("aria-live", "polite");
    limitNote.after(visible, spoken);
    function update() {
      // The server counts characters, not UTF-16 units, after trimming the ends.
      var left = limit - Array.from(field.value.trim()).length;
      visible.textContent = countMessage(left);
      visible.classList.toggle("govcx-character-count--over", left < 0);
      return countMessage(left);
    }
    field.addEventListener("input", function () {
      var message = update();
      clearTimeout(timer);
      timer = setTimeout(function () {
        spoken.textContent = message;
      }, 1000);
    });
    update();
  }

  /* Move focus to the field itself, keeping its question in view. */
  function followErrorLinks(summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      var target = link && document.getElementById(link.hash.slice(1));
      if (!target) {
        return;
      }
      event.preventDefault();
      (target.closest(".usa-form-group") || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  if (!form) {
    return;
  }
  dropConditionNotes();
  applyConditions();
  form.addEventListener("change", applyConditions);
  form.addEventListener("input", applyConditions);
  form.querySelectorAll("[data-character-limit-for]").forEach(characterCount);
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    followErrorLinks(summary);
    if (document.activeElement !== summary) {
      summary.focus();
    }
  }
})();
