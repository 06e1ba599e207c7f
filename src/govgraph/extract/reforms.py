"""Reforms and initiatives: quoted names of policies, and unquoted named reforms.

Quoted names (“互联网+监管”, “枫桥经验”, “八五”普法) are kept unless they are
numbers (hotlines), platform or event names, awards, or whole slogans.
Unquoted ones end in a reform head noun (制度改革, 体制改革, 改革, 试点 …)
and start after the verb that introduces them (推进, 实施, 深化 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vocab.schemes import zh_labels
from .spans import Claimed

_QUOTED = re.compile(r"[“\"「]([^“”\"「」\n]{1,40})[”\"」]")
# a head noun right after the closing quote is part of the name: “八五”普法, “1+3+1”审核
_GLUED = re.compile(r"^(普法|审核|船籍港制度改革|制度改革|体制改革|管理体制|经验)")
# what follows a quotation that names something else: a platform, an award, an event, a period (“十四五”时期),
# or a quality the text ascribes (“交汇点”的战略作用, “三保”底线, “冲超”成功)
_NOT_REFORM_AFTER = re.compile(
    r"^(热线|平台|网|APP|App|小程序|号|系统|品牌|称号|奖|案例|活动周|大会|会议|论坛|节|展|比赛|大赛|联赛|工作站|专栏|栏目|先进|示范点|"
    r"示范单位|的|时期|战略|是指|指|即|国家|目标|底线|核心|成功|正式|迈出|开局|标志|定位|作用|使命|要求)"
)
_NOT_REFORM = re.compile(
    r"^\d+$|^十[一二三四五六七八九]五$|会$|节$|赛$|(?<!一张)网$|平台$|热线$|号$|APP$|杯$|周$|案例$|课堂$|称号$|[手者员长港]$|[一二三四五六七八九十]+条$|"
    r"^(好|优秀|先进|最佳|全国|国家级|省级|市级).{0,3}$|^(二线口岸|一线)$"
)
# numbered political formulae (两个确立, 九大行动, 五篇大文章), descriptive phrases (放得活, 更加开放), titles (全国示范性…)
_SLOGAN = re.compile(
    r"^[一二三四五六七八九十两]+(?:个|大|篇)[^一二三四五六七八九十两]|得|^更|的|^(?:坚持|学习|贯彻|深入|全力|奋力|努力|加快|持续)|^(全国|国家级|省级|市级|首批|首个|首家)|^[A-Za-z0-9+\-]+$"
)
# head nouns of unquoted named reforms, longest first
_REFORM_HEAD = re.compile(
    r"管理体制改革|制度改革|体制改革|机制改革|综合改革|改革试点|综合试点|保障试点|建设试点|开放试点|管理试点|示范创建|改革"
)
# a quotation that names a storm, a team, a vessel or a brand: 强台风“剑鱼”“麦德姆”
_NAMED_THING_BEFORE = re.compile(r"(台风|热带风暴|女足|男足|球队|联赛|号称|品牌|赛事|船|舰|卫星|火箭)$")
_COUNTED = re.compile(
    r"^(?:\d+个|[一二三四五六七八九十两]个|个|首单|首个|首批|扩大|新增|一批|第[一二三四五六七八九十]+批|全国|全省|全市)+"
)
_INTRO = re.compile(
    r"^.*(?:获批|承接|参评|成为|作为|为|在|对|被|将|把|编制|研究|围绕|加大|实行|巩固拓展|巩固|拓展|本轮|新一轮|设立|争当|深入实施|统筹推进|有序推进|系统推进|积极推进|扎实推进|全面实施|全面推行|全面推进|全面深化|纵深推进|稳步推进|深入推进|持续深化|持续推进|深化|推进|推行|实施|开展|启动|完成|落实|加快|推动|深入|持续|全面|继续|开展了|抓好|做好|以|的|和|及|与|、|，|。|；)"
)
_GENERIC = re.compile(
    r"^(各项|重点|重大|相关|一系列|系列|多项|综合|配套|全面|深化|体制|制度|领域|关键|这项|该项|各类|重点领域|进一步|深层次|新一轮)?改革$|^(综合|单项|全面)?示范创建$|^(改革|体制改革|制度改革)$"
)


@dataclass(frozen=True)
class ReformMention:
    name: str
    text: str
    start: int
    end: int


def find_reforms(text: str, skip: list[tuple[int, int]] | None = None) -> list[ReformMention]:
    """Reform mentions with canonical names (no quotes).

    >>> [(r.name, r.text) for r in find_reforms("推进“互联网+监管”，全面实施扩权强区改革，全面推进“八五”普法工作，开通“12345”热线。")]
    [('互联网+监管', '互联网+监管'), ('扩权强区改革', '扩权强区改革'), ('八五普法', '“八五”普法')]
    """
    out: list[ReformMention] = []
    claimed = Claimed(len(text), skip)
    free, take = claimed.free, claimed.take

    refused_end, refused_named = -1, False
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        after = text[m.end() : m.end() + 10]
        before = text[max(0, m.start() - 4) : m.start()]
        named_thing = _NAMED_THING_BEFORE.search(before) or (refused_end == m.start() and refused_named)
        glued = _GLUED.match(after)
        glued_ok = glued is not None and not inner.endswith(glued.group(1)) and _glue_wanted(inner, glued.group(1))
        if named_thing or not (glued_ok and re.search(r"[\u4e00-\u9fff0-9]", inner) or _acceptable_quote(inner, after)):
            refused_end, refused_named = m.end(), bool(named_thing)
            continue
        if re.fullmatch(r"[一二三四五六七八九十]五", inner) and not after.startswith("普法"):
            continue  # a five-year plan period, not a reform
        mentions = _quoted_mentions(text, m, inner, glued if glued_ok else None)
        for name, surface, start, end in mentions:
            if free(start, end):
                out.append(ReformMention(name, surface, start, end))
                take(start, end)
    prev_end = 0
    for m in _REFORM_HEAD.finditer(text):
        e = m.end()
        window_start = max(prev_end, m.start() - 16)
        stop = max((i for i in range(window_start, m.start()) if not _is_cjk(text[i])), default=window_start - 1)
        phrase = text[stop + 1 : e]
        prev_end = e
        intro = _INTRO.match(phrase)
        core = phrase[intro.end() :] if intro else phrase
        counted = _COUNTED.match(core)
        if counted:
            core = core[counted.end() :]
        if (
            len(core) - len(m.group()) < 2
            or _GENERIC.match(core)
            or re.search(
                r"[的了和与及在对为等]|若干|一批|新时代|全面深化|支持|农村改革|国企改革|军队改革|[一二三四五六七八九十两]个",
                core,
            )
        ):
            continue
        s = e - len(core)
        if free(s, e):
            out.append(ReformMention(core, core, s, e))
            take(s, e)
    for m in _known().finditer(text):
        if free(m.start(), m.end()) and not _inside_word(text, m.start(), m.end()):
            out.append(ReformMention(_canonical(m.group()), m.group(), m.start(), m.end()))
            take(m.start(), m.end())
    out = [ReformMention(_canonical(r.name), r.text, r.start, r.end) for r in out]
    out.sort(key=lambda r: r.start)
    return out


@lru_cache(maxsize=1)
def _known() -> re.Pattern[str]:
    """Names and variants of the reform concepts in ``ontology/reforms.ttl``, longest first."""
    labels = sorted(zh_labels("reforms.ttl"), key=len, reverse=True)
    return re.compile("|".join(re.escape(label) for label in labels if len(label) >= 2 and "“" not in label))


def _canonical(name: str) -> str:
    """A known variant's concept name: 河湖长制 → 河长制, 综合行政执法改革 → 综合行政执法体制改革."""
    return zh_labels("reforms.ttl").get(name, name)


def _inside_word(text: str, s: int, e: int) -> bool:
    """A short name glued to more name characters (双减负) is part of another word."""
    return e - s <= 2 and e < len(text) and text[e] in "负少量税费"


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _split_combined(inner: str, start: int) -> list[tuple[str, str, int, int]]:
    """“证照联办+免申即享” names two reforms; “互联网+监管” and “区块链+电子保函” name one."""
    parts = inner.split("+")
    if len(parts) > 1 and all(len(re.findall(r"[\u4e00-\u9fff]", p)) >= 4 and not _names_place(p) for p in parts):
        out, pos = [], start
        for p in parts:
            out.append((p, p, pos, pos + len(p)))
            pos += len(p) + 1
        return out
    return [(inner, inner, start, start + len(inner))]


def _quoted_mentions(
    text: str, m: re.Match[str], inner: str, glued: re.Match[str] | None
) -> list[tuple[str, str, int, int]]:
    """(name, surface, start, end) for an accepted quotation, with a glued head noun or field prefix."""
    if glued is not None:  # “八五”普法
        return [(inner + glued.group(1), text[m.start() : m.end() + glued.end()], m.start(), m.end() + glued.end())]
    if _NUMBERED.match(inner):  # 行政执法“三项制度”
        prefix = _noun_before(text, m.start())
        if prefix:
            s = m.start() - len(prefix)
            return [(prefix + inner, text[s : m.end()], s, m.end())]
    start = m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())
    return _split_combined(inner, start)


_NUMBERED = re.compile(r"^[一二三四五六七八九十两]+(?:项|个)(?:制度|机制|体系|规定)$")


def _noun_before(text: str, quote_start: int) -> str:
    """The field a numbered formula belongs to: 行政执法“三项制度” → 行政执法."""
    window = text[max(0, quote_start - 8) : quote_start]
    run = re.search(r"[\u4e00-\u9fff]+$", window)
    if not run:
        return ""
    intro = _INTRO.match(run.group())
    noun = run.group()[intro.end() :] if intro else run.group()
    return noun if 2 <= len(noun) <= 6 else ""


def _names_place(phrase: str) -> bool:
    from ..text.divisions import division_table

    return division_table().names_any(phrase)


def _glue_wanted(inner: str, noun: str) -> bool:
    if noun in ("普法",):
        return bool(re.fullmatch(r"[一二三四五六七八九十]五", inner))
    return len(inner) <= 8


def _acceptable_quote(inner: str, after: str) -> bool:
    if not re.search(r"[\u4e00-\u9fffA-Za-z+]", inner):
        return False
    if re.fullmatch(r"[\d\s]+", inner) or _NOT_REFORM.search(inner) or _NOT_REFORM_AFTER.match(after):
        return False
    if "，" in inner or "。" in inner or "：" in inner:
        return False
    if len(re.findall(r"[\u4e00-\u9fff]", inner)) < 2 and "+" not in inner:
        return False
    if _SLOGAN.search(inner):
        return False
    parts = inner.split("、")
    if len(inner) > 16 and (len(parts) == 1 or max(len(p) for p in parts) > 8):
        return False
    return True
