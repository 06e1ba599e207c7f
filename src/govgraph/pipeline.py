"""The pipeline, one line per stage: :func:`extract_report` for one report, :func:`ingest` for many.

``read → sections → extract → resolve → link`` make an :class:`~govgraph.model.Extraction` (pure:
same text in, same result out); ``rdf → store`` keep it; the ``corpus`` jobs then update what
spans all reports (probable matches, reach counts). Ingest reads, extracts and writes triples in
worker processes, and stores whole reports from this one (bulk batches for new reports).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .corpus.links import link_store
from .corpus.reach import count_reach
from .errors import ExtractionFailed, GovgraphError, InputError
from .extract import find_all
from .link import relations, report_id
from .model import Document, Extraction
from .rdf import ontology_ntriples, report_graph_iri, report_triples
from .read import DOCUMENT_SUFFIXES, HTML_SUFFIXES, TEXT_SUFFIXES, read_report
from .read.script import quote_original, to_simplified
from .resolve import resolve
from .sections import split_sections
from .store import TripleStore, open_backend
from .store.base import STATE_GRAPH, contribution_nquads, kill_point, process_alive
from .store.upgrade import upgrade_reports
from .text.place_context import context_for
from .vocab import DEF, ONTOLOGY_GRAPH, SHARED_GRAPH


def extract_document(doc: Document) -> Extraction:
    """Every stage after reading, over one report as read.

    >>> from govgraph.read import read_report
    >>> x = extract_document(read_report("data/reports/haikou-2022-fazhi.txt"))
    >>> x.report_id, len(x.sections) > 25, any(e.name == "海口市司法局" for e in x.entities)
    ('report/460100-2022-fazhi', True, True)
    """
    text, meta = to_simplified(doc.text), doc.meta  # Traditional: matched on a Simplified copy, same offsets
    ctx = context_for(meta.adcode, meta.year)
    sections = split_sections(text)
    found = find_all(text, ctx, sections)
    resolved = resolve(text, ctx, sections, found)
    rid = report_id(meta.adcode, meta.year, meta.genre, meta.title, meta.level, text)
    rels = relations(text, resolved.entities, ctx, rid)
    x = Extraction(doc, rid, sections, resolved.entities, resolved.observations, rels, resolved.findings)
    return quote_original(x, text)


def extract_report(source: str | os.PathLike[str] | Document, max_bytes: int | None = None) -> Extraction:
    """One report's extraction: sections, entities with every mention, observations, relations.

    ``source`` is a report file (text, HTML, PDF or .docx; at most ``max_bytes``, default 20 MiB) or a
    :class:`~govgraph.model.Document` already read. Raises :class:`~govgraph.errors.InputError`
    for a file that cannot be read, and its :class:`~govgraph.errors.ExtractionFailed` when the extractor
    fails on one (a bug: the file and the error in one line).

    >>> x = extract_report("data/reports/haikou-2022-fazhi.txt")
    >>> x.document.meta.place, len(x.observations) > 50
    ('海口市', True)
    """
    doc = source if isinstance(source, Document) else read_report(source, max_bytes=max_bytes)
    try:
        return extract_document(doc)
    except Exception as e:  # a bug, not the file's fault: one line naming the file, not a traceback
        raise ExtractionFailed(doc.path, e) from e


def report_files(paths: Iterable[str | os.PathLike[str]], skipped: Callable[[str], None] | None = None) -> list[Path]:
    """The report files among ``paths``: files as given, and folders searched for text, HTML, PDF and .docx files.

    A folder that cannot be read is given as a one-line reason to ``skipped``; without ``skipped``, a
    path that cannot be looked at raises :class:`~govgraph.errors.InputError` and an unreadable
    subfolder is passed over in silence.

    >>> [p.name for p in report_files(["data/reports"])]
    ['haikou-2022-fazhi.txt']
    >>> report_files(["no/such/folder"], print)
    no/such/folder: no such file or folder
    []
    """
    suffixes = {s for s in TEXT_SUFFIXES if s} | HTML_SUFFIXES | DOCUMENT_SUFFIXES
    suffixes.discard(".md")
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        try:
            is_dir, exists = p.is_dir(), p.exists()
        except OSError as e:  # PermissionError from a folder above it, a name too long …
            if skipped is None:
                raise InputError(p, f"cannot be read ({e.strerror or e})") from None
            skipped(str(InputError(p, f"cannot be read ({e.strerror or e})")))
            continue
        if is_dir:
            out.extend(_files_below(p, suffixes, skipped))
        elif exists or skipped is None:
            out.append(p)  # a missing file is reported when it is read
        else:
            skipped(str(InputError(p, "no such file or folder")))
    return out


def _files_below(folder: Path, suffixes: set[str], skipped: Callable[[str], None] | None) -> list[Path]:
    """The report files below ``folder``, sorted; each subfolder that cannot be read is given to ``skipped``."""

    def unreadable(e: OSError) -> None:
        if skipped is not None:
            skipped(str(InputError(e.filename or folder, f"folder skipped: cannot be read ({e.strerror or e})")))

    found: list[Path] = []
    for top, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        found.extend(Path(top, n) for n in names if Path(n).suffix.lower() in suffixes and not n.startswith("~$"))
    return sorted(f for f in found if _is_file(f))


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except OSError:
        return True  # kept, so that reading it reports why it cannot be read


DEFAULT_BATCH_BYTES = (
    128 * 2**20
)  # adding 1,000 reports to 1,000: 12 % less writer CPU than 32 MB, 1.5 GB peak (docs/benchmarks.md)
_IN_FLIGHT_PER_JOB = 32  # about 45 MB of finished reports with 2 workers: more than one bulk batch


@dataclass
class IngestSummary:
    reports: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: int = 0  # probable matches (skos:closeMatch) in the links graph
    stored: list[tuple[str, str, str]] = field(default_factory=list)  # (file, report id, note) in the order stored
    upgraded: list[str] = field(default_factory=list)  # report graphs rewritten from an older vocabulary


@dataclass(frozen=True)
class _Prepared:
    """One report ready to store, or the one-line reason it cannot be."""

    path: str
    graph_iri: str = ""
    own: bytes = b""  # N-Quads in graph_iri
    shared: tuple[str, ...] = ()  # N-Triples statements for the shared graph
    records: bytes = b""  # N-Quads: the records of what the report states in the shared graph
    triples: int = 0
    error: str = ""
    warning: str = ""


def _read(path: Path, max_bytes: int | None, reads: Path | None) -> Document:
    """The report at ``path`` as read, from the copy the duplicate check kept in ``reads`` when there is one
    (so that each file is read once), else read now."""
    kept = _kept(reads, path)
    if kept is not None:
        try:
            with kept.open("rb") as f:
                doc = pickle.load(f)
            if isinstance(doc, Document):
                return doc
        except (OSError, pickle.UnpicklingError, EOFError):
            pass  # read it again
    return read_report(path, max_bytes=max_bytes)


_READS = "govgraph-reads-"  # the temporary folders of reports as read: govgraph-reads-PID-…


def remove_abandoned_reads(folder: str | None = None) -> list[Path]:
    """Remove the folders of reports as read that killed ingests left in ``folder`` (the temporary folder);
    returns them. A folder whose ingest still runs is left alone.

    >>> remove_abandoned_reads(tempfile.mkdtemp())
    []
    """
    gone = []
    for p in Path(folder or tempfile.gettempdir()).glob(f"{_READS}*-*"):
        pid = p.name[len(_READS) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)
            gone.append(p)
    return gone


def _kept(reads: Path | None, path: Path) -> Path | None:
    """Where the duplicate check keeps the report ``path`` as read (None: it keeps nothing)."""
    return None if reads is None else reads / (hashlib.sha1(os.fsencode(path)).hexdigest() + ".pickle")


def _prepare(path: Path, max_bytes: int | None, reads: Path | None = None) -> _Prepared:
    if multiprocessing.parent_process() is not None:
        kill_point("worker")  # tests only: a worker killed while it extracts
    try:
        doc = _read(path, max_bytes, reads)
    except InputError as e:
        return _Prepared(str(path), error=str(e))
    try:
        x = extract_document(doc)
        own, shared = report_triples(x)
    except Exception as e:  # a bug met on this report: the ingest names it and goes on with the others
        return _Prepared(str(path), error=str(ExtractionFailed(path, e)))
    warning = str(InputError(path, f"read as {doc.encoding}")) if "replaced" in doc.encoding else ""
    graph = report_graph_iri(x)
    statements = tuple(shared.statements())
    return _Prepared(
        str(path),
        graph,
        own.nquads(graph).encode("utf-8"),
        statements,
        contribution_nquads(graph, statements),  # made here, in a worker: the one writer has enough to do
        len(own) + len(shared),
        warning=warning,
    )


def _prepared(files: list[Path], max_bytes: int | None, jobs: int, reads: Path | None) -> Iterator[_Prepared]:
    if jobs <= 1 or len(files) < 2:
        for f in files:
            yield _prepare(f, max_bytes, reads)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        # a bounded number of reports in flight: when the store writes slower than the workers extract,
        # finished reports must not pile up in memory (pool.map would hold all of them)
        pending: deque[tuple[Path, Future[_Prepared]]] = deque()
        for f in files:
            try:
                pending.append((f, pool.submit(_prepare, f, max_bytes, reads)))
            except BrokenProcessPool:  # a worker died before this file went out: name a file it held
                raise _died(pending[0][0] if pending else f) from None
            if len(pending) >= jobs * _IN_FLIGHT_PER_JOB:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())


def _result(path: Path, future: Future[_Prepared]) -> _Prepared:
    """A worker's result; a worker that died (killed, out of memory) ends the ingest in one line."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise _died(path) from None


def _died(path: Path) -> InputError:
    return InputError(path, "an extraction worker died (killed, or out of memory) while this file was being processed")


def _die_with_parent(parent: int) -> None:
    """Make a worker end when the ingest that started it is killed: after a SIGKILL nobody is left to
    tell it, and it would wait for work for ever."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def default_jobs() -> int:
    """Worker processes for extraction: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


Progress = Callable[[int, int, str], None]  # (reports done, reports in all, the file just done)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: TripleStore | str | os.PathLike[str],
    max_bytes: int | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
) -> IngestSummary:
    """Ingest report files and folders into ``store`` (a store opened for writing, or a folder or URL to
    open); a bad file is reported in the summary and skipped, and nothing of it reaches the store.

    Extraction runs in ``jobs`` processes; writes stay in this one. Reports new to the store
    are written in bulk batches of about ``batch_bytes`` of N-Triples, reports already there
    one transaction each; either way a report is wholly stored or absent. Re-ingesting a report
    replaces its graph and retracts the shared statements only its old version made.
    ``progress(done, total, name)`` is called after each file.

    Until the last phase (ontology, links, reach; :func:`finish`) is done, the store holds an
    in-progress marker, so that a store whose ingest was killed is never taken for a complete one:
    ``validate`` reports it, and ``ingest`` with no paths (``govgraph repair``) completes it.

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/store", write=True)
    >>> r = ingest(["data/reports/haikou-2022-fazhi.txt"] * 2, s)
    >>> r.reports, len(s.report_graphs())
    (2, 1)
    """
    if not isinstance(store, (str, os.PathLike)):
        return _ingest(paths, store, max_bytes, progress, jobs, batch_bytes)
    opened = open_backend(store, write=True)
    try:
        return _ingest(paths, opened, max_bytes, progress, jobs, batch_bytes)
    finally:
        opened.close()


def _ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: TripleStore,
    max_bytes: int | None,
    progress: Progress | None,
    jobs: int,
    batch_bytes: int,
) -> IngestSummary:
    summary = IngestSummary()
    # the duplicate check reads every file; it keeps each as read here, so that extraction need not read it again
    remove_abandoned_reads()
    with tempfile.TemporaryDirectory(prefix=f"{_READS}{os.getpid()}-") as kept:
        reads = Path(kept)
        files, refused, same_as = _one_report_per_id(report_files(paths, summary.errors.append), max_bytes, jobs, reads)
        if files:
            _store_reports(files, store, summary, max_bytes, progress, jobs, batch_bytes, reads)
    kill_point("workers")
    finish(store, summary)
    return _noted(summary, refused, same_as)


def _store_reports(
    files: list[Path],
    store: TripleStore,
    summary: IngestSummary,
    max_bytes: int | None,
    progress: Progress | None,
    jobs: int,
    batch_bytes: int,
    reads: Path | None = None,
) -> None:
    """Write the reports, with the in-progress marker written first: before any report changes in a
    store that holds reports, or as the first thing of a first load (which swaps it in with them)."""
    held = set(store.report_graphs())  # to say which reports a file replaces
    fresh = not held
    marker = _marker()
    if not fresh:
        store.replace_graph(STATE_GRAPH, marker)
    writer = store.writer(SHARED_GRAPH, batch_bytes)
    try:
        with writer:
            if fresh:
                writer.put(STATE_GRAPH, marker.replace(" .\n", f" <{STATE_GRAPH}> .\n").encode("utf-8"))
            for done, item in enumerate(_prepared(files, max_bytes, jobs, reads), 1):
                if item.error:
                    summary.errors.append(item.error)
                else:
                    if item.warning:
                        summary.warnings.append(item.warning)
                    rid = item.graph_iri.rsplit("/", 1)[-1]
                    note = f"replaces report {rid}" if item.graph_iri in held else ""
                    summary.stored.append((item.path, rid, note))
                    held.add(item.graph_iri)
                    writer.put(item.graph_iri, item.own, item.shared, item.records)
                    summary.triples += item.triples
                    summary.reports += 1
                if progress is not None:
                    progress(done, len(files), item.path)
    except BaseException:
        if not fresh and not getattr(writer, "written", True):
            _clear_marker(store)  # nothing was written: the store is as it was
        raise


def finish(store: TripleStore, summary: IngestSummary | None = None) -> IngestSummary:
    """The last phase of an ingest, alone: bring report graphs of an older vocabulary to the current one
    (``store/upgrade.py``), rewrite the ontology, links and reach graphs from the reports the
    store holds, then remove the in-progress marker. This is what ``govgraph repair`` runs on a store
    whose ingest was killed; ``validate`` names it.

    >>> import tempfile, govgraph
    >>> s = govgraph.open_store(tempfile.mkdtemp() + "/store", write=True)
    >>> finish(s).links
    0
    """
    summary = summary or IngestSummary()
    summary.upgraded = upgrade_reports(store)  # report graphs of an older vocabulary (store/upgrade.py)
    kill_point("upgrade")
    store.replace_graph(ONTOLOGY_GRAPH, ontology_ntriples())  # concept labels for queries
    kill_point("ontology")
    if store.report_graphs():
        summary.links = link_store(store)
        kill_point("links")
        count_reach(store)
        kill_point("reach")
    store.replace_graph(STATE_GRAPH, "")
    store.flush()
    return summary


def _identify(path: Path, max_bytes: int | None, reads: Path | None = None) -> tuple[str, str, str]:
    """(file, report id, digest of its text), or (file, "", "") when it cannot be read (ingest says why);
    the report as read is kept in ``reads`` for extraction."""
    try:
        doc = read_report(path, max_bytes=max_bytes)
    except InputError:
        return str(path), "", ""
    kept = _kept(reads, path)
    if kept is not None:
        try:
            with kept.open("wb") as f:
                pickle.dump(doc, f, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:  # a full disk: extraction reads the file again
            kept.unlink(missing_ok=True)
    m = doc.meta
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    return str(path), report_id(m.adcode, m.year, m.genre, m.title, m.level), digest


def _one_report_per_id(
    files: list[Path], max_bytes: int | None, jobs: int, reads: Path | None = None
) -> tuple[list[Path], list[str], dict[str, str]]:
    """Files that map to one report id in one run: refused, all of them, unless their texts are the same.

    Returns the files to ingest, one message for each refused group (naming every file of it), and
    {file: the earlier file with the same text}. Each file is read for this (the id comes from the
    metadata of the text as read) and kept as read in ``reads``, where extraction takes it from; a
    single file needs no check.
    """
    if len(files) < 2:
        return files, [], {}
    if jobs <= 1:
        found = [_identify(f, max_bytes, reads) for f in files]
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            found = list(pool.map(_identify, files, [max_bytes] * len(files), [reads] * len(files), chunksize=8))
    by_id: dict[str, list[tuple[str, str]]] = {}
    for path, rid, digest in found:
        if rid:
            by_id.setdefault(rid, []).append((path, digest))
    refused: set[str] = set()
    messages: list[str] = []
    same_as: dict[str, str] = {}
    for rid, group in by_id.items():
        if len(group) < 2:
            continue
        if len({digest for _, digest in group}) > 1:
            names = [path for path, _ in group]
            refused.update(names)
            messages.append(
                f"{', '.join(names)}: {'both' if len(names) == 2 else 'all'} map to report "
                f"{rid.removeprefix('report/')} with different texts, so none was ingested; ingest only the one "
                "you mean, or correct the others' place or year (a text file's '# place:' or '# year:' header line)"
            )
        else:
            for path, _ in group[1:]:
                if path != group[0][0]:  # one file named twice is stored twice, and said once
                    same_as[path] = group[0][0]
    return [f for f in files if str(f) not in refused], messages, same_as


def _noted(summary: IngestSummary, refused: list[str], same_as: dict[str, str]) -> IngestSummary:
    summary.errors.extend(refused)
    summary.stored = [
        (path, rid, f"the same text as {same_as[path]}" if path in same_as else note)
        for path, rid, note in summary.stored
    ]
    return summary


def skipped_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """The files in the folders among ``paths`` that :func:`report_files` passes over, with the reason.

    >>> skipped_files(["data"])[:1]
    []
    """
    picked = {s for s in TEXT_SUFFIXES if s} | HTML_SUFFIXES | DOCUMENT_SUFFIXES
    out: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        try:
            if not p.is_dir():
                continue
        except OSError:  # report_files says why it cannot be read
            continue
        names = sorted(Path(top, n) for top, _, found in os.walk(p) for n in found)
        for f in names:
            suffix = f.suffix.lower()
            if f.name.startswith("~$"):
                out.append((f, "a Word lock file (its document is open in Word), not a report"))
            elif suffix == ".md":
                out.append((f, "a .md file is taken for notes, not a report (give it by name to ingest it)"))
            elif suffix in (".doc", ".wps", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".rtf"):
                out.append((f, f"a {suffix} file is not read; save it as .docx or PDF"))
            elif suffix not in picked:
                out.append((f, f"not a report file type ({suffix or 'no extension'}): text, HTML, PDF or .docx"))
    return out


def _marker() -> str:
    """The in-progress marker's triples: when the ingest began, and what is stale until it ends."""
    node = f"<{STATE_GRAPH}#ingest>"
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'{node} <{DEF}ingestStarted> "{when}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n'
        f'{node} <{DEF}stale> "ontology, links, reach" .\n'
    )


def _clear_marker(store: TripleStore) -> None:
    try:
        store.replace_graph(STATE_GRAPH, "")
    except GovgraphError:
        pass  # a full disk may refuse even this; the marker then tells validate the truth
