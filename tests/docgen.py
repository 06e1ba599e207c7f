"""Report fixtures the tests make at run time: PDF (reportlab, with a CJK font that needs no font file),
Word .docx (python-docx), PDF through LibreOffice (when installed), and a scan with no text layer.

Every page of the PDFs carries a running header (the report's title, which is also the first line of
the body) and a centred page number in the footer, as published reports do; paragraphs are indented
two characters, and lines break wherever the width runs out, page breaks included.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

HEADER = "海口市人民政府2022年法治政府建设情况报告"


def paragraphs(text: str) -> list[str]:
    return [p for p in text.splitlines() if p.strip()]


def write_pdf(path: Path, paras: list[str], header: str = HEADER) -> int:
    """A multi-page PDF of the paragraphs; returns its page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    left, right, top, bottom, size, lead = 72, width - 72, height - 90, 80, 12, 20
    c = canvas.Canvas(str(path), pagesize=A4)
    page = 1

    def furniture() -> None:
        c.setFont(font, 9)
        c.drawCentredString(width / 2, height - 50, header)
        c.line(left, height - 56, right, height - 56)
        c.drawCentredString(width / 2, 40, f"— {page} —")

    def wrap(s: str, indent: float) -> list[str]:
        lines, cur, room = [], "", right - left - indent
        for ch in s:
            if pdfmetrics.stringWidth(cur + ch, font, size) > room:
                lines.append(cur)
                cur, room = "", right - left
            cur += ch
        return [*lines, cur] if cur else lines

    furniture()
    y = top
    # leading spaces are left out: reportlab's metrics give this font's space another width than it draws
    for i, p in enumerate(p.strip() for p in paras):
        indent = 0 if i < 3 else 2 * size  # the opening lines (navigation, title, date) are not indented
        for j, line in enumerate(wrap(p, indent)):
            if y < bottom:
                c.showPage()
                page += 1
                furniture()
                y = top
            c.setFont(font, size)
            c.drawString(left + (indent if j == 0 else 0), y, line)
            y -= lead
        y -= 6
    c.showPage()
    c.save()
    return page


def write_scan(path: Path) -> None:
    """A PDF of two pages with only drawings on them, as a scanner makes (no text layer)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        for k in range(40):
            c.rect(72, 700 - k * 15, 400, 8, fill=1)
        c.showPage()
    c.save()


def write_docx(path: Path, paras: list[str], header: str = HEADER, table: list[list[str]] | None = None) -> None:
    """A .docx of the paragraphs, justified and indented, with a running header and a PAGE field footer."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = Document()
    normal = d.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    section = d.sections[0]
    section.header.paragraphs[0].text = header
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("— ")
    for kind, value in (("begin", None), ("instr", "PAGE"), ("end", None)):
        run = foot.add_run()
        if value:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = value
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    foot.add_run(" —")
    for i, p in enumerate(paras):
        par = d.add_paragraph(p)
        if i == 1:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif i >= 3:
            par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            par.paragraph_format.first_line_indent = Pt(28)
        if table and i == 5:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for k, cell in enumerate(row):
                    t.cell(r, k).text = cell
    d.save(str(path))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_pdf(docx: Path, outdir: Path) -> Path:
    """The .docx converted to PDF by LibreOffice (Debian: libreoffice-writer-nogui), as Word users publish."""
    exe = soffice()
    assert exe is not None
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (docx.stem + ".pdf")


def write_encrypted(path: Path, user_password: str) -> None:
    """A one-page PDF, encrypted: with a user password it cannot be opened without one."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(user_password, ownerPassword="owner"))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 600, HEADER + "全年共办理法律援助案件5426件，接待群众来电来访法律咨询6.22万人次")
    c.showPage()
    c.save()
