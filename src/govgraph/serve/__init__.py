"""The read-only SPARQL 1.1 Protocol endpoint: the Starlette app, its query workers, its query page."""

from __future__ import annotations

from .app import Limits, make_app, serve
from .workers import query_isolated

__all__ = ["Limits", "make_app", "query_isolated", "serve"]
