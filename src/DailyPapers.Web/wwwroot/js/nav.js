// The header's disclosure menus (main navigation on narrow screens, the account menu) are <details> elements, so
// they open and close without JavaScript. This adds what people expect of a menu: Escape closes it and puts focus
// back on its button, and a click or focus elsewhere closes it. No inline script (CSP script-src 'self').
(function () {
  "use strict";
  var selector = ".site-header details[open]";

  function closeAll(except) {
    var open = document.querySelectorAll(selector);
    for (var i = 0; i < open.length; i++) if (open[i] !== except) open[i].removeAttribute("open");
  }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var menu = e.target instanceof Element ? e.target.closest(selector) : null;
    if (!menu) return;
    menu.removeAttribute("open");
    var summary = menu.querySelector("summary");
    if (summary) summary.focus();
  });

  document.addEventListener("click", function (e) {
    closeAll(e.target instanceof Element ? e.target.closest(selector) : null);
  });

  document.addEventListener("focusin", function (e) {
    closeAll(e.target instanceof Element ? e.target.closest(selector) : null);
  });
})();
