"""PDF and Word files, told apart from text by their first bytes, and read by :mod:`.pdf` and :mod:`.docx`."""

from __future__ import annotations

from ..errors import InputError

DOCUMENT_SUFFIXES = {".pdf", ".docx"}


def office_text(raw: bytes, name: str) -> tuple[str, str] | None:
    """``(text, fmt)`` of a PDF (``"pdf"``) or .docx (``"docx"``) file; None for anything else, which is
    read as text or HTML. Other zip and Office files are refused in one line."""
    if raw.startswith(b"%PDF"):
        from .pdf import pdf_text

        return pdf_text(raw, name), "pdf"
    if raw.startswith(b"PK\x03\x04"):
        from .docx import docx_text, is_docx

        if is_docx(raw):
            return docx_text(raw, name), "docx"
        raise InputError(name, "is a zip or Office file other than .docx, not a report (save it as .docx or PDF)")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(name, "is an old Word (.doc) or Office file; save it as .docx or PDF")
    return None
