"""sitemap.xml (with hreflang alternates), a Google News sitemap, and robots.txt.

Both sitemaps are made from the same PageSpecs as the pages, so a page's hreflang links
and its sitemap entry can never disagree.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .feeds import rfc3339
from .page_spec import PageSpec
from .views import SiteViews, sortable_date

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_WINDOW = dt.timedelta(days=2)
# Google News names a few languages by its own codes.
_NEWS_LANGUAGE = {"zh-Hans": "zh-cn", "zh-Hant": "zh-tw", "zh": "zh-cn"}


def _tostring(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


SitemapEntry = tuple[str, str, tuple[tuple[str, str], ...]]  # canonical URL, lastmod, (hreflang, href) alternates


def sitemap_entry(page: PageSpec) -> SitemapEntry | None:
    """A page's sitemap entry, None for a page search engines should not index."""
    if not page.meta.indexable or not page.meta.listed:
        return None
    return page.meta.canonical, page.meta.lastmod, tuple((a.hreflang, a.href) for a in page.meta.alternates)


def sitemap(entries: Iterable[SitemapEntry | None]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for entry in entries:
        if entry is None:
            continue
        canonical, lastmod, alternates = entry
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = canonical
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod
        for hreflang, href in alternates:
            ET.SubElement(url, "xhtml:link", {"rel": "alternate", "hreflang": hreflang, "href": href})
    return _tostring(root)


def news_sitemap(views: SiteViews, now: dt.datetime) -> bytes | None:
    """Articles published within two days of `now`, as Google News asks; None when none are
    (an empty urlset is not a valid sitemap)."""
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
    cutoff = sortable_date(now) - NEWS_WINDOW
    for (key, lang), article in views.index.articles.items():
        if article.date is None or sortable_date(article.date) < cutoff:
            continue
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = views.config.absolute(views.paths[(key, lang)])
        news = ET.SubElement(url, "news:news")
        publication = ET.SubElement(news, "news:publication")
        ET.SubElement(publication, "news:name").text = views.config.title_for(lang)
        ET.SubElement(publication, "news:language").text = _NEWS_LANGUAGE.get(lang, lang.split("-")[0])
        ET.SubElement(news, "news:publication_date").text = rfc3339(article.date)
        ET.SubElement(news, "news:title").text = article.title
    return _tostring(root) if len(root) else None


def news_sitemap_expiry(views: SiteViews, now: dt.datetime) -> dt.datetime | None:
    """When the news sitemap changes with nothing edited: its oldest article ages out."""
    cutoff = sortable_date(now) - NEWS_WINDOW
    dates = [sortable_date(a.date) for a in views.index.articles.values() if a.date and sortable_date(a.date) >= cutoff]
    return (min(dates) + NEWS_WINDOW).replace(tzinfo=dt.timezone.utc) if dates else None


def robots_txt(views: SiteViews, sitemaps: list[str]) -> str:
    lines = ["User-agent: *", "Allow: /", ""] + [f"Sitemap: {views.config.absolute('/' + name)}" for name in sitemaps]
    return "\n".join(lines) + "\n"
