"""Readers never lock each other out: any number of read-only commands run at once on one store, a
writer and a reader never overlap (the second is told the store is busy, in one line), and a reader
never creates a file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import HAIKOU, ROOT
from servers import GOVGRAPH, govgraph_server, oxigraph_server

import govgraph


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GOVGRAPH, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def _one_line(r: subprocess.CompletedProcess[str]) -> bool:
    return r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("readers") / "store"
    with govgraph.open_store(path, write=True) as s:
        govgraph.ingest([HAIKOU], s)
    return path


def test_readers_run_while_the_store_is_served(store: Path, tmp_path: Path) -> None:
    with govgraph_server(store) as base, oxigraph_server(tmp_path / "remote") as remote:
        q = run("query", "rates-by-place", "--store", str(store), "--format", "csv")
        assert q.returncode == 0 and "98.53" in q.stdout, q.stderr
        s = run("stats", "--store", str(store))
        assert s.returncode == 0 and "1 report graph(s)" in s.stdout, s.stderr
        v = run("viz", "--store", str(store), "--report", "460100-2022-fazhi", "-o", str(tmp_path / "r.html"))
        assert v.returncode == 0 and (tmp_path / "r.html").stat().st_size > 10_000, v.stderr
        p = run("push", "--store", str(store), "--endpoint", remote + "/store")
        assert p.returncode == 0 and "sent" in p.stdout, p.stderr
        val = run("validate", "--store", str(store), "--jobs", "1")
        assert val.returncode == 0 and val.stdout.startswith("conforms"), val.stdout + val.stderr
        # the endpoint itself is a store location too: the URL keeps its double slash
        u = run("query", "ASK { ?r a <https://w3id.org/govgraph/def#Report> }", "--store", base + "/sparql")
        assert u.returncode == 0 and u.stdout.strip() == "true", u.stderr
        # a writer is refused while readers hold the store, in one line, and the store is unchanged
        w = run("ingest", str(HAIKOU), "--store", str(store))
        assert w.returncode == 2 and "busy" in w.stderr and _one_line(w), w.stderr
    again = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv")
    assert again.returncode == 0 and int(again.stdout.split()[1]) > 3000


def test_a_reader_beside_a_writer_is_told_the_store_is_busy(store: Path) -> None:
    with govgraph.open_store(store, write=True):  # as an ingest holds it
        r = run("query", "ASK { ?s ?p ?o }", "--store", str(store))
        assert r.returncode == 2 and "busy" in r.stderr and _one_line(r), r.stderr
        s = run("stats", "--store", str(store))
        assert s.returncode == 2 and "busy" in s.stderr and _one_line(s), s.stderr
    assert run("query", "ASK { ?s ?p ?o }", "--store", str(store)).stdout.strip() == "true"


def test_readers_in_one_process_share_the_store(store: Path) -> None:
    with govgraph.open_store(store) as a, govgraph.open_store(store) as b:
        assert a.read_only and b.read_only
        assert a.report_graphs() == b.report_graphs() == ["https://w3id.org/govgraph/report/460100-2022-fazhi"]
        with pytest.raises(govgraph.StoreError, match="read-only"):
            a.replace_graph("https://example.org/g", "")
        with pytest.raises(govgraph.StoreBusy):
            govgraph.open_store(store, write=True)


@pytest.mark.parametrize(
    "command",
    [
        ["query", "ASK { ?s ?p ?o }"],
        ["stats"],
        ["validate"],
        ["viz", "-o", "{tmp}/v.html"],
        ["push", "--endpoint", "http://127.0.0.1:9/store"],
        ["serve", "--port", "9"],
    ],
    ids=lambda c: c[0],
)
@pytest.mark.parametrize("folder", ["missing", "empty", "documents"])
def test_read_only_commands_never_create_files(tmp_path: Path, command: list[str], folder: str) -> None:
    where = tmp_path / "where"
    if folder != "missing":
        where.mkdir()
    if folder == "documents":
        (where / "notes.txt").write_text("my own notes", encoding="utf-8")
    before = sorted(p.name for p in where.iterdir()) if where.exists() else None
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    r = run(*args, "--store", str(where))
    assert r.returncode == 2 and "no store here" in r.stderr and _one_line(r), r.stderr
    after = sorted(p.name for p in where.iterdir()) if where.exists() else None
    assert after == before, f"{command[0]} changed {where}"
