"""Documents: every title in 《》 and national laws cited without them.

A title's kind comes from its head noun (法, 条例, 方案, 清单 …) and its level
from its place prefix or the issuer named just before it. A law's short name
resolves to its full name: only the National People's Congress makes a 法, so
any 法 that does not already carry the state's name is 中华人民共和国…法.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..text.divisions import division_table
from ..text.normalise import canonical_title, match_key
from ..text.place_context import ReportContext
from ..text.scan import AtEnd, EndWords, matches_at
from .spans import Claimed

_TITLE: Final = re.compile(r"《([^《》\n]{2,100})》")
_STATE: Final = "中华人民共和国"
_NOT_LAW_SUFFIX: Final = (
    "办法",
    "方法",
    "做法",
    "想法",
    "说法",
    "立法",
    "执法",
    "普法",
    "司法",
    "守法",
    "用法",
    "学法",
    "依法",
    "违法",
    "合法",
)

# National laws that reports commonly cite by short name without 《》. This is a
# table of the country's statutes, like the division table, not of any report's text.
NATIONAL_LAWS: Final = (
    "宪法 民法典 刑法 立法法 监察法 审计法 行政处罚法 行政许可法 行政强制法 行政复议法 行政诉讼法 国家赔偿法 "
    "公务员法 法律援助法 人民调解法 律师法 公证法 仲裁法 民事诉讼法 刑事诉讼法 治安管理处罚法 反有组织犯罪法 "
    "未成年人保护法 预防未成年人犯罪法 妇女权益保障法 老年人权益保障法 残疾人保障法 家庭教育促进法 "
    "农产品质量安全法 食品安全法 药品管理法 疫苗管理法 安全生产法 消防法 突发事件应对法 传染病防治法 "
    "环境保护法 大气污染防治法 水污染防治法 土壤污染防治法 固体废物污染环境防治法 噪声污染防治法 海洋环境保护法 "
    "长江保护法 黄河保护法 湿地保护法 野生动物保护法 生物安全法 森林法 草原法 水法 防洪法 土地管理法 "
    "城乡规划法 建筑法 道路交通安全法 乡村振兴促进法 种子法 畜牧法 渔业法 农村土地承包法 "
    "数据安全法 个人信息保护法 网络安全法 国家安全法 反间谍法 反恐怖主义法 保守国家秘密法 档案法 "
    "外商投资法 反垄断法 反不正当竞争法 消费者权益保护法 产品质量法 广告法 电子商务法 价格法 "
    "劳动法 劳动合同法 社会保险法 就业促进法 中小企业促进法 科学技术进步法 促进科技成果转化法 "
    "教育法 义务教育法 职业教育法 高等教育法 学前教育法 专利法 商标法 著作权法 统计法 预算法 "
    "税收征收管理法 个人所得税法 企业所得税法 公司法 证券法 保险法 商业银行法 海南自由贸易港法 "
    "英雄烈士保护法 退役军人保障法 国防法 兵役法 反食品浪费法 无障碍环境建设法 对外关系法 "
    "爱国主义教育法 粮食安全保障法 民营经济促进法 行政复议法实施条例 信访工作条例 优化营商环境条例 "
    "重大行政决策程序暂行条例 政府信息公开条例"
).split()


_LAW_SET: Final = frozenset(NATIONAL_LAWS)
# found where their last character (法, 典, 例) stands: far fewer places than the regex engine would try
_LAWS: Final = EndWords(_LAW_SET)


@dataclass(frozen=True)
class DocMention:
    name: str
    text: str
    start: int
    end: int
    kind: str
    level: str

    # written out: the __init__ @dataclass writes is Python made at import, which the compiled build runs in the
    # interpreter (about 20x slower); object.__setattr__ is what a frozen one must use, compiled to a plain store
    def __init__(self, name: str, text: str, start: int, end: int, kind: str, level: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "level", level)


def find_documents(text: str, ctx: ReportContext) -> list[DocMention]:
    """Titles in 《》, then laws named without them.

    >>> from govgraph.text.place_context import context_for
    >>> ctx = context_for("460100")
    >>> [(d.name, d.kind, d.level) for d in find_documents("学习《审计法》和民法典。", ctx)]
    [('中华人民共和国审计法', 'law', 'national'), ('中华人民共和国民法典', 'law', 'national')]
    """
    out: list[DocMention] = []
    for m in _TITLE.finditer(text):
        inner = m.group(1)
        if not _TWO_CJK.search(inner):
            continue
        name = _edition(canonical_name(inner), ctx.year)
        out.append(DocMention(name, inner, m.start(1), m.end(1), kind_of(name), _level(name, text, m.start(), ctx)))
    claimed = Claimed(len(text), [(d.start - 1, d.end + 1) for d in out])
    cited = sorted(
        {d.text for d in out if d.kind == "law" and len(d.text) >= 2 and d.text not in _LAW_SET}, key=len, reverse=True
    )
    runs = [EndWords(cited).spans(text)] if cited else []
    for s, e in itertools.chain(*runs, _LAWS.spans(text)):
        if not claimed.free(s, e) or _inside_longer(text, s, e):
            continue
        name = canonical_name(text[s:e])
        out.append(DocMention(name, text[s:e], s, e, kind_of(name), "national"))
        claimed.take(s, e)
    out.extend(_unquoted(text, claimed, out, ctx))
    out.sort(key=lambda d: d.start)
    return out


# national plans issued in editions; a citation without the years means the edition in force
EDITIONS: Final = {
    "法治政府建设实施纲要": ((2015, 2020), (2021, 2025)),
    "法治社会建设实施纲要": ((2020, 2025),),
    "法治中国建设规划": ((2020, 2025),),
    "全面推进依法行政实施纲要": ((2004, 2014),),
}
_EDITION_BASES: Final = re.compile("|".join(sorted(EDITIONS, key=len, reverse=True)))


def _edition(name: str, year: int | None) -> str:
    """法治政府建设实施纲要 in a 2022 report → 法治政府建设实施纲要（2021—2025年）.

    >>> _edition("法治政府建设实施纲要", 2022), _edition("法治政府建设实施纲要", 2016)
    ('法治政府建设实施纲要（2021—2025年）', '法治政府建设实施纲要（2015—2020年）')
    >>> _edition("法治政府建设实施纲要（2015—2020年）", 2022)
    '法治政府建设实施纲要（2015—2020年）'
    """
    editions = EDITIONS.get(name)
    if not editions or year is None:
        return name
    for start, end in editions:
        if start <= year <= end:
            return f"{name}（{start}—{end}年）"
    return name


# well-known documents cited by a fixed short name
ALIASES: Final = {"中央八项规定": "十八届中央政治局关于改进工作作风、密切联系群众的八项规定"}
# the Basic Laws cited together without the region's name (维护宪法和基本法确定的宪制秩序)
_BASIC_LAWS: Final = ("中华人民共和国香港特别行政区基本法", "中华人民共和国澳门特别行政区基本法")
_BARE_BASIC_LAW: Final = re.compile("基本法")
_ALIAS: Final = re.compile("|".join(map(re.escape, ALIASES)))
# "未成年人保护及预防未成年人犯罪两法": two laws named by their subjects
_TWO_LAWS: Final = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:及|和|与|、)([\u4e00-\u9fff]{2,10}?)两法")


def _two_laws_starts(text: str) -> list[int]:
    """Where a match of ``_TWO_LAWS`` may begin: 5 to 21 characters before a 两法 (two subjects of 2-10
    characters and the word between them), so that the pattern is not tried at every position."""
    starts: set[int] = set()
    k = text.find("两法")
    while k >= 0:
        starts.update(range(max(0, k - 21), max(0, k - 4)))
        k = text.find("两法", k + 1)
    return sorted(starts)


_LAW_VERBS: Final = re.compile(r"(?:宣传|学习|贯彻|落实|实施|执行|开展|修订|修改|制定|配合|检查|普及|对|了)+")
_REGULATION_RUN: Final = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:条例|规定|办法)")


def _unquoted(text: str, claimed: Claimed, found: list[DocMention], ctx: ReportContext) -> list[DocMention]:
    """Documents named without 《》: fixed short names, 'A及B两法', and a regulation run on right after a law."""
    out: list[DocMention] = []

    def add(surface: str, name: str, s: int, e: int, level: str) -> None:
        out.append(DocMention(name, surface, s, e, kind_of(name), level))
        claimed.take(s, e)

    for m in _ALIAS.finditer(text):
        if claimed.free(m.start(), m.end()):
            add(m.group(), ALIASES[m.group()], m.start(), m.end(), "national")
    # a plan's title without 《》 (法治政府建设实施纲要 as a topic) is no citation: only laws and party
    # regulations known by a short name count without quotes
    for m in _BARE_BASIC_LAW.finditer(text):
        before = text[m.start() - 1 : m.start()]
        if claimed.free(m.start(), m.end()) and (before in "和与及、" or not "\u4e00" <= before <= "\u9fff"):
            for name in _BASIC_LAWS:
                out.append(DocMention(name, m.group(), m.start(), m.end(), "law", "national"))
            claimed.take(m.start(), m.end())
    ends = {d.end for d in found}
    for e0 in sorted(ends):
        run = _REGULATION_RUN.match(text, e0)
        if run and claimed.free(run.start(), run.end()) and not _FUNCTION_CHAR.search(run.group()):
            name = canonical_title(run.group())
            add(run.group(), name, run.start(), run.end(), _level(name, text, run.start(), ctx))
    for m in matches_at(_TWO_LAWS, text, _two_laws_starts(text)):
        for g in (1, 2):
            s, e = m.start(g), m.end(g)
            while not claimed.free(s, e) and s < e:
                s += 1  # the first subject starts after the last citation before it
            lead = _LAW_VERBS.match(text, s, e)
            s = lead.end() if lead else s
            subject = text[s:e]
            if len(subject) >= 2 and claimed.free(s, e):
                add(subject, canonical_name(subject + "法"), s, e, "national")
    return out


def _inside_longer(text: str, s: int, e: int) -> bool:
    """宪法 inside 违宪法 or 刑法 inside 行政刑法 is not a citation of that law."""
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    if after and after in "学律规典":
        return True
    return e - s <= 2 and bool(before) and before in "违依执立司守护普行政"


@lru_cache(maxsize=8192)  # pure, and the same titles recur within and across reports
def canonical_name(title: str) -> str:
    """The canonical name of a cited title.

    >>> canonical_name("审计法"), canonical_name("海南自由贸易港法"), canonical_name("实施纲要(2021-2025年)")
    ('中华人民共和国审计法', '中华人民共和国海南自由贸易港法', '实施纲要（2021—2025年）')
    >>> canonical_name("海口市政府立法咨询专家库管理办法")
    '海口市政府立法咨询专家库管理办法'
    """
    name = canonical_title(title)
    if _is_law(name) and not name.startswith(_STATE):
        name = _STATE + name
    return name


@lru_cache(maxsize=8192)  # pure, and the same titles recur within and across reports
def _is_law(name: str) -> bool:
    base = _unbracketed(name)
    if base.endswith("法典"):
        return True
    return base.endswith("法") and not base.endswith(_NOT_LAW_SUFFIX) and len(base) >= 2


KIND_RULES: Final = (
    ("periodical", re.compile(r"(日报|晚报|公报|杂志|学报|时报|报)$")),
    ("report", re.compile(r"(?:报告(?:（[^）]*）)?|白皮书|蓝皮书)$")),
    ("list", re.compile(r"(清单|目录|名录|名单)(?:（[^）]*）)?$")),
    ("plan", re.compile(r"(规划|计划|方案|纲要|要点|安排|路线图)(?:（[^）]*）)?$")),
    (
        "normative-document",
        re.compile(r"(意见|通知|决定|办法|规定|细则|标准|规则|制度|指引|指南|措施|准则|公告)(?:（[^）]*）)?$"),
    ),
)


# each rule run only on a title whose last character one of its matches can end in (most titles: one rule)
_KIND_ENDS: Final = tuple((kind, AtEnd(rx)) for kind, rx in KIND_RULES)


@lru_cache(maxsize=8192)  # pure, and the same titles recur within and across reports
def kind_of(name: str) -> str:
    """law | administrative-regulation | party-regulation | local-regulation | rule | … | other.

    >>> kind_of("中国共产党政法工作条例"), kind_of("海口市科学技术普及条例"), kind_of("政府信息公开条例")
    ('party-regulation', 'local-regulation', 'administrative-regulation')
    """
    base = _unbracketed(name)
    if _is_law(name):
        return "law"
    if "八项规定" in base:
        return "party-regulation"
    if base.endswith("条例"):
        if base.startswith(("中国共产党", "党")) or "党" in base[:6] or base in ("信访工作条例",):
            return "party-regulation"
        if _place_prefix_level(base) not in ("national", None):
            return "local-regulation"
        return "administrative-regulation"
    for kind, rule in _KIND_ENDS:
        if rule.search(name):
            return kind
    return "other"


@lru_cache(maxsize=8192)  # pure, and the same titles recur within and across reports
def _place_prefix_level(name: str) -> str | None:
    if name.startswith(("中华人民共和国", "国家", "国务院", "中共中央", "全国", "中央")):
        return "national"
    table = division_table()
    for n in _name_lengths().get(name[:2], ()):  # the longest full name the title opens with
        d = table.by_name.get(name[:n]) if n <= len(name) else None
        if d:
            return _LEVEL_OF.get(d[0].level, "district")
    for n in (3, 2):
        d = table.by_short.get(name[:n])
        if d and d[0].level == "province":
            return "provincial"
    return None


@lru_cache(maxsize=1)
def _name_lengths() -> dict[str, tuple[int, ...]]:
    """The lengths (2 to 12, longest first) of the full division names, by their first two characters:
    a title is looked up only at the lengths of the names that open as it does (most open none)."""
    lengths: dict[str, set[int]] = {}
    for n in division_table().by_name:
        if 2 <= len(n) <= 12:
            lengths.setdefault(n[:2], set()).add(len(n))
    return {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}


def _unbracketed(name: str) -> str:
    """The name without a bracketed part at its end (法治政府建设实施纲要（2021—2025年）); a name with no ） has none."""
    return _BRACKETED_END.sub("", name) if "）" in name else name


def _level(name: str, text: str, at: int, ctx: ReportContext) -> str:
    if _is_law(name) or _unbracketed(name) in EDITIONS or name in ALIASES.values():
        return "national"
    lvl = _place_prefix_level(name)
    if lvl:
        return lvl
    issuer = text[max(0, at - 12) : at]
    if _NATIONAL_ISSUER.search(issuer):
        return "national"
    if _PROVINCIAL_ISSUER.search(issuer):
        return "provincial"
    if name.startswith(("全市", "市")):
        return "municipal"
    if name.startswith(("全省", "省")):
        return "provincial"
    return ctx.doc_level


def same_document(a: str, b: str) -> bool:
    """Two surface forms of one title.

    >>> same_document("法治政府建设实施纲要(2021-2025年)", "法治政府建设实施纲要（20212025年）")
    True
    """
    return match_key(canonical_name(a)) == match_key(canonical_name(b))


# patterns used per match, compiled once (a module-level re call looks its pattern up on every call)
_FUNCTION_CHAR: Final = re.compile(r"[的了在对为]")
_BRACKETED_END: Final = re.compile(r"（[^）]*）$")
_TWO_CJK: Final = re.compile(r"[\u4e00-\u9fff]{2}")
_NATIONAL_ISSUER: Final = re.compile(r"党中央|中共中央|国务院|国家|中央")
_PROVINCIAL_ISSUER: Final = re.compile(r"省委|省政府|省人民政府|省人大")
_LEVEL_OF: Final = {"province": "provincial", "city": "municipal"}  # a division's level as a document's
