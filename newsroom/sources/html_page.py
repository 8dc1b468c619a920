"""Reader for a news page saved as HTML (a browser's "Save page", a crawler's dump).

The article's text is found by trafilatura, which sets the page's menus, comments and
footers aside; what the page states about itself wins over any guess: its schema.org
JSON-LD (headline, dates with their time zone, authors, section), then Open Graph and
the canonical link, then trafilatura's own metadata. Only text comes out of the page
(every block is escaped when rendered) and images only with http(s) addresses, so a
saved page's scripts, event handlers and `javascript:` links never reach the site.

A `.html` file that opens with front matter is a content fragment (as Hugo has them):
its body is sanitised with nh3 like raw HTML in Markdown.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..model import Article, Block, Figure, Heading, Paragraph, Quote, SanitisedHtml
from ..slugs import make_slug
from ..urls import is_web_url, without_tracking
from ..content_layout import ContentLayout
from .common import content_path, file_modified, language_of, read_text, section_of, stem_key, title_from_lead
from .datelines import date_from_url
from .front_matter import split_front_matter, validated

_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "OpinionNewsArticle", "LiveBlogPosting", "Report"}
_HEADING_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}


def read_html(path: Path, layout: ContentLayout) -> Article:
    text = read_text(path, declared_charset)
    front = split_front_matter(path, text)
    if front.values:
        return _fragment(path, layout, front)
    from lxml import html as lxml_html

    try:
        page = lxml_html.document_fromstring(text)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise SourceError(path, f"not an HTML page ({exc})", "save the page as HTML, or move the file out of content/") from None
    facts = _page_facts(page)
    blocks = _article_blocks(text, page)
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    if not paragraphs:
        raise SourceError(path, "no article text found in the page", "save the article's own page, not a list of articles")
    title = facts.get("title") or title_from_lead(paragraphs[0])
    if blocks and isinstance(blocks[0], Heading) and blocks[0].text.strip() == title.strip():
        blocks = blocks[1:]  # the headline is the title, not a heading of the body
    source = without_tracking(facts["source"]) if facts.get("source") else ""
    lang = language_of(path, facts.get("lang"), None, "\n".join(paragraphs), layout, use_default=False)
    blocks = [_with_credit(block, lang) for block in blocks]
    return Article(
        lang=lang, title=title, slug=make_slug(title), blocks=tuple(blocks), source_path=path,
        summary=facts.get("description") or paragraphs[0],
        date=facts.get("date") or (date_from_url(source) if source else None),
        source_url=source, stem_key=stem_key(path, layout), content_path=content_path(path, layout), modified=file_modified(path),
        section=make_slug(facts["section"], "section") if facts.get("section") else section_of(path, layout),
        authors=tuple(facts.get("authors", ())), updated=facts.get("updated"),
        image=facts.get("image", ""),
    )


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding a saved page declares in its first kilobytes (<meta charset="…"> or the
    http-equiv Content-Type): browsers save a page in its own encoding."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _fragment(path: Path, layout: ContentLayout, front: Any) -> Article:
    from .markdown_source import article_from_front_matter, sanitise_html

    meta = validated(path, front, layout.taxonomies, layout.hugo)
    return article_from_front_matter(path, layout, meta, front, sanitise_html(front.body))


def _page_facts(page: Any) -> dict[str, Any]:
    """What the page says about itself, the most reliable statement first."""
    facts: dict[str, Any] = {}
    meta = {(m.get("property") or m.get("name") or "").lower(): (m.get("content") or "").strip()
            for m in page.iter("meta") if m.get("content")}
    canonical = next((link.get("href", "") for link in page.iter("link") if "canonical" in (link.get("rel") or "").split()), "")
    data = _json_ld_article(page)
    h1 = next((" ".join(h.text_content().split()) for h in page.iter("h1")), "")
    facts["title"] = _text(data.get("headline")) or meta.get("og:title") or h1 or _text(page.findtext(".//title"))
    facts["description"] = meta.get("og:description") or meta.get("description", "")
    facts["date"] = _when(data.get("datePublished")) or _when(meta.get("article:published_time"))
    facts["updated"] = _when(data.get("dateModified")) or _when(meta.get("article:modified_time"))
    facts["authors"] = _authors(data.get("author")) or [a for a in [meta.get("author", "")] if a]
    facts["section"] = _text(data.get("articleSection")) or meta.get("article:section", "")
    isbased = data.get("isBasedOn")
    original = isbased if isinstance(isbased, str) else (isbased or {}).get("url", "") if isinstance(isbased, dict) else ""
    facts["source"] = next((url for url in (original, canonical, meta.get("og:url", ""), _text(data.get("url")))
                            if url and is_web_url(url)), "")
    image = meta.get("og:image", "")
    facts["image"] = image if is_web_url(image) else ""
    facts["lang"] = (page.get("lang") or _text(data.get("inLanguage")) or "").strip() or None
    if facts["updated"] and facts["date"] and _sortable(facts["updated"]) <= _sortable(facts["date"]):
        facts["updated"] = None
    return facts


def _json_ld_article(page: Any) -> dict[str, Any]:
    """The page's schema.org article object, if its JSON-LD has one."""
    for script in page.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for item in _items(data):
            kinds = item.get("@type")
            kinds = {kinds} if isinstance(kinds, str) else set(kinds or ())
            if kinds & _ARTICLE_TYPES:
                return item
    return {}


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for entry in data for item in _items(entry)]
    if isinstance(data, dict):
        return [data] + _items(data.get("@graph", []))
    return []


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _authors(value: Any) -> list[str]:
    names = []
    for entry in value if isinstance(value, list) else [value]:
        name = _text(entry.get("name")) if isinstance(entry, dict) else _text(entry)
        if name and name not in names:
            names.append(name)
    return names


def _when(value: Any) -> dt.date | dt.datetime | None:
    text = _text(value)
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.date() if len(text) <= 10 else parsed


def _sortable(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    return dt.datetime.combine(value, dt.time.min)


def _article_blocks(text: str, page: Any) -> list[Block]:
    """The article body as trafilatura finds it, as blocks of plain text."""
    import trafilatura
    from lxml import etree

    extracted = trafilatura.extract(text, output_format="xml", include_images=True, include_formatting=False,
                                    include_links=False, include_comments=False, include_tables=False)
    if not extracted:
        return []
    captions = _figure_captions(page)
    blocks: list[Block] = []
    for element in etree.fromstring(extracted.encode("utf-8")).iter("head", "p", "quote", "graphic", "list"):
        if element.getparent() is not None and element.getparent().tag in ("quote", "item"):
            continue
        block = _block(element, captions)
        if block is not None:
            blocks.append(block)
    return blocks


def _block(element: Any, captions: dict[str, str]) -> Block | None:
    import html

    content = " ".join("".join(element.itertext()).split())
    if element.tag == "graphic":
        src = element.get("src", "")
        caption = captions.get(src, "") or element.get("title", "")
        if not is_web_url(src) and not caption:
            return None
        return Figure(caption=caption, alt=element.get("alt", ""), src=src if is_web_url(src) else "")
    if not content:
        return None
    if element.tag == "head":
        return Heading(content, _HEADING_LEVELS.get(element.get("rend", "h2"), 2))
    if element.tag == "quote":
        return Quote(content)
    if element.tag == "list":
        items = ["".join(" ".join(item.itertext()).split()) for item in element.iter("item")]
        return SanitisedHtml("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items if i) + "</ul>")
    return Paragraph(content)


def _with_credit(block: Block, lang: str) -> Block:
    """'Una torre en Madrid. Foto: EFE' -> the caption and its credit, as in scraped text."""
    from dataclasses import replace

    from .scraped_page import caption_and_credit

    if isinstance(block, Figure) and not block.credit and (split := caption_and_credit(block.caption, lang)):
        return replace(block, caption=split[0], credit=split[1])
    return block


def _figure_captions(page: Any) -> dict[str, str]:
    """Image address -> its <figcaption>, which trafilatura leaves out."""
    captions = {}
    for figure in page.iter("figure"):
        caption = figure.find(".//figcaption")
        text = " ".join(caption.text_content().split()) if caption is not None else ""
        for image in figure.iter("img"):
            if image.get("src") and text:
                captions[image.get("src")] = text
    return captions
