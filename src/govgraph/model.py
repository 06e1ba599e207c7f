"""Plain data passed between the pipeline stages.

Every stage is a pure function over these dataclasses: ``read`` makes a
:class:`Document`, ``sections`` a list of :class:`Section`, ``extract`` the
entities and observations, and :func:`govgraph.extract_report` bundles
them into an :class:`Extraction`. Only :mod:`govgraph.rdf` turns them into RDF.

This module is one of the compiled ones (``govgraph._native``). The records extraction makes hundreds of a
report (:class:`Section`, :class:`Mention`, :class:`Change`, :class:`Observation`, :class:`Relation`,
:class:`Finding`) are frozen dataclasses that write their ``__init__`` out: compiled, each field is a plain
store (about 30 ns an object against 0.5–1 µs for the ``__init__`` that ``dataclass`` writes, which runs
interpreted). They pickle by their fields (:class:`_Record`), in either build. The others are built once a
report and stay Python classes in the compiled build too (``mypyc_attr(native_class=False)``): read/ copies
a :class:`ReportMeta`'s ``__dict__``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Final, TypeVar

try:
    from mypy_extensions import mypyc_attr
except ImportError:  # without mypy installed: no compiled build, and the mark means nothing to the sources

    def mypyc_attr(*_: str, **__: object) -> Any:  # type: ignore[misc]
        return lambda cls: cls


_T = TypeVar("_T")

COMPILED: Final = not __file__.endswith(".py")
"""Whether this module runs compiled (with every module of ``govgraph._native``: all or none)."""


class _Record:
    """What the compiled records share: they pickle (and ``copy``) as a call of the class with their fields.

    A compiled class is rebuilt by its ``__init__``, not by filling a ``__dict__`` it does not have; the
    sources pickle the same way, so a pickle made by either build is read by the other."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        cls = type(self)
        names = _FIELD_NAMES.get(cls)
        if names is None:  # once a class
            names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(self))  # type: ignore[arg-type]
        return cls, tuple([getattr(self, name) for name in names])


_FIELD_NAMES: Final[dict[type, tuple[str, ...]]] = {}


@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class ReportMeta:
    """Report metadata: from the ``# key: value`` header where present, else inferred.

    >>> ReportMeta(title="海口市人民政府2022年法治政府建设情况报告", place="海口市").place
    '海口市'
    """

    title: str | None = None
    place: str | None = None
    adcode: str | None = None
    level: str | None = None
    year: int | None = None
    publisher: str | None = None
    published: str | None = None
    genre: str | None = None
    source: str | None = None


@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class Document:
    """A report as read: the body text that every offset points into, and its metadata."""

    text: str
    meta: ReportMeta
    path: str = ""
    encoding: str = "utf-8"
    fmt: str = "txt"


@dataclass(frozen=True)
class Section(_Record):
    """One section of the report's own hierarchy, with its character span.

    ``path`` uses the report's numbering (``"二.(四)"``), or ``preamble``,
    ``closing…`` and ``endnotes`` for the unnumbered parts.
    """

    path: str
    title: str | None
    level: int
    start: int
    end: int
    type: str | None = None
    heading_end: int | None = None

    def __init__(
        self,
        path: str,
        title: str | None,
        level: int,
        start: int,
        end: int,
        type: str | None = None,
        heading_end: int | None = None,
    ) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "heading_end", heading_end)


@dataclass(frozen=True)
class Mention(_Record):
    """A span of the report's text that names an entity."""

    text: str
    start: int
    end: int
    section: str = ""

    def __init__(self, text: str, start: int, end: int, section: str = "") -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "section", section)


@mypyc_attr(native_class=False)
@dataclass
class Entity:
    """One entity of a report under its canonical name, with every mention of it."""

    type: str  # agency | document | reform | place
    name: str
    mentions: list[Mention] = field(default_factory=list)
    parent: str | None = None  # agencies: canonical name of the parent body
    kind: str | None = None  # documents: law, plan, …; agencies: agency-type slug
    level: str | None = None  # documents: national, provincial, …; agencies: scope
    adcode: str | None = None  # places and agencies: GB/T 2260 code where known
    scope: str | None = None  # identity scope: "national", an adcode, or "report"

    def __init__(
        self,
        type: str,
        name: str,
        mentions: list[Mention] | None = None,
        parent: str | None = None,
        kind: str | None = None,
        level: str | None = None,
        adcode: str | None = None,
        scope: str | None = None,
    ) -> None:  # written out, compiled: resolve makes one an entity (no mentions given: a new list)
        self.type, self.name, self.mentions = type, name, [] if mentions is None else mentions
        self.parent, self.kind, self.level, self.adcode, self.scope = parent, kind, level, adcode, scope

    @property
    def surfaces(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.text, None)
        return list(seen)


@dataclass(frozen=True)
class Change(_Record):
    """A change against an earlier period: 同比增长169.7% → (169.7, '%', 'up', '同比')."""

    value: float
    unit: str
    direction: str  # up | down
    basis: str | None = None
    indicator: str | None = None  # the growth indicator the change is a value of (a level's annual % change)

    def __init__(
        self, value: float, unit: str, direction: str, basis: str | None = None, indicator: str | None = None
    ) -> None:
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "direction", direction)
        object.__setattr__(self, "basis", basis)
        object.__setattr__(self, "indicator", indicator)


@dataclass(frozen=True)
class Observation(_Record):
    """A numeric statement: what is measured, the normalised value and unit, and where."""

    measure: str
    value: float
    unit: str | None
    text: str
    start: int
    end: int
    section: str
    qualifier: str = "exact"  # exact | approx | over | under
    change: Change | None = None
    status: str = "actual"  # actual | target
    raw: str = ""  # the number as written (6.22万)
    indicator: str | None = None  # id of the indicator concept (indicator/gdp-growth)
    year: int | None = None  # an earlier period's figure: the year the text names (较2022年558件)
    years_back: int = 0  # or how many years before the report's year it lies (去年60件 → 1)
    change_base: int | None = None  # index of the earlier period's figure this one is compared with
    span: str | None = None  # the several years the figure covers (过去五年…新增市场主体55万户): no one year's value

    def __init__(
        self,
        measure: str,
        value: float,
        unit: str | None,
        text: str,
        start: int,
        end: int,
        section: str,
        qualifier: str = "exact",
        change: Change | None = None,
        status: str = "actual",
        raw: str = "",
        indicator: str | None = None,
        year: int | None = None,
        years_back: int = 0,
        change_base: int | None = None,
        span: str | None = None,
    ) -> None:
        object.__setattr__(self, "measure", measure)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "section", section)
        object.__setattr__(self, "qualifier", qualifier)
        object.__setattr__(self, "change", change)
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "raw", raw)
        object.__setattr__(self, "indicator", indicator)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "years_back", years_back)
        object.__setattr__(self, "change_base", change_base)
        object.__setattr__(self, "span", span)

    def ref_period(self, report_year: int | None, genre: str | None) -> int | None:
        """The year the figure is of: a named earlier year, or so many years before the report's year;
        otherwise actual figures belong to the year covered and a work report's targets to the year it
        is delivered.

        >>> Observation("案件", 558, "件", "", 0, 1, "一", year=2022).ref_period(2023, "fazhi")
        2022
        >>> Observation("案件", 60, "件", "", 0, 1, "一", years_back=1).ref_period(2023, "fazhi")
        2022
        >>> Observation("增速", 5, "%", "", 0, 1, "一", status="target").ref_period(2024, "work-report")
        2025
        """
        if self.year is not None:
            return self.year
        if report_year is None:
            return None
        if self.years_back:
            return report_year - self.years_back
        return report_year + 1 if self.status == "target" and genre == "work-report" else report_year


@dataclass(frozen=True)
class Relation(_Record):
    subject: str
    predicate: str
    object: str
    section: str

    def __init__(self, subject: str, predicate: str, object: str, section: str) -> None:
        # the parameter named object hides the builtin: super() (_Record) reaches the same object.__setattr__
        super().__setattr__("subject", subject)
        super().__setattr__("predicate", predicate)
        super().__setattr__("object", object)
        super().__setattr__("section", section)


@dataclass(frozen=True)
class Finding(_Record):
    """A contradiction between figures of a report (or between two reports)."""

    kind: str  # rate-vs-counts | parts-vs-total | previous-year
    message: str
    section: str
    evidence: tuple[int, ...]  # indexes into the report's observations
    expected: float
    stated: float

    def __init__(
        self, kind: str, message: str, section: str, evidence: tuple[int, ...], expected: float, stated: float
    ) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "section", section)
        object.__setattr__(self, "evidence", evidence)
        object.__setattr__(self, "expected", expected)
        object.__setattr__(self, "stated", stated)


@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class Figure:
    """An observation as the store holds it, for checks across reports."""

    iri: str
    report: str
    place: str
    indicator: str
    year: int
    value: float
    unit: str
    measure: str
    change_value: float | None = None
    change_unit: str | None = None
    change_direction: str | None = None
    change_basis: str | None = None


@mypyc_attr(native_class=False)
@dataclass
class Extraction:
    """Everything extracted from one report."""

    document: Document
    report_id: str
    sections: list[Section]
    entities: list[Entity]
    observations: list[Observation]
    relations: list[Relation]
    findings: list[Finding] = field(default_factory=list)


def _fills_dict(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass an ``__init__`` that fills the instance's ``__dict__`` directly: what the records
    run where this module is interpreted.

    The ``__init__`` that ``dataclass(frozen=True)`` writes calls ``object.__setattr__`` once a field (on
    Python 3.11 about 1.6 µs for an :class:`Observation`'s 16 fields, 3× this one), and resolve makes one
    an observation and one a mention. This one has the same parameters, defaults and annotations, and
    the class stays what ``dataclass`` made it: frozen (assigning a field raises), hashed, compared,
    printed and pickled by its fields. Only for classes without ``__slots__``, ``default_factory`` or
    ``__post_init__``.
    """
    own = fields(cls)  # type: ignore[arg-type]
    if (
        hasattr(cls, "__slots__")
        or hasattr(cls, "__post_init__")
        or any(f.default_factory is not MISSING or not f.init for f in own)
    ):
        raise TypeError(f"{cls.__name__}: _fills_dict is for plain frozen dataclasses")
    params = ", ".join(f.name if f.default is MISSING else f"{f.name}=_default_{f.name}" for f in own)
    body = "".join(f"    d[{f.name!r}] = {f.name}\n" for f in own)
    scope: dict[str, Any] = {f"_default_{f.name}": f.default for f in own if f.default is not MISSING}
    exec(f"def __init__(self, {params}):\n    d = self.__dict__\n{body}", scope)  # noqa: S102 (field names only)
    init: Callable[..., None] = scope["__init__"]
    generated = cls.__init__
    init.__qualname__ = generated.__qualname__
    init.__annotations__ = dict(generated.__annotations__)
    init.__doc__ = generated.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


if not COMPILED:  # interpreted, one dictionary filled is about 3x faster than object.__setattr__ a field
    for _record in (Section, Mention, Change, Observation, Relation, Finding):
        _fills_dict(_record)
