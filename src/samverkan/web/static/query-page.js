// The query page: YASGUI over this server's /sparql, and the named queries put into it.
// Without this script (or without YASGUI) the page keeps its plain form, which posts to /sparql.
(function () {
  "use strict";

  var mount = document.getElementById("yasgui");
  var plain = document.getElementById("plain-query");
  if (!mount || !plain || !window.Yasgui) return;

  var Yasgui = window.Yasgui;
  var BarChart = window.SamverkanBarChart;
  var endpoint = new URL(plain.getAttribute("action"), document.baseURI).href;
  var startQuery = document.getElementById("query").value;

  if (BarChart) {
    BarChart.texts = { label: mount.dataset.chart, first: mount.dataset.chartFirst };
    Yasgui.Yasr.registerPlugin("chart", BarChart);
  }

  var yasgui = new Yasgui(mount, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    // Nothing kept in the browser: every visit starts from the page's own query.
    persistenceId: null,
    autofocus: false,
    yasqe: {
      value: startQuery,
      // Only completers that need no other host: prefixes from the bundled list, variables.
      autocompleters: ["prefixes", "variables"],
      persistenceId: null,
      editorHeight: "22rem",
    },
    yasr: {
      persistenceId: null,
      pluginOrder: ["table", "chart", "response"],
      defaultPlugin: "table",
    },
  });
  var tab = yasgui.getTab();
  if (tab.getQuery() !== startQuery) tab.setQuery(startQuery);
  plain.hidden = true;
  document.documentElement.classList.add("has-yasgui");

  document.querySelectorAll("form[data-fill]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fill(form);
    });
  });

  // Put the cursor on the VALUES line the server wrote, below the query's header comment.
  function showValues(editor) {
    var line = editor.getValue().split("\n").findIndex(function (text) {
      return /^\s*VALUES \(/.test(text);
    });
    if (line >= 0) {
      editor.setCursor({ line: line, ch: 0 });
      editor.scrollIntoView({ line: line, ch: 0 }, 120);
    }
    editor.focus();
  }

  // Ask the server for the named query with the form's values written in; show it in the editor.
  function fill(form) {
    var problem = form.querySelector(".problem");
    var address = new URL(form.dataset.fill, document.baseURI);
    new FormData(form).forEach(function (value, name) {
      if (name !== "name" && name !== "lang") address.searchParams.append(name, value);
    });
    fetch(address, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) throw new Error(answer.message || response.statusText);
          return answer;
        });
      })
      .then(function (answer) {
        problem.hidden = true;
        var current = yasgui.getTab();
        current.setQuery(answer.query);
        showValues(current.getYasqe());
        mount.scrollIntoView({ block: "start" });
      })
      .catch(function (error) {
        problem.textContent = error.message;
        problem.hidden = false;
      });
  }
})();
