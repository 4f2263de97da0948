// Renders a Markdown field's preview through the server's own renderer (the same sanitised
// HTML the public page will show). Without JavaScript the button stays hidden.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setUp(button) {
    var source = document.getElementById(button.dataset.source);
    var target = document.getElementById(button.dataset.source + "-preview");
    if (!source || !target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.append("source", source.value);
      button.disabled = true;
      fetch(button.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(source.form) },
        body: body
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("Preview failed (" + response.status + ")");
          }
          return response.text();
        })
        .then(function (html) {
          target.innerHTML = html;
          target.hidden = false;
        })
        .catch(function (error) {
          target.textContent = error.message;
          target.hidden = false;
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdown-preview-button").forEach(setUp);
  });
})();
