"""A query process (started as ``python -m govgraph.serve.child STORE PARENT_PID MEMORY_MB ALLOW_JSON
[YIELD_AFTER]``).

It answers queries on a read-only view of the store, one at a time, for the server
(``workers.QueryWorkers``) and for ``govgraph query`` (``workers.query_isolated``). A query runs
here and not in the caller's process because nothing can stop a running Oxigraph query but ending
its process, and because a query that crashes the engine or exhausts memory must take down only
this process, never the server or the command line.

It ends with its parent however the parent ends: the kernel kills it when the parent dies
(``PR_SET_PDEATHSIG``), a watchdog thread ends it when the parent is gone, and it ends when its
request pipe closes. Its address space is capped (``RLIMIT_AS``): a query that needs more fails
here, and the parent replaces the process. A query still running after YIELD_AFTER seconds (the
short-query lane's budget) goes on at a lower CPU priority, so that short queries come first.

Requests and answers are length-prefixed pickles on stdin and on the original stdout (see
:func:`frame`), after a first ``("ready", None)`` once the process has started; anything else
written to stdout goes to stderr.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import struct
import threading
import time
from typing import Any, BinaryIO

_HEADER = struct.Struct(">Q")
QUERY_STACK_BYTES = 64 * 2**20  # Oxigraph recurses per nesting level and per chained operator
LONG_QUERY_NICE = 10  # how much lower the CPU priority of a query past the short-query lane's budget is


def frame(obj: Any) -> bytes:
    """``obj`` pickled, after its length (8 bytes, big-endian).

    >>> f = frame(("ok", 1)); _HEADER.unpack(f[:8])[0] == len(f) - 8
    True
    """
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO) -> Any:
    """The next object :func:`frame` wrote to ``stream`` (EOFError when it closed)."""
    (n,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))
    return pickle.loads(_read_exact(stream, n))


def die_with_parent(parent: int) -> None:
    """Be killed by the kernel when the parent dies (Linux), and end now if it already has."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watchdog, args=(parent,), daemon=True, name="parent-watchdog").start()


def _watchdog(parent: int) -> None:
    """End the process when the parent is gone (where PR_SET_PDEATHSIG is missing or was lost)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def limit_memory(megabytes: int) -> None:
    """Cap the address space: an allocation past it fails in this process only."""
    if megabytes <= 0:
        return
    try:
        import resource

        cap = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass


def run_with_big_stack(fn: Any, *args: Any, yield_after: float = 0.0) -> Any:
    """``fn(*args)`` on a thread with a large stack (the engine recurses), its exception re-raised here.
    With ``yield_after``, a call still running after that many seconds goes on at a lower CPU
    priority (nice +10 for its thread only; the next call's thread starts at the process's own)."""
    out: list[Any] = []
    native: list[int] = []

    def target() -> None:
        native.append(threading.get_native_id())
        try:
            out.append((True, fn(*args)))
        except BaseException as e:  # handed back to the caller's thread
            out.append((False, e))

    old = threading.stack_size(QUERY_STACK_BYTES)
    try:
        t = threading.Thread(target=target, name="query")
        t.start()
    finally:
        threading.stack_size(old)
    timer = threading.Timer(yield_after, _lower_priority, (native,)) if yield_after > 0 else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    t.join()
    if timer is not None:
        timer.cancel()
    ok, value = out[0]
    if not ok:
        raise value
    return value


def _lower_priority(native: list[int]) -> None:
    """Lower the CPU priority of the thread whose native id is in ``native`` (Linux: nice is per thread)."""
    try:
        now = os.getpriority(os.PRIO_PROCESS, native[0])
        os.setpriority(os.PRIO_PROCESS, native[0], min(19, now + LONG_QUERY_NICE))
    except (OSError, IndexError, AttributeError):
        pass


def main(argv: list[str]) -> None:
    path, parent, memory_mb, allow = argv[0], int(argv[1]), int(argv[2]), frozenset(json.loads(argv[3]))
    yield_after = float(argv[4]) if len(argv) > 4 else 0.0
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends this process
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the answers
    requests = os.fdopen(0, "rb")
    limit_memory(memory_mb)

    from ..errors import GovgraphError
    from ..store.guard import QueryGuard
    from .workers import answer_request

    guard = QueryGuard(allow_service=allow)
    state: dict[str, Any] = {}
    try:
        answers.write(frame(("ready", None)))  # started: a query's time runs from here, not from the spawn
        answers.flush()
    except OSError:
        return
    while True:
        try:
            request = read_frame(requests)
        except (EOFError, OSError):
            return
        try:
            reply: Any = (
                "ok",
                run_with_big_stack(answer_request, path, request, guard, state, yield_after=yield_after),
            )
        except GovgraphError as e:
            reply = ("error", type(e).__name__, str(e))
        except MemoryError:
            reply = ("memory", "MemoryError", "the query needed more memory than the worker may use")
        except Exception as e:  # one line back to the parent, never a traceback
            reply = ("failed", type(e).__name__, " ".join(str(e).split())[:300])
        try:
            answers.write(frame(reply))
            answers.flush()
        except (BrokenPipeError, OSError):
            return
