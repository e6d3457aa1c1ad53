/*
 * The partner rows of the candidacy form: each row's list of every Comune of the call's region
 * and every other body (hundreds of options) becomes a search box in the ARIA combobox pattern.
 * Typing asks the server (the address in the select's data-partner-search) for the matching
 * names; arrows move through the suggestions, Enter chooses, Escape closes. The choice shows as a
 * chip with a button to remove it. The original select stays in the form, hidden, and carries
 * the value: without JavaScript it is the list it always was.
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 200;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function enhance(select) {
    var id = select.id;
    var label = document.querySelector("label[for='" + id + "']");
    var labelText = label ? label.textContent.replace(/\s*\*.*$/, "").trim() : "";
    var picker = element("div", { "class": "partner-picker" });
    var input = element("input", {
      type: "text", id: id + "-cerca", "class": "form-control", role: "combobox", autocomplete: "off",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": id + "-opzioni",
      "aria-describedby": [id + "-istruzioni", select.getAttribute("aria-describedby")].filter(Boolean).join(" ")
    });
    if (select.getAttribute("aria-invalid")) {
      input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
    }
    var words = select.dataset;
    var hint = element("p", { id: id + "-istruzioni", "class": "form-text" }, words.textHint);
    var listbox = element("ul", { id: id + "-opzioni", role: "listbox", "aria-label": labelText });
    listbox.hidden = true;
    var status = element("p", { "class": "visually-hidden", role: "status" });
    var chips = element("ul", { "class": "chips", "aria-label": words.textChosen });
    picker.append(input, hint, listbox, status, chips);
    select.after(picker);
    select.hidden = true;
    if (label) {
      label.setAttribute("for", input.id);
    }

    var timer = null;
    var active = -1;
    var request = 0;

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll("[role='option']"));
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = options();
      if (!all.length) {
        return;
      }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function showChip() {
      chips.textContent = "";
      var chosen = select.options[select.selectedIndex];
      if (!select.value || !chosen) {
        return;
      }
      var chip = element("li", { "class": "chip chip-lg" });
      var remove = element("button", { type: "button", "class": "btn btn-link btn-sm p-0 ms-2" });
      remove.append(element("span", { "aria-hidden": "true" }, "×"),
                    element("span", { "class": "visually-hidden" }, words.textRemove + " " + chosen.text));
      remove.addEventListener("click", function () {
        select.value = "";
        showChip();
        status.textContent = words.textRemoved;
        input.focus();
      });
      chip.append(element("span", { "class": "chip-label" }, chosen.text), remove);
      chips.append(chip);
    }

    function choose(option) {
      select.value = option.dataset.value;
      input.value = "";
      close();
      showChip();
      status.textContent = words.textChosen + ": " + option.textContent;
      input.focus();
    }

    function render(results) {
      listbox.textContent = "";
      results.forEach(function (result, i) {
        var option = element("li", { id: id + "-opzione-" + i, role: "option", "aria-selected": "false" }, result.label);
        option.dataset.value = result.value;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(option); });
        listbox.append(option);
      });
      listbox.hidden = !results.length;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
      status.textContent = words.textResults + " " + results.length;
    }

    function search() {
      var text = input.value.trim();
      if (text.length < MIN_LENGTH) {
        close();
        listbox.textContent = "";
        return;
      }
      var mine = ++request;
      fetch(select.dataset.partnerSearch + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (data) {
        if (mine === request) {
          render(data.results);
        }
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(active + 1);
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && active >= 0 && !listbox.hidden) {
        event.preventDefault();  // choosing is not submitting the form
        choose(all[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
    showChip();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-partner-search]").forEach(enhance);
  });
})();
