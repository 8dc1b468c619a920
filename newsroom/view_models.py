"""What templates are handed: read-only records of links, cards and articles (built by views)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Block


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str
    url: str
    dir: str
    current: bool = False


@dataclass(frozen=True)
class TagLink:
    name: str
    url: str
    count: int = 0


@dataclass(frozen=True)
class AuthorLink:
    name: str
    url: str
    path: str  # the author's page, a site path (url is it under the base path)
    separator: str = ""  # what follows the name in a byline: ", ", " and ", … in the page's language


@dataclass(frozen=True)
class StoryCard:
    lang: str
    dir: str
    title: str
    url: str
    summary: str
    date_iso: str
    date_text: str
    language_name: str


@dataclass(frozen=True)
class ArticleView:
    key: str
    lang: str
    dir: str
    title: str
    url: str
    summary: str
    blocks: tuple[Block, ...]
    date_iso: str
    date_text: str
    modified_iso: str
    attribution: str
    source_url: str
    source_host: str
    image: str
    tags: tuple[TagLink, ...]
    translations: tuple[LanguageLink, ...]
    x_default_lang: str
    authors: tuple[AuthorLink, ...] = ()
    canonical: str = ""  # another copy's URL, when this one should not rank
    updated_iso: str = ""  # a revision stated by the source, later than the date
    updated_text: str = ""
    links: tuple[tuple[str, str], ...] = ()  # the body's local references -> site paths (see bundles)
    terms: tuple[tuple[str, tuple[TagLink, ...]], ...] = ()  # a Hugo site's other taxonomies: ('Categories', links)
    params: tuple[tuple[str, str], ...] = ()  # front matter by lowercased key, as text (Hugo's .Params)
    original: OriginalLink | None = None  # on a translation: where its original is


@dataclass(frozen=True)
class OriginalLink:
    """A translation's original: a version in this site, or the news site's page (see desk)."""

    lang: str
    name: str  # the language in its own name
    dir: str
    site: str  # the news site's host, or this site's title
    site_url: str  # the page the story was published on, or the original's page here
    url: str  # the original's page in this site ("" when it is not here)
    stale: bool  # changed since the translation was made (translated_from), and the site shows notices
    compare_url: str = ""  # the side-by-side page of the two, when the site has the desk's pages
