"""Readers, one per source format; each turns a path into an Article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..discovery import SOURCE_SUFFIXES, discover_sources, is_ignored  # noqa: F401  (the sources' public face)
from ..desk_text import paragraphs, text_hash
from ..model import Article
from .html_page import read_html
from ..content_layout import ContentLayout
from .markdown_source import read_markdown
from .raw_text import read_raw_text

Reader = Callable[[Path, ContentLayout], Article]

READERS: dict[str, Reader] = {
    ".txt": read_raw_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}
assert set(READERS) == set(SOURCE_SUFFIXES), "discovery finds exactly the formats there are readers for"


def read_source(path: Path, layout: ContentLayout) -> Article:
    """The article in `path`, with the hash of its text that the translation desk compares."""
    article = READERS[path.suffix.lower()](path, layout)
    return replace(article, text_hash=text_hash(paragraphs(article)))
