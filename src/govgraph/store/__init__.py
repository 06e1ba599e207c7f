"""Where triples live. Only this package knows it: the store interface (``base``), the embedded
Oxigraph store and its first load, a remote SPARQL server, and pushing graphs to one."""

from __future__ import annotations

from .base import DEFAULT_STORE, QueryResult, ReportWriter, TripleStore
from .registry import open_backend, register_backend
from .values import IRI, BlankNode, LangString, Value

__all__ = [
    "DEFAULT_STORE",
    "IRI",
    "BlankNode",
    "LangString",
    "QueryResult",
    "ReportWriter",
    "TripleStore",
    "Value",
    "open_backend",
    "register_backend",
]
