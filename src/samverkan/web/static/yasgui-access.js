// Accessibility repairs of the vendored YASGUI, applied whenever it changes its DOM: names
// for its unlabelled inputs (the editor's text area, the endpoint box, a tab's rename box),
// a keyboard stop for its scrolling editor (CodeMirror gives it tabindex -1), and its "add tab" button moved out of the tab
// list (a tablist may hold only tabs). The names come from the page, in its language
// (data-* attributes of #yasgui).
(function () {
  "use strict";
  var mount = document.getElementById("yasgui");
  if (!mount || !window.MutationObserver) return;
  var names = {
    editor: mount.dataset.nameEditor || "SPARQL",
    endpoint: mount.dataset.nameEndpoint || "SPARQL endpoint",
    tab: mount.dataset.nameTab || "Tab name"
  };

  function label(selector, name) {
    mount.querySelectorAll(selector).forEach(function (element) {
      if (!element.getAttribute("aria-label")) element.setAttribute("aria-label", name);
    });
  }

  function repair() {
    label(".CodeMirror textarea", names.editor);
    label("input.autocomplete", names.endpoint);
    label(".tabsList input", names.tab);
    mount.querySelectorAll(".CodeMirror-scroll").forEach(function (region) {
      if (region.getAttribute("tabindex") !== "0") {
        region.setAttribute("tabindex", "0");
        region.setAttribute("aria-label", names.editor);
      }
    });
    mount.querySelectorAll(".tabsList").forEach(function (list) {
      var add = list.querySelector("button.addTab");
      var holder = add && add.closest(".tabsList > *");
      if (holder && holder.parentNode === list) list.insertAdjacentElement("afterend", holder);
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(); });
  }).observe(mount, { childList: true, subtree: true });
  repair();
})();
