// On a narrow screen the filter panel starts folded, so the results come first; its summary
// opens it. The markup leaves the panel open, so without this script nothing is hidden, and on
// a wide screen, where the stylesheet hides the summary, it is kept open.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 60rem)");
  var panels = document.querySelectorAll("details.filters");

  function fit() {
    for (var i = 0; i < panels.length; i++) {
      panels[i].open = wide.matches;
    }
  }

  fit();
  wide.addEventListener("change", fit);
})();
