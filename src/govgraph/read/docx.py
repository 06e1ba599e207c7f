"""Word reports (.docx): the body's paragraphs in order, and each table row as a line of its cells.

Read with python-docx. Headers, footers, footnotes and comments live in parts of their own and are not
read: a running header or page number never reaches the text. Each paragraph becomes a line; a table
row becomes one line with its cells separated by a tab (a cell merged across columns is given once).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ..errors import InputError
from .layout import join_lines


def is_docx(raw: bytes) -> bool:
    """Whether a zip file is a Word document (it holds ``word/document.xml``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def docx_text(raw: bytes, name: str) -> str:
    """The report text of a .docx given as bytes."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as e:  # python-docx raises assorted errors (KeyError, lxml, zip) on broken files
        raise InputError(name, f"the Word file cannot be read ({type(e).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_paragraph(block))
        elif isinstance(block, Table):
            lines.extend(_table(block))
    text = "\n".join(ln for ln in lines if ln.strip())
    if not text.strip():
        raise InputError(name, "the Word file holds no text")
    return text


def _paragraph(p: Any) -> str:
    """A paragraph's text; a manual line break inside it is joined as the PDF layout joins lines."""
    parts = [s.strip() for s in str(p.text).split("\n") if s.strip()]
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = join_lines(text, part)
    return text


def _table(table: Any) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats for every column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return rows
