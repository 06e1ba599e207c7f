"""Reading: encodings, HTML, the header, metadata inference and bad input."""

from __future__ import annotations

import html
import json

import pytest
from conftest import HAIKOU

from govgraph import InputError, extract_report, to_json
from govgraph.read import read_report


def test_haikou_metadata_from_body_alone():
    m = read_report(HAIKOU).meta
    assert (m.title, m.place, m.adcode, m.level, m.year, m.publisher, m.published) == (
        "海口市人民政府2022年法治政府建设情况报告",
        "海口市",
        "460100",
        "city",
        2022,
        "海口市司法局",
        "2023-03-31",
    )


def _same(a, b) -> bool:
    return json.dumps(to_json(a), ensure_ascii=False) == json.dumps(to_json(b), ensure_ascii=False)


def test_gb18030_copy_extracts_exactly_like_utf8(tmp_path, haikou_text):
    f = tmp_path / "haikou-gb18030.txt"
    f.write_bytes(haikou_text.encode("gb18030"))
    doc = read_report(f)
    assert doc.encoding == "gb18030" and doc.text == haikou_text
    assert _same(extract_report(HAIKOU), extract_report(doc))


def test_gbk_copy_extracts_exactly_like_utf8(tmp_path, haikou_text):
    # GBK has no no-break or en spaces; a GBK page carries plain spaces there
    text = haikou_text.replace("\xa0", " ").replace("\u2002", " ")
    utf8, gbk = tmp_path / "u.txt", tmp_path / "g.txt"
    utf8.write_text(text, encoding="utf-8")
    gbk.write_bytes(text.encode("gbk"))
    assert _same(extract_report(utf8), extract_report(gbk))


def test_html_page_body_without_navigation_or_scripts(tmp_path, haikou_text):
    paras = [p for p in haikou_text.splitlines()[3:] if p.strip()][:-3]
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
    page = (
        '<!DOCTYPE html><html><head><meta charset="gbk"><title>海口市人民政府2022年法治政府建设情况报告_海口市司法局</title>'
        '<script>var nav = "首页 信息公开 机构设置";</script></head><body>'
        '<div class="nav"><a href="/">首页</a> &gt;&gt; <a>信息公开</a></div>'
        '<ul><li><a href="/a">机构设置</a></li><li><a href="/b">政策法规</a></li></ul>'
        '<div class="article"><h1>海口市人民政府2022年法治政府建设情况报告</h1>'
        '<div class="info">发布时间：2023-03-31 来源：海口市司法局</div>'
        f'<div class="content">{body}</div></div><div class="footer">版权所有 联系我们</div></body></html>'
    )
    f = tmp_path / "page.html"
    f.write_bytes(page.encode("gbk", errors="replace"))
    doc = read_report(f)
    assert doc.fmt == "html"
    assert "var nav" not in doc.text and "版权所有" not in doc.text
    assert "全年共办理法律援助案件5426件" in doc.text
    assert doc.meta.place == "海口市" and doc.meta.year == 2022 and doc.meta.published == "2023-03-31"
    paths = [s["path"] for s in to_json(extract_report(doc))["sections"]]
    assert "二.(四)" in paths and "五.(三)" in paths


def test_header_values_take_precedence(tmp_path, haikou_text):
    f = tmp_path / "h.txt"
    f.write_text(
        "# title: 另一个标题\n# place: 海南省海口市\n# year: 2021\n# publisher: 海口市人民政府 (来源: 海口市司法局)\n\n"
        + haikou_text,
        encoding="utf-8",
    )
    doc = read_report(f)
    assert doc.meta.title == "另一个标题" and doc.meta.year == 2021 and doc.meta.publisher == "海口市司法局"
    assert doc.text == haikou_text


def test_work_report_header_year_is_the_year_delivered(corpus):
    doc = read_report(corpus / "work-province" / "hainan-2026-work.txt")
    assert doc.meta.year == 2025 and doc.meta.level == "province" and doc.meta.adcode == "460000"


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, "binary"),
        (b"%PDF-1.4 ....", "PDF"),
        (b"hello world, no Chinese here at all " * 10, "no Chinese"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path, content, problem):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_report(f)
    assert str(e.value).startswith(str(f)) and problem in str(e.value) and "\n" not in str(e.value)


def test_size_limit(tmp_path, haikou_text):
    f = tmp_path / "big.txt"
    f.write_text(haikou_text, encoding="utf-8")
    with pytest.raises(InputError, match="over the limit"):
        read_report(f, max_bytes=1000)


def test_a_stray_bad_byte_is_replaced_and_reported(tmp_path, haikou_text):
    f = tmp_path / "stray.txt"
    text = haikou_text.replace("\xa0", " ").replace("\u2002", " ")
    f.write_bytes(text.encode("gbk") + b"\x81\x20\n")
    doc = read_report(f)
    assert doc.encoding.startswith("gb18030 (1 undecodable")
    assert doc.text.startswith(text[:100]) and doc.meta.adcode == "460100"
