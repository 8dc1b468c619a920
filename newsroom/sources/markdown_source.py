"""Reader for Markdown with YAML (`---`) or TOML (`+++`) front matter, Hugo-style."""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import nh3

from ..errors import SourceError
from ..model import Article, SanitisedHtml
from ..slugs import make_slug
from ..urls import without_tracking
from .front_matter import FrontMatter, split_front_matter, validated
from .common import content_path, file_modified, language_of, read_text, section_of, stem_key, title_from_lead
from ..content_layout import ContentLayout

_SAFE_URL_SCHEMES = {"http", "https", "mailto"}
SECTION_FILE = "_index."  # Hugo's branch bundle: `posts/_index.md` describes the posts section


def read_markdown(path: Path, layout: ContentLayout) -> Article:
    text = read_text(path)
    front = split_front_matter(path, text)
    meta = validated(path, front, layout.taxonomies, layout.hugo)
    return article_from_front_matter(path, layout, meta, front, render_markdown(front.body))


def article_from_front_matter(path: Path, layout: ContentLayout, meta: dict[str, Any], front: FrontMatter,
                              body_html: str) -> Article:
    """An article whose front matter says what it is and whose body is sanitised HTML."""
    lead = meta.get("summary") or _first_paragraph_text(body_html)
    kind = "section" if path.name.startswith(SECTION_FILE) else "page"
    if not lead and not meta.get("title") and kind == "page":
        raise SourceError(path, "the article has neither a title nor any text", "add a title in the front matter and the article below it")
    lang = language_of(path, meta.get("lang"), front.lines.get("lang"),
                       lambda: _plain_text(body_html) or meta.get("title", ""), layout)
    title = meta.get("title") or ("" if kind == "section" else title_from_lead(lead))  # a section untitled: its folder's name
    build = meta.get("build", {})
    visible = not meta.get("headless", False)
    return Article(
        lang=lang,
        title=title,
        slug=make_slug(meta.get("slug") or title),
        blocks=(SanitisedHtml(body_html),) if body_html else (),
        source_path=path,
        summary=lead,
        date=meta.get("date") or meta.get("publish_date") or meta.get("updated"),
        attribution=meta.get("attribution", ""),
        source_url=without_tracking(meta["source"]) if meta.get("source") else "",
        translation_key=meta.get("translation_key", ""),
        stem_key=stem_key(path, layout),
        modified=file_modified(path),
        tags=meta.get("tags", ()),
        authors=meta.get("authors", ()),
        updated=meta.get("updated"),
        canonical=meta.get("canonical", ""),
        image=meta.get("image", ""),
        draft=bool(meta.get("draft", False)),
        section=make_slug(meta["section"], "section") if meta.get("section") else section_of(path, layout),
        content_path=content_path(path, layout),
        slug_given=meta.get("slug", ""),
        url=meta.get("url", ""),
        aliases=meta.get("aliases", ()),
        publish_date=meta.get("publish_date"),
        expiry_date=meta.get("expiry_date"),
        render=visible and build.get("render", True),
        listed=visible and build.get("list", True),
        weight=meta.get("weight", 0),
        link_title=meta.get("link_title", ""),
        taxonomies=tuple(sorted(meta.get("taxonomies", {}).items())),
        kind=kind,
    )


@lru_cache(maxsize=1)
def _markdown_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def render_markdown(body: str) -> str:
    """Markdown to HTML, then sanitised: raw HTML in a source never carries script."""
    converter = _markdown_converter()
    converter.reset()
    return sanitise_html(converter.convert(body))


def sanitise_html(fragment: str) -> str:
    """HTML from a source, cleaned by nh3: no script, no event handler, no javascript: link."""
    return nh3.clean(fragment, url_schemes=_SAFE_URL_SCHEMES, link_rel="noopener noreferrer").strip()


class _TextCollector(HTMLParser):
    def __init__(self, first_paragraph_only: bool):
        super().__init__()
        self.first_only = first_paragraph_only
        self.depth = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            self.parts.append(" ")
            if self.first_only and self.parts and "".join(self.parts).strip():
                self.done = True

    def handle_data(self, data):
        if not self.done and (self.depth or not self.first_only):
            self.parts.append(data)


def _first_paragraph_text(fragment: str) -> str:
    collector = _TextCollector(first_paragraph_only=True)
    end = fragment.find("</p>")
    collector.feed(fragment if end == -1 else fragment[: end + 4])
    return re.sub(r"\s+", " ", "".join(collector.parts)).strip()


def _plain_text(fragment: str) -> str:
    collector = _TextCollector(first_paragraph_only=False)
    collector.feed(fragment)
    return re.sub(r"\s+", " ", "".join(collector.parts)).strip()
