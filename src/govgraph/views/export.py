"""The store in the formats analysts' tools read: a network view as GraphML or GEXF (Gephi, Cytoscape,
igraph), tables of entities and observations as CSV or Parquet (spreadsheets, pandas, R, DuckDB), and
the whole store as N-Quads (any triple store).

Tables, one per entity type and one of observations (:data:`TABLES` lists their columns and types):

- ``agency``: IRI, name, agency type (and its label), parent body (and its name);
- ``document``: IRI, name, kind, level, issuing agency (and its name);
- ``reform``: IRI, name;
- ``place``: IRI, name, GB/T 2260 division code;
- each entity table ends with ``reports``, ``mentions``, ``places`` (how many reports, mentions and
  places name it) and ``first_year``;
- ``observation``: IRI, report, place (and its name), year, measure, indicator (and its label), value,
  unit, qualifier, status, the change fields, section path, start and end offsets into the report text,
  and the quoted text itself.

Columns are typed as the query values are (``govgraph.store.values``): an ``xsd:decimal`` stays exact
(a Parquet decimal column wide enough for every value; in CSV its plain digits), years and offsets are
integers, IRIs and names are strings; a missing value is empty (CSV) or null (Parquet). CSV files are
UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese text as such.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError
from ..store import TripleStore
from ..vocab import sparql
from . import ViewRequest, build_view, plain_graph, xml_text
from .network import View, corpus_graph

FORMATS = ("graphml", "gexf", "csv", "parquet", "nquads")
ENTITY_TYPES = ("agency", "document", "reform", "place")
ALL = 10**9  # no reduction: an export holds the whole view


@dataclass(frozen=True)
class Column:
    """One column of an exported table: its name and type (``string``, ``int`` or ``decimal``)."""

    name: str
    type: str = "string"


_COUNTS = (Column("reports", "int"), Column("mentions", "int"), Column("places", "int"), Column("first_year", "int"))
TABLES: dict[str, tuple[Column, ...]] = {
    "agency": (
        Column("iri"), Column("name"), Column("agency_type"), Column("agency_type_label"), Column("parent"),
        Column("parent_name"), *_COUNTS,
    ),
    "document": (
        Column("iri"), Column("name"), Column("kind"), Column("level"), Column("issuer"), Column("issuer_name"),
        *_COUNTS,
    ),
    "reform": (Column("iri"), Column("name"), *_COUNTS),
    "place": (Column("iri"), Column("name"), Column("adcode"), *_COUNTS),
    "observation": (
        Column("iri"), Column("report"), Column("place"), Column("place_name"), Column("year", "int"),
        Column("measure"), Column("indicator"), Column("indicator_label"), Column("value", "decimal"),
        Column("unit"), Column("qualifier"), Column("status"), Column("change_value", "decimal"),
        Column("change_unit"), Column("change_direction"), Column("change_basis"), Column("change_indicator"),
        Column("section"), Column("start", "int"), Column("end", "int"), Column("quote"),
    ),
}  # fmt: skip
_QUERIES = {"agency": "export-agencies", "document": "export-documents", "reform": "export-reforms",
            "place": "export-places"}  # fmt: skip


@dataclass
class ExportSummary:
    """What an export wrote: the ``files``, and ``counts`` (rows by table; nodes and edges; quads and graphs)."""

    format: str
    path: Path
    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def export(store: TripleStore, fmt: str, path: str | Path, view: ViewRequest | str | None = None) -> ExportSummary:
    """Write the store as ``fmt`` (one of :data:`FORMATS`) to ``path``: a file for ``graphml``, ``gexf`` and
    ``nquads``, a folder of one file per table for ``csv`` and ``parquet``. ``view`` chooses the network of
    a GraphML or GEXF export: a :class:`ViewRequest`, or a view's name (``overview``, ``cross-city``); by
    default the whole network, unreduced: every report and every entity it mentions, with mention edges
    and the relations between entities.

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/s", write=True)
    >>> _ = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], s)
    >>> out = export(s, "csv", tempfile.mkdtemp() + "/tables")
    >>> sorted(p.name for p in out.files)
    ['agency.csv', 'document.csv', 'observation.csv', 'place.csv', 'reform.csv']
    >>> out.counts["observation"]
    97
    """
    if fmt not in FORMATS:
        raise InputError(str(path), f"no export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if view is not None and fmt not in ("graphml", "gexf"):
        raise InputError(str(path), f"a view applies to graphml and gexf exports, not {fmt}")
    if isinstance(view, str):
        view = ViewRequest(view, max_nodes=ALL)
    out = Path(path)
    summary = ExportSummary(fmt, out)
    try:
        if fmt in ("graphml", "gexf"):
            _write_network(store, fmt, out, view, summary)
        elif fmt == "nquads":
            _write_nquads(store, out, summary)
        else:
            _write_tables(store, fmt, out, summary)
    except OSError as e:
        raise InputError(str(getattr(e, "filename", None) or out), e.strerror or str(e)) from None
    return summary


# ---- networks ----------------------------------------------------------------------------------------------


def _write_network(store: TripleStore, fmt: str, out: Path, view: ViewRequest | None, summary: ExportSummary) -> None:
    chosen = build_view(store, view) if view is not None else View(corpus_graph(store), "reports and entities")
    g = plain_graph(chosen)  # its strings are already XML-safe
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(g, out)
    else:
        nx.write_gexf(g, out)
    summary.files.append(out)
    summary.counts.update(nodes=g.number_of_nodes(), edges=g.number_of_edges())


def xml_safe(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose string attributes hold no character XML 1.0 forbids (report text is untrusted and
    may carry control characters, which would make the GraphML or GEXF file unreadable).

    >>> h = xml_safe(nx.Graph([("a", "b")], name="t\\x0b"))
    >>> h.graph["name"]
    't'
    """
    h = g.__class__()
    h.graph.update({k: _clean(v) for k, v in g.graph.items()})
    h.add_nodes_from((_clean(n), {k: _clean(v) for k, v in d.items()}) for n, d in g.nodes(data=True))
    h.add_edges_from((_clean(a), _clean(b), {k: _clean(v) for k, v in d.items()}) for a, b, d in g.edges(data=True))
    return h


def _clean(value: Any) -> Any:
    return xml_text(value) if isinstance(value, str) else value


# ---- N-Quads -----------------------------------------------------------------------------------------------


def _write_nquads(store: TripleStore, out: Path, summary: ExportSummary) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    quads = 0
    graphs = store.named_graphs()
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for i, g in enumerate(graphs):
            for line in nquads_lines(store.graph_ntriples(g), g, f"g{i}"):
                f.write(line)
                quads += 1
    summary.files.append(out)
    summary.counts.update(quads=quads, graphs=len(graphs))


def nquads_lines(ntriples: str, graph: str, scope: str) -> Iterator[str]:
    """N-Triples of one named graph as N-Quads lines in ``graph``. Blank node labels get the prefix ``scope``,
    as two graphs' blank nodes are two graphs' own (a server labels each response afresh).

    >>> list(nquads_lines('<a> <p> "x ." .\\n_:b1 <p> _:b2 .\\n', "g", "g0"))
    ['<a> <p> "x ." <g> .\\n', '_:g0_b1 <p> _:g0_b2 <g> .\\n']
    """
    for raw in ntriples.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        body = line[:-1].rstrip() if line.endswith(".") else line
        subject, rest = body.split(" ", 1)
        if subject.startswith("_:"):
            subject = f"_:{scope}_{subject[2:]}"
        predicate, obj = rest.split(" ", 1)
        if obj.startswith("_:"):
            obj = f"_:{scope}_{obj[2:]}"
        yield f"{subject} {predicate} {obj} <{graph}> .\n"


# ---- tables ------------------------------------------------------------------------------------------------


def tables(store: TripleStore) -> dict[str, list[dict[str, Any]]]:
    """The export's tables as rows of typed values (``str``, ``int``, ``Decimal`` or ``None``), by table name.

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/s", write=True)
    >>> _ = govgraph.ingest(["data/reports/haikou-2022-fazhi.txt"], s)
    >>> rate = [r for r in tables(s)["observation"] if r["measure"] == "纠错率"][0]
    >>> rate["value"], rate["year"], rate["quote"], rate["section"]
    (Decimal('8.12'), 2022, '纠错率8.12%', '二.(八)')
    """
    counts = {str(r["iri"]): r for r in store.query(sparql("export-mention-counts")).dicts()}
    out: dict[str, list[dict[str, Any]]] = {}
    for name, query in _QUERIES.items():
        rows = []
        for r in store.query(sparql(query)).dicts():
            named = counts.get(str(r["iri"]), {})  # an entity no report names (a scheme's concept): counts 0
            row = {**r, **{c.name: named.get(c.name, 0) for c in _COUNTS[:3]}, "first_year": named.get("first_year")}
            rows.append(_typed(row, TABLES[name]))
        out[name] = rows
    out["observation"] = [_typed(r, TABLES["observation"]) for r in _observations(store)]
    return out


def _observations(store: TripleStore) -> list[dict[str, Any]]:
    """Observation rows, one per observation, by report and offset, each with the names of its place and
    indicator and the text its offsets span in its report."""
    labels = {str(x): label for x, label in store.query(sparql("export-labels")).rows}
    rows: dict[str, dict[str, Any]] = {}
    for r in store.query(sparql("export-observations")).dicts():
        rows.setdefault(str(r["iri"]), r)  # a second section of the same observation adds nothing
    texts: dict[str, str] = {}
    out = []
    for r in sorted(rows.values(), key=lambda r: (str(r["report"]), _offset(r.get("start")), str(r["iri"]))):
        report = str(r["report"])
        if report not in texts:
            found = store.query(sparql("report-text", report=f"<{report}>")).rows
            texts[report] = str(found[0][0]) if found and found[0][0] is not None else ""
        start, end = r.get("start"), r.get("end")
        quote = texts[report][start:end] if isinstance(start, int) and isinstance(end, int) else None
        place, indicator = r.get("place"), r.get("indicator")
        out.append({
            **r,
            "place_name": labels.get(str(place)) if place is not None else None,
            "indicator_label": labels.get(str(indicator)) if indicator is not None else None,
            "quote": quote,
        })  # fmt: skip
    return out


def _offset(value: Any) -> int:
    return value if isinstance(value, int) else -1


def _typed(row: dict[str, Any], columns: Iterable[Column]) -> dict[str, Any]:
    """``row`` reduced to ``columns``, each value as its column's Python type."""
    out: dict[str, Any] = {}
    for c in columns:
        v = row.get(c.name)
        if v is None:
            out[c.name] = None
        elif c.type == "int":
            out[c.name] = int(v)
        elif c.type == "decimal":
            out[c.name] = v if isinstance(v, Decimal) else Decimal(str(v))
        else:
            out[c.name] = str(v)
    return out


def _write_tables(store: TripleStore, fmt: str, out: Path, summary: ExportSummary) -> None:
    if fmt == "parquet":
        _pyarrow(out)  # before any work: say at once what is missing
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables(store).items():
        target = out / f"{name}.{fmt}"
        if fmt == "csv":
            _write_csv(target, TABLES[name], rows)
        else:
            _write_parquet(target, TABLES[name], rows)
        summary.files.append(target)
        summary.counts[name] = len(rows)


def _write_csv(target: Path, columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([c.name for c in columns])
        for row in rows:
            w.writerow([_csv_cell(row[c.name]) for c in columns])


def _csv_cell(value: Any) -> str:
    """A value as CSV text: empty for none, a decimal in plain digits (never 1E+3).

    >>> _csv_cell(Decimal("1E+3")), _csv_cell(None), _csv_cell(2022)
    ('1000', '', '2022')
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _pyarrow(out: Path) -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise InputError(str(out), "Parquet export needs pyarrow: pip install 'govgraph[parquet]'") from None
    return pyarrow


def _write_parquet(target: Path, columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> None:
    pa = _pyarrow(target)
    arrays, fields = [], []
    for c in columns:
        values = [row[c.name] for row in rows]
        kind = _arrow_type(pa, c, values)
        if pa.types.is_decimal(kind):
            values = [v.quantize(Decimal(1).scaleb(-kind.scale)) if v is not None else None for v in values]
        elif pa.types.is_floating(kind):
            values = [float(v) if v is not None else None for v in values]
        arrays.append(pa.array(values, type=kind))
        fields.append(pa.field(c.name, kind))
    pa.parquet.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), target)


def _arrow_type(pa: Any, column: Column, values: list[Any]) -> Any:
    """The Arrow type of a column: string, int64, or a decimal128 wide enough for every value exactly (float64
    past 38 digits)."""
    if column.type == "int":
        return pa.int64()
    if column.type != "decimal":
        return pa.string()
    scale, whole = decimal_width(v for v in values if v is not None)
    if scale + whole > 38:
        return pa.float64()
    return pa.decimal128(max(scale + whole, 1), scale)


def decimal_width(values: Iterable[Decimal]) -> tuple[int, int]:
    """The digits after the point and before it that hold every value exactly.

    >>> decimal_width([Decimal("8.12"), Decimal("780000.0"), Decimal("1109467.455621")])
    (6, 7)
    """
    scale = whole = 0
    for v in values:
        _, digits, exponent = v.as_tuple()
        if not isinstance(exponent, int):
            continue  # NaN or infinity: no typed value is either
        scale = max(scale, -exponent)
        whole = max(whole, len(digits) + exponent)
    return scale, whole
