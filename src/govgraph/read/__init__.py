"""Reading: a report file (or bytes) to its text and metadata, as a :class:`~govgraph.model.Document`.

Text in UTF-8, GB18030/GBK or Big5, HTML pages (the article separated from navigation and scripts),
PDF (text layer, running headers and page numbers dropped) and Word .docx files, the optional
``# key: value`` header of the shared corpus; metadata inferred from the body (from a Simplified copy
when the report is in Traditional characters).
"""

from __future__ import annotations

from .files import HTML_SUFFIXES, TEXT_SUFFIXES, decode, max_bytes_default, read_bytes, read_report, split_header
from .office import DOCUMENT_SUFFIXES

__all__ = [
    "DOCUMENT_SUFFIXES",
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "decode",
    "max_bytes_default",
    "read_bytes",
    "read_report",
    "split_header",
]
