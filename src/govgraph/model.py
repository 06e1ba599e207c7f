"""Plain data passed between the pipeline stages.

Every stage is a pure function over these dataclasses: ``read`` makes a
:class:`Document`, ``sections`` a list of :class:`Section`, ``extract`` the
entities and observations, and :func:`govgraph.extract_report` bundles
them into an :class:`Extraction`. Only :mod:`govgraph.rdf` turns them into RDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar

_T = TypeVar("_T")


def _fills_dict(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass an ``__init__`` that fills the instance's ``__dict__`` directly.

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


@dataclass(frozen=True)
class Document:
    """A report as read: the body text that every offset points into, and its metadata."""

    text: str
    meta: ReportMeta
    path: str = ""
    encoding: str = "utf-8"
    fmt: str = "txt"


@_fills_dict
@dataclass(frozen=True)
class Section:
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


@_fills_dict
@dataclass(frozen=True)
class Mention:
    """A span of the report's text that names an entity."""

    text: str
    start: int
    end: int
    section: str = ""


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

    @property
    def surfaces(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.text, None)
        return list(seen)


@_fills_dict
@dataclass(frozen=True)
class Change:
    """A change against an earlier period: 同比增长169.7% → (169.7, '%', 'up', '同比')."""

    value: float
    unit: str
    direction: str  # up | down
    basis: str | None = None
    indicator: str | None = None  # the growth indicator the change is a value of (a level's annual % change)


@_fills_dict
@dataclass(frozen=True)
class Observation:
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


@_fills_dict
@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str
    object: str
    section: str


@_fills_dict
@dataclass(frozen=True)
class Finding:
    """A contradiction between figures of a report (or between two reports)."""

    kind: str  # rate-vs-counts | parts-vs-total | previous-year
    message: str
    section: str
    evidence: tuple[int, ...]  # indexes into the report's observations
    expected: float
    stated: float


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
