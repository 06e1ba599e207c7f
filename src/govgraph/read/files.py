"""Read a report file into a :class:`~govgraph.model.Document`.

Handles UTF-8, GB18030/GBK and Big5 text (detected, never silently guessed wrong),
HTML pages (the body separated from navigation and scripts by trafilatura),
and the optional ``# key: value`` header of the shared corpus. Every problem
with the input raises :class:`InputError`, whose message is one line naming
the file and the problem.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..model import Document, ReportMeta
from .metadata import infer_metadata, merge_header
from .office import office_text
from .script import to_simplified

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
_HEADER_LINE = re.compile(r"^# ([A-Za-z_]+):[ \t]?(.*)$")
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<meta|<body|<div|<!--)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def max_bytes_default() -> int:
    """The size limit: ``GOVGRAPH_MAX_BYTES`` from the environment, else 20 MiB."""
    raw = os.environ.get("GOVGRAPH_MAX_BYTES", "")
    return int(raw) if raw.isdigit() else DEFAULT_MAX_BYTES


def read_report(path: str | os.PathLike[str], max_bytes: int | None = None) -> Document:
    """Read one report file: decode it, strip HTML and header, infer metadata.

    >>> doc = read_report("data/reports/haikou-2022-fazhi.txt")
    >>> doc.meta.place, doc.meta.adcode, doc.meta.year
    ('海口市', '460100', 2022)
    """
    p = Path(path)
    limit = max_bytes_default() if max_bytes is None else max_bytes
    try:
        if not p.exists():
            raise InputError(p, "no such file")
        if p.is_dir():
            raise InputError(p, "is a folder, not a report file")
        size = p.stat().st_size
    except OSError as e:  # a folder above it that cannot be read, a name too long …
        raise InputError(p, f"cannot be read ({e.strerror or e})") from None
    if size == 0:
        raise InputError(p, "the file is empty")
    if size > limit:
        raise InputError(
            p, f"the file is {size:,} bytes, over the limit of {limit:,} (set GOVGRAPH_MAX_BYTES or --max-bytes)"
        )
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(p, f"cannot be read ({e.strerror or e})") from None
    return read_bytes(raw, name=str(p))


def read_bytes(raw: bytes, name: str = "<bytes>") -> Document:
    """Decode and parse a report given as bytes; ``name`` is used in errors and as its path."""
    suffix = Path(name).suffix.lower()
    office = office_text(raw, name)  # PDF and Word files: their text, or None for a text or HTML file
    is_html = office is None and (suffix in HTML_SUFFIXES or bool(_HTML_SNIFF.match(raw[:512])))
    if office is not None:
        (body, fmt), html_meta, encoding = office, ReportMeta(), "unicode"  # the text layer is Unicode
    elif is_html:
        text, encoding = decode(raw, name, html=True)
        body, html_meta = _html_body(text, name)
        fmt = "html"
    else:
        text, encoding = decode(raw, name)
        body, html_meta, fmt = text, ReportMeta(), "txt"
    header, body = split_header(body)
    body = _clean_body(body)
    if not body.strip():
        raise InputError(name, "holds no report text")
    if not _has_cjk(body, 20):
        raise InputError(name, "holds no Chinese report text")
    inferred = infer_metadata(to_simplified(body))  # Traditional: inferred on a Simplified copy
    if html_meta.title:
        html_meta = replace(html_meta, title=to_simplified(html_meta.title))
    meta = merge_header({k: to_simplified(v) for k, v in header.items()}, _prefer(html_meta, inferred))
    return Document(text=body, meta=meta, path=name, encoding=encoding, fmt=fmt)


def decode(raw: bytes, name: str = "<bytes>", html: bool = False) -> tuple[str, str]:
    """Decode UTF-8, GB18030 or Big5 text; refuse binary data and undecodable bytes.

    >>> decode("海口市".encode("gbk"))
    ('海口市', 'gb18030')
    >>> decode("全年共辦理法律援助案件5426件".encode("big5"))
    ('全年共辦理法律援助案件5426件', 'big5')
    >>> decode("海口市".encode("utf-8"))
    ('海口市', 'utf-8')
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(name, "starts with a UTF-16 mark but does not decode as UTF-16") from None
    sample = raw[:65536]
    utf16 = _utf16_without_mark(raw)
    if utf16 is not None:
        return utf16
    if sample.count(b"\x00") > 0 or _control_ratio(sample) > 0.05:
        raise InputError(name, "is a binary file, not a text or HTML report")
    candidates = ["utf-8", "gb18030", "big5"]  # Big5: Traditional reports from Taiwan and Hong Kong
    if html:
        m = _META_CHARSET.search(raw[:4096])
        if m:
            declared = m.group(1).decode("ascii", "ignore").lower()
            if declared in {"gb2312", "gbk", "gb18030", "x-gbk"}:
                candidates = ["gb18030", "utf-8"]
            elif declared in {"big5", "big5-hkscs", "x-x-big5"}:
                candidates = ["big5", "utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc != "utf-8" and not _plausible_chinese(text):
            continue
        return text, enc
    guess = _charset_guess(raw)
    if guess:
        return guess
    for enc in candidates:
        text = raw.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(3, len(text) // 2000) and _plausible_chinese(text.replace("\ufffd", "")):
            return text, f"{enc} ({bad} undecodable byte sequence{'s' if bad != 1 else ''} replaced by U+FFFD)"
    raise InputError(name, "is neither UTF-8, GB18030/GBK nor Big5 text (cannot be decoded)")


def _utf16_without_mark(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 text that lacks a byte-order mark (Windows tools write it): zero bytes in every other
    place give it away for ASCII, and Chinese then decodes to plausible text in one byte order only.

    >>> _utf16_without_mark("海口市 2022".encode("utf-16-le"))
    ('海口市 2022', 'utf-16-le')
    >>> _utf16_without_mark(b"plain text") is None
    True
    """
    if len(raw) < 2 or len(raw) % 2 or b"\x00" not in raw[:4096]:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        if (
            "\x00" not in sample
            and _control_ratio(sample.encode("utf-8", "replace")) < 0.01
            and _plausible_chinese(sample)
        ):
            return text, enc
    return None


def _charset_guess(raw: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["big5", "utf_16", "gb18030", "hz"]).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    return (text, best.encoding) if _plausible_chinese(text) else None


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL))) / len(sample)


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CJK = re.compile("[\u4e00-\u9fff]")


def _has_cjk(text: str, n: int) -> bool:
    """Whether ``text`` has at least ``n`` Chinese characters (it stops at the n-th: a report's first line
    has them, and listing every character of a long report cost 3 ms).

    >>> _has_cjk("Annual report 2022: 海口市", 3), _has_cjk("Annual report 2022: 海口", 3)
    (True, False)
    """
    return any(True for i, _ in enumerate(_CJK.finditer(text), 1) if i >= n)


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes most byte strings; accept it only if the result reads as Chinese."""
    letters = [ch for ch in text if not ch.isascii()]
    if not letters:
        return True
    common = sum(
        1
        for ch in letters
        if "\u4e00" <= ch <= "\u9fa5" or unicodedata.category(ch).startswith("P") or ch in "　０１２３４５６７８９％"
    )
    private = sum(1 for ch in letters if unicodedata.category(ch) in ("Co", "Cn"))
    return common / len(letters) > 0.85 and private / len(letters) < 0.01


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split the optional ``# key: value`` lines (and one blank line) from the body.

    >>> split_header("# year: 2022\\n# place: 海口市\\n\\n正文")
    ({'year': '2022', 'place': '海口市'}, '正文')
    """
    lines = text.splitlines(keepends=True)
    header: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = _HEADER_LINE.match(lines[i].rstrip("\r\n"))
        if not m:
            break
        header[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if not header:
        return {}, text
    if i < len(lines) and not lines[i].strip():
        i += 1
    return header, "".join(lines[i:])


def _clean_body(text: str) -> str:
    """Unify line ends and drop a trailing run of blank lines; nothing else is altered."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _html_body(html: str, name: str) -> tuple[str, ReportMeta]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, favor_recall=True, include_comments=False, include_tables=True, with_metadata=True
        )
    except Exception as e:  # trafilatura raises assorted parser errors on broken pages
        raise InputError(name, f"the HTML page cannot be parsed ({type(e).__name__})") from None
    if isinstance(doc, dict):  # only with as_dict=True, which is not asked for here
        raise InputError(name, "the HTML page cannot be parsed (unexpected extraction result)")
    if doc is None or not (doc.text or "").strip():
        raise InputError(name, "the HTML page holds no report text")
    title = (doc.title or "").split("_")[0].split("|")[0].strip() or None
    body: str = doc.text or ""
    if title and title not in body[:200]:
        body = title + "\n" + body
    return body, ReportMeta(title=title, published=_stated_date(doc.date, html))


def _stated_date(date: str | None, html: str) -> str | None:
    """``date`` (YYYY-MM-DD, as trafilatura found it) if the page states that day; trafilatura makes up
    YEAR-01-01 from a bare year in the text, which is no publication date.

    >>> _stated_date("2022-01-01", "<p>2022年工作</p>"), _stated_date("2023-03-07", "发布时间：2023年3月7日")
    (None, '2023-03-07')
    """
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", date or "")
    if m is None:
        return None
    y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
    day = rf"{y}\s*(?:[-/.年]\s*0?{mo}\s*[-/.月]\s*0?{d}(?!\d)|{mo:02d}{d:02d})"
    return date if re.search(day, html) else None


def _prefer(first: ReportMeta, second: ReportMeta) -> ReportMeta:
    """Fields of ``first`` where set, else those of ``second``."""
    values = {k: v for k, v in first.__dict__.items() if v not in (None, "")}
    return replace(second, **values)
