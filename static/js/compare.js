/*
 * The comparison picker (/compare/), enhanced. Without JavaScript the picker is two plain GET
 * forms: 查找文件 narrows the list by name, region and year (the server lists at most a few
 * hundred disclosures), and 添加 adds the one chosen in the <select>, so the page reloads with
 * one more ?d= in the URL. With JavaScript:
 *   - typing in the name box narrows the listed options at once (Chinese names are matched by
 *     substring, like the search page); Enter adds the first match, or, when the list holds
 *     none, submits the name to the server as before, which searches every disclosure;
 *   - choosing an option adds it at once (the form is submitted on change).
 * The selection still lives only in the URL, so every state can be shared.
 */
(function () {
  "use strict";

  function optionText(option) {
    return (option.textContent || "").replace(/\s+/g, " ").trim();
  }

  function enhance(input, form) {
    var select = form.querySelector("select[name='d']");
    if (!select) {
      return;
    }
    var options = Array.prototype.slice.call(select.querySelectorAll("option")).filter(
      function (option) {
        return option.value !== "";
      }
    );
    var groups = Array.prototype.slice.call(select.querySelectorAll("optgroup"));

    var status = document.createElement("span");
    status.className = "picker-status muted";
    status.setAttribute("aria-live", "polite");
    input.parentNode.appendChild(status);
    input.setAttribute("aria-controls", select.id);

    function terms() {
      return input.value.toLowerCase().split(/[\s\u3000]+/).filter(Boolean);
    }

    function matches() {
      return options.filter(function (option) {
        return !option.hidden;
      });
    }

    function applyFilter() {
      var words = terms();
      options.forEach(function (option) {
        var text = optionText(option).toLowerCase();
        option.hidden = !words.every(function (word) {
          return text.indexOf(word) !== -1;
        });
        option.disabled = option.hidden;
      });
      groups.forEach(function (group) {
        var visible = Array.prototype.some.call(group.children, function (option) {
          return !option.hidden;
        });
        group.hidden = !visible;
      });
      var found = matches();
      if (!words.length) {
        status.textContent = "";
      } else if (found.length) {
        status.textContent = "列表中找到 " + found.length + " 份，按回车添加第一份";
      } else {
        status.textContent = "列表中没有匹配的文件，按回车在全部文件中查找";
      }
      if (found.length === 1) {
        select.value = found[0].value;
      } else if (select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = "";
      }
    }

    input.addEventListener("input", applyFilter);
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !terms().length) {
        return; // an empty box: Enter submits the 查找 form as it does without JavaScript
      }
      var found = matches();
      if (found.length) {
        event.preventDefault();
        select.value = found[0].value;
        form.submit();
      }
    });
    select.addEventListener("change", function () {
      if (select.value) {
        form.submit();
      }
    });
  }

  function init() {
    var input = document.getElementById("picker-filter");
    var form = document.getElementById("compare-picker");
    if (input && form) {
      enhance(input, form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
