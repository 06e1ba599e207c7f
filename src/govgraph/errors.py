"""One error hierarchy for the whole library: every error a user can cause is a :class:`GovgraphError`.

Each carries the exit code the command line ends with, and its ``str()`` is one line that names
the file, store or query and the problem, so the CLI prints it as it is, without a traceback.

>>> e = InputError("a.txt", "the file is empty")
>>> str(e), e.exit_code, isinstance(e, GovgraphError)
('a.txt: the file is empty', 2, True)
>>> NotFound("海口市司法局", "nothing named it in the store").exit_code
2
"""

from __future__ import annotations

import os

__all__ = ["GovgraphError", "InputError", "ExtractionFailed", "StoreError", "StoreBusy", "QueryError", "NotFound"]


class GovgraphError(Exception):
    """Base of every error govgraph raises on purpose. ``exit_code``: 2 for bad input of any kind."""

    exit_code = 2

    def __str__(self) -> str:
        return " ".join(super().__str__().split())  # one line, whatever the message held


class InputError(GovgraphError):
    """A report that cannot be read: ``FILE: problem``."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path!s}: {problem}".replace("\n", "\\n"))


class ExtractionFailed(InputError):
    """A report read but not extracted, because the extractor failed on it: a bug in govgraph, not in the
    file. One line naming the file and the error, so that an ingest can skip the report and go on.

    >>> e = ExtractionFailed("a.txt", TypeError("str object expected; got None"))
    >>> str(e), e.exit_code
    ('a.txt: extraction failed (TypeError: str object expected; got None): a bug in govgraph, please report it with this file', 70)
    """

    exit_code = 70  # EX_SOFTWARE: the software failed, not the input

    def __init__(self, path: str | os.PathLike[str], error: BaseException) -> None:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        what = f"{type(error).__name__}: {first}" if first else type(error).__name__
        super().__init__(path, f"extraction failed ({what}): a bug in govgraph, please report it with this file")


class StoreError(GovgraphError):
    """A store that cannot be opened, read or written."""


class StoreBusy(StoreError):
    """Another process writes to the store; try again when it ends."""


class QueryError(GovgraphError):
    """A query that cannot run: malformed SPARQL, an update sent to a reader, a bad parameter."""


class NotFound(GovgraphError):
    """Something asked for by name (a report, an entity, a canned query, a view) is not there."""

    def __init__(self, name: str, problem: str = "not found") -> None:
        self.name = name
        super().__init__(f"{name}: {problem}")
