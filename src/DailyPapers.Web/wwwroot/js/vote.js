// Upvote buttons without a page reload. The forms work on their own (POST, then a redirect back); this script
// sends the same form with fetch, asks for JSON, and updates the count, pressed state and label in place.
// Loaded with defer from the layout; no inline script, so the Content-Security-Policy stays script-src 'self'.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  function plural(n) { return n.toLocaleString("en-US") + (n === 1 ? " upvote" : " upvotes"); }
  function compact(n) {
    if (n < 1000) return String(n);
    if (n < 10000) return (Math.floor(n / 100) / 10) + "k";
    if (n < 1000000) return Math.floor(n / 1000) + "k";
    return (Math.floor(n / 100000) / 10) + "M";
  }

  function show(form, state) {
    var button = form.querySelector("button");
    var up = form.querySelector("input[name=up]");
    button.setAttribute("aria-pressed", state.upvoted ? "true" : "false");
    button.setAttribute("aria-label", (state.upvoted ? "Remove upvote (" : "Upvote (") + plural(state.upvotes) + ")");
    button.title = state.upvoted ? "Remove your upvote" : "Upvote";
    form.querySelector(".vote-n").textContent = compact(state.upvotes);
    if (up) up.value = state.upvoted ? "false" : "true";
  }

  // Every place this page shows the paper's upvotes agrees after a vote: each button for it and each
  // [data-upvotes-of] number (the paper page's sidebar).
  function showEverywhere(paper, state) {
    var forms = document.querySelectorAll("form[data-vote]");
    for (var i = 0; i < forms.length; i++) if (forms[i].getAttribute("data-paper") === paper) show(forms[i], state);
    var counts = document.querySelectorAll("[data-upvotes-of]");
    for (var j = 0; j < counts.length; j++) {
      if (counts[j].getAttribute("data-upvotes-of") === paper) counts[j].textContent = state.upvotes.toLocaleString("en-US");
    }
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-vote")) return;
    e.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return; // one request at a time per button
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (r) {
      if (r.status === 401 && r.headers.get("Location")) { window.location.href = r.headers.get("Location"); return null; }
      if (!r.ok) { form.submit(); return null; } // let the server's own page explain (expired form, rate limit)
      return r.json();
    }).then(function (state) {
      if (state) showEverywhere(form.getAttribute("data-paper"), state);
    }).catch(function () {
      form.submit();
    }).then(function () {
      form.removeAttribute("aria-busy");
    });
  });
})();
