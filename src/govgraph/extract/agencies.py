"""Agencies: bodies that act, found by the shape of Chinese agency names.

A name starts at an anchor (a place prefix such as 市/省/区, a full or short
division name, or a national prefix such as 国家/国务院/中央) and ends at an
agency head noun (局, 厅, 委员会, 人民政府, 中心 …), with no function word or
verb in between. Abbreviated names are expanded to canonical ones from the
report's own place and standard abbreviations (发展改革委 → 发展和改革委员会).
A sub-body keeps its parent (市委依法治市办 → part of 市委; a 分局 → its 局).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..text.divisions import MUNICIPALITIES, Division, division_table
from ..text.place_context import ReportContext, context_for
from ..text.scan import AtEnd, matches_at, neighbour_pairs, starts_before
from .spans import Claimed

# head nouns, longest first
SUFFIXES: Final = sorted(
    """人民政府 政府 人民代表大会常务委员会 人民代表大会 人大常委会 常委会 人大 政协 委员会 管委会 委会 办公厅 办公室 党组 参事室
    总局 分局 局 厅 署 委 办 法院 检察院 医院 卫生院 研究院 科学院 设计院 学院 中心组 中心 大学 学院 学校 党校 实验室
    总队 支队 大队 队 部 指挥部 研究所 监狱 领导小组 工作组 巡察组 督导组 督查组 专班""".split(),
    key=len,
    reverse=True,
)
_SUFFIX_SET: Final = frozenset(SUFFIXES)
# two names joined by 和 (国家农创中心和生物育种钟山实验室), not one name with 和 inside (发展和改革委员会)
_COORDINATED: Final = re.compile(
    "(?:" + "|".join(s for s in SUFFIXES if len(s) >= 2 or s in "局厅委院部办署") + ")[和与及]"
)
# a head noun that is the first character of an ordinary word is no head: 部门, 部分, 部署, 局面, 委员, 中心城市
_HEAD_IN_WORD: Final = {
    "部": re.compile("[门分署位件落长队]"),
    "局": re.compile("[面部势长]"),
    "委": re.compile("[员托派屈]"),
    "办": re.compile("[理法好事实公]"),
    "队": re.compile("[伍员]"),
    "院": re.compile("长"),
    "厅": re.compile("长"),
    "署": re.compile("长"),
    "中心": re.compile("城|区|镇|组|医院|卫生院|任务|工作|环节|位置"),
    "大学": re.compile("城|生|园"),  # 松江大学城 is a district of campuses
}
# the lengths of the head nouns ending in each character, longest first
_HEAD_LENGTHS: Final = {
    c: sorted({len(x) for x in SUFFIXES if x[-1] == c}, reverse=True) for c in {x[-1] for x in SUFFIXES}
}
# words that cannot occur inside an agency name: function words and verbs
_STOP_CHARS: Final = set(
    "的了在对为与及或把被将从向以于是等各其这那并也就都而且但还所如由至到、，。；：！？“”《》（）()【】[] \n\t,.;:!?0123456789%％"
)
_STOP_CHAR: Final = re.compile("[" + re.escape("".join(sorted(_STOP_CHARS))) + "]")
# every alternative opens with a literal character, so the regex engine can skip to where one may start
_STOP_WORDS: Final = re.compile(
    r"委托|委派|通过|地方|相关|市属|省属|区属|县属|迁入|出台|开展|举办|组织(?<![农生易]组织)(?!部)|打造|申建|交办|申办|承办|主办|协办|创办|开办|争创|创建|申报|组建|成立|设立|启动|依托|对接|引进|推进|实施|制定|印发|建立|召开|审议|研究(?![院所中室])|专题|报告|参加|获得|荣获|评为|发布|牵头|负责|联合(?!管|指挥|工作组|党委)|会同|"
    r"办理|审核|领导(?!小组)|指导|部署|要求|落实|贯彻|主要|法治政府|委员(?!会)|代表(?!大会)|和(?:[市省区县]|国家|中央|中共)|常务会议|会议|工作(?!组|专班|领导小组|委员会|部)|建设(?!局|厅|委员会|部|兵团|指挥部)|下放|提升|加强|推动|支持|坚持|作为|"
    r"局级|厅级|处级|部级|布局|破局|格局|结局|大局|全局|开局|新局|部委|首次|跻身|进入|成为|发行|获批|入选|揭牌|挂牌|建成|启用|运行|落地|市县|县乡|省市|书记|主任|局长|市长|省长|县长|区长|干部|人员|班子|系统|平台|两级|三级|全市|全省|全区|全县|以上|以下|有力|正确|坚强"
)
# the pairs of neighbouring characters a stop word can hold (a finite set: every alternative is literal)
_STOP_PAIRS: Final = neighbour_pairs(_STOP_WORDS)
# two bodies written as one word (市委市政府): the name ends before the second
_GLUED: Final = re.compile(r"[委府][省市区县](?:委|政府|人民政府|人大|政协)")
# standard abbreviations of agency names (the language's, not any report's)
ABBREVIATIONS: Final = (
    ("发展改革委", "发展和改革委员会"),
    ("发改委", "发展和改革委员会"),
    ("经济信息化委", "经济和信息化委员会"),
    ("经信委", "经济和信息化委员会"),
    ("工业和信息化局", "工业和信息化局"),
    ("卫生健康委", "卫生健康委员会"),
    ("卫健委", "卫生健康委员会"),
    ("住房城乡建设", "住房和城乡建设"),
    ("住建局", "住房和城乡建设局"),
    ("人力资源社会保障", "人力资源和社会保障"),
    ("人社局", "人力资源和社会保障局"),
    ("市场监管总局", "市场监督管理总局"),
    ("市场监管局", "市场监督管理局"),
    ("自然资源规划局", "自然资源和规划局"),
    ("疾控中心", "疾病预防控制中心"),
    ("国资委", "国有资产监督管理委员会"),
    ("网信办", "网络安全和信息化委员会办公室"),
    ("编办", "机构编制委员会办公室"),
    ("政法委", "政法委员会"),
    ("纪委", "纪律检查委员会"),
    ("教委", "教育委员会"),
    ("科委", "科学技术委员会"),
    ("商务委", "商务委员会"),
    ("交通委", "交通运输委员会"),
    ("人大常委会", "人民代表大会常务委员会"),
    ("常委会", "常务委员会"),
    ("管委会", "管理委员会"),
    ("中心组", "理论学习中心组"),
    ("粮农组织", "粮食及农业组织"),
)
# any of the short forms, in one search (every alternative a literal)
_ANY_ABBREVIATION: Final = re.compile("|".join(re.escape(short) for short, _ in ABBREVIATIONS))
_RULE_OF_LAW: Final = re.compile(r"^(?:全面)?依法治(市|省|区|县|州|旗|国)(委员会|委|办公室|办)$")
NATIONAL_BODIES: Final = {
    "党中央": "中共中央",
    "中共中央": "中共中央",
    "国务院": "国务院",
    "全国人大": "全国人民代表大会",
    "全国人大常委会": "全国人民代表大会常务委员会",
    "全国政协": "中国人民政治协商会议全国委员会",
    "中央军委": "中央军事委员会",
    "最高人民法院": "最高人民法院",
    "最高人民检察院": "最高人民检察院",
    "中央银行": "中国人民银行",
}
# ministries and other State Council bodies, named without a prefix
MINISTRIES: Final = (
    "外交部 国防部 教育部 科学技术部 科技部 工业和信息化部 工信部 公安部 国家安全部 民政部 司法部 财政部 "
    "人力资源和社会保障部 人社部 自然资源部 生态环境部 住房和城乡建设部 住建部 交通运输部 水利部 农业农村部 商务部 "
    "文化和旅游部 文旅部 退役军人事务部 应急管理部 审计署 海关总署 中国人民银行 国家发展和改革委员会 国家发展改革委 "
    "国家卫生健康委员会 国家卫生健康委 国家民族事务委员会 国家民委 国家税务总局 国家市场监督管理总局 国家市场监管总局 "
    "国家金融监督管理总局 中国证券监督管理委员会 中国证监会 国家统计局 国家知识产权局 国家移民管理局 国家林业和草原局 "
    "国家医疗保障局 国家体育总局 国家广播电视总局 国家国际发展合作署 国家信访局 国家能源局 国家数据局 国家药品监督管理局"
).split()
_FULL: Final = {
    "科技部": "科学技术部",
    "工信部": "工业和信息化部",
    "人社部": "人力资源和社会保障部",
    "住建部": "住房和城乡建设部",
    "文旅部": "文化和旅游部",
    "国家发展改革委": "国家发展和改革委员会",
    "国家卫生健康委": "国家卫生健康委员会",
    "国家民委": "国家民族事务委员会",
    "国家市场监管总局": "国家市场监督管理总局",
    "中国证监会": "中国证券监督管理委员会",
}
# kinds of body, not bodies: 省实验室, 市重点实验室
_GENERIC_BODY: Final = re.compile(
    r"^(?:级)?(?:(?:重点)?(?:实验室|技术创新中心|工程研究中心|企业技术中心|工程技术研究中心|新型研发机构|区域医疗中心|"
    r"医学中心|制造业创新中心|产业创新中心|产业技术工程化中心|区域性中心|学院|创新中心))$|副中心$|区域性中心$|[东西南北中]部$|"
    r"医学中心$|^区域[\u4e00-\u9fff]{0,6}中心$"
)
# a 中心 that is a facility, a venue or a city's designation, not an institution that acts:
# 文化体育中心, 数据中心, 国际航运中心, 国家科学中心, 超算中心 (a 研究中心 or 交易中心 acts)
_FACILITY_CENTRE: Final = AtEnd(
    re.compile(
        r"(?:文化|体育|艺术|会展|展览|演艺|数据|算力|超算|智算|集结|物流|航运|金融|消费|贸易|商贸|数贸|科学|交往|枢纽|制造|"
        r"旅游|购物|商务|红树林|仲裁|国际科技创新|国际消费|国际交往)[\u4e00-\u9fff]{0,3}中心$"
    )
)  # run only on a name that ends in 心
# words that end in a head noun and are no body: 俱乐部, 总部, 干部
_NOT_HEAD_WORDS: Final = ("俱乐部", "总部", "干部", "全部", "内部", "外部", "局部", "本部", "基层部")


def _not_a_body(surface: str) -> bool:
    """A facility or designation named like a centre, a word that only ends like a head, or two names joined by 和
    (国家植物园和深圳国际红树林中心: a place name after 和 starts a second name)."""
    if _FACILITY_CENTRE.search(surface) or surface.endswith(_NOT_HEAD_WORDS):
        return True
    i = max(surface.rfind("和"), surface.rfind("与"))
    return i > 0 and division_table().names_any(surface[i + 1 :])


_PREFIXES: Final = frozenset(("市", "省", "区", "县", "州", "旗", "盟", "自治区", "自治州", "自治县"))
# the character before a one-character prefix that makes it part of another word (全市, 城市, 各省 …)
_BAD_BEFORE: Final = set("全各城本我该都超上股夜门集省县区乡镇两市分跨州外")


@dataclass(frozen=True)
class AgencyMention:
    name: str
    text: str
    start: int
    end: int
    parent: str | None = None

    # written out: the __init__ @dataclass writes is Python made at import, which the compiled build runs in the
    # interpreter (about 20x slower); object.__setattr__ is what a frozen one must use, compiled to a plain store
    def __init__(self, name: str, text: str, start: int, end: int, parent: str | None = None) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "parent", parent)


def find_agencies(text: str, ctx: ReportContext, skip: list[tuple[int, int]] | None = None) -> list[AgencyMention]:
    """Agency mentions with canonical names.

    >>> from govgraph.text.place_context import context_for
    >>> ctx = context_for("460100")
    >>> [(a.text, a.name, a.parent) for a in find_agencies("在省委、省政府和市委的领导下，市综合行政执法局龙华分局获评。", ctx)]
    [('省委', '中共海南省委员会', None), ('省政府', '海南省人民政府', None), ('市委', '中共海口市委员会', None), ('市综合行政执法局龙华分局', '海口市综合行政执法局龙华分局', '海口市综合行政执法局'), ('市综合行政执法局', '海口市综合行政执法局', None)]
    """
    out: list[AgencyMention] = []
    claimed = Claimed(len(text), skip)

    national_mentions, suffix_ends = _scan(text)
    heads = _Heads(text, suffix_ends)
    for s, name in national_mentions:
        e = s + len(name)
        if not claimed.free(s, e) or _followed_by_name(text, e) or _is_meeting_or_role(text, e) or heads.in_word(e):
            continue
        national = NATIONAL_BODIES.get(name) or _FULL.get(name, name)
        longer = _longest_name(text, s, e, heads)
        if longer and longer[0] > e and claimed.free(s, longer[0]) and not _is_meeting_or_role(text, longer[0]):
            # 教育部教育发展研究中心: the ministry's own unit, not the ministry
            surface = text[s : longer[0]]
            out.append(AgencyMention(national + _abbrev(surface[len(name) :]), surface, s, longer[0], national))
            claimed.take(s, longer[0])
            continue
        out.append(AgencyMention(national, name, s, e))
        claimed.take(s, e)
    for m in _CENTRAL.finditer(text):
        if claimed.free(m.start(), m.end()) and text[m.start() - 1 : m.start()] not in ("党", "共"):
            out.append(AgencyMention("中共中央", "中央", m.start(), m.start() + 2))
            claimed.take(m.start(), m.start() + 2)
    for m in _PLACED.finditer(text):
        if claimed.free(m.start(), m.end()) and not _STOP_WORDS.search(m.group(2)):
            name = f"中国（{m.group(1)}）{m.group(2)}"
            out.append(AgencyMention(name, m.group(), m.start(), m.end()))
            claimed.take(m.start(), m.end())
    for m in matches_at(_INTERNATIONAL, text, starts_before(text, ("组织",), 2, 11)):
        s, e = m.start() - (2 if m.group().startswith("合作") else 0), m.end()  # 上海合作组织
        if s >= 0 and claimed.free(s, e) and all("\u4e00" <= ch <= "\u9fff" for ch in text[s : m.start()]):
            org = _abbrev(text[s : m.end()])
            longer = _longest_name(text, s, e, heads)
            if longer and longer[0] > e and claimed.free(s, longer[0]):  # 联合国粮农组织海南项目合作办公室
                out.append(AgencyMention(text[s : longer[0]], text[s : longer[0]], s, longer[0], org))
                e = longer[0]
            out.append(AgencyMention(org, text[s : m.end()], s, m.end()))
            claimed.take(s, e)
    districts = _local_divisions(text, ctx)
    inside: list[AgencyMention] = []
    words = _prefix_words(text)
    anchors = _anchors(text, ctx, heads, words[_DIVISION], words[_NATIONAL])
    for start, prefix_end, scope in sorted(anchors, key=lambda a: (a[0], a[0] - a[1])):
        if not claimed.free(start, prefix_end):
            continue
        found = _longest_name(text, start, prefix_end, heads)
        if not found:
            continue
        end, inners = found
        if not claimed.free(start, end) or _is_meeting_or_role(text, end):
            continue
        if _counted(text, start) or _AIMED.search(text, max(0, start - 2), start):
            continue
        surface = text[start:end]
        if _GENERIC_BODY.search(surface[prefix_end - start :]) or _not_a_body(surface):
            continue
        prefix = text[start:prefix_end]
        local = _local_context(ctx, districts, start, prefix)
        canon, parent = _canonical(surface, prefix, scope, local)
        if canon:
            owners = _owners(text, start, prefix, scope, local, inners, canon, end)
            if owners and parent is None:
                parent = owners[0].name
            out.append(AgencyMention(canon, surface, start, end, parent))
            inside.extend(owners)
            claimed.take(start, end)
    for head_start, head_end, _ in words[_TASK_FORCE]:
        s, e = _task_force_span(text, head_start, head_end)
        if e - s >= 4 and claimed.free(s, e) and ctx.place is not None and not _is_meeting_or_role(text, e):
            own = ctx.prefix_name("区" if ctx.county and ctx.county.name.endswith("区") else "县") or ctx.prefix_name(
                "市"
            )
            own = own or (ctx.province.name if ctx.province else None)
            if own:
                out.append(AgencyMention(own + text[s:e], text[s:e], s, e))
                claimed.take(s, e)
    for m in matches_at(_ESTABLISHED, text, starts_before(text, ("首个", "首家"), 2, 7)):
        group = "name" if m.group("name") else "name2"
        s, e, name = m.start(group), m.end(group), m.group(group)
        if claimed.free(s, e) and not _FUNCTION_CHAR.search(name) and not _GENERIC_BODY.search(name):
            dept = ctx.province.name + name if name.endswith("厅") and ctx.province is not None else name
            out.append(AgencyMention(dept, name, s, e))  # a 厅 is a province's department
            claimed.take(s, e)
    # an owner written only inside a unit's name is listed once from there (市委常委会 → 市委); one the
    # report names on its own keeps its own mentions
    named = {a.name for a in out}
    for owner in inside:
        if owner.name not in named:
            out.append(owner)
            named.add(owner.name)
    out.sort(key=lambda a: a.start)
    return out


# a body named where it is set up, with no place prefix: 成立全国首个营商环境建设厅 (a match starts 2-7
# characters before its 首个 or 首家, where it is tried)
_ESTABLISHED: Final = re.compile(
    r"(?:(?:成立|组建|设立|挂牌成立|揭牌成立)(?:了)?(?:全国首个|全国首家|全省首个|全省首家|首个|首家)"
    r"(?P<name>[\u4e00-\u9fff]{2,14}?(?:厅|局|委员会|办公室|中心|研究院))(?=[，。；、,;]|$))"
    r"|(?:全国首个|全国首家|全省首个|全省首家)(?P<name2>[\u4e00-\u9fff]{2,14}?(?:厅|局|委员会|办公室|中心|研究院))"
    r"(?=落地|挂牌|揭牌|成立|运行|正式)"
)


# a bare 中央 that acts: 中央、国务院《…》, 以中央对本市…督察为契机, 中央明确了
_CENTRAL: Final = re.compile(r"中央(?=[、和与及]?国务院|对(?:[本我该全各][省市区县]|地方)|明确|决定|要求|部署)")
# international organisations: 世界贸易组织, 联合国粮农组织, 上海合作组织 (a match starts 2-11 characters
# before its 组织, where it is tried)
_INTERNATIONAL: Final = re.compile(
    r"(?:联合国|世界|国际)[\u4e00-\u9fff]{1,8}?组织(?![部实开领])|合作组织(?![部实开领])"
)
_NOT_OWN: Final = re.compile(r"^(?:各级|各|全|本|该|我|其|有关|相关|专项|临时)")


def _task_force_span(text: str, head_start: int, head_end: int) -> tuple[int, int]:
    """The name that ends in a task-force head: the ten characters before it, cut after the last verb,
    counter or function word."""
    s, e = max(0, head_start - 10), head_end
    run = text[s:head_start]
    cut = 0
    for w in _STOP_WORDS.finditer(run):
        cut = w.end()
    for i, ch in enumerate(run):
        if ch in _STOP_CHARS or ch in "个次项届" or not ("\u4e00" <= ch <= "\u9fff"):
            cut = max(cut, i + 1)
    s += cut
    if head_start - s < 2:
        return s, s
    if _NOT_OWN.match(text, s) or text[s - 1 : s] in "级各全本该我其" or division_table().names_any(text[s:e]):
        return s, s
    return s, e


_UNIVERSITY: Final = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:大学|学院)")
# a national body placed in a city: 中国（杭州）知识产权保护中心
_PLACED: Final = re.compile(
    r"中国[（(]([\u4e00-\u9fff]{2,8})[)）]([\u4e00-\u9fff]{2,16}?(?:中心|委员会|研究院|办公室|局))(?![\u4e00-\u9fff]{0,2}(?:主任|建设))"
)
# a body that does not exist yet, only an aim: 打造国际商事仲裁中心
_AIMED: Final = re.compile(r"(?:打造|争创|申建|筹建|谋划)$")
_NATIONAL_NAMES: Final = sorted(set(NATIONAL_BODIES) | set(MINISTRIES), key=len, reverse=True)


def _scan(text: str) -> tuple[list[tuple[int, str]], dict[int, int]]:
    """National bodies' names and agency head nouns, found where their last characters stand: (start,
    name) of the national names, longest first at each position, and for every position where a head
    noun ends the length of the shortest one ending there (in ascending order of the ends).

    ``str.find`` goes to each character a head noun or a national name ends in (局, 会, 院 …); only
    where the character before it is one such a word has there are the words of each length looked up
    (the head nouns shortest first, so the first found is the shortest). No automaton over every
    character of the text.

    >>> _scan("国务院办公厅印发")
    ([(0, '国务院')], {4: 1, 6: 1})
    """
    national: list[tuple[int, str]] = []
    suffix_ends: dict[int, int] = {}
    for last, one, heads, names in _ENDINGS:
        k = text.find(last)
        while k >= 0:
            e = k + 1
            if k:
                before = text[k - 1]
                if one:
                    suffix_ends[e] = 1
                else:
                    for n in heads.get(before, ()):
                        if n <= e and text[e - n : e] in _SUFFIX_SET:
                            suffix_ends[e] = n
                            break
                for n in names.get(before, ()):
                    if n <= e and (word := text[e - n : e]) in _NATIONAL_SET:
                        national.append((e - n, word))
            elif one:
                suffix_ends[e] = 1
            k = text.find(last, e)
    national.sort(key=lambda f: (f[0], -len(f[1])))
    return national, dict(sorted(suffix_ends.items()))


_NATIONAL_SET: Final = frozenset(_NATIONAL_NAMES)


def _endings() -> list[tuple[str, bool, dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]]:
    """For each character a head noun or a national name ends in: whether it is a head noun on its own,
    then by the character before it the lengths of the head nouns (shortest first) and of the national
    names (longest first) that end in the two."""
    heads: dict[str, dict[str, set[int]]] = {}
    names: dict[str, dict[str, set[int]]] = {}
    for table, words in ((heads, SUFFIXES), (names, _NATIONAL_NAMES)):
        for w in words:
            if len(w) >= 2:
                table.setdefault(w[-1], {}).setdefault(w[-2], set()).add(len(w))
    return [
        (
            last,
            last in _SUFFIX_SET,
            {c: tuple(sorted(v)) for c, v in heads.get(last, {}).items()},
            {c: tuple(sorted(v, reverse=True)) for c, v in names.get(last, {}).items()},
        )
        for last in sorted(set(heads) | set(names) | {w for w in SUFFIXES if len(w) == 1})
    ]


_ENDINGS: Final = _endings()


def _local_divisions(text: str, ctx: ReportContext) -> list[tuple[int, Division]]:
    """Districts and counties named in full in the report, by position, inside the report's own city or province.

    A 区委 or 县政府 in a city's report belongs to the district named just before it
    (黄浦区通过区委中心组学习会 → 中共上海市黄浦区委员会理论学习中心组)."""
    table = division_table()
    owner = ctx.city or ctx.province
    if owner is None or ctx.county is not None:
        return []
    scope = owner.code
    prefix = scope[:4] if ctx.city is not None and scope not in MUNICIPALITIES else scope[:2]
    out = []
    for s, _, name in table.occurrences(text):
        d = _local_division(name, prefix)
        if d is not None:
            out.append((s, d))
    return out


@lru_cache(maxsize=8192)
def _local_division(name: str, prefix: str) -> Division | None:
    """The first district or county of that full name whose code starts with ``prefix``."""
    return next(
        (
            d
            for d in division_table().by_name.get(name, ())
            if d.level in ("district", "county") and d.code.startswith(prefix)
        ),
        None,
    )


def _local_context(ctx: ReportContext, districts: list[tuple[int, Division]], at: int, prefix: str) -> ReportContext:
    """The report's context, or a district's when a 区/县 prefix follows that district's name in the same sentence."""
    if prefix not in ("区", "县") or not districts or ctx.for_prefix(prefix) is not None:
        return ctx
    i = bisect.bisect_left(districts, at, key=lambda p: p[0]) - 1
    if i < 0:
        return ctx
    s, d = districts[i]
    return ctx if at - s > 40 or not d.name.endswith(prefix) else context_for(d.code, ctx.year)


def _followed_by_name(text: str, end: int) -> bool:
    return bool(_OFFICE_AFTER.match(text[end : end + 3]))


class _Heads:
    """Where agency head nouns end in one text: the length of the shortest head at each end, the ends in
    order, and (looked up once an end) whether the head there begins an ordinary word instead."""

    __slots__ = ("_in_word", "_text", "ends", "shortest")

    def __init__(self, text: str, shortest: dict[int, int]) -> None:
        self.shortest = shortest
        self.ends = list(shortest)  # ascending: :func:`_scan` finds them in order
        self._text = text
        self._in_word: dict[int, bool] = {}

    def reach(self, start: int, prefix_end: int) -> bool:
        """Whether a head noun ends after ``prefix_end`` and at most 26 characters from ``start``: without
        one, :func:`_longest_name` finds nothing there."""
        ends = self.ends
        k = bisect.bisect_left(ends, prefix_end)
        return k < len(ends) and ends[k] <= start + 26

    def within(self, lo: int, hi: int) -> list[int]:
        """The ends from ``lo`` to ``hi``, both included, in order."""
        ends = self.ends
        return ends[bisect.bisect_left(ends, lo) : bisect.bisect_right(ends, hi)]

    def in_word(self, end: int) -> bool:
        """:func:`_head_in_word` at ``end``, worked out once a text."""
        known = self._in_word.get(end)
        if known is None:
            known = self._in_word[end] = _head_in_word(self._text, end)
        return known


def _prefix_words(text: str) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, word) of the place prefixes, the national prefixes and the task-force heads, by kind:
    what each kind's own pattern finds, as one pass of :data:`_PREFIX_WORDS` would.

    Each word is looked for with ``str.find`` (in the compiled build far cheaper than the regex engine
    tried at every character). A word that is the tail of a longer word of the list is left out where that
    word stands, as the pattern, which consumes the longer word, leaves it: the 区 of 自治区, the 国家 of
    联合国家 (:data:`_OVERLAPPED`; no word of the list opens another, and none that overlaps another is
    overlapped itself, which ``tests/test_scan_entities.py`` checks with the pattern over the corpus).

    >>> _prefix_words("国家发展改革委和自治区人民政府防汛指挥部")
    {'division': [(8, 11, '自治区')], 'national': [(0, 2, '国家')], 'task force': [(17, 20, '指挥部')]}
    """
    out: dict[str, list[tuple[int, int, str]]] = {}
    for kind, words in _PREFIX_WORDS_BY_KIND.items():
        found: list[tuple[int, int, str]] = []
        for word in words:
            overlapped = _OVERLAPPED[word]
            n = len(word)
            k = text.find(word)
            while k >= 0:
                if not overlapped or not _inside_another(text, k, overlapped):
                    found.append((k, k + n, word))
                k = text.find(word, k + n)
        found.sort()
        out[kind] = found
    return out


def _inside_another(text: str, k: int, overlapped: tuple[tuple[int, str], ...]) -> bool:
    """Whether one of the words ``overlapped`` names stands that many characters before ``k``."""
    for d, other in overlapped:
        if d <= k and text.startswith(other, k - d):
            return True
    return False


def _anchors(
    text: str,
    ctx: ReportContext,
    heads: _Heads,
    prefixes: list[tuple[int, int, str]],
    nationals: list[tuple[int, int, str]],
) -> list[tuple[int, int, str]]:
    """(start, end of prefix, scope) for every place an agency name may start: a place prefix, a
    national one or a division's name, with a head noun ending within a name's reach."""
    table = division_table()
    out: list[tuple[int, int, str]] = []
    for s, e, prefix in prefixes:
        if s and text[s - 1] in _BAD_BEFORE or (len(prefix) == 1 and s and text[s - 1] == "治"):
            continue
        if heads.reach(s, e):
            out.append((s, e, prefix))
    for s, e, _ in nationals:
        if s and text[s - 1] in "林园区省市县我本该各非强两多全":
            continue  # 热带雨林国家公园管理局: 国家 inside another name
        if heads.reach(s, e):
            out.append((s, e, "national"))
    province_code = ctx.province_code
    for s, e, name in table.occurrences(text):
        kind = _anchor_kind(name, province_code)
        if kind is None or not heads.reach(s, e):
            continue
        if kind == "full":
            out.append((s, e, name))
        elif text[e : e + 1] not in "省市县区" and (kind == "short" or _UNIVERSITY.match(text, e)):
            out.append((s, e, name))  # a city's short name of another province only before a university: 西安交通大学
    return out


@lru_cache(maxsize=8192)
def _anchor_kind(name: str, province_code: str | None) -> str | None:
    """How a division name occurring in a report of the province ``province_code`` can start an agency's
    name: "full" (a full name of 3+ characters), "short" (a short name of a division in that province or
    of a province), "city" (a short name of another province's city: only before a university), or None."""
    table = division_table()
    if name in table.by_name and len(name) >= 3:
        return "full"
    divs = table.by_short.get(name)
    if not divs:
        return None
    if any(province_code and d.code.startswith(province_code[:2]) or d.level == "province" for d in divs):
        return "short"
    return "city" if any(d.level == "city" for d in divs) else None


def _longest_name(text: str, start: int, prefix_end: int, heads: _Heads) -> tuple[int, list[int]] | None:
    """End of the longest agency name starting at ``start``, and the ends of the shorter names inside it."""
    limit = min(len(text), start + 26)
    stop = _STOP_CHAR.search(text, prefix_end, limit)  # the name runs on to the first stop character
    last = stop.start() if stop else limit
    shortest = heads.shortest
    valid = [
        e
        for e in heads.within(prefix_end, last)
        if e - shortest[e] > start
        and _body_ok(text[prefix_end:e])
        and not _crosses(text, prefix_end, e)
        and not heads.in_word(e)
    ]
    if not valid:
        return None
    return valid[-1], valid[:-1]


@lru_cache(maxsize=8192)  # pure, and the same names recur within and across reports
def _body_ok(body: str) -> bool:
    """Whether a name's part after its prefix can be one body: not two names joined by 和, no function word
    or verb (a rule-of-law committee's name aside), not two bodies written as one word."""
    if _COORDINATED.search(body):
        return False
    body = _strip_rule_of_law(body)
    return not _STOP_WORDS.search(body) and not _GLUED.search(body)


def _head_at(text: str, end: int, start: int = 0) -> str:
    """The longest head noun that ends at ``end`` and begins at ``start`` or after, or ""."""
    for n in _HEAD_LENGTHS.get(text[end - 1], ()) if end > start else ():
        head = text[max(start, end - n) : end]
        if head in _SUFFIX_SET:
            return head
    return ""


def _head_in_word(text: str, end: int) -> bool:
    """Whether the head noun ending at ``end`` begins an ordinary word instead (部门, 局面, 中心城区)."""
    head = _head_at(text, end)
    rx = _HEAD_IN_WORD.get(head) if head else None
    return bool(rx and rx.match(text, end))


def _crosses(text: str, body_start: int, end: int) -> bool:
    """A stop word that straddles the end of a name (市政协|委员, 执法局|办理) means the name ends elsewhere.

    A stop word that straddles it holds the two characters either side of the end as neighbours; where no
    stop word has that pair (:data:`_STOP_PAIRS`; most ends), none is looked for."""
    if _STOP_PAIRS is not None and (end < 1 or text[end - 1 : end + 1] not in _STOP_PAIRS):
        return False
    offset = max(body_start, end - 3)
    return _straddled(text[offset : end + 3], end - offset)


@lru_cache(maxsize=8192)
def _straddled(window: str, at: int) -> bool:
    """Whether a stop word of ``window`` starts before ``at`` and ends after it."""
    return any(m.start() < at < m.end() for m in _STOP_WORDS.finditer(window))


def _strip_rule_of_law(body: str) -> str:
    return _RULE_OF_LAW_BODY.sub("", body)


def _is_meeting_or_role(text: str, end: int) -> bool:
    nxt = text[end : end + 4]
    return bool(_ROLE.match(nxt))


def _counted(text: str, start: int) -> bool:
    """ "4个国家区域医疗中心" is a count of a kind of body, not a named body."""
    return bool(_COUNTED_BEFORE.search(text[max(0, start - 4) : start]))


def _canonical(surface: str, prefix: str, scope: str, ctx: ReportContext) -> tuple[str | None, str | None]:
    """Canonical name and parent of a name written ``surface`` after ``prefix`` (a place prefix, a
    division's name, or a national prefix when ``scope`` is "national"), in a report of ``ctx``: what
    :func:`_canonical_name` gives for the place the prefix names and the report's province."""
    own = ctx.prefix_name(prefix) if prefix in _PREFIXES else None
    return _canonical_name(surface, prefix, scope, own, ctx.province_code)


@lru_cache(maxsize=8192)  # pure, and the same names recur within a report (市政府, 省委) and across reports
def _canonical_name(
    surface: str, prefix: str, scope: str, own: str | None, province_code: str | None
) -> tuple[str | None, str | None]:
    """:func:`_canonical` from strings: ``own`` is the full name a one-character place prefix expands to
    in the report (None when the report has no such division), ``province_code`` the report's province.

    >>> _canonical_name("市综合行政执法局龙华分局", "市", "市", "海口市", "460000")
    ('海口市综合行政执法局龙华分局', '海口市综合行政执法局')
    """
    body = surface[len(prefix) :]
    term = _TERM_NUMBER.match(body)  # 第十六届…: the term's number is no part of the name
    if term:
        body = body[term.end() :]
    if body.startswith("级") or surface.startswith("国家级"):
        return None, None  # 省级…中心, 国家级…: a class of bodies, not one body
    if prefix in _PREFIXES:
        if own is None:
            return None, None
        place_name = own
    elif scope == "national":
        if len(body) <= 1:
            return None, None  # 国家队 is a metaphor, not a body
        place_name = ""
        body = surface
        party = _PARTY_COMMITTEE.match(surface)  # 中共北京市委
        if party and division_table().lookup(party.group(1)):
            return _expand(party.group(1), "委" + party.group(2))
    else:
        d = division_table().lookup(prefix, within=province_code)
        if d is None:
            return None, None
        if prefix == d.name:
            place_name = d.name
        elif _GOVERNMENT_BODY.match(body) and d.level in ("province", "city"):
            place_name = d.name  # 江西政府 → 江西省人民政府
        elif body in ("中心", "局", "办", "队", "部", "组"):
            return None, None  # 成都中心 is the tail of a longer name (国家超级智算成都中心), no body
        else:
            # a short place name is part of a body's own name (海南大学), keep it as written
            place_name = ""
            body = surface
    name, parent = _expand(place_name, body)
    if name is None:
        return None, None
    return name, parent


def _owners(
    text: str, start: int, prefix: str, scope: str, ctx: ReportContext, inners: list[int], name: str, end: int
) -> list[AgencyMention]:
    """The bodies written inside a unit's name, nearest first, each with its own owner.

    北京大学口腔医院三亚医院 names 北京大学口腔医院, which names 北京大学. A people's congress
    standing committee is an organ of its own, not a part of the congress."""
    if name.endswith("人民代表大会常务委员会"):
        return []
    for i in range(len(inners) - 1, -1, -1):
        surface = text[start : inners[i]]
        body = surface[len(prefix) :]
        if not body or _GENERIC_BODY.search(body) or _GENERIC_OWNER.match(surface):
            continue
        if _inside_a_head(text, start, [*inners, end], i):
            continue  # 筹委|会: the 委 is the start of the head 委会, not a body's end
        owner, parent = _canonical(surface, prefix, scope, ctx)
        if owner and owner != name and name.startswith(owner):
            further = _owners(text, start, prefix, scope, ctx, inners[:i], owner, inners[i]) if parent is None else []
            parent = further[0].name if further else parent
            return [AgencyMention(owner, surface, start, inners[i], parent), *further]
    return []


def _inside_a_head(text: str, start: int, ends: list[int], i: int) -> bool:
    """Whether the head noun ending at ``ends[i]`` is the start of a longer head noun ending at a later end
    (委 of 委会, 委 of 委员会): then no body's name ends there.

    >>> t = "香港特别行政区筹委会预备工作委员会"
    >>> _inside_a_head(t, 0, [9, 10, 17], 0), _inside_a_head(t, 0, [9, 10, 17], 1)
    (True, False)
    """
    return any(end - len(_head_at(text, end, start)) < ends[i] for end in ends[i + 1 :])


# owners that are kinds, not bodies: 国家实验室江西创新中心 is not part of a 国家实验室
_GENERIC_OWNER: Final = re.compile(r"^国家(?:实验室|重点实验室|中心|工程中心)$")


def _expand(place: str, body: str) -> tuple[str | None, str | None]:
    """Canonical name and parent from a place name and an abbreviated body."""
    if not body:
        return None, None
    if place == "" and body.startswith(("中共中央", "党中央")):
        return "中共中央", None
    if place == "" and body.startswith("中央"):
        sub = body[2:]
        m = _RULE_OF_LAW.match(sub)
        if m:
            com = "中央全面依法治国委员会"
            return (com + "办公室", "中共中央") if m.group(2).startswith("办") else (com, "中共中央")
        return _abbrev(body), None
    # party committees: 市委 / 省委 / 自治区党委 + optional sub-body
    if body.startswith(("委", "党委")) and place:
        party = f"中共{place}委员会"
        # 市委 and 党委 abbreviate it; 市委员会 is the full form (中共海口市委员会), not 委 then 员会
        sub = body[2:] if body.startswith("党委") else body[3:] if body.startswith("委员会") else body[1:]
        if not sub:
            return party, None
        m = _RULE_OF_LAW.match(sub)
        if m:
            level = m.group(1)
            com = f"{party}全面依法治{level}委员会"
            return (com + "办公室", party) if m.group(2).startswith("办") else (com, party)
        return party + _abbrev(sub), party
    if body in ("政府", "人民政府"):
        return f"{place}人民政府", None
    if body.startswith(("政府", "人民政府")) and place:
        gov = f"{place}人民政府"
        sub = body[2:] if body.startswith("政府") else body[4:]
        if sub == "党组":
            return f"中共{gov}党组", gov
        return gov + _abbrev(sub), gov
    if body.startswith("政协"):
        return f"中国人民政治协商会议{place}委员会", None
    if body.startswith("人大") and place:
        return place + _abbrev(body.replace("人大", "人民代表大会", 1)), None
    if place and body.startswith(_COURT_OPENINGS):
        # 区法院 and 区人民法院 are one court
        body = _COURT.sub(lambda m: (m.group(1) or "") + "人民" + m.group(2), body)
    full = place + _abbrev(body)
    parent = None
    m = _BRANCH.match(full) if full.endswith(_BRANCH_HEADS) else None
    if m:
        parent = m.group(1)
    return full, parent


def _abbrev(body: str) -> str:
    """``body`` with the standard abbreviations spelt out (发改委 → 发展和改革委员会), in the order of
    :data:`ABBREVIATIONS`. A body that holds none of them (the most) is returned after one search.

    >>> _abbrev("市发改委"), _abbrev("司法局")
    ('市发展和改革委员会', '司法局')
    """
    if not _ANY_ABBREVIATION.search(body):
        return body  # no short form occurs, so no replacement below would change anything
    for short, full in ABBREVIATIONS:
        if short in body and full not in body:
            body = body.replace(short, full)
    return body


# patterns used per match, compiled once (a module-level re call looks its pattern up on every call)
_FUNCTION_CHAR: Final = re.compile(r"[的和与及在对为]")
_PARTY_COMMITTEE: Final = re.compile(r"中共(.{2,8}?[省市区县])委(.*)$")
_GOVERNMENT_BODY: Final = re.compile(r"(人民政府|政府|委|人大|政协)")
_COURT: Final = re.compile(r"^(中级|高级)?(法院|检察院)")
_COURT_OPENINGS: Final = ("中级", "高级", "法院", "检察院")  # what a body must open with for _COURT to match
_BRANCH: Final = re.compile(r"(.+?(?:局|委员会|厅))([\u4e00-\u9fff]{2,6}(?:分局|支队|大队))$")
_BRANCH_HEADS: Final = ("分局", "支队", "大队")  # what a name must end in for _BRANCH to match, checked first
_RULE_OF_LAW_BODY: Final = re.compile(r"(?:全面)?依法治[市省区县州旗国](?:委员会|委|办公室|办)")
_ROLE: Final = re.compile(r"(书记|主任|副主任|委员(?!会)|主席|领导|负责同志|负责人|主要负责|干部|代表(?!大会))")
_COUNTED_BEFORE: Final = re.compile(r"\d\s*[个家所座]$|[一二三四五六七八九十两几多]\s*[个家所座]$")
_TERM_NUMBER: Final = re.compile(r"^第?[一二三四五六七八九十百\d]+届")
_OFFICE_AFTER: Final = re.compile(r"(办公厅|办公室|参事室|研究室|新闻办)")
_DIVISION, _NATIONAL, _TASK_FORCE = "division", "national", "task force"
_PREFIX_WORDS_BY_KIND: Final = {
    _DIVISION: ("自治区", "自治州", "自治县", "市", "省", "区", "县", "州", "旗", "盟"),
    _NATIONAL: ("国家", "中央", "中共", "联合国"),
    # a local task force named without its place: 召开疫情防控指挥部会议 → the report's own place's
    _TASK_FORCE: ("指挥部", "领导小组", "工作专班"),
}
_PREFIX_KIND: Final = {w: kind for kind, words in _PREFIX_WORDS_BY_KIND.items() for w in words}
# No word of one kind shares a character with a word of another, so one pass finds what each kind's own
# pattern finds; every alternative is a literal, so the regex engine skips to where one may start.
_PREFIX_WORDS: Final = re.compile("|".join(_PREFIX_KIND))
# where a word of the list starts inside another one that overlaps it (the 区 of 自治区, the 国家 of 联合国家),
# what that other one is and how many characters before the word it starts: there the pattern, having
# consumed the other word, does not find this one
_OVERLAPPED: Final = {
    w: tuple((d, v) for v in _PREFIX_KIND for d in range(1, len(v)) if v != w and v[d : d + len(w)] == w[: len(v) - d])
    for w in _PREFIX_KIND
}
