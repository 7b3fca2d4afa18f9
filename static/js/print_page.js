// The printable 检查表: a button that opens the browser's print dialog.
// (A script file, not an inline handler: the pages are served under a Content-Security-Policy.)
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
