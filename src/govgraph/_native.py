"""Compiled builds of the extraction modules, used only while they are builds of the sources beside them.

``scripts/build_native.py`` (run by ``make install``, ``make test`` and ``make demo`` where a C compiler
is found) compiles :data:`MODULES` with mypyc into extension modules next to their ``.py`` files, and
writes a stamp: the digest of those sources. An extension module beside a ``.py`` file is what Python
imports, so a build left behind after a source changed would silently run the old code. :func:`guard`,
called by ``govgraph/__init__`` before any of these modules is imported, prevents that: unless the
stamp matches the sources now, it makes every one of :data:`MODULES` load from its ``.py`` file. It is
all or nothing, because compiled modules call each other directly, not through the import system. The
environment variable ``GOVGRAPH_PURE=1`` asks for the sources even when the build is current (the test
suite runs so; the compiled build is checked against it by ``tests/test_native.py``).

The compiled modules behave as the sources do: same output (``tests/test_native.py`` compares the two
over the Haikou report and the corpus), except that mypyc checks the declared types of arguments and
variables at run time, so a wrongly declared type is an error there (docs/decisions.md, "Compiled
extraction").

>>> in_use() in (True, False)
True
>>> sorted({m.split(".")[1] for m in MODULES})
['extract', 'link', 'model', 'resolve', 'sections', 'text']
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

MODULES: tuple[str, ...] = (
    "govgraph.extract.agencies",
    "govgraph.extract.documents",
    "govgraph.extract.observations",
    "govgraph.extract.places",
    "govgraph.extract.reforms",
    "govgraph.extract.spans",
    "govgraph.link.ids",
    "govgraph.link.relations",
    "govgraph.model",
    "govgraph.resolve.agency_types",
    "govgraph.resolve.entities",
    "govgraph.resolve.figure_checks",
    "govgraph.resolve.indicators",
    "govgraph.resolve.scopes",
    "govgraph.sections",
    "govgraph.text.normalise",
    "govgraph.text.numerals",
    "govgraph.text.place_context",
    "govgraph.text.scan",
)
"""The modules compiled: the stages of :func:`govgraph.extract_report` after reading, and the model they build."""

PURE_ENV = "GOVGRAPH_PURE"
GROUP = "govgraph_native"
"""mypyc's name for the shared library of the build (``govgraph_native__mypyc``, beside the package)."""

_PACKAGE = Path(__file__).resolve().parent
STAMP = _PACKAGE / "_native.stamp"

_in_use = False


def source_file(module: str, package: Path = _PACKAGE) -> Path:
    """The ``.py`` file of one of :data:`MODULES`.

    >>> source_file("govgraph.text.scan").relative_to(_PACKAGE).as_posix()
    'text/scan.py'
    """
    return package.joinpath(*module.split(".")[1:]).with_suffix(".py")


def sources_digest(package: Path = _PACKAGE, modules: Sequence[str] = MODULES) -> str:
    """The SHA-256 of the sources of ``modules`` (names and contents, in order): what a build's stamp holds.

    >>> len(sources_digest())
    64
    """
    h = hashlib.sha256()
    for module in modules:
        h.update(module.encode() + b"\0")
        h.update(source_file(module, package).read_bytes())
    return h.hexdigest()


def current(package: Path = _PACKAGE) -> bool:
    """Whether the package holds a build of its sources as they are now (its stamp matches them)."""
    stamp = package / STAMP.name
    try:
        return stamp.read_text(encoding="ascii").strip() == sources_digest(package)
    except (OSError, UnicodeDecodeError):
        return False


def in_use() -> bool:
    """Whether this process runs the compiled modules (a current build, and ``GOVGRAPH_PURE`` not set)."""
    return _in_use


def guard() -> None:
    """Make :data:`MODULES` load from their sources unless the compiled build is current and wanted."""
    global _in_use
    if os.environ.get(PURE_ENV, "") not in ("", "0") or not current():
        _in_use = False
        if not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, _SourceFinder())
        return
    _in_use = all(_compiled(m) for m in MODULES)


def _compiled(module: str) -> bool:
    """Whether an extension module for ``module`` lies beside its source."""
    source = source_file(module)
    stem = source.with_suffix("").name
    return any(source.with_name(stem + suffix).exists() for suffix in importlib.machinery.EXTENSION_SUFFIXES)


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds :data:`MODULES` as their ``.py`` files, whatever extension module lies beside them."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _NAMES:
            return None
        source = source_file(fullname)
        if not source.is_file():  # installed without sources (a zip, bytecode only): the usual import
            return None
        return importlib.util.spec_from_file_location(fullname, source)


_NAMES = frozenset(MODULES)

guard()  # on import, which govgraph/__init__ does before importing any of MODULES
