/* The practice page (issue 18): the "Stampa o salva in PDF" button, shown only where this script
 * runs, opens the browser's print dialog (static/css/print.css lays the card out for paper). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
