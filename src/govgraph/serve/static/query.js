// The govgraph query page: YASGUI over the same-origin /sparql, offline.
// Nothing here, nor in the YASGUI it sets up, asks any other host: the autocompleters that
// call LOV are off, the prefix autocompleter offers govgraph's prefixes only (not the bundled
// prefix.cc list), there is no endpoint catalogue, no short-link service, no chart plugin.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var data = JSON.parse(document.getElementById("govgraph-data").textContent);
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;

  var prefixLines = Object.keys(data.prefixes).sort().map(function (p) {
    return p + ": <" + data.prefixes[p] + ">";
  });
  Yasqe.forkAutocompleter("prefixes", {
    name: "govgraph-prefixes",
    persistenceId: null,
    get: function () { return Promise.resolve(prefixLines); },
  }, false);
  var completers = ["variables", "govgraph-prefixes"];
  // Arrays in the defaults, not the config: YASGUI merges configs index by index.
  Yasqe.defaults.autocompleters = completers.slice();
  Yasgui.defaults.yasqe.autocompleters = completers.slice();
  Yasgui.defaults.endpointCatalogueOptions.getData = function () { return [{ endpoint: endpoint }]; };
  Yasr.defaults.pluginOrder = ["table", "response"];
  Yasgui.defaults.yasr.pluginOrder = ["table", "response"];

  var request = {
    endpoint: endpoint,
    method: "POST",
    acceptHeaderSelect: "application/sparql-results+json,*/*;q=0.9",
    acceptHeaderGraph: "text/turtle,application/n-triples;q=0.9",
    acceptHeaderUpdate: "text/plain,*/*;q=0.9",
    headers: {},
    withCredentials: false,
  };
  var yasgui = new Yasgui(root, {
    persistenceId: null,  // the canned queries and the endpoint are the server's, not last week's
    // A shared link (this page, the query in the URL fragment) opens with its query, name and
    // dataset; its endpoint, method and headers are ignored: the page asks only this server.
    populateFromUrl: function (tab) {
      tab.requestConfig = Object.assign({}, tab.requestConfig, request);
      return tab;
    },
    autoAddOnInit: false,
    copyEndpointOnNewTab: false,
    corsProxy: undefined,
    requestConfig: Object.assign({}, request),
    yasqe: { persistenceId: null, prefixCcApi: null, createShortLink: undefined, resizeable: true, editorHeight: "260px" },
    yasr: { persistenceId: null, defaultPlugin: "table" },
  });

  function tabFor(query) {
    var tabs = yasgui._tabs;
    for (var id in tabs) {
      if (tabs[id].getName() === query.name) return yasgui.selectTabId(id);
    }
    return yasgui.addTab(true, {
      name: query.name,
      yasqe: { value: query.text },
      requestConfig: { endpoint: endpoint },
    });
  }

  var select = document.getElementById("canned");
  data.queries.forEach(function (q, i) {
    var option = document.createElement("option");
    option.value = String(i);
    option.textContent = q.name + " — " + q.title;
    select.appendChild(option);
  });
  select.addEventListener("change", function () {
    var q = data.queries[Number(select.value)];
    if (select.value !== "" && q) tabFor(q);
    select.value = "";
  });

  if (Object.keys(yasgui._tabs).length === 0 && data.queries.length) tabFor(data.queries[0]);
  // For scripts and tests: the instance, the canned queries, and how many answers have been drawn.
  var page = window.govgraph = { yasgui: yasgui, queries: data.queries, endpoint: endpoint, answers: 0 };
  yasgui.on("queryResponse", function () { page.answers += 1; });
})();
