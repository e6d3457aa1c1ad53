/*
 * The officer's forms (/candidature/…).
 * - The error summary takes focus when the page opens, so that a screen reader reads it and a
 *   keyboard starts from it; its links move focus to the field they name (an in-page link alone
 *   only scrolls).
 * - "Salva la bozza" tells the server which section the officer was working in, so the page that
 *   comes back confirms the save there (and focus goes to the confirmation), not at the top.
 * - The progress bar is drawn from its ARIA values (inline styles are refused by the CSP).
 * Without JavaScript the summary's links are plain anchors and the confirmation is at the top.
 */
(function () {
  "use strict";

  function focusElement(target) {
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    return document.activeElement === target;
  }

  function initErrorSummary() {
    var summary = document.getElementById("form-errors");
    if (!summary) {
      return false;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var id = link && decodeURIComponent(link.hash.slice(1));
      // A list the partner picker replaced is hidden: its search box stands for it.
      var target = id && (document.getElementById(id + "-cerca") || document.getElementById(id));
      if (target && focusElement(target)) {
        event.preventDefault();
      }
    });
    return true;
  }

  function initSectionTracking() {
    var field = document.querySelector("input[data-current-section]");
    if (!field) {
      return;
    }
    var form = field.form;
    function remember(element) {
      var section = element && element.closest && element.closest("section.form-section");
      if (section) {
        field.value = section.id;
      }
    }
    form.addEventListener("focusin", function (event) { remember(event.target); });
    form.addEventListener("submit", function (event) {
      // A click on the buttons at the bottom leaves the last section worked in.
      if (!field.value) {
        remember(event.submitter);
      }
    });
  }

  function initProgress() {
    document.querySelectorAll(".progress-bar[aria-valuemax]").forEach(function (bar) {
      var max = Number(bar.getAttribute("aria-valuemax"));
      var now = Number(bar.getAttribute("aria-valuenow"));
      bar.style.width = (max > 0 ? Math.round((100 * now) / max) : 0) + "%";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initProgress();
    initSectionTracking();
    if (!initErrorSummary()) {
      var saved = document.getElementById("bozza-salvata");
      if (saved) {
        focusElement(saved);
      }
    }
  });
})();
