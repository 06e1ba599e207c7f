"""Round 4 of issue 14 in resolve, sections and link: each cheaper path checked against the code it replaces,
over the Haikou report and every corpus text (the ``texts`` fixture), and the model classes' written-out
``__init__`` against the one ``dataclass`` writes."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import re
from bisect import bisect_right

import pytest

from govgraph import sections
from govgraph.extract.observations import RawObservation, find_observations
from govgraph.model import Change, Entity, Finding, Mention, Observation, Relation, Section
from govgraph.resolve import entities, indicators
from govgraph.resolve.figure_checks import _AMONG_THEM
from govgraph.text.normalise import match_key

FILLED = (Section, Mention, Change, Observation, Relation, Finding)


@pytest.fixture(scope="module")
def raw(texts: list[str]) -> list[tuple[str, list[RawObservation]]]:
    """Every text with the figures found in it."""
    return [(t, find_observations(t)) for t in texts]


def _plain(cls: type) -> type:
    """The same fields as a frozen dataclass with the ``__init__`` that ``dataclass`` writes."""
    return dataclasses.make_dataclass(
        cls.__name__, [(f.name, f.type, f) for f in dataclasses.fields(cls)], frozen=True, namespace={}
    )


@pytest.mark.parametrize("cls", FILLED, ids=lambda c: c.__name__)
def test_filled_init_has_the_dataclass_signature(cls: type) -> None:
    """Same parameters, kinds, defaults and annotations (the return annotation is a string in a written one)."""
    assert inspect.signature(cls).parameters == inspect.signature(_plain(cls)).parameters


def test_filled_model_objects_are_what_dataclass_makes(haikou) -> None:
    objects = [
        *haikou.sections,
        *(m for e in haikou.entities for m in e.mentions),
        *haikou.observations,
        *(o.change for o in haikou.observations if o.change),
        *haikou.relations,
        Finding("rate-vs-counts", "m", "一", (0, 1), 1.0, 2.0),
    ]
    assert {type(o) for o in objects} == set(FILLED)
    for o in objects:
        values = [getattr(o, f.name) for f in dataclasses.fields(o)]
        twin = _plain(type(o))(*values)
        assert repr(o) == repr(twin) and hash(o) == hash(twin)
        assert o == type(o)(*values) and hash(o) == hash(type(o)(*values))
        copy = pickle.loads(pickle.dumps(o))
        assert copy == o and hash(copy) == hash(o) and repr(copy) == repr(o)
        assert dataclasses.replace(o) == o
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(o, dataclasses.fields(o)[0].name, None)
    assert Observation("案件", 5, "件", "", 0, 1, "一").qualifier == "exact"  # defaults as declared
    assert Observation("案件", 5, "件", "", 0, 1, "一") != Observation("案件", 5, "件", "", 0, 1, "二")


def test_filled_init_refuses_what_it_cannot_copy() -> None:
    from govgraph.model import _fills_dict

    @dataclasses.dataclass(frozen=True)
    class WithFactory:
        items: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="WithFactory"):
        _fills_dict(WithFactory)


def test_records_fill_their_dict_where_interpreted() -> None:
    """The suite runs the sources: the records take ``_fills_dict``'s ``__init__`` there (the written one runs
    compiled; tests/test_native.py compares the two builds' output and pickles)."""
    from govgraph import model

    assert not model.COMPILED
    assert all(cls.__init__.__code__.co_filename == "<string>" for cls in FILLED)


def test_entity_init_is_what_dataclass_makes(haikou) -> None:
    """Entity writes its ``__init__`` out too (compiled); no mentions given is a new empty list, as the
    dataclass's ``default_factory`` gave."""
    plain = dataclasses.make_dataclass(
        "Entity", [(f.name, f.type, f) for f in dataclasses.fields(Entity)], namespace={}
    )
    assert list(inspect.signature(Entity).parameters) == list(inspect.signature(plain).parameters)
    for e in haikou.entities:
        values = [getattr(e, f.name) for f in dataclasses.fields(e)]
        assert repr(e) == repr(plain(*values)) and e == Entity(*values)
        copy = pickle.loads(pickle.dumps(e))
        assert copy == e and repr(copy) == repr(e) and dataclasses.replace(e) == e
    a, b = Entity("place", "龙华区"), Entity("place", "龙华区")
    assert a.mentions == [] and a.mentions is not b.mentions and a == b


def test_section_runs_give_every_offset_its_section_index(texts: list[str]) -> None:
    for text in texts:
        secs = sections.split_sections(text)
        index = sections.section_index(secs, len(text))
        cuts, owners = sections.section_runs(secs, len(text))
        assert [owners[bisect_right(cuts, o) - 1] for o in range(len(text) + 1)] == index


def test_section_runs_of_nested_overlapping_and_outlying_sections() -> None:
    secs = [
        Section("a", None, 1, 0, 10),
        Section("a.b", None, 2, 3, 6),
        Section("c", None, 1, 8, 30),  # past the text's end
        Section("d", None, 2, 25, 40),  # starts past it
        Section("e", None, 1, 5, 5),  # empty
    ]
    index = sections.section_index(secs, 20)
    cuts, owners = sections.section_runs(secs, 20)
    assert [owners[bisect_right(cuts, o) - 1] for o in range(21)] == index


def test_measure_words_are_the_suffix_pattern(raw) -> None:
    suffix = re.compile(r"(增速|降幅|增加额|减少额)$")
    measures = {o.measure for _, obs in raw for o in obs} | {"地区生产总值增速", "增加额", "税收收入减少额", "降幅"}
    assert any(m != entities._measure_words(m) for m in measures)
    for m in measures:
        assert entities._measure_words(m) == suffix.sub("", m), m


def _quote_span_before(text: str, measure: str, number_start: int, number_end: int) -> tuple[int, int]:
    """_quote_span as it was: every split of the measure's words tried."""
    words = re.sub(r"(增速|降幅|增加额|减少额)$", "", measure)
    if not words:
        return number_start, number_end
    i = text.rfind(words, max(0, number_start - 60), number_start)
    if i >= 0 and not entities._BREAK.search(text, i, number_start):
        return i, number_end
    j = text.find(words, number_end, number_end + 40)
    if j >= 0 and not entities._BREAK.search(text, number_end, j):
        return number_start, j + len(words)
    for k in range(len(words) - 1, 0, -1):
        head, tail = words[:k], words[k:]
        if text.rfind(head, max(0, number_start - 8), number_start) >= 0 and text.startswith(tail, number_end):
            return text.rfind(head, max(0, number_start - 8), number_start), number_end + len(tail)
    return number_start, number_end


def test_quote_span_tries_only_splits_that_can_match(raw) -> None:
    split = 0
    for text, obs in raw:
        for o in obs:
            span = entities._quote_span(text, o.measure, o.start, o.end)
            assert span == _quote_span_before(text, o.measure, o.start, o.end), (o.measure, o.start)
            split += span[0] < o.start and span[1] > o.end
    assert split  # words on both sides of a figure occur (连续15年…获评优秀等次)


def test_labels_in_are_the_labels_held(raw) -> None:
    labels = [(label, ind) for label, ind in indicators._labels() if label]
    keys = {match_key(o.measure) for _, obs in raw for o in obs}
    assert any(indicators._labels_in(k) for k in keys) and any(not indicators._labels_in(k) for k in keys)
    for key in keys:
        assert indicators._labels_in(key) == [(label, ind) for label, ind in labels if label in key], key


def test_heading_patterns_left_out_cannot_match(texts: list[str]) -> None:
    """A line is tried only against the patterns its first character can open: every other one fails on it."""
    every = [(kind, rx) for kind, rx, _ in sections._PATTERNS]
    lines = 0
    for text in texts:
        for s, e in sections._lines(text):
            line = text[s:e].lstrip(" \t\u3000")
            if not line:
                continue
            tried = sections._patterns_for(line[0])
            assert [p for p in every if p in tried] == list(tried)  # in the order of the full list
            lines += bool(tried)
            for kind, rx in every:
                if (kind, rx) not in tried:
                    assert rx.match(line) is None, (kind, line[:20])
    assert lines


def test_among_them_matched_in_place(raw) -> None:
    for text, obs in raw:
        for o in obs:
            at = _AMONG_THEM.match(text, o.end, o.end + 8)
            sliced = _AMONG_THEM.match(text[o.end : o.end + 8])
            assert (at is None) == (sliced is None)


def _agency_type_before(name: str) -> str | None:
    """agency_type as it was: the endings looked up at every ending length."""
    from govgraph.resolve import agency_types as a

    patterns, endings = a._compiled()
    by_ending: dict[str, list[tuple[str, str]]] = {}
    for ending, local in endings:
        by_ending.setdefault(ending, []).append((ending, local))
    lengths = sorted({len(e) for e in by_ending if e}, reverse=True)
    branch = a._BRANCH.sub("", name)
    for candidate in (name, branch) if branch != name else (name,):
        for n in lengths:
            for ending, local in by_ending.get(candidate[-n:], ()) if n <= len(candidate) else ():
                if len(candidate) > len(ending) or len(ending) >= 3:
                    if ending in ("政府", "委员会") and candidate.startswith("中共"):
                        continue
                    return local
        for rx, local in patterns:
            if rx.search(candidate):
                return local
    return None


def test_agency_type_by_the_endings_of_its_last_character(texts: list[str]) -> None:
    from govgraph.extract.agencies import find_agencies
    from govgraph.resolve.agency_types import _compiled, agency_type
    from govgraph.text.place_context import context_for

    ctx = context_for(None)
    names = {a.name for t in texts for a in find_agencies(t, ctx)} | {
        a.parent or "" for t in texts for a in find_agencies(t, ctx)
    }
    for ending, _ in _compiled()[1]:
        names |= {ending, "海口市" + ending, "中共海口市" + ending, ending[1:], "海口市" + ending + "龙华分局"}
    assert sum(agency_type(n) is not None for n in names) > 100
    for name in names:
        assert agency_type(name) == _agency_type_before(name), name
