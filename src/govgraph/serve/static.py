"""The files under ``/static/``: the vendored YASGUI build and the query page's own script and style.

Only the files shipped in ``govgraph/serve/static`` are served, each with its Content-Type, an
ETag, ``nosniff``, and gzip when the client takes it. A URL carrying the file's content hash
(``?v=…``, as the query page writes them) may be cached for a year; any other URL is
revalidated. The query page itself is sent with :data:`PAGE_HEADERS`, whose
Content-Security-Policy lets it load and ask nothing but its own origin.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

STATIC_DIR = Path(__file__).resolve().parent / "static"
_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    "": "text/plain; charset=utf-8",  # LICENSE, VERSION, SHA256SUMS
}
# YASR's column resizer adds three fixed <style> elements (its base rules, and the col-resize
# cursor while hovering and dragging); they are allowed by their hashes, no other inline style is.
_RESIZER_STYLES = (
    "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=' 'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg=' "
    "'sha256-uOD34hIE2IkGKZTX5w07OytJQ2rjNUie9tXhYewejGU='"
)
CSP = (
    f"default-src 'self'; script-src 'self'; style-src 'self' {_RESIZER_STYLES}; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
_YEAR = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    """One static file: its bytes, gzipped bytes, Content-Type and content hash."""

    body: bytes
    gzipped: bytes
    media_type: str
    etag: str


@functools.cache
def assets() -> dict[str, Asset]:
    """Every servable file under the static folder, by its path below ``/static/``."""
    found = {}
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file() and path.suffix in _TYPES:
            body = path.read_bytes()
            found[path.relative_to(STATIC_DIR).as_posix()] = Asset(
                body, gzip.compress(body, 6, mtime=0), _TYPES[path.suffix], hashlib.sha256(body).hexdigest()[:16]
            )
    return found


def asset_url(name: str) -> str:
    """The URL of a static file, versioned by its content so that it can be cached for good.

    >>> asset_url("yasgui/yasgui.min.js").startswith("/static/yasgui/yasgui.min.js?v=")
    True
    """
    return f"/static/{name}?v={assets()[name].etag}"


async def static_file(request: Request) -> Response:
    """``GET /static/{path}``: a shipped file, or 404 with one line."""
    asset = assets().get(request.path_params["path"])
    if asset is None:
        return PlainTextResponse("no such file\n", status_code=404, headers={"X-Content-Type-Options": "nosniff"})
    headers = {
        "ETag": f'"{asset.etag}"',
        "Cache-Control": _YEAR if request.query_params.get("v") == asset.etag else "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
    }
    if f'"{asset.etag}"' in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = asset.body
    if _takes_gzip(request.headers.get("accept-encoding", "")):
        body, headers["Content-Encoding"] = asset.gzipped, "gzip"
    return Response(body, media_type=asset.media_type, headers=headers)


def _takes_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header takes gzip (``gzip;q=0`` refuses it).

    >>> _takes_gzip("gzip, deflate, br"), _takes_gzip("br, gzip;q=0"), _takes_gzip("")
    (True, False, False)
    """
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False
