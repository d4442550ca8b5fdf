// kg view: draws the embedded view data with vis-network. Article text is only ever put into the page
// with textContent (never parsed as markup), so names and sentences show as text whatever they contain.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  window.kgStabilized = false;
  window.kgNodeLabels = data.nodes.map(function (n) { return n.label; });

  var TOOLTIP_EVIDENCE = 2;
  var SVG = "http://www.w3.org/2000/svg";  // a namespace name, not a resource: nothing is fetched

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function dl(pairs) {
    var d = el("dl");
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === "") return;
      d.appendChild(el("dt", null, p[0]));
      var dd = el("dd");
      if (p[1] instanceof Element) dd.appendChild(p[1]); else dd.textContent = String(p[1]);
      d.appendChild(dd);
    });
    return d;
  }

  function statusTag(status) {
    var s = status || "stated";
    return el("span", "kg-status-tag" + (status === "withdrawn" || status === "denied" ? " void" : ""), s);
  }

  function usd(x) {
    if (x === null || x === undefined) return null;
    return "$" + Math.round(x).toLocaleString("en-US");
  }

  function nodeCard(n, full) {
    var k = n.kg, card = el("div", "kg-card");
    card.appendChild(el("h3", null, k.name));
    card.appendChild(dl([
      ["type", k.type_label],
      ["aliases", k.aliases.length ? k.aliases.join("; ") : "none"],
      ["relations", degree[n.id] || 0],
      full ? ["id", k.id] : ["", null],
    ]));
    return card;
  }

  function evidenceBox(ev) {
    var box = el("div", "kg-ev");
    box.appendChild(el("q", null, ev.sentence));
    var src = [ev.path || ev.article, ev.title ? "\u201C" + ev.title + "\u201D" : null, ev.path ? "article " + ev.article : null];
    if (ev.status) src.push(ev.status);
    if (ev.amount) src.push(ev.amount);
    if (ev.date) src.push(ev.date);
    src.push(ev.source ? "per " + ev.source : "the article's own voice");
    box.appendChild(el("div", "kg-src", src.filter(Boolean).join(" \u00B7 ")));
    return box;
  }

  function edgeCard(e, full) {
    var k = e.kg, card = el("div", "kg-card");
    card.appendChild(el("h3", null, k.source_name + " \u2192 " + k.label + " \u2192 " + k.target_name));
    card.appendChild(dl([
      ["amount", k.amount ? (k.amount_usd !== null && k.amount !== usd(k.amount_usd) ? k.amount + " (" + usd(k.amount_usd) + ")" : k.amount) : null],
      ["status", statusTag(k.status)],
      ["relation", k.type],
      ["confidence", k.confidence],
      ["range", k.summary && k.summary.amount_conflict ? usd(k.summary.amount_min) + " to " + usd(k.summary.amount_max) + " (claims disagree)" : null],
      ["claims", k.summary ? k.summary.claims + " in " + k.summary.articles + (k.summary.articles === 1 ? " article" : " articles") + " (" + k.summary.status_summary + ")" : null],
      ["sources", k.summary ? k.summary.sources + (k.summary.source_names.length ? ": " + k.summary.source_names.join("; ") : "") : null],
      ["dates", k.summary && k.summary.first_date ? (k.summary.first_date === k.summary.last_date ? k.summary.first_date : k.summary.first_date + " to " + k.summary.last_date) : null],
    ]));
    var shown = full ? k.evidence : k.evidence.slice(0, TOOLTIP_EVIDENCE);
    shown.forEach(function (ev) { card.appendChild(evidenceBox(ev)); });
    if (shown.length < k.evidence.length) card.appendChild(el("div", "kg-sub", "+ " + (k.evidence.length - shown.length) + " more: click the relation"));
    return card;
  }

  // --- legend (from the schema, via the view data) ------------------------------------------------
  function svg(w, h) { var s = document.createElementNS(SVG, "svg"); s.setAttribute("width", w); s.setAttribute("height", h); return s; }
  function shapeIcon(shape, color) {
    var s = svg(18, 18), p;
    if (shape === "box" || shape === "square" || shape === "database") { p = document.createElementNS(SVG, "rect"); p.setAttribute("x", 2); p.setAttribute("y", 4); p.setAttribute("width", 14); p.setAttribute("height", 10); p.setAttribute("rx", 2); }
    else if (shape === "diamond") { p = document.createElementNS(SVG, "polygon"); p.setAttribute("points", "9,1 17,9 9,17 1,9"); }
    else if (shape === "triangle") { p = document.createElementNS(SVG, "polygon"); p.setAttribute("points", "9,2 17,16 1,16"); }
    else if (shape === "triangleDown") { p = document.createElementNS(SVG, "polygon"); p.setAttribute("points", "1,2 17,2 9,16"); }
    else if (shape === "star") { p = document.createElementNS(SVG, "polygon"); p.setAttribute("points", "9,1 11,7 17,7 12,11 14,17 9,13 4,17 6,11 1,7 7,7"); }
    else { p = document.createElementNS(SVG, "circle"); p.setAttribute("cx", 9); p.setAttribute("cy", 9); p.setAttribute("r", 7); }
    p.setAttribute("fill", color); p.setAttribute("stroke", "#333"); p.setAttribute("stroke-width", "0.8");
    s.appendChild(p);
    return s;
  }
  function lineIcon(color, dashes, width) {
    var s = svg(34, 12), l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", 1); l.setAttribute("y1", 6); l.setAttribute("x2", 33); l.setAttribute("y2", 6);
    l.setAttribute("stroke", color); l.setAttribute("stroke-width", width || 2.5);
    if (dashes && dashes.length) l.setAttribute("stroke-dasharray", dashes.join(" "));
    s.appendChild(l);
    return s;
  }
  function legendRow(icon, label, sub) {
    var r = el("div", "kg-legend-row"), t = el("div");
    r.appendChild(icon);
    t.appendChild(el("div", null, label));
    if (sub) t.appendChild(el("div", "kg-sub", sub));
    r.appendChild(t);
    return r;
  }
  function buildLegend() {
    var box = document.getElementById("kg-legend"), L = data.legend;
    box.appendChild(el("h2", null, "Entities"));
    L.entities.forEach(function (t) { box.appendChild(legendRow(shapeIcon(t.shape, t.color), t.label)); });
    box.appendChild(el("h2", null, "Relations"));
    L.edges.forEach(function (k) { box.appendChild(legendRow(lineIcon(k.color, null), k.label, k.relations.join(", "))); });
    if (L.highlight) box.appendChild(legendRow(lineIcon(L.highlight.color, null, 4), L.highlight.label));
    box.appendChild(el("h2", null, "Status"));
    L.statuses.forEach(function (s) { box.appendChild(legendRow(lineIcon(s.color, s.dashes || null), s.label)); });
    box.appendChild(el("p", "kg-legend-note", L.width + "; " + L.size + "."));
    if (L.conflict) box.appendChild(el("p", "kg-legend-note", L.conflict + "."));
    var toggle = el("button", "kg-width-toggle", "line width: by amount");
    toggle.id = "kg-width-toggle";
    toggle.type = "button";
    toggle.addEventListener("click", function () {
      widthBy = widthBy === "amount" ? "sources" : "amount";
      toggle.textContent = "line width: by " + (widthBy === "amount" ? "amount" : "number of sources");
      if (edges) edges.update(data.edges.map(function (e) { return { id: e.id, width: e.kg.widths ? e.kg.widths[widthBy] : e.width }; }));
    });
    box.appendChild(toggle);
  }

  // --- the network ------------------------------------------------------------------------------------
  var degree = {}, widthBy = "amount", edges = null;
  data.edges.forEach(function (e) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; });
  data.nodes.forEach(function (n) { n.title = nodeCard(n, false); });
  data.edges.forEach(function (e) { e.title = edgeCard(e, false); });

  document.getElementById("kg-counts").textContent =
    data.stats.entities + " entities \u00B7 " + data.stats.relations + " relations \u00B7 " + data.stats.articles + " articles";
  buildLegend();

  var status = document.getElementById("kg-status");
  function settled() {
    if (window.kgStabilized) return;
    window.kgSettledAt = performance.now();
    window.kgStabilized = true;
    status.textContent = "drag to rearrange, scroll to zoom";
    status.className = "done";
  }

  if (!data.nodes.length) {
    document.getElementById("kg-graph").appendChild(el("p", "kg-hint", "Nothing to draw: the graph is empty."));
    settled();
    return;
  }

  var nodes = new vis.DataSet(data.nodes);
  edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("kg-graph"), { nodes: nodes, edges: edges }, data.options);
  window.kgNetwork = network;

  network.on("stabilizationProgress", function (p) {
    status.textContent = "laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    // stop the physics so that the drawing stays still once laid out
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    settled();
  });

  var details = document.getElementById("kg-details");
  network.on("click", function (params) {
    var card = null;
    if (params.nodes.length) card = nodeCard(nodes.get(params.nodes[0]), true);
    else if (params.edges.length) card = edgeCard(edges.get(params.edges[0]), true);
    while (details.firstChild) details.removeChild(details.firstChild);
    details.appendChild(card || el("p", "kg-hint", "Hover over an entity or a relation for details; click to pin them here."));
  });
})();
