"""Which backend holds a location: a registry by URL scheme (as rdflib's plugin registry), and the folder
default. Backends know nothing of the registry; it imports them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import StoreError
from .base import DEFAULT_STORE, TripleStore
from .oxigraph import open_store
from .remote import open_remote

_BACKENDS: dict[str, Callable[..., TripleStore]] = {"http": open_remote, "https": open_remote}


def register_backend(scheme: str, factory: Callable[..., TripleStore]) -> None:
    """Open locations ``SCHEME://…`` with ``factory(location, write=…, **options)``.

    >>> from govgraph.store.oxigraph import OxigraphStore
    >>> register_backend("demo", lambda location, **_: OxigraphStore())
    >>> open_backend("demo://anything").report_graphs()
    []
    """
    _BACKENDS[scheme] = factory


def open_backend(location: str | os.PathLike[str] | None, write: bool = False, **options: Any) -> TripleStore:
    """The store at ``location``: a registered scheme (``http://`` and ``https://`` are SPARQL servers), else a
    folder holding an embedded Oxigraph store. Read-only unless ``write``: a reader never creates anything."""
    text = os.fspath(location) if location is not None else ""
    scheme = text.split("://", 1)[0].lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text) else ""
    if scheme:
        if scheme not in _BACKENDS:
            raise StoreError(f"{text}: no store backend for {scheme}:// (known: {', '.join(sorted(_BACKENDS))})")
        return _BACKENDS[scheme](text, write=write, **options)
    return open_store(Path(text or DEFAULT_STORE), write=write)
