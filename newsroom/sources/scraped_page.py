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

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .datelines import When, ascii_digits, is_time_only, parse_dateline, with_time

PROSE_MIN_WORDS = 6  # the first line of the article: a sentence this long
PROSE_MIN_CHARS = 25  # for scripts written without spaces
MENU_MIN_ITEMS = 4
HEADLINE_MIN_WORDS = 4
HEADLINE_MIN_CHARS = 12
SECTION_MAX_WORDS = 3
BYLINE_MAX_WORDS = 10
SHORT_LINE_WORDS = 5
PROMO_MAX_WORDS = 20
_FINAL = ".!?…。！？؟۔।"
_CLOSERS = "\"'»”’)]」』）】 "
_BULLETS = "•·*-–—|▪►"
_CRUMB = re.compile(r"\s*[›>»/]\s*")  # not "|": it separates menu items and buttons ("Login | Register")
_BRACKETED = re.compile(r"^[(（].*[)）]$")  # "(Selon le WSJ)": the reader's attribution rule decides
_COUNTER = re.compile(r"^[\d\s.,:+kKmM%()]+$")
_CAPTION_CREDIT = re.compile(r"^(?P<caption>.*[.!?…。！？؟۔।][\"'»”’]?)\s+(?P<credit>(?:[^\W\d_][^\s:：]{1,14}\s*[:：]|©)\s*[^.!?:：]{1,40})$")
_CAPTION_TAIL = re.compile(r"^(?P<caption>.{10,}?[.!?…。！？؟۔।]?[\"'»”’]?)\s*(?P<tail>(?:\s[/|—–]|/|[(（])\s*[^()（）]{2,80}[)）]?)$")
_FILE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|avif|heic)\b.*$", re.IGNORECASE)


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


@lru_cache(maxsize=1)
def _words_file() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads((Path(__file__).with_name("page_words.toml")).read_text(encoding="utf-8"))


def page_words(kind: str, lang: str) -> tuple[str, ...]:
    """The words of `kind` for a language ('pt-BR' uses 'pt'), longest first."""
    table = _words_file().get(kind, {})
    words = table.get(lang, []) + table.get(lang.split("-")[0], [])
    return tuple(sorted(set(words), key=len, reverse=True))


def _is_wide(char: str) -> bool:
    """Han, kana: scripts written without spaces between words."""
    return "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL


def _spaced(text: str) -> bool:
    """Written with spaces between words (not Chinese, Japanese or Thai)."""
    return len(text.split()) > 1 and len(text) / max(1, len(text.split())) < 12


def is_prose(text: str) -> bool:
    if not ends_sentence(text):
        return not _spaced(text) and len(text) >= 3 * PROSE_MIN_CHARS  # Thai prose has no full stop
    return len(text.split()) >= PROSE_MIN_WORDS if _spaced(text) else len(text) >= PROSE_MIN_CHARS


def _starts_with(text: str, words: tuple[str, ...]) -> str | None:
    """The rest of `text` after one of `words` (and a colon or comma), or None."""
    lowered = text.casefold().lstrip(_BULLETS + " ")
    offset = len(text) - len(text.lstrip(_BULLETS + " "))
    for word in words:
        if lowered.startswith(word) and (len(lowered) == len(word) or not lowered[len(word)].isalnum() or not word[-1].isalnum()):
            return text[offset + len(word):].lstrip(" :：,،-—–").strip()
    return None


def _is_menu(text: str, lang: str) -> bool:
    """Many short items, no punctuation: "Accueil International Économie Sport Culture";
    in a script without capitals, a row that starts at the home page ("الرئيسية أخبار …")."""
    items = [item for item in re.split(r"\s*[|·•]\s*|\s+", text) if item]
    if len(items) < MENU_MIN_ITEMS or ends_sentence(text) or any(ch in text for ch in ",;:"):
        return False
    if all(_is_wide(item[0]) and len(item) <= 4 for item in items):
        return True  # Chinese and Japanese write no spaces between words, but menus do
    if _known_sections(text, lang) >= MENU_MIN_ITEMS - 1:
        return True  # "Mới nhất Thời sự Góc nhìn …": items of several words
    cased = [item for item in items if item[0].isalpha() and item[0].lower() != item[0].upper()]
    if cased:
        return all(item[0].isupper() for item in cased) and len(cased) >= len(items) * 0.75
    sections = {word.casefold() for word in page_words("sections", lang)}
    known = sum(item.casefold() in sections for item in items)
    return known * 2 >= len(items) or (_starts_with(text, page_words("home", lang)) is not None
                                       and len(items) <= 10 and max(len(item) for item in items) <= 8)


def _is_breadcrumb(text: str) -> bool:
    steps = _CRUMB.split(text)
    return len(steps) >= 2 and all(0 < len(step.split()) <= SECTION_MAX_WORDS for step in steps)


def _crumb_section(text: str, lang: str) -> str:
    """The last step that names a section ('首页 > 财经 > 正文' -> '财经')."""
    skip = {word.casefold() for word in page_words("not_section", lang)}
    steps = [step.strip() for step in _CRUMB.split(text) if step.strip().casefold() not in skip]
    return steps[-1] if len(steps) > 1 else ""


def _is_button(text: str, lang: str) -> bool:
    return text.casefold().rstrip(" .…:：") in {word.casefold().rstrip(" .…:：") for word in page_words("button", lang)}


def _is_promo(text: str, lang: str) -> bool:
    """A link to another story or a promotion: dropped even when it ends like a sentence,
    since it is not the article's ("Sign up for our newsletter.")."""
    return len(text.split()) <= PROMO_MAX_WORDS and _starts_with(text, page_words("promo", lang)) is not None


def _known_sections(text: str, lang: str) -> int:
    """How many known section names ("Thời sự", "Góc nhìn") the line holds as whole words."""
    lowered = f" {text.casefold()} "
    return sum(f" {name.casefold()} " in lowered for name in page_words("sections", lang))


def _is_switcher(text: str) -> bool:
    """Language names in capitals: "FRANÇAIS ESPAÑOL ENGLISH"."""
    items = text.split()
    return len(items) >= 2 and all(item.isupper() and item.isalpha() for item in items)


def split_names(text: str, lang: str) -> list[str]:
    """'Jane Doe and John Roe' -> ['Jane Doe', 'John Roe'], with the language's own 'and'."""
    from babel.lists import format_list

    from ..languages import babel_locale

    joiner = format_list(["\x00", "\x01"], locale=babel_locale(lang)).split("\x00", 1)[1].split("\x01", 1)[0]
    separators = {",", "、", "،", "/", joiner.strip(), "&", "and"} - {""}
    pattern = "|".join(re.escape(s) if not s.isalpha() else rf"\b{re.escape(s)}\b" for s in separators)
    return [name.strip(" .") for name in re.split(pattern, text) if name.strip(" .")]


def _byline(text: str, lang: str) -> list[str] | None:
    rest = _starts_with(text, page_words("byline", lang))
    if rest is None:
        rest = next((text[: -len(word)].strip() for word in page_words("byline_suffix", lang)
                     if text.endswith(word) and len(text) > len(word)), None)
    if rest is None or not rest or ends_sentence(rest) or len(rest.split()) > BYLINE_MAX_WORDS:
        return None
    return split_names(rest, lang)


def _is_name(text: str) -> bool:
    """A bare byline: two to four capitalised words ("María López", "Redacción Internacional")."""
    words = text.split()
    return (2 <= len(words) <= 4 and all(w[0].isupper() for w in words)
            and not any(ch.isdigit() or ch in ",:;()/" for ch in text))


_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}")


def _is_headline(text: str) -> bool:
    """No final full stop (a question or exclamation may end one), long enough, and no
    time of day in it (that is a dateline the date parser could not read)."""
    if _CLOCK.search(ascii_digits(text)):
        return False
    return (not ends_sentence(text) or text.rstrip(_CLOSERS).endswith(("?", "!", "？", "！"))) and (
        len(text.split()) >= HEADLINE_MIN_WORDS if _spaced(text) else len(text) >= HEADLINE_MIN_CHARS)


def _glued_breadcrumb(title: str, lang: str) -> tuple[str, str, str]:
    """'Startseite Politik Bundestag …' -> ('Startseite Politik', 'Politik', 'Bundestag …')."""
    rest = _starts_with(title, page_words("home", lang))
    if not rest:
        return "", "", title
    section, _, headline = _CRUMB.sub(" ", rest).strip().partition(" ")
    if not headline:
        return "", "", title
    return title[: len(title) - len(headline)].strip(), section, headline.strip()


def _dateline(parts: PageParts, line: Line, lang: str, pending_time: Line | None) -> bool:
    label_rest = _starts_with(line.text, page_words("updated", lang))
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
        names = _byline(text, lang)
        if names:
            parts.authors += [n for n in names if n not in parts.authors]
            parts.drop(line, "byline")
        elif _is_button(text, lang) or _is_promo(text, lang):
            parts.drop(line, "button, ad marker or promotion (page_words.toml)")
        elif _is_note(text):
            parts.drop(line, "a number in the page's head: reading time or counter")
        elif credit := _credit_line(text, lang):
            parts.attribution = parts.attribution or credit
            parts.drop(line, "credit of the text (an attribution, not the source URL)")
        elif ends_sentence(text) or caption_and_credit(text, lang):
            parts.body.append(line)  # a short sentence or a photo's caption above the article is the article's
        elif _is_breadcrumb(text):
            parts.section = parts.section or _crumb_section(text, lang)
            parts.drop(line, "breadcrumb: its last step is the section")
        elif _is_menu(text, lang) or _is_switcher(text):
            parts.drop(line, "navigation: a row of short capitalised items")
        else:
            candidates.append(line)
    if pending_time is not None:
        parts.drop(pending_time, "a time of day without a date")
    _headline_and_labels(parts, candidates, head, lang)


def _headline_and_labels(parts: PageParts, candidates: list[Line], head: list[Line], lang: str) -> None:
    """The headline is the longest headline-shaped line above the article; a short label
    just before it is the section; a name line next to a dateline is a byline."""
    headlines = [line for line in candidates if _is_headline(line.text) and not _is_name(line.text)]
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
        if headline is not None and line.number > headline.number and _is_deck(line.text):
            parts.body.append(line)  # a standfirst without a full stop (Thai, or a page's style)
        elif _is_name(line.text) and (next_to_date or (headline is not None and line.number > headline.number)):
            parts.authors += [line.text] if line.text not in parts.authors else []
            parts.drop(line, "byline: a name next to the dateline or under the headline")
        elif (not parts.section and _is_section_label(line.text, lang)
              and (before_headline or headline is None) and _nearest_above(candidates, headline) is line):
            parts.section = line.text
            parts.drop(line, "section label above the headline")
        else:
            parts.drop(line, "page chrome: a short line above the article")


def _is_section_label(text: str, lang: str) -> bool:
    """A word or two above the headline ("Economía", "SPOR"); in a script without capitals,
    where a site's name looks the same, only a known section name."""
    if len(text.split()) > SECTION_MAX_WORDS:
        return False
    if any(ch.isalpha() and ch.lower() != ch.upper() for ch in text):
        return True
    return text.casefold() in {word.casefold() for word in page_words("sections", lang)}


def _is_deck(text: str) -> bool:
    return len(text.split()) >= 2 * HEADLINE_MIN_WORDS + 2 if _spaced(text) else len(text) >= 2 * PROSE_MIN_CHARS


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
    top_end = prose[1] if len(prose) > 1 else len(lines)
    seen_title = parts.title.casefold()
    previous = ""
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
        elif text == previous and not is_prose(text):
            parts.drop(line, "repeated line")
        elif seen_title and text.casefold() == seen_title:
            parts.drop(line, "the headline again (image alt text)")
        elif _COUNTER.match(text):
            parts.drop(line, "counter: a number alone")
        elif text.casefold().rstrip(" .…:：") in buttons or _is_promo(text, lang):
            parts.drop(line, "button, ad marker or promotion (page_words.toml)")
        elif not is_prose(text) and (names := _byline(text, lang)):
            parts.authors += [n for n in names if n not in parts.authors]
            parts.drop(line, "byline")
        elif index < top_end and _is_name(text) and not ends_sentence(text):
            parts.authors += [text] if text not in parts.authors else []
            parts.drop(line, "byline: a name under the headline")
        elif not ends_sentence(text) and (credit := _credit_line(text, lang)):
            parts.attribution = parts.attribution or credit
            parts.drop(line, "credit of the text (an attribution, not the source URL)")
        elif index < top_end and (_is_note(text) or _is_unread_dateline(text)):
            parts.drop(line, "a number under the headline: reading time or counter")
        elif (0 <= last_prose < index and not ends_sentence(text) and len(text.split()) <= 2 * SHORT_LINE_WORDS
              and not _FILE_NAME.match(text) and not _BRACKETED.match(text)):
            parts.drop(line, "page chrome after the article")
        else:
            if pending_time is not None:
                parts.drop(pending_time, "a time of day without a date")
                pending_time = None
            parts.body.append(line)
        previous = text
    if pending_time is not None:
        parts.drop(pending_time, "a time of day without a date")


def caption_and_credit(text: str, lang: str) -> tuple[str, str] | None:
    """A caption and its credit on one line: "… the storm. Foto: WSJ", "… Sejmie — Fot. PAP",
    "… la luz. /Foto: dpa", "… yaşadı. (Fotoğraf: AA)"; the credit keeps its label."""
    match = _CAPTION_CREDIT.match(text)
    if match:
        return match.group("caption").strip(), match.group("credit").strip()
    match = _CAPTION_TAIL.match(text)
    if match:
        credit = match.group("tail").strip(" /|—–-()（）")
        if credit and _starts_with(credit, page_words("credit_label", lang)) is not None:
            return match.group("caption").strip(), credit
    return None


def _is_note(text: str) -> bool:
    """'3 min de lecture', 'Lesezeit: 4 Min.': a few words with a number, not a sentence
    (a final 'Min.' abbreviates, it does not end one)."""
    words = text.split()
    short = len(words) <= 5 and max(len(word) for word in words) <= 12 if _spaced(text) else len(text) <= 10
    return any(ch.isdigit() for ch in text) and short and not (ends_sentence(text) and len(words[-1]) > 5)


def _is_unread_dateline(text: str) -> bool:
    """'5 febbraio 2024 (modifica il 6 febbraio 2024 | 08:15)': a time of day in a short
    line that is no sentence, which the date parser could not read."""
    return bool(_CLOCK.search(ascii_digits(text))) and not ends_sentence(text) and len(text.split()) <= 2 * SHORT_LINE_WORDS


def _credit_line(text: str, lang: str) -> str | None:
    """'FUENTE: EFE', 'Quelle :- dpa': who the text came from."""
    rest = _starts_with(text, page_words("credit_label", lang))
    if rest is None or not rest or "http" in rest or len(rest.split()) > SHORT_LINE_WORDS:
        return None
    if not re.match(r"^[^\W\d_]+(?:\s*[:：]|\s*:-)", text.lstrip(_BULLETS + " ")):
        return None  # only "LABEL: name", so that a caption starting "Foto" is left to the figures
    return rest.lstrip(":- ").strip()


def split_page(lines: list[Line], lang: str) -> PageParts:
    """The parts of a scraped page; `lines` are those above its source line."""
    parts = PageParts()
    first = next((i for i, line in enumerate(lines) if is_prose(line.text)), 0)  # no prose: no head to tell apart
    _head(parts, lines[:first], lang)
    _body(parts, lines[first:], lang)
    parts.body.sort(key=lambda line: line.number)
    parts.dropped.sort(key=lambda dropped: dropped.line)
    return parts


def date_only(value: When | None) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value
