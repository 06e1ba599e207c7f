"""Report metadata: inferred from the body alone, overridden by header values.

The rules read the report's own opening: the title line, the speech line of a
work report ("——2026年1月27日在海南省第七届人民代表大会第五次会议上"), the
"来源" and date lines that government sites print, and the place names of the
division table.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import ReportMeta
from ..text.divisions import MUNICIPALITIES, Division, division_table
from ..text.numerals import cn_to_int

_TITLE_CUES = ("报告", "工作报告")
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?")
_SOURCE = re.compile(
    r"(?:来源|发布机构|发布单位|信息来源)\s*[:：]\s*([\u4e00-\u9fff（）()]{2,40}?)(?=[\s|｜]|$|打印|浏览|字号|【)"
)
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")
_SPEECH = re.compile(
    r"((?:19|20)\d\d|[〇零一二三四五六七八九]{4})\s*年\s*([\d十一二三四五六七八九]{1,3})\s*月\s*([\d十一二三四五六七八九]{1,3})\s*日"
    r".{0,6}?在([\s\S]{2,40}?)人民代表大会"
)
# the speaker of a work report: 我代表国务院，向大会报告政府工作
_SPEAKER = re.compile(r"我代表([\u4e00-\u9fff]{0,20}?(?:国务院|人民政府|政府))[,，、]?向大会报告")
# a work report's first heading names the year it reviews: 一、2024年工作回顾
_REVIEW_YEAR = re.compile(r"^[一1][、.．]\s*((?:19|20)\d\d)年[\u4e00-\u9fff“”\-—、和及]{0,20}?(?:工作)?回顾", re.M)
_NAV = re.compile(r"(首页|>>|>|当前位置|您的位置|您现在的位置)")
_GOVT_SUFFIXES = ("人民政府", "政府")


def infer_metadata(text: str) -> ReportMeta:
    """Metadata from the body alone.

    >>> m = infer_metadata("海口市人民政府2022年法治政府建设情况报告\\n2023-03-31 17:05:00 来源: 海口市司法局\\n正文")
    >>> m.title, m.place, m.adcode, m.level, m.year, m.publisher, m.published
    ('海口市人民政府2022年法治政府建设情况报告', '海口市', '460100', 'city', 2022, '海口市司法局', '2023-03-31')
    """
    head = text[:3000]
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
    title = _find_title(lines)
    genre = _genre(title, head)
    speech = _SPEECH.search(head)
    speaker = _SPEAKER.search(head)
    speech_place = speech.group(4) if speech else speaker.group(1) if speaker and "国务院" in speaker.group(1) else None
    place_div = _place(title, head, speech_place, text)
    year = None
    if title:
        m = _YEAR_IN_TITLE.search(title)
        if m:
            year = int(m.group(1))
    if genre == "work-report":
        delivered = year or (_cn_year(speech.group(1)) if speech else None)
        reviewed = _REVIEW_YEAR.search(text[:6000])
        year = delivered - 1 if delivered else int(reviewed.group(1)) if reviewed else None
        delivered = delivered or (year + 1 if year else None)
        if title in (None, "政府工作报告") and delivered and place_div:
            who = "中华人民共和国国务院" if place_div is NATION else place_div.name
            title = f"{delivered}年{who}政府工作报告"
    elif year is None:
        m = re.search(
            r"((?:19|20)\d\d)年(?:度)?(?:[,，、]|(?:我|全)?[\u4e00-\u9fff]{1,6}?(?:坚持|深入|认真|全面))", head
        )
        year = int(m.group(1)) if m else None
    if title is None and genre == "fazhi-report" and year and place_div:
        # no title line: the genre's standard title
        title = f"{year}年{place_div.name}法治政府建设情况报告"
    level = place_div.level if place_div else None
    if place_div is NATION:
        level = "national"
    if place_div and place_div.code in MUNICIPALITIES:
        level = "province"
    publisher = _publisher(head, title, place_div, genre)
    if title and place_div and place_div is not NATION and _is_department_title(title, place_div):
        level = "department"
    return ReportMeta(
        title=title,
        place=division_table().full_name(place_div) if place_div else None,
        adcode=place_div.code if place_div else None,
        level=level,
        year=year,
        publisher=publisher,
        published=_published(lines) or (_speech_date(speech) if speech and genre == "work-report" else None),
        genre=genre,
    )


def _cn_year(s: str) -> int:
    """二〇二一 → 2021, 2021 → 2021."""
    return int(s) if s.isdigit() else int("".join(str(cn_to_int(ch)) for ch in s))


def _speech_date(speech: re.Match[str]) -> str | None:
    """The date a work report was delivered, from its speech line."""
    month = int(speech.group(2)) if speech.group(2).isdigit() else cn_to_int(speech.group(2))
    day = int(speech.group(3)) if speech.group(3).isdigit() else cn_to_int(speech.group(3))
    if not month or not day:
        return None
    return f"{_cn_year(speech.group(1))}-{month:02d}-{day:02d}"


def _find_title(lines: list[str]) -> str | None:
    # a title spaced out letter by letter: 政 府 工 作 报 告
    lines = [ln.replace(" ", "") if re.fullmatch(r"(?:[\u4e00-\u9fff] +)+[\u4e00-\u9fff]", ln) else ln for ln in lines]
    for i, ln in enumerate(lines[:15]):
        if _NAV.search(ln) or len(ln) > 70:
            continue
        if ln.endswith(_TITLE_CUES) and not ln.startswith(("(", "（", "——")):
            # a title split over two lines: 海口市人民政府 / 2021年度法治政府建设情况报告
            if (
                i
                and len(lines[i - 1]) <= 20
                and lines[i - 1].endswith((*_GOVT_SUFFIXES, "关于"))
                and not ln.startswith(lines[i - 1])
            ):
                return lines[i - 1] + ln
            return ln
    return None


def _genre(title: str | None, head: str) -> str:
    if title and "工作报告" in title and "法治" not in title:
        return "work-report"
    if title and "法治" in title:
        return "fazhi-report"
    if (_SPEECH.search(head) or _SPEAKER.search(head)) and "各位代表" in head:
        return "work-report"
    return "fazhi-report" if "法治政府" in head else "report"


NATION = Division("100000", "中华人民共和国")
_NATIONAL = re.compile(r"国务院|中华人民共和国|全国人民代表大会")


def _place(title: str | None, head: str, speech_place: str | None, text: str) -> Division | None:
    table = division_table()
    if (title and _NATIONAL.search(title)) or (speech_place and _NATIONAL.search(speech_place)):
        return NATION
    for source in (title, speech_place):
        d = _most_specific(source or "")
        if d:
            return d
    # the place most often named in the opening, full names before short ones
    found = [name for _, _, name in table.occurrences(head)]
    counts: Counter[str] = Counter(name for name in found if len(name) >= 3 and name in table.by_name)
    if counts:
        return _pick(counts)
    counts.update(
        name
        for name in found
        if name in table.by_short and any(d.level in ("province", "city") for d in table.by_short[name])
    )
    return _pick(counts) if counts else None


def _pick(counts: Counter[str]) -> Division | None:
    table = division_table()
    name, _ = counts.most_common(1)[0]
    return table.lookup(name)


def _most_specific(s: str) -> Division | None:
    """The most specific division named in a string: 广东省广州市 → 广州市."""
    table = division_table()
    found: list[Division] = []
    longest: dict[int, str] = {}  # start → the longest full name starting there
    for start, _, name in table.occurrences(s):
        if name in table.by_name and start not in longest:
            longest[start] = name
    i = 0
    while i < len(s):
        full = longest.get(i)
        if full is None:
            i += 1
            continue
        d = table.lookup(full, within=found[-1].code if found else None)
        if d:
            found.append(d)
        i += len(full)
    if not found:
        for start, _, short in table.occurrences(s):
            if start == 0 and any(d.level == "province" for d in table.by_short.get(short, ())):
                return table.lookup(short)
        return None
    return max(found, key=lambda d: (d.level != "province", d.level in ("district", "county")))


def _is_department_title(title: str, place: Division) -> bool:
    rest = title.split(place.name, 1)[-1] if place.name in title else title
    m = re.match(r"([\u4e00-\u9fff]{2,12}?(?:局|厅|委员会|委|办公室|办|院))", rest)
    return bool(m) and not rest.startswith(("人民政府", "政府"))


def _publisher(head: str, title: str | None, place: Division | None, genre: str) -> str | None:
    m = _SOURCE.search(head)
    if m and not _MEDIA.search(m.group(1)):
        return m.group(1)
    if place is NATION:
        return "国务院"
    if title:
        m2 = re.match(r"([\u4e00-\u9fff]{2,20}?(?:人民政府|政府|局|厅|委员会|办公室))", title)
        if m2 and place and m2.group(1).startswith(place.name):
            return m2.group(1)
    if place:
        return f"{division_table().full_name(place)}人民政府"
    return None


def _published(lines: list[str]) -> str | None:
    for i, ln in enumerate(lines[:40]):
        if "在" in ln and "会议" in ln:
            continue  # the date of a speech, not of publication
        m = _DATE.search(ln)
        if m is None:
            continue
        # past the opening only a short date line that says what it is (发布时间：…) counts
        if i >= 12 and not (len(ln) <= 60 and re.search(r"(发布|日期|来源)", ln)):
            continue
        if ln.startswith(m.group(0)) or re.search(r"(发布|时间|日期|来源)", ln):
            y, mo, d = m.groups()
            return f"{y}-{int(mo):02d}-{int(d):02d}"
    return None


def merge_header(header: dict[str, str], meta: ReportMeta) -> ReportMeta:
    """Header values win over inferred ones; a header is cleaned of its annotations.

    >>> merge_header({"place": "广东省广州市", "publisher": "广州市人民政府 (来源: 广州市司法局)"}, ReportMeta()).publisher
    '广州市司法局'
    """
    if not header:
        return meta
    values = dict(meta.__dict__)
    title = _clean(header.get("title", ""))
    remark = re.search(r"[(（]([^;；)）]*" + re.escape(title) + r")", header.get("title", "")) if title else None
    if remark and len(remark.group(1)) > len(title):
        title = remark.group(1).strip()  # 政府工作报告 (2021年海口市政府工作报告; …)
    if title:
        values["title"] = title
    place = header.get("place", "").strip()
    if place:
        d = NATION if place in ("中华人民共和国", "中国", "全国") else _most_specific(place)
        if d:
            values["place"] = d.name if d is NATION else division_table().full_name(d)
            values["adcode"] = d.code
            values["level"] = "national" if d is NATION else "province" if d.level == "province" else d.level
    if header.get("level", "").strip():
        values["level"] = header["level"].strip()
    genre = header.get("genre", "").strip() or values.get("genre")
    values["genre"] = genre
    year = header.get("year", "").strip()
    if year.isdigit():
        y = int(year)
        # in a work report the header gives the year delivered; the year covered is the one before
        values["year"] = y - 1 if genre == "work-report" else y
    pub = header.get("publisher", "").strip()
    if pub:
        values["publisher"] = _header_publisher(pub, values.get("place"))
    published = header.get("published", "")
    m = _DATE.search(published) or re.search(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", published)
    if m:
        yyyy, mo, dd = m.groups()
        values["published"] = f"{yyyy}-{int(mo):02d}-{int(dd):02d}"
    if header.get("source"):
        values["source"] = header["source"].strip()
    return ReportMeta(**values)


_NOTE = re.compile(
    r"[(（;；]\s*(?:文章来源|来源|发文机关|发布机构|posted by|source)\s*[:：]?\s*([\u4e00-\u9fff]{2,30})", re.I
)
_MEDIA = re.compile(r"(?:日报|晚报|时报|报|电视台|广播电台|新闻网|融媒体中心)$")


def _header_publisher(pub: str, place: str | None) -> str:
    """The body that published the report, from a header that may name the posting office in a note.

    >>> _header_publisher("天津市静海区人民政府 (文章来源: 司法局)", "天津市静海区")
    '天津市静海区司法局'
    >>> _header_publisher("儋州市人民政府 (发文机关: 儋州市政府办公室; 索引号 1)", "儋州市")
    '儋州市人民政府办公室'
    >>> _header_publisher("中共海南省委、海南省人民政府 (海南省人民政府网)", "海南省")
    '海南省人民政府'
    """
    m = _NOTE.search(pub)
    main = re.sub(r"\s*[(（].*$", "", pub).strip()
    if m and not _MEDIA.search(m.group(1)):
        return _with_place(m.group(1), place)
    site = re.search(r"[(（]([\u4e00-\u9fff]{2,30}?(?:人民政府|政府|局|厅|委员会))网[)）]", pub)
    if site:
        return site.group(1)  # the site's owner posted it
    return main


def _with_place(name: str, place: str | None) -> str:
    """A bare or abbreviated body given the report's place: 司法局 → 天津市静海区司法局, 市人大常委会 → 三亚市…."""
    name = name.replace("政府办公室", "人民政府办公室").replace("人民人民", "人民")
    if not place or name.startswith(place) or division_table().names_any(name[:3]):
        return name
    return place + re.sub(r"^[省市区县]", "", name)


def _clean(value: str) -> str:
    """Drop a curator's remarks around a header value: '[…] 标题 (note)' → '标题'."""
    v = re.sub(r"^\s*\[[^\]]*\]\s*", "", value)
    v = re.sub(r"\s+[(（][^)）]*[)）]\s*$", "", v)
    return v.strip()
