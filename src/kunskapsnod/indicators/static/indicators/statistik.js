// Pickers of the statistics pages, as progressive enhancement: every <fieldset
// data-picker="kommuner"> is a plain list of checkboxes that works without JavaScript;
// here it gets a search box that filters the list as you type and a count of what is
// selected. No inline script (strict CSP), no library.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLocaleLowerCase("sv").replace(/\s+/g, " ").trim();
  }

  // The texts come from the page (data- attributes), in the language it is shown in.
  function countText(fieldset, selected) {
    return selected === 1
      ? fieldset.dataset.oneSelected
      : fieldset.dataset.manySelected.replace("N", String(selected));
  }

  function enhance(fieldset, index) {
    const list = fieldset.querySelector(".picker-options");
    if (!list) {
      return;
    }
    const items = Array.from(list.querySelectorAll("li"));
    const boxes = items.map(function (item) {
      return item.querySelector("input[type=checkbox]");
    });
    const texts = items.map(function (item) {
      return normalise(item.textContent);
    });
    const id = "picker-search-" + index;

    const tools = document.createElement("div");
    tools.className = "picker-tools";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = fieldset.dataset.searchLabel;
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id || (list.id = id + "-lista"));
    const count = document.createElement("p");
    count.className = "picker-count";
    count.setAttribute("aria-live", "polite");
    const none = document.createElement("p");
    none.className = "picker-none";
    none.textContent = fieldset.dataset.none;
    none.hidden = true;
    tools.append(label, input, count);
    list.before(tools);
    list.after(none);

    function updateCount() {
      const selected = boxes.filter(function (box) {
        return box && box.checked;
      }).length;
      count.textContent = countText(fieldset, selected);
    }

    function filter() {
      const query = normalise(input.value);
      let shown = 0;
      items.forEach(function (item, i) {
        // A hidden checkbox keeps its state and is still sent with the form.
        const match = !query || texts[i].includes(query);
        item.hidden = !match;
        shown += match ? 1 : 0;
      });
      none.hidden = shown > 0;
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter in the search box must not submit the form: it moves to the first match.
        event.preventDefault();
        const first = items.find(function (item) {
          return !item.hidden;
        });
        if (first) {
          first.querySelector("input").focus();
        }
      } else if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        filter();
      }
    });
    list.addEventListener("change", updateCount);
    updateCount();
  }

  function ready() {
    document.querySelectorAll("fieldset[data-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
