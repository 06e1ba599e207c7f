"""Sections: the hierarchy, broken numbering, preamble and closing parts."""

from __future__ import annotations

from govgraph.sections import split_sections


def test_haikou_tree(haikou):
    paths = [s.path for s in haikou.sections]
    assert paths[0] == "preamble" and paths[-2:] == ["closing.problems", "closing.next"]
    assert paths.count("一") == 1 and "二.(八)" in paths and "三.(六)" in paths
    # ")依法依规公开政府信息" lost its numeral and still is 五.(三)
    broken = next(s for s in haikou.sections if s.path == "五.(三)")
    assert broken.title == "依法依规公开政府信息"
    assert [s.level for s in haikou.sections if s.path in ("一", "一.(一)")] == [1, 2]


def test_spans_cover_their_text(haikou, haikou_text):
    s = next(s for s in haikou.sections if s.path == "二.(四)")
    assert haikou_text[s.start : s.end].startswith("(四)着力提升公共法律服务水平")
    assert "5426件" in haikou_text[s.start : s.end]


def test_all_levels_full_and_half_width():
    text = (
        "前言。\n一、总体\n（一）第一项。正文\n1.细项。正文\n（1）更细。正文\n①最细。正文\n"
        "(二)第二项\n2、另一\n二）第三项缺括号\n"
    )
    secs = split_sections(text)
    assert [s.path for s in secs] == [
        "preamble",
        "一",
        "一.(一)",
        "一.(一).1",
        "一.(一).1.(1)",
        "一.(一).1.(1).①",
        "一.(二)",
        "一.(二).1",
        "一.(三)",
    ]
    assert [s.title for s in secs][1:4] == ["总体", "第一项", "细项"]


def test_skipped_number_gets_the_number_it_should_have():
    secs = split_sections("一、甲\n正文\n三、乙\n正文\n")
    assert [s.path for s in secs] == ["一", "二"]


def test_work_report_closing_and_notes():
    text = "各位代表：\n一、回顾\n正文。\n二、2026年工作任务\n正文。\n各位代表，让我们团结奋斗！\n注释\n［1］两新：说明。\n"
    secs = split_sections(text)
    assert [s.path for s in secs] == ["preamble", "一", "二", "closing", "endnotes"]
    assert secs[2].type == "plan"


def test_appendices_restart_their_numbering_and_glossaries_are_notes():
    text = (
        "各位代表：\n一、回顾\n正文。\n二、2026年工作安排\n正文。\n各位代表，奋斗！\n"
        "附件1\n十件民生实事\n一、提高低保标准\n正文。\n二、建设养老服务\n正文。\n附件2\n名词解释\n1.“双一流”：说明。\n"
    )
    secs = split_sections(text)
    assert [s.path for s in secs] == [
        "preamble",
        "一",
        "二",
        "closing",
        "附件1",
        "附件1.一",
        "附件1.二",
        "附件2",
        "endnotes",
    ]
    assert secs[5].title == "提高低保标准" and secs[-1].type == "notes"
