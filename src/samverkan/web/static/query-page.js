// The query forms (query page and home page) without reloading the page: the answer's section
// comes from the server (the same HTML the form gives without this script) and is put below
// the form. The queries run are kept in this browser (localStorage), listed on the query page
// to run again, and can be cleared. The named queries are put in the form and run.
// Every text shown comes from the page itself, in its language; values are set as text only.
(function () {
  "use strict";

  var KEY = "samverkan-query-history";
  var MOST = 25;

  function history() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(kept) ? kept.filter(function (e) { return e && typeof e.query === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function keep(entries) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(entries.slice(0, MOST)));
    } catch (error) {
      // Storage full or switched off: the history is only a convenience.
    }
  }

  function remember(query) {
    var others = history().filter(function (entry) { return entry.query !== query; });
    keep([{ query: query, at: new Date().toISOString() }].concat(others));
  }

  // A query's gist for the list: its text without comments and PREFIX lines, on one line.
  function gist(query) {
    var lines = query.split("\n").filter(function (line) {
      var bare = line.trim();
      return bare && bare.charAt(0) !== "#" && !/^(PREFIX|BASE)\s/i.test(bare);
    });
    var text = lines.join(" ").replace(/\s+/g, " ").trim() || query.trim();
    return text.length > 90 ? text.slice(0, 89) + "…" : text;
  }

  function enhance(form) {
    var target = document.getElementById(form.dataset.results);
    var status = form.querySelector("[role=status]");
    var textarea = form.querySelector("textarea[name=query]");
    var format = form.querySelector("select[name=format]");
    if (!target || !textarea) return null;
    form.querySelectorAll(".with-script").forEach(function (hint) { hint.hidden = false; });

    function say(text) {
      if (status) status.textContent = text || "";
    }

    function run() {
      var body = new URLSearchParams();
      body.append("query", textarea.value);
      say(form.dataset.running);
      return fetch(form.dataset.fragment, {
        method: "POST",
        headers: { Accept: "text/html", "Content-Type": "application/x-www-form-urlencoded" },
        body: body,
      })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var parsed = new DOMParser().parseFromString(html, "text/html");
          var section = parsed.querySelector("section.answer");
          if (!section) throw new Error("no answer");
          target.replaceChildren(document.adoptNode(section));
          remember(textarea.value);
          say(form.dataset.ran);
          document.dispatchEvent(new CustomEvent("samverkan:ran"));
        })
        .catch(function () { say(form.dataset.failed); });
    }

    form.addEventListener("submit", function (event) {
      if (format && format.value !== "table") return; // a file: the browser downloads it
      event.preventDefault();
      run();
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    return { form: form, textarea: textarea, run: run };
  }

  function showHistory(section, runner) {
    var list = section.querySelector(".history-list");
    var none = section.querySelector(".history-none");
    var clear = section.querySelector(".history-clear");
    function draw() {
      var entries = history();
      list.replaceChildren();
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = gist(entry.query);
        button.setAttribute("aria-label", section.dataset.rerun + " " + gist(entry.query));
        button.addEventListener("click", function () {
          runner.textarea.value = entry.query;
          runner.form.requestSubmit();
        });
        item.appendChild(button);
        var when = new Date(entry.at);
        if (!isNaN(when.getTime())) {
          var time = document.createElement("time");
          time.dateTime = entry.at;
          time.textContent = when.toLocaleString(document.documentElement.lang || undefined);
          item.appendChild(time);
        }
        list.appendChild(item);
      });
      none.hidden = entries.length > 0;
      clear.hidden = entries.length === 0;
    }
    clear.addEventListener("click", function () {
      keep([]);
      draw();
      runner.textarea.focus();
    });
    document.addEventListener("samverkan:ran", draw);
    section.hidden = false;
    draw();
  }

  // A named query: ask the server for its text with the form's values, put it in, run it.
  function offerExample(form, runner) {
    var problem = form.querySelector(".problem");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var address = new URL(form.dataset.fill, document.baseURI);
      new FormData(form).forEach(function (value, name) {
        if (name !== "name" && name !== "lang" && name !== "run") address.searchParams.append(name, value);
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
          runner.textarea.value = answer.query;
          runner.form.scrollIntoView({ block: "start" });
          runner.form.requestSubmit();
        })
        .catch(function (error) {
          problem.textContent = error.message;
          problem.hidden = false;
        });
    });
  }

  var runners = Array.prototype.map.call(document.querySelectorAll("form[data-results]"), enhance);
  var main = document.getElementById("query-form") && runners[0];
  if (!main) return;
  var section = document.getElementById("query-history");
  if (section) showHistory(section, main);
  document.querySelectorAll("form[data-fill]").forEach(function (form) { offerExample(form, main); });
})();
