(function () {
  "use strict";
  // The annotated note view: a claim marker (or its highlighted span) opens the claim's evidence.
  // Focus (Tab) shows it, Enter or a click opens it and moves focus to it, Escape goes back.
  var empty = document.getElementById("evidence-empty");
  var current = null;
  var restoring = false;  // focus going back to a claim on Escape must not reopen it

  function markers(number) {
    return document.querySelectorAll('a.claim[data-claim="' + number + '"]');
  }

  function evidenceOf(number) {
    return document.querySelector('.evidence[data-claim="' + number + '"]');
  }

  function close() {
    if (current === null) { return; }
    var section = evidenceOf(current);
    if (section) { section.classList.remove("open"); }
    markers(current).forEach(function (m) { m.setAttribute("aria-expanded", "false"); });
    document.querySelectorAll(".span.active").forEach(function (s) { s.classList.remove("active"); });
    empty.hidden = false;
    current = null;
  }

  function open(number, focusEvidence) {
    var section = evidenceOf(number);
    if (!section) { return; }
    if (current !== number) { close(); }
    section.classList.add("open");
    empty.hidden = true;
    markers(number).forEach(function (m) {
      m.setAttribute("aria-expanded", "true");
      var span = m.parentElement.previousElementSibling;  // the words the claim's markers follow
      if (span && span.classList.contains("span")) { span.classList.add("active"); }
    });
    current = number;
    if (history.replaceState) { history.replaceState(null, "", "#" + section.id); }
    if (focusEvidence) { section.focus(); }
  }

  document.addEventListener("click", function (event) {
    var marker = event.target.closest("a.claim, a.goto-claim");
    if (marker) {
      event.preventDefault();
      // detail 0: a click made with the keyboard (Enter): take the reader to the evidence
      open(marker.getAttribute("data-claim"), event.detail === 0 || marker.classList.contains("goto-claim"));
      return;
    }
    var span = event.target.closest(".span");
    if (span && !event.target.closest("a")) {
      open(span.getAttribute("data-claims").split(" ")[0], false);
    }
  });

  document.addEventListener("focusin", function (event) {
    var marker = event.target.closest && event.target.closest("a.claim");
    if (marker && !restoring) { open(marker.getAttribute("data-claim"), false); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || current === null) { return; }
    var back = markers(current)[0];
    close();
    if (history.replaceState) { history.replaceState(null, "", location.pathname + location.search); }
    if (back) {
      restoring = true;
      back.focus();
      restoring = false;
    }
  });

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var section = id && document.getElementById(id);
    if (!section || !section.classList.contains("evidence")) { return; }
    open(section.getAttribute("data-claim"), false);
    var marker = markers(section.getAttribute("data-claim"))[0];
    if (marker) { marker.scrollIntoView({ block: "center" }); }
  }

  document.documentElement.classList.add("js");
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
