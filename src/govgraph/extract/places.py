"""Places: administrative divisions from the GB/T 2260 table and named areas.

Full division names are found anywhere; short names (海口 for 海口市) only for
the report's own province and for provincial-level units, where they are
unambiguous, and for a place another province has where the sentence goes to it
(支援荆州。, 派驻徐闻) or a route names it (南宁至昆明). Named areas are a place
name, or a short run of characters after one, ending in an area noun (新区,
自由贸易港, 社区, 经济圈 …). A place that only starts the name of something else
(an official's title, a brand, a platform, an exam, a list) is no mention.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..text.divisions import MUNICIPALITIES, Division, division_table
from ..text.place_context import ReportContext
from ..text.scan import EndWords, matches_at
from .spans import Claimed

AREA_NOUNS: Final = sorted(
    """新区 自由贸易港 自贸港 自由贸易试验区 自贸试验区 自贸区 经济圈 示范区 试验区 先行区 开发区 经济开发区 高新区 综合保税区 综保区
    保税区 保税港区 科技城 科学城 航天城 城市带 城市群 都市圈 保育区 合作区 国家公园 自然保护区 社区 街道 湾区 经济带 经济走廊
    走廊 片区 港区 新城""".split(),
    key=len,
    reverse=True,
)
_LOCAL_NOUNS: Final = {"社区", "街道"}
_AREA_AFTER: Final = re.compile(
    r"([\u4e00-\u9fff（）()]{0,12}?)(" + "|".join(n for n in AREA_NOUNS if n not in _LOCAL_NOUNS) + ")"
)
# a named area that a clause opens with: 2-12 characters, then an area noun (新城, not 新城乡)
_CLAUSE_AREA_NOUNS: Final = (
    "新区 经济开发区 高新区 开发区 经济圈 自贸区 综保区 保税区 示范区 先行区 试验区 科技城 科学城 航天城 城市带 城市群 都市圈 "
    "保育区 新城 自然保护区 合作区 经济走廊"
).split()
_CLAUSE_BREAKS: Final = "，。；、：\n“”（(,;:"
_CLAUSE_AREA: Final = re.compile(
    rf"(?:(?<=[{_CLAUSE_BREAKS}])|^)([\u4e00-\u9fff（）]{{2,12}}?)("
    + "|".join("新城(?!乡)" if n == "新城" else n for n in _CLAUSE_AREA_NOUNS)
    + ")",
    re.M,
)
_AREA_VERBS: Final = re.compile(
    r"[的和与及在对为是有全各省市区县个家所等批]|推进|加快|建设|支持|打造|入选|成为|获批|推动|实施|创建|首批|全国|国家级|开展|设立|布局|建成|规划|总结|推广|复制|经验|"
    r"争创|申建|深化|促进|拓展|提升|发展|高质量|共同富裕|境外|跨境|综合|试点|改革|制度|产业|融合|乡村|美丽|城乡|示范|"
    r"落实|协同|做好|积极|探索|优化|发挥|充分|释放|强化|重点|特色|主要|各类|现有|新型|[以把将从向一二三四五六七八九十两几多]"
)
_LEADING_VERB: Final = re.compile(
    r"^(?:优化|提升|赋予|坚持以|坚持|推进|加快|建设|支持|打造|深化|发挥|依托|做强|做优|高标准|高质量|促进|拓展|争创|申建|推动|融入|服务|对接|加速|优化|聚焦|围绕|用好)+"
)
# a short name followed by a facility noun names the facility (美兰机场), not the place
_FACILITY: Final = re.compile(
    r"^(机场|高速|大道|港|码头|大桥|站|公路|铁路|支线|干线|专用线|隧道|航道|水库|大学|医院|湖|水利枢纽)"
)
# an official's title or a programme's name holds a place name that is not a place mention:
# 海口市市长, 法治四川, 平安广东
_TITLE_AFTER: Final = re.compile(
    r"(?:市长|省长|县长|区长|州长|旗长|书记|主席|副市长|副省长|第[一二三四五六七八九十\d]+[届批])"
)
# words before a place inside a clause that are not part of an area's name (奋力抢抓海南自由贸易试验区)
_LEAD_WORDS: Final = re.compile(
    r"[的和与在对为是以把将]|奋力|抢抓|加快|推进|推动|建设|全力|持续|积极|深入|扎实|用好|依托|围绕|聚焦|对接|融入|服务|"
    r"协同|做好|落实|探索|优化|发挥|释放|强化|支持|打造|争创|申建|深化|促进|拓展|提升"
)
_BRAND_BEFORE: Final = (
    "法治",
    "平安",
    "美丽",
    "健康",
    "数字",
    "智慧",
    "清廉",
    "幸福",
    "人文",
    "活力",
    "绿色",
    "诗画",
    "品质",
)
# national regional strategies, named without a division
REGIONS: Final = (
    "京津冀",
    "长三角",
    "粤港澳大湾区",
    "长江经济带",
    "黄河流域",
    "成渝地区双城经济圈",
    "海峡西岸",
    "东北地区",
    "西部地区",
)
# all in one pass: no region's name can overlap another's (none ends in a character that another starts
# with, none holds another), so the matches are those of each name on its own
_REGIONS: Final = re.compile("|".join(REGIONS))


def _regions(text: str) -> list[tuple[int, str]]:
    """(start, name) of the national regions in ``text``, in order: what ``_REGIONS.finditer`` finds, by
    ``str.find`` of each name (no region's name overlaps another's or itself, so every occurrence is a
    match), instead of the regex tried at every position that opens a name.

    >>> _regions("推进京津冀协同发展和长三角、京津冀一体化")
    [(2, '京津冀'), (10, '长三角'), (14, '京津冀')]
    """
    found = []
    for region in REGIONS:
        k = text.find(region)
        while k >= 0:
            found.append((k, region))
            k = text.find(region, k + len(region))
    found.sort()
    return found


# the country itself, where it stands alone (庆祝中华人民共和国成立), not as the head of a name
_NATION: Final = re.compile(r"中华人民共和国(?=成立|[，。、；的和与])")
_ABBREV_AREAS: Final = (
    ("自贸港", "自由贸易港"),
    ("综保区", "综合保税区"),
    ("自贸试验区", "自由贸易试验区"),
    ("自贸区", "自由贸易试验区"),
)


@dataclass(frozen=True)
class PlaceMention:
    name: str
    text: str
    start: int
    end: int
    adcode: str | None = None

    # written out: the __init__ @dataclass writes is Python made at import, which the compiled build runs in the
    # interpreter (about 20x slower); object.__setattr__ is what a frozen one must use, compiled to a plain store
    def __init__(self, name: str, text: str, start: int, end: int, adcode: str | None = None) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "adcode", adcode)


def _clause_area_starts(text: str) -> list[int]:
    """Where ``_CLAUSE_AREA`` can match: clause starts 2-12 characters before an area noun, instead of
    trying the pattern at every position of the text. The nouns (every occurrence, overlapping ones too)
    are found where their last two characters stand (区, 城, 圈 … after a character a noun has there).

    >>> t = "一是建设海口江东新区，二是推进洋浦经济开发区建设"
    >>> [t[s : s + 2] for s in _clause_area_starts(t)]
    ['一是', '二是']
    """
    starts: set[int] = set()
    for head, _, _ in _CLAUSE_AREA_WORDS.occurrences(text):
        starts.update(s for s in range(max(0, head - 12), head - 1) if s == 0 or text[s - 1] in _CLAUSE_BREAKS)
    return sorted(starts)


_CLAUSE_AREA_WORDS: Final = EndWords(_CLAUSE_AREA_NOUNS)


def find_places(text: str, ctx: ReportContext, skip: list[tuple[int, int]] | None = None) -> list[PlaceMention]:
    """Place mentions with canonical names and codes.

    >>> from govgraph.text.place_context import context_for
    >>> [(p.text, p.name, p.adcode) for p in find_places("海口市龙华区和美兰区流水坡社区", context_for("460100"))]
    [('海口市', '海口市', '460100'), ('龙华区', '龙华区', '460106'), ('美兰区', '美兰区', '460108'), ('流水坡社区', '流水坡社区', None)]
    """
    table = division_table()
    out: list[PlaceMention] = []
    claimed = Claimed(len(text), [*(skip or []), *_title_lines(text)])

    own = ctx.province_code[:2] if ctx.province_code else None
    occurrences = table.occurrences(text)
    starts = [o[0] for o in occurrences]
    for m in matches_at(_CLAUSE_AREA, text, _clause_area_starts(text)):
        lead = _LEADING_VERB.match(m.group(1))
        s, e = m.start(1) + (lead.end() if lead else 0), m.end()
        i = bisect.bisect_left(starts, m.start(1))
        named = occurrences[i][0] - m.start(1) if i < len(occurrences) and occurrences[i][1] <= m.end(1) else 0
        if named > 0 and not lead and _LEAD_WORDS.search(m.group(1)[:named][-2:]):  # a verb right before the place
            s = m.start(1) + named  # 协同做好宁河京津合作示范区: the name starts at the place
        if e - s - len(m.group(2)) < 2 or _generic_area(text[s:e]):
            continue
        name = text[s : e - len(m.group(2))]
        core = _LEVEL_AT_END.sub("", name)  # 黄岩岛国家级自然保护区
        if claimed.free(s, e) and not _AREA_VERBS.search(core) and name.count("（") == name.count("）"):
            out.append(PlaceMention(_area_name(text[s:e], None, ""), text[s:e], s, e))
            claimed.take(s, e)
            _add_alternative(text, s, e, out, claimed.take)
    found: list[tuple[int, int, str, Division]] = []
    anchored: set[int] = set()
    city = ctx.city.code if ctx.city is not None else None
    for s, e, name in occurrences:
        reading = _reading(name, own, city)
        if reading.full is not None:
            found.append((s, e, name, reading.full))
            continue
        route = "至" in (text[e : e + 1], text[s - 1 : s]) and _in_route(s, e, occurrences, starts)
        local = [d for d, alone in reading.local if alone or _listed(text, s, e) or route]
        if reading.top is not None or local:
            found.append((s, e, name, reading.top or local[0]))
        elif text[e : e + 1] in _CLAUSE_END and text[s - 1 : s] in _MOTION and reading.city is not None:
            # another province's city where the sentence goes to it: 支援荆州。, 赴遵义、
            found.append((s, e, name, reading.city))
        elif reading.only is not None and (route or text[s - 2 : s] in _SEND):
            # a place no other division shares a name with, where a route or a posting names it:
            # 南宁至昆明, 派驻徐闻
            found.append((s, e, name, reading.only))
            route = True
        else:
            continue
        if route:
            anchored.add(s)  # the route or the posting bounds the name: no word runs on from it
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    areas = [(p.start, p.end) for p in out]
    loose: list[tuple[int, int, str, Division]] = []
    for s, e, name, div in found:
        inside_area = bool(areas) and any(a <= s and e <= b for a, b in areas)
        if inside_area and not _is_word_part(text, s, e, name, div) and not any(p.start == s for p in out):
            out.append(PlaceMention(div.name, name, s, e, div.code))  # 保亭 in 中欧（保亭）绿色数字创新合作区
            continue
        if not claimed.free(s, e) or (s not in anchored and _is_word_part(text, s, e, name, div)):
            continue
        area = _area_after(text, s, e)
        if area and text[s - 1 : s] in "（(" and text[area : area + 1] in "）)":
            continue  # 武夷山国家公园（江西片区）: a part named inside another area's name
        if area:
            out.append(PlaceMention(_area_name(text[s:area], div, name), text[s:area], s, area))
            claimed.take(s, area)
            _add_alternative(text, s, area, out, claimed.take)
            continue
        if s not in anchored and _word_like(text, s, e, name, div):
            loose.append((s, e, name, div))
            continue
        out.append(PlaceMention(div.name, name, s, e, div.code))
        claimed.take(s, e)
        local_area = _local_area(text, e) if name == div.name and div.level in ("district", "county") else None
        if local_area and claimed.free(e, local_area):
            out.append(PlaceMention(text[e:local_area], text[e:local_area], e, local_area))
            claimed.take(e, local_area)
    plain = {p.adcode for p in out}
    for s, e, name, div in loose:  # 开放合作。 names no 合作市 unless the report names that city otherwise too
        if div.code in plain and claimed.free(s, e):
            out.append(PlaceMention(div.name, name, s, e, div.code))
            claimed.take(s, e)
    for s, region in _regions(text):
        e = s + len(region)
        if region.endswith("部地区") and text[s - 1 : s] in "东西南北中":
            continue  # 中西部地区 is a direction, not the official region
        if claimed.free(s, e):
            out.append(PlaceMention(region, region, s, e))
            claimed.take(s, e)
    for m in _NATION.finditer(text):
        if claimed.free(m.start(), m.end()):
            out.append(PlaceMention("中华人民共和国", m.group(), m.start(), m.end(), "100000"))
            claimed.take(m.start(), m.end())
    for m in _FREE_TRADE_PORT.finditer(text):
        if _inside_name(text, m.start(), m.end()):
            continue
        if claimed.free(m.start(), m.end()) and ctx.province is not None and _has_free_trade_port(ctx, text):
            out.append(PlaceMention(ctx.province.short + "自由贸易港", m.group(), m.start(), m.end()))
            claimed.take(m.start(), m.end())
    out.sort(key=lambda p: p.start)
    return out


@dataclass(frozen=True)
class _Reading:
    """What a division name can denote in the reports of one province and city, worked out once.

    ``full``: the division a full name denotes (a two-character one only inside the report's own
    province: 城区, 西区). For a short name: ``local``, the own province's divisions of that short name,
    the highest level first, each with whether the short name alone is enough for it (:func:`_short_ok`;
    otherwise an enumeration or a route must bound it); ``top``, the first province of that short name;
    ``city``, the first city; ``only``, the division when no other has that short name."""

    full: Division | None
    local: tuple[tuple[Division, bool], ...] = ()
    top: Division | None = None
    city: Division | None = None
    only: Division | None = None


@lru_cache(maxsize=8192)
def _reading(name: str, own: str | None, city: str | None) -> _Reading:
    """The :class:`_Reading` of a division name in a report of the province ``own`` (its code's first two
    digits) and the city ``city`` (its code)."""
    table = division_table()
    divs = table.by_name.get(name)
    if divs and len(name) == 2 and not (own and any(d.code.startswith(own) for d in divs)):
        divs = None  # 城区, 西区: two-character names only for the report's own province
    if divs:
        return _Reading(_pick(divs, own))
    divs = table.by_short.get(name, [])
    local = sorted((d for d in divs if own and d.code.startswith(own)), key=lambda d: d.code.count("0"), reverse=True)
    return _Reading(
        None,
        tuple((d, _short_ok(d, city)) for d in local),
        next((d for d in divs if d.level == "province"), None),
        next((d for d in divs if d.level == "city"), None),
        divs[0] if len(divs) == 1 else None,
    )


_TITLE_LINE: Final = re.compile(r"^[ \t\u3000]*([^\n]{4,60}(?:报告|报告（[^）\n]*）))[ \t\u3000]*$", re.M)


def _title_lines(text: str) -> list[tuple[int, int]]:
    """The report's own title line (and a title split over the lines before it): the title is the
    report's name, so the place in it is no place mention (海口市 in 海口市2022年法治政府建设情况报告)."""
    head = text[:600]
    m = _TITLE_LINE.search(head)
    if m is None or head[: m.start()].count("\n") > 8:
        return []
    start = m.start(1)
    prev = head.rfind("\n", 0, max(0, start - 1))
    line_before = head[prev + 1 : start].strip()
    if line_before and len(line_before) <= 20 and line_before.endswith(("政府", "关于")):
        start = prev + 1  # 儋州市人民政府关于 / 2020年度法治政府建设情况的报告
    return [(start, m.end(1))]


def _has_free_trade_port(ctx: ReportContext, text: str) -> bool:
    """A bare 自贸港 means the province's own port when the report names that port."""
    if ctx.province is None:
        return False
    short = ctx.province.short
    # the country's one free-trade port is Hainan's (海南自由贸易港法): a bare 自贸港 in its reports is its own
    return short == "海南" or f"{short}自由贸易港" in text or f"{short}自贸港" in text


def _short_ok(d: Division, city: str | None) -> bool:
    """A district is called by its short name only in its own city's reports (东城 in Beijing's; ``city``
    is the report's city's code); in a province's report a short name like 新建 is an ordinary word far
    more often than 新建区."""
    if d.level != "district":
        return True
    return city is not None and d.code[:4] == city[:4] if city not in MUNICIPALITIES else d.code[:2] == city[:2]


def _listed(text: str, s: int, e: int) -> bool:
    """Whether a name stands in an enumeration (推进崖州、博鳌片区化建设)."""
    return text[e : e + 1] == "、" or text[s - 1 : s] == "、"


def _pick(divs: list[Division], own: str | None) -> Division:
    local = [d for d in divs if own and d.code.startswith(own)]
    return (local or sorted(divs, key=lambda d: d.code))[0]


def _is_word_part(text: str, s: int, e: int, name: str, div: Division) -> bool:
    """A name that is part of another word or name: 沿海城市, 南昌都市圈, 美兰机场."""
    after = text[e : e + 1]
    if s and text[s - 1] in "沿近临出环滨入":
        return True  # 沿海城市 is not 海城市
    if s and text[s - 1 : s + 1] in division_table().by_short and name not in division_table().by_short:
        return True  # 南昌都市圈: 昌 belongs to 南昌, so 昌都市 is not named here
    if name == div.short and after in "省市县区州":
        return True  # the full name is matched on its own
    if _TITLE_AFTER.match(text, e) or text[max(0, s - 2) : s] in _BRAND_BEFORE and after not in "省市县区州":
        return True  # 海口市市长, 法治四川
    if (
        name == div.short
        and div.level in ("county", "district")
        and not _right_bounded(text, e)
        and not _listed(text, s, e)
    ):
        return True  # 中小金融, 新兴产业: a county's short name glued to the next word is part of that word
    if name == div.name and div.level in ("county", "district") and s and not _left_bounded(text, s):
        return True  # 罗浮山县镇村: 浮山县 does not start inside 罗浮山
    if name == div.short and s and not _left_bounded(text, s) and _EVENT.match(text, e):
        return True  # 中非合作论坛北京峰会: the place names an event inside a longer name
    if name == div.short and (_FACILITY.fullmatch(text[e - 1 : e + 1]) or _FACILITY.match(text[e : e + 2])):
        return True  # 文临高速: 临高 ends where the facility noun starts; 美兰机场
    if text[e - 1 : e + 1] in _WORD_ACROSS:
        return True  # 隆重庆祝: 重庆 is read across two words
    return _inside_name(text, s, e)


def _word_like(text: str, s: int, e: int, name: str, div: Division) -> bool:
    """Whether a county's short name may be the end of an ordinary word: glued to the word before it
    and followed only by a clause's end or a conjunction (开放合作。 水资源和). Such a name counts
    only where the report names the same place in a plainer way too."""
    return (
        name == div.short
        and div.level in ("county", "district")
        and s > 0
        and not _left_bounded(text, s)
        and not _listed(text, s, e)
        and (e >= len(text) or text[e] in _RIGHT_EDGE)
    )


_CLAUSE_END: Final = set("，。；、,;")
_MOTION: Final = set("援赴到至往驻")
# verbs that send people to a place or take them there: what follows is a destination
_SEND: Final = {"派驻", "进驻", "前往", "奔赴", "赶赴", "远赴"}


def _in_route(s: int, e: int, occurrences: list[tuple[int, int, str]], starts: list[int]) -> bool:
    """Whether a name next to a 至 is one end of a route A至B, with a division's name on the other end
    (乐东至三亚段, 新沂至江都段): both ends are places, whatever word follows."""
    i = bisect.bisect_left(starts, e + 1)
    if i < len(starts) and starts[i] == e + 1:
        return True
    j = bisect.bisect_left(starts, s - 1) - 1
    while j >= 0 and starts[j] >= s - 12:  # a name that ends just before the 至
        if occurrences[j][1] == s - 1:
            return True
        j -= 1
    return False


_ALTERNATIVE: Final = re.compile(r"[（(]([\u4e00-\u9fff]{1,2})[）)]")


def _add_alternative(text: str, s: int, e: int, out: list[PlaceMention], take: Callable[[int, int], None]) -> None:
    """A second area named by a bracketed head after the first: 海南自贸区（港） names the free-trade
    zone and the free-trade port. The head replaces the end of the first area's noun."""
    m = _ALTERNATIVE.match(text, e)
    if m is None:
        return
    alt = text[s : e - len(m.group(1))] + m.group(1)
    if not any(alt.endswith(n) for n in AREA_NOUNS) or alt == text[s:e]:
        return
    out.append(PlaceMention(_area_name(alt, None, ""), text[s : m.end()], s, m.end()))
    take(e, m.end())


_LEFT_EDGE: Final = set("，。；：、,;:（(“”\n 在到赴至从向和与及同经对由")
_RIGHT_EDGE: Final = set("，。；：、,;:）)“”\n 和与及等的")


def _right_bounded(text: str, e: int) -> bool:
    """Whether a short name ends a word: before a boundary, a conjunction or a word for a place's parts."""
    return e >= len(text) or text[e] in _RIGHT_EDGE or bool(_PLACE_PARTS.match(text, e))


def _left_bounded(text: str, s: int) -> bool:
    """Whether a full name starts a word: after a boundary, a locative, a higher division or a non-letter."""
    before = text[s - 1]
    if before in _LEFT_EDGE or before in "省市州盟县区" or not ("\u4e00" <= before <= "\u9fff"):
        return True
    table = division_table()
    return any(text[max(0, s - n) : s] in table.by_short for n in (2, 3))  # 西藏定日县


_EVENT: Final = re.compile(r"峰会|论坛|博览会|运动会|大会|展会|会议|赛")
# ordinary words that start with the last character of a place's name: 隆重庆祝 holds no 重庆
_WORD_ACROSS: Final = {"庆祝", "庆贺", "庆典"}
# a list's batch before a name starts the list's name: 第八批自贸港制度创新案例
_BATCH_BEFORE: Final = re.compile(r"第[一二三四五六七八九十\d]+[批届]$")
# the head of a quoted name that is not a place: “海南e登记”平台, “投资江西”品牌
_QUOTED_HEAD: Final = re.compile(r"平台|品牌|系统|APP|App|app|小程序|热线|网(?![络格点民])|专栏|栏目|号")
# an exam's, an assessment's or a contest's name that starts with a place: 海南省行政执法资格考试
_NAME_HEAD: Final = re.compile(r"考试|考核|评估|评选|竞赛|大赛")
_NOT_CJK: Final = re.compile(r"[^\u4e00-\u9fff]")
_NOT_IN_NAME: Final = re.compile(
    r"[的和与及在对为是把将被从向等]|开展|组织|举办|参加|完成|推进|加快|实施|召开|印发|出台|制定|落实|全面|深入|持续|"
    r"积极|扎实|纳入|列入|通过|进行|接受|获得|取得|位列|荣获|获评|成为|排名|居"
)


def _inside_name(text: str, s: int, e: int) -> bool:
    """Whether a place only starts or sits inside the name of something else: a list's batch
    (第八批自贸港制度创新案例), a quoted platform or brand (“海南e登记”平台), or an exam or an
    assessment (海南省行政执法资格考试, 2020年度海南省市县法治政府建设考核评估)."""
    if text[s - 1 : s] in ("批", "届") and _BATCH_BEFORE.search(text, max(0, s - 6), s):
        return True
    opened = text.rfind("“", max(0, s - 12), s)
    if opened >= 0 and "”" not in text[opened:s]:
        closed = text.find("”", e, e + 12)
        if closed >= 0 and (opened + 1, closed) != (s, e) and _QUOTED_HEAD.match(text, closed + 1):
            return True
    m = _NAME_HEAD.search(text, e, e + 14)
    if m is None:
        return False
    between = text[e : m.start()]
    return not _NOT_CJK.search(between) and not _NOT_IN_NAME.search(between)


_PLACE_PARTS: Final = re.compile(
    r"[一二三四五六七八九十两\d]+个|县城|城区|全县|全区|境内|地区|等地|片区|[镇乡村]|新区|园区|试验区|示范区|经济|开发区|考察|调研"
    # a team or a plant that the place owns and names: 琼中女足, 三门核电
    r"|[男女][足篮排]|(?:足球|篮球|排球|代表)队|核电|电厂|电站"
)


# what cannot stand between a place and its area noun (a verb or a list's batch does, 国家 does not:
# 景德镇国家陶瓷文化传承创新试验区)
_AFTER_STOP: Final = re.compile(r"[的和与及在对为各全批]|分别|入选|获评|首批|共同富裕|高质量|试点|改革")


def _area_after(text: str, s: int, e: int) -> int | None:
    """End of a named area that starts with a place name: 江东新区, 海口综保区."""
    if not _AREA_END.search(text, e, e + 18):
        return None  # no area noun ends within reach (three in four calls): _AREA_AFTER cannot match
    m = _AREA_AFTER.match(text, e, e + 18)
    if not m or _AFTER_STOP.search(m.group(1)) or _LEAD_WORDS.search(m.group(1)):
        return None
    best = m.end() - e
    name = text[s : e + best]
    if name.count("（") + name.count("(") != name.count("）") + name.count(")"):
        return None
    if _ALL_OR_EACH.search(name[-len(name) :][:1]):
        return None
    return e + best


def _local_area(text: str, e: int) -> int | None:
    """A community or street after a district name: 美兰区流水坡社区."""
    if not _LOCAL_AREA_END.search(text, e, e + 8):
        return None  # no 区, 道, 镇 or 村 within reach: _LOCAL_AREA cannot match
    m = _LOCAL_AREA.match(text[e : e + 8])
    if m and not _NOT_IN_LOCAL_AREA.search(m.group(1)):
        return e + m.end()
    return None


@lru_cache(maxsize=8192)  # pure, and the same surfaces recur
def _generic_area(surface: str) -> bool:
    """An area type with no proper name: 自贸试验区, 综合保税区, 经济开发区."""
    return any(surface.endswith(n) and len(surface) - len(n) <= 1 for n in AREA_NOUNS) or surface[:2] in (
        "自贸",
        "综合",
        "经济",
        "高新",
        "国家",
        "省级",
        "境外",
        "跨境",
    )


def _area_name(surface: str, div: Division | None, name: str) -> str:
    """The area's official name: abbreviations spelt out, a province's free-trade zone as 中国（X）自由贸易试验区."""
    out = surface
    for short, full in _ABBREV_AREAS:
        if out.endswith(short):
            out = out[: -len(short)] + full
    m = _PROVINCE_FREE_TRADE_ZONE.fullmatch(out)
    if m and any(d.level == "province" for d in division_table().by_short.get(m.group(1), ())):
        out = f"中国（{m.group(1)}）自由贸易试验区"
    return out


# patterns used per match, compiled once (a module-level re call looks its pattern up on every call)
_LEVEL_AT_END: Final = re.compile(r"(?:国家级|省级)$")
_FREE_TRADE_PORT: Final = re.compile(r"自由贸易港|自贸港")
_ALL_OR_EACH: Final = re.compile(r"(全|各)")
_LOCAL_AREA: Final = re.compile(
    r"([\u4e00-\u9fff]{2,5}?)(社区|街道|镇|村)(?![\u4e00-\u9fff]{0,1}(?:干部|居民|工作|治理))"
)
# the characters the area nouns of _AREA_AFTER and _LOCAL_AREA end in: where none stands, neither can match
_AREA_END: Final = re.compile("[" + "".join(sorted({n[-1] for n in AREA_NOUNS if n not in _LOCAL_NOUNS})) + "]")
_LOCAL_AREA_END: Final = re.compile("[区道镇村]")
_NOT_IN_LOCAL_AREA: Final = re.compile(r"[的和与及在对为开展举办邀请坚持组织全各]|农|改")
_PROVINCE_FREE_TRADE_ZONE: Final = re.compile(r"([\u4e00-\u9fff]{2,3})自由贸易试验区")
