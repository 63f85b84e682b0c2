/* cxmaps: the owner filter of the scorecard (scorecard/).
   Progressive enhancement: the page lists every standard; this script only shows the
   (hidden) form and hides the rows of other owners. A link to scorecard/?owner=<slug>
   (an owner's page has one) opens it filtered. Runs again after Material's instant
   navigation, and does nothing on pages without the form. */
(function () {
  "use strict";

  function setHidden(element, hidden) {
    if (hidden) { element.setAttribute("hidden", ""); } else { element.removeAttribute("hidden"); }
  }

  function apply(form) {
    var select = form.querySelector("select[data-filter='owner']");
    var wanted = select ? select.value : "";
    var shown = 0;
    document.querySelectorAll(".cx-scorecard tbody tr[data-owner]").forEach(function (row) {
      var ok = !wanted || row.getAttribute("data-owner") === wanted;
      setHidden(row, !ok);
      if (ok) { shown += 1; }
    });
    document.querySelectorAll(".cx-scorecard-frame").forEach(function (frame) {
      setHidden(frame, !frame.querySelector("tbody tr:not([hidden])"));
    });
    var count = form.querySelector(".cx-filter-count");
    if (count) {
      var template = count.getAttribute(shown === 1 ? "data-one" : "data-many") || "{n}";
      count.textContent = template.replace("{n}", String(shown));
    }
  }

  function setup() {
    var form = document.querySelector("form.cx-scorecard-filter");
    if (!form || form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "true");
    form.removeAttribute("hidden");
    var select = form.querySelector("select[data-filter='owner']");
    var asked = (new URLSearchParams(window.location.search).get("owner") || "").replace(/[^a-z0-9-]/g, "");
    if (select && asked && select.querySelector("option[value='" + asked + "']")) {
      select.value = asked;
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () { apply(form); });
    apply(form);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
