// Search niceties; every form works without this script.
// - "/" focuses the header search box (as on GitHub and HF), unless the reader is typing somewhere.
// - Empty filter fields are left out of the URL, so a filtered search reads /papers?q=x&category=cs.CL.
// - On narrow screens the filter panel starts folded when no filter is on, so results come first.
(function () {
  "use strict";
  var box = document.getElementById("site-q");
  document.addEventListener("keydown", function (e) {
    if (!box || e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    box.focus();
    box.select();
  });
  var forms = document.querySelectorAll("form.filter-form");
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", function (e) {
      var fields = e.currentTarget.querySelectorAll("input, select");
      for (var j = 0; j < fields.length; j++) {
        if (fields[j].name && fields[j].name !== "q" && fields[j].value === "") fields[j].disabled = true;
      }
    });
  }
  // Coming back with the Back button restores the page as it was left: with those fields still disabled.
  window.addEventListener("pageshow", function () {
    var off = document.querySelectorAll("form.filter-form [disabled]");
    for (var k = 0; k < off.length; k++) off[k].disabled = false;
  });
  var panel = document.querySelector('details.filters[data-collapse-narrow="true"]');
  if (panel && window.matchMedia("(max-width: 959px)").matches) panel.open = false;
})();
