/*
 * Live state of uploads in /manage/: every element with data-run-status-url polls that small
 * JSON endpoint while its run is queued or parsing, and updates its [data-field] children
 * (status, progress, stage, error) in place. An element marked data-refresh-when-done (the
 * upload's own page) then fetches the page once more and swaps itself for the fresh copy, so
 * the review appears without a reload. Without JavaScript the page refreshes itself
 * (<noscript> meta refresh) and has a reload link.
 */
(function () {
  "use strict";

  var POLL_MS = 1000;
  var RETRY_MS = 3000;

  function setField(root, name, value) {
    root.querySelectorAll('[data-field="' + name + '"]').forEach(function (el) {
      if (el.tagName === "PROGRESS") {
        el.value = value;
      } else {
        el.textContent = value;
      }
      if (name === "error") {
        el.hidden = !value;
      }
    });
  }

  function show(root, data) {
    root.setAttribute("data-status", data.status);
    setField(root, "status_display", data.status_display);
    setField(root, "progress", data.progress);
    setField(root, "progress_text", data.progress + "%");
    setField(root, "stage", data.stage);
    setField(root, "error", data.error);
    root.querySelectorAll('[data-field="status_display"]').forEach(function (el) {
      el.className = "status status-" + data.status;
    });
  }

  function refresh(root) {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-run-panel]");
        if (fresh) {
          root.replaceWith(document.importNode(fresh, true));
        }
      })
      .catch(function () { window.setTimeout(function () { refresh(root); }, RETRY_MS); });
  }

  function poll(root) {
    fetch(root.getAttribute("data-run-status-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        show(root, data);
        if (data.is_active) {
          window.setTimeout(function () { poll(root); }, POLL_MS);
        } else if (root.hasAttribute("data-refresh-when-done")) {
          refresh(root);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(root); }, RETRY_MS); });
  }

  document.querySelectorAll("[data-run-status-url]").forEach(poll);
})();
