"""The one name a shared thing carries in every store: a function of what the thing is, never of the
report that happens to describe it first.

Two reports may write one place, reform or document differently (静海区 in the text, 天津市静海区 in a
district's own title; 互联网＋监管 and 互联网+监管). Both point at one node (its id is made from the
normalised name or the division code), so if each report gave the node its own wording as
``skos:prefLabel``, the node would have two, which SKOS forbids (one ``prefLabel`` per language) and
which doubles every row a query joins on the label. So the preferred label is made from the identity:
a division's official name placed in its city, or the name in one canonical display form; the wordings
the reports used become ``skos:altLabel``.
"""

from __future__ import annotations

from ..model import Entity
from ..text.divisions import division_table
from ..text.normalise import canonical_title

__all__ = ["entity_label", "place_label", "shared_name"]

# full-width forms of ASCII letters, digits and the signs names use (＋ in 互联网＋, ％, ．): their
# half-width form is the canonical one; full-width Chinese punctuation (（）：；，！？) stays
_FOLD = str.maketrans(
    {chr(0xFF00 + i - 0x20): chr(i) for i in range(0x21, 0x7F) if chr(i).isalnum() or chr(i) in "+%.&@#*=/_"}
    | {"\u3000": " "}
)


def shared_name(name: str) -> str:
    """A name in its canonical display form: full-width letters, digits and signs made half-width, no
    spaces, full-width brackets, one dash (—) between years.

    >>> shared_name("互联网＋监管"), shared_name("１９８１年国民经济计划"), shared_name("纲要(2021-2025年)")
    ('互联网+监管', '1981年国民经济计划', '纲要（2021—2025年）')
    """
    return canonical_title(name.translate(_FOLD))


def place_label(adcode: str | None, name: str) -> str:
    """A place's name: a division's official name placed in its city (天津市静海区), else ``name``'s
    canonical form.

    >>> place_label("120118", "静海区"), place_label("460100", "海口"), place_label(None, "洋浦经济开发区")
    ('天津市静海区', '海口市', '洋浦经济开发区')
    """
    table = division_table()
    division = table.get(adcode)
    return table.full_name(division) if division is not None else shared_name(name)


def entity_label(e: Entity) -> str:
    """The preferred label of an entity's shared node.

    >>> entity_label(Entity("place", "静海区", adcode="120118")), entity_label(Entity("reform", "互联网＋监管"))
    ('天津市静海区', '互联网+监管')
    """
    if e.type == "place":
        return place_label(e.adcode, e.name)
    return shared_name(e.name)
