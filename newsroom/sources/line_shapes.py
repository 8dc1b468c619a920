"""The shapes of the lines of a scraped news page: what a menu, a byline, a headline, a
caption with its credit or a promotion looks like, in any script, and the few words per
language (page_words.toml) that shape cannot tell. scraped_page decides with them.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from .datelines import ascii_digits

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


CRUMB = re.compile(r"\s*[›>»/]\s*")  # not "|": it separates menu items and buttons ("Login | Register")


BRACKETED = re.compile(r"^[(（].*[)）]$")  # "(Selon le WSJ)": the reader's attribution rule decides


COUNTER = re.compile(r"^(?=.*\d)[\d\s.,:+kKmM%()]+$")  # "12", "3.4k", "(45)": a number alone


_CAPTION_CREDIT = re.compile(r"^(?P<caption>.*[.!?…。！？؟۔।][\"'»”’]?)\s+(?P<credit>(?:[^\W\d_][^\s:：]{1,14}\s*[:：]|©)\s*[^.!?:：]{1,40})$")


_CAPTION_TAIL = re.compile(r"^(?P<caption>.{10,}?[.!?…。！？؟۔।]?[\"'»”’]?)\s*(?P<tail>(?:\s[/|—–]|/|[(（])\s*[^()（）]{2,80}[)）]?)$")


FILE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|avif|heic)\b.*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def words_file() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads((Path(__file__).with_name("page_words.toml")).read_text(encoding="utf-8"))


def page_words(kind: str, lang: str) -> tuple[str, ...]:
    """The words of `kind` for a language ('pt-BR' uses 'pt'), longest first."""
    table = words_file().get(kind, {})
    words = table.get(lang, []) + table.get(lang.split("-")[0], [])
    return tuple(sorted(set(words), key=len, reverse=True))


def is_wide(char: str) -> bool:
    """Han, kana: scripts written without spaces between words."""
    return "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL


def spaced(text: str) -> bool:
    """Written with spaces between words (not Chinese, Japanese or Thai)."""
    return len(text.split()) > 1 and len(text) / max(1, len(text.split())) < 12


def is_prose(text: str) -> bool:
    if not ends_sentence(text):
        return not spaced(text) and len(text) >= 3 * PROSE_MIN_CHARS  # Thai prose has no full stop
    return len(text.split()) >= PROSE_MIN_WORDS if spaced(text) else len(text) >= PROSE_MIN_CHARS


def starts_with(text: str, words: tuple[str, ...]) -> str | None:
    """The rest of `text` after one of `words` (and a colon or comma), or None."""
    lowered = text.casefold().lstrip(_BULLETS + " ")
    offset = len(text) - len(text.lstrip(_BULLETS + " "))
    for word in words:
        if lowered.startswith(word) and (len(lowered) == len(word) or not lowered[len(word)].isalnum() or not word[-1].isalnum()):
            return text[offset + len(word):].lstrip(" :：,،-—–").strip()
    return None


def is_menu(text: str, lang: str) -> bool:
    """Many short items, no punctuation: "Accueil International Économie Sport Culture";
    in a script without capitals, a row that starts at the home page ("الرئيسية أخبار …")."""
    items = [item for item in re.split(r"\s*[|·•]\s*|\s+", text) if item]
    if len(items) < MENU_MIN_ITEMS or ends_sentence(text) or any(ch in text for ch in ",;:"):
        return False
    if all(is_wide(item[0]) and len(item) <= 4 for item in items):
        return True  # Chinese and Japanese write no spaces between words, but menus do
    if known_sections(text, lang) >= MENU_MIN_ITEMS - 1:
        return True  # "Mới nhất Thời sự Góc nhìn …": items of several words
    cased = [item for item in items if item[0].isalpha() and item[0].lower() != item[0].upper()]
    if cased:
        return all(item[0].isupper() for item in cased) and len(cased) >= len(items) * 0.75
    sections = {word.casefold() for word in page_words("sections", lang)}
    known = sum(item.casefold() in sections for item in items)
    return known * 2 >= len(items) or (starts_with(text, page_words("home", lang)) is not None
                                       and len(items) <= 10 and max(len(item) for item in items) <= 8)


def is_breadcrumb(text: str) -> bool:
    steps = CRUMB.split(text)
    return len(steps) >= 2 and all(0 < len(step.split()) <= SECTION_MAX_WORDS for step in steps)


def crumb_section(text: str, lang: str) -> str:
    """The last step that names a section ('首页 > 财经 > 正文' -> '财经')."""
    skip = {word.casefold() for word in page_words("not_section", lang)}
    steps = [step.strip() for step in CRUMB.split(text) if step.strip().casefold() not in skip]
    return steps[-1] if len(steps) > 1 else ""


def is_button(text: str, lang: str) -> bool:
    return text.casefold().rstrip(" .…:：") in {word.casefold().rstrip(" .…:：") for word in page_words("button", lang)}


def is_promo(text: str, lang: str) -> bool:
    """A link to another story or a promotion: dropped even when it ends like a sentence,
    since it is not the article's ("Sign up for our newsletter.")."""
    return len(text.split()) <= PROMO_MAX_WORDS and starts_with(text, page_words("promo", lang)) is not None


def known_sections(text: str, lang: str) -> int:
    """How many known section names ("Thời sự", "Góc nhìn") the line holds as whole words."""
    lowered = f" {text.casefold()} "
    return sum(f" {name.casefold()} " in lowered for name in page_words("sections", lang))


def is_switcher(text: str) -> bool:
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


def byline(text: str, lang: str) -> list[str] | None:
    rest = starts_with(text, page_words("byline", lang))
    if rest is None:
        rest = next((text[: -len(word)].strip() for word in page_words("byline_suffix", lang)
                     if text.endswith(word) and len(text) > len(word)), None)
    if rest is None or not rest or ends_sentence(rest) or len(rest.split()) > BYLINE_MAX_WORDS:
        return None
    return split_names(rest, lang)


def is_name(text: str) -> bool:
    """A bare byline: two to four capitalised words ("María López", "Redacción Internacional")."""
    words = text.split()
    return (2 <= len(words) <= 4 and all(w[0].isupper() for w in words)
            and not any(ch.isdigit() or ch in ",:;()/" for ch in text))


_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}")


def is_headline(text: str) -> bool:
    """No final full stop (a question or exclamation may end one), long enough, and no
    time of day in it (that is a dateline the date parser could not read)."""
    if _CLOCK.search(ascii_digits(text)):
        return False
    return (not ends_sentence(text) or text.rstrip(_CLOSERS).endswith(("?", "!", "？", "！"))) and (
        len(text.split()) >= HEADLINE_MIN_WORDS if spaced(text) else len(text) >= HEADLINE_MIN_CHARS)


def is_section_label(text: str, lang: str) -> bool:
    """A word or two above the headline ("Economía", "SPOR"); in a script without capitals,
    where a site's name looks the same, only a known section name."""
    if len(text.split()) > SECTION_MAX_WORDS:
        return False
    if any(ch.isalpha() and ch.lower() != ch.upper() for ch in text):
        return True
    return text.casefold() in {word.casefold() for word in page_words("sections", lang)}


def is_deck(text: str) -> bool:
    return len(text.split()) >= 2 * HEADLINE_MIN_WORDS + 2 if spaced(text) else len(text) >= 2 * PROSE_MIN_CHARS


def caption_and_credit(text: str, lang: str) -> tuple[str, str] | None:
    """A caption and its credit on one line: "… the storm. Foto: WSJ", "… Sejmie — Fot. PAP",
    "… la luz. /Foto: dpa", "… yaşadı. (Fotoğraf: AA)"; the credit keeps its label."""
    match = _CAPTION_CREDIT.match(text)
    if match:
        return match.group("caption").strip(), match.group("credit").strip()
    match = _CAPTION_TAIL.match(text)
    if match:
        credit = match.group("tail").strip(" /|—–-()（）")
        if credit and starts_with(credit, page_words("credit_label", lang)) is not None:
            return match.group("caption").strip(), credit
    return None


def is_note(text: str) -> bool:
    """'3 min de lecture', 'Lesezeit: 4 Min.': a few words with a number, not a sentence
    (a final 'Min.' abbreviates, it does not end one)."""
    words = text.split()
    short = len(words) <= 5 and max(len(word) for word in words) <= 12 if spaced(text) else len(text) <= 10
    return any(ch.isdigit() for ch in text) and short and not (ends_sentence(text) and len(words[-1]) > 5)


def is_unread_dateline(text: str) -> bool:
    """'5 febbraio 2024 (modifica il 6 febbraio 2024 | 08:15)': a time of day in a short
    line that is no sentence, which the date parser could not read."""
    return bool(_CLOCK.search(ascii_digits(text))) and not ends_sentence(text) and len(text.split()) <= 2 * SHORT_LINE_WORDS


def credit_line(text: str, lang: str) -> str | None:
    """'FUENTE: EFE', 'Quelle :- dpa': who the text came from."""
    rest = starts_with(text, page_words("credit_label", lang))
    if rest is None or not rest or "http" in rest or len(rest.split()) > SHORT_LINE_WORDS:
        return None
    if not re.match(r"^[^\W\d_]+(?:\s*[:：]|\s*:-)", text.lstrip(_BULLETS + " ")):
        return None  # only "LABEL: name", so that a caption starting "Foto" is left to the figures
    return rest.lstrip(":- ").strip()
