"""Resolving: raw mentions to canonical entities within one report.

Abbreviated names expanded from the report's place (市司法局 → 海口市司法局), each entity's identity
scope (national, a province's, a city's), agency types, indicators, and the checks of a report's
figures against each other. Every function here is pure; concept schemes come from
:mod:`govgraph.vocab.schemes` as plain data.
"""

from __future__ import annotations

from .entities import Resolved, resolve

__all__ = ["Resolved", "resolve"]
