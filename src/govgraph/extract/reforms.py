"""Reforms and initiatives: named policy instruments that another government could also adopt.

Four passes, each claiming its spans so that later ones do not count a name twice:

1. Quoted names (“互联网+监管”, “枫桥经验”), with the head noun glued after the quote kept
   (“人工智能+”行动 → 人工智能+行动) and the field glued before it (行政执法“三项制度”).
   Quotes that name something else are refused by what surrounds them: a platform or an
   award after it, an honour verb before it, a counter word or a goal noun after it.
2. Coordinations sharing one head: 农垦、供销社等改革 → 农垦改革, 供销社改革.
3. Unquoted names ending in a head noun of a kind of instrument: X改革, X行动, X工程, X计划,
   X战略, X攻坚战, X保卫战, X专项整治, X试点, X示范创建, X机制, X制度, X责任制, X模式.
   The left edge is the clause start, the end of the previous name, the first introducing
   verb (实施, 开展, 深化 …) or the last 的; scope words (全省, 国家, 新一轮) are dropped.
   What is left must be a specific name, not a domain plus a generic function word.
4. Names from the national concept scheme ``ontology/reforms.ttl`` (河长制, 医养结合).

Every word list below names a kind (head nouns, verbs, counters, qualifiers), never a
report's own reforms, so that the rules carry over to reports not yet seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..text.divisions import division_table
from ..text.scan import AtEnd, StartWords
from ..vocab.schemes import zh_labels
from .spans import Claimed


@dataclass(frozen=True)
class ReformMention:
    name: str
    text: str
    start: int
    end: int

    # written out: the __init__ @dataclass writes is Python made at import, which the compiled build runs in the
    # interpreter (about 20x slower); object.__setattr__ is what a frozen one must use, compiled to a plain store
    def __init__(self, name: str, text: str, start: int, end: int) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


# --- kinds of words -------------------------------------------------------------------------

_QUOTED: Final = re.compile(r"[“\"「]([^“”\"「」\n]{1,40})[”\"」]")
_OPENING_QUOTES: Final = ("“", '"', "「")  # the characters a match of _QUOTED opens with
_CJK: Final = r"\u4e00-\u9fff"


def _words(alternation: str) -> re.Pattern[str]:
    """A pattern for a list of words that first checks the word's opening character.

    Python's regex engine tries every alternative at every position. A list of plain words is
    written grouped by opening character (实施|实行|开展 → ``(?:实(?:施|行)|开(?:展))``), each group's
    words in their order: the engine skips to where a group's character stands and tries only
    that group's words, and the first word that matches is the one the plain list would give. A
    list with patterns in it gets a lookahead on the set of opening characters instead.

    >>> _words("实施|开展|实行").pattern
    '(?:实(?:施|行)|开(?:展))'
    >>> [m.group() for m in _words("实施|开展|实行").finditer("实行并实施，开展")]
    ['实行', '实施', '开展']
    """
    words = alternation.split("|")
    if all(re.fullmatch(f"[{_CJK}]+", w) for w in words):
        by_first: dict[str, list[str]] = {}
        for w in words:
            by_first.setdefault(w[0], []).append(w[1:])
        return re.compile("(?:" + "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in by_first.items()) + ")")
    words = re.sub(r"[()?:]", "", alternation).split("|")
    firsts = "".join(sorted({w[0] for w in words if w}))
    return re.compile(f"(?=[{firsts}])(?:{alternation})")


# head nouns naming a kind of instrument, longest first (a programme, a campaign, a mechanism)
_HEAD_WORDS: Final = (
    "三年行动计划|行动计划|三年行动|专项行动|攻坚行动|行动|专项整治|集中整治|综合整治|攻坚战|保卫战|人民战争|"
    "示范区创建|示范市创建|示范县创建|示范创建|综合试点|改革试点|试点|重大工程|工程|计划|战略|"
    "责任制|长制|票决制|承诺制|积分制|许可制|聘任制|代理制|首问制|注册制|赛马制|包干制|机制|制度|体制|模式|"
    "重大改革|重点改革|改革创新|改革"
)
# grouped by opening character, the scan skips most positions without trying every head
_HEAD: Final = _words(_HEAD_WORDS)
# the same words found in a whole text by their first two characters: what ``_HEAD.finditer`` finds, since no
# head noun above is listed after a longer one it opens (tests/test_fast_reforms_documents.py)
_HEADS: Final = StartWords(_HEAD_WORDS.split("|"))
# what follows a head noun used as a modifier, not as the end of a name (战略性, 行动方案, 工程建设)
_HEAD_CONTINUES_WORDS: Final = (
    "试验区|示范区|先行区|实验区|发展|性|型|方案|指南|纲要|清单|规划|意见|办法|细则|目录|名单|单列|生育|定位|目标|腹地|支点|机遇|意义|高度|地位|"
    "任务|重点|部署|科技|合作|伙伴|新兴|资源|储备|要地|通道|纵深|机械|项目|建设|师|队|者|自觉|委员会|办公室|"
    "领导小组|工作组|专班|机构|部门|单位|人员|干部|成员|资金|经费|基金|开放|举措|措施|红利|精神|要求|事项|方向|路径|"
    "思路|方法|使命|领域|约|定|造|订|作|品|度|式|上"
)
_HEAD_CONTINUES: Final = _words(_HEAD_CONTINUES_WORDS)
# a head noun directly followed by another one, at most four name characters on, belongs to the longer
# name (零基预算改革试点, 改革深化提升行动), unless a function word stands between them
_CHAIN_GAP: Final = 4
_CHAIN_BREAK: Final = re.compile(r"[的和与及等是在对把被将了]")
_NAME_RUN: Final = re.compile(f"[{_CJK}]*")
# characters that end a name on its left: punctuation, brackets, spaces
_STOP: Final = set('，。；：！？、（）()《》〈〉“”"「」【】［］[]　 \n\t,.;:!?|/·—…')
_STOP_RE: Final = re.compile("[" + re.escape("".join(sorted(_STOP))) + "]")
# everything up to the last such character (greedy: the engine runs to the end and backs up to it)
_UP_TO_LAST_STOP: Final = re.compile(rf"[\s\S]*{_STOP_RE.pattern}")
# the same characters as a table by code point (1: a stop character), for a loop over the text
_STOP_TABLE: Final = bytes(1 if chr(c) in _STOP else 0 for c in range(max(map(ord, _STOP)) + 1))
# verbs that introduce a named instrument as their object (the name starts after them)
_INTRO_VERBS: Final = (
    r"实施|开展|推进|推行|推动|深化|落实|启动|完成|建立|健全|完善|构建|打好|打赢|打响|探索|获批|入选|承担|申报|申建|争创|"
    r"参与|组织|部署|坚持|执行|试行|实行|扩大|加强|强化|加快|巩固|拓展|出台|制定|印发|发挥|用好|抓好|做好|推广|复制|"
    r"列入|纳入|获得|获评|荣获|迎接|配合|围绕|聚焦|依托|按照|对标|作为|成为|持续|深入|全面|加大|"
    r"首创|率先|牵头|承接|参评|谋划|学习运用|抓实|做实|打造|创建|开启|迈向|办好|推出|支持|设立|争当|对接|融入|站在|贯彻|构筑|贯穿|激活|激发|统筹|普及|推开|"
    r"紧扣|履行|投向|保持|搭建|修订|塑造|规划|促进|优化"
)
_INTRO_VERB: Final = _words(_INTRO_VERBS)
# light verbs stacked before a name (启动实施, 组织开展); a content verb after them (优化, 加强, 推动) may open the name
_LIGHT_VERBS: Final = (
    r"实施|开展|推进|推开|推行|落实|执行|深化|启动|完成|建立|健全|完善|构建|打好|打赢|试行|实行|巩固|拓展|出台|制定|印发|用好|抓好|"
    r"做好|推广|复制|持续|深入|全面|加快|谋划|参与|组织|部署|坚持|承接|探索|申报|争创|开启|获批|入选|列入|纳入|作为|成为"
)
_LIGHT_VERB: Final = _words(_LIGHT_VERBS)
# adverbs, scope and time words at the start of a name that are not part of it
_LEAD_WORDS: Final = (
    r"(?:深入|持续|全面|大力|扎实|稳步|稳妥|有序|积极|加快|加力|加紧|着力|努力|奋力|全力|切实|认真|不断|进一步|继续|"
    r"改革(?=[\u4e00-\u9fff]{2})|(?:省市县乡|省市县|市县乡|省市|市县|县乡村|县乡|区县|县区)(?=[\u4e00-\u9fff]{2})|坚定不移|坚决|坚定|系统|纵深|常态化|在|把|将|和|与|以|同时|好|若干|首单|唯一|"
    r"新一轮|本轮|首轮|首批|第[一二三四五六七八九十\d]+批|一批|两批|全国|全省域|全省|全市域|全市|全县|全区|"
    r"国家级|省级|市级|县级|国家|率先|首个|首家|及以上|([做抓促保稳提强建管用])[\u4e00-\u9fff]\1[\u4e00-\u9fff])"
)
# a batch or rank in the middle of a name is a qualifier too: 国家碳达峰第二批试点 → 碳达峰试点
_BATCH: Final = re.compile(r"第[一二三四五六七八九十\d]+批")
_AND: Final = re.compile(r"[和与及]")
_FUNCTION: Final = re.compile(r"[的了把被将让是搞靠]|等$|^等|我们|一些|要[从靠求]")
# generic qualifiers: a name made only of these is a label, not an instrument
_QUALIFIER: Final = (
    r"专项|整治|攻坚|重点|重大|重要|相关|一系列|环节|系列|多项|各项|各类|综合|配套|全面|深化|深层次|领域|关键|这项|该项|此项|"
    r"国家|全国|示范|改革|民心|民生|惠民|系统|一号|头号|具体|实际|联合|统一|共同|集体|一致|有关|新|新的|长期|中长期|"
    r"总体|发展|区域|重大战略|区域重大|各级|试点|工作|任务|目标|制度|机制|体制|体系|模式|行动|工程|计划|战略|"
    r"首批|第一批|单项|整体|集成|系统集成|标志性|引领性|突破性|基础性|系统性|整体性|集成性|创造性|开创性|关键性|"
    r"一揽子|组合式|结构性|阶段性|体制机制|创新|各方面|多方面|全方位|若干|唯一|提升|对外开放|[一二三四五六七八九十两\d]+年|整省|整市|整县"
)
_GENERIC: Final = re.compile(rf"^(?:{_QUALIFIER})*$")
_LEADING_QUALIFIERS: Final = re.compile(rf"^(?:{_QUALIFIER})+")
# broad fields of 全面深化改革: X改革 or X体制改革 over such fields only is an area label (经济体制改革)
_FIELD: Final = (
    r"经济|政治|文化|社会|体育|服务|国内|国际|生态文明|生态|财税|金融|财政|税收|科技|教育|医药卫生|卫生|医疗|行政|司法|党的建设|国防和军队|"
    r"军队|国防|农村|城市|对外|开放|市场|价格|投资|收入分配|人事|干部|政府|全球治理|治理|管理|体系"
)
_FIELD_ONLY: Final = re.compile(rf"^(?:(?:{_FIELD})(?:和|与|、)?)+(?:体制|制度|领域|方面)?$")
# a mechanism or system is generic when it is a domain plus a generic function word (工作机制, 沟通协调机制)
_GENERIC_FUNCTION: Final = re.compile(
    r"(?:协调|沟通|联动|通报|报告|审批|考核|评估|监督|长效|工作|会商|联席会议|协作|衔接|对接|反馈|督办|督查|调度|落实|运行|"
    r"保障|防控|预警|应急|奖惩|激励|约束|决策|议事|管理|服务|治理|监管|发展|体制|领导|组织|责任|常态化|动态|长期|内部|"
    r"配套|相关|基本|基础|现代|科学|完善|健全|规范|有效|多元|一体化|新型|政策|法律|法规|法治|解决|评价|推进|协同|调整|形成|公开|"
    r"增长|投入|收费|交易|预防|传导|使用|干预|调配|支持|统计|分配|薪酬|保护|经营|自治|休假|依法行政|交流|合作)$"
)
_SPECIFIC_MECHANISM: Final = re.compile(r"[+＋]|\d{3,}(?!热线)|[一二三四五六七八九十两双]项")
# a mode or model named only by a generic activity (发展模式, 治理模式) is no instrument
_GENERIC_MODE: Final = re.compile(
    r"(?:发展|管理|服务|治理|运营|经营|商业|业态|工作|合作|生产|生活|消费|贸易|监管|盈利|组织|运行)$"
)
# construction works measured in km are not reforms (引水工程, 高速公路工程)
_WORKS: Final = re.compile(
    r"(?:水利|引水|调水|供水|排水|水库|灌区|公路|铁路|高铁|通道|管网|电网|枢纽|港口|码头|机场|航道|桥|隧道|大坝|堤防|管道|"
    r"输变电|改扩建|配套|基建|房建|安装|市政|道路|轨道|地铁|城轨|线|站|厂|园|馆|楼|中心|基地|项目|新建|续建|扩建|扩容|升级|"
    r"改造|修复|防护林|防洪|治理|线路|网架|干道|高速|[一二三]期|标志性|主要|卓越|特高压|交流|直流|输电|送出|灌溉|水网|主体)(?:工程)?$"
)
# a plan named by its budget line or its period is a document or a schedule (投资计划, 年度计划)
_GENERIC_PLAN: Final = re.compile(
    r"(?:投资|工作|年度|实施|发展|建设|采购|招生|预算|财务|培训|生产|经营|出版|教学|学习|招聘|用地|供地|收储|发行|立法|督察|督查|"
    r"检查|审计|监督|执法|年)$|年度"
)
# heads that name an instrument only with a design written into the name (1+N机制, 三项制度)
_DESIGNED_HEADS: Final = frozenset({"机制", "体制", "模式"})
# heads that need a specific design to be an instrument of their own
_MECHANISM_HEADS: Final = ("机制", "制度", "体制")


# --- quoted names ---------------------------------------------------------------------------

# a head noun glued after the closing quote is part of the name when it names a kind of instrument
_GLUED_HEADS: Final = (
    "三年行动计划|行动计划|三年行动|行动|专项整治|工程|计划|模式|机制|制度改革|体制改革|制度|"
    "管理体制|体制|体系|审核|普法|经验|试点|攻坚战|保卫战|战略|创建"
)
_GLUED_HEAD: Final = re.compile(rf"^[{_CJK}0-9]{{0,10}}?{_words(_GLUED_HEADS).pattern}")
_GLUED_TAIL: Final = re.compile(rf"(?:{_GLUED_HEADS})$")
_GLUED_BARE: Final = re.compile(r"(?:改革|工作|政策|建设|活动|行动方案|方案|规划)")
# what follows a quotation that names something else: a platform, an award, an event, a period,
# a goal or a quality the text ascribes (“十四五”时期, “三保”底线, “冲超”成功), a counter (X措并举)
_NOT_REFORM_AFTER: Final = re.compile(
    r"^(热线|平台|网站|网|APP|App|小程序|公众号|号|系统|品牌|称号|奖|荣誉|案例|活动周|宣传周|大会|会议|论坛|博览会|节|展|比赛|"
    r"大赛|联赛|工作站|专栏|栏目|先进|示范点|示范单位|时期|期间|是指|指|即|国家|目标|底线|核心|成功|正式|迈出|开局|标志|"
    r"定位|作用|使命|要求|原则|理念|思想|精神|方针|战略定位|并举|齐下|同步|问题|短板|班子|成员|干部|人才|群体|队伍|"
    r"[一二三四五六七八九十两]?个方面|产品|商品|贷|卡|码|基金|项目|城市|称号|名片|IP|标杆|样板|城|岛|共识|企业|单位|家庭|中小企业)"
)
# a quotation that names something else: a number, a period, a year, a doubled character, a rank or a
# scope that it opens with (优秀, 全国…); a thing, an event, a place or a list that it ends in (会, 平台,
# 中心, 名单); a rank anywhere in it (十大, 第一). Three patterns, so that none is tried at every position
# of the quotation: the first only at its start, the second only if its last character can end a match
_NOT_REFORM_OPENS: Final = re.compile(
    r"\d+$|十[一二三四五六七八九]五$|\d{4}年|([\u4e00-\u9fff])\1|优秀|先进|最(?!多)|十佳|百佳|"
    r"(?:全国|国家级|省级|市级).{0,3}$|(?:二线口岸|一线|二线)$"
)
_NOT_REFORM_ENDS: Final = AtEnd(
    re.compile(
        r"(?:(?<![事议])会|节|赛|(?<!一张)网|平台|热线|号|APP|杯|周|案例|课堂|称号|[手者员]|[一二三四五六七八九十]+条|共识|病|"
        r"难题|公里|名单|公园|[间馆站院厅室廊屋片包码贷]|中心|社区|工坊|学堂|论坛|窗口|胶囊|少数|指数|答卷)$"
    )
)
_NOT_REFORM_HOLDS: Final = re.compile(r"十大|百强|第一")


def _not_reform(inner: str) -> bool:
    """Whether a quotation names something other than an instrument, by what it opens with, ends in or holds."""
    return bool(_NOT_REFORM_OPENS.match(inner) or _NOT_REFORM_ENDS.search(inner) or _NOT_REFORM_HOLDS.search(inner))


# numbered political formulae (两个确立, 九大行动, 五篇大文章), descriptive phrases (放得活, 更加开放)
# (two patterns: what a slogan opens with, tried at the start only, and the words it holds anywhere)
_SLOGAN_OPENS: Final = re.compile(
    r"[一二三四五六七八九十两]+(?:个|大|篇|措|化|项)[^一二三四五六七八九十两]|更|"
    r"坚持|学习|贯彻|深入|全力|奋力|努力|加快|持续|全国|国家级|省级|市级|首批|首个|首家|[A-Za-z0-9+\-]+$"
)
_SLOGAN_HOLDS: Final = re.compile(r"得|的|首先|必须|应当")


def _slogan(inner: str) -> bool:
    """Whether a quotation is a numbered formula or a descriptive phrase, by what it opens with or holds."""
    return bool(_SLOGAN_OPENS.match(inner) or _SLOGAN_HOLDS.search(inner))


# a counter word or a parallel verb phrase makes an enumeration or slogan, not a name (X措并举, 按季抓、月跟踪)
_ENUMERATION: Final = re.compile(r"措并举|管齐下|位一体|个一批|[抓跟盯促]$|^[按每]|有感$|有温度$|有速度$")
# layouts and place groups: N核N带, 一体两翼 — numbers each followed by a layout noun
_LAYOUT: Final = re.compile(r"^(?:[一二三四五六七八九十两双多N]+[核带区翼极轴环心廊圈片群城港站体园湾点线横纵]+)+$")
# a number word with one more character abbreviates an issue, a group or a goal (三农, 双碳, 两委)
# a figure of speech or a literary slogan (组合拳, 先手棋, 小而美, 城-镇-村)
_METAPHOR: Final = re.compile(
    r"[而之于]|[拳棋]$|交汇点$|门户$|粮仓$|花园$|高峰$|家园$|第[一二三四五六七八九十]极$|大事$|[\u4e00-\u9fff][-—][\u4e00-\u9fff]|([^\d一二三四五六七八九十百千万两])\1"
)
_SHORT_NUMBERED: Final = re.compile(r"^[一二三四五六七八九十两双][\u4e00-\u9fff]$")
# before a quotation: an honour verb, or a name for a storm, a team, a vessel or a brand
# (run only on a phrase whose last character one of these words ends in: AtEnd)
_NAMED_THING_BEFORE: Final = AtEnd(
    re.compile(
        r"(台风|热带风暴|女足|男足|球队|联赛|号称|品牌|赛事|船|舰|卫星|火箭|荣获|获评|获得|荣膺|评为|授予|被誉为|誉为|称为|"
        r"反对|纠治|整治|破除|纠正|力戒|不搞|严禁|避免|防止|杜绝|村|社区)$"
    )
)
_NUMBERED: Final = re.compile(r"^[一二三四五六七八九十两]+项(?:制度|机制|体系|规定)$")


def find_reforms(text: str, skip: list[tuple[int, int]] | None = None) -> list[ReformMention]:
    """Reform mentions with canonical names (no quotes).

    >>> [(r.name, r.text) for r in find_reforms("推进“互联网+监管”，全面实施扩权强区改革，全面推进“八五”普法工作，开通“12345”热线。")]
    [('互联网+监管', '互联网+监管'), ('扩权强区改革', '扩权强区改革'), ('八五普法', '“八五”普法')]
    """
    out: list[ReformMention] = []
    claimed = Claimed(len(text), skip)
    _quoted_pass(text, claimed, out)
    _coordinated_pass(text, claimed, out)
    known = _known_matches(text)
    _headed_pass(text, claimed, out, {k[1]: k for k in known})
    for start, end, label in known:
        if claimed.free(start, end) and not _inside_word(text, start, end):
            out.append(ReformMention(_canonical(label), label, start, end))
            claimed.take(start, end)
    out.sort(key=_start)
    return out


def _start(r: ReformMention) -> int:
    return r.start


def _keep(out: list[ReformMention], claimed: Claimed, name: str, start: int, end: int, text: str) -> None:
    """Record a mention, under its concept's name, unless an earlier pass claimed any of its characters."""
    if claimed.free(start, end):
        out.append(ReformMention(_canonical(name), text[start:end], start, end))
        claimed.take(start, end)


def _quoted_pass(text: str, claimed: Claimed, out: list[ReformMention]) -> None:
    """Quoted names, with a glued head noun after the quote or a field before it."""
    refused_end, refused_named = -1, False
    for m in _quotations(text):
        inner = m.group(1).strip()
        after = text[m.end() : m.end() + 14]
        before = text[max(0, m.start() - 4) : m.start()]
        named_thing = _NAMED_THING_BEFORE.search(before) or (refused_end == m.start() and refused_named)
        glued = _GLUED_HEAD.match(after)
        glued_ok = glued is not None and _glue_wanted(inner, glued.group())
        if named_thing or not (glued_ok and _has_name_chars(inner) or _acceptable_quote(inner, after)):
            refused_end, refused_named = m.end(), bool(named_thing)
            continue
        if _PLAN_PERIOD.fullmatch(inner) and not after.startswith("普法"):
            continue  # a five-year plan period, not a reform
        for name, start, end in _quoted_mentions(text, m, inner, glued if glued_ok else None):
            _keep(out, claimed, name, start, end, text)


def _quotations(text: str) -> list[re.Match[str]]:
    """The matches of ``_QUOTED.finditer(text)``, tried only where an opening mark stands (``matches_at``
    as a list: a loop here costs less than a generator in compiled code)."""
    out: list[re.Match[str]] = []
    free = 0
    for k in _quote_starts(text):
        if k >= free:
            m = _QUOTED.match(text, k)
            if m is not None:
                out.append(m)
                free = m.end()
    return out


def _quote_starts(text: str) -> list[int]:
    """Where an opening quotation mark stands, ascending, found by ``str.find`` (which skips through the
    text many characters at a time): the only places a quotation can start, so that ``_QUOTED`` is tried
    there alone (``matches_at``), not at every character of the text as ``finditer`` tries it.

    >>> _quote_starts('推进“放管服”改革和「一网通办」，"双随机"')
    [2, 10, 17, 21]
    """
    starts: list[int] = []
    for mark in _OPENING_QUOTES:
        k = text.find(mark)
        while k >= 0:
            starts.append(k)
            k = text.find(mark, k + 1)
    starts.sort()
    return starts


def _cjk_count(phrase: str) -> int:
    """How many Chinese characters (U+4E00 to U+9FFF, what ``_CJK_CHAR`` matches) ``phrase`` holds: the
    length of ``_CJK_CHAR.findall(phrase)``, without the list of one-character strings.

    >>> _cjk_count("保7争6"), _cjk_count("互联网+监管")
    (2, 5)
    """
    count = 0
    for k in range(len(phrase)):
        if 0x4E00 <= ord(phrase[k]) <= 0x9FFF:
            count += 1
    return count


def _has_name_chars(inner: str) -> bool:
    """A quotation with a glued head may be digits (“1+3+1”审核) but not punctuation alone."""
    return bool(_NAME_OR_DIGIT.search(inner))


def _glue_wanted(inner: str, glued: str) -> bool:
    """Whether the run after a quote belongs to the name: “八五”普法 yes, “十四五”普法 only for 五;
    a quote of digits counts with its head (“1+3+1”审核), a slogan or a generic run does not."""
    if glued == "普法":
        return bool(_PLAN_PERIOD.fullmatch(inner))
    if inner.endswith(glued) or len(inner) > 12 or _FUNCTION.search(glued) or "工作" in glued:
        return False
    tail = _GLUED_TAIL.search(glued)
    modifier = glued[: tail.start()] if tail else glued
    if modifier and _GENERIC.match(modifier) or _not_reform(inner):
        return False  # “2+N”标志性工程, “最佳实践奖”机制
    if glued.endswith(("机制", "制度")) and modifier and _GENERIC_FUNCTION.search(modifier):
        return False  # “X”一站式解决机制: the quote names the thing, the run describes its handling
    if _FORMULA.fullmatch(inner):
        return True
    if glued.endswith("战略") and len(_NUMERAL.findall(inner)) >= 2:
        return False  # 三区一中心战略: a layout
    return not ("，" in inner or "。" in inner or _slogan(inner) or _ENUMERATION.search(inner) or _LAYOUT.match(inner))


def _acceptable_quote(inner: str, after: str) -> bool:
    """A quotation standing alone is a reform name unless it is a number, a thing or a slogan."""
    if not _NAME_CHAR.search(inner) or _PUNCT_OR_SPACE.search(inner):
        return False
    if _DIGITS_ONLY.fullmatch(inner) or _not_reform(inner) or _NOT_REFORM_AFTER.match(after):
        return False
    if _NOT_STANDALONE_OPENS.match(inner) or _NOT_STANDALONE_ENDS.search(inner):
        return False
    if inner in _known_names() or _NUMBERED.match(inner):
        return True
    if _cjk_count(inner) < 2 and "+" not in inner:
        return False
    if _slogan(inner) or _ENUMERATION.search(inner) or _LAYOUT.match(inner) or _METAPHOR.search(inner):
        return False
    if _INTRO_VERB.match(inner):
        return False  # 打造X, 推动X: a quoted aim, not a name
    if _abbreviation(inner) or _is_place_group(inner) or _place_brand(inner) or _province_brand(inner):
        return False
    if _A_DIGIT.search(inner) and "+" not in inner and _cjk_count(inner) < 4:
        return False  # 保7争6: a target, not an instrument
    if len(inner) == 3 and "+" not in inner and not (_THREE_CHAR_SERVICE.search(inner) or _REFORM_AFTER.match(after)):
        return False  # 钉钉子, 新三样: three characters name an instrument only as a service or with its work
    return _parallel_ok(inner)


# what follows a quoted name that is an instrument: its work, its policy, its pilot
_REFORM_AFTER: Final = re.compile(r"改革|政策|建设|试点|模式|机制|制度|服务|工程|行动|事项|举措|做法")


def _parallel_ok(inner: str) -> bool:
    """A list in quotes is a name when its parts run in parallel (双随机、一公开; 进机关、进乡村),
    a slogan when they are free phrases (走在前、勇争先、善作为)."""
    parts = inner.split("、")
    if len(parts) == 1:
        return len(inner) <= 16
    if all(_abbreviation(p) for p in parts):
        return False  # 一张床、一间房: counted things
    if max(len(p) for p in parts) > 8:
        return False
    numbered = all(_COUNTED_FIRST.match(p) for p in parts)
    same_start = len({p[0] for p in parts}) == 1
    return numbered or same_start


# alone, a quote ending so is a day, an app or an era (航天日, X通, X时代); glued to a head it is a name
# (what it opens with, tried at the start only, and what it ends in, tried only where its last character fits)
_NOT_STANDALONE_OPENS: Final = re.compile(r"线[上下]|[^无].*城市$")
_NOT_STANDALONE_ENDS: Final = AtEnd(re.compile(r"(?:[日通]|时代|\d+条|[翼极核带轴湾展])$"))


# one-character province names that are no common character: a quote built on one is a place brand (浙里办, 赣出精品)
_PROVINCE_ONE: Final = frozenset("京沪渝冀豫湘皖鲁浙赣鄂黔滇陕闽粤琼川蜀港澳")


def _province_brand(inner: str) -> bool:
    """苏 and 晋 are common characters inside words (复苏, 晋升) but open a brand (苏服办, 晋情办)."""
    return len(inner) <= 6 and (not _PROVINCE_ONE.isdisjoint(inner) or inner[0] in "苏晋津蒙藏桂")


def _quoted_mentions(
    text: str, m: re.Match[str], inner: str, glued: re.Match[str] | None
) -> list[tuple[str, int, int]]:
    """(name, start, end) for an accepted quotation, with a glued head noun or field prefix."""
    if glued is not None:  # “八五”普法, “人工智能+”行动, 法治政府建设“双报告”制度
        run = glued.group()
        end = m.end() + glued.end()
        numbered = len(inner) <= 3 and _NUMERAL.match(inner)
        prefix = _noun_before(text, m.start()) if numbered and run != "普法" else ""
        start = m.start() - len(prefix)
        return [(prefix + inner + run, start, end)]
    bare = _GLUED_BARE.match(text, m.end())
    if _NUMBERED.match(inner):  # 行政执法“三项制度”
        prefix = _noun_before(text, m.start())
        if prefix:
            return [(prefix + inner, m.start() - len(prefix), m.end())]
    start = m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())
    parts = _split_combined(inner, start)
    if bare is not None and len(parts) == 1:  # “证照分离”改革 is 证照分离: the span covers the quotes
        return [(inner, m.start(), m.end())]
    return parts


def _split_combined(inner: str, start: int) -> list[tuple[str, int, int]]:
    """“证照联办+免申即享” names two reforms; “互联网+监管” and “区块链+电子保函” name one."""
    parts = inner.split("+")
    if len(parts) > 1 and all(_cjk_count(p) >= 4 and not _names_place(p) for p in parts):
        out, pos = [], start
        for p in parts:
            out.append((p, pos, pos + len(p)))
            pos += len(p) + 1
        return out
    return [(inner, start, start + len(inner))]


def _noun_before(text: str, quote_start: int) -> str:
    """The field a quoted name is glued to: 落实行政执法“三项制度” → 行政执法 (what follows the last verb)."""
    window = text[max(0, quote_start - 8) : quote_start]
    run = _CJK_RUN_AT_END.search(window)
    if not run:
        return ""
    noun = run.group()
    verbs = list(_INTRO_VERB.finditer(noun))
    if verbs:
        noun = noun[verbs[-1].end() :]
    noun = _strip_left(noun)
    if _FUNCTION.search(noun) or "等" in noun or _names_place(noun):
        return ""
    if noun.endswith(("领域", "行业", "方面", "系统")):
        return ""
    return noun if 2 <= len(noun) <= 6 else ""


# --- coordinated names sharing one head -----------------------------------------------------

_COORDINATED: Final = re.compile(rf"等([{_CJK}]{{0,12}}?(?:{_HEAD_WORDS}))")


def _coordinated_pass(text: str, claimed: Claimed, out: list[ReformMention]) -> None:
    """A、B等改革: each item with the shared head (农垦改革, 供销社改革)."""
    for m in _COORDINATED.finditer(text):
        shared = m.group(1)
        if _HEAD_CONTINUES.match(text, m.end()) or _FUNCTION.search(shared):
            continue
        items = _items_before(text, m.start())
        if len(items) < 2:
            continue
        claimed.take(m.start(), m.end())  # the shared head is no name of its own
        if _LIST_OF_FIELDS.match(shared):
            continue  # 电信、医疗等领域开放试点, 准入、退出等相关制度: lists of fields, not of instruments
        head = _HEAD.search(shared)
        modifier = shared[: head.start()] if head else ""
        for start, end in items:
            item = text[start:end]
            if head is not None and _specific(item + modifier, head.group()):
                _keep(out, claimed, item + shared, start, end, text)


def _items_before(text: str, end: int) -> list[tuple[int, int]]:
    """The 、-separated items of a list ending at ``end``, the first one after its verb."""
    clause_start = end
    while (
        clause_start > 0
        and end - clause_start < 80
        and (text[clause_start - 1] not in _STOP or text[clause_start - 1] == "、")
    ):
        clause_start -= 1
    items, pos = [], clause_start
    for piece in text[clause_start:end].split("、"):
        s, e = pos, pos + len(piece)
        pos = e + 1
        stripped = _after_verb(piece) if s == clause_start else piece
        s = e - len(stripped)
        if not 2 <= len(stripped) <= 14 or not _ITEM.fullmatch(stripped):
            return []
        items.append((s, e))
    return items


# --- unquoted names ending in a head noun ---------------------------------------------------


def _headed_pass(
    text: str, claimed: Claimed, out: list[ReformMention], known_ending: dict[int, tuple[int, int, str]]
) -> None:
    """X改革, X行动, X试点, X制度 …: the name from its left edge to the head noun.

    A head directly followed by another (零基预算改革试点) waits: the longer name is tried
    first, and the shorter one only if the longer is refused (区域协调发展战略机制)."""
    left_limit = 0
    waiting: list[tuple[int, int, str]] = []
    heads = _HEADS.matches(text)  # (start, end, head) of every head noun
    last = len(heads) - 1
    for i, h in enumerate(heads):
        he = h[1]
        if not claimed.free(h[0], he):
            waiting = []
            continue  # inside a quoted name, a title or an agency
        if _HEAD_CONTINUES.match(text, he):
            waiting = []
            continue  # a modifier (战略性, 行动方案), perhaps inside a longer name
        if i < last and _chains_into(text, he, heads[i + 1]):
            waiting.append(h)
            continue
        for hs, end, head in [h, *reversed(waiting)]:
            found = _headed_name(text, max(left_limit, hs - 36), hs, head, known_ending.get(end))
            if found is not None:
                name, start = found
                _keep(out, claimed, name, start, end, text)
                left_limit = end
                break
        else:
            if text[he : he + 1] in ("和", "与", "及", "、"):
                left_limit = he  # a refused item of a list still ends where the next one starts
        waiting = []


def _chains_into(text: str, he: int, following: tuple[int, int, str]) -> bool:
    """Whether the head ending at ``he`` chains into the ``following`` head (start, end, head; the next
    one in the text): it starts at most ``_CHAIN_GAP`` name characters on, with no function word up to
    its end.

    The next match of the head scan is the nearest head after ``he``, so this is what matching
    ``[一-鿿]{0,4}?`` and a head at ``he`` would find, without trying the heads at every gap.

    >>> _chains_into("国企改革深化提升行动", 4, (8, 10, "行动")), _chains_into("改革的试点", 2, (3, 5, "试点"))
    (True, False)
    """
    gap = following[0]
    if gap - he > _CHAIN_GAP or not _NAME_RUN.fullmatch(text, he, gap):
        return False
    return not _CHAIN_BREAK.search(text, he, following[1])


def _headed_name(text: str, lo: int, hs: int, head: str, known: tuple[int, int, str] | None) -> tuple[str, int] | None:
    """The canonical name and start of the name of the head noun ``head`` at ``hs``, or None for a label
    or a habit; ``known`` is the scheme's name that ends where the head does, if any."""
    if hs == 0 or text[hs - 1] in _STOP or text[hs - 1] in "的了":
        return None  # nothing names the instrument
    if known is None and head in _DESIGNED_HEADS and not _SPECIFIC_MECHANISM.search(text, max(0, hs - 36), hs):
        return None  # 工作机制, 管理体制: these heads need a design in the name, and none is near
    start = _left_edge(text, lo, hs)
    if start is None:
        return None
    if known is not None and known[0] < start:
        return _canonical(known[2]), known[0]  # 服务业扩大开放综合试点: the verb inside is the name's
    if head in ("重大改革", "重点改革"):
        head = "改革"  # X重大改革 is X改革
    raw = text[start:hs]
    if "批" in raw:
        raw = _BATCH.sub("", raw)
    if head == "战略" and _GENERIC_STRATEGY.search(raw):
        return None  # 服务国家战略: the label of the nation's strategies, not one of them
    core = _TRAILING_QUALIFIER.sub("", raw) if raw[-1:] in _QUALIFIER_LAST else raw
    unlisted = core.replace("、", "")  # 蓝天、碧水、净土 → 蓝天碧水净土
    if unlisted in _known_names():
        return _canonical(unlisted), start  # 碳排放双控制度 is 碳排放双控
    if not _specific(core, head):
        return None
    return _known_tail(unlisted + head), start


# a rank or scope just before the head (政府总法律顾问唯一试点, 一揽子重大工程) is no part of the name
_TRAILING_QUALIFIERS: Final = "这一|这个|这项|该|唯一|国家级|国家|全国|首批|首个|一揽子|省级|市级|重点|全省"
_TRAILING_QUALIFIER: Final = re.compile(f"(?:{_TRAILING_QUALIFIERS})+$")
# a phrase can end in a qualifier only if it ends in a qualifier's last character (the pattern need not be tried otherwise)
_QUALIFIER_LAST: Final = frozenset(w[-1] for w in _TRAILING_QUALIFIERS.split("|"))


def _known_tail(name: str) -> str:
    """A name ending in a concept of the scheme is that concept: 全省域长期护理保险制度 → 长期护理保险制度.

    >>> _known_tail("全省域长期护理保险制度"), _known_tail("营商环境改革")
    ('长期护理保险制度', '营商环境改革')
    """
    known = _known_names()
    for n in _known_endings().get(name[-2:], ()):  # the longest concept first
        if n < len(name) and name[-n:] in known:
            return name[-n:]
    return name


@lru_cache(maxsize=1)
def _known_endings() -> dict[str, tuple[int, ...]]:
    """The lengths (3 or more, longest first) of the scheme's names by their last two characters: a name's
    tail is looked up only at the lengths of the concepts that end as it does."""
    lengths: dict[str, set[int]] = {}
    for label in _known_names():
        if len(label) >= 3:
            lengths.setdefault(label[-2:], set()).add(len(label))
    return {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}


_NEGATIVE_VERBS: Final = "反对|杜绝|防止|避免|纠治|纠正|破除|摒弃|严禁|不搞"
_NEGATIVE_VERB: Final = _words(_NEGATIVE_VERBS)
# 等 closing a list, not inside a word (高等, 平等, 等级)
_ETC: Final = re.compile(r"(?<![高平同对均相初中上次])等(?![级次同])")
_COUNTER: Final = re.compile(r"(?<!第)(?:\d+|[一二三四五六七八九十两]+)(?:余|多)?(?:个|项|批|类|家|地|省份|城市)")
# where a name cannot reach back past: 的, 了, 为, a closing 等, a counted quantity
_CUT: Final = re.compile(f"(?=[的了为等\\d一二三四五六七八九十两])(?:[的了为]|{_ETC.pattern}|{_COUNTER.pattern})")
# everything up to the end of the last cut (greedy: the engine backs up from the end to the last place one
# matches; a match starting inside an earlier one, 二个 in 十二个, ends where that one ends)
_UP_TO_LAST_CUT: Final = re.compile(rf"[\s\S]*{_CUT.pattern}")
_CONJ: Final = re.compile(r"[和与及并]")


def _left_edge(text: str, lo: int, hs: int) -> int | None:
    """Where the name ending at ``hs`` starts: after the clause start, the first verb, the last 的 or counter."""
    s = _after_last_stop(text, lo, hs)
    # 蓝天、碧水、净土保卫战: items of one or two characters joined by 、 are one name
    while s > lo + 1 and text[s - 1] == "、" and hs - s <= 10:
        t = s - 1
        while t > lo and text[t - 1] not in _STOP:
            t -= 1
        piece = _strip_left(text[t : s - 1]) or text[t : s - 1]
        if not 1 <= len(piece) <= 2 or _NUMBER_CHAR.search(piece):
            break
        s = s - 1 - len(piece)
    seg = text[s:hs]
    if _NEGATIVE_VERB.search(seg):
        return None  # 反对政绩工程: what a report opposes is no instrument it runs
    cut = _UP_TO_LAST_CUT.match(seg)
    if cut:
        s, seg = s + cut.end(), seg[cut.end() :]
    # the first verb that leaves two characters; a verb after one that does not would leave fewer still
    verb = _INTRO_VERB.search(seg)
    if verb and len(seg) - verb.end() >= 2:
        s, seg = s + verb.end(), seg[verb.end() :]
    conj = _CONJ.search(seg)
    if conj:  # 需求和群众关切推进教育改革: the object of the first verb after a conjunction
        verb = _INTRO_VERB.search(seg, conj.end())
        if verb and len(seg) - verb.end() >= 2:
            s, seg = s + verb.end(), seg[verb.end() :]
    light = [v for v in _LIGHT_VERB.finditer(seg) if len(seg) - v.end() >= 4]
    if light:  # 支持在京高校开展X试点: the object of the last light verb
        s, seg = s + light[-1].end(), seg[light[-1].end() :]
    stripped = _strip_left(seg)
    return hs - len(stripped) if len(stripped) >= 2 else None


def _after_last_stop(text: str, lo: int, hs: int) -> int:
    """Where ``text[lo:hs]`` goes on after its last stop character (punctuation, a bracket, a space), or
    ``lo`` if it has none: the end of ``_UP_TO_LAST_STOP.match(text, lo, hs)``, by a loop back from ``hs``.

    >>> _after_last_stop("推进，深化改革", 0, 5), _after_last_stop("深化改革", 0, 2)
    (3, 0)
    """
    table = _STOP_TABLE
    top = len(table)
    k = hs
    while k > lo:
        c = ord(text[k - 1])
        if c < top and table[c]:
            return k
        k -= 1
    return lo


def _after_verb(seg: str) -> str:
    """What follows the first introducing verb of a phrase, without adverbs and scope words."""
    for v in _INTRO_VERB.finditer(seg):
        if len(seg) - v.end() >= 2:
            seg = seg[v.end() :]
            break
    return _strip_left(seg)


def _strip_left(seg: str) -> str:
    """Drop introducing verbs, adverbs and scope words at the start of a name; "" if nothing else is left."""
    if not _LEADS_ONLY.match(seg):
        return seg  # no lead word at its start (most phrases): nothing to drop
    if _LEADS_ONLY.fullmatch(seg):
        return ""
    lead = _LEADS.match(seg)
    return seg[lead.end() :] if lead else seg


# a run of light verbs and lead words, leaving at least two characters of name
_LEADS: Final = re.compile(f"(?:{_LEAD_WORDS}|{_LIGHT_VERB.pattern})+(?=[\\s\\S]{{2}})")
_LEADS_ONLY: Final = re.compile(f"(?:{_LEAD_WORDS}|{_LIGHT_VERB.pattern})+")


def _specific(core: str, head: str) -> bool:
    """Whether ``core`` + ``head`` names a specific instrument rather than a label or a habit.

    What the head asks of its name comes first (one or two checks, and for 计划, 制度 and the
    designed heads the one that refuses most), then what makes any phrase a label or a habit; a
    phrase must pass both, so the order changes no answer, only how soon a refused one is refused.
    """
    body = core.replace("、", "")
    if len(body) < 2 or len(body) > 30 or "、" in core and len(core) > 12:
        return False
    return _head_accepts(body, head) and not _label_or_habit(body)


def _head_accepts(body: str, head: str) -> bool:
    """What a head noun asks of the name before it: a design for a mechanism (1+N机制), more than a
    field for a reform (经济体制改革), no physical works for a programme of works (引水工程), no budget
    line or period for a plan (投资计划)."""
    if head.endswith("改革") or head == "改革创新":
        return not _FIELD_ONLY.match(body) and not _PROMOTES_REFORM.search(body + head)
    if head in ("机制", "体制", "模式"):
        return bool(_SPECIFIC_MECHANISM.search(body))  # named ones are quoted or in the scheme
    if head.endswith("制") and len(body) < 4:
        return False  # 安全责任制: a field's duty, not a named instrument
    if head == "制度":
        specific = (
            len(body) >= 4
            and not _GENERIC_FUNCTION.search(body)
            and not _FIELD_ONLY.match(body)
            and not _NOT_A_SYSTEM.search(body)
        )
        return bool(_SPECIFIC_MECHANISM.search(body)) or specific
    if head.endswith("工程"):
        if head == "重大工程":
            return len(body) >= 5 and not (
                body.endswith(("规划", "发展")) or _RAIL_WORKS.search(body) or _place_at(body, True)
            )
        short = len(body) < 4 and not _COUNT_CHAR.search(body)
        short = short or bool(_FIELD_ONLY.match(_LEADING_QUALIFIERS.sub("", body)))  # 重大生态工程
        return not (
            short or _WORKS.search(body) or _WORKS_INSIDE.search(body) or _A_DIGIT.search(body) or _place_at(body, True)
        )
    if head == "战略":
        return len(body) >= 3 and not _GENERIC_STRATEGY.search(body)
    if head == "计划":
        return len(body) >= 4 and not _GENERIC_PLAN.search(body)
    return not body.endswith("会议")


def _label_or_habit(body: str) -> bool:
    """A phrase of two to thirty characters that names no instrument whatever its head: a function word
    in it, generic qualifiers only, a place, a count, a clause ending in its verb, a quality."""
    if _FUNCTION.search(body):
        return True
    if _AND.search(body) and all(_GENERIC.match(part) for part in _AND.split(body)):
        return True
    if _GENERIC.match(body) or _is_division(body) or _not_a_name(body):
        return True
    if _INTRO_VERB.fullmatch(body, len(body) - 2):
        return True  # a clause ending in its verb: 园区开展试点
    if len(body) <= 10 and len(_NUMERAL.findall(body)) >= 2:
        return True  # a numbered formula or layout: 三区一中心战略
    if body[-1] in "性型":
        quality = _QUALITY.fullmatch(body)
        if quality and (len(quality.group(1)) <= 1 or _GENERIC.match(quality.group(1)) or _QUALITIES.fullmatch(body)):
            return True  # 引领型改革, 重点领域支撑性改革: a quality, not a name (but 供给侧结构性改革)
    return False


# qualities only (牵引性系统性改革)
_QUALITIES: Final = re.compile(r"(?:[\u4e00-\u9fff]{1,3}性)+")
_QUALITY: Final = re.compile(r"(.*?)[\u4e00-\u9fff]{1,2}[性型]")
_NUMERAL: Final = re.compile(r"[一二三四五六七八九十两双]")
_PROMOTES_REFORM: Final = re.compile(r"[促带以]改革|开放促")
_COUNTED_START: Final = re.compile(r"[一二三四五六七八九十两\d]+(?:个|项|大|批)")
_BIG_END: Final = re.compile(r"[一二三四五六七八九十\d]大")
_MONEY: Final = re.compile(r"(?=\d)\d+(?:\.\d+)?[万亿]*元")


def _not_a_name(body: str) -> bool:
    """十大工程, 三中全会改革, 两个行动, 政策与行动, X领域试点, 1.2亿元X: counts, meetings,
    conjunctions, fields and sums of money; the country alone (中国改革)."""
    return (
        body == "中国"
        or body.endswith(("全会", "和", "与", "及", "领域", "方面", "行业"))
        or "以及" in body
        or bool(_COUNTED_START.match(body))
        or bool(_BIG_END.match(body, len(body) - 2))
        or bool(_MONEY.search(body))
    )


# physical works anywhere in the name: routes, waters, reservoirs, ports of entry
_WORKS_INSIDE: Final = re.compile(
    r"城际|高铁|铁路|通道|口岸|水库|水系|水资源|轨道|隧道|大桥|道路|立交|积水|房屋|建筑|引水|调水|排水|防涝|防洪|抗洪|清淤|[江河湖渠库]|土木|设计"
)
# transport works named by their route or station (X高铁和Y站重大工程)
_RAIL_WORKS: Final = re.compile(r"站|枢纽|高铁|铁路|公路|通道|隧|桥|港|机场|航道|江|河|湖")
_GENERIC_STRATEGY: Final = re.compile(r"(?:国家|重大|军事|区域|总体|长期|中长期)$")


def _abbreviation(inner: str) -> bool:
    """Short or numbered abbreviations of issues, groups, goals and layouts (三农, 双碳, 两非两资, 五张清单).

    Two characters alone rarely name an instrument; numbered programmes of national standing
    (两新, 两重, 双减) are in the concept scheme."""
    if len(inner) <= 2:
        return True
    if inner[0] not in _NUMBER_OPENS:
        return False  # each of the three forms below opens with a number word
    if _NUMBERED_SHORT.fullmatch(inner):
        return True  # 三保障, 双下降
    if _NUMBERED_PAIRS.fullmatch(inner):
        return True  # 一降三减, 两非两资, 一带一路, 一规划两纲要
    return bool(_COUNTED_SET.fullmatch(inner))


def _place_brand(inner: str) -> bool:
    """A quoted brand or slogan built on a place's name (智慧X省, X城品牌): it starts or ends with a division."""
    return _place_at(inner, start=True) or _place_at(inner, start=False)


def _place_at(phrase: str, start: bool) -> bool:
    """Whether ``phrase`` starts (or ends) with a division's full name or a short name that is no common word,
    of two to six characters and shorter than the phrase.

    Only the lengths of the names that open (or close) with the phrase's first (or last) two characters
    are tried: for most phrases there are none.

    >>> _place_at("海南自贸港建设", True), _place_at("智慧海南", False), _place_at("资源节约", True)
    (True, True, False)
    """
    longest = min(len(phrase) - 1, 6)
    if longest < 2:
        return False
    names, openings, closings = _place_names()
    if start:
        for n in openings.get(phrase[:2], ()):
            if n <= longest and phrase[:n] in names:
                return True
    else:
        for n in closings.get(phrase[-2:], ()):
            if n <= longest and phrase[-n:] in names:
                return True
    return False


@lru_cache(maxsize=1)
def _place_names() -> tuple[frozenset[str], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """The division names of two to six characters that are no common word, and their lengths by their
    first two characters and by their last two (what :func:`_place_at` looks up)."""
    names = frozenset(n for n in _division_names() if 2 <= len(n) <= 6 and n not in _COMMON_WORDS)
    openings: dict[str, set[int]] = {}
    closings: dict[str, set[int]] = {}
    for n in names:
        openings.setdefault(n[:2], set()).add(len(n))
        closings.setdefault(n[-2:], set()).add(len(n))
    return (
        names,
        {k: tuple(sorted(v)) for k, v in openings.items()},
        {k: tuple(sorted(v)) for k, v in closings.items()},
    )


# short division names that are also ordinary words (资源县, 合作市, 港口区)
_COMMON_WORDS: Final = frozenset(
    {"资源", "合作", "港口", "城区", "新城", "开放", "和平", "长安", "永安", "太平", "新华", "东方", "城中", "通道"}
)


def _is_place_group(inner: str) -> bool:
    """An abbreviation joining division short names (海澄文, 宁镇扬): every piece names a division."""
    if not 3 <= len(inner) <= 8 or not _division_initials().issuperset(inner):
        return False  # most quotations hold a character no short name opens with
    return bool(_CJK_ONLY.fullmatch(inner)) and _names_place(inner)


@lru_cache(maxsize=1)
def _division_initials() -> frozenset[str]:
    """First characters of the divisions' short names, the pieces place groups are built from."""
    return frozenset(s[0] for s in division_table().by_short if len(s) >= 2)


def _known_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of the scheme's names, leftmost and longest first, not overlapping."""
    return _known().matches(text)


@lru_cache(maxsize=1)
def _known() -> StartWords:
    """Names and variants of the reform concepts in ``ontology/reforms.ttl`` (two characters or more, no
    quotation), found where their first two characters stand."""
    return StartWords(label for label in _known_names() if len(label) >= 2 and "“" not in label)


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    return frozenset(zh_labels("reforms.ttl"))


def _canonical(name: str) -> str:
    """A known variant's concept name: 河湖长制 → 河长制, 综合行政执法改革 → 综合行政执法体制改革."""
    return zh_labels("reforms.ttl").get(name, name)


def _inside_word(text: str, s: int, e: int) -> bool:
    """A short name glued to more name characters (双减负, 两重一大) is part of another word:
    two characters count only quoted or before 建设, 工作, 政策 or 改革."""
    if e - s > 2:
        return False
    if s > 0 and text[s - 1] in '“"「' and e < len(text) and text[e] in '”"」':
        return False
    return not _WORD_GOES_ON.match(text, e)


def _is_division(phrase: str) -> bool:
    """Whether a phrase is a division's full or short name (a place, not an instrument)."""
    return phrase in _division_names()


@lru_cache(maxsize=1)
def _division_names() -> frozenset[str]:
    table = division_table()
    return frozenset(table.by_name) | frozenset(table.by_short)


def _names_place(phrase: str) -> bool:
    return division_table().names_any(phrase)


# patterns used per match, compiled once (a module-level re call looks its pattern up on every call)
_NAME_CHAR: Final = re.compile(r"[\u4e00-\u9fffA-Za-z+]")
_PUNCT_OR_SPACE: Final = re.compile(r"[，。：；\s]")
_DIGITS_ONLY: Final = re.compile(r"[\d\s]+")
_CJK_CHAR: Final = re.compile(r"[\u4e00-\u9fff]")
_A_DIGIT: Final = re.compile(r"\d")
_THREE_CHAR_SERVICE: Final = re.compile(r"^[^不怎谁].[办批改]$")
_PLAN_PERIOD: Final = re.compile(r"[一二三四五六七八九十]五")
# the characters that _NUMBERED_SHORT, _NUMBERED_PAIRS and _COUNTED_SET open with
_NUMBER_OPENS: Final = frozenset("一二三四五六七八九十两双多")
_NUMBERED_SHORT: Final = re.compile(r"[一二三四五六七八九十两双][\u4e00-\u9fff]{1,2}")
_NUMBERED_PAIRS: Final = re.compile(r"(?:[一二三四五六七八九十两双多][\u4e00-\u9fff]{1,2}){2,4}")
_COUNTED_SET: Final = re.compile(r"[一二三四五六七八九十两]+[张支个项条批类种大篇措][\u4e00-\u9fff]{1,3}")
_NAME_OR_DIGIT: Final = re.compile(rf"[{_CJK}0-9A-Za-z]")
_FORMULA: Final = re.compile(r"[\dA-Za-z+＋\-]+")
_COUNTED_FIRST: Final = re.compile(r"[一二三四五六七八九十两双多单]")
_CJK_RUN_AT_END: Final = re.compile(rf"[{_CJK}]+$")
# a coordination of fields or of generic qualifiers, not of instruments
_LIST_OF_FIELDS: Final = re.compile(r"(?:重点|关键|重要|相关|有关|各项)|(?:领域|行业|方面|地区|部门|单位)")
_ITEM: Final = re.compile(rf"[{_CJK}A-Za-z0-9]+")
_NUMBER_CHAR: Final = re.compile(r"[一二三四五六七八九十\d]")
_NOT_A_SYSTEM: Final = re.compile("[和与及]|[区园]$|社会主义|相关")
_COUNT_CHAR: Final = re.compile(r"[一二三四五六七八九十百千万两]")
_CJK_ONLY: Final = re.compile(rf"[{_CJK}]+")
# what makes a short scheme name part of a longer word unless it follows: its work, its policy, punctuation
_WORD_GOES_ON: Final = re.compile(r"建设|工作|政策|改革|成果|[，。、；]")
