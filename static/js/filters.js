// Submit only the fields that say something: an empty search, "Any", a currency with no amount
// and the default order would only fill the URL (the server redirects such URLs to the clean
// one anyway, so without this script the result is the same, one redirect later).
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.filter-form");

  function drop(form) {
    var salary = form.elements.namedItem("min_salary");
    var fields = form.querySelectorAll("input, select");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var empty = field.value === "";
      var unqualified = field.name === "currency" && (!salary || salary.value === "");
      var defaultSort = field.name === "sort" && field.selectedIndex === 0;
      if (field.name && (empty || unqualified || defaultSort)) {
        field.disabled = true;
        field.setAttribute("data-dropped", "");
      }
    }
  }

  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", function (event) {
      drop(event.currentTarget);
    });
  }
  // Coming back to the page from history must find the fields usable again.
  window.addEventListener("pageshow", function () {
    for (var i = 0; i < forms.length; i++) {
      var fields = forms[i].querySelectorAll("[data-dropped]");
      for (var j = 0; j < fields.length; j++) {
        fields[j].disabled = false;
        fields[j].removeAttribute("data-dropped");
      }
    }
  });
})();
