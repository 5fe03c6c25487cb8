// Renders TeX in titles and abstracts ($…$ inline, $$…$$ display) with the vendored KaTeX auto-render.
// Loaded with defer, so the DOM is parsed; no inline script, so a strict Content-Security-Policy can apply.
(function () {
  "use strict";
  if (typeof window.renderMathInElement !== "function") return;
  var options = {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true }
    ],
    throwOnError: false,
    ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code", "option", "input"]
  };
  var roots = document.querySelectorAll("[data-math]");
  for (var i = 0; i < roots.length; i++) window.renderMathInElement(roots[i], options);
})();
