"""A loopback HTTP server for the ingest tests: routes map a path to a canned response."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds before answering (timeouts)
    fail_first: int = 0  # answer ``fail_status`` this many times first (retries)
    fail_status: int = 503
    fail_headers: dict[str, str] = field(default_factory=dict)
    stream_bytes: int = 0  # send this many junk bytes with no Content-Length (size limit)
    etag: str | None = None  # answer 304 to a matching If-None-Match


class LoopbackServer:
    """``server.url(path)``; ``server.routes[path] = Route(...)``; ``server.hits[path]`` counts GETs."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.hits[self.path] += 1
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                route = route() if callable(route) else route
                if route is None:
                    self._send(404, b"not found", {"Content-Type": "text/plain"})
                    return
                server._answer(self, route)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def _answer(self, handler: BaseHTTPRequestHandler, route: Route) -> None:
        if route.delay:
            time.sleep(route.delay)
        if route.fail_first and self.hits[handler.path] <= route.fail_first:
            handler._send(route.fail_status, b"busy", {"Content-Type": "text/plain", **route.fail_headers})
            return
        if route.etag and handler.headers.get("If-None-Match") == route.etag:
            handler._send(304, b"", {"ETag": route.etag})
            return
        if route.stream_bytes:
            self._stream(handler, route)
            return
        headers = {**route.headers, **({"ETag": route.etag} if route.etag else {})}
        handler._send(route.status, route.body, headers)

    def _stream(self, handler: BaseHTTPRequestHandler, route: Route) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        sent = 0
        try:
            while sent < route.stream_bytes:
                handler.wfile.write(b"<p>" + b"x" * 8189 + b"</p>")
                sent += 8192
        except (BrokenPipeError, ConnectionResetError):
            pass

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def loopback_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server
