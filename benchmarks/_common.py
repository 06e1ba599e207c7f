"""What the benchmark scripts share: printing a result table and appending it to a Markdown file."""

from __future__ import annotations

from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def emit(text: str, write: Path | None) -> None:
    """Print a result and, with ``--write FILE``, append it to that file."""
    print(text)
    if write:
        with write.open("a", encoding="utf-8") as f:
            f.write("\n" + text)
