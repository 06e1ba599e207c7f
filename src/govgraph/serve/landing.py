"""The query page served at ``/``: a form pre-filled with the canned queries."""

LANDING = """<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>govgraph SPARQL</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2em;max-width:1100px} textarea{width:100%;height:18em;font-family:monospace}
pre{background:#f6f6f6;padding:1em;overflow:auto;max-height:30em}</style></head><body>
<h1>govgraph SPARQL endpoint</h1>
<p>POST or GET <code>/sparql</code> (SPARQL 1.1 Protocol, read-only). Network views:
<a href="/view/overview">overview</a> · <a href="/view/cross-city">across cities</a>.</p>
<label>Canned query <select id="canned"></select></label>
<form id="form" method="post" action="/sparql"><textarea name="query" id="query"></textarea><br>
<label>Format <select id="accept"><option>text/csv</option><option>application/sparql-results+json</option>
<option>text/tab-separated-values</option><option>application/sparql-results+xml</option></select></label>
<button type="submit">Run</button></form><pre id="out"></pre>
<script>
var queries = {{queries}};
var sel = document.getElementById("canned"), text = document.getElementById("query");
queries.forEach(function (q, i) { var o = document.createElement("option"); o.value = i; o.textContent = q.name + " — " + q.title; sel.appendChild(o); });
function pick() { text.value = queries[sel.value] ? queries[sel.value].text : ""; }
sel.addEventListener("change", pick); pick();
document.getElementById("form").addEventListener("submit", function (e) {
  e.preventDefault();
  fetch("/sparql", {method: "POST", headers: {"Content-Type": "application/sparql-query", "Accept": document.getElementById("accept").value},
                    body: text.value}).then(function (r) { return r.text(); })
    .then(function (t) { document.getElementById("out").textContent = t; });
});
</script></body></html>"""
