/* cxmaps: the journey canvas at real size (issue 23). Progressive enhancement: without it the
   canvas scrolls sideways in its box and the strip of phases is plain links to each phase's first
   column. With it:
   - a copy of the phase and step rows (aria-hidden: the real ones stay in the table for screen
     readers) sticks under Material's header while any lane of the canvas is on screen, scrolled
     sideways with the box;
   - the strip scrolls the canvas sideways to a phase without moving the page, marks the phase in
     view (aria-current) and says which steps are shown ("Steps 1–8 of 30");
   - a shadow on the box's right edge says that more steps lie that way.
   Runs again after Material's instant navigation; does nothing on pages without a canvas. */
(function () {
  "use strict";

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  function setup(frame) {
    if (frame.getAttribute("data-ready")) { return; }
    var box = frame.querySelector(".cx-canvas-scroll");
    var canvas = box && box.querySelector(".cx-canvas");
    var head = canvas && canvas.querySelector(".cx-head");
    if (!head) { return; }
    frame.setAttribute("data-ready", "true");
    var columns = Array.prototype.slice.call(head.querySelectorAll(".cx-row-steps .cx-step-head"));
    var strip = frame.querySelector(".cx-strip");
    var links = strip ? Array.prototype.slice.call(strip.querySelectorAll("a[data-first]")) : [];
    var cue = strip && strip.querySelector(".cx-strip-cue");

    // The stuck copy of the head rows: same grid, same columns, no ids, out of the tab order.
    var stick = document.createElement("div");
    stick.className = "cx-stick";
    stick.setAttribute("aria-hidden", "true");
    var view = document.createElement("div");
    view.className = "cx-stick-view";
    var copy = canvas.cloneNode(false);
    ["role", "aria-label", "id"].forEach(function (name) { copy.removeAttribute(name); });
    var rows = head.cloneNode(true);
    rows.removeAttribute("id");
    rows.removeAttribute("role");
    rows.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    rows.querySelectorAll("[role]").forEach(function (el) { el.removeAttribute("role"); });
    rows.querySelectorAll("a").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
    copy.appendChild(rows);
    view.appendChild(copy);
    stick.appendChild(view);
    frame.insertBefore(stick, box);

    function laneWidth() {
      var name = head.querySelector(".cx-lane-name");
      return name ? name.getBoundingClientRect().width : 0;
    }

    function update() {
      var top = headerBottom();
      stick.style.top = top + "px";
      view.style.width = box.clientWidth + "px";
      copy.style.width = canvas.offsetWidth + "px";
      view.scrollLeft = box.scrollLeft;
      var b = box.getBoundingClientRect(), h = head.getBoundingClientRect();
      stick.classList.toggle("cx-stick-on", h.top < top && b.bottom > top + 2 * h.height);
      frame.classList.toggle("cx-more-right", box.scrollLeft + box.clientWidth < box.scrollWidth - 2);
      if (!columns.length) { return; }
      var left = b.left + laneWidth(), right = b.left + box.clientWidth, first = -1, last = -1;
      columns.forEach(function (column, i) {
        var r = column.getBoundingClientRect(), middle = (r.left + r.right) / 2;
        if (middle > left && middle < right) { if (first < 0) { first = i; } last = i; }
      });
      if (first < 0) { return; }
      if (cue && strip.getAttribute("data-shown")) {
        cue.textContent = strip.getAttribute("data-shown").replace("{first}", String(first + 1))
          .replace("{last}", String(last + 1)).replace("{n}", String(columns.length));
      }
      links.forEach(function (link) {
        var shown = Number(link.getAttribute("data-first")) <= first && first <= Number(link.getAttribute("data-last"));
        if (shown) { link.setAttribute("aria-current", "location"); } else { link.removeAttribute("aria-current"); }
      });
    }

    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        var column = columns[Number(link.getAttribute("data-first"))];
        if (!column) { return; }
        event.preventDefault();
        var target = column.offsetLeft - laneWidth();
        var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        box.scrollTo({ left: Math.max(0, target), behavior: smooth ? "smooth" : "auto" });
        var b = box.getBoundingClientRect();
        if (b.top > window.innerHeight || b.bottom < headerBottom()) { frame.scrollIntoView({ block: "start" }); }
      });
    });

    var pending = false;
    function schedule() {
      if (!frame.isConnected) {  // Material's instant navigation replaced the page
        window.removeEventListener("scroll", schedule);
        window.removeEventListener("resize", schedule);
        return;
      }
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; update(); });
    }
    box.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    update();
  }

  // The map for slides as a PNG: the published SVG drawn into a canvas, twice its size, in the reader's
  // browser (no picture per journey to draw at build time). Without scripts the link stays hidden.
  function png(link) {
    if (link.dataset.cxReady) { return; }
    link.dataset.cxReady = "1";
    link.hidden = false;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(link.href).then(function (response) { return response.blob(); }).then(function (svg) {
        var url = URL.createObjectURL(svg);
        var image = new Image();
        image.onload = function () {
          var canvas = document.createElement("canvas");
          canvas.width = image.naturalWidth * 2;
          canvas.height = image.naturalHeight * 2;
          var context = canvas.getContext("2d");
          context.fillStyle = "#ffffff";
          context.fillRect(0, 0, canvas.width, canvas.height);
          context.drawImage(image, 0, 0, canvas.width, canvas.height);
          URL.revokeObjectURL(url);
          canvas.toBlob(function (picture) {
            var save = document.createElement("a");
            save.href = URL.createObjectURL(picture);
            save.download = link.getAttribute("download") || "map.png";
            document.body.appendChild(save);
            save.click();
            save.remove();
            setTimeout(function () { URL.revokeObjectURL(save.href); }, 1000);
          }, "image/png");
        };
        image.src = url;
      });
    });
  }

  function init() {
    document.querySelectorAll(".cx-canvas-frame").forEach(setup);
    document.querySelectorAll("a[data-cx-png]").forEach(png);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
