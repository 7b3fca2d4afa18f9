/*
 * Draws every Plotly figure of a page. Shared by all portal pages:
 *
 *   {{ figure|json_script:"fig-functional" }}
 *   <div class="chart" data-figure="fig-functional"></div>
 *
 * The figure JSON is built server-side (budgets/charts/) and escaped by json_script, so
 * names read from uploaded documents cannot inject markup. Needs
 * static/vendor/plotly-portal.min.js loaded first (no CDN). Tables beside the charts carry the
 * same numbers without JavaScript.
 */
(function () {
  "use strict";

  // No toolbar: it covered the bars it floats over and offered zooming that bar charts and
  // a sunburst do not need; the tables beside the charts are the data to copy.
  var CONFIG = {
    responsive: true,
    displayModeBar: false,
    locale: "zh-CN",
  };

  function readFigure(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function draw(element) {
    var figure = readFigure(element);
    if (!figure || !window.Plotly) {
      element.classList.add("chart-failed");
      return;
    }
    element.classList.add("chart-drawn");
    // A figure with its own height keeps it: with `responsive`, Plotly would otherwise size
    // the plot from the container, which grows with the window (e.g. full-page screenshots).
    // data-figure-fit="square" (a sunburst) shrinks the height to the width on phones.
    if (figure.layout && figure.layout.height) {
      var height = figure.layout.height;
      if (element.getAttribute("data-figure-fit") === "square" && element.clientWidth) {
        height = Math.min(height, Math.max(element.clientWidth, 240));
        figure.layout.height = height;
      }
      element.style.height = height + "px";
    }
    window.Plotly.newPlot(element, figure.data || [], figure.layout || {}, CONFIG).then(
      function () {
        element.dispatchEvent(new CustomEvent("figure:drawn", { bubbles: true }));
      }
    );
  }

  function drawAll() {
    var elements = document.querySelectorAll("[data-figure]");
    for (var i = 0; i < elements.length; i += 1) {
      draw(elements[i]);
    }
  }

  window.PortalCharts = { draw: draw, drawAll: drawAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
