// The dossier page: keyboard shortcuts for the frequent moves, and a search box above each long
// list of choices (the agencies to consult). Everything works without this script.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function go(element) {
    if (!element) { return; }
    element.scrollIntoView({ block: "center" });
    element.focus();
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var others = document.getElementById("thao-tac-khac");
    if (event.key === "n") {
      go(document.querySelector("[data-testid='suggested-action'] button"));
    } else if (event.key === "k" && others) {
      others.open = true;
      go(others.querySelector("summary"));
    } else if (event.key === "g") {
      go(document.getElementById("giay-to"));
    } else if (event.key === "h") {
      go(document.getElementById("qua-trinh"));
    } else {
      return;
    }
    event.preventDefault();
  });
  document.querySelectorAll("[data-choice-search]").forEach(function (list) {
    var id = list.id + "-tim";
    var group = document.createElement("div");
    group.className = "choice-search";
    var label = document.createElement("label");
    label.className = "label";
    label.htmlFor = id;
    label.textContent = list.dataset.choiceSearch;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "input";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id);
    var none = document.createElement("p");
    none.className = "hint choice-search__none";
    none.setAttribute("role", "status");
    group.append(label, input, none);
    list.parentNode.insertBefore(group, list);
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      list.querySelectorAll(".checkbox").forEach(function (row) {
        var match = !wanted || fold(row.textContent).indexOf(wanted) !== -1 || row.querySelector("input").checked;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      none.textContent = shown ? "" : (list.dataset.choiceNone || "");
    });
  });
})();
