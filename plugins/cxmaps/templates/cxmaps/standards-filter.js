/* cxmaps: filters of the standards catalogue (standards/), by journey, owner and impact.
   Progressive enhancement: the page lists every standard; this script only shows the
   (hidden) form and hides what does not match. Runs again after Material's instant
   navigation, and does nothing on pages without the form. */
(function () {
  "use strict";

  function matches(element, wanted) {
    return Object.keys(wanted).every(function (key) {
      return !wanted[key] || element.getAttribute("data-" + key) === wanted[key];
    });
  }

  function setHidden(element, hidden) {
    if (hidden) { element.setAttribute("hidden", ""); } else { element.removeAttribute("hidden"); }
  }

  function apply(form) {
    var wanted = {};
    form.querySelectorAll("select[data-filter]").forEach(function (select) {
      wanted[select.getAttribute("data-filter")] = select.value;
    });
    var byStandard = wanted.owner || wanted.impact;
    var shown = 0;
    document.querySelectorAll(".cx-catalogue-step").forEach(function (step) {
      var visible = 0;
      step.querySelectorAll(".cx-catalogue-standard").forEach(function (card) {
        var ok = matches(card, wanted);
        setHidden(card, !ok);
        if (ok) { visible += 1; }
      });
      shown += visible;
      /* A promise without standards matches a journey filter, never an owner or impact one. */
      var keep = visible > 0 || (!byStandard && matches(step, { journey: wanted.journey }));
      setHidden(step, !keep);
    });
    document.querySelectorAll(".cx-catalogue-journey").forEach(function (section) {
      var empty = !section.querySelector(".cx-catalogue-step:not([hidden])");
      setHidden(section, empty);
      var heading = section.previousElementSibling;
      if (heading && /^H[1-6]$/.test(heading.tagName)) { setHidden(heading, empty); }
    });
    var count = form.querySelector(".cx-filter-count");
    if (count) {
      var template = count.getAttribute(shown === 1 ? "data-one" : "data-many") || "{n}";
      count.textContent = template.replace("{n}", String(shown));
    }
  }

  function setup() {
    var form = document.querySelector("form.cx-filter");
    if (!form || form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "true");
    form.removeAttribute("hidden");
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
