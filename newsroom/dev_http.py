"""What the dev server's browsers talk to: the preview's files, and the long poll that reloads them.

The browser long-polls the server with the build epoch it was rendered for (and its own
path, so a template edit renders the open pages first); the poll answers as soon as a
newer build (good or bad) exists, and the page reloads, or, when only sources changed,
takes its new content in place. The reload script and any build
error are injected into HTML responses only here, never into the files of the site.
"""

from __future__ import annotations

import html
import json
import mimetypes
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .views import output_file

POLL_TIMEOUT_SECONDS = 25.0
_PREFIX = "/__newsroom/"
_LIVERELOAD_JS = (Path(__file__).parent / "livereload.js").read_bytes()
_OVERLAY_CSS = (
    b"#newsroom-build-error{position:fixed;inset:auto 0 0 0;z-index:9999;max-height:50vh;overflow:auto;margin:0;"
    b"padding:1rem;background:#7a0010;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap}"
)


class BuildState:
    """The epoch of the latest build and its error, shared by the builder and requests, and
    the pages open in browsers (each long-polls with its path)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.epoch = 0
        self.error = ""
        self._reload_from = 0  # the latest build after which open pages must reload in full
        # site path -> (when a browser last polled from it, the build epoch it showed)
        self._open: dict[str, tuple[float, int]] = {}

    def polled_from(self, path: str, epoch: int) -> None:
        with self._changed:
            self._open[path] = (time.monotonic(), epoch)
            self._changed.notify_all()

    def _recent(self) -> dict[str, tuple[float, int]]:
        """The pages polled from lately (a browser's newest poll is at most POLL_TIMEOUT old)."""
        recent = time.monotonic() - 2 * POLL_TIMEOUT_SECONDS
        self._open = {path: seen for path, seen in self._open.items() if seen[0] >= recent}
        return self._open

    def open_pages(self) -> set[str]:
        """Output files of the pages open in browsers."""
        with self._changed:
            return {output_file(unquote(path)) for path in self._recent()}

    def reloaded(self, timeout: float) -> bool:
        """Wait, at most `timeout`, until every open page shows the latest build (it polls with its epoch)."""
        with self._changed:
            return self._changed.wait_for(
                lambda: all(epoch == self.epoch for _, epoch in self._recent().values()), timeout=timeout)

    def record(self, error: str, patchable: bool = False) -> None:
        """A new build; `patchable` when only sources changed, so an open page may take its new
        content in place, keeping its stylesheets and scripts (see livereload.js)."""
        with self._changed:
            self.epoch += 1
            self.error = error
            if not patchable:
                self._reload_from = self.epoch
            self._changed.notify_all()

    def patchable_since(self, epoch: int) -> bool:
        """Whether every build after `epoch` changed sources only (a page of `epoch` can be patched)."""
        with self._changed:
            return self._reload_from <= epoch

    def wait_beyond(self, epoch: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.epoch != epoch, timeout=timeout)
            return self.epoch


def resolve_in_site(site_root: Path, url_path: str) -> Path | None:
    """The file a URL names inside site/, or None for anything that would leave it."""
    decoded = unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p]
    if any(p in ("..", ".") for p in parts):
        return None
    root = site_root.resolve()
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_file() or not resolved.is_relative_to(root):
        return None
    return resolved


def _inject(page: bytes, epoch: int, error: str) -> bytes:
    overlay = ""
    if error:  # styled by an external sheet: the site's CSP forbids inline styles
        overlay = (
            f'<link rel="stylesheet" href="{_PREFIX}overlay.css"><div id="newsroom-build-error" role="alert">'
            f"Build failed; showing the last good build.\n{html.escape(error)}</div>"
        )
    snippet = f'{overlay}<script src="{_PREFIX}livereload.js" data-epoch="{epoch}"></script>'.encode()
    marker = page.lower().rfind(b"</body>")
    return page[:marker] + snippet + page[marker:] if marker != -1 else page + snippet


def make_handler(site_root: Path, state: BuildState) -> type[BaseHTTPRequestHandler]:
    class DevRequestHandler(BaseHTTPRequestHandler):
        server_version = "newsroom-dev"

        def log_message(self, format: str, *args: object) -> None:  # quiet: the terminal shows builds
            return

        def do_HEAD(self) -> None:
            self._respond(head=True)

        def do_GET(self) -> None:
            self._respond(head=False)

        def _respond(self, head: bool) -> None:
            url = urlsplit(self.path)
            if url.path == f"{_PREFIX}livereload.js":
                return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", _LIVERELOAD_JS, head)
            if url.path == f"{_PREFIX}overlay.css":
                return self._send(HTTPStatus.OK, "text/css; charset=utf-8", _OVERLAY_CSS, head)
            if url.path == f"{_PREFIX}poll":
                return self._poll(url.query, head)
            if url.path.startswith(_PREFIX):
                return self._not_found(head)
            target = resolve_in_site(site_root, url.path)
            if target is None:
                return self._not_found(head)
            if target.name == "index.html" and not url.path.endswith(("/", ".html")):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url.path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            try:
                body = target.read_bytes()
            except OSError:  # swapped away by a rebuild between resolve and read
                return self._not_found(head)
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if content_type == "text/html":
                body = _inject(body, state.epoch, state.error)
            if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
                content_type += "; charset=utf-8"
            self._send(HTTPStatus.OK, content_type, body, head)

        def _poll(self, query: str, head: bool) -> None:
            fields = parse_qs(query)
            try:
                seen = int(fields.get("epoch", ["-1"])[0])
            except ValueError:
                seen = -1
            page = fields.get("page", [""])[0]
            if page.startswith("/") and resolve_in_site(site_root, page) is not None:
                state.polled_from(page, seen)
            epoch = state.wait_beyond(seen, POLL_TIMEOUT_SECONDS)
            payload = json.dumps({"epoch": epoch, "error": state.error, "patch": state.patchable_since(seen)}).encode()
            self._send(HTTPStatus.OK, "application/json", payload, head)

        def _not_found(self, head: bool) -> None:
            page = b"<!doctype html><html lang=en><title>Not found</title><h1>404 Not found</h1></html>"
            custom = resolve_in_site(site_root, "/404.html")
            if custom is not None:
                page = custom.read_bytes()
            page = _inject(page, state.epoch, state.error)
            self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page, head)

        def _send(self, status: HTTPStatus, content_type: str, body: bytes, head: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)

    return DevRequestHandler
