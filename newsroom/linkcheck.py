"""Internal link checker: every link, stylesheet, script and image of the site must resolve.

Run on the staged site by `--strict`, before it replaces the published one.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .config import SiteConfig
from .errors import Problem

_LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src")}
SKIPPED_FOLDERS = {"pagefind"}


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in _LINK_ATTRIBUTES and value:
                self.links.append((self.getpos()[0], value))


def _target(site: Path, site_path: str) -> Path | None:
    """The file a site path is served from, or None if there is none."""
    relative = unquote(site_path).lstrip("/")
    candidate = site / relative
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, config: SiteConfig) -> list[Problem]:
    origin = config.absolute("/")  # e.g. https://news.example.org/news/
    problems = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if SKIPPED_FOLDERS & set(relative.parts):
            continue
        page_url = config.absolute("/" + relative.as_posix().removesuffix("index.html"))
        collector = _LinkCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        for line, href in collector.links:
            absolute = urljoin(page_url, href)
            if not absolute.startswith(origin):
                continue  # another site, or mailto:; not ours to check
            site_path = "/" + urlsplit(absolute).path[len(urlsplit(origin).path):]
            if _target(site, site_path) is None:
                problems.append(Problem(
                    Path(config.base_path.rstrip("/") + "/" + relative.as_posix()),
                    f"broken link to {href}", "no page of the site is there; fix the template or the source", line,
                ))
    return problems
