"""The inputs users have: PDF, Word, Traditional Chinese (UTF-8 and Big5), HTML and GBK versions of one
report extract to the same entities and observations as its text; running headers, footers and page
numbers never reach the text; a scan is refused in one line; folders yield PDF and Word files too."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import pytest
from conftest import HAIKOU
from docgen import HEADER, libreoffice_pdf, paragraphs, soffice, write_docx, write_encrypted, write_pdf, write_scan

from govgraph import InputError, extract_report, report_files
from govgraph.read import read_report

pytest.importorskip("reportlab")
# the one difference a PDF may show: the text has a stray space before a closing quote (进单位 ”活动),
# and the PDF reader drops spaces beside Chinese characters, which the layout puts there by the dozen
PDF_SPACE = (
    "“进机关、进乡村、进社区、进学校、进企业、进单位 ”活动",
    "“进机关、进乡村、进社区、进学校、进企业、进单位”活动",
)


def _traditional(text: str, config: str) -> str:
    import opencc

    return opencc.OpenCC(config).convert(text)


def _html(text: str) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs(text)[1:])
    title = paragraphs(text)[1]
    page = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_海口市司法局</title>'
        '<script>var nav = "首页";</script></head><body><div class="nav"><a href="/">首页</a></div>'
        f'<div class="article"><div class="content">{body}</div></div>'
        '<div class="footer">版权所有 联系我们</div></body></html>'
    )
    return page.encode("utf-8")


def _plain(text: str) -> str:  # GBK and Big5 have no no-break or en spaces
    return text.replace("\xa0", " ").replace("\u2002", " ")


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("versions")
    text = HAIKOU.read_text(encoding="utf-8")
    paras = paragraphs(text)
    out = {"pdf": d / "haikou.pdf", "docx": d / "haikou.docx"}
    assert write_pdf(out["pdf"], paras) >= 4
    write_docx(out["docx"], paras)
    (d / "trad.txt").write_text(_traditional(text, "s2t"), encoding="utf-8")
    # Big5 is the Taiwan and Hong Kong encoding: Taiwan's standard characters (為, 眾, 著), which it holds
    (d / "big5.txt").write_bytes(_traditional(_plain(text), "s2tw").replace("—", "－").encode("big5"))
    (d / "page.html").write_bytes(_html(text))
    (d / "gbk.txt").write_bytes(_plain(text).encode("gbk"))
    out |= {"traditional": d / "trad.txt", "big5": d / "big5.txt", "html": d / "page.html", "gbk": d / "gbk.txt"}
    return out


def _entities(x) -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in x.entities}


def _observations(x) -> Counter[tuple[str, float, str]]:
    return Counter((o.measure, o.value, o.unit or "") for o in x.observations)


@pytest.fixture(scope="module")
def baseline():
    return extract_report(HAIKOU)


@pytest.mark.parametrize("version", ["pdf", "docx", "traditional", "big5", "html", "gbk"])
def test_every_version_extracts_like_the_text(versions, baseline, version):
    x = extract_report(versions[version])
    assert x.report_id == baseline.report_id == "report/460100-2022-fazhi"
    assert x.document.meta.place == "海口市" and x.document.meta.year == 2022
    assert _entities(x) == _entities(baseline)
    got, want = _observations(x), _observations(baseline)
    if version == "pdf":
        missing, extra = want - got, got - want
        assert [m for m, _, _ in missing] == [PDF_SPACE[0]] and [m for m, _, _ in extra] == [PDF_SPACE[1]]
    else:
        assert got == want, (want - got, got - want)


def test_pdf_made_by_libreoffice_extracts_like_the_text(tmp_path, baseline):
    if soffice() is None:
        pytest.skip("LibreOffice is absent (Debian: libreoffice-writer-nogui)")
    docx = tmp_path / "haikou-lo.docx"
    write_docx(docx, paragraphs(HAIKOU.read_text(encoding="utf-8")))
    x = extract_report(libreoffice_pdf(docx, tmp_path))
    assert x.report_id == baseline.report_id and _entities(x) == _entities(baseline)
    got, want = _observations(x), _observations(baseline)
    assert [m for m, _, _ in want - got] == [PDF_SPACE[0]] and [m for m, _, _ in got - want] == [PDF_SPACE[1]]


def test_pdf_text_has_no_running_header_footer_or_page_number_and_whole_paragraphs(versions):
    doc = read_report(versions["pdf"])
    assert doc.fmt == "pdf"
    assert doc.text.count(HEADER) == 1 and doc.text.splitlines()[1] == HEADER  # the title line, not the header
    assert "— 2 —" not in doc.text and "—" not in "".join(doc.text.splitlines()[-2:])
    lines = doc.text.splitlines()
    for p in paragraphs(HAIKOU.read_text(encoding="utf-8")):
        squeezed = "".join(p.split())
        assert any("".join(ln.split()) == squeezed.replace("\u2002", "") for ln in lines), p[:30]


def test_docx_is_read_in_order_with_tables_as_rows(tmp_path):
    f = tmp_path / "t.docx"
    paras = paragraphs(HAIKOU.read_text(encoding="utf-8"))
    write_docx(f, paras, table=[["指标", "2022年"], ["法律援助案件", "5426件"]])
    doc = read_report(f)
    assert doc.fmt == "docx" and HEADER not in doc.text.splitlines()[0] and "— " not in doc.text
    lines = doc.text.splitlines()
    at = lines.index("法律援助案件\t5426件")
    assert lines[at - 1] == "指标\t2022年" and lines[at - 2] == paras[5] and lines[at + 1] == paras[6]


def test_a_scan_is_refused_in_one_line(tmp_path):
    f = tmp_path / "scan.pdf"
    write_scan(f)
    with pytest.raises(InputError) as e:
        read_report(f)
    assert str(e.value) == f"{f}: the PDF has no text layer (a scan?); OCR is not supported"


def test_other_office_files_are_refused_in_one_line(tmp_path):
    import zipfile

    z = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(z, "w") as out:
        out.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="other than .docx"):
        read_report(z)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(InputError) as e:
        read_report(broken)
    assert str(e.value).startswith(str(broken)) and "\n" not in str(e.value)


def test_traditional_text_is_kept_and_quoted(versions, baseline):
    x = extract_report(versions["traditional"])
    original = _traditional(HAIKOU.read_text(encoding="utf-8"), "s2t")
    assert x.document.text == original and "建設情況報告" in x.document.text
    for e in x.entities:
        for m in e.mentions:
            assert m.text == original[m.start : m.end]
    assert any(m.text == "海口市司法局" for e in x.entities for m in e.mentions)
    assert any("辦理" in o.text for o in x.observations)
    assert all(o.text == original[o.start : o.end] for o in x.observations)
    titles = {s.title for s in x.sections}
    assert "依法履行政府職能,提升政府依法行政水平" in titles


BEIJING_DISTRICT = """北京市东城区人民政府关于2023年法治政府建设情况的报告

2023年，在市委、市政府和区委的坚强领导下，东城区人民政府深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，法治政府建设取得新成效。

一、依法全面履行政府职能

（一）深化“放管服”改革。区政务服务中心全年办理政务服务事项126万件，“一网通办”率达98.5%。区司法局审核区政府合同215件，提出法律意见860条。

二、严格规范公正文明执法

区城市管理委员会开展执法检查3200次，立案查处违法行为456件，罚款金额1280万元。区市场监督管理局受理投诉举报2.3万件，办结率100%。
"""


@pytest.mark.parametrize("config, encoding", [("s2t", "utf-8"), ("s2tw", "big5"), ("s2hk", "utf-8")])
def test_a_traditional_district_report_stays_its_district(tmp_path, config, encoding):
    simple = tmp_path / "s.txt"
    simple.write_text(BEIJING_DISTRICT, encoding="utf-8")
    trad = tmp_path / "t.txt"
    trad.write_bytes(_traditional(BEIJING_DISTRICT, config).encode(encoding))
    a, b = extract_report(simple), extract_report(trad)
    assert b.document.text.startswith("北京市東城區人民政府")
    assert (b.document.meta.place, b.document.meta.adcode, b.document.meta.level) == (
        "北京市东城区",
        "110101",
        "district",
    )  # a district with its municipality (issue 11)
    assert b.report_id == a.report_id == "report/110101-2023-fazhi"
    assert _entities(a) == _entities(b) and _observations(a) == _observations(b)


def test_folders_yield_pdf_and_docx(tmp_path, versions):
    for name in ("pdf", "docx"):
        (tmp_path / versions[name].name).write_bytes(versions[name].read_bytes())
    (tmp_path / "README.md").write_text("notes")
    assert [p.name for p in report_files([tmp_path])] == ["haikou.docx", "haikou.pdf"]


def _ingest(*args: str):
    import os

    from click.testing import CliRunner
    from conftest import ROOT

    from govgraph.cli import main

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        return CliRunner().invoke(main, ["ingest", *args], catch_exceptions=False)
    finally:
        os.chdir(here)


def test_ingest_says_which_report_each_file_became_and_what_it_replaced(tmp_path, versions):
    store = str(tmp_path / "s")
    r = _ingest(str(versions["big5"]), "--store", store)
    assert r.exit_code == 0 and f"{versions['big5']} → 460100-2022-fazhi\n" in r.stdout
    r = _ingest(str(HAIKOU), "--store", store, "--jobs", "1")
    assert r.exit_code == 0, r.stderr
    assert f"{HAIKOU} → 460100-2022-fazhi (replaces report 460100-2022-fazhi)\n" in r.stdout
    assert "store holds 1 report graph(s)" in r.stdout


def test_two_files_of_one_report_id_are_both_refused_unless_the_same_text(tmp_path, versions):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(HAIKOU.read_bytes())
    (folder / "b.pdf").write_bytes(versions["pdf"].read_bytes())
    r = _ingest(str(folder), "--store", str(tmp_path / "s"), "--jobs", "2")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1, r.stderr
    assert f"{folder / 'a.txt'}, {folder / 'b.pdf'}: both map to report 460100-2022-fazhi" in r.stderr
    assert "ingested 0 report(s)" in r.stdout and "→" not in r.stdout
    (folder / "b.pdf").unlink()
    (folder / "c.txt").write_bytes(HAIKOU.read_bytes())
    r = _ingest(str(folder), "--store", str(tmp_path / "s"), "--jobs", "1")
    assert r.exit_code == 0, r.stderr
    assert f"{folder / 'c.txt'} → 460100-2022-fazhi (the same text as {folder / 'a.txt'})" in r.stdout


def test_a_folder_ingest_lists_every_file_it_skips(tmp_path, versions):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "haikou.docx").write_bytes(versions["docx"].read_bytes())
    (folder / "README.md").write_text("# notes\n")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / "sub" / "~$haikou.docx").write_bytes(b"\x05user\x00" * 20)  # Word's lock file beside an open document
    r = _ingest(str(folder), "--store", str(tmp_path / "s"))
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"govgraph: skipped {folder / 'README.md'}: a .md file is taken for notes, not a report (give it by name to ingest it)",
        f"govgraph: skipped {folder / 'old.doc'}: a .doc file is not read; save it as .docx or PDF",
        f"govgraph: skipped {folder / 'photo.png'}: not a report file type (.png): text, HTML, PDF or .docx",
        f"govgraph: skipped {folder / 'sub' / '~$haikou.docx'}: a Word lock file (its document is open in Word), not a report",
    ]
    assert f"{folder / 'sub' / 'haikou.docx'} → 460100-2022-fazhi" in r.stdout


def test_a_big5_html_page_and_a_traditional_header_are_read_as_simplified_metadata(tmp_path, baseline):
    page = _html(_plain(HAIKOU.read_text(encoding="utf-8"))).decode("utf-8").replace("utf-8", "big5")
    page = _traditional(page, "s2tw").replace("—", "－")  # the whole page, navigation and title too
    f = tmp_path / "page.html"
    f.write_bytes(page.encode("big5"))
    x = extract_report(f)
    assert x.document.encoding == "big5" and "建設情況報告" in x.document.text
    assert x.document.meta.title == HEADER and x.report_id == baseline.report_id
    assert _entities(x) == _entities(baseline)
    h = tmp_path / "h.txt"
    h.write_text("# place: 北京市東城區\n# year: 2023\n\n" + _traditional(BEIJING_DISTRICT, "s2t"), encoding="utf-8")
    assert read_report(h).meta.adcode == "110101"


def test_big5_decodes_where_the_charset_guess_gives_up(tmp_path, corpus):
    # charset-normalizer finds no answer for this one; Big5 is tried in its own right
    src = (corpus / "work-national" / "national-1982-work.txt").read_text(encoding="utf-8")
    f = tmp_path / "1982-big5.txt"
    f.write_bytes(_traditional(src, "s2tw").encode("big5", errors="replace"))
    doc = read_report(f)
    assert doc.encoding == "big5" and doc.meta.year == 1981 and doc.meta.level == "national"


def test_an_encrypted_pdf_or_one_without_character_maps_is_refused_in_one_line(tmp_path):
    locked = tmp_path / "locked.pdf"
    write_encrypted(locked, "secret")
    with pytest.raises(InputError) as e:
        read_report(locked)
    assert str(e.value) == f"{locked}: the PDF is encrypted; save an unprotected copy"
    # encrypted for permissions only: pdfminer cannot map this (unembedded) font's glyphs to characters
    # then, and says (cid:123) for each; a known limit, refused rather than read as noise
    unmapped = tmp_path / "unmapped.pdf"
    write_encrypted(unmapped, "")
    with pytest.raises(InputError, match="map their glyphs to no characters"):
        read_report(unmapped)


def _page(*lines: tuple[str, float, float, float]) -> object:
    from govgraph.read.layout import Line, Page

    return Page(600, 800, tuple(Line(t, x0, x1, top, top + 12) for t, x0, x1, top in lines))


def test_layout_rules_on_lines():
    from govgraph.read.layout import page_text

    pages = [
        _page(
            ("海口市司法局 2022年报告 第1页", 200, 400, 30),  # running header with a page number in it
            ("标题", 280, 320, 100),
            ("一、总体情况", 72, 150, 130),
            ("全年共办理法律援助案件5426件，接待群众来电来访法律咨询6.22万人次，为受援", 96, 528, 160),
            ("人挽回经济损失5817.5万元。Internet", 72, 530, 180),
            ("Plus 政务服务平台上线运行，实现事项网上办理，全市通报4次，不断提升服务水平", 72, 529, 200),
            ("— 1 —", 290, 310, 760),
        ),
        _page(
            ("海口市司法局 2022年报告 第2页", 200, 400, 30),
            ("和质量，群众满意率达98%。", 72, 250, 100),  # the paragraph goes on across the page break
            ("二、下一步打算", 72, 160, 130),
            ("2", 296, 304, 770),  # a bare page number
        ),
    ]
    assert page_text(pages).splitlines() == [  # type: ignore[arg-type]
        "标题",
        "一、总体情况",
        "全年共办理法律援助案件5426件，接待群众来电来访法律咨询6.22万人次，为受援人挽回经济损失5817.5万元。"
        "Internet Plus政务服务平台上线运行，实现事项网上办理，全市通报4次，不断提升服务水平和质量，群众满意率达98%。",
        "二、下一步打算",
    ]
