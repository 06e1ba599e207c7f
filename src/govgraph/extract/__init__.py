"""Extraction: pure finders of mentions in a report's text, one module per kind of thing.

:func:`find_all` runs them in an order that lets later ones skip spans that earlier ones
claimed (a place inside a document title is not a place mention). What it returns is raw:
surface forms with offsets. Canonical entities, indicators and scopes are the resolve stage's.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Section
from ..text.place_context import ReportContext
from .agencies import AgencyMention, find_agencies
from .documents import DocMention, find_documents
from .observations import RawObservation, find_observations
from .places import PlaceMention, find_places
from .reforms import ReformMention, find_reforms

__all__ = [
    "Found",
    "find_all",
    "find_agencies",
    "find_documents",
    "find_observations",
    "find_places",
    "find_reforms",
]


@dataclass(frozen=True)
class Found:
    """Every raw mention in one report, by kind, in text order."""

    documents: list[DocMention]
    agencies: list[AgencyMention]
    places: list[PlaceMention]
    reforms: list[ReformMention]
    observations: list[RawObservation]


def find_all(text: str, ctx: ReportContext, sections: list[Section]) -> Found:
    """Run every finder over one report's text.

    >>> from govgraph.text.place_context import context_for
    >>> f = find_all("依据《中华人民共和国审计法》，海口市司法局办理法律援助案件5426件。", context_for("460100"), [])
    >>> [d.name for d in f.documents], [a.name for a in f.agencies], [o.value for o in f.observations]
    (['中华人民共和国审计法'], ['海口市司法局'], [5426.0])
    """
    docs = find_documents(text, ctx)
    doc_spans = [(d.start - 1, d.end + 1) for d in docs]
    agencies = find_agencies(text, ctx, skip=doc_spans)
    agency_spans = [(a.start, a.end) for a in agencies]
    places = find_places(text, ctx, skip=doc_spans + _non_place_spans(agencies))
    notes = [(s.start, s.end) for s in sections if s.type == "notes"]
    reforms = find_reforms(text, skip=doc_spans + agency_spans + notes)
    target_spans = [(s.start, s.end) for s in sections if s.type == "plan"]
    observations = find_observations(text, skip=doc_spans, target_spans=target_spans)
    return Found(docs, agencies, places, reforms, observations)


def _non_place_spans(agencies: list[AgencyMention]) -> list[tuple[int, int]]:
    """A place named only inside an agency's name is not a place mention (海口市 in 海口市司法局)."""
    return [(a.start, a.end) for a in agencies]
