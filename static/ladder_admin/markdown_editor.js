// The Markdown editor in admin: a preview beside the text that follows the typing (rendered by
// the server, through the same sanitiser as the public page), an outline of the headings, and
// a draft kept in this browser on every pause, offered back when the page is opened again.
// Without JavaScript the field is a plain textarea and saving works as ever.
(function () {
  "use strict";

  var PREVIEW_DELAY = 400;
  var DRAFT_DELAY = 800;
  var HEADING = /^(#{2,3})\s+(.+?)\s*#*\s*$/;
  var FENCE = /^\s*(```|~~~)/;

  function debounce(fn, delay) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, delay);
    };
  }

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function timeText(date) {
    return date.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }

  function headings(text) {
    var found = [];
    var inFence = false;
    text.split("\n").forEach(function (line, index) {
      if (FENCE.test(line)) {
        inFence = !inFence;
        return;
      }
      var match = !inFence && HEADING.exec(line);
      if (match) {
        found.push({ level: match[1].length, text: match[2], line: index });
      }
    });
    return found;
  }

  function setUp(editor) {
    var source = document.getElementById(editor.dataset.source);
    if (!source) {
      return;
    }
    var id = source.id;
    var preview = document.getElementById(id + "-preview");
    var previewBody = preview.querySelector(".markdown-preview__body");
    var outline = document.getElementById(id + "-outline");
    var outlineList = outline.querySelector("ol");
    var status = document.getElementById(id + "-status");
    var notice = document.getElementById(id + "-draft");
    var draftKey = "ladder:draft:" + window.location.pathname + ":" + source.name;
    var sequence = 0;
    var submitted = false;

    editor.classList.add("markdown-editor--live");
    preview.hidden = false;
    outline.hidden = false;

    function renderPreview() {
      var asked = ++sequence;
      var body = new URLSearchParams();
      body.append("source", source.value);
      editor.setAttribute("aria-busy", "true");
      fetch(editor.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(source.form) },
        body: body
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("The preview could not be rendered (" + response.status + ").");
          }
          return response.text();
        })
        .then(function (html) {
          if (asked === sequence) {
            // Sanitised by the server's renderer, exactly as the public page shows it.
            previewBody.innerHTML = html;
          }
        })
        .catch(function (error) {
          if (asked === sequence) {
            status.textContent = error.message;
          }
        })
        .finally(function () {
          if (asked === sequence) {
            editor.removeAttribute("aria-busy");
          }
        });
    }

    function renderOutline() {
      outlineList.textContent = "";
      var found = headings(source.value);
      found.forEach(function (heading, index) {
        var item = document.createElement("li");
        item.className = "markdown-outline__item markdown-outline__item--h" + heading.level;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "markdown-outline__link";
        button.textContent = heading.text;
        button.addEventListener("click", function () {
          goToHeading(heading, index);
        });
        item.appendChild(button);
        outlineList.appendChild(item);
      });
      if (!found.length) {
        var empty = document.createElement("li");
        empty.className = "markdown-outline__empty";
        empty.textContent = "No ## headings yet.";
        outlineList.appendChild(empty);
      }
    }

    function goToHeading(heading, index) {
      var lines = source.value.split("\n");
      var start = 0;
      for (var i = 0; i < heading.line; i++) {
        start += lines[i].length + 1;
      }
      source.focus();
      source.setSelectionRange(start, start + lines[heading.line].length);
      var lineHeight = parseFloat(window.getComputedStyle(source).lineHeight) || 18;
      source.scrollTop = Math.max(0, heading.line * lineHeight - lineHeight * 2);
      var shown = previewBody.querySelectorAll("h2, h3")[index];
      if (shown) {
        preview.scrollTop = shown.offsetTop - preview.offsetTop - 8;
      }
    }

    function keepDraft() {
      if (submitted) {
        return;
      }
      try {
        window.localStorage.setItem(
          draftKey,
          JSON.stringify({ text: source.value, savedAt: new Date().toISOString() })
        );
        status.textContent = "Draft kept in this browser at " + timeText(new Date()) + ".";
      } catch (error) {
        status.textContent = "This browser cannot keep a draft; save the form to keep your work.";
      }
    }

    function offerDraft() {
      var stored = null;
      try {
        stored = JSON.parse(window.localStorage.getItem(draftKey) || "null");
      } catch (error) {
        stored = null;
      }
      if (!stored || typeof stored.text !== "string") {
        return;
      }
      if (stored.text === source.value) {
        window.localStorage.removeItem(draftKey);
        return;
      }
      notice.querySelector(".markdown-draft-notice__text").textContent =
        "An unsaved draft of this text from " +
        timeText(new Date(stored.savedAt)) +
        " is kept in this browser.";
      notice.hidden = false;
      notice.querySelector(".markdown-draft-restore").addEventListener("click", function () {
        source.value = stored.text;
        notice.hidden = true;
        status.textContent = "Draft restored; save the form to keep it.";
        refresh();
        source.focus();
      });
      notice.querySelector(".markdown-draft-discard").addEventListener("click", function () {
        window.localStorage.removeItem(draftKey);
        notice.hidden = true;
      });
    }

    var previewSoon = debounce(renderPreview, PREVIEW_DELAY);
    var draftSoon = debounce(keepDraft, DRAFT_DELAY);
    var outlineSoon = debounce(renderOutline, PREVIEW_DELAY);

    function refresh() {
      previewSoon();
      outlineSoon();
    }

    source.addEventListener("input", function () {
      refresh();
      draftSoon();
    });
    if (source.form) {
      // Saving sends the text to the server: the draft has done its work. If the form comes
      // back with errors, it comes back holding the text.
      source.form.addEventListener("submit", function () {
        submitted = true;
        window.localStorage.removeItem(draftKey);
      });
    }
    renderOutline();
    renderPreview();
    offerDraft();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdown-editor").forEach(setUp);
  });
})();
