"""Issue 16: ingest that cannot lie, and inputs that never give a traceback.

A full disk, a kill in the last phase, a replaced report, a dead worker, an unreadable folder, odd
file names and encodings: each ends in one line (or a result), and never in a store that ``validate``
calls complete when it is not. Full-disk tests mount a small tmpfs (root only; skipped elsewhere).
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HAIKOU, ROOT

import govgraph
from govgraph import InputError, StoreError
from govgraph.cli import main
from govgraph.pipeline import report_files
from govgraph.read import read_bytes, read_report
from govgraph.store.base import STATE_GRAPH
from govgraph.store.oxigraph import OxigraphStore

SHARED = "https://w3id.org/govgraph/graph/shared"


def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """``govgraph ARGS`` in a fresh process (a kill or a hang must not take the test run with it)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, env=full_env, timeout=timeout
    )


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def _years(folder: Path, years: range) -> list[Path]:
    """Copies of the sample report, each given another year by its header: distinct reports."""
    folder.mkdir(parents=True, exist_ok=True)
    body = HAIKOU.read_text(encoding="utf-8")
    out = []
    for y in years:
        p = folder / f"haikou-{y}.txt"
        p.write_text(f"# year: {y}\n\n{body}", encoding="utf-8")
        out.append(p)
    return out


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs: a disk that fills during an ingest. Skipped where mounting is not permitted."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4M", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode(errors='replace').strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


# --- 1. a full disk: one line, the store as it was, and no hang


def test_a_first_load_that_fills_the_disk_ends_in_one_line_and_leaves_no_report(tmpfs, tmp_path):
    files = _years(tmp_path / "in", range(2001, 2009))
    r = _cli("ingest", *map(str, files), "--store", str(tmpfs / "s"), "-j", "1", timeout=120)  # it used to hang
    assert r.returncode == 2 and "No space left" in _one_line(r.stderr)
    assert not list(tmpfs.glob(".s.*")), "the staging folder was left behind"
    with OxigraphStore(tmpfs / "s", write=False) as s:
        assert s.report_graphs() == [] and not s.has_graph(STATE_GRAPH)


def test_an_incremental_ingest_into_a_full_disk_ends_in_one_line_and_leaves_the_store_as_it_was(tmpfs, tmp_path):
    store = tmpfs / "s"
    assert _cli("ingest", str(HAIKOU), "--store", str(store)).returncode == 0
    with OxigraphStore(store, write=False) as s:
        before = (s.report_graphs(), s.quad_count())
    filler = tmpfs / "filler"
    free = shutil.disk_usage(tmpfs).free
    filler.write_bytes(b"\0" * max(0, free - 300 * 1024))  # room for RocksDB's log, not for the batch
    files = _years(tmp_path / "in", range(2001, 2009))
    r = _cli("ingest", *map(str, files), "--store", str(store), "-j", "1", timeout=120)
    assert r.returncode == 2 and "No space left" in _one_line(r.stderr)
    filler.unlink()
    with OxigraphStore(store, write=False) as s:
        assert (s.report_graphs(), s.quad_count()) == before


def test_a_full_disk_at_the_end_of_an_incremental_ingest_is_one_line(tmp_path, monkeypatch):
    """RocksDB refusing the final flush (its memtable to a file) was a traceback."""
    from govgraph.store import oxigraph

    store = tmp_path / "s"
    govgraph.ingest([HAIKOU], store)
    real_open = oxigraph._open_oxigraph

    class FullDisk:
        def __init__(self, inner: object) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> object:
            return getattr(self._inner, name)

        def __len__(self) -> int:
            return len(self._inner)  # type: ignore[arg-type]

        def flush(self) -> None:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(oxigraph, "_open_oxigraph", lambda path, read_only: FullDisk(real_open(path, read_only)))
    r = CliRunner().invoke(main, ["ingest", str(_years(tmp_path / "in", range(2001, 2002))[0]), "--store", str(store)])
    assert r.exit_code == 2 and "No space left" in r.output and "Traceback" not in r.output, r.output
    assert len(r.output.strip().splitlines()) == 1


def test_a_bulk_load_that_fails_after_taking_the_end_marker_does_not_hang(tmp_path, monkeypatch):
    """The loader thread failed after reading the last byte (RocksDB ingesting the sorted files on a full
    disk) and waited for a second end marker while the main thread waited for it: for ever."""

    def fails_at_the_end(self: OxigraphStore, data: object) -> None:
        while data.read(1 << 16):  # type: ignore[attr-defined]
            pass
        raise StoreError(f"{self.location}: cannot write (IO error: No space left on device)")

    monkeypatch.setattr(OxigraphStore, "bulk_load", fails_at_the_end)
    store = OxigraphStore(tmp_path / "s")
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            govgraph.ingest([HAIKOU], store)
            outcome.append(None)
        except BaseException as e:
            outcome.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "the first load hung"
    assert isinstance(outcome[0], StoreError) and "No space left" in str(outcome[0])
    assert store.report_graphs() == [] and not list(tmp_path.glob(".s.*"))


# --- 2. a kill in the last phase is seen by validate, and repair completes the store


@pytest.mark.parametrize("phase", ["swap", "ontology", "links"])
def test_a_first_load_killed_after_the_swap_is_reported_incomplete_until_repaired(tmp_path, phase):
    store = tmp_path / "s"
    r = _cli("ingest", str(HAIKOU), "--store", str(store), env={"GOVGRAPH_TEST_KILL_AT": phase})
    assert r.returncode == -9
    with OxigraphStore(store, write=False) as s:
        assert len(s.report_graphs()) == 1  # the reports are there: only the last phase is missing
    _assert_incomplete_then_repaired(store)


def test_an_incremental_ingest_killed_after_the_workers_is_reported_incomplete_until_repaired(tmp_path):
    store = tmp_path / "s"
    assert _cli("ingest", str(HAIKOU), "--store", str(store)).returncode == 0
    files = _years(tmp_path / "in", range(2001, 2003))
    r = _cli("ingest", *map(str, files), "--store", str(store), env={"GOVGRAPH_TEST_KILL_AT": "workers"})
    assert r.returncode == -9
    _assert_incomplete_then_repaired(store)
    with OxigraphStore(store, write=False) as s:
        assert len(s.report_graphs()) == 3


def _assert_incomplete_then_repaired(store: Path) -> None:
    v = _cli("validate", "--store", str(store), "--jobs", "1")
    assert v.returncode == 1 and "incomplete: an ingest did not finish" in v.stdout and "govgraph repair" in v.stdout
    fixed = _cli("repair", "--store", str(store))
    assert fixed.returncode == 0, fixed.stderr
    v = _cli("validate", "--store", str(store), "--jobs", "1")
    assert v.returncode == 0 and "incomplete" not in v.stdout, v.stdout


def test_a_complete_store_is_not_reported_incomplete(tmp_path):
    store = OxigraphStore(tmp_path / "s")
    govgraph.ingest([HAIKOU], store)
    assert not store.has_graph(STATE_GRAPH)
    assert govgraph.validate(store).incomplete == []


# --- 3. re-ingest retracts what only the old version said

_ISSUED = "制定并公开《海口市人民政府2022年度重大行政决策目录》"


def _issued(store: OxigraphStore) -> list[str]:
    return sorted(str(r[1]) for r in store.query(govgraph.query_text("documents-by-issuer", {})).rows)


def test_a_replaced_report_no_longer_lists_what_its_old_version_said(tmp_path):
    text = HAIKOU.read_text(encoding="utf-8")
    assert _ISSUED in text
    report = tmp_path / "haikou.txt"
    report.write_text(text, encoding="utf-8")
    store = OxigraphStore(tmp_path / "s")
    govgraph.ingest([report], store)
    assert "海口市人民政府2022年度重大行政决策目录" in _issued(store)
    report.write_text(text.replace(_ISSUED, "公开重大行政决策目录"), encoding="utf-8")
    govgraph.ingest([report], store)
    assert len(store.report_graphs()) == 1
    assert "海口市人民政府2022年度重大行政决策目录" not in _issued(store)


def test_a_statement_another_report_still_makes_stays(tmp_path):
    text = HAIKOU.read_text(encoding="utf-8")
    report = tmp_path / "haikou.txt"
    report.write_text(text, encoding="utf-8")
    other = _years(tmp_path / "other", range(2021, 2022))  # another report saying the same
    store = OxigraphStore(tmp_path / "s")
    govgraph.ingest([report, *other], store)
    report.write_text(text.replace(_ISSUED, "公开重大行政决策目录"), encoding="utf-8")
    govgraph.ingest([report], store)
    assert "海口市人民政府2022年度重大行政决策目录" in _issued(store)
    govgraph.ingest([other[0]], store)  # replaced by itself: nothing it says goes
    assert "海口市人民政府2022年度重大行政决策目录" in _issued(store)


# --- 4. one line, never a traceback


def test_a_path_that_cannot_be_looked_at_is_one_line(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_stat = Path.stat

    def stat(self: Path, **kwargs: bool) -> os.stat_result:  # as for a folder whose parent is mode 000
        if self == locked or locked in self.parents:
            raise PermissionError(13, "Permission denied")
        return real_stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    skipped: list[str] = []
    assert report_files([locked], skipped.append) == []
    assert skipped == [f"{locked}: cannot be read (Permission denied)"]
    with pytest.raises(InputError, match="cannot be read"):
        read_report(locked / "a.txt")
    r = CliRunner().invoke(main, ["ingest", str(locked), "--store", str(tmp_path / "s")])
    assert r.exit_code == 2 and "Traceback" not in r.output and not (tmp_path / "s").exists()


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    shutil.copy(HAIKOU, tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fspath(path)) == tmp_path / "sub":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    skipped: list[str] = []
    assert report_files([tmp_path], skipped.append) == [tmp_path / "a.txt"]
    assert skipped == [f"{tmp_path / 'sub'}: folder skipped: cannot be read (Permission denied)"]


def test_viz_to_an_unwritable_path_is_one_line(tmp_path, monkeypatch):
    store = tmp_path / "s"
    govgraph.ingest([HAIKOU], store)

    def refuse(self: Path, *a: object, **k: object) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    r = CliRunner().invoke(main, ["viz", "--store", str(store), "-o", str(tmp_path / "v.html")])
    assert r.exit_code == 2 and "Permission denied" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_a_killed_extraction_worker_is_one_line_naming_a_file(tmp_path):
    files = _years(tmp_path / "in", range(2001, 2005))
    r = _cli(
        "ingest", *map(str, files), "--store", str(tmp_path / "s"), "-j", "2", env={"GOVGRAPH_TEST_KILL_AT": "worker"}
    )
    line = _one_line(r.stderr)
    assert r.returncode == 2 and "an extraction worker died" in line and "haikou-20" in line
    with OxigraphStore(tmp_path / "s", write=False) as s:
        assert s.report_graphs() == []


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path):
    bad = tmp_path / "bad\nname.txt"
    bad.write_bytes(b"")
    odd = tmp_path / "odd\nname.txt"
    odd.write_bytes(HAIKOU.read_bytes().replace("法治".encode(), b"\xff\xfe\xfd", 1))  # one undecodable run
    r = _cli("ingest", str(bad), str(odd), "--store", str(tmp_path / "s"))
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 2 and all(line.startswith("govgraph: ") for line in lines), lines


# --- 5. read-only commands never write where there is no store


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
        ["viz", "-o", "OUT"],
        ["validate"],
        ["push", "--endpoint", "http://127.0.0.1:9/store"],
        ["serve", "--port", "9"],
    ],
    ids=lambda a: a[0],
)
@pytest.mark.parametrize("holds", ["nothing", "a document"])
def test_a_read_only_command_on_a_folder_that_is_no_store_changes_nothing(tmp_path, args, holds):
    folder = tmp_path / "docs"
    folder.mkdir()
    if holds == "a document":
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in folder.rglob("*"))
    r = _cli(*[str(tmp_path / "v.html") if a == "OUT" else a for a in args], "--store", str(folder), timeout=60)
    assert r.returncode == 2 and "no store here" in _one_line(r.stderr)
    assert sorted(p.name for p in folder.rglob("*")) == before
    assert not (tmp_path / "v.html").exists()


# --- 7. smaller defects


def test_utf16_without_a_byte_order_mark_is_read():
    text = HAIKOU.read_text(encoding="utf-8")
    for enc in ("utf-16-le", "utf-16-be"):
        doc = read_bytes(text.encode(enc), "h.txt")
        assert (doc.encoding, doc.meta.adcode, doc.text[:10]) == (enc, "460100", text[:10])


def _page(extra: str = "") -> bytes:
    lines = [line for line in HAIKOU.read_text(encoding="utf-8").splitlines()[3:40] if line.strip()]
    body = "".join(f"<p>{line}</p>" for line in lines)
    title = "海口市人民政府2022年法治政府建设情况报告"
    return f"<html><head><title>{title}</title></head><body>{extra}{body}</body></html>".encode()


def test_an_html_page_with_no_date_gets_no_published_date():
    assert read_bytes(_page(), "p.html").meta.published is None  # was 2022-01-01, made up from the year
    assert read_bytes(_page("<p>发布时间：2023年3月7日</p>"), "p.html").meta.published == "2023-03-07"


def test_two_reports_with_no_title_and_no_place_get_two_ids(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("本年度我们推进依法行政工作，加强执法监督，完善制度建设，提高依法决策水平。\n" * 3, encoding="utf-8")
    b.write_text("本年度我们深化政务公开工作，规范行政执法行为，健全矛盾纠纷化解机制。\n" * 3, encoding="utf-8")
    ids = {govgraph.extract_report(p).report_id for p in (a, b)}
    assert len(ids) == 2 and not any(i.endswith("da39a3ee") for i in ids)


def test_ingest_progress_goes_to_stderr_only(tmp_path):
    """With stderr a terminal the progress bar is drawn there; stdout holds the summary alone."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "govgraph", "ingest", str(HAIKOU), "--store", str(tmp_path / "s")]
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=follower, text=True, env=env, timeout=120)
        os.close(follower)
        follower = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    lines = r.stdout.splitlines()  # the file → report id line, then the summary
    assert r.returncode == 0 and lines[-1].startswith("ingested 1 report(s)") and len(lines) == 2
    assert lines[0] == f"{HAIKOU} → 460100-2022-fazhi"
    assert b"ingesting" in drawn


# --- 8. fuzz: byte-level mutations of the sample report


def _mutants(seed: int, raw: bytes) -> Iterator[tuple[str, bytes]]:
    """(suffix, bytes): truncations, random bytes, other encodings, NULs, huge lines, broken HTML."""
    import random

    rng = random.Random(seed)
    text = raw.decode("utf-8")
    fixed: list[tuple[str, bytes]] = [
        (".txt", b""),
        (".txt", b"\xef\xbb\xbf"),
        (".txt", b"\xff\xfe"),
        (".txt", b" \n\t\n" * 100),
        (".txt", text.encode("gb18030")),
        (".txt", text.encode("utf-16")),
        (".txt", text.encode("utf-16-le")),
        (".txt", text.encode("utf-16-be")[:-1]),
        (".txt", text.encode("big5", errors="replace")),
        (".txt", "法" * 300_000 + "\n" + text),  # type: ignore[list-item]
        (".txt", raw[:4000] + b"9" * 200_000 + raw[4000:]),
        (".txt", raw.replace(b"\n", b"")),
        (".txt", raw.replace(b"\n", b"\r")),
        (".txt", b"# year: 99999999999999999999\n# place: \xe6\xb5\xb7\n\n" + raw),
        (".html", b"<html><body><p>" + raw + b"</p>"),
        (".html", b"<html><head><meta charset=gbk></head><body>" + raw + b"</body></html>"),
        (".html", b"<html>" + b"<div>" * 5000 + raw[:3000]),
        (".html", b"<!doctype html><script>" + raw + b"</script>"),
        (".html", b"<html><body><table><tr><td>" + raw.replace(b"\n", b"</td><td>") + b"</table></body></html>"),
    ]
    for suffix, data in fixed:
        yield suffix, data if isinstance(data, bytes) else str(data).encode("utf-8")
    while True:
        kind = rng.randrange(6)
        data = bytearray(raw)
        if kind == 0:
            del data[rng.randrange(len(data)) :]
        elif kind == 1:
            for _ in range(rng.randrange(1, 200)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 2:
            for _ in range(rng.randrange(1, 50)):
                data.insert(rng.randrange(len(data)), 0)
        elif kind == 3:
            at = rng.randrange(len(data))
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000)))
        elif kind == 4:
            a, b = sorted(rng.randrange(len(data)) for _ in range(2))
            data[a:a] = data[a:b] * rng.randrange(1, 20)
        else:
            data = bytearray(b"<html><body>" + bytes(data) + b"<p><div></span>" * rng.randrange(1, 100))
        yield (".html" if data.startswith(b"<html") else ".txt"), bytes(data)


def test_fuzzed_reports_give_a_result_or_one_input_error_line(tmp_path):
    import signal
    import time

    from govgraph.pipeline import extract_document

    def too_slow(*_: object) -> None:
        raise TimeoutError("a mutant hung")

    old = signal.signal(signal.SIGALRM, too_slow)
    deadline = time.monotonic() + 18
    files, outcomes = [], {"read": 0, "refused": 0}
    try:
        for i, (suffix, data) in enumerate(_mutants(16, HAIKOU.read_bytes())):
            if time.monotonic() > deadline:
                break
            path = tmp_path / f"m{i:04d}{suffix}"
            path.write_bytes(data)
            signal.alarm(20)
            try:
                extract_document(read_report(path))
                outcomes["read"] += 1
            except InputError as e:
                assert "\n" not in str(e) and str(e).startswith(str(path)), str(e)
                outcomes["refused"] += 1
            finally:
                signal.alarm(0)
            files.append(path)
    finally:
        signal.signal(signal.SIGALRM, old)
    assert outcomes["read"] > 20 and outcomes["refused"] > 5, outcomes
    summary = govgraph.ingest(files[:30], OxigraphStore(tmp_path / "s"))
    # a file is stored, or named in one error line (mutants of one report that map to one id with
    # different texts are refused together, in one line naming them all)
    refused = [f for f in files[:30] if any(str(f) in e for e in summary.errors)]
    assert summary.reports + len(refused) == min(30, len(files))
    assert all("\n" not in e for e in summary.errors)


def _fails_on_marked_reports(monkeypatch):
    """Make extraction fail, as a bug would, on every report whose text holds 故障标记."""
    import govgraph.pipeline as pipeline

    real = pipeline.resolve

    def resolve(text, *args, **kwargs):
        if "故障标记" in text:
            raise TypeError("str object expected; got None")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "resolve", resolve)


def test_an_extraction_bug_names_the_file_in_one_line(tmp_path, monkeypatch):
    _fails_on_marked_reports(monkeypatch)
    bad = tmp_path / "bad.txt"
    bad.write_text(HAIKOU.read_text(encoding="utf-8") + "\n故障标记\n", encoding="utf-8")
    with pytest.raises(govgraph.ExtractionFailed) as e:
        govgraph.extract_report(bad)
    assert str(e.value).startswith(f"{bad}: extraction failed (TypeError: str object expected; got None)")
    result = CliRunner().invoke(main, ["extract", str(bad)])
    assert result.exit_code == 70
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_an_ingest_skips_a_report_the_extractor_fails_on_and_stores_the_others(tmp_path, monkeypatch):
    _fails_on_marked_reports(monkeypatch)
    bad = tmp_path / "reports" / "bad.txt"
    bad.parent.mkdir()
    bad.write_text(HAIKOU.read_text(encoding="utf-8").replace("2022", "2021") + "\n故障标记\n", encoding="utf-8")
    shutil.copy(HAIKOU, bad.parent / HAIKOU.name)
    with govgraph.open_store(tmp_path / "store", write=True) as store:
        summary = govgraph.ingest([bad.parent], store)
        assert summary.reports == 1 and [p for p, _, _ in summary.stored] == [str(bad.parent / HAIKOU.name)]
        assert len(summary.errors) == 1 and summary.errors[0].startswith(f"{bad}: extraction failed (TypeError")
        (graph,) = store.report_graphs()
        assert graph.endswith("/" + govgraph.extract_report(HAIKOU).report_id)
