"""The chrome of a scraped news page around its article: headline, section, datelines,
bylines, menus, buttons and counters, told apart from the article's own text.

A scrape keeps everything a page shows, one element per line. The article starts at its
first line of prose (a sentence of some length); above it is the page's head: menus,
labels, the headline, datelines and bylines. Each rule below names what it drops, and no
rule drops a line that ends a sentence unless it repeats another line word for word, so
every sentence of the article is kept. Words that shape alone cannot tell ("By", "Por",
"Actualizado", "ANZEIGE") come from page_words.toml, per language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .datelines import When, is_time_only, parse_dateline, with_time
from .line_shapes import (
    BRACKETED, COUNTER, CRUMB, FILE_NAME, SHORT_LINE_WORDS, byline, caption_and_credit, credit_line,
    crumb_section, ends_sentence, is_breadcrumb, is_button, is_deck, is_headline, is_menu, is_name, is_note,
    is_promo, is_prose, is_section_label, is_switcher, is_unread_dateline, page_words, starts_with,
)


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True)
class Dropped:
    """A line left out of the article, and the rule that left it out."""

    line: int
    text: str
    reason: str


@dataclass
class PageParts:
    title: str = ""
    section: str = ""
    date: When | None = None
    updated: When | None = None
    authors: list[str] = field(default_factory=list)
    attribution: str = ""
    body: list[Line] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    def drop(self, line: Line, reason: str) -> None:
        self.dropped.append(Dropped(line.number, line.text, reason))


def _glued_breadcrumb(title: str, lang: str) -> tuple[str, str, str]:
    """'Startseite Politik Bundestag …' -> ('Startseite Politik', 'Politik', 'Bundestag …')."""
    rest = starts_with(title, page_words("home", lang))
    if not rest:
        return "", "", title
    section, _, headline = CRUMB.sub(" ", rest).strip().partition(" ")
    if not headline:
        return "", "", title
    return title[: len(title) - len(headline)].strip(), section, headline.strip()


def _dateline(parts: PageParts, line: Line, lang: str, pending_time: Line | None) -> bool:
    label_rest = starts_with(line.text, page_words("updated", lang))
    when = parse_dateline(label_rest or line.text, lang)
    if when is None:
        return False
    if pending_time is not None:
        when = with_time(when, pending_time.text, lang)
    is_update = label_rest is not None
    if parts.date is None and not is_update:
        parts.date = when
        parts.drop(line, "dateline: the date of publication")
    else:
        parts.updated = when if parts.updated is None else parts.updated
        parts.drop(line, "dateline: the date of the last update")
    return True


def _head(parts: PageParts, head: list[Line], lang: str) -> None:
    """Sort the lines above the article's first paragraph."""
    candidates: list[Line] = []
    pending_time: Line | None = None
    for line in head:
        text = line.text
        if is_time_only(text):
            if pending_time is not None:
                parts.drop(pending_time, "a time of day without a date")
            pending_time = line
            continue
        if _dateline(parts, line, lang, pending_time):
            if pending_time is not None:
                parts.drop(pending_time, "dateline: the time of publication")
                pending_time = None
            continue
        names = byline(text, lang)
        if names:
            parts.authors += [n for n in names if n not in parts.authors]
            parts.drop(line, "byline")
        elif is_button(text, lang) or is_promo(text, lang):
            parts.drop(line, "button, ad marker or promotion (page_words.toml)")
        elif is_note(text):
            parts.drop(line, "a number in the page's head: reading time or counter")
        elif credit := credit_line(text, lang):
            parts.attribution = parts.attribution or credit
            parts.drop(line, "credit of the text (an attribution, not the source URL)")
        elif ends_sentence(text) or caption_and_credit(text, lang):
            parts.body.append(line)  # a short sentence or a photo's caption above the article is the article's
        elif is_breadcrumb(text):
            parts.section = parts.section or crumb_section(text, lang)
            parts.drop(line, "breadcrumb: its last step is the section")
        elif is_menu(text, lang) or is_switcher(text):
            parts.drop(line, "navigation: a row of short capitalised items")
        else:
            candidates.append(line)
    if pending_time is not None:
        parts.drop(pending_time, "a time of day without a date")
    _headline_and_labels(parts, candidates, head, lang)


def _headline_and_labels(parts: PageParts, candidates: list[Line], head: list[Line], lang: str) -> None:
    """The headline is the longest headline-shaped line above the article; a short label
    just before it is the section; a name line next to a dateline is a byline."""
    headlines = [line for line in candidates if is_headline(line.text) and not is_name(line.text)]
    numbers = {line.number for line in headlines}
    # A headline-shaped line right under another is its standfirst (one without a full stop).
    standalone = [line for line in headlines if line.number - 1 not in numbers]
    headline = max(standalone, key=lambda line: len(line.text), default=None)
    if headline is not None:
        crumbs, section, parts.title = _glued_breadcrumb(headline.text, lang)
        if crumbs:
            parts.section = parts.section or section
            parts.drop(Line(headline.number, crumbs), "breadcrumb glued to the headline")
        parts.drop(headline, "the headline: the article's title")
    dated = {dropped.line for dropped in parts.dropped if dropped.reason.startswith("dateline")}
    for line in candidates:
        if line is headline:
            continue
        before_headline = headline is not None and line.number < headline.number
        next_to_date = {line.number - 1, line.number + 1} & dated
        if headline is not None and line.number > headline.number and is_deck(line.text):
            parts.body.append(line)  # a standfirst without a full stop (Thai, or a page's style)
        elif is_name(line.text) and (next_to_date or (headline is not None and line.number > headline.number)):
            parts.authors += [line.text] if line.text not in parts.authors else []
            parts.drop(line, "byline: a name next to the dateline or under the headline")
        elif (not parts.section and is_section_label(line.text, lang)
              and (before_headline or headline is None) and _nearest_above(candidates, headline) is line):
            parts.section = line.text
            parts.drop(line, "section label above the headline")
        else:
            parts.drop(line, "page chrome: a short line above the article")


def _nearest_above(candidates: list[Line], headline: Line | None) -> Line | None:
    """The candidate just above the headline; without a headline, the last one of the head."""
    above = [line for line in candidates if headline is None or line.number < headline.number]
    return above[-1] if above else None


def _body(parts: PageParts, lines: list[Line], lang: str) -> None:
    """Inside and after the article: repeats, counters, buttons, bylines, credits and
    datelines are taken out; every other line stays for the block reader. Between the
    first paragraph (often the standfirst) and the second, the page's head may go on:
    datelines, bylines, reading times."""
    buttons = {word.casefold().rstrip(" .…:：") for word in page_words("button", lang)}
    prose = [i for i, line in enumerate(lines) if is_prose(line.text)]
    last_prose = prose[-1] if prose else -1
    top_end = prose[1] if len(prose) > 1 else (len(lines) if prose else 0)  # no prose: no page head either
    seen_title = parts.title.casefold()
    pending_time: Line | None = None
    for index, line in enumerate(lines):
        text = line.text
        if index < top_end and is_time_only(text):
            pending_time = line
            continue
        if not is_prose(text) and _dateline(parts, line, lang, pending_time):
            if pending_time is not None:
                parts.drop(pending_time, "dateline: the time of publication")
                pending_time = None
        elif seen_title and text.casefold() == seen_title:
            parts.drop(line, "the headline again (image alt text)")
        elif COUNTER.match(text):
            parts.drop(line, "counter: a number alone")
        elif text.casefold().rstrip(" .…:：") in buttons or is_promo(text, lang):
            parts.drop(line, "button, ad marker or promotion (page_words.toml)")
        elif not is_prose(text) and (names := byline(text, lang)):
            parts.authors += [n for n in names if n not in parts.authors]
            parts.drop(line, "byline")
        elif index < top_end and is_name(text) and not ends_sentence(text):
            parts.authors += [text] if text not in parts.authors else []
            parts.drop(line, "byline: a name under the headline")
        elif not ends_sentence(text) and (credit := credit_line(text, lang)):
            parts.attribution = parts.attribution or credit
            parts.drop(line, "credit of the text (an attribution, not the source URL)")
        elif index < top_end and (is_note(text) or is_unread_dateline(text)):
            parts.drop(line, "a number under the headline: reading time or counter")
        elif (0 <= last_prose < index and not ends_sentence(text) and len(text.split()) <= 2 * SHORT_LINE_WORDS
              and not FILE_NAME.match(text) and not BRACKETED.match(text)):
            parts.drop(line, "page chrome after the article")
        else:
            if pending_time is not None:
                parts.drop(pending_time, "a time of day without a date")
                pending_time = None
            parts.body.append(line)
    if pending_time is not None:
        parts.drop(pending_time, "a time of day without a date")


def split_page(lines: list[Line], lang: str) -> PageParts:
    """The parts of a scraped page; `lines` are those above its source line."""
    parts = PageParts()
    first = next((i for i, line in enumerate(lines) if is_prose(line.text)), 0)  # no prose: no head to tell apart
    _head(parts, lines[:first], lang)
    _body(parts, lines[first:], lang)
    parts.body.sort(key=lambda line: line.number)
    parts.dropped.sort(key=lambda dropped: dropped.line)
    return parts
