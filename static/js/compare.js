/*
 * The comparison picker (/compare/), enhanced. Without JavaScript the picker is a plain GET
 * form: pick a disclosure in the <select>, press 添加, and the page reloads with one more
 * ?d= in the URL. With JavaScript:
 *   - a search box above the <select> narrows its options as one types (Chinese names are
 *     matched by substring, like the search page), and Enter adds the only/first match;
 *   - choosing an option adds it at once (the form is submitted on change).
 * The selection still lives only in the URL, so every state can be shared.
 */
(function () {
  "use strict";

  function optionText(option) {
    return (option.textContent || "").replace(/\s+/g, " ").trim();
  }

  function enhance(form) {
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

    var wrapper = document.createElement("div");
    wrapper.className = "picker-filter";
    var label = document.createElement("label");
    label.setAttribute("for", "picker-filter");
    label.textContent = "查找文件";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "picker-filter";
    input.placeholder = "输入单位名称或年度，如“商务局”";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("span");
    status.className = "picker-status muted";
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    form.insertBefore(wrapper, form.firstChild);

    function matches() {
      return options.filter(function (option) {
        return !option.hidden;
      });
    }

    function applyFilter() {
      var terms = input.value.toLowerCase().split(/[\s\u3000]+/).filter(Boolean);
      options.forEach(function (option) {
        var text = optionText(option).toLowerCase();
        option.hidden = !terms.every(function (term) {
          return text.indexOf(term) !== -1;
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
      status.textContent = terms.length ? "找到 " + found.length + " 份" : "";
      if (found.length === 1) {
        select.value = found[0].value;
      } else if (select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = "";
      }
    }

    input.addEventListener("input", applyFilter);
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault();
      var found = matches();
      if (found.length) {
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
    var form = document.getElementById("compare-picker");
    if (form) {
      enhance(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
