"""Stores written before issue 14's vocabulary: their report graphs are rewritten in the current form by
``govgraph repair`` (and the last phase of every ingest), not answered wrongly."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
from conftest import HAIKOU, ROOT

from govgraph import ingest
from govgraph.store.oxigraph import OxigraphStore
from govgraph.store.upgrade import old_form_reports, upgrade_reports
from govgraph.vocab import PREFIXES, sparql

_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# the form of a report graph before issue 14, made from the current one (the inverse of upgrade-report.rq)
_DOWNGRADE = """
DELETE { GRAPH ?g { ?m oa:hasTarget ?f ; gg:start ?s ; gg:end ?e } }
INSERT { GRAPH ?g { ?m a gg:Mention ; oa:hasTarget ?t . ?t oa:hasSource ?g ; oa:hasSelector ?p .
                    ?p a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e } }
WHERE { GRAPH ?g { ?m a oa:Annotation ; oa:hasTarget ?f ; gg:start ?s ; gg:end ?e }
        BIND(BNODE() AS ?t) BIND(BNODE() AS ?p) } ;
INSERT { GRAPH ?g { ?o a gg:Observation ; gg:value ?v } } WHERE { GRAPH ?g { ?o a qb:Observation ; sdmxm:obsValue ?v } } ;
DELETE WHERE { GRAPH ?g { ?r dcterms:hasFormat ?t . ?t dcterms:format ?f } }
"""


def _old_form(store_path) -> tuple[str, str]:
    """Rewrite the one report of the store at ``store_path`` in the old form, its declared size made true;
    returns (its IRI, its graph as it was)."""
    s = OxigraphStore(store_path, write=True)
    try:
        (g,) = s.report_graphs()
        current = s.graph_ntriples(g)
        s._store.update(_HEADER + _DOWNGRADE)
        node = ox.NamedNode(g)
        size = len(list(s._store.quads_for_pattern(None, None, None, node)))
        s._store.update(
            _HEADER + f"DELETE {{ GRAPH <{g}> {{ <{g}> gg:tripleCount ?n }} }} "
            f"INSERT {{ GRAPH <{g}> {{ <{g}> gg:tripleCount {size} }} }} WHERE {{ GRAPH <{g}> {{ <{g}> gg:tripleCount ?n }} }}"
        )
        assert old_form_reports(s) == [g] and s.damaged_reports() == []
        assert s.query(sparql("mention-quotes", only="")).rows == []  # what a query of the new form finds there
    finally:
        s.close()
    return g, current


def _triples(ntriples: str) -> set[str]:
    return {line for line in ntriples.splitlines() if line.strip()}


def test_repair_upgrades_a_store_of_the_old_vocabulary(tmp_path, haikou):
    store = tmp_path / "store"
    ingest([HAIKOU], store)
    g, current = _old_form(store)
    r = subprocess.run(
        [sys.executable, "-m", "govgraph", "repair", "--store", str(store)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "1 upgraded from an older vocabulary" in r.stdout
    with OxigraphStore(store, write=False) as s:
        assert _triples(s.graph_ntriples(g)) == _triples(current)  # exactly what an ingest now writes
        assert s.damaged_reports() == [] and old_form_reports(s) == []
        quotes = sorted(
            (start, end, quote) for _, _, quote, start, end, _ in s.query(sparql("mention-quotes", only="")).rows
        )
    assert quotes == sorted((mm.start, mm.end, mm.text) for e in haikou.entities for mm in e.mentions)


def test_an_upgrade_keeps_a_damaged_report_damaged(tmp_path):
    store = tmp_path / "store"
    ingest([HAIKOU], store)
    g, _ = _old_form(store)
    with OxigraphStore(store, write=True) as s:
        s._store.update(_HEADER + f"DELETE WHERE {{ GRAPH <{g}> {{ ?sec gg:path ?p }} }}")  # a report that lost triples
        assert s.damaged_reports() == [g]
        assert upgrade_reports(s) == [g]
        assert s.damaged_reports() == [g] and old_form_reports(s) == []
