// A bar chart plugin for YASR (the results half of YASGUI), drawn as plain SVG.
// Offered when every row of a SELECT answer has a number (an xsd numeric literal, not
// negative) in one column and a name in another: a literal, else an IRI (shown as a
// prefixed name where the query declares the prefix). One horizontal bar per row, in the
// answer's order. Needs nothing but the browser; defines window.SamverkanBarChart.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = [
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte",
  ].map(function (name) { return XSD + name; });
  var MAX_BARS = 60;
  var ROW = 24, GAP = 6, LABEL_WIDTH = 300, BAR_WIDTH = 460, VALUE_WIDTH = 70, LABEL_CHARS = 42;

  function number(term) {
    if (!term || (term.type !== "literal" && term.type !== "typed-literal")) return null;
    if (NUMERIC.indexOf(term.datatype) < 0) return null;
    var value = Number(term.value);
    return isFinite(value) && value >= 0 ? value : null;
  }

  function nameLike(term) {
    return !!term && (term.type === "uri" || ((term.type === "literal" || term.type === "typed-literal") && number(term) === null));
  }

  // The columns to draw: {label, value} variable names, or null when the answer has none.
  function columns(variables, rows) {
    if (!rows.length) return null;
    var every = function (variable, test) { return rows.every(function (row) { return test(row[variable]); }); };
    var value = variables.find(function (v) { return every(v, function (t) { return number(t) !== null; }); });
    if (!value) return null;
    var names = variables.filter(function (v) { return v !== value && every(v, nameLike); });
    var literal = names.find(function (v) { return rows[0][v].type !== "uri"; });
    var label = literal || names[0];
    return label ? { label: label, value: value } : null;
  }

  function shorten(iri, prefixes) {
    for (var prefix in prefixes) {
      var namespace = prefixes[prefix];
      if (namespace && iri.indexOf(namespace) === 0 && iri.length > namespace.length) {
        return prefix + ":" + iri.slice(namespace.length);
      }
    }
    var cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
    return cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
  }

  function element(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    for (var key in attributes) node.setAttribute(key, String(attributes[key]));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clip(text) {
    return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + "\u2026" : text;
  }

  // An SVG of one bar per item ({label, value, href}).
  function drawBars(items, title) {
    var top = Math.max.apply(null, items.map(function (item) { return item.value; })) || 1;
    var width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
    var height = items.length * (ROW + GAP) + GAP;
    var svg = element("svg", {
      xmlns: SVG, class: "bar-chart", role: "img", viewBox: "0 0 " + width + " " + height,
      width: width, height: height, "aria-label": title,
    });
    items.forEach(function (item, index) {
      var y = GAP + index * (ROW + GAP);
      var length = Math.max(1, Math.round((item.value / top) * BAR_WIDTH));
      var row = element("g", { class: "bar-row" });
      row.appendChild(element("title", {}, item.label + ": " + item.text));
      row.appendChild(element("text", { class: "bar-label", x: LABEL_WIDTH - 8, y: y + ROW / 2, "text-anchor": "end", "dominant-baseline": "central" }, clip(item.label)));
      row.appendChild(element("rect", { class: "bar", x: LABEL_WIDTH, y: y, width: length, height: ROW, rx: 2, "data-label": item.label, "data-value": item.text }));
      row.appendChild(element("text", { class: "bar-value", x: LABEL_WIDTH + length + 6, y: y + ROW / 2, "dominant-baseline": "central" }, item.text));
      svg.appendChild(row);
    });
    return svg;
  }

  function icon() {
    var svg = element("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true" });
    [[1, 2, 10], [1, 7, 14], [1, 12, 6]].forEach(function (bar) {
      svg.appendChild(element("rect", { x: bar[0], y: bar[1], width: bar[2], height: 3, fill: "currentColor" }));
    });
    return svg;
  }

  function BarChart(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = BarChart.texts.label || "Chart";
    this.svg = null;
  }

  BarChart.texts = { label: "Chart", first: "The first {shown} of {count} rows." };

  BarChart.prototype.answer = function () {
    var results = this.yasr.results;
    if (!results || !results.getVariables || !results.getBindings) return null;
    var variables = results.getVariables() || [];
    var rows = results.getBindings() || [];
    var chosen = columns(variables, rows);
    return chosen ? { rows: rows, label: chosen.label, value: chosen.value } : null;
  };

  BarChart.prototype.canHandleResults = function () {
    return this.answer() !== null;
  };

  BarChart.prototype.getIcon = function () {
    return icon();
  };

  BarChart.prototype.draw = function () {
    var answer = this.answer();
    if (!answer) return;
    var prefixes = this.yasr.getPrefixes();
    var items = answer.rows.slice(0, MAX_BARS).map(function (row) {
      var name = row[answer.label];
      return {
        label: name.type === "uri" ? shorten(name.value, prefixes) : name.value,
        value: number(row[answer.value]),
        text: row[answer.value].value,
      };
    });
    var figure = document.createElement("figure");
    figure.className = "samverkan-chart";
    this.svg = drawBars(items, "?" + answer.value + " / ?" + answer.label);
    figure.appendChild(this.svg);
    if (answer.rows.length > MAX_BARS) {
      var note = document.createElement("figcaption");
      note.textContent = BarChart.texts.first
        .replace("{shown}", String(MAX_BARS)).replace("{count}", String(answer.rows.length));
      figure.appendChild(note);
    }
    this.yasr.resultsEl.appendChild(figure);
  };

  BarChart.prototype.download = function () {
    var svg = this.svg;
    if (!svg) return undefined;
    return {
      getData: function () { return new XMLSerializer().serializeToString(svg); },
      contentType: "image/svg+xml",
      title: "SVG",
      filename: "chart.svg",
    };
  };

  BarChart.prototype.destroy = function () {
    this.svg = null;
  };

  window.SamverkanBarChart = BarChart;
})();
