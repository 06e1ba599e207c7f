"""PDF reports: the text layer read with pdfplumber, then laid out as report text by :mod:`.layout`.

pdfplumber (pdfminer.six underneath) was chosen over pypdf and PyMuPDF: see docs/decisions.md. A PDF
whose pages have no text layer (a scan) is refused in one line; there is no OCR.
"""

from __future__ import annotations

import io
import logging
import re

from ..errors import InputError
from .layout import Line, Page, page_text

_UNMAPPED = re.compile(r"\(cid:\d+\)")


def pdf_text(raw: bytes, name: str) -> str:
    """The report text of a PDF given as bytes; :class:`InputError` if it has none."""
    pages = pdf_pages(raw, name)
    text = page_text(pages)
    if not any(p.lines for p in pages) or not text.strip():
        raise InputError(name, "the PDF has no text layer (a scan?); OCR is not supported")
    unmapped = sum(len(m) for m in _UNMAPPED.findall(text))
    if unmapped > len(text) / 4:  # pdfminer writes (cid:123) for a glyph its font maps to no character
        raise InputError(
            name, "the PDF's fonts map their glyphs to no characters, so it has no usable text; OCR is not supported"
        )
    return _UNMAPPED.sub("\ufffd", text)


def pdf_pages(raw: bytes, name: str) -> list[Page]:
    """Every page's text lines, top to bottom, as pdfplumber groups the characters."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns of every odd font on stderr
    try:
        pages = []
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for page in pdf.pages:
                lines = tuple(
                    Line(ln["text"], float(ln["x0"]), float(ln["x1"]), float(ln["top"]), float(ln["bottom"]))
                    for ln in page.extract_text_lines(strip=True, return_chars=False)
                )
                pages.append(Page(float(page.width), float(page.height), lines))
                page.close()  # its parsed objects: a long report would hold every page's otherwise
        return pages
    except PDFSyntaxError:
        raise InputError(name, "is not a readable PDF (damaged or cut short)") from None
    except Exception as e:  # pdfminer raises assorted errors on broken or encrypted files
        if "password" in repr(e).lower() or "encrypt" in repr(e).lower():
            raise InputError(name, "the PDF is encrypted; save an unprotected copy") from None
        raise InputError(name, f"the PDF cannot be read ({type(e).__name__})") from None
