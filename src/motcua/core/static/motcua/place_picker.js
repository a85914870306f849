// "Nơi giải quyết": a search box above each long select marked data-searchable. The select stays
// the form's field (it works without this script); typing hides the options that do not match,
// accents and letter case ignored, and picks the only match left.
// A region marked data-competent-url names the competent agency of the place chosen: on each
// change of its select (data-competent-for) the script asks the portal and puts the answer there;
// without the script the form names it after "Tiếp tục" or a reload.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var id = select.id + "-tim";
    var group = document.createElement("div");
    group.className = "place-search";
    var label = document.createElement("label");
    label.className = "label place-search__label";
    label.htmlFor = id;
    label.textContent = select.dataset.searchLabel || "";
    var hint = document.createElement("span");
    hint.className = "hint";
    hint.id = id + "-hint";
    hint.textContent = select.dataset.searchHint || "";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "input place-search__input";
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", hint.id);
    input.setAttribute("aria-controls", select.id);
    var none = document.createElement("p");
    none.className = "hint place-search__none";
    none.setAttribute("role", "status");
    group.append(label, hint, input, none);
    select.parentNode.insertBefore(group, select);
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = [];
      select.querySelectorAll("option").forEach(function (option) {
        var match = !option.value || !wanted || fold(option.textContent).indexOf(wanted) !== -1 ||
          fold((option.parentNode.label || "")).indexOf(wanted) !== -1;
        option.hidden = !match;
        if (match && option.value) { shown.push(option); }
      });
      select.querySelectorAll("optgroup").forEach(function (optgroup) {
        optgroup.hidden = !Array.prototype.some.call(optgroup.children, function (o) { return !o.hidden; });
      });
      none.textContent = wanted && !shown.length ? (select.dataset.searchNone || "") : "";
      if (shown.length === 1 && select.value !== shown[0].value) {
        select.value = shown[0].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });
  document.querySelectorAll("[data-competent-url]").forEach(function (region) {
    var select = document.getElementById(region.dataset.competentFor);
    if (!select) { return; }
    var asked = 0;
    select.addEventListener("change", function () {
      var mine = ++asked;
      if (!select.value) { region.innerHTML = ""; return; }
      var url = region.dataset.competentUrl + "?noi=" + encodeURIComponent(select.value);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          // Only the answer to the latest choice is shown (a slow one may arrive after it).
          if (answer && mine === asked) { region.innerHTML = answer.html; }
        })
        .catch(function () { /* the notice stays as it was; the form still works */ });
    });
  });
})();
