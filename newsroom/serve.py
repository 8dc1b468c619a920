"""`serve`: build a preview, serve it on loopback, rebuild on change and reload open pages.

The preview is built into its own folder inside the build cache, with the server's
address as its base URL, so `site/` is only ever written by a build and never holds a
link to localhost.

What the browser talks to (the pages, the long poll that reloads them) is dev_http's;
this module builds, watches the files and runs the server.
"""

from __future__ import annotations

import ipaddress
import sys
import threading
import time
import traceback
from dataclasses import replace
from http.server import ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .dev_http import BuildState, make_handler
from .discovery import SOURCE_SUFFIXES, is_ignored
from .errors import BuildFailed
from .pipeline import BuildOptions, BuildReport, build_site, render_viewed
from .hugo_config import CONFIG_FORMATS, CONFIG_NAMES
from .record import BuildRecord, cache_root

DEFAULT_HOST = "127.0.0.1"
DEBOUNCE_SECONDS = 0.05  # an editor's save (write, rename, metadata) sends its events within milliseconds
# Indexing search after a build competes with the browsers' reloads for both cores (and the
# GIL): it waits until the open pages have reloaded, this long at most (a closed tab never does).
RELOAD_GRACE_SECONDS = 0.5

class Rebuilder:
    """Runs builds on one worker thread; a burst of saves gives one build after it ends.

    Builds leave search indexes stale (defer_search), so pages reload at once; while no
    save is waiting, the thread then brings the stale indexes up to date, one at a time.
    It keeps the record of the last build and the sources saved since, so a build after a
    save reads neither the record file nor the whole content folder.
    """

    def __init__(self, options: BuildOptions, state: BuildState) -> None:
        self.options = options
        self.state = state
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._last_request = 0.0
        self._thread: threading.Thread | None = None
        self._search_pending = False
        self._known: BuildRecord | None = None  # the record of the last build, when it succeeded
        self._touched: set[str] | None = set()  # sources saved since it (None: something else too)
        self._lock = threading.Lock()
        self.builds = 0

    def build_now(self) -> None:
        with self._lock:
            touched, self._touched = self._touched, set()
        if touched is None and self._known is not None:  # a template or the configuration: open pages first
            open_pages = self.state.open_pages()
            first = render_viewed(self.options, self._known, open_pages) if open_pages else 0
            if first:
                print(f"rendered {first} open page(s) first", flush=True)
                self.state.record(self.state.error)
        report = self._build(touched)
        if report is not None:
            self._built(report, patchable=touched is not None)
        self.builds += 1

    def _update_search(self) -> None:
        """Index one stale search shard (a build with nothing else to do does just that)."""
        self._search_pending = False
        with self._lock:  # a save whose event came in since is built now too
            touched, self._touched = self._touched, set()
        report = self._build(touched)
        if report is None:  # a file saved broken this instant: this build found it first
            return
        if report.rendered:  # a save slipped in before its event arrived: reload for it too
            self._built(report, patchable=touched is not None)
        if not self._search_pending:
            print("search index up to date", flush=True)

    def _build(self, touched: set[str] | None) -> BuildReport | None:
        """A build from the kept record; on failure it is shown, and the next build checks everything."""
        try:
            report = build_site(self.options, self._known, touched)
        except BuildFailed as exc:
            self._known = None
            self._failed("\n".join(str(p) for p in exc.problems), "build failed")
            return None
        except Exception:  # a bug, not a user mistake: show it, keep serving and watching
            self._known = None
            self._failed(traceback.format_exc(), "internal error during the build")
            return None
        self._known, self._search_pending = report.record, report.search_pending
        return report

    def _built(self, report: BuildReport, patchable: bool) -> None:
        """Show the build in the terminal, and have open pages reload (patchable: only sources changed)."""
        for problem in report.problems:
            print(problem, file=sys.stderr, flush=True)
        print(f"rebuilt {report.pages} pages ({report.rendered} rendered) in {report.seconds:.2f}s", flush=True)
        self.state.record("\n".join(str(p) for p in report.problems if not p.warning), patchable)
        if report.search_pending:
            self._let_pages_reload()

    def _let_pages_reload(self) -> None:
        """Before search is indexed: until the open pages reload, or a save comes in."""
        deadline = time.monotonic() + RELOAD_GRACE_SECONDS
        while not self._wake.is_set() and time.monotonic() < deadline:
            if self.state.reloaded(timeout=0.02):
                return

    def _failed(self, message: str, what: str) -> None:
        print(message, file=sys.stderr, flush=True)
        print(f"{what}; still serving the last good build", file=sys.stderr, flush=True)
        self.state.record(message)

    def request(self, source: str | None = None) -> None:
        """A rebuild, after a save of `source` (relative to the content folder) or of
        anything else (None: a template, the configuration, a folder...)."""
        with self._lock:
            if source is None or self._touched is None:
                self._touched = None
            else:
                self._touched.add(source)
        self._last_request = time.monotonic()
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="newsroom-rebuilder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._search_pending and not self._wake.is_set():
                self._update_search()
                continue
            self._wake.wait()
            if self._stop.is_set():
                return
            while (quiet := time.monotonic() - self._last_request) < DEBOUNCE_SECONDS:
                time.sleep(DEBOUNCE_SECONDS - quiet)
            self._wake.clear()
            self.build_now()


class _ChangeHandler(FileSystemEventHandler):
    """Requests a rebuild for changes to sources, templates and the configuration file."""

    def __init__(self, rebuilder: Rebuilder, output: Path, observer: Observer) -> None:
        self.rebuilder = rebuilder
        self.observer = observer
        self.output = output.resolve()
        self.config_files, config_folder = config_paths(rebuilder.options)
        self.watched = [p.resolve() for p in watched_folders(rebuilder.options)] + [config_folder]
        options = rebuilder.options
        # folders to watch once they exist (a site's first template override, static/, Hugo's config/)
        self.absent = {folder.resolve() for folder in (options.templates, options.static, options.theme_dir, config_folder)
                       if folder is not None and not folder.is_dir()}
        self.content = rebuilder.options.content.resolve()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if event.is_directory and event.event_type in ("created", "moved"):
            for raw in paths:
                folder = Path(raw if isinstance(raw, str) else raw.decode()).resolve()
                if folder in self.absent:
                    self.absent.discard(folder)
                    self.watched.append(folder)
                    self.observer.schedule(self, str(folder), recursive=True)
                    self.rebuilder.request()  # whatever was written into it before the watch began
                    return
        for raw in paths:
            path = Path(raw if isinstance(raw, str) else raw.decode()).resolve()
            if is_ignored(path.name) or self.output in path.parents or path == self.output:
                continue
            if path not in self.config_files and not any(folder in path.parents for folder in self.watched):
                continue
            if event.is_directory and event.event_type == "modified":
                continue
            is_source = (not event.is_directory and self.content in path.parents
                         and path.name.lower().endswith(SOURCE_SUFFIXES))
            self.rebuilder.request(path.relative_to(self.content).as_posix() if is_source else None)


def preview_folder(output: Path) -> Path:
    """Where the dev server builds: inside the build cache of `output`, never `output` itself."""
    return cache_root(output) / "preview" / output.resolve().name


def config_paths(options: BuildOptions) -> tuple[set[Path], Path]:
    """Every file that can configure the site (site.toml, or a Hugo site's hugo.* / config.*,
    present or not yet) and Hugo's config/ folder: a save to any of them rebuilds."""
    site_root = options.content.resolve().parent
    files = {site_root / f"{name}{ext}" for name in CONFIG_NAMES for ext in CONFIG_FORMATS}
    if options.config_file is not None:
        files.add(options.config_file.resolve())
    return files, site_root / "config"


def watched_folders(options: BuildOptions) -> list[Path]:
    folders = [options.content, options.templates, options.static, options.theme_dir]
    return [folder for folder in folders if folder is not None and folder.is_dir()]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(options: BuildOptions, host: str | None = None, port: int = 8000) -> int:
    """Serve until interrupted; returns the exit status."""
    host = host or DEFAULT_HOST
    if not _is_loopback(host):
        print(f"warning: serving on {host}, reachable from other machines; this is a preview server, "
              "not for publishing", file=sys.stderr, flush=True)
    state = BuildState()
    preview = preview_folder(options.output)
    try:
        server = ThreadingHTTPServer((host, port), make_handler(preview, state))
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror or exc} (pass another --port)", file=sys.stderr)
        return 1
    server.daemon_threads = True
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{server.server_address[1]}/"

    # Links, canonical URLs and feeds point at this server; the site/ of builds is not touched.
    rebuilder = Rebuilder(replace(options, output=preview, base_url=address, defer_search=True, desk_pages=True,
                                  parsed_dir=cache_root(options.output) / "parsed"), state)
    rebuilder.build_now()
    observer = Observer()
    handler = _ChangeHandler(rebuilder, preview, observer)
    for folder in watched_folders(options) + [folder for folder in [config_paths(options)[1]] if folder.is_dir()]:
        observer.schedule(handler, str(folder), recursive=True)
    for folder in {path.parent for path in handler.config_files if path.parent.is_dir()}:
        observer.schedule(handler, str(folder), recursive=False)
    observer.start()
    rebuilder.start()
    print(f"Serving a preview of {options.content} on {address} ({options.output} is not touched; Ctrl+C to stop)",
          flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        observer.stop()
        rebuilder.stop()
        server.server_close()
        observer.join(timeout=2)
    return 0
