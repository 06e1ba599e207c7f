"""The ``govgraph`` command line: options in, the public API (``govgraph``) called, exit codes out.

Exit codes: 0 success, 1 a check found problems (``validate``, ``check --strict``, a failed
``push``), 2 bad input of any kind (a :class:`~govgraph.GovgraphError`), printed on one line.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

import govgraph as gg
from govgraph import _native

EXIT_BAD_INPUT = 2


class _Fail(click.ClickException):
    exit_code = EXIT_BAD_INPUT

    def show(self, file: Any = None) -> None:  # one line, no traceback
        click.echo(f"govgraph: {' '.join(self.message.split())}", err=True)


class _Interrupted(_Fail):
    exit_code = 130  # as a shell reports a command ended by Ctrl-C


def _fail(e: gg.GovgraphError) -> NoReturn:
    err = _Fail(str(e))
    err.exit_code = e.exit_code  # type: ignore[misc]  # click reads it from the instance too
    raise err from None


class _Group(click.Group):
    """Every GovgraphError from a command becomes its one-line message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except gg.GovgraphError as e:
            _fail(e)


def _store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store",
        "store_location",
        default=gg.DEFAULT_STORE,
        show_default=True,
        help="The store folder, or the URL of a SPARQL endpoint.",
    )(f)


def _allow_service_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--allow-service",
        "allow_service",
        multiple=True,
        metavar="HOST",
        help="Let SERVICE clauses call this host (repeat, or separate by commas); federation is off otherwise. "
        "See docs/security.md.",
    )(f)


def _hosts(values: tuple[str, ...]) -> frozenset[str]:
    """Hosts given to --allow-service, lower-cased, commas or spaces between them."""
    return frozenset(h.strip().lower() for v in values for h in v.replace(",", " ").split() if h.strip())


def _bar(total: int, label: str) -> Any:
    """A progress bar on stderr, for a person watching; nothing when stderr is not a terminal."""
    return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) if sys.stderr.isatty() else None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="govgraph",
    message="%(prog)s %(version)s, extraction " + ("compiled" if _native.in_use() else "from the Python sources"),
)
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
    x = gg.extract_report(file, max_bytes=max_bytes)
    if "replaced" in x.document.encoding:
        click.echo(f"govgraph: warning: {file}: read as {x.document.encoding}", err=True)
    if fmt == "json":
        click.echo(json.dumps(gg.to_json(x), ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(gg.serialize_extraction(x, fmt))


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_store_option
@click.option("--graph-store", default=None, help="With a server --store: its Graph Store Protocol URL, for writes.")
@click.option("--max-bytes", type=int, default=None, help="Refuse files larger than this.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Extraction processes (default: all cores)."
)
@click.option(
    "--batch-mb",
    type=click.IntRange(min=1),
    default=128,
    show_default=True,
    help="New reports are stored in bulk batches of about this many MB of triples; a kill loses at most the "
    "batch in progress, never part of a report.",
)
def ingest_cmd(
    paths: tuple[Path, ...],
    store_location: str,
    graph_store: str | None,
    max_bytes: int | None,
    jobs: int | None,
    batch_mb: int,
) -> None:
    """Add report files and folders to the store; a re-ingested report replaces its graph."""
    unreadable: list[str] = []
    files = gg.report_files(paths, unreadable.append)
    for line in unreadable:
        click.echo(f"govgraph: {line}", err=True)
    for path, why in gg.skipped_files(paths):
        click.echo(f"govgraph: skipped {path}: {why}", err=True)
    if not files:
        raise _Fail("no report files (.txt, .html, .pdf, .docx) under " + ", ".join(map(str, paths)))
    options = {"graph_store": graph_store} if graph_store else {}
    with gg.open_store(store_location, write=True, **options) as store:
        bar = _bar(len(files), "ingesting")
        summary = gg.ingest(
            files,
            store,
            max_bytes=max_bytes,
            progress=(lambda done, total, name: bar.update(1)) if bar is not None else None,
            jobs=jobs or gg.default_jobs(),
            batch_bytes=batch_mb * 2**20,
        )
        if bar is not None:
            bar.render_finish()
        held = len(store.report_graphs())
    for name, rid, note in summary.stored:
        click.echo(f"{name} → {rid}" + (f" ({note})" if note else ""))
    for note in summary.warnings:
        click.echo(f"govgraph: warning: {' '.join(note.split())}", err=True)
    for err in summary.errors:
        click.echo(f"govgraph: {' '.join(err.split())}", err=True)
    click.echo(f"ingested {summary.reports} report(s), {summary.triples} triples; store holds {held} report graph(s)")
    if summary.errors or unreadable:
        sys.exit(EXIT_BAD_INPUT)


@main.command("repair")
@_store_option
def repair_cmd(store_location: str) -> None:
    """Finish an ingest that was killed or failed: rewrite the ontology, links and reach graphs from the
    reports the store holds (what `validate` asks for when it finds an unfinished ingest). Report graphs
    written by a govgraph before issue 14's vocabulary are rewritten in the current one."""
    with gg.open_store(store_location, write=True) as store:
        summary = gg.ingest([], store)
        held = len(store.report_graphs())
    upgraded = f" ({len(summary.upgraded)} upgraded from an older vocabulary)" if summary.upgraded else ""
    click.echo(f"repaired: {held} report graph(s){upgraded}, {summary.links} probable match(es); the store is complete")


@main.command("compact")
@_store_option
def compact_cmd(store_location: str) -> None:
    """Merge the store's database files after big ingests, so that queries read fewer files: 10,000
    reports with 1,000 added went from 9.4 GiB to 5.2 GiB in 100 s, and the canned queries took 55-75 % of
    their time. The quads stay the same."""
    with gg.open_store(store_location) as store:  # read-only first: no store is made where there is none
        if not hasattr(store, "compact"):
            raise _Fail(f"{store.location}: only a store folder can be compacted")
    before = _folder_bytes(store_location)
    with gg.open_store(store_location, write=True) as store:
        store.compact()  # type: ignore[attr-defined]
    click.echo(
        f"compacted {store_location}: {before / 2**20:,.0f} MiB -> {_folder_bytes(store_location) / 2**20:,.0f} MiB"
    )


def _folder_bytes(folder: str) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


@main.command("query")
@click.argument("sparql", required=False)
@_store_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A canned query's parameter.")
@click.option("--list", "list_only", is_flag=True, help="List the canned queries and their parameters.")
@click.option("--show", is_flag=True, help="Print the SPARQL that would run, and do not run it.")
@click.option("--endpoint", default=None, help="Run against this SPARQL endpoint instead of the store.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds the query may run.",
)
@click.option(
    "--memory-mb",
    type=click.IntRange(min=64),
    default=2048,
    show_default=True,
    help="Memory the query process may use (a store folder's queries run in a process of their own).",
)
@_allow_service_option
def query_cmd(
    sparql: str | None,
    store_location: str,
    fmt: str,
    params: tuple[str, ...],
    list_only: bool,
    show: bool,
    endpoint: str | None,
    timeout: float,
    memory_mb: int,
    allow_service: tuple[str, ...],
) -> None:
    """Run SPARQL over all reports: a canned query by NAME, a .rq file, or query text."""
    if list_only:
        for q in gg.canned_queries():
            click.echo(f"{q.name}\n    {q.title}")
            for p in q.params:
                click.echo(f"    --param {p.name}=… ({p.type}, default {p.default}) {p.description}")
        return
    if not sparql:
        raise _Fail("give a query: a canned query's NAME (see --list), a .rq file, or SPARQL text")
    text = gg.query_text(sparql, gg.parse_params(params))
    if show:
        click.echo(text, nl=False)
        return
    guard = gg.QueryGuard(allow_service=_hosts(allow_service))
    try:
        with gg.open_store(endpoint or store_location) as store:
            result = gg.query_isolated(store, text, timeout=timeout, memory_mb=memory_mb, guard=guard)
    except KeyboardInterrupt:
        raise _Interrupted("interrupted: the query was stopped") from None
    click.echo(gg.format_result(result, fmt), nl=False)


@main.command("stats")
@_store_option
def stats_cmd(store_location: str) -> None:
    """Counts of entities and observations by type and by report."""
    with gg.open_store(store_location) as store:
        s = gg.stats(store)
    click.echo(f"{s.reports} report graph(s), {s.quads} quads\n")
    click.echo(gg.format_result(s.by_type, "table"))
    click.echo()
    click.echo(gg.format_result(s.by_report, "table"), nl=False)


@main.command("validate")
@_store_option
@click.option("--max", "max_shown", type=int, default=20, show_default=True, help="Violations to list.")
@click.option("--jobs", type=int, default=None, help="Processes validating report graphs (default: all cores).")
@click.option("--sample", type=click.IntRange(min=1), default=None, help="Check only N report graphs, spread evenly.")
def validate_cmd(store_location: str, max_shown: int, jobs: int | None, sample: int | None) -> None:
    """Check the store against the SHACL shapes; exit 1 when there are violations."""
    with gg.open_store(store_location) as store:
        total = len(store.report_graphs())
        bar = _bar(min(sample or total, total) + 1, "validating")
        report = gg.validate(store, jobs or gg.default_jobs(), sample, (lambda _: bar.update(1)) if bar else None)
        if bar is not None:
            bar.render_finish()
        quads = store.quad_count()
    for g in report.damaged:
        click.echo(f"damaged: {g} holds another number of triples than it declares")
    for line in report.incomplete:
        click.echo(f"incomplete: {line}")
    if report.conforms:
        checked = f"{report.checked} of {report.total}" if report.checked < report.total else f"{report.total}"
        click.echo(f"conforms: {checked} report graph(s), {quads} quads, no violations")
        return
    click.echo(
        f"{len(report.violations)} violation(s), {len(report.damaged)} damaged report graph(s)"
        + (", the store is incomplete" if report.incomplete else "")
    )
    for v in report.violations[:max_shown]:
        click.echo(f"  {v}")
    sys.exit(1)


@main.command("check")
@_store_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when there are findings.")
def check_cmd(store_location: str, fmt: str, strict: bool) -> None:
    """Find figures that contradict each other: a rate against its counts, parts against their total,
    and the previous year's value implied by a change against the previous year's report."""
    with gg.open_store(store_location, write=True) as store:
        result = gg.check(store)
    click.echo(gg.format_result(result, fmt), nl=False)
    if strict and result.rows:
        sys.exit(1)


@main.command("compare")
@click.argument("report_a")
@click.argument("report_b")
@_store_option
def compare_cmd(report_a: str, report_b: str, store_location: str) -> None:
    """Two reports side by side: each a report file, or a report id in the store (460100-2022-fazhi)."""
    refs = (report_a, report_b)
    if all(Path(r).is_file() for r in refs):
        a, b = (gg.report_extraction(r) for r in refs)
    else:
        with gg.open_store(store_location) as store:
            a, b = (gg.report_extraction(r, store) for r in refs)
    click.echo(gg.render_comparison(gg.compare(a, b)), nl=False)


@main.command("viz")
@_store_option
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The HTML file to write."
)
@click.option("--report", "report", default=None, help="One report: its id (460100-2022-fazhi) or title.")
@click.option("--focus", default=None, help="One entity's neighbourhood: its name or IRI.")
@click.option("--depth", type=click.IntRange(1, 4), default=1, show_default=True)
@click.option("--types", default=None, help="Entity types, comma-separated: agency,document,reform,place.")
@click.option("--cross-city", is_flag=True, help="Entities and concepts named by at least two places, with the places.")
@click.option("--overview", is_flag=True, help="Places and the entities named by the most places (aggregated).")
@click.option("--reform", default=None, help="A reform's diffusion: places × years, with evidence (its name).")
@click.option("--indicator", default=None, help="An indicator across places and years (its id or Chinese label).")
@click.option(
    "--max-nodes",
    type=click.IntRange(10, 50000),
    default=1500,
    show_default=True,
    help="Reduce larger graphs to the best-connected nodes.",
)
@click.option(
    "--visible",
    type=click.IntRange(10, 50000),
    default=80,
    show_default=True,
    help="Draw at most this many nodes at first; the rest are grouped (groups open on click).",
)
def viz_cmd(
    store_location: str,
    output: Path,
    report: str | None,
    focus: str | None,
    depth: int,
    types: str | None,
    cross_city: bool,
    overview: bool,
    reform: str | None,
    indicator: str | None,
    max_nodes: int,
    visible: int,
) -> None:
    """Write an interactive view as one self-contained HTML file (works offline). With no view option: the
    report's tree when the store holds one report, else the overview."""
    chosen = [
        name
        for name, on in (
            ("report", report),
            ("focus", focus),
            ("types", types),
            ("cross-city", cross_city),
            ("overview", overview),
            ("reform", reform),
            ("indicator", indicator),
        )
        if on
    ]
    if len(chosen) > 1:
        raise _Fail("choose one view: --report, --focus, --types, --cross-city, --overview, --reform or --indicator")
    wanted = gg.ViewRequest(
        chosen[0] if chosen else "auto",
        report=report,
        focus=focus,
        depth=depth,
        types=tuple(t.strip() for t in (types or "").split(",") if t.strip()),
        max_nodes=max_nodes,
        reform=reform,
        indicator=indicator,
        visible=visible,
    )
    with gg.open_store(store_location) as store:
        view = gg.build_view(store, wanted)
    try:
        nodes, edges = gg.write_view(view, output)
    except OSError as e:
        raise _Fail(f"{output}: cannot write ({e.strerror or e})") from None
    left = (
        f"; left out {view.left_out_nodes} nodes and {view.left_out_edges} edges ({'; '.join(view.notes)})"
        if view.left_out_nodes
        else ""
    )
    if view.groups:
        members = sum(len(m) for m in view.groups.values())
        left += f"; {nodes - members} drawn at first, {members} in {len(view.groups)} groups that open on click"
    click.echo(f"wrote {output}: {nodes} nodes, {edges} edges{left}")


@main.command("serve")
@_store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (see docs/security.md).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds a query may run.")
@click.option("--max-rows", type=click.IntRange(1), default=100_000, show_default=True, help="Rows a result may have.")
@click.option(
    "--max-triples",
    type=click.IntRange(1),
    default=1_000_000,
    show_default=True,
    help="Triples a CONSTRUCT or DESCRIBE result may have.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Query processes. With 2 or more, one is kept for short queries: at most N-1 queries run past "
    "--short-query-seconds at once, and another that does is stopped and queued again to run in full "
    "(docs/decisions.md).",
)
@click.option(
    "--short-query-seconds",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="How long a query may run on the process kept for short queries before it is moved back to the "
    "queue; 0: keep no process for short queries.",
)
@click.option(
    "--worker-memory-mb",
    type=click.IntRange(min=64),
    default=2048,
    show_default=True,
    help="Memory each query process may use; a query needing more fails and its process is replaced.",
)
@click.option(
    "--queue",
    type=click.IntRange(0, 10_000),
    default=32,
    show_default=True,
    help="Requests that may wait for a free worker; beyond, 503 with Retry-After.",
)
@click.option(
    "--max-body", type=click.IntRange(1), default=2**20, show_default=True, help="Bytes a POST body may have."
)
@_allow_service_option
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages from this origin (https://example.org) query the endpoint from a browser (repeat); off by default.",
)
def serve_cmd(
    store_location: str,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_triples: int,
    workers: int,
    short_query_seconds: float,
    worker_memory_mb: int,
    queue: int,
    max_body: int,
    allow_service: tuple[str, ...],
    cors: tuple[str, ...],
) -> None:
    """A read-only SPARQL 1.1 Protocol endpoint over the store, with a query page at /."""
    limits = gg.Limits(
        timeout=timeout,
        max_rows=max_rows,
        max_triples=max_triples,
        max_body=max_body,
        queue=queue,
        worker_memory_mb=worker_memory_mb,
        short_query_seconds=short_query_seconds,
    )
    with gg.open_store(store_location) as store:
        click.echo(f"serving {store.location} at http://{host}:{port}/sparql (read-only)", err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"govgraph: warning: listening on {host}: other machines can query this store", err=True)
        origins = [o for v in cors for o in v.replace(",", " ").split()]
        gg.serve(store, host, port, limits, workers=workers, allow_service=_hosts(allow_service), cors=origins)


@main.command("export")
@_store_option
@click.option("--format", "fmt", type=click.Choice(list(gg.EXPORT_FORMATS)), required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The file (graphml, gexf, nquads) or the folder of tables (csv, parquet) to write.",
)
@click.option(
    "--view",
    type=click.Choice(["report", "focus", "types", "cross-city", "overview"]),
    default=None,
    help="graphml/gexf: the network to export (default: every report and entity, mentions and relations).",
)
@click.option("--report", default=None, help="--view report: the report's id (460100-2022-fazhi) or title.")
@click.option("--focus", default=None, help="--view focus: an entity's name or IRI.")
@click.option("--depth", type=click.IntRange(1, 4), default=1, show_default=True, help="--view focus: how far.")
@click.option(
    "--types", default=None, help="--view types: entity types, comma-separated (agency,document,reform,place)."
)
@click.option("--max-nodes", type=click.IntRange(10), default=None, help="Keep only the best-connected nodes.")
def export_cmd(
    store_location: str,
    fmt: str,
    output: Path,
    view: str | None,
    report: str | None,
    focus: str | None,
    depth: int,
    types: str | None,
    max_nodes: int | None,
) -> None:
    """Export for other tools: a network as GraphML or GEXF, tables of entities and observations as CSV or
    Parquet, or the whole store as N-Quads."""
    wanted = None
    if view is not None or types or max_nodes is not None:
        chosen = tuple(t.strip() for t in (types or "").split(",") if t.strip()) or (
            "agency",
            "document",
            "reform",
            "place",
        )
        wanted = gg.ViewRequest(
            view or "types", report=report, focus=focus, depth=depth, types=chosen, max_nodes=max_nodes or 10**9
        )
    with gg.open_store(store_location) as store:
        summary = gg.export(store, fmt, output, view=wanted)
    counts = ", ".join(f"{n} {what}" for what, n in summary.counts.items())
    click.echo(f"wrote {output} ({fmt}): {counts}")


PASSWORD_ENV = "GOVGRAPH_PUSH_PASSWORD"


@main.command("push")
@_store_option
@click.option("--endpoint", required=True, help="The Graph Store Protocol endpoint (Oxigraph: http://host:7878/store).")
@click.option(
    "--user", default=None, help=f"Authenticate as this user; the password comes from ${PASSWORD_ENV} or a prompt."
)
@click.option(
    "--auth",
    "auth_scheme",
    type=click.Choice(["auto", "basic", "digest"]),
    default="auto",
    show_default=True,
    help="HTTP authentication: auto answers whichever the server asks for (Virtuoso's is digest).",
)
@click.option(
    "--verify", is_flag=True, help="Ask the remote for each graph's triple count and send again what differs."
)
@click.option("--query-endpoint", default=None, help="With --verify: count through this SPARQL endpoint (one query).")
@click.option("--force", is_flag=True, help="Send every graph, whatever the state file says.")
def push_cmd(
    store_location: str,
    endpoint: str,
    user: str | None,
    auth_scheme: str,
    verify: bool,
    query_endpoint: str | None,
    force: bool,
) -> None:
    """PUT every report graph (and the shared graphs) to another triple store; resumable, idempotent."""
    for option, url in (("--endpoint", endpoint), ("--query-endpoint", query_endpoint)):
        if url is not None and not url.startswith(("http://", "https://")):
            raise _Fail(f"{option}: not an http(s) URL")  # the URL itself may hold a password: not shown
    password = _password(user) if user is not None else None
    with gg.open_store(store_location) as store:
        total = len(store.named_graphs())
        bar = _bar(total, "pushing")
        summary = gg.push(
            store,
            endpoint,
            progress=(lambda _: bar.update(1)) if bar else None,
            user=user,
            password=password,
            auth=auth_scheme,
            verify=verify,
            force=force,
            query_endpoint=query_endpoint,
        )
        if bar is not None:
            bar.render_finish()
    checked = f"; {summary.verified} checked on the remote" if verify else ""
    click.echo(
        f"sent {summary.sent} graph(s), {summary.triples} triples; {summary.unchanged} unchanged since the last push"
        f"{checked}"
    )
    for g in summary.repaired:
        click.echo(f"repaired: {g} (the remote held another number of triples)")
    for f in summary.failed:
        click.echo(f"govgraph: {f} (run push again to resume)", err=True)
    if summary.failed:
        sys.exit(1)


def _password(user: str) -> str:
    """The push password: ``$GOVGRAPH_PUSH_PASSWORD``, else a prompt on the terminal (not echoed), else the
    first line of a piped standard input."""
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        return str(click.prompt(f"password for {user}", hide_input=True, err=True))
    line = sys.stdin.readline().rstrip("\r\n") if sys.stdin is not None else ""
    if not line:
        raise _Fail(f"--user {user}: no password (set ${PASSWORD_ENV}, or run in a terminal to be asked)")
    return line


@main.command("demo")
@_store_option
@click.option(
    "--reports", "reports_dir", type=click.Path(path_type=Path), default=Path("data/reports"), show_default=True
)
def demo_cmd(store_location: str, reports_dir: Path) -> None:
    """Ingest the bundled sample and print a summary and a few canned queries."""
    files = gg.report_files([reports_dir]) if reports_dir.exists() else []
    if not files:
        raise _Fail(f"{reports_dir}: no sample reports found")
    with gg.open_store(store_location, write=True) as store:
        summary = gg.ingest(files, store)
        click.echo(f"ingested {summary.reports} report(s), {summary.triples} triples into {store.location}\n")
        for title, result in gg.demo_queries(store):
            click.echo(f"== {title}")
            click.echo(gg.format_result(result, "table"))
