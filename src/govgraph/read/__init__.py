"""Reading: a report file (or bytes) to its text and metadata, as a :class:`~govgraph.model.Document`.

Text in UTF-8 or GB18030/GBK, HTML pages (the article separated from navigation and scripts), the
optional ``# key: value`` header of the shared corpus; metadata inferred from the body.
"""

from __future__ import annotations

from .files import HTML_SUFFIXES, TEXT_SUFFIXES, decode, max_bytes_default, read_bytes, read_report, split_header

__all__ = ["HTML_SUFFIXES", "TEXT_SUFFIXES", "decode", "max_bytes_default", "read_bytes", "read_report", "split_header"]
