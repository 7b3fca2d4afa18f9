/*
 * Areas that scroll sideways (a wide table on a phone, the source text) must be reachable by
 * keyboard to be scrolled: every .table-container and .source-text whose content is wider
 * than the area becomes focusable (tabindex=0), named after its table's caption, and stops
 * being a tab stop when the window grows wide enough to show it whole. Shared by all pages.
 */
(function () {
  "use strict";

  var SELECTOR = ".table-container, .source-text";

  function label(area) {
    var caption = area.querySelector("caption");
    var name = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return (name || "表格") + "（可横向滚动）";
  }

  function update() {
    var areas = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < areas.length; i += 1) {
      var area = areas[i];
      var scrolls = area.scrollWidth > area.clientWidth + 1;
      if (scrolls && !area.hasAttribute("tabindex")) {
        area.setAttribute("tabindex", "0");
        area.setAttribute("data-scroll-region", "");
        if (!area.hasAttribute("aria-label")) {
          area.setAttribute("role", "group");
          area.setAttribute("aria-label", label(area));
        }
      } else if (!scrolls && area.hasAttribute("data-scroll-region")) {
        area.removeAttribute("tabindex");
        area.removeAttribute("data-scroll-region");
      }
    }
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
