// Keyboard moderation for the editors' queues (reviews, pay reports, interviews, claims, roles,
// profiles, answers, job feeds): j/k move between rows, a approves the current row, r moves to
// its reason box, where Enter rejects (Shift+Enter for a new line)
// and Escape goes back to the list; x ticks the row for a bulk action. Every key only presses
// the row's own buttons, which work without JavaScript.
(function () {
  "use strict";

  var rows = [];
  var current = -1;

  function typing(target) {
    return target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function select(index) {
    if (!rows.length) {
      return;
    }
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0) {
      rows[current].classList.remove("is-current");
      rows[current].removeAttribute("aria-current");
    }
    current = index;
    rows[current].classList.add("is-current");
    rows[current].setAttribute("aria-current", "true");
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function press(selector) {
    var button = current >= 0 && rows[current].querySelector(selector);
    if (button) {
      button.click();
    }
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (target.classList && target.classList.contains("moderate__reason")) {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        select(rows.indexOf(target.closest("tr")));
        press(".moderate__reject");
      } else if (event.key === "Escape") {
        target.blur();
      }
      return;
    }
    if (typing(target)) {
      return;
    }
    if (event.key === "j") {
      select(current + 1);
    } else if (event.key === "k") {
      select(current - 1);
    } else if (event.key === "a") {
      press(".moderate__approve");
    } else if (event.key === "r") {
      var reason = current >= 0 && rows[current].querySelector(".moderate__reason");
      if (reason) {
        event.preventDefault();
        reason.focus();
      }
    } else if (event.key === "x") {
      press("input.action-select");
    } else {
      return;
    }
    event.preventDefault();
  }

  function setUp() {
    var table = document.getElementById("result_list");
    if (!table || !table.querySelector(".moderate")) {
      return;
    }
    rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var help = document.createElement("p");
    help.className = "moderation-keys";
    help.textContent =
      "Keyboard: j / k next and previous · a approve · r write the reason, then Enter to reject · x tick for a bulk action";
    table.parentNode.insertBefore(help, table);
    rows.forEach(function (row, index) {
      row.addEventListener("click", function (event) {
        if (!typing(event.target) && event.target.tagName !== "BUTTON") {
          select(index);
        }
      });
    });
    document.addEventListener("keydown", onKey);
    select(0);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
