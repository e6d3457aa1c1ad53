/*
 * The officer's forms (/candidature/…): the error summary takes focus when the page opens, so
 * that a screen reader reads it and a keyboard starts from it; its links move focus to the field
 * they name (an in-page link alone only scrolls). Without JavaScript the summary and its links
 * still work as plain anchors.
 */
(function () {
  "use strict";

  function focusTarget(id) {
    var target = document.getElementById(id);
    if (!target) {
      return false;
    }
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    return document.activeElement === target;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("form-errors");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (link && focusTarget(decodeURIComponent(link.hash.slice(1)))) {
        event.preventDefault();
      }
    });
  });
})();
