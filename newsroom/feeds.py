"""Atom feeds, one per language, written with ElementTree so every value is escaped."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from .languages import native_name
from .model import Article
from .site_paths import HUGO_FEED
from .views import SiteViews

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def rfc3339(value: dt.date | dt.datetime) -> str:
    """Atom dates: a date is midnight UTC; a naive time is taken as UTC."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.min)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.isoformat().replace("+00:00", "Z")


def _updated(article: Article) -> dt.datetime:
    value = article.date or article.modified or EPOCH
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.min)
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def list_feeds(views: SiteViews) -> dict[str, bytes]:
    """A Hugo site's feeds of its lists, where Hugo published them: each section's, each
    taxonomy's and each term's `index.xml` (site file -> feed), so their subscribers keep them."""
    feeds = {}
    for lang in views.languages:
        for folders, (own, stories) in views.sections_in(lang).items():
            page = views.site_paths.section(lang, folders)
            title = views.section_title(folders, own)
            feeds[f"{page.lstrip('/')}{HUGO_FEED}"] = atom_feed(views, lang, stories, page, title)
        for plural in ("tags", *views.taxonomies()):
            terms = views.terms_in(lang, plural)
            for slug, (term, stories) in terms.items():
                page = views.term_path(lang, plural, slug)
                feeds[f"{page.lstrip('/')}{HUGO_FEED}"] = atom_feed(views, lang, stories, page, term)
            page = views.site_paths.taxonomy(lang, plural)  # the taxonomy's own: its stories with any term
            tagged = {key for _, stories in terms.values() for key, _ in stories}
            stories = [(key, article) for key, article in views.stories_in(lang) if key in tagged]
            feeds[f"{page.lstrip('/')}{HUGO_FEED}"] = atom_feed(views, lang, stories, page, views.taxonomy_title(plural, lang))
    return feeds


def atom_feed(views: SiteViews, lang: str, stories: list[tuple[str, Article]] | None = None, page: str = "",
              title: str = "") -> bytes:
    """A language's feed; or (`stories`, `page`, `title`) the feed of one list page."""
    config = views.config
    stories = (views.stories_in(lang) if stories is None else stories)[:views.config.feed_entries]
    page = page or views.site_paths.language(lang)
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: lang})
    _sub(feed, "title", f"{title} – {config.title_for(lang)}" if title else f"{config.title_for(lang)} – {native_name(lang)}")
    _sub(feed, "id", config.absolute(page))
    self_path = f"{page}{HUGO_FEED}" if title else views.site_paths.feed(lang)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=config.absolute(self_path))
    _sub(feed, "link", rel="alternate", type="text/html", href=config.absolute(page))
    newest = max((_updated(a) for _, a in stories), default=EPOCH)
    _sub(feed, "updated", rfc3339(newest))
    _sub(_sub(feed, "author"), "name", config.title_for(lang))
    _sub(feed, "generator", "newsroom")
    for key, article in stories:
        url = config.absolute(views.paths[(key, lang)])
        entry = _sub(feed, "entry")
        _sub(entry, "title", article.title, type="text")
        _sub(entry, "id", url)
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        if article.source_url:
            _sub(entry, "link", rel="related", type="text/html", href=article.source_url)
        if article.date:
            _sub(entry, "published", rfc3339(article.date))
        _sub(entry, "updated", rfc3339(_updated(article)))
        _sub(entry, "summary", views.describe(article.summary), type="text")
        for tag in article.tags:
            _sub(entry, "category", term=tag)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
