"""Where triples live: the two write paths (a first load swapped in whole, and report-by-report
batches), and what a SIGKILL leaves of each."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, HAIKOU

from govgraph import StoreError
from govgraph import ingest as ingest_files
from govgraph.store.first_load import FirstLoad
from govgraph.store.oxigraph import OxigraphStore

SHARED = "https://w3id.org/govgraph/graph/shared"


def _corpus_files(n: int | None = None) -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is absent")
    files = sorted(p for p in CORPUS.rglob("*.txt") if p.name != "README.md")
    return files[:n] if n else files


def _quads(store: OxigraphStore) -> list[str]:
    """Every quad as N-Quads, with blank-node labels (the two write paths label them differently) and
    times of extraction erased."""
    dump = "".join(
        f"{line[:-2]} <{g}> .\n" for g in store.named_graphs() for line in store.graph_ntriples(g).splitlines()
    )
    return sorted(re.sub(r'_:\S+|"[^"]*"\^\^<[^>]*#dateTime>', "_", line) for line in dump.splitlines())


def test_a_first_load_stores_what_report_by_report_ingest_stores(tmp_path):
    files = _corpus_files(12)
    first = OxigraphStore(tmp_path / "first")
    assert isinstance(first.writer(SHARED), FirstLoad)  # empty: one bulk load, swapped in
    ingest_files([*files, HAIKOU], first, jobs=2)
    stepwise = OxigraphStore(tmp_path / "stepwise")
    ingest_files([HAIKOU], stepwise)
    assert not isinstance(stepwise.writer(SHARED), FirstLoad)  # holds a report: batches
    ingest_files(files, stepwise, jobs=2)
    assert first.report_graphs() == stepwise.report_graphs() and len(first.report_graphs()) >= 12
    assert first.quad_count() == stepwise.quad_count()
    assert _quads(first) == _quads(stepwise)
    assert not list(tmp_path.glob(".*")), "a first load left a folder behind"


def test_a_report_given_twice_in_a_first_load_is_stored_once(tmp_path):
    once = OxigraphStore(tmp_path / "once")
    ingest_files([HAIKOU], once)
    twice = OxigraphStore(tmp_path / "twice")
    summary = ingest_files([HAIKOU, HAIKOU], twice)
    assert summary.reports == 2 and twice.report_graphs() == once.report_graphs()
    assert twice.quad_count() == once.quad_count()


def test_a_failed_first_load_leaves_the_store_as_it_was(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    with pytest.raises(StoreError, match="the bulk load failed"):
        with FirstLoad(store, SHARED) as w:
            w.put("https://w3id.org/govgraph/report/x", b"<https://example.org/a> not N-Quads at all .\n")
    assert store.report_graphs() == [] and store.quad_count() == 0
    assert not list(tmp_path.glob(".store.*")), "the failed load's folder was left behind"
    ingest_files([HAIKOU], store)  # the store still works
    assert len(store.report_graphs()) == 1


def _ingest(args: list[str], path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "govgraph", "ingest", *args, "--store", str(path), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _validates(path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govgraph", "validate", "--store", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("conforms:"), done.stdout + done.stderr


def _reported_incomplete(path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govgraph", "validate", "--store", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 1 and "incomplete: an ingest did not finish" in done.stdout, done.stdout + done.stderr


def _no_workers_left(path: Path) -> None:
    time.sleep(1)
    left = [p for p in Path("/proc").glob("[0-9]*") if _cmdline(p).count(str(path))]
    assert not left, "the killed ingest's worker processes are still running"


def test_killed_first_load_leaves_an_empty_store_and_the_next_ingest_cleans_up(tmp_path):
    _corpus_files()
    path = tmp_path / "killed"
    proc = _ingest([str(CORPUS)], path)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".killed.loading-*")):
        time.sleep(0.05)
    assert list(tmp_path.glob(".killed.loading-*")), "the first load never started"
    time.sleep(1.0)  # the corpus takes several seconds: kill while reports are still being loaded
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _no_workers_left(path)
    assert list(tmp_path.glob(".killed.loading-*")), "the load had ended before the kill"
    s = OxigraphStore(path)
    assert s.report_graphs() == [] and s.quad_count() == 0  # nothing of a half-done load
    s.close()
    _validates(path)
    ingest_files([HAIKOU], OxigraphStore(path))
    assert not list(tmp_path.glob(".killed.*")), "the abandoned load's folder is still there"
    assert len(OxigraphStore(path).report_graphs()) == 1


def test_killed_ingest_into_a_store_with_reports_leaves_whole_reports(tmp_path):
    """SIGKILL in the middle of adding reports to a store that has some: the store opens, and every
    report in it is whole."""
    _corpus_files()
    path = tmp_path / "killed"
    ingest_files([HAIKOU], OxigraphStore(path))  # not empty: reports go in batches (2 MB here)
    graphs: list[str] = []
    for delay in (2.0, 4.0, 7.0):  # kill later on a slower machine, until the kill lands mid-way
        proc = _ingest([str(CORPUS), "--batch-mb", "2"], path)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        graphs = OxigraphStore(path).report_graphs()
        if 1 < len(graphs) < 83:
            break
    assert 1 < len(graphs) < 83, "the kill never came mid-way"
    _no_workers_left(path)
    s = OxigraphStore(path)
    assert s.damaged_reports() == []
    counts = s.query(
        "PREFIX gg: <https://w3id.org/govgraph/def#> SELECT ?g ?n WHERE { GRAPH ?g { ?r gg:tripleCount ?n } }"
    ).rows
    assert len(counts) == len(graphs)  # every report graph in the store declares its size, and has it
    s.close()
    _reported_incomplete(path)  # the reach counts and links are stale: validate must not call it complete
    subprocess.run([sys.executable, "-m", "govgraph", "repair", "--store", str(path)], check=True, capture_output=True)
    _validates(path)


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def test_a_replacement_reads_both_forms_of_records(tmp_path):
    """A statement stays while a report recorded as making it is left, in the compact records (one list
    a report) or in the older form (one record a statement), and goes with the last of them."""
    from govgraph.store.base import CONTRIBUTED, CONTRIBUTIONS_GRAPH, contribution_nquads, literal

    s = OxigraphStore(tmp_path / "s")
    t = '<https://example.org/a> <https://example.org/p> "x"'

    def report(n: str) -> tuple[str, bytes]:
        g = f"https://example.org/r{n}"
        return g, f'<{g}> <https://example.org/q> "{n}" <{g}> .\n'.encode()

    old, old_own = report("1")  # recorded in the older form
    new, new_own = report("2")  # recorded in the compact form
    older = f"<{old}/shared> {CONTRIBUTED} {literal(t)} <{CONTRIBUTIONS_GRAPH}> .\n".encode()
    s.bulk_load(old_own + f"{t} <{SHARED}> .\n".encode() + older + new_own + contribution_nquads(new, [t]))

    def shared() -> list[str]:
        return s.graph_ntriples(SHARED).splitlines()

    s.replace_report(new, new_own, [], SHARED)  # the new-form report no longer says it; the older one does
    assert shared() == [t + " ."]
    s.replace_report(new, new_own, [t], SHARED)
    s.replace_report(old, old_own, [], SHARED)  # the older-form report no longer says it; the new one does
    assert shared() == [t + " ."]
    s.replace_report(new, new_own, [], SHARED)  # nobody says it any more
    assert shared() == []
    assert s.graph_ntriples(CONTRIBUTIONS_GRAPH) == ""


def test_ingest_reads_each_file_once(tmp_path, monkeypatch):
    """The duplicate-id check reads every file; extraction takes the report as that check read it."""
    import govgraph.pipeline as pipeline

    files = _corpus_files(3) + [Path(HAIKOU)]
    reads: list[str] = []
    real = pipeline.read_report

    def counted(path, **kw):
        reads.append(str(path))
        return real(path, **kw)

    monkeypatch.setattr(pipeline, "read_report", counted)
    store = OxigraphStore(tmp_path / "store")
    summary = ingest_files(files, store)
    assert summary.reports == 4 and not summary.errors
    assert sorted(reads) == sorted(str(f) for f in files)  # once each
    assert len(store.report_graphs()) == 4


def test_a_first_load_in_many_bulk_load_calls_stores_the_same(tmp_path):
    """The first load makes one bulk-load call a chunk of N-Quads (bounding the loader's memory); chunks
    of a few reports give the same store as one call, and it is still swapped in whole at the end."""
    import govgraph.pipeline as pipeline

    files = [*_corpus_files(6), Path(HAIKOU)]
    one = OxigraphStore(tmp_path / "one")
    ingest_files(files, one)
    many = OxigraphStore(tmp_path / "many")
    writer = FirstLoad(many, SHARED, chunk_bytes=200_000)  # a report or two a call
    with writer:
        for f in files:
            item = pipeline._prepare(f, None)
            writer.put(item.graph_iri, item.own, item.shared, item.records)
    assert writer.calls > 3 and writer.compacted  # the files of the calls merged before the swap
    pipeline.finish(many)
    assert _quads(one) == _quads(many) and len(many.report_graphs()) == len(files)


def test_reads_a_killed_ingest_left_are_removed_by_the_next(tmp_path):
    """An ingest killed by SIGKILL cannot remove its temporary folder of reports as read; the next
    ingest removes every such folder whose process is gone, and none of a process that runs."""
    from govgraph.pipeline import remove_abandoned_reads

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = tmp_path / f"govgraph-reads-{dead.stdout.strip()}-abc"
    running = tmp_path / "govgraph-reads-1-abc"  # process 1 always runs
    for d in (abandoned, running):
        d.mkdir()
        (d / "x.pickle").write_bytes(b"x")
    assert remove_abandoned_reads(str(tmp_path)) == [abandoned]
    assert not abandoned.exists() and running.exists()


def test_compact_keeps_every_quad_and_answer_and_makes_no_store_where_there_is_none(tmp_path):
    from click.testing import CliRunner

    from govgraph.cli import main

    store = tmp_path / "s"
    with OxigraphStore(store, write=True) as s:
        ingest_files([HAIKOU], s)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with OxigraphStore(store) as s:
        before = (s.quad_count(), s.query(count).rows, sorted(s.graph_ntriples(g) for g in s.named_graphs()))
    r = CliRunner().invoke(main, ["compact", "--store", str(store)])
    assert r.exit_code == 0 and r.output.startswith(f"compacted {store}: ") and "MiB ->" in r.output, r.output
    with OxigraphStore(store) as s:
        assert (s.quad_count(), s.query(count).rows, sorted(s.graph_ntriples(g) for g in s.named_graphs())) == before
    nowhere = tmp_path / "none"
    r = CliRunner().invoke(main, ["compact", "--store", str(nowhere)])
    assert r.exit_code != 0 and not nowhere.exists() and "Traceback" not in r.output
