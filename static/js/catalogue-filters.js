/* The catalogue's filters (issue 18, the reader's catalogue): on a phone the filters fold into a
 * panel opened by the "Filtri (n)" button, so the results come first; the form is sent as its
 * canonical URL (no empty parameter, no repeated one, as catalogue/canonical.py redirects to);
 * after the filters are applied, focus lands on the results' count heading. Without this file
 * the form still works: the panel stays open and the server redirects to the clean URL. */
(function () {
  "use strict";

  var FOCUS_KEY = "bp-catalogue-focus-results";
  var form = document.querySelector("form[data-catalogue-filters]");
  if (!form) {
    return;
  }

  var toggle = form.querySelector("[data-filters-toggle]");
  var panel = document.getElementById("filters-panel");
  if (toggle && panel) {
    toggle.hidden = false;
    // Bootstrap's collapse hides it below the lg breakpoint; d-lg-block keeps the side column on desktop.
    panel.classList.add("collapse");
  }

  function remember() {
    try {
      window.sessionStorage.setItem(FOCUS_KEY, "1");
    } catch (error) {
      // Storage refused (private mode): the page still loads, focus simply stays at the top.
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    var seen = {};
    new FormData(form).forEach(function (value, name) {
      var text = String(value);
      if (text.trim() === "" || seen[name + "=" + text]) {
        return;
      }
      seen[name + "=" + text] = true;
      params.append(name, text);
    });
    var query = params.toString();
    remember();
    window.location.assign(form.getAttribute("action") + (query ? "?" + query : ""));
  });

  var focusResults = false;
  try {
    focusResults = window.sessionStorage.getItem(FOCUS_KEY) === "1";
    window.sessionStorage.removeItem(FOCUS_KEY);
  } catch (error) {
    focusResults = false;
  }
  var count = document.getElementById("result-count");
  if (focusResults && count) {
    count.focus();
  }
})();
