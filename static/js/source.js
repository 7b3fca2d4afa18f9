/*
 * Source text viewer: highlights a range of lines given in the fragment, #L12-L20 (or
 * #L12-20), and scrolls to it. A single line (#L12) is highlighted by CSS :target alone, and
 * ?lines=12-20 by the server, so the page works without this script.
 * Shift-click on a line number extends the highlight from the current line to it.
 */
(function () {
  "use strict";

  var RANGE = /^#L(\d+)(?:-L?(\d+))?$/;
  var current = null;

  function parse(hash) {
    var match = RANGE.exec(hash || "");
    if (!match) {
      return null;
    }
    var start = parseInt(match[1], 10);
    var end = match[2] ? parseInt(match[2], 10) : start;
    return start <= end ? { start: start, end: end } : { start: end, end: start };
  }

  function clear() {
    var marked = document.querySelectorAll(".line.js-hl");
    for (var i = 0; i < marked.length; i += 1) {
      marked[i].classList.remove("js-hl");
    }
  }

  function highlight(range) {
    clear();
    if (!range) {
      return;
    }
    for (var n = range.start; n <= range.end; n += 1) {
      var line = document.getElementById("L" + n);
      if (line) {
        line.classList.add("js-hl");
      }
    }
    var first = document.getElementById("L" + range.start);
    if (first) {
      first.scrollIntoView({ block: "center" });
    }
    current = range;
  }

  function onHashChange() {
    highlight(parse(window.location.hash));
  }

  function onClick(event) {
    var link = event.target.closest ? event.target.closest("a.ln") : null;
    if (!link || !event.shiftKey || !current) {
      return;
    }
    event.preventDefault();
    var target = parse(link.getAttribute("href"));
    var start = Math.min(current.start, target.start);
    var end = Math.max(current.end, target.end);
    window.location.hash = "#L" + start + "-L" + end;
  }

  window.addEventListener("hashchange", onHashChange);
  document.addEventListener("click", onClick);
  if (window.location.hash) {
    onHashChange();
  } else {
    var first = document.querySelector(".line.hl");
    if (first) {
      first.scrollIntoView({ block: "center" });
      current = parse("#" + first.id);
    }
  }
  // On a narrow screen the cited PDF page is drawn just before the highlighted line: bring
  // the page into view, with the line below it. After "load", since the browser scrolls to
  // the #L fragment itself once the page has loaded.
  function showNearPage() {
    var near = document.getElementById("source-page-near");
    if (near && near.offsetParent !== null) {
      near.scrollIntoView({ block: "start" });
    }
  }
  if (document.getElementById("source-page-near")) {
    if (document.readyState === "complete") {
      showNearPage();
    } else {
      window.addEventListener("load", function () {
        window.setTimeout(showNearPage, 0);
      });
    }
  }
})();
