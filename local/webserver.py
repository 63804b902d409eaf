"""Serves the static UI in web/ and passes /api/... through to `chalice local`, so the UI talks to the API on
its own origin exactly as behind CloudFront / API Gateway. Threaded stdlib server bound to 127.0.0.1."""
from __future__ import annotations

import http.client
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
               "proxy-authenticate", "host", "content-length"}


class _Handler(SimpleHTTPRequestHandler):
    api: tuple[str, int] = ("127.0.0.1", 8000)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        pass  # quiet: the API side logs requests already

    def end_headers(self) -> None:
        if not self.path.startswith("/api"):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def _proxy(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        conn = http.client.HTTPConnection(*self.api, timeout=120)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as exc:
            self.send_error(502, f"the API at {self.api[0]}:{self.api[1]} did not answer: {exc}")
            return
        finally:
            conn.close()
        self.send_response(resp.status, resp.reason)
        for key, value in resp.getheaders():
            if key.lower() not in _HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        super().end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _local_config(self) -> None:
        """The deployed site has a config.json (API base, sign-in); locally the API is on this origin and nobody
        signs in: an empty configuration says so, instead of a 404 in the console on every page load."""
        body = b"{}\n"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self, static: bool) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/api"):
            self._proxy()
        elif static and path == "/config.json" and not (Path(self.directory) / "config.json").is_file():
            self._local_config()
        elif static:
            super().do_GET() if self.command == "GET" else super().do_HEAD()
        else:
            self.send_error(405)

    def do_GET(self) -> None:
        self._route(True)

    def do_HEAD(self) -> None:
        self._route(True)

    def do_POST(self) -> None:
        self._route(False)

    def do_PUT(self) -> None:
        self._route(False)

    def do_PATCH(self) -> None:
        self._route(False)

    def do_DELETE(self) -> None:
        self._route(False)

    def do_OPTIONS(self) -> None:
        self._route(False)


def serve(web_dir: Path, port: int, api_port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Starts serving in a daemon thread; call .shutdown() to stop."""
    handler = type("Handler", (_Handler,), {"api": (host, api_port)})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(web_dir)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="web", daemon=True).start()
    return server


def build_if_stale(web_dir: Path, timeout: float = 120) -> str | None:
    """Runs `node web/build.mjs` when web/src changed since the last build (dist/.built). Returns an error
    message when the build failed, else None."""
    import subprocess

    script, stamp = web_dir / "build.mjs", web_dir / "dist" / ".built"
    if not script.is_file():
        return None
    sources = [p for p in (web_dir / "src").rglob("*") if p.is_file()] + [script]
    if stamp.is_file() and all(p.stat().st_mtime <= stamp.stat().st_mtime for p in sources):
        return None
    try:
        done = subprocess.run(["node", str(script)], cwd=web_dir.parent, capture_output=True, text=True,
                              timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return None if done.returncode == 0 else (done.stderr or done.stdout).strip()[-2000:]
