"""Reader for article text as scraped from a news site: no title, date or language tag.

Each non-empty line is one block. The parts of a scraped page are told apart by their
shape, never by words of one language:

* source line   - a short label, a colon (ASCII or full-width) and one http(s) URL;
* attribution   - a short parenthesised line just before the source line;
* figure        - an alt-text line (short, lower case) then a caption ending in a credit
                  such as "Foto: WSJ"; the alt text becomes the figure's alt;
* teaser        - a related-article link repeating one headline twice in different case;
* heading       - a short line with no final punctuation;
* trailing junk - short lines after the source line ("Comment (0)").
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from ..model import Article, Block, Figure, Heading, Paragraph, Quote
from ..slugs import make_slug
from ..urls import is_web_url, without_tracking
from ..content_layout import ContentLayout
from .common import content_path, desk_fields, file_modified, language_of, read_text, section_of, stem_key, title_from_lead
from .datelines import date_from_url
from .front_matter import split_front_matter, validated
from .line_shapes import COUNTER, FILE_NAME, caption_and_credit, is_prose, page_words
from .scraped_page import Dropped, Line, split_page

_SOURCE_LINE = re.compile(r"^(?P<label>[^\W\d_][^:：/]{0,30}?)\s*[:：]\s*(?P<url>https?://\S+)$", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"^[(（](?P<text>[^()（）]{2,80})[)）]$")
_FINAL_PUNCTUATION = ".!?…。！？:;,؟،۔।"  # wider than a sentence end: a line ending so is no heading
_CLOSERS = "\"'»”’)]」』 "
_OPENING_QUOTES = "«“\"„「『"
_CLOSING_QUOTES = "»”\"“」』"
_WORD = re.compile(r"\w[\w'’-]*")

HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 100
ALT_TEXT_MAX_WORDS = 10
TRAILER_MAX_WORDS = 5
ATTRIBUTION_WINDOW = 3


def read_raw_text(path: Path, layout: ContentLayout) -> Article:
    return read_scrape(path, layout)[0]


def explain(path: Path, layout: ContentLayout) -> list[Dropped]:
    """Every line the reader left out of the article, with the rule that left it out."""
    return read_scrape(path, layout)[1]


def read_scrape(path: Path, layout: ContentLayout) -> tuple[Article, list[Dropped]]:
    text = read_text(path)
    front = split_front_matter(path, text, optional=True)
    meta = validated(path, front)
    lines = [Line(n, t.strip()) for n, t in enumerate(front.body.split("\n"), start=front.body_line) if t.strip()]
    body, trailer, source_url, dropped = _split_at_source_line(path, lines, bool(meta.get("source")))
    source_url = without_tracking(meta.get("source") or source_url)
    lang = language_of(path, meta.get("lang"), front.lines.get("lang"),
                       lambda: "\n".join(line.text for line in body if is_prose(line.text)) or "\n".join(l.text for l in body),
                       layout, use_default=False)
    parts = split_page(body, lang)
    attribution, kept = _take_attribution(parts.body)
    blocks = _blocks(kept + trailer, dropped, lang)
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    if not paragraphs:
        raise SourceError(path, "no article text before the source line", "paste the article's paragraphs above it")
    lead = paragraphs[0]
    title = meta.get("title") or parts.title or title_from_lead(lead)
    section = meta.get("section") or parts.section
    article = Article(
        lang=lang,
        title=title,
        slug=make_slug(meta.get("slug") or title),
        blocks=tuple(blocks),
        source_path=path,
        summary=meta.get("summary") or lead,
        date=meta.get("date") or parts.date or date_from_url(source_url),
        attribution=meta.get("attribution") or attribution or parts.attribution,
        source_url=source_url,
        translation_key=meta.get("translation_key", ""),
        stem_key=stem_key(path, layout), content_path=content_path(path, layout),
        modified=file_modified(path),
        section=make_slug(section, "section") if section else section_of(path, layout),
        authors=meta.get("authors") or tuple(parts.authors),
        updated=meta.get("updated") or parts.updated,
        canonical=meta.get("canonical", ""),
        tags=meta.get("tags", ()),
        image=meta.get("image", ""),
        draft=bool(meta.get("draft", False)),
        **desk_fields(meta),
    )
    return article, sorted(dropped + parts.dropped, key=lambda d: d.line)


def _split_at_source_line(path: Path, lines: list[Line],
                          source_given: bool) -> tuple[list[Line], list[Line], str, list[Dropped]]:
    """(the lines above the source line, those kept after it, its URL, those dropped after it)."""
    index = _find_source_line(lines)
    if index is None:
        if not source_given:
            raise SourceError(path, "no source line found", "end the article with a line like 'Source: "
                              "https://example.com/original-article', or give source: in front matter")
        return lines, [], "", []
    url = _SOURCE_LINE.match(lines[index].text).group("url")
    if not is_web_url(url):
        raise SourceError(path, f"the source URL {url!r} is not a web address", "use an http(s) URL", lines[index].number)
    after = lines[index + 1:]
    trailer = [line for line in after if not _is_trailing_junk(line.text) and not COUNTER.match(line.text)]
    dropped = [Dropped(line.number, line.text, "short line after the source line") for line in after if line not in trailer]
    return lines[:index], trailer, url, dropped


def _find_source_line(lines: list[Line]) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        match = _SOURCE_LINE.match(lines[index].text)
        if match and len(match.group("label").split()) <= 3:
            return index
    return None


def _is_trailing_junk(text: str) -> bool:
    return len(text.split()) <= TRAILER_MAX_WORDS and not _ends_punctuated(text)


def _take_attribution(body: list[Line]) -> tuple[str, list[Line]]:
    """The last parenthesised short line close to the end is the attribution."""
    for offset in range(1, min(ATTRIBUTION_WINDOW, len(body)) + 1):
        match = _ATTRIBUTION.match(body[-offset].text)
        if match:
            text = match.group("text").strip()
            label, colon, rest = text.partition(":")
            if colon and rest.strip() and any(ch.isalpha() for ch in label) and len(label.split()) <= 2:  # "(इनपुट: पीटीआई)": who, not the label
                text = rest.strip()
            return text, body[:-offset] + body[len(body) - offset + 1 :]
    return "", body


def _ends_punctuated(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL_PUNCTUATION


def _words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in _WORD.findall(text)]


def _is_teaser(text: str) -> bool:
    """A related-article link: one headline twice, e.g. 'Title Case: X Y' then 'Title case: x y'."""
    if _ends_punctuated(text):
        return False
    tokens = text.split()
    best = 0.0
    for split in range(3, len(tokens) - 2):
        first, second = _words(" ".join(tokens[:split])), _words(" ".join(tokens[split:]))
        if len(first) < 3 or len(second) < 3 or first[0] != second[0]:
            continue
        if not tokens[split].lstrip(_OPENING_QUOTES + "'‘")[:1].isupper():
            continue
        a, b = set(first), set(second)
        best = max(best, len(a & b) / len(a | b))
    return best >= 0.35


def _is_alt_text(text: str) -> bool:
    """Short, all lower case, no final punctuation: in a script with capitals only, since
    in Thai or Arabic every line would look like it."""
    return (len(text.split()) <= ALT_TEXT_MAX_WORDS and text == text.lower() and text != text.upper()
            and not _ends_punctuated(text))


def _is_heading(text: str) -> bool:
    return len(text.split()) <= HEADING_MAX_WORDS and len(text) <= HEADING_MAX_CHARS and not _ends_punctuated(text)


def _is_quote(text: str) -> bool:
    """A paragraph that is entirely one quotation, with nothing said around it."""
    if len(text) < 2 or text[0] not in _OPENING_QUOTES or text[-1] not in _CLOSING_QUOTES:
        return False
    inner = text[1:-1]
    return not any(ch in _CLOSING_QUOTES for ch in inner) and _ends_punctuated(inner)


def _blocks(lines: list[Line], dropped: list[Dropped], lang: str) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        text = lines[index].text
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        caption = caption_and_credit(text, lang)
        following_caption = caption_and_credit(following, lang)
        if following_caption and (_is_alt_text(text) or FILE_NAME.match(text)):
            alt = "" if FILE_NAME.match(text) else text
            if not alt:
                dropped.append(Dropped(lines[index].number, text, "image file name above its caption"))
            blocks.append(Figure(*following_caption, alt=alt))
            index += 2
        elif (pair := _two_line_caption(text, following, lang)) is not None:
            blocks.append(Figure(*pair))
            index += 2
        elif caption and (index > 0 or not is_prose(text)):
            blocks.append(Figure(*caption))
            index += 1
        else:
            blocks.append(_text_block(lines[index], index, dropped))
            index += 1
        if index < len(lines) and isinstance(blocks[-1], Figure) and lines[index].text == lines[index - 1].text:
            dropped.append(Dropped(lines[index].number, lines[index].text, "the caption again"))
            index += 1
    return [block for block in blocks if block is not None]


def _text_block(line: Line, index: int, dropped: list[Dropped]) -> Block | None:
    text = line.text
    if _is_teaser(text):
        dropped.append(Dropped(line.number, text, "teaser: a related article's headline, twice"))
        return None
    if index > 0 and _is_heading(text):
        return Heading(text)
    if _is_quote(text):
        return Quote(text[1:-1].strip())
    return Paragraph(text)


def _two_line_caption(text: str, following: str, lang: str) -> tuple[str, str] | None:
    """'Crédit, AFP' then 'Légende, Une pirogue regagne le port.'"""
    credit_labels, caption_labels = page_words("credit_label", lang), page_words("caption_label", lang)
    if not (_starts_with_any(text, credit_labels) and _starts_with_any(following, caption_labels)):
        return None
    caption = following.split(",", 1)[1] if "," in following else following.split(":", 1)[-1]
    return caption.strip(), text.strip()


def _starts_with_any(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.casefold()
    return any(lowered.startswith(word) and (len(lowered) == len(word) or not lowered[len(word)].isalnum())
               for word in words)
