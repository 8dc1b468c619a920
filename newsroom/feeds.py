"""Atom feeds, one per language, written with ElementTree so every value is escaped."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from .languages import native_name
from .model import Article
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


def atom_feed(views: SiteViews, lang: str) -> bytes:
    config = views.config
    stories = views.stories_in(lang)[:views.config.feed_entries]
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: lang})
    _sub(feed, "title", f"{config.title_for(lang)} – {native_name(lang)}")
    _sub(feed, "id", config.absolute(views.site_paths.language(lang)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=config.absolute(views.site_paths.feed(lang)))
    _sub(feed, "link", rel="alternate", type="text/html", href=config.absolute(views.site_paths.language(lang)))
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
