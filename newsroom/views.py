"""Read-only views of the site index, shaped for templates: URLs, names, dates resolved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date

from .grouping import story_key
from .languages import babel_locale, native_name, text_direction, url_segment
from .model import Article, Block, SiteIndex
from .urls import display_host

LATEST_ON_HOME = 5


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str
    url: str
    dir: str
    current: bool = False


@dataclass(frozen=True)
class StoryCard:
    lang: str
    title: str
    url: str
    summary: str
    date_iso: str
    date_text: str


@dataclass(frozen=True)
class ArticleView:
    lang: str
    dir: str
    title: str
    url: str
    summary: str
    blocks: tuple[Block, ...]
    date_iso: str
    date_text: str
    attribution: str
    source_url: str
    source_host: str
    tags: tuple[str, ...]
    translations: tuple[LanguageLink, ...]
    x_default_url: str


@dataclass(frozen=True)
class LanguageSection:
    link: LanguageLink
    stories: tuple[StoryCard, ...]


def article_url(lang: str, slug: str) -> str:
    return f"/{url_segment(lang)}/{slug}/"


def language_url(lang: str) -> str:
    return f"/{url_segment(lang)}/"


def output_path(url: str) -> str:
    """The file under site/ that serves a directory-style URL."""
    return url.strip("/") + "/index.html" if url.strip("/") else "index.html"


def default_language(index: SiteIndex) -> str:
    """The language with the most stories; it names x-default and speaks on the home page."""
    if not index.languages:
        return "en"
    counts = {lang: 0 for lang in index.languages}
    for _, lang in index.articles:
        counts[lang] += 1
    return min(index.languages, key=lambda lang: (-counts[lang], lang))


def _sortable_date(date: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(date, dt.datetime):
        return date.astimezone(dt.timezone.utc).replace(tzinfo=None) if date.tzinfo else date
    return dt.datetime.combine(date, dt.time.min)


def newest_first(articles: list[tuple[str, Article]]) -> list[tuple[str, Article]]:
    """Dated stories newest first; undated ones after them, in title order."""
    dated = sorted((p for p in articles if p[1].date), key=lambda p: (_sortable_date(p[1].date), p[1].title), reverse=True)
    undated = sorted((p for p in articles if not p[1].date), key=lambda p: (p[1].title.casefold(), p[0]))
    return dated + undated


def _teaser(article: Article) -> str:
    """The summary for a story list, without repeating a title taken from its first words."""
    if article.summary.startswith(article.title) and len(article.summary) > len(article.title) + 1:
        return article.summary[len(article.title):].lstrip(" .。!?").strip()
    return article.summary


def _date_fields(article: Article) -> tuple[str, str]:
    if article.date is None:
        return "", ""
    day = article.date.date() if isinstance(article.date, dt.datetime) else article.date
    return article.date.isoformat(), format_date(day, format="long", locale=babel_locale(article.lang))


class SiteViews:
    """Builds the views of one index; URLs and names are computed once, not per page."""

    def __init__(self, index: SiteIndex):
        self.index = index
        self.default_lang = default_language(index)
        self.urls = {pair: article_url(pair[1], slug) for pair, slug in index.slugs.items()}

    def language_links(self, current: str | None = None) -> tuple[LanguageLink, ...]:
        return tuple(
            LanguageLink(lang, native_name(lang), language_url(lang), text_direction(lang), lang == current)
            for lang in self.index.languages
        )

    def card(self, key: str, article: Article) -> StoryCard:
        date_iso, date_text = _date_fields(article)
        return StoryCard(article.lang, article.title, self.urls[(key, article.lang)], _teaser(article), date_iso, date_text)

    def article(self, article: Article) -> ArticleView:
        key = story_key(article)
        langs = self.index.stories[key].languages
        translations = tuple(
            LanguageLink(lang, native_name(lang), self.urls[(key, lang)], text_direction(lang), lang == article.lang)
            for lang in langs
        )
        x_default_lang = self.default_lang if self.default_lang in langs else langs[0]
        date_iso, date_text = _date_fields(article)
        return ArticleView(
            lang=article.lang,
            dir=text_direction(article.lang),
            title=article.title,
            url=self.urls[(key, article.lang)],
            summary=article.summary,
            blocks=article.blocks,
            date_iso=date_iso,
            date_text=date_text,
            attribution=article.attribution,
            source_url=article.source_url,
            source_host=display_host(article.source_url) if article.source_url else "",
            tags=article.tags,
            translations=translations,
            x_default_url=self.urls[(key, x_default_lang)],
        )

    def stories_in(self, lang: str, limit: int | None = None) -> tuple[StoryCard, ...]:
        ordered = newest_first(self.index.in_language(lang))
        return tuple(self.card(key, article) for key, article in ordered[:limit])

    def home_sections(self) -> tuple[LanguageSection, ...]:
        return tuple(
            LanguageSection(link, self.stories_in(link.lang, LATEST_ON_HOME)) for link in self.language_links()
        )
