"""Indicator observations: a number with a unit, what it measures, and how it changed.

The measure is the report's own noun phrase: the words before the number in
its clause, or the noun after a counted unit ("38条具体工作举措"), with the
verbs and adverbs around it removed. Values are normalised (6.22万 → 62200,
2.19亿元 → 219000000 元); 余/多/约/左右 make a value approximate, 超/突破/以上
a lower bound. A change that follows its figure ("，同比增长57.89%",
"较上一年度降低4.06个百分点") is attached to it; a change with nothing
before it (地区生产总值增长5.5%) is an observation of growth itself.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from ..model import Change
from ..text.numerals import cn_decimal, cn_to_int, to_number
from ..text.scan import COMPILED, AtEnd, AtEndFrom, matches_at
from .spans import Claimed

UNITS: Final = sorted(
    """个百分点 百分点 % ％ 元 美元 港元 欧元 人次 家次 批次 场次 航次 架次 艘次 车次 件次 户次 项次 个工作日 工作日 个月 件 宗 项 个 名 人 次 条 户 家 所
    台 类 期 场 年 亩 公顷 平方公里 平方米 公里 千米 微克/立方米 立方米 吨 千克 公斤 斤 标准箱 艘 辆 套 只 群 处 种 款 倍 位 发 岁
    千瓦时 千瓦 篇 部 册 座 栋 间 张 份 天 分钟 小时 批 起 例 棵 株 头 支 门 轮 笔 床 盏 块 级 届 列 回 对""".split(),
    key=len,
    reverse=True,
)
_UNIT_ALT: Final = "|".join(re.escape(u) for u in UNITS)
_CN_SMALL: Final = "一二两三四五六七八九十"
_SP: Final = "[ \u3000\u00a0\u200b\u2009]"  # a space that web pages put inside numbers: "2. 2万亿元", "7 4 7 7 2 亿元"
# before a multiplier, a zero-width space may stand on a line of its own ("74.4⏎\u200b⏎万亿元")
_SP_MULT: Final = r"(?:[ \u3000\u00a0\u2009]|\s*\u200b\s*|)"
# Every optional part with a group or an alternation in it is spelt (?:…|), not (…)?: the same matches, but
# Python's regex engine enters a (…)? through a repeat context it allocates each time, and NUMBER is tried at
# every number. For the same reason the spaced digits (7 4 7 7 2) are tried only where a space and a digit
# follow the first, and the thousands groups (1,086) are taken possessively (*+): everything after them may
# match nothing, so the engine never needs to give one back. tests/test_observations_scan.py compares the
# pattern with its plain spelling over the corpus.
NUMBER: Final = re.compile(
    r"(?<![\dA-Za-z.．_/])"
    rf"(?P<num>\d(?={_SP}\d)(?:{_SP}\d)+(?!\d)(?:{_SP}?[.．]{_SP}?\d+|)"
    rf"|\d+(?:[,，]\d{{3}}(?!\d))*+(?:{_SP}?[.．]{_SP}?\d+|))"
    r"(?:\s*[-~～—－至到]\s*(?P<num2>\d+(?:\.\d+)?)|)"
    r"(?:(?P<q0>余|多)(?=万|亿|千)|)"
    rf"(?:{_SP_MULT}(?P<mult>万亿|千亿|百亿|亿|千万|百万|万|千(?![克米瓦]))|)"
    r"(?:(?P<q>余|多)|)"
    rf"{_SP}?(?:(?P<unit>{_UNIT_ALT})|)"
    r"(?:(?P<post>以上|左右|以内|以下|多)|)"
    r"(?:(?<=[%％])\s*[-~～—－至到]\s*(?P<num3>\d+(?:\.\d+)?)[%％]|)"  # a range of rates: 6.5%－7%
)
CN_NUMBER: Final = re.compile(
    rf"(?P<pre>连续)(?P<num>[{_CN_SMALL}]{{1,3}})(?P<unit>年)|(?P<num_b>[{_CN_SMALL}]{{1,2}}(?:点[{_CN_SMALL}零〇]+)?)(?P<unit_b>倍)"
)
# where a match of CN_NUMBER can begin: 连续 or a numeral (the plain scan, kept to check the one below against)
_CN_NUMBER_FIRST: Final = re.compile(f"[连{_CN_SMALL}]")
_CN_MULTIPLE_CHARS: Final = frozenset(_CN_SMALL + "点零〇")


def _cn_number_starts(text: str) -> list[int]:
    """Where a match of CN_NUMBER may begin, ascending: at every 连续, and at every numeral of the run of
    numerals just before a 倍. Numerals are everywhere in Chinese text (一体化, 统一); 倍 and 连续 are rare.

    >>> t = "连续三年增长，是去年的二点五倍，统一标准"
    >>> _cn_number_starts(t), [m.group() for m in matches_at(CN_NUMBER, t, _cn_number_starts(t))]
    ([0, 11, 13], ['连续三年', '二点五倍'])
    """
    starts = []
    k = text.find("连续")
    while k >= 0:
        starts.append(k)
        k = text.find("连续", k + 2)
    k = text.find("倍")
    while k >= 0:
        j = k
        while j > 0 and text[j - 1] in _CN_MULTIPLE_CHARS:
            j -= 1
        starts.extend(i for i in range(j, k) if text[i] in _CN_SMALL)
        k = text.find("倍", k + 1)
    return sorted(set(starts))


# a digit that NUMBER's look-behind lets open a number (not inside one, not after a letter): the scan that
# _number_starts does by a loop where compiled, and by this pattern where interpreted
_NUMBER_FIRST: Final = re.compile(r"\d(?<![\dA-Za-z.．_/]\d)")


def _number_starts(text: str) -> list[int]:
    """Where a match of NUMBER may begin, ascending: at every decimal digit (what ``\\d`` matches: ASCII and
    full-width digits, and the digits of other scripts) that no digit, Latin letter, point (``.`` ``．``), ``_``
    or ``/`` stands before. These are the matches of ``_NUMBER_FIRST``; a loop over the characters finds them
    several times faster than the regex engine once compiled, since a report's characters are nearly all
    Chinese characters and punctuation, which one range test passes over.

    >>> _number_starts("办理35件，A4纸，增长１２%，第1.5条，3/4")
    [2, 12, 17, 22]
    """
    if not COMPILED:  # interpreted, this loop costs about 3 ms a corpus report and the regex a tenth of it
        return [m.start() for m in _NUMBER_FIRST.finditer(text)]
    out: list[int] = []
    barred = False  # whether the character before bars a number from opening here
    for i in range(len(text)):
        c = ord(text[i])
        if 0x2000 <= c < 0xA620:  # punctuation and CJK characters: no digit among them
            barred = False
            continue
        digit = _is_decimal(c)
        if digit and not barred:
            out.append(i)
        barred = digit or 65 <= c <= 90 or 97 <= c <= 122 or c == 46 or c == 95 or c == 47 or c == 0xFF0E
    return out


def _is_decimal(c: int) -> bool:
    """Whether the character with code point ``c`` is a decimal digit, as ``str.isdecimal`` (and ``\\d``) say:
    no code point below U+0660 is one but 0–9, and none of the full-width forms but ０–９.

    >>> [_is_decimal(ord(ch)) for ch in "7７٣a。〇"]
    [True, True, True, False, False, False]
    """
    if c < 0x660:
        return 48 <= c <= 57
    if 0xFF00 <= c <= 0xFFEF:
        return 0xFF10 <= c <= 0xFF19
    return chr(c).isdecimal()


# percentages written out, as older reports do: 百分之七, 百分之六点五
CN_PERCENT: Final = re.compile(
    r"百分之(?P<num>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)(?P<post>以上|左右)?"
)
# quantities in Chinese numerals: 两批, 八天, 近六成, 千亿元, 十批次 ("一" alone is left out: 一批, 一次 are idioms)
_CN_QTY_UNITS: Final = sorted(
    "亿元 万元 元 成 批次 场次 人次 个 次 批 项 件 家 名 人 天 场 所 倍 条 年 类 种 户 亿 万".split(),
    key=len,
    reverse=True,
)
# the numeral's first character is spelt as alternatives of single characters, so that the regex engine
# can skip to where a match may start instead of trying every position
CN_QTY: Final = re.compile(
    r"(?P<num>(?:二|两|三|四|五|六|七|八|九|十|百|千|一[十百千万亿])[零〇一二两三四五六七八九十百千万亿]*)"
    rf"(?P<unit>{'|'.join(_CN_QTY_UNITS)})"
    r"(?P<post>以上|左右|多|余)?"
)
# a ratio: 城乡居民收入比收窄至2：1以内
RATIO: Final = re.compile(r"(?<![\d.])(?P<a>\d+(?:\.\d+)?)[：:](?P<b>\d+(?:\.\d+)?)(?![\d:：])")
_COUNT_UNITS: Final = set("个名项条家所台类种款处艘辆套只群部册座栋间张份批起例棵株头支门笔床盏块") | {
    "人",
    "件",
    "宗",
    "户",
    "期",
    "场",
}
_CLAUSE_BREAK: Final = re.compile(r"[，。；：！？\n,;:!?（()）【】\[\]［］]")
_OVER: Final = AtEnd(re.compile(r"(超过|超|逾|突破|多于|高于|以上)(?:了)?$"))
_APPROX: Final = AtEnd(re.compile(r"(将近|接近|近|约|大约)(?:为|占|有|达)?$"))
_UNDER: Final = AtEnd(re.compile(r"(不到|不足|低于|少于)$"))


def _last_chars(*patterns: AtEnd, removed: tuple[AtEnd, ...] = ()) -> frozenset[str]:
    """The characters a match of any of ``patterns`` (or a non-empty one of the ``removed`` patterns, which are
    only ever cut off a phrase's end, where an empty match changes nothing) can end in: at a phrase ending in
    none of them, ``search`` finds nothing and ``sub`` leaves the phrase as it is.

    >>> sorted(_last_chars(AtEnd(re.compile(r"(?:超过|近)$")), removed=(AtEnd(re.compile(r"(?:约|为)*$")),)))
    ['为', '约', '过', '近']
    """
    out: set[str] = set()
    for p in patterns + removed:
        if p.last is None or (p.nullable and p not in removed):
            raise ValueError(f"the end characters of {p.pattern.pattern!r} cannot be read off it")
        out |= p.last
    return frozenset(out)


# the characters a qualifier word before a number ends in ("\n" too: ``$`` matches before a last newline)
_QUALIFIER_LAST: Final = _last_chars(_OVER, _APPROX, _UNDER) | {"\n"}
_CHANGE_VERB: Final = r"(?:增长|上升|提高|提升|增加|上涨|扩大|下降|降低|减少|回落|下跌|缩小|压缩|微降|微增)"
_CHANGE_AFTER: Final = re.compile(
    r"^[）)]?[，,、]\s*(?:(?P<comparable>按可比价格计算|扣除价格因素|按可比口径)|)[，,]?\s*"  # (?:…|): see NUMBER
    r"(?:(?P<basis>同比|环比|较上一?年度?|比上一?年度?|较去年|比去年|较20\d\d年|比20\d\d年|较上年同期|比上年同期|(?:五年|\S年|)年均|平均每年|"
    r"(?:近|过去|)[两三四五六七八九十]年(?:来|间|内)?(?:累计|))|)"
    rf"[\u4e00-\u9fff]{{0,4}}?(?P<verb>{_CHANGE_VERB})$"
)
_CHANGE_AFTER_FIRST: Final = (
    "）",
    ")",
    "，",
    ",",
    "、",
)  # what _CHANGE_AFTER's match opens with: a gap without one has none
_DOWN: Final = re.compile(r"下降|降低|减少|回落|下跌|缩小|压缩|微降")
_LEAD: Final = re.compile(
    r"^(?:拟|安排|发行|新发行|(?:19|20)\d\d年(?:度)?|全年|今年|去年|当年|一年来|五年来|其中|同时|此外|另外|截至目前|目前|共计|共|累计|先后|已经|已|还|并|再|均|都|我市|我省|我区|我县|本市|本省)+"
)
_TRAIL_VERB: Final = (
    r"(?:从|由|到|至)?(?:19|20)\d\d年(?:底|末)?的?|由|从|接近|将近|达到|达|为|是|至|到|稳定在|控制在|保持在|拟按|按|拟|突破|超过|超|逾|近|约|共|累计|有|了|的|排名最高进入|进入|进|第|实现|先后|"
    r"(?:增长|上升|提高|提升|增加|扩大|下降|降低|减少|缩小|压缩|收窄|增|降)(?:至|到)"
)
# the words between a measure and its number: "总数达到", "提升至"; 数量/规模 stay where no verb follows (硕士点数量增长)
_TRAIL: Final = AtEndFrom(
    re.compile(rf"(?:分别|(?<!年)均|都|总计|合计|共计|(?:总数|总量|数量|规模)?(?:{_TRAIL_VERB}))*$")
)
# spelt so that every alternative opens with a literal character (the look-behind after 预期, the years spelt
# out), which lets the regex engine skip to where one may start
_TARGET: Final = re.compile(
    r"力争|预期(?<![稳超好]预期)(?=目标|为|是|在|[\d０-９]|$)|目标是|目标为|目标定为|目标定在|调控目标|"
    r"今年计划|明年计划|年度计划|计划(?:要求|安排|新增|完成|实现|投资|增长|建设|达到|用)|确保|争取|努力|预计|将要|要实现|拟|到20\d\d年|今后|未来[一二三四五六七八九十两\d]+年|五年内"
)
# words that report a result, even where a target is named: 全面实现年初确定的主要目标，…增长7.8%; 好于预期
_ACHIEVED: Final = re.compile(
    r"实现了|完成了|超额完成|好于预期|超出预期|高于预期|低于预期|不及预期|年初确定的|如期实现|已经|已"
)
_PAST: Final = re.compile(r"比上年|较上年|比去年|较去年|去年|过去一年")
_COMING: Final = re.compile(r"今年|明年|下一?年")
# "提出…增长8%左右" restates the target being proposed (这里要着重说明，提出国内生产总值增长8%左右，…)
_PROPOSED: Final = re.compile(r"提出[^，,。；;]*$")


def _status(sentence: str, in_plan_section: bool, unit: str | None = None) -> str:
    """actual | target, from the words before a figure and the kind of section it stands in.

    >>> _status("全年国内生产总值增长", True), _status("经济恢复好于预期，全年国内生产总值增长", False)
    ('target', 'actual')
    >>> _status("今年发展主要预期目标是：国内生产总值增长", False), _status("今年的经济增长预期为", False)
    ('target', 'target')
    >>> _status("这里要着重说明，提出国内生产总值增长", False, "%"), _status("共提出法律意见", False, "条")
    ('target', 'actual')
    >>> _status("国民经济保持较快增长。国内生产总值比上年增长", True), _status("今年粮食产量比上年增长", True)
    ('actual', 'target')
    >>> _status("制定全市法治督察计划，围绕重点工作", False), _status("今年计划国内生产总值增长", False)
    ('actual', 'target')
    """
    if _ACHIEVED.search(sentence):
        return "actual"
    if unit in ("%", "个百分点") and _PROPOSED.search(sentence):
        return "target"
    if _TARGET.search(sentence):
        return "target"
    if in_plan_section and _PAST.search(sentence) and not _COMING.search(sentence):
        return "actual"  # a plan section that first reviews the year: 国内生产总值比上年增长7.8%
    return "target" if in_plan_section else "actual"


# where the words after a figure stop: a punctuation mark or digit, or a word that opens another phrase. The
# marks and digits are alternatives of their own, not a set ([，。0-9]) at the head: an alternation of literals
# lets the regex engine skip to the characters a stop opens with instead of trying every word at every position.
_POST_STOP_MARKS: Final = '，。；、：！？,;:\n（(“”"0123456789'
_POST_STOP: Final = re.compile(
    "|".join(map(re.escape, _POST_STOP_MARKS))
    + r"|已|均|都|全部|形成|作为|列入|用于|予以|进行|开展|实现|参加|参与|纳入|入选|获|被|在|对|的|为|和|与|及|实施|完成|得到|取得|达到|达|累计|共|同比|较|比|分别|提供|涉及|覆盖|惠及|到|向|中|等|全面|了|《|派驻|驰援|支援|进驻|入驻|落地|获批|建成|开工|签约|投产|上线|通过"
)


_MAX_MEASURE: Final = 24
_LONG_BREAK: Final = re.compile(r"开展|组织|举办|进行|实施|推动|完成|等|的|对|在|通过|围绕")


# not frozen: a frozen dataclass sets each of its 13 fields through object.__setattr__, 2.6 µs a figure (a tenth
# of the stage); the record only carries a figure from here to resolve, where it is read, never changed.
# The two records built once a figure write their __init__ out: the one @dataclass writes is Python made at
# import, which the compiled build runs in the interpreter (about 6x slower); @dataclass keeps an __init__ it
# finds, and still gives equality and repr.
@dataclass
class RawObservation:
    measure: str
    value: float
    unit: str | None
    raw: str
    start: int
    end: int
    qualifier: str
    status: str
    change: Change | None
    year: int | None = None  # the year a figure of an earlier period belongs to, where the text names it
    years_back: int = 0  # or how many years before the report's year it lies (去年60件 → 1)
    explains: int | None = None  # for such a figure: the start of the figure whose change it is the base of
    span: str | None = None  # the several years a figure covers, where its paragraph opens with them (过去五年)

    def __init__(
        self, measure: str, value: float, unit: str | None, raw: str, start: int, end: int, qualifier: str,
        status: str, change: Change | None, year: int | None = None, years_back: int = 0,
        explains: int | None = None, span: str | None = None,
    ) -> None:  # fmt: skip
        self.measure, self.value, self.unit, self.raw = measure, value, unit, raw
        self.start, self.end, self.qualifier, self.status, self.change = start, end, qualifier, status, change
        self.year, self.years_back, self.explains, self.span = year, years_back, explains, span


@dataclass
class _Hit:
    start: int
    end: int
    num_start: int
    value: float
    unit: str | None
    raw: str
    qualifier: str
    ratio: bool = False  # a:b, which has no unit

    def __init__(
        self, start: int, end: int, num_start: int, value: float, unit: str | None, raw: str, qualifier: str,
        ratio: bool = False,
    ) -> None:  # fmt: skip
        self.start, self.end, self.num_start, self.value = start, end, num_start, value
        self.unit, self.raw, self.qualifier, self.ratio = unit, raw, qualifier, ratio


@dataclass
class _Figures:
    """The figures of one text in order, with what the rules ask of two neighbours, worked out once a text.

    ``after[i]`` is the text between ``hits[i]`` and ``hits[i + 1]``; ``joined[i]`` says whether those two are
    items of one list (5件、3件; 、 和 及 与 between them, blank space aside).
    """

    text: str
    hits: list[_Hit]
    after: list[str]
    joined: list[bool]


def _figures(text: str, hits: list[_Hit]) -> _Figures:
    """The view of ``hits`` (in text order) that the rules share.

    >>> f = _figures("废止5件、宣布失效3件，修改2件", _hits("废止5件、宣布失效3件，修改2件"))
    >>> f.after, f.joined
    (['、宣布失效', '，修改'], [False, False])
    >>> _figures("城镇、农村分别增长3.4%、5.2%", _hits("城镇、农村分别增长3.4%、5.2%")).joined
    [True]
    """
    after = [text[a.end : b.start] for a, b in zip(hits, hits[1:], strict=False)]
    return _Figures(text, hits, after, [gap.strip() in _LIST_SEPARATORS for gap in after])


def find_observations(
    text: str, skip: list[tuple[int, int]] | None = None, target_spans: list[tuple[int, int]] | None = None
) -> list[RawObservation]:
    """Observations in ``text``; ``skip`` spans (document titles) are left alone.

    >>> [(o.measure, o.value, o.unit, o.qualifier) for o in find_observations("全年共办理法律援助案件5426件，接待法律咨询6.22万人次。")]
    [('办理法律援助案件', 5426.0, '件', 'exact'), ('接待法律咨询', 62200.0, '人次', 'exact')]
    >>> o = find_observations("受理各类咨询投诉办件393.7万件，同比上升36.11%。")[0]
    >>> o.value, o.change.value, o.change.direction, o.change.basis
    (3937000.0, 36.11, 'up', '同比')
    """
    skip = skip or []
    target_spans = target_spans or []
    skipped = Claimed(len(text), skip)
    in_plan = Claimed(len(text), target_spans) if target_spans else None  # taken where a plan section stands
    hits = [h for h in _hits(text) if not skipped.taken(h.num_start)]
    _inherit_units(text, hits)
    hits = [h for h in hits if h.unit or h.ratio]
    figures = _figures(text, hits)
    earlier = _earlier_periods(figures)
    changes = _attach_changes(figures, earlier)
    out: list[RawObservation] = []
    for i, h in enumerate(hits):
        if i in changes.consumed:
            continue
        if i in earlier:
            out.extend(_earlier_observation(h, hits[i - 1], earlier[i], out))
            continue
        dated = _DATED.search(text, max(0, h.num_start - 12), h.num_start)
        change = changes.by_target.get(i)
        pre = _pre(text, h, hits[i - 1].end if i else 0)
        sentence = _sentence_before(text, h.num_start)
        status = _status(sentence, in_plan is not None and in_plan.taken(h.start), h.unit)
        measures = [_with_counted_thing(text, h, _since_year(text, h, m), out) for m in _measures(figures, i, pre)]
        span = _years_span(text, h.num_start, sentence) or None
        for measure in measures:
            out.append(
                RawObservation(
                    measure, h.value, h.unit, h.raw, h.start, h.end, h.qualifier, status, change,
                    year=int(dated.group("year")) if dated else None, span=span,
                )
            )  # fmt: skip
    return out


# verbs that open a measure before what it counts (受理行政复议申请, 清理行政规范性文件)
# the stages a case passes, which count cases without naming them (纠错31件, 其中直接纠错15件)
_STAGE: Final = re.compile(
    r"(?:其中)?(?:直接)?(?:纠错|纠正|撤销|变更|确认违法|维持|驳回|终止|调解|和解|办结|审结|结案|受理|立案|化解|办复|答复)"
)
_CASES: Final = re.compile(r"(?:案件|申请|纠纷|诉讼|事项|建议|提案|投诉|举报|来信|来访)$")
_ACTION: Final = re.compile(
    r"(?:受理|收到|新收|办理|办结|审结|审理|审查|审核|清理|查处|立案|调解|调处|排查|检查|接待|举办|开展|组织|"
    r"发现|移送|新增|完成|出台|制定|备案|培训|处理|化解|提供|发放|解答|编制)"
)
_SHARE: Final = re.compile(r"^(?:占比|占|比重|所占比例|比例)")


def _with_counted_thing(text: str, h: _Hit, measure: str, before: list[RawObservation]) -> str:
    """A bare verb or share takes what is counted from the figure before it in the sentence (or the one before):
    "受理行政复议申请977件……纠错31件" → 纠错行政复议申请; "新增市场主体78万户，占全省81%" → 新增市场主体占全省."""
    if len(measure) > 4 or not before or measure.endswith(("增速", "降幅")):
        return measure
    prev = before[-1]
    between = text[prev.end : h.start]
    if len(_SENTENCE_END.findall(between)) > 1 or len(between) > 80 or prev.measure == measure:
        return measure
    if _SHARE.match(measure) and h.unit == "%" and prev.unit != "%":
        return _CHANGE_WORD_END.sub("", prev.measure) + measure
    if h.unit in _COUNT_UNITS and prev.unit == h.unit and _STAGE.fullmatch(measure):
        thing = _ACTION.split(prev.measure)[-1]
        if len(thing) >= 2 and _CASES.search(thing) and thing not in measure:
            return measure + thing
    return measure


# a paragraph that reviews several years: 过去五年，…新增市场主体55万户 is the five years' total, not one year's
_SPAN_OPENING: Final = re.compile(
    r"[\s　]*(?:各位代表[！!，,]\s*)?(?P<span>(?:过去|近)?(?:的)?[两三四五六七八九十]年(?:来|以来|间|里)?|“十[一二三四五]五”(?:期间|时期|以来))[，,]"
)


# several years named in the figure's own sentence: 五年内…国民生产总值增长百分之四十四
_SPAN_IN_SENTENCE: Final = re.compile(
    r"(?:今后|未来|过去|近)?[两三四五六七八九十]年(?:内|来|以来|间|里)|“[^”]{1,4}五”(?:期间|时期|以来)"
)
# what every match of it holds, looked for first: a pattern that opens with a literal is quick to search
_SPAN_IN_SENTENCE_HINT: Final = re.compile(r"年[内来以间里]|五”")


def _years_span(text: str, pos: int, sentence: str) -> str:
    """The several years a figure at ``pos`` spans: named in its ``sentence`` (五年内, the sentence before it), or
    opening its paragraph (过去五年, 五年来), or ""."""
    m = _SPAN_IN_SENTENCE.search(sentence) if _SPAN_IN_SENTENCE_HINT.search(sentence) else None
    if m:
        return m.group(0)
    line_start = text.rfind("\n", 0, pos) + 1
    first = line_start
    while first < pos and text[first].isspace():
        first += 1
    if first == pos or text[first] not in _SPAN_OPENERS:
        return ""  # most paragraphs: the pattern cannot open with their first character
    m = _SPAN_OPENING.match(text, line_start, pos)
    return m.group("span").replace("的", "") if m else ""


# the characters _SPAN_OPENING can open with after its blank space (各位代表, 过去, 近, 的, a numeral, “十四五”)
_SPAN_OPENERS: Final = "各过近的两三四五六七八九十“"


# the basis "against last year" belongs to the change, not to the measure (国内生产总值比上年增长7.8%)
_BASIS_WORDS: Final = r"(?:同比|环比|比上年同期|较上年同期|比上一?年度?|较上一?年度?|比去年|较去年)"
_SINCE: Final = re.compile(r"(?:与|同)((?:[1１][9９]|[2２][0０])[\d]{2}年)相比[，,]")  # full-width years too


def _since_year(text: str, h: _Hit, measure: str) -> str:
    """A change over several years says so: 2005年与2000年相比，国内生产总值增长57.3% → 国内生产总值较2000年增速."""
    if not measure.endswith(("增速", "降幅")):
        return measure
    m = _SINCE.search(_full_sentence(text, h.num_start))
    if not m:
        return measure
    return measure[:-2] + "较" + unicodedata.normalize("NFKC", m.group(1)) + measure[-2:]


@dataclass
class _Changes:
    by_target: dict[int, Change]
    consumed: set[int]


# a figure dated in the text: 从1997年的8651亿元增加到2002年的18914亿元 (each figure of its own year)
_DATED: Final = AtEnd(
    re.compile(r"(?:从|由|到|至|增加到|提高到|增长到|下降到|减少到)(?P<year>(?:19|20)\d\d)年(?:底|末)?的?$")
)


@dataclass(frozen=True)
class _Earlier:
    """The period a figure of an earlier year belongs to: a named year (较2022年558件) or years back (去年60件)."""

    basis: str
    year: int | None
    years_back: int


# a figure of an earlier period, stated to compare the figure before it: "，较2022年558件", "（去年同期为60件）"
_EARLIER: Final = re.compile(
    r"^[，,、（(]?\s*(?:较|比|相比|与|对比)?\s*(?:(?P<year>(?:19|20)\d\d)年|(?P<rel>去年|上年|上一年度?|前一年))"
    r"(?:同期)?(?:的|为|是|共|有)?\s*$"
)


def _earlier_periods(f: _Figures) -> dict[int, _Earlier]:
    """The figures that state an earlier period's value of the figure just before them, by index."""
    out: dict[int, _Earlier] = {}
    hits = f.hits
    for i in range(1, len(hits)):
        h, prev = hits[i], hits[i - 1]
        gap = f.after[i - 1]
        m = _EARLIER.match(gap) if "年" in gap else None  # every earlier period names a year: 2022年, 去年, 上一年度
        if m and h.unit == prev.unit and h.unit is not None and i - 1 not in out:
            basis = m.group(0).strip("，,、（( ").removesuffix("的")
            year = int(m.group("year")) if m.group("year") else None
            out[i] = _Earlier(basis, year, 0 if year else 1)
    return out


def _earlier_observation(h: _Hit, later: _Hit, e: _Earlier, out: list[RawObservation]) -> list[RawObservation]:
    """The earlier period's figure, measured like the figure it is compared with, and linked to it."""
    same = [o for o in out if o.start == later.start]
    if not same:
        return []
    o = same[-1]
    return [
        RawObservation(
            o.measure,
            h.value,
            h.unit,
            h.raw,
            h.start,
            h.end,
            h.qualifier,
            "actual",
            None,
            e.year,
            e.years_back,
            o.start,
        )
    ]


def _attach_changes(f: _Figures, earlier: dict[int, _Earlier] | None = None) -> _Changes:
    """Figures such as "，同比增长57.89%" change the nearest earlier figure of the same sentence that they fit:
    a % change fits a count or amount, a 个百分点 change fits a rate. A change stated right after an earlier
    period's figure (较2022年558件增长7.5%) changes the figure before that one, against that period."""
    earlier = earlier or {}
    out = _Changes({}, set())
    text, hits = f.text, f.hits
    for i in range(1, len(hits)):
        h = hits[i]
        if h.unit is None:
            continue
        between = f.after[i - 1].rstrip()
        if i - 1 in earlier and i >= 2:
            verb = _VERB_ONLY.fullmatch(between)
            if verb:
                direction = "down" if _DOWN.search(verb.group(0)) else "up"
                out.by_target[i - 2] = Change(h.value, h.unit, direction, earlier[i - 1].basis)
                out.consumed.add(i)
                continue
        m = _CHANGE_AFTER.match(between) if between[:1] in _CHANGE_AFTER_FIRST else None
        if not m:
            continue
        for k in range(i - 1, -1, -1):
            if _SENTENCE_END.search(text[hits[k].end : h.num_start]):
                break
            if h.unit == "个百分点":
                fits = hits[k].unit == "%"
            elif h.unit in ("%", "倍"):
                fits = hits[k].unit != "%"
            else:  # an absolute change: 支出28.5万亿元、比上年增加1.1万亿元
                fits = hits[k].unit == h.unit
            if fits and k not in out.by_target and k not in out.consumed and k not in earlier:
                direction = "down" if _DOWN.search(m.group("verb")) else "up"
                since = _SINCE.search(_full_sentence(text, h.num_start))
                named = f"较{unicodedata.normalize('NFKC', since.group(1))}" if since and not m.group("basis") else None
                basis = "，".join(b for b in (m.group("comparable"), m.group("basis") or named) if b) or None
                out.by_target[k] = Change(h.value, h.unit or "%", direction, basis)
                out.consumed.add(i)
                break
    return out


def _hits(text: str) -> list[_Hit]:
    """Every figure of the text: Arabic numbers, Chinese-numeral quantities and percentages, ratios."""
    hits = _arabic_hits(text)
    taken = [(h.start, h.end) for h in hits]  # in text order, none overlapping: found by one scan
    for h in _cn_hits(text) + _ratio_hits(text):
        if not _overlaps(taken, h.start, h.end):  # a figure overlapping one found before is left out
            hits.append(h)
            bisect.insort(taken, (h.start, h.end))
    hits.sort(key=lambda h: h.start)
    return hits


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any of ``spans`` (sorted, none overlapping) holds a character of ``start``–``end`` (of the
    character at ``start`` where the span is empty), as ``Claimed.free`` answers for a mask.

    >>> spans = [(2, 4), (6, 9)]
    >>> _overlaps(spans, 3, 5), _overlaps(spans, 4, 6), _overlaps(spans, 8, 8), _overlaps(spans, 0, 2)
    (True, False, True, False)
    """
    k = bisect.bisect_left(spans, (max(end, start + 1),)) - 1  # the last span opening before the end
    return k >= 0 and spans[k][1] > start


def _arabic_hits(text: str) -> list[_Hit]:
    """Every figure in Arabic digits: NUMBER tried only where its look-behind holds (as ``finditer`` gives them)."""
    hits: list[_Hit] = []
    pos = 0
    match = NUMBER.match
    for s in _number_starts(text):
        if s < pos:
            continue  # inside the number before
        m = match(text, s)
        if m is None:
            continue
        pos = m.end()
        h = _arabic_hit(text, m)
        if h is not None:
            hits.append(h)
    return hits


def _arabic_hit(text: str, m: re.Match[str]) -> _Hit | None:
    """One Arabic figure, or None for dates, ordinals, section numbers and spaced digits with nothing after."""
    g = m.groups()  # all of NUMBER's groups in one call: a call to a match's method costs more than most rules
    num: str = g[_NUM]
    unit: str | None = g[_UNIT]
    mult: str = g[_MULT] or ""
    s, e = m.span()
    compact = num if num.isdigit() else _SP_RE.sub("", num)  # spaces only inside "7 4 7 7 2", "2. 2"
    if compact != num and not (mult or unit) or compact != num and _at_line_start(text, s):
        return None  # "1. 2022年以来" is a list number, not 1.2022
    before = text[max(0, s - 4) : s]
    if before.endswith(("“", "「")):
        return None  # a number that opens a quoted name: “15分钟生活圈”, “12345”热线
    if unit == "年" and not before.endswith("连续"):
        unit = None  # 年 counts only in 连续N年; otherwise it is a date
    if unit == "部" and text.startswith("门", e):
        unit = "个"  # 商务部等18部门: departments are counted in 个
    if unit is None and mult:
        unit = _implied_unit(text[_clause_start(text, s) : s])
    if unit is None and not _may_inherit(text, e):
        return None
    if len(compact) == 4 and _YEAR.fullmatch(compact) and (unit in (None, "年") or text[e : e + 1] in "年-—"):
        return None
    if before.endswith("第") and unit not in ("名", "位"):
        return None
    if unit == "级" or unit == "岁" and _AGE_BOUND.match(text, e, e + 3):
        return None  # 65岁及以上: an age bound names a group, it is no figure
    value = to_number(compact + mult)
    if value is None:
        return None
    unit = _UNIT_SPELLING.get(unit or "", unit)
    end = e + (1 if unit == "个" and text.startswith("门", e) else 0)
    per = _PER.match(text, end) if unit and end < len(text) and text[end] == "/" else None
    if per and unit:  # 58万元/人, 0.6人/百亿元: a figure per something keeps its denominator
        unit, end = unit + per.group(0), per.end()
    while end > s and text[end - 1].isspace():
        end -= 1
    return _Hit(s, end, s, value, unit, text[s:end], _qualifier(text, s, g))


# where each of NUMBER's groups stands in ``m.groups()``
_NUM: Final = NUMBER.groupindex["num"] - 1
_NUM2: Final = NUMBER.groupindex["num2"] - 1
_Q0: Final = NUMBER.groupindex["q0"] - 1
_MULT: Final = NUMBER.groupindex["mult"] - 1
_Q: Final = NUMBER.groupindex["q"] - 1
_UNIT: Final = NUMBER.groupindex["unit"] - 1
_POST: Final = NUMBER.groupindex["post"] - 1
_NUM3: Final = NUMBER.groupindex["num3"] - 1
_AGE_BOUND: Final = re.compile(r"及?以[上下]|以内")
_UNIT_SPELLING: Final = {"百分点": "个百分点", "％": "%"}
_PER: Final = re.compile(
    r"/(?:[百千万亿]?(?:人|户|公顷|亩|平方公里|平方米|立方米|吨|千瓦时|元|万元|亿元|年|月|天|小时|人次|床|辆))"
)


def _at_line_start(text: str, pos: int) -> bool:
    line = text[text.rfind("\n", 0, pos) + 1 : pos]
    return not line.strip()


# the unit a measure names where the figure has none: 医疗旅游人次86.5万, 林下经济产值突破百亿
_IMPLIED_UNITS: Final = (
    (re.compile(r"人次$"), "人次"),
    (re.compile(r"(?:人数|人口|人)$"), "人"),
    (re.compile(r"户数?$"), "户"),
    (re.compile(r"(?:产值|总值|增加值|金额|收入|投资|资金|销售额|交易额|营业额|总额|规模|余额)$"), "元"),
)


def _implied_unit(pre: str) -> str | None:
    p = _TRAIL.sub(pre.strip())
    for pattern, unit in _IMPLIED_UNITS:
        if pattern.search(p):
            return unit
    return None


def _cn_hits(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for m in matches_at(CN_NUMBER, text, _cn_number_starts(text)):  # an alternation of groups is tried everywhere
        num = m.group("num") or m.group("num_b")
        unit = m.group("unit") or m.group("unit_b")
        value = cn_decimal(num)
        if value is None:
            continue
        s = m.start("num") if m.group("num") else m.start("num_b")
        hits.append(_Hit(s, m.end(), s, value, unit, text[s : m.end()], "exact"))
    for m in CN_PERCENT.finditer(text):
        value = cn_decimal(m.group("num"))
        if value is None:
            continue
        q = re.search(r"(?:近|约|超过|超)$", text[max(0, m.start() - 2) : m.start()])
        qualifier = {"近": "approx", "约": "approx", "超过": "over", "超": "over"}.get(q.group(0) if q else "", "exact")
        qualifier = {"以上": "over", "左右": "approx"}.get(m.group("post") or "", qualifier)
        s = m.start("num") - 3
        hits.append(_Hit(s, m.end(), s, value, "%", m.group(0), qualifier))
    for m in CN_QTY.finditer(text):
        h = _cn_qty_hit(text, m)
        if h is not None:
            hits.append(h)
    return hits


_RATE_BASE_OR_GUESS: Final = ("每", "几", "数", "/", *"零一二两三四五六七八九十百千万")
_NO_COUNT_AFTER: Final = re.compile(r"[百千万亿级]|方面|的|产业")
_SESSION: Final = re.compile(r"(?:全会|会议|党代会|代表大会|全体会议)")
# generic counters count in Chinese numerals only after an action (出台两个方案) or before a place (三个区)
_CN_GENERIC: Final = frozenset("个项条件类种家名人")
_CN_COUNT_VERB: Final = AtEnd(
    re.compile(
        r"(?:出台|制定|修订|建成|新建|新增|增加|获批|推出|完成|办好|办成|实施|设立|成立|培育|创建|打造|举办|召开|开展|组织|签订|签署|"
        r"引进|认定|发布|印发|开通|建立|选派|派出|推荐|下放|取消|整合|清理|废止|审议|出动|受理|办理|达到|达|共|各|近|约|超|逾)$"
    )
)
_CN_COUNTED: Final = re.compile(r"(?:区|县|市(?!场)|镇|乡|村|街道|省|城市|部门|国家)")
_CN_QUALIFIER: Final = {
    "将近": "approx",
    "接近": "approx",
    "近": "approx",
    "约": "approx",
    "超过": "over",
    "超": "over",
    "逾": "over",
}


def _cn_qty_hit(text: str, m: re.Match[str]) -> _Hit | None:
    """A quantity in Chinese numerals (两批, 近六成 → 60 %), unless it is part of a name or slogan:
    quoted (“两个维护”), an ordinal (第三批), a plan's number (十四五), a 连续N年 (read elsewhere)
    or a word that merely holds a numeral (三年行动, 百人会)."""
    s, e = m.start("num"), m.end()
    num, unit = m.group("num"), m.group("unit")
    before, after = text[max(0, s - 2) : s], text[e : e + 2]
    if before.endswith(("第", "“", '"', "「", "连续", "前", "十", "之")) or after.startswith(("”", '"', "」", "五")):
        return None
    if unit == "年":
        return None  # 三年行动, 五年规划: years are counted only after 连续
    if before.endswith(_RATE_BASE_OR_GUESS) or _NO_COUNT_AFTER.match(after):
        return None  # 每千人 is a rate's base, 几千万 a guess, 千家万户 an idiom, 四个方面 the speech's outline
    if unit in _CN_GENERIC and not (_CN_COUNT_VERB.search(text[max(0, s - 3) : s]) or _CN_COUNTED.match(text, e)):
        return None  # 两个大局, 铁人三项: a numeral inside a set phrase, not a count of the year's work
    if unit == "次" and ("届" in text[max(0, s - 6) : s] or _SESSION.match(text[e : e + 4])):
        return None  # 十六届人大六次会议, 省七次党代会: the ordinal of a session
    if unit in ("亿", "万"):
        implied = _implied_unit(text[_clause_start(text, s) : s])
        if implied != "元":
            return None
        unit = "元"
        num += m.group("unit")
    elif unit in ("亿元", "万元"):
        num += unit[0]
        unit = "元"
    if num in ("百", "千") and unit not in ("元", "场", "次", "人", "家", "个", "项", "件"):
        return None
    if unit == "元" and not _BIG_NUMERAL.search(num):
        return None  # 城乡二元结构
    value = cn_to_int(num)
    if value is None or value < 2:
        return None
    if unit == "成":
        value, unit = value * 10, "%"
    q = _CN_QUALIFIER_BEFORE.search(text[max(0, s - 2) : s])
    qualifier = _CN_QUALIFIER.get(q.group(0) if q else "", "exact")
    if m.group("post") in ("左右", "多", "余"):
        qualifier = "approx"
    elif m.group("post") == "以上":
        qualifier = "over"
    return _Hit(s, e, s, float(value), unit, text[s:e], qualifier)


_COLON_BEFORE_DIGIT: Final = re.compile(r"[：:](?=\d)")  # the plain scan, kept to check the one below against


def _colons_between_digits(text: str) -> list[int]:
    """The places of the colons that stand between two digits (2：1), ascending. ``str.find`` goes to each
    colon at once; a pattern opening with a set of two characters is tried at every character.

    >>> _colons_between_digits("比例：3：1，时间:2021")
    [4]
    """
    out = []
    for colon in "：:":
        k = text.find(colon, 1)
        while k >= 0:
            if _DIGIT.match(text, k + 1) and _DIGIT.match(text, k - 1):
                out.append(k)
            k = text.find(colon, k + 1)
    return sorted(out)


def _ratio_hits(text: str) -> list[_Hit]:
    """Ratios stated as a:b where the clause names a ratio (收入比, 之比): the value is a/b, with no unit."""
    hits = []
    for colon in _colons_between_digits(text):
        m = RATIO.match(text, _number_start(text, colon))
        if m is None or m.start("b") != colon + 1:
            continue
        pre = text[_clause_start(text, m.start()) : m.start()]
        b = float(m.group("b"))
        if "比" not in pre or b == 0:
            continue
        qualifier = "over" if re.search(r"(突破|超过|以上)$", pre) else "exact"  # 以内 is exact, as for rates
        hits.append(
            _Hit(m.start(), m.end(), m.start(), round(float(m.group("a")) / b, 4), None, m.group(0), qualifier, True)
        )
    return hits


def _number_start(text: str, pos: int) -> int:
    """The start of the number that ends at ``pos``."""
    i = pos
    while i > 0 and (text[i - 1].isdigit() or text[i - 1] == "."):
        i -= 1
    return i


_LIST_SEPARATORS: Final = ("、", "和", "及", "与")


def _may_inherit(text: str, end: int) -> bool:
    """A bare number directly followed by 、 (or 和) and another figure takes that figure's unit."""
    return _LISTED_NEXT.match(text, end, end + 4) is not None


def _inherit_units(text: str, hits: list[_Hit]) -> None:
    for i in range(len(hits) - 2, -1, -1):
        h, nxt = hits[i], hits[i + 1]
        if h.unit is None and not h.ratio and text[h.end : nxt.start].strip() in _LIST_SEPARATORS and nxt.unit:
            h.unit = nxt.unit


def _qualifier(text: str, s: int, g: tuple[str | None, ...]) -> str:
    """exact, approx, over or under: from the words around a figure at ``s`` whose NUMBER groups are ``g``."""
    post = g[_POST]
    if g[_Q] or g[_Q0] or post in ("左右", "多"):
        return "approx"
    if post == "以上" or g[_NUM2] or g[_NUM3]:
        return "over"
    if s == 0 or text[s - 1] not in _QUALIFIER_LAST:
        return "exact"  # most numbers: no qualifier word can end just before them
    before = text[max(0, s - 3) : s]
    if _OVER.search(before):
        return "over"
    if _APPROX.search(before):
        return "approx"
    if _UNDER.search(before):
        return "under"
    return "exact"


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Just after the last clause break before ``pos``, or ``floor`` where there is none after it (0 if none):
    never before ``floor`` (where the figure before ends).

    >>> t = "办理案件5件，其中纠错3件、撤销2件"
    >>> _clause_start(t, 10), _clause_start(t, 15), _clause_start(t, 15, floor=12), _clause_start(t, 10, floor=8)
    (7, 7, 12, 8)
    """
    i = min(pos, len(text))
    while i > floor:  # a loop over the characters back from pos: compiled, quicker than a regex call
        if _is_clause_break(ord(text[i - 1])):
            return i
        i -= 1
    return floor


_CLAUSE_BREAKS: Final = "，。；：！？\n,;:!?（()）【】[]［］"  # the characters of _CLAUSE_BREAK


def _is_clause_break(c: int) -> bool:
    """Whether the character with code point ``c`` is one of :data:`_CLAUSE_BREAKS` (never a Chinese character,
    which most are: one range test passes over those).

    >>> _is_clause_break(ord("，")), _is_clause_break(ord("中")), _is_clause_break(ord("]"))
    (True, False, True)
    """
    return not 0x3400 <= c <= 0x9FFF and chr(c) in _CLAUSE_BREAKS


def _sentence_before(text: str, pos: int) -> str:
    """The sentence up to ``pos``. A line that ends in a colon introduces the next one
    (今年经济社会发展的主要预期目标是：⏎国内生产总值增长8%左右), and a colon governs the items after it up
    to the full stop (预期目标是：…增长5%左右；城镇新增就业1200万人以上). Each figure asks once."""
    start = text.rfind("。", 0, pos) + 1
    nl = text.rfind("\n", start, pos)
    while nl >= 0 and _ends_with_colon(text, nl):
        nl = text.rfind("\n", start, nl)
    start = max(start, nl + 1)
    semicolon = max(text.rfind("；", start, pos), text.rfind(";", start, pos))
    if semicolon >= 0 and not _COLON.search(text, start, semicolon):
        return text[semicolon + 1 : pos]
    return text[start:pos]


_COLON: Final = re.compile(r"[：:]")


def _full_sentence(text: str, pos: int) -> str:
    """The sentence up to ``pos`` across its semicolons: a comparison (１９８６年同１９７８年相比，…；…) governs them all."""
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    return text[start:pos]


def _ends_with_colon(text: str, nl: int) -> bool:
    """Whether the line ending at ``nl`` ends in a colon (blank space aside)."""
    i = nl - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] in "：:"


def _pre(text: str, h: _Hit, prev_end: int = 0) -> str:
    """The clause before a figure; a figure earlier in the same clause ends it (废止35件、宣布失效11件)."""
    start = _clause_start(text, h.num_start, floor=prev_end)
    if start == prev_end and text.startswith("中", start):
        start += 1  # 办结977件中直接纠错15件: 中 closes the figure before
    pre = text[start : h.num_start]
    return pre[1:] if pre.startswith(("、", "和", "及")) else pre


def _clean_pre(pre: str, cut_long: bool = True) -> tuple[str, str | None]:
    """The noun phrase before a number, and a change verb if the number is a change.

    An average over years stays in the verb (年均增长), so the measure says it (地区生产总值年均增速)
    and is never read as one year's growth.
    """
    p = _LEAD.sub("", pre.strip())
    verb = None
    if p[-1:] in _WORD_AT_END_LAST:  # else no change verb, verb before a number or basis word ends the phrase
        m = _CHANGE_AT_END.search(p)
        if m and not _TO_AT_END.search(p):
            verb = m.group(0)
            p = p[: m.start()]
        p = _TRAIL.sub(p)
        average = _AVERAGE_AT_END.search(p)
        p = _BASIS_AT_END.sub(p)
        if average and verb is None:
            verb = "年均增长"  # 研发经费投入增速年均超20%
        elif average and verb and not verb.startswith(("年均", "平均")):
            verb = "年均" + verb
    if cut_long and len(p) > _MAX_MEASURE:
        p = _cut_long(p)
    return _balance_quotes(p.strip(" ，,、")), verb


def _cut_long(p: str) -> str:
    """The last part of an over-long phrase, cut after an action word and never inside a quotation."""
    cut = None
    for m2 in _LONG_BREAK.finditer(p):
        if len(p) - m2.end() >= 2:
            cut = m2.end()
    cut = cut if cut is not None and len(p) - cut <= _MAX_MEASURE else len(p) - _MAX_MEASURE
    opening = p.rfind("“", 0, cut)
    if p.count("”", cut) > p.count("“", cut) and opening >= 0:
        cut = opening  # never cut inside a quotation
    return p[cut:]


def _balance_quotes(p: str) -> str:
    """Drop a quotation mark whose partner lies outside the phrase."""
    if p.startswith("“") and "”" not in p:
        p = p[1:]
    if p.endswith("”") and "“" not in p:
        p = p[:-1]
    return p


def _post(text: str, h: _Hit) -> str:
    rest = text[h.end : h.end + 24]
    rest = rest.removeprefix("的")
    m = _POST_STOP.search(rest)
    phrase = rest[: m.start()] if m else rest
    phrase = _balance_quotes(phrase.strip())
    if _DIGIT.match(phrase):
        return ""
    return phrase


def _measures(f: _Figures, i: int, pre: str) -> list[str]:
    text, h = f.text, f.hits[i]
    noun, verb = _clean_pre(pre)
    listed = _listed_measures(f, i)
    if listed:
        return listed
    shared = _shared_figure(noun, verb, h)
    if shared:
        return shared
    if h.unit in ("年", "次", "届") and noun.endswith("连续"):  # 连续15年在全省考核中获评优秀等次
        tail = re.split(r"[，。；、,;\n]", text[h.end : h.end + 20])[0]
        head = noun.removesuffix("连续")
        parts = head.split("、") if head.count("、") == 1 else [head]
        return [p + "连续" + tail for p in parts]  # 实际利用外资、离岛免税销售额连续三年翻番
    post = _post(text, h) if _named_after(noun, verb, h.unit) else ""
    if post and len(post) >= 2 and h.unit in _COUNT_UNITS and not verb:
        return [post]
    if post and len(post) >= 2 and len(noun) <= 2 and not verb:  # 组织4次市政府常务会会前学法
        return [noun + post]
    if verb and post and len(post) >= 2 and len(noun) <= 3 and h.unit not in ("%", "个百分点", "倍"):
        return [noun + verb + post]  # 一次性增加6万亿元地方专项债务限额
    if not noun and post:
        return [post]
    if not noun:
        noun = _subject_before(f, i)  # 地区生产总值跨过2000亿元台阶，年均增长7.8%; 从…增加到2002年的18914亿元
    if not noun:
        noun = pre.strip() or post or _next_post(f, i) or "?"
    return [_with_change_suffix(noun, verb, h.unit)]


def _named_after(noun: str, verb: str | None, unit: str | None) -> bool:
    """Whether one of the rules of :func:`_measures` may take the words after a figure: what a count counts
    (38条具体工作举措), the rest of a short phrase (组织4次市政府常务会会前学法, 增加6万亿元地方专项债务限额),
    or anything, where nothing stands before the figure. Elsewhere the words after it are not looked for.

    >>> _named_after("办理法律援助案件", None, "件"), _named_after("一般公共预算收入", None, "元"), _named_after("", "增长", "%")
    (True, False, True)
    """
    if not noun:
        return True
    if verb:
        return len(noun) <= 3 and unit not in ("%", "个百分点", "倍")
    return unit in _COUNT_UNITS or len(noun) <= 2


def _listed_measures(f: _Figures, i: int) -> list[str]:
    """A list of figures matched to a list of names: 城镇、农村居民人均可支配收入分别增长3.4%、5.2%;
    地区生产总值、固定资产投资占全省比重达31.8%、34.6% (a shared tail goes to every name)."""
    group = _list_group(f, i)
    if group is None:
        return []
    first, idx, size = group
    head_pre = _pre(f.text, f.hits[first])
    m = _RESPECTIVELY.search(head_pre)
    names_part, gverb = _clean_pre(head_pre[: m.start()] if m else head_pre, cut_long=False)
    if m:
        g = _CHANGE_VERB_RE.search(head_pre[m.end() :])
        gverb = g.group(0) if g else None
    parts = [p for p in _LIST_COMMA.split(names_part) if p]
    if len(parts) != size:
        parts = [p for p in _LIST_WORD.split(names_part) if p]
    if len(parts) != size:
        return []
    parts = _share_tail(parts)
    name = _cut_long(parts[idx]) if len(parts[idx]) > _MAX_MEASURE else parts[idx]
    return [_with_change_suffix(name, gverb, f.hits[i].unit)]


_TAIL_HEAD: Final = re.compile(
    r"(?:全省|全市|全国)?(?:占|比重|占比|产值|总量|增加值|居民|人均|数量|规模|收入|余额|比例)"
)


def _share_tail(parts: list[str]) -> list[str]:
    """Give the last name's tail to the names before it: 城镇、农村居民人均可支配收入 → 城镇居民人均可支配收入;
    a name that already has its own tail keeps it."""
    n = len(parts[0])
    if n <= 2 and all(len(p) == n for p in parts[:-1]) and len(parts[-1]) > n + 1:
        tail = parts[-1][n:]  # 城镇、农村常住居民人均可支配收入: the first names are modifiers of the last one's head
    else:
        m = _TAIL_HEAD.search(parts[-1], 1)
        if not m:
            return parts
        tail = parts[-1][m.start() :]
    return [p if p.endswith(tail) or _TAIL_HEAD.search(p, 1) else p + tail for p in parts[:-1]] + [parts[-1]]


def _shared_figure(noun: str, verb: str | None, h: _Hit) -> list[str]:
    """One figure for every name of a list: 装备制造业、高端食品加工业产值年均增长超20%; 认领率、填报完成率达100%."""
    if h.unit not in ("%", "个百分点") or "、" not in noun:
        return []
    parts = [p for p in noun.split("、") if p]
    if not 1 < len(parts) <= 4 or any(len(p) > 16 for p in parts):
        return []
    if not verb and not _RATE_AT_END.search(noun):
        return []
    return [_with_change_suffix(p, verb, h.unit) for p in _share_tail(parts)]


def _subject_before(f: _Figures, i: int) -> str:
    """The noun of the clause before, for a change that names nothing: 全市地区生产总值跨过2000亿元台阶，年均增长7.8%."""
    if i == 0 or _SENTENCE_END.search(f.after[i - 1]):
        return ""
    noun, _ = _clean_pre(_pre(f.text, f.hits[i - 1]))
    return _REACH_AT_END.sub("", noun)


def _next_post(f: _Figures, i: int) -> str:
    """The noun after the next figure of a list: 组织7批、100名医务人员 → 医务人员."""
    if i + 1 < len(f.hits) and f.joined[i]:
        return _post(f.text, f.hits[i + 1])
    return ""


def _with_change_suffix(noun: str, verb: str | None, unit: str | None = "%") -> str:
    """A change's measure: a rate of change ends in 增速/降幅 (年均增速 for averages over years); an absolute
    change keeps its verb (亩产提升, 补助标准提高), since "增加额" alone says nothing of what grew."""
    if not verb:
        return noun
    down = bool(_DOWN.search(verb))
    if unit in ("%", "个百分点", "倍"):
        average = "年均" if verb.startswith(("年均", "平均")) else ""
        noun = _RATE_WORD_AT_END.sub("", noun)  # 研发经费投入增速年均超20%
        return noun + average + ("降幅" if down else "增速")
    return noun + _BASIS_AT_START.sub("", verb)


def _list_group(f: _Figures, i: int) -> tuple[int, int, int] | None:
    """(index of the first figure, position in the list, list size) for figures joined by 、."""
    first = i
    while first > 0 and f.joined[first - 1]:
        first -= 1
    last = i
    while last < len(f.joined) and f.joined[last]:
        last += 1
    if last == first:
        return None
    return first, i - first, last - first + 1


# patterns used per figure, compiled once (module-level re calls look their pattern up in re's cache every time)
_SENTENCE_END: Final = re.compile(r"[。；;\n]")
_CHANGE_WORD_END: Final = re.compile(r"(?:增速|降幅|增加|减少|提高|降低)$")
_VERB_ONLY: Final = re.compile(rf"\s*(?:的基础上)?(?:{_CHANGE_VERB})了?")
_SP_RE: Final = re.compile(_SP)
_YEAR: Final = re.compile(r"(19|20)\d\d")
_BIG_NUMERAL: Final = re.compile("[百千万亿]")
_CN_QUALIFIER_BEFORE: Final = re.compile(r"(?:将近|接近|超过|近|约|超|逾)$")
_LISTED_NEXT: Final = re.compile(r"\s*[、和及与]\s*\d")
_CHANGE_AT_END: Final = AtEnd(
    re.compile(rf"{_BASIS_WORDS}?(?:年均|平均每年)?(?:分别)?(?:再|又|进一步)?{_CHANGE_VERB}(?:了)?$")
)
_TO_AT_END: Final = re.compile(r"至$")
_AVERAGE_AT_END: Final = AtEnd(re.compile(r"(?:年均|平均每年)$"))
_BASIS_AT_END: Final = AtEnd(re.compile(r"(?:同比|环比|分别|年均|平均每年|平均)$"))
_DIGIT: Final = re.compile(r"\d")
_RESPECTIVELY: Final = re.compile(r"分别")
_CHANGE_VERB_RE: Final = re.compile(_CHANGE_VERB)
_LIST_COMMA: Final = re.compile(r"、")
_LIST_WORD: Final = re.compile(r"、|和|及")
_RATE_AT_END: Final = re.compile(r"(率|比例|比重|占比)$")
_REACH_AT_END: Final = re.compile(r"(?:跨过|跨越|跨上|迈上|突破|超过|达到|达|实现)$")
_RATE_WORD_AT_END: Final = re.compile(r"(?:增速|增幅|降幅|涨幅)$")
# the characters that the words taken off the end of a measure's phrase end in (a stripped phrase ends in no newline)
_WORD_AT_END_LAST: Final = _last_chars(_CHANGE_AT_END, _AVERAGE_AT_END, removed=(_TRAIL, _BASIS_AT_END))
_BASIS_AT_START: Final = re.compile(rf"^{_BASIS_WORDS}?(?:年均|平均每年)?(?:分别)?(?:再|又|进一步)?")
