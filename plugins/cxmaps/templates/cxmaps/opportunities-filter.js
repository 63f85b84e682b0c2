/* cxmaps: the filters of the improvement plan (opportunities/ and an initiative's page), issue 27.
   Progressive enhancement: the page lists every opportunity; this script only shows the (hidden) form
   and hides the rows and matrix entries of other owners, initiatives or journeys. A link to
   opportunities/?owner=<slug>&initiative=<slug>&journey=<id> opens it filtered. Runs again after
   Material's instant navigation, and does nothing on pages without the form. */
(function () {
  "use strict";

  var FILTERS = ["owner", "initiative", "journey"];

  function setHidden(element, hidden) {
    if (hidden) { element.setAttribute("hidden", ""); } else { element.removeAttribute("hidden"); }
  }

  function wanted(form) {
    var out = {};
    FILTERS.forEach(function (name) {
      var select = form.querySelector("select[data-filter='" + name + "']");
      out[name] = select ? select.value : "";
    });
    return out;
  }

  function matches(element, values) {
    return FILTERS.every(function (name) {
      return !values[name] || element.getAttribute("data-" + name) === values[name];
    });
  }

  function apply(form) {
    var values = wanted(form);
    var shown = 0;
    document.querySelectorAll("tr[data-plan-item]").forEach(function (row) {
      var ok = matches(row, values);
      setHidden(row, !ok);
      if (ok) { shown += 1; }
    });
    document.querySelectorAll("[data-matrix-item]").forEach(function (item) {
      setHidden(item, !matches(item, values));
    });
    document.querySelectorAll(".cx-plan-group").forEach(function (group) {
      setHidden(group, !group.querySelector("tr[data-plan-item]:not([hidden])"));
    });
    var count = form.querySelector(".cx-filter-count");
    if (count) {
      var template = count.getAttribute(shown === 1 ? "data-one" : "data-many") || "{n}";
      count.textContent = template.replace("{n}", String(shown));
    }
  }

  function setup() {
    var form = document.querySelector("form.cx-plan-filter");
    if (!form || form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "true");
    form.removeAttribute("hidden");
    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      var select = form.querySelector("select[data-filter='" + name + "']");
      var asked = (params.get(name) || "").replace(/[^a-z0-9-]/g, "");
      if (select && asked && select.querySelector("option[value='" + asked + "']")) {
        select.value = asked;
      }
    });
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
