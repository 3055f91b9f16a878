"""A loopback HTTP server that replays portals in their real shapes, for the demo and the tests.

Each portal is a :class:`Site` mounted under its own path prefix (``/ccgp`` ...), so one server on
127.0.0.1 serves them all and a spider's ``--base-url`` is ``http://127.0.0.1:PORT/ccgp``. The
server always binds 127.0.0.1, and stops by itself when its ``lifetime`` runs out.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

HOST = "127.0.0.1"


@dataclass
class Request:
    """What a site handler needs of an HTTP request."""

    method: str
    path: str  # below the site's prefix, e.g. "/bxsearch"
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]
    base: str  # the site's base URL on this server, e.g. "http://127.0.0.1:8765/ccgp"

    def form(self) -> dict[str, str]:
        """A form-encoded body as a dict (the last value of repeated fields)."""
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()}

    def json(self) -> dict:
        """A JSON body (an empty dict when there is none)."""
        return json.loads(self.body) if self.body else {}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """A replayed portal: subclasses answer requests below their prefix.

    Tests (and ``tenderwatch replay``) can queue faults: ``site.inject("/portal/detail", Response(503, …))``
    makes the next request whose path contains that text get the given responses, in order, before the
    site answers normally again — a 5xx with Retry-After, an empty 200 body, a WAF page.
    """

    prefix = ""

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

    def inject(self, path_part: str, *responses: Response) -> None:
        """Answer the next requests whose path (and query) contains ``path_part`` with these responses first."""
        faults = self.__dict__.setdefault("_faults", [])
        faults.extend((path_part, response) for response in responses)

    def answer(self, request: Request) -> Response:
        """A queued fault for this request if there is one, else the site's own answer."""
        faults = self.__dict__.get("_faults", [])
        where = request.path + "?" + "&".join(f"{k}={v}" for k, v in request.query.items())
        for number, (path_part, response) in enumerate(faults):
            if path_part in where:
                del faults[number]
                self.__dict__.setdefault("faults_served", []).append((request.path, response.status))
                return response
        return self.handle(request)


class RateLimit:
    """More than ``count`` calls within ``seconds`` are too fast (refused calls do not count towards it)."""

    def __init__(self, limit: tuple[int, float] | None):
        self.limit = limit
        self.refused = 0
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()

    def too_fast(self) -> bool:
        """Whether this call exceeds the limit (counted in ``refused`` when it does)."""
        if not self.limit:
            return False
        count, seconds = self.limit
        with self._lock:
            now = time.monotonic()
            while self._recent and now - self._recent[0] > seconds:
                self._recent.popleft()
            if len(self._recent) >= count:
                self.refused += 1
                return True
            self._recent.append(now)
            return False


def json_response(value: object, status: int = 200) -> Response:
    """A JSON body as the portals send it (UTF-8, no ASCII escapes)."""
    return Response(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json;charset=UTF-8")


def file_response(data: bytes, name: str) -> Response:
    """A download with the file name in Content-Disposition."""
    return Response(200, data, "application/octet-stream",
                    {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


class _Handler(BaseHTTPRequestHandler):
    server: _ReplayHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests and the demo read stdout
        return

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests += 1
        for site in self.server.sites:
            if parts.path == site.prefix or parts.path.startswith(site.prefix + "/"):
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                req = Request(
                    method=self.command, path=parts.path[len(site.prefix):] or "/", query=query, body=body,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    base=f"http://{HOST}:{self.server.server_address[1]}{site.prefix}",
                )
                response = site.answer(req)
                break
        else:
            response = Response(404, b"<html><body>404 Not Found</body></html>")
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_HEAD = _dispatch


class _ReplayHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, sites: list[Site]):
        super().__init__((HOST, port), _Handler)
        self.sites = sites
        self.requests = 0


class ReplayServer:
    """Serve sites on 127.0.0.1 in a background thread; use as a context manager or start()/stop()."""

    def __init__(self, sites: list[Site], port: int = 0, lifetime: float | None = None):
        self.sites = sites
        self._httpd = _ReplayHTTPServer(port, sites)
        self._thread: threading.Thread | None = None
        self._lifetime = lifetime
        self._timer: threading.Timer | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def requests(self) -> int:
        """How many requests the server has answered."""
        return self._httpd.requests

    def base_url(self, site: Site) -> str:
        return f"http://{HOST}:{self.port}{site.prefix}"

    def start(self) -> ReplayServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="replay", daemon=True)
        self._thread.start()
        if self._lifetime:
            self._timer = threading.Timer(self._lifetime, self.stop)
            self._timer.daemon = True
            self._timer.start()
        return self

    def stop(self) -> None:
        if self._timer:
            self._timer.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()

    def wait(self) -> None:
        """Block until the server stops (its lifetime ends or stop() is called)."""
        while self._thread and self._thread.is_alive():
            time.sleep(0.2)

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
