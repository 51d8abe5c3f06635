// tamngu desk: keyboard review, alternatives, pin highlighting. Everything also works without this file.
(function () {
  "use strict";

  function cards() { return Array.from(document.querySelectorAll("[data-review-card]")); }
  function current() { return document.querySelector("[data-review-card].current") || cards()[0] || null; }

  function select(card) {
    cards().forEach(function (other) { other.classList.remove("current"); });
    if (!card) { return; }
    card.classList.add("current");
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function move(step) {
    var all = cards();
    var index = all.indexOf(current());
    var next = all[Math.min(all.length - 1, Math.max(0, index + step))];
    select(next);
  }

  function nextUndecided(card) {
    var all = cards();
    var start = all.indexOf(card);
    for (var i = start + 1; i < all.length; i++) {
      if (!all[i].hasAttribute("data-decided")) { return all[i]; }
    }
    return card;
  }

  function submit(card, action) {
    var form = card && card.querySelector("form.decide");
    if (!form) { return; }
    var button = form.querySelector('button[value="' + action + '"]');
    if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
  }

  var undoStack = [];

  document.addEventListener("keydown", function (event) {
    if (!document.querySelector("[data-review-card]")) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    var typing = tag === "input" || tag === "textarea" || tag === "select";
    if (typing) {
      if (event.key === "Escape") { event.target.blur(); select(event.target.closest("[data-review-card]")); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var card = current();
    switch (event.key) {
      case "a": submit(card, "accept"); break;
      case "r": submit(card, "reject"); break;
      case "e": {
        var field = card && card.querySelector("input.en");
        if (field) { field.focus(); field.select(); }
        break;
      }
      case "s": case "j": move(1); break;
      case "k": move(-1); break;
      case "u": {
        var last = undoStack.pop();
        var target = last && document.getElementById(last);
        var undo = target && target.querySelector("form.undo");
        if (undo) { select(target); if (undo.requestSubmit) { undo.requestSubmit(); } else { undo.submit(); } }
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest("#entry-panel .close-card");
    if (close) { document.getElementById("entry-panel").innerHTML = ""; return; }
    var later = event.target.closest("button.later");
    if (later) { select(nextUndecided(later.closest("[data-review-card]"))); return; }
    var alt = event.target.closest("button.alt");
    if (alt) {
      var form = alt.closest("form");
      form.querySelector("input.en").value = alt.getAttribute("data-en") || "";
      form.querySelector("input.zh").value = alt.getAttribute("data-zh") || "";
      return;
    }
    var card = event.target.closest("[data-review-card]");
    if (card && !card.classList.contains("current")) { select(card); }
  });

  // after htmx swaps a decided card in: remember it for undo and move on to the next name
  document.addEventListener("htmx:after:swap", function () {
    var decided = document.querySelector("[data-review-card][data-decided]:not([data-seen])");
    if (decided) {
      decided.setAttribute("data-seen", "");
      undoStack.push(decided.id);
      select(nextUndecided(decided));
    } else {
      var refused = document.querySelector("[data-review-card].refused.current");
      if (refused) { select(refused); }
    }
  });

  // a pin highlights its counterpart in the other columns of the segment
  document.addEventListener("mouseover", function (event) {
    var pin = event.target.closest(".seg .pin");
    document.querySelectorAll(".pin.hot").forEach(function (el) { el.classList.remove("hot"); });
    if (!pin) { return; }
    pin.closest(".seg").querySelectorAll('.pin[data-n="' + pin.getAttribute("data-n") + '"]').forEach(function (el) { el.classList.add("hot"); });
  });
})();
