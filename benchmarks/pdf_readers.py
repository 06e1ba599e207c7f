"""Compare pypdf, pdfplumber and PyMuPDF on Chinese PDFs of the Haikou report (docs/decisions.md).

Makes two PDFs of data/reports/haikou-2022-fazhi.txt, each page with a running header (the report's
title, which is also the body's first line) and a centred page number: one drawn by reportlab
(a CID font, left-aligned lines), one by LibreOffice from a .docx (an embedded subset font, justified
lines, as Word users publish; skipped without LibreOffice). For each library it reports the time,
where the header and page number come in each page's plain text (reading order), spaces put between
Chinese characters and digits, and the end result: each library's lines, with their positions, laid out
by govgraph.read.layout, and extracted; entities and observations compared with the text's.

    python benchmarks/pdf_readers.py          # needs pypdf, pymupdf (not govgraph dependencies)
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE.parent / "tests")]

from docgen import libreoffice_pdf, paragraphs, soffice, write_docx, write_pdf  # noqa: E402

from govgraph import extract_report  # noqa: E402
from govgraph.read import read_bytes  # noqa: E402
from govgraph.read.layout import Line, Page, page_text  # noqa: E402

HAIKOU = HERE.parent / "data" / "reports" / "haikou-2022-fazhi.txt"


def plumber_pages(path: Path) -> tuple[list[str], list[Page]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        plain = [p.extract_text() for p in pdf.pages]
        pages = [
            Page(
                float(p.width),
                float(p.height),
                tuple(Line(ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"]) for ln in p.extract_text_lines()),
            )
            for p in pdf.pages
        ]
    return plain, pages


def mupdf_pages(path: Path) -> tuple[list[str], list[Page]]:
    import pymupdf

    doc = pymupdf.open(path)
    plain = [p.get_text() for p in doc]
    pages = []
    for p in doc:
        lines = []
        for block in p.get_text("dict", sort=True)["blocks"]:
            for ln in block.get("lines", []):
                text = "".join(span["text"] for span in ln["spans"])
                x0, y0, x1, y1 = ln["bbox"]
                lines.append(Line(text, x0, x1, y0, y1))
        pages.append(Page(p.rect.width, p.rect.height, tuple(lines)))
    return plain, pages


def pypdf_pages(path: Path) -> tuple[list[str], list[Page]]:
    """pypdf has no line boxes: text pieces with their text matrix, grouped by baseline into lines."""
    import pypdf

    reader = pypdf.PdfReader(path)
    plain = [p.extract_text() for p in reader.pages]
    pages = []
    for p in reader.pages:
        height = float(p.mediabox.height)
        pieces: list[tuple[float, float, str, float]] = []

        def visit(text, cm, tm, font, size, pieces=pieces, height=height):
            if text.strip():
                sx = tm[0] * cm[0]
                pieces.append((round(height - (tm[5] * cm[3] + cm[5]), 1), tm[4] * cm[0] + cm[4], text, size * sx))

        p.extract_text(visitor_text=visit)
        rows: dict[float, list[tuple[float, str, float]]] = {}
        for y, x, text, size in pieces:
            rows.setdefault(y, []).append((x, text, size))
        lines = []
        for y in sorted(rows):
            parts = sorted(rows[y])
            text = "".join(t for _, t, _ in parts).replace("\n", "")
            size = max(s for _, _, s in parts) or 10
            x0 = parts[0][0]
            lines.append(Line(text, x0, x0 + len(text) * size, y - size, y))  # width guessed: 1 em a character
        pages.append(Page(float(p.mediabox.width), height, tuple(lines)))
    return plain, pages


def key(x):
    return {(e.type, e.name) for e in x.entities}, Counter((o.measure, o.value, o.unit or "") for o in x.observations)


def main() -> None:
    text = HAIKOU.read_text(encoding="utf-8")
    base_e, base_o = key(extract_report(HAIKOU))
    tmp = Path(tempfile.mkdtemp())
    pdfs = {"reportlab": tmp / "rl.pdf"}
    write_pdf(pdfs["reportlab"], paragraphs(text))
    if soffice():
        write_docx(tmp / "lo.docx", paragraphs(text))
        pdfs["libreoffice"] = libreoffice_pdf(tmp / "lo.docx", tmp)
    for module in ("pypdf", "pdfplumber", "pymupdf"):  # imports are not timed
        try:
            __import__(module)
        except ImportError:
            pass
    for made, pdf in pdfs.items():
        print(f"== {made}")
        for name, reader in (("pypdf", pypdf_pages), ("pdfplumber", plumber_pages), ("pymupdf", mupdf_pages)):
            t = time.perf_counter()
            try:
                plain, pages = reader(pdf)
            except ImportError:
                print(f"{name:11} not installed")
                continue
            took = time.perf_counter() - t
            second = plain[1].strip().splitlines()
            order = f"page 2 starts {second[0][:12]!r}, ends {second[-1][-12:]!r}"
            spaced = len(re.findall(r"[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]", "".join(plain)))
            laid = page_text(pages)
            x = extract_report(read_bytes(laid.encode("utf-8"), "laid.txt"))
            ents, obs = key(x)
            print(
                f"{name:11} {took:5.2f}s  {order}; {spaced} spaces beside digits; after layout: "
                f"{len(base_e ^ ents)} entity and {sum(((base_o - obs) + (obs - base_o)).values())} observation differences"
            )


if __name__ == "__main__":
    main()
