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
class ShortcodeCall:
    """A Hugo shortcode in a body: its placeholder word in the HTML, and what the template
    that replaces it gets (`shortcodes/NAME.html`)."""

    token: str
    name: str
    args: tuple[str, ...]  # positional arguments
    named: tuple[tuple[str, str], ...]  # name=value arguments
    inner: str | None  # the text between opening and closing tag; None when there is none
    inner_html: str  # that text as Markdown, sanitised (placeholders of nested calls in it)
    markdown: bool  # written {{% %}}
    line: int  # in the source file


@dataclass(frozen=True)
class SanitisedHtml:
    """Markdown rendered to HTML and cleaned by nh3: safe to insert as is. Shortcodes stay
    placeholders until the renderer puts their templates' output in (trusted: the theme's)."""

    kind: ClassVar[str] = "html"
    html: str
    shortcodes: tuple[ShortcodeCall, ...] = ()


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
    # Where the page goes and when, as Hugo front matter says (any Markdown source may):
    content_path: str = ""  # below its language's content folder, no language suffix: 'posts/a.md'
    slug_given: str = ""  # the front matter slug as written (Hugo's :slug), not derived from the title
    url: str = ""  # a site path the page claims outright (front matter url)
    aliases: tuple[str, ...] = ()  # older paths that redirect to the page
    publish_date: dt.date | dt.datetime | None = None  # not published before
    expiry_date: dt.date | dt.datetime | None = None  # not published from then on
    render: bool = True  # has a page of its own (Hugo build.render, headless)
    listed: bool = True  # appears in lists, feeds and search (Hugo build.list, headless)
    weight: int = 0  # orders pages before their date does, when set (Hugo)
    link_title: str = ""  # a shorter title for links and menus
    taxonomies: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ('categories', ('Reports',)): besides tags
    kind: str = "page"  # "section" for a folder's _index file (Hugo's branch bundle): it describes a list
    # What the body refers to that only the site can resolve: relative links and images, and
    # ref/relref targets (a bundle's file, another page's source); resolved per page by views.
    references: tuple[str, ...] = ()
    shortcodes: tuple[tuple[str, int, str], ...] = ()  # (name, line, the page a ref names) of each shortcode called
    params: tuple[tuple[str, str], ...] = ()  # front matter values by lowercased key, as text (Hugo's .Params)
    # The translation desk (see desk): which version is the original, what a translation was made from.
    original: bool = False  # front matter `original: true`: this version is the one the others translate
    translated_from: str = ""  # desk_text.text_hash of the original's text this translation was made from
    minor: bool = False  # on an original: its latest edit needs no new translation
    text_hash: str = ""  # desk_text.text_hash of this version's own text (set by sources.read_source)


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
    # A section's own page (its _index file) by (content folder, language): 'posts', 'docs/guide'.
    sections: Mapping[tuple[str, str], Article] = field(default_factory=dict)

    def article(self, story_key: str, lang: str) -> Article:
        return self.articles[(story_key, lang)]

    def in_language(self, lang: str) -> list[tuple[str, Article]]:
        return [(key, a) for (key, a_lang), a in self.articles.items() if a_lang == lang]
