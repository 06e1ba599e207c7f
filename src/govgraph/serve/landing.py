"""The query page served at ``/``: YASGUI (editor and results) over the same-origin ``/sparql``,
with the canned queries to open in tabs.

The page holds no inline script or style (its Content-Security-Policy allows only its own
origin): the canned queries and prefixes travel as a JSON data block, which the browser never
runs, and ``static/query.js`` builds the page from it.
"""

from __future__ import annotations

import json

from ..query.canned import canned_queries
from ..vocab import PREFIXES
from .static import asset_url

_PAGE = """<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>govgraph SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="{icon}"><link rel="stylesheet" href="{yasgui_css}"><link rel="stylesheet" href="{page_css}"></head><body>
<header><h1>govgraph SPARQL endpoint</h1>
<p>POST or GET <code>/sparql</code> (SPARQL 1.1 Protocol, read-only). Network views:
<a href="/view/overview">overview</a> · <a href="/view/cross-city">across cities</a>.
Ctrl+Enter runs the query.</p>
<label>Canned query <select id="canned"><option value="">open one in a new tab…</option></select></label>
</header>
<main id="yasgui" data-endpoint="/sparql"></main>
<script type="application/json" id="govgraph-data">{data}</script>
<script src="{yasgui_js}"></script><script src="{page_js}"></script>
</body></html>"""


def _json_block(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in, whatever strings it holds."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def landing_page() -> str:
    """The HTML of the query page, with the canned queries (name, title, text) and the prefixes.

    >>> page = landing_page()
    >>> "target-vs-outcome" in page and "<script>" not in page
    True
    """
    queries = [{"name": q.name, "title": q.title, "text": q.render()} for q in canned_queries()]
    return _PAGE.format(
        icon=asset_url("favicon.svg"),
        yasgui_css=asset_url("yasgui/yasgui.min.css"),
        page_css=asset_url("query.css"),
        yasgui_js=asset_url("yasgui/yasgui.min.js"),
        page_js=asset_url("query.js"),
        data=_json_block({"queries": queries, "prefixes": PREFIXES}),
    )
