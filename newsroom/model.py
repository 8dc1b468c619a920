"""The shared, immutable article model every reader produces and every page reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Union


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 2


@dataclass(frozen=True)
class Figure:
    """An image's caption; scraped text keeps the caption even when the image is gone."""

    kind: ClassVar[str] = "figure"
    caption: str
    credit: str = ""
    alt: str = ""
    src: str = ""


@dataclass(frozen=True)
class Quote:
    kind: ClassVar[str] = "quote"
    text: str


@dataclass(frozen=True)
class SanitisedHtml:
    """Markdown rendered to HTML and cleaned by nh3: safe to insert as is."""

    kind: ClassVar[str] = "html"
    html: str


Block = Union[Paragraph, Heading, Figure, Quote, SanitisedHtml]


@dataclass(frozen=True)
class Article:
    """One language version of one story, as read from one source file."""

    lang: str
    title: str
    slug: str
    blocks: tuple[Block, ...]
    source_path: Path
    summary: str = ""
    date: dt.date | dt.datetime | None = None
    attribution: str = ""
    source_url: str = ""
    translation_key: str = ""
    stem_key: str = ""
    tags: tuple[str, ...] = ()
    image: str = ""
    draft: bool = False
    modified: dt.datetime | None = None
    section: str = ""  # Hugo's sense: the first folder below content/, or front matter `section`
    authors: tuple[str, ...] = ()
    updated: dt.date | dt.datetime | None = None  # a revision the source states (not the file's mtime)
    canonical: str = ""  # the URL that should rank for this text, when it is a copy


@dataclass(frozen=True)
class Story:
    """The language versions of one story, linked by key, never by object reference."""

    key: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class SiteIndex:
    """Everything the renderer needs: articles addressed by (story key, language)."""

    articles: Mapping[tuple[str, str], Article] = field(default_factory=dict)
    stories: Mapping[str, Story] = field(default_factory=dict)
    slugs: Mapping[tuple[str, str], str] = field(default_factory=dict)
    languages: tuple[str, ...] = ()

    def article(self, story_key: str, lang: str) -> Article:
        return self.articles[(story_key, lang)]

    def in_language(self, lang: str) -> list[tuple[str, Article]]:
        return [(key, a) for (key, a_lang), a in self.articles.items() if a_lang == lang]
