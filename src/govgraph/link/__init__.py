"""Linking: identifiers shared across reports (one IRI for one real thing), and the relations
between a report's entities by those identifiers."""

from __future__ import annotations

from .ids import entity_id, entity_key, report_id, section_id
from .relations import relations

__all__ = ["entity_id", "entity_key", "report_id", "section_id", "relations"]
