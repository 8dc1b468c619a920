"""Helpers shared by the tests: build sites in temp folders and read their HTML."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html

from newsroom.pipeline import BuildOptions, BuildReport, build_site

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO / "content"
TEMPLATES = REPO / "templates"


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


def build(content: Path, output: Path, **options) -> BuildReport:
    return build_site(BuildOptions(content=content, output=output, templates=TEMPLATES, **options))


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` as a user would, capturing its output."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=timeout,
    )


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def page_for_url(site: Path, url: str) -> Path:
    """The file a root-relative URL of the site is served from."""
    from urllib.parse import unquote

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
