"""Plain data passed between the pipeline stages.

Every stage is a pure function over these dataclasses: ``read`` makes a
:class:`Document`, ``sections`` a list of :class:`Section`, ``extract`` the
entities and observations, and :func:`govgraph.extract_report` bundles
them into an :class:`Extraction`. Only :mod:`govgraph.rdf` turns them into RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Change:
    """A change against an earlier period: 同比增长169.7% → (169.7, '%', 'up', '同比')."""

    value: float
    unit: str
    direction: str  # up | down
    basis: str | None = None
    indicator: str | None = None  # the growth indicator the change is a value of (a level's annual % change)


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


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str
    object: str
    section: str


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
