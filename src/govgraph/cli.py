"""The ``govgraph`` command line. Exit codes: 0 success, 1 failure found (e.g. SHACL violations), 2 bad input."""

from __future__ import annotations

import json
import re
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from .read import InputError, read_report

EXIT_BAD_INPUT = 2


class _Fail(click.ClickException):
    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:  # one line, no traceback
        click.echo(f"govgraph: {self.message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govgraph")
def main() -> None:
    """Turn Chinese government reports into an RDF knowledge graph."""


@main.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "turtle", "trig", "jsonld"]), default="json", show_default=True
)
@click.option(
    "--max-bytes", type=int, default=None, help="Refuse files larger than this (default 20 MiB or $GOVGRAPH_MAX_BYTES)."
)
def extract_cmd(file: Path, fmt: str, max_bytes: int | None) -> None:
    """Extract one report and print it as JSON or RDF."""
    from .extract import extract
    from .jsonout import to_json

    try:
        doc = read_report(file, max_bytes=max_bytes)
    except InputError as e:
        raise _Fail(str(e)) from None
    if "replaced" in doc.encoding:
        click.echo(f"govgraph: warning: {file}: read as {doc.encoding}", err=True)
    x = extract(doc)
    if fmt == "json":
        click.echo(json.dumps(to_json(x), ensure_ascii=False, indent=1))
        return
    from .rdf import serialize_extraction

    sys.stdout.write(serialize_extraction(x, fmt))


def _store(path: Path | str | None, create: bool = True, **options: str):
    from .store import StoreError, open_backend

    try:
        return open_backend(path, create=create, **options)
    except StoreError as e:
        raise _Fail(str(e)) from None


def _report_files(paths: tuple[Path, ...]) -> list[Path]:
    from .read import HTML_SUFFIXES

    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in {".txt", *HTML_SUFFIXES} and f.name.lower() != "readme.md"
                )
            )
        else:
            out.append(p)
    return out


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--store",
    "store_path",
    default=None,
    help="Store folder (default ./govgraph-store), or the query URL of a SPARQL server (then give --graph-store).",
)
@click.option("--graph-store", default=None, help="With a server --store: its Graph Store Protocol URL, for writes.")
@click.option("--max-bytes", type=int, default=None, help="Refuse files larger than this.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Extraction processes (default: all cores)."
)
@click.option(
    "--batch-mb",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="New reports are stored in bulk batches of about this many MB of triples; a kill loses at most the "
    "batch in progress, never part of a report.",
)
def ingest_cmd(
    paths: tuple[Path, ...],
    store_path: str | None,
    graph_store: str | None,
    max_bytes: int | None,
    jobs: int | None,
    batch_mb: int,
) -> None:
    """Add report files and folders to the store; a re-ingested report replaces its graph."""
    from .ingest import default_jobs, ingest_files

    files = _report_files(paths)
    if not files:
        raise _Fail("no report files (.txt, .html) under " + ", ".join(map(str, paths)))
    from .store import StoreError

    store = _store(store_path, graph_store=graph_store) if graph_store else _store(store_path)
    try:
        summary = ingest_files(
            files, store, max_bytes=max_bytes, progress=True, jobs=jobs or default_jobs(), batch_bytes=batch_mb * 2**20
        )
    except StoreError as e:
        raise _Fail(str(e)) from None
    for note in summary.warnings:
        click.echo(f"govgraph: warning: {note}", err=True)
    for err in summary.errors:
        click.echo(f"govgraph: {err}", err=True)
    click.echo(
        f"ingested {summary.reports} report(s), {summary.triples} triples; store holds {store.count_graphs()} report graph(s)"
    )
    if summary.errors:
        sys.exit(EXIT_BAD_INPUT)


@main.command("query")
@click.argument("sparql", required=False)
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A canned query's parameter.")
@click.option("--list", "list_only", is_flag=True, help="List the canned queries and their parameters.")
@click.option("--show", is_flag=True, help="Print the SPARQL that would run, and do not run it.")
@click.option("--endpoint", default=None, help="Run against this SPARQL endpoint instead of the embedded store.")
def query_cmd(
    sparql: str | None,
    store_path: Path | None,
    fmt: str,
    params: tuple[str, ...],
    list_only: bool,
    show: bool,
    endpoint: str | None,
) -> None:
    """Run SPARQL over all reports: a canned query by NAME, a .rq file, or query text."""
    from .canned import QueryParamError, canned, canned_queries, parse_params
    from .store import StoreError
    from .tables import render

    if list_only:
        for q in canned_queries():
            click.echo(f"{q.name}\n    {q.title}")
            for p in q.params:
                click.echo(f"    --param {p.name}=… ({p.type}, default {p.default}) {p.description}")
        return
    if not sparql:
        raise _Fail("give a query: a canned query's NAME (see --list), a .rq file, or SPARQL text")
    try:
        values = parse_params(params)
        if re.fullmatch(r"[a-z0-9-]+", sparql) and not Path(sparql).exists():
            try:
                text = canned(sparql).render(values)
            except KeyError:
                raise _Fail(f"no canned query named {sparql!r} (see 'govgraph query --list')") from None
        elif sparql.endswith(".rq") or (len(sparql) < 512 and Path(sparql).is_file()):
            try:
                text = Path(sparql).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise _Fail(f"{sparql}: cannot read the query file ({e.__class__.__name__})") from None
            if values:
                raise _Fail("--param applies to canned queries only")
        else:
            if values:
                raise _Fail("--param applies to canned queries only")
            text = sparql
    except QueryParamError as e:
        raise _Fail(str(e)) from None
    if show:
        click.echo(text, nl=False)
        return
    try:
        result = _store(endpoint or store_path, create=False).query(text)
    except StoreError as e:
        raise _Fail(str(e)) from None
    click.echo(render(result, fmt), nl=False)


@main.command("stats")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
def stats_cmd(store_path: Path | None) -> None:
    """Counts of entities and observations by type and by report."""
    from .queries import STATS_BY_REPORT, STATS_BY_TYPE
    from .tables import render

    store = _store(store_path, create=False)
    click.echo(f"{store.count_graphs()} report graph(s), {len(store)} quads\n")
    click.echo(render(store.query(STATS_BY_TYPE), "table"))
    click.echo()
    click.echo(render(store.query(STATS_BY_REPORT), "table"), nl=False)


@main.command("validate")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
@click.option("--max", "max_shown", type=int, default=20, show_default=True, help="Violations to list.")
@click.option("--jobs", type=int, default=None, help="Processes validating report graphs (default: all cores).")
@click.option("--sample", type=click.IntRange(min=1), default=None, help="Check only N report graphs, spread evenly.")
def validate_cmd(store_path: Path | None, max_shown: int, jobs: int | None, sample: int | None) -> None:
    """Check the store against the SHACL shapes; exit 1 when there are violations."""
    from .ingest import default_jobs
    from .validate import sample_reports, validate_store

    store = _store(store_path, create=False)
    every = store.graphs()
    chosen = sample_reports(every, sample) if sample else every
    damaged = store.damaged_reports(chosen if sample else None)
    for g in damaged:
        click.echo(f"damaged: {g} holds another number of triples than it declares")
    shown = sys.stderr.isatty()  # a bar only for a person watching
    bar = click.progressbar(length=len(chosen) + 1, label="validating", file=sys.stderr) if shown else nullcontext()
    with bar as b:
        report = validate_store(store, jobs or default_jobs(), (lambda _: b.update(1)) if shown else None, chosen)
    if report.conforms and not damaged:
        checked = f"{len(chosen)} of {len(every)}" if len(chosen) < len(every) else f"{len(every)}"
        click.echo(f"conforms: {checked} report graph(s), {len(store)} quads, no violations")
        return
    click.echo(f"{len(report.violations)} violation(s), {len(damaged)} damaged report graph(s)")
    for v in report.violations[:max_shown]:
        click.echo(f"  {v}")
    sys.exit(1)


@main.command("check")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when there are findings.")
def check_cmd(store_path: Path | None, fmt: str, strict: bool) -> None:
    """Find figures that contradict each other: a rate against its counts, parts against their total,
    and the previous year's value implied by a change against the previous year's report."""
    from .checking import run_checks
    from .tables import render

    store = _store(store_path, create=False)
    result = run_checks(store)
    click.echo(render(result, fmt), nl=False)
    if strict and result.rows:
        sys.exit(1)


@main.command("compare")
@click.argument("report_a")
@click.argument("report_b")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
def compare_cmd(report_a: str, report_b: str, store_path: Path | None) -> None:
    """Two reports side by side: each a report file, or a report id in the store (460100-2022-fazhi)."""
    from .compare import compare, render_comparison

    click.echo(
        render_comparison(compare(_extraction(report_a, store_path), _extraction(report_b, store_path))), nl=False
    )


def _extraction(ref: str, store_path: Path | None):
    """A report file extracted, or a stored report's text extracted again."""
    from .extract import extract
    from .read import read_bytes

    if Path(ref).is_file():
        try:
            return extract(read_report(Path(ref)))
        except InputError as e:
            raise _Fail(str(e)) from None
    rid = ref if ref.startswith(("report/", "http")) else f"report/{ref}"
    iri = rid if rid.startswith("http") else "https://w3id.org/govgraph/" + rid
    if not re.fullmatch(r"[^\s<>\"{}|\\^`]+", iri):
        raise _Fail(f"{ref}: not a report file or id")
    store = _store(store_path, create=False)
    rows = store.query(
        f"PREFIX gg: <https://w3id.org/govgraph/def#> SELECT ?text WHERE {{ GRAPH <{iri}> {{ <{iri}> gg:text ?text }} }}"
    ).rows
    if not rows:
        raise _Fail(f"{ref}: no such file, and no report {rid} in the store")
    return extract(read_bytes(rows[0][0].encode("utf-8"), name=rid + ".txt"))


@main.command("viz")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The HTML file to write."
)
@click.option("--report", "report", default=None, help="One report: its id (460100-2022-fazhi) or title.")
@click.option("--focus", default=None, help="One entity's neighbourhood: its name or IRI.")
@click.option("--depth", type=click.IntRange(1, 4), default=1, show_default=True)
@click.option("--types", default=None, help="Entity types, comma-separated: agency,document,reform,place.")
@click.option("--cross-city", is_flag=True, help="Entities and concepts named by at least two places, with the places.")
@click.option("--overview", is_flag=True, help="Places and the entities named by the most places (aggregated).")
@click.option(
    "--max-nodes",
    type=click.IntRange(10, 50000),
    default=1500,
    show_default=True,
    help="Reduce larger graphs to the best-connected nodes.",
)
def viz_cmd(
    store_path: Path | None,
    output: Path,
    report: str | None,
    focus: str | None,
    depth: int,
    types: str | None,
    cross_city: bool,
    overview: bool,
    max_nodes: int,
) -> None:
    """Write an interactive network view as one self-contained HTML file (works offline)."""
    from .viz import (
        STYLE,
        corpus_graph,
        cross_city_view,
        focus_view,
        overview_view,
        reduce,
        report_view,
        types_view,
        write_view,
    )

    chosen = [x for x in (report, focus, types, cross_city or None, overview or None) if x]
    if len(chosen) > 1:
        raise _Fail("choose one view: --report, --focus, --types, --cross-city or --overview")
    store = _store(store_path, create=False)
    g = corpus_graph(store)
    try:
        if report:
            view = report_view(g, report)
        elif focus:
            view = focus_view(g, focus, depth)
        elif types:
            wanted = [t.strip() for t in types.split(",") if t.strip()]
            unknown = [t for t in wanted if t not in STYLE or t == "report"]
            if unknown:
                raise _Fail(f"unknown type {', '.join(unknown)} (agency, document, reform, place)")
            view = types_view(g, wanted)
        elif cross_city:
            view = cross_city_view(g)
        else:
            view = overview_view(g)
    except KeyError as e:
        raise _Fail(f"nothing named {e.args[0]!r} in the store") from None
    view = reduce(view, max_nodes)
    nodes, edges = write_view(view, output)
    left = (
        f"; left out {view.left_out_nodes} nodes and {view.left_out_edges} edges ({'; '.join(view.notes)})"
        if view.left_out_nodes
        else ""
    )
    click.echo(f"wrote {output}: {nodes} nodes, {edges} edges{left}")


@main.command("serve")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds a query may run.")
@click.option("--max-rows", type=click.IntRange(1), default=100_000, show_default=True, help="Rows a result may have.")
def serve_cmd(store_path: Path | None, host: str, port: int, timeout: float, max_rows: int) -> None:
    """A read-only SPARQL 1.1 Protocol endpoint over the store, with a query page at /."""
    from .serve import Limits, serve

    store = _store(store_path, create=False)
    click.echo(f"serving {store.path} at http://{host}:{port}/sparql (read-only)", err=True)
    serve(store, host, port, Limits(timeout, max_rows))


@main.command("push")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
@click.option("--endpoint", required=True, help="The Graph Store Protocol endpoint (Oxigraph: http://host:7878/store).")
def push_cmd(store_path: Path | None, endpoint: str) -> None:
    """PUT every report graph (and the shared graphs) to another triple store; resumable, idempotent."""
    from .push import push_store

    if not re.match(r"https?://", endpoint):
        raise _Fail(f"{endpoint}: not an http(s) URL")
    store = _store(store_path, create=False)
    summary = push_store(store, endpoint, progress=True)
    click.echo(
        f"sent {summary.sent} graph(s), {summary.triples} triples; {summary.unchanged} unchanged since the last push"
    )
    for f in summary.failed:
        click.echo(f"govgraph: {f} (run push again to resume)", err=True)
    if summary.failed:
        sys.exit(1)


@main.command("demo")
@click.option("--store", "store_path", type=click.Path(path_type=Path), default=None)
@click.option(
    "--reports", "reports_dir", type=click.Path(path_type=Path), default=Path("data/reports"), show_default=True
)
def demo_cmd(store_path: Path | None, reports_dir: Path) -> None:
    """Ingest the bundled sample and print a summary and a few canned queries."""
    from .ingest import ingest_files
    from .queries import DEMO_QUERIES
    from .tables import render

    files = _report_files((reports_dir,))
    if not files:
        raise _Fail(f"{reports_dir}: no sample reports found")
    store = _store(store_path)
    summary = ingest_files(files, store, progress=False)
    click.echo(f"ingested {summary.reports} report(s), {summary.triples} triples into {store.path}\n")
    for title, q in DEMO_QUERIES:
        click.echo(f"== {title}")
        click.echo(render(store.query(q), "table"))
