// Suggestions under every search box (a form[role=search] sent to /search): as one types,
// the best names from /search/suggest appear below the box as links to the items' pages.
// Arrow down moves from the box into the list, arrows move within it, Escape closes it and
// returns to the box; a polite live region says how many there are. Without JavaScript the
// box is a plain search form.
(function () {
  "use strict";
  var DELAY = 150;
  var counter = 0;

  function attach(input) {
    counter += 1;
    var form = input.form;
    var list = document.createElement("ul");
    list.id = "search-suggestions-" + counter;
    list.className = "suggestions";
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    form.appendChild(list);
    form.appendChild(status);
    var timer = null;
    var asked = "";

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !list.hidden && list.firstChild) {
        event.preventDefault();
        list.firstChild.firstChild.focus();
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("keydown", function (event) {
      var item = event.target.parentNode;
      if (event.key === "ArrowDown" && item.nextSibling) {
        event.preventDefault();
        item.nextSibling.firstChild.focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (item.previousSibling ? item.previousSibling.firstChild : input).focus();
      } else if (event.key === "Escape") {
        close();
        input.focus();
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) { close(); }
    });

    function close() { list.hidden = true; }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2) { fill([]); asked = ""; return; }
      if (text === asked) { list.hidden = !list.firstChild; return; }
      asked = text;
      var lang = document.documentElement.getAttribute("lang") || "";
      var url = "/search/suggest?q=" + encodeURIComponent(text) +
        (lang ? "&lang=" + encodeURIComponent(lang) : "");
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (answer) { return answer.ok ? answer.json() : { suggestions: [] }; })
        .then(function (body) {
          if (input.value.trim() === text) { fill(body.suggestions || [], body.status); }
        })
        .catch(function () { fill([]); });
    }

    function fill(suggestions, said) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      suggestions.forEach(function (found) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = found.href || found.iri;
        link.textContent = found.label;
        if (found.kind) {
          var kind = document.createElement("span");
          kind.className = "kind";
          kind.textContent = " " + found.kind;
          link.appendChild(kind);
        }
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = suggestions.length === 0;
      status.textContent = said || "";
    }
  }

  document.querySelectorAll('form[role="search"][action="/search"] input[name="q"]').forEach(attach);
})();
