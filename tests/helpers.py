"""Helpers shared by the tests: build sites in temp folders and read their HTML."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html

from newsroom.pipeline import BuildOptions, BuildReport, build_site

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO / "content"
TEMPLATES = REPO / "tests" / "fixtures" / "no-template-overrides"  # absent: the bundled theme does it all
THEME = REPO / "newsroom" / "bundled_theme"


def write_sources(content: Path, files: dict[str, str | bytes]) -> Path:
    """Create a content folder from {relative path: text or bytes}."""
    for relative, data in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return content


def override_template(templates: Path, name: str) -> Path:
    """Copy the bundled theme's template `name` into a site's templates/, to edit it there."""
    import shutil

    target = templates / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(THEME / "templates" / name, target)
    return target


def build(content: Path, output: Path, templates: Path = TEMPLATES, **options) -> BuildReport:
    return build_site(BuildOptions(content=content, output=output, templates=templates, **options))


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` as a user would, capturing its output."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=timeout,
    )


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def parse_text(page: str):
    """An HTML response body, parsed."""
    return lxml_html.fromstring(page)


def page_for_url(site: Path, url: str) -> Path:
    """The file a root-relative URL of the site is served from."""
    from urllib.parse import unquote

    url = re.sub(r"^https?://[^/]+", "", url)
    relative = unquote(url.split("#")[0]).strip("/")
    target = site / relative
    return target / "index.html" if not relative.endswith(".html") else target


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below `folder` with a hash of its bytes, to prove a site unchanged."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def pages_digest(folder: Path) -> dict[str, str]:
    """tree_digest of all but the search indexes (see searchable for those)."""
    return {name: digest for name, digest in tree_digest(folder).items() if not name.startswith("pagefind/")}


def searchable(site: Path) -> dict[str, list[tuple[str, str, str]]]:
    """What a reader can find, per language: (url, title, text) of every page the search page
    shows, read from the fragments of its base indexes (less the stale copies its changes
    manifest hides) and of its changes index. Two sites with equal answers search alike."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for manifest_file in sorted(site.glob("pagefind/*/changes/newsroom-changes.json")):
        manifest = json.loads(manifest_file.read_bytes())
        language = manifest_file.parent.parent
        entries = []
        for bundle in sorted(language.iterdir()):
            changes = bundle.name == "changes"
            for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
                if (changes and not manifest["indexed"]) or (not changes and fragment.stem in manifest["hidden"]):
                    continue
                data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
                entries.append((data["url"], data["meta"].get("title", ""), data["content"]))
        found[language.name] = sorted(entries)
    return found


def site_answers(site: Path) -> tuple[dict[str, str], dict[str, list[tuple[str, str, str]]]]:
    """A site as readers get it: its files byte for byte, and what its search finds. An
    incremental build equals a clean one in these, though its search indexes are laid out
    differently (a clean build has no changes index)."""
    return pages_digest(site), searchable(site)


class DevServer:
    """`python build.py --serve --port 0` in a subprocess, as an editor runs it."""

    def __init__(self, site_dir: Path, *extra: str):
        from newsroom.serve import preview_folder

        self.site_dir = site_dir
        self.preview = preview_folder(site_dir / "site")  # where it builds: never site/
        self.extra = extra
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self.stdout_lines: list[str] = []
        self.stderr_lines: list[str] = []

    def __enter__(self) -> "DevServer":
        import threading
        import time

        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--serve", "--port", "0", *self.extra],
            cwd=self.site_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        threading.Thread(target=self._pump, args=(self.process.stderr, self.stderr_lines), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.process.stdout, self.stdout_lines), daemon=True).start()
        deadline = time.monotonic() + 30
        while not self.url and time.monotonic() < deadline:
            for line in list(self.stdout_lines):
                if line.startswith("Serving "):
                    self.url = line.split(" on ", 1)[1].split()[0].rstrip("/")
            time.sleep(0.05)
        if not self.url:
            self.__exit__()
            raise RuntimeError(f"server did not start: {self.stderr_lines}")
        return self

    @staticmethod
    def _pump(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    def builds(self) -> int:
        return sum(1 for line in self.stdout_lines if line.startswith("rebuilt ")) + sum(
            1 for line in self.stderr_lines if line.startswith("build failed"))

    def get(self, path: str, timeout: float = 10) -> tuple[int, str]:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def wait_for(self, predicate, timeout: float = 20, interval: float = 0.1):
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(interval)
        raise AssertionError(f"condition not met in {timeout}s; stderr: {self.stderr_lines[-5:]}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


OUR_SCRIPTS = {"/static/search.js"}  # it loads Pagefind's own pagefind.js from the language's search indexes


def foreign_scripts(doc) -> list[str]:
    """Scripts that are neither our JSON-LD data block nor our own search files."""
    import json

    foreign = []
    for script in doc.xpath("//script"):
        if script.get("type") == "application/ld+json" and not script.get("src"):
            json.loads(script.text)  # a data block that does not parse is a broken-out one
            continue
        src = script.get("src") or ""
        if src in OUR_SCRIPTS and not (script.text or "").strip():
            continue
        foreign.append(script.get("src") or (script.text or "")[:80])
    return foreign


class StaticServer:
    """A plain loopback HTTP server on a free port for a built site, as a web host would serve it."""

    def __init__(self, root: Path, port: int = 0):
        self.root = root
        self.port = port
        self.server = None
        self.url = ""

    def __enter__(self) -> "StaticServer":
        import functools
        import threading
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class QuietHandler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), functools.partial(QuietHandler, directory=str(self.root)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_tool(path: Path, install_hint: str):
    """A validator the tests need: missing in CI is a failure, locally a visible skip."""
    import pytest

    if path.exists():
        return path
    message = f"{path} not found: {install_hint}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Installed:
    """The `newsroom` command of a fresh venv holding only the built wheel (and its dependencies)."""

    def __init__(self, venv: Path):
        self.venv = venv
        self.command = venv / "bin" / "newsroom"

    def run(self, *args: str, cwd: Path, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        result = subprocess.run([str(self.command), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        if check:
            assert result.returncode == 0, f"newsroom {' '.join(args)}: {result.stderr}"
        return result

    def python(self, code: str, cwd: Path) -> str:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        return subprocess.run([str(self.venv / "bin" / "python"), "-c", code], cwd=cwd, env=env, capture_output=True,
                              text=True, check=True, timeout=60).stdout.strip()


def install_wheel(work: Path) -> Installed:
    """Build the wheel from a copy of the sources (as `pip wheel` on a checkout would) and
    install it, without its dependencies, into a new venv; the dependencies are the test
    venv's, made visible by a .pth file (the editable install's finder is not, as .pth
    files in that folder are not processed), so nothing is downloaded twice."""
    import shutil
    import sysconfig
    import venv

    source = work / "source"
    shutil.copytree(REPO / "newsroom", source / "newsroom", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(source)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = (work / "dist").glob("newsroom-*.whl")
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    python = work / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True,
                   capture_output=True, timeout=300)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return Installed(work / "venv")


OVERRIDDEN_STRING = ("Home", "À la une")  # msgid, and the site's French string for it
OVERRIDDEN_TITLE = "{{ article.title }} · {{ extra.tagline }}"


def newcomer_site(installed: Installed, folder: Path) -> Path:
    """What a newcomer does with nothing but the installed command; returns the site's folder."""
    installed.run("new", "site", "paper", cwd=folder)
    site = folder / "paper"
    installed.run("new", "story", "Harbour reopens after the storm", "--lang", "en", cwd=site)
    installed.run("new", "story", "--translation-of", "content/harbour-reopens-after-the-storm.en.md", "--lang", "fr",
                  cwd=site)
    (site / "templates" / "article.html").write_text(
        '{% extends "theme:article.html" %}\n{% block title %}' + OVERRIDDEN_TITLE + "{% endblock %}\n", encoding="utf-8")
    catalog = site / "templates" / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       f'msgid "{OVERRIDDEN_STRING[0]}"\nmsgstr "{OVERRIDDEN_STRING[1]}"\n', encoding="utf-8")
    installed.run("build", cwd=site)
    return site
