// Move focus to the error summary so screen-reader and keyboard users hear what to fix first.
(function () {
  "use strict";
  var summary = document.querySelector("[data-module='error-summary']");
  if (summary) {
    summary.focus();
  }
  document.querySelectorAll(".error-summary__list a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var id = (link.getAttribute("href") || "").slice(1);
      var input = id && document.getElementById(id);
      if (input) {
        event.preventDefault();
        input.focus();
        input.scrollIntoView({ block: "center" });
      }
    });
  });
})();
