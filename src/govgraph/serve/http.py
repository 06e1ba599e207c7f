"""The HTTP layer under the endpoint: uvicorn's h11 protocol, answering a request line or headers
too long to read with 414 (or 431) and a line, instead of a reset connection.

h11 refuses a request whose head outgrows its buffer; uvicorn then answers 400 and closes at
once, with the rest of the request unread, so the kernel resets the connection and the client
sees the reset, not the answer. Here the answer says what was too long, and the connection is
closed gently: the server says it will send no more, reads and drops what the client still
sends, and closes when the client does (or after a few seconds).
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

LINGER_SECONDS = 5.0  # how long the rest of a refused request is read and dropped


def head_limited_protocol(max_url: int) -> type[H11Protocol]:
    """An h11 protocol class for uvicorn whose refusals of an over-long request head say why."""

    class HeadLimited(H11Protocol):
        _lingering = False

        def data_received(self, data: bytes) -> None:
            if self._lingering:
                return  # the rest of a refused request: read and dropped
            super().data_received(data)

        def send_400_response(self, msg: str) -> None:
            head, _ = self.conn.trailing_data
            line = head.split(b"\r\n", 1)[0]
            if b"\r\n\r\n" in head or len(head) <= max_url:  # not a head too long to read: as uvicorn does
                super().send_400_response(msg)
                return
            if len(line) > max_url or b"\r\n" not in head:
                status, text = 414, f"the request URL is longer than {max_url:,} bytes: POST the query instead of a GET"
            else:
                status, text = 431, "the request headers are too large"
            self._refuse(status, text)

        def _refuse(self, status: int, text: str) -> None:
            body = (text + "\n").encode("utf-8")
            reason = {414: b"URI Too Long", 431: b"Request Header Fields Too Large"}[status]
            head = (
                b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\n"
                b"connection: close\r\n\r\n" % (status, reason, len(body))
            )
            transport: Any = self.transport
            transport.write(head + body)
            self._lingering = True
            try:
                if transport.can_write_eof():
                    transport.write_eof()
            except (OSError, RuntimeError):
                transport.close()
                return
            self.loop.call_later(LINGER_SECONDS, transport.close)

        def eof_received(self) -> None:
            if self._lingering:
                self.transport.close()
                return
            super().eof_received()

    return HeadLimited
