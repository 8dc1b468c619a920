"""Dates as news pages print them, in the page's language: "12.03.2024, 09:41 Uhr",
"Jeudi 12 mars 2024", "2024年3月12日", a Thai date in the Buddhist era, "09:41 GMT+7".

Parsing is dateparser's (CLDR month and day names for 200 languages), loaded only when a
scraped file has a line that looks like a date: it takes about half a second to import.
Only absolute dates count: "12 min" is a reading time, not twelve minutes ago.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Any

# A year of the Gregorian or the Thai Buddhist calendar: a dateline always shows one.
_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d|25[4-9]\d)(?!\d)")
_HAS_TIME = re.compile(r"\d{1,2}\s*[:：h時时시]\s*\d{2}")
_TIME_ONLY = re.compile(r"^\d{1,2}[:：]\d{2}(?:\s*(?:[AaPp]\.?\s?[Mm]\.?))?(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)?$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_LABEL = re.compile(r"^[^\d:：]{1,30}[:：]\s*")  # "Publicado: ", "Actualizado :"
BUDDHIST_ERA_OFFSET = 543
MAX_DATELINE_CHARS = 60
_SETTINGS = {"PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
             "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"}

When = dt.date | dt.datetime


def may_be_dateline(text: str) -> bool:
    """Cheap test before dateparser: short, and showing a year."""
    return len(text) <= MAX_DATELINE_CHARS and bool(_YEAR.search(text))


def is_time_only(text: str) -> bool:
    return bool(_TIME_ONLY.match(text.strip()))


def ascii_digits(text: str) -> str:
    """'২৮ ফেব্রুয়ারি ২০২৪' -> '28 ফেব্রুয়ারি 2024': the digits of any script (Bengali,
    Devanagari, Arabic-Indic, Persian, Thai …) as ASCII, which dateparser reads."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() and unicodedata.digit(ch, None) is not None
                   else ch for ch in text)


def parse_dateline(text: str, lang: str) -> When | None:
    """The date (or date and time) a short line shows, or None; a zone is kept when stated."""
    text = ascii_digits(text)
    if not may_be_dateline(text):
        return None
    bases = (text, _LABEL.sub("", text), _after_first_words(text))
    for candidate in dict.fromkeys(form for base in bases for form in (_wide_months(base, lang), base)):
        value = _parse(candidate, lang)
        if value is not None:
            return _calendar(value, text)
    return None


def with_time(day: When, time_line: str, lang: str) -> When:
    """A date line and a bare time next to it ("9:41 AM" above "12 de marzo de 2024")."""
    if isinstance(day, dt.datetime):
        return day
    value = _parse(f"{day.isoformat()} {time_line}", lang, settings={"DATE_ORDER": "YMD"})
    return value if isinstance(value, dt.datetime) else day


def date_from_url(url: str) -> dt.date | None:
    """/2024/03/12/, /2024-03-12-…, /20240312/ in a source URL's path."""
    from urllib.parse import urlsplit

    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _after_first_words(text: str) -> str:
    """'입력 2024.03.12 09:41' -> '2024.03.12 09:41': a label without a colon."""
    digit = next((i for i, ch in enumerate(text) if ch.isdigit()), 0)
    return text[digit:] if 0 < digit <= 20 else text


def _wide_months(text: str, lang: str) -> str:
    """'12 มี.ค. 2567' -> '12 มีนาคม 2567': CLDR's abbreviated month names (Babel) spelled out,
    for the abbreviations dateparser does not know."""
    for short, wide in _month_abbreviations(lang):
        if short in text:
            return text.replace(short, wide)
    return text


@lru_cache(maxsize=None)
def _month_abbreviations(lang: str) -> tuple[tuple[str, str], ...]:
    from babel.dates import get_month_names

    from ..languages import babel_locale

    try:
        locale = babel_locale(lang)
        short, wide = get_month_names("abbreviated", locale=locale), get_month_names("wide", locale=locale)
    except (ValueError, LookupError):
        return ()
    pairs = [(short[m], wide[m]) for m in range(1, 13) if short[m] != wide[m] and "." in short[m]]
    return tuple(sorted(pairs, key=lambda pair: len(pair[0]), reverse=True))


def _parse(text: str, lang: str, settings: dict[str, Any] | None = None) -> dt.datetime | None:
    parser = _dateparser()
    merged = {**_SETTINGS, **(settings or {})}
    for languages in _languages(lang):
        try:
            value = parser.parse(text, languages=languages, settings=merged)
        except (ValueError, TypeError, OverflowError):
            continue
        if value is not None:
            return value
    return None


@lru_cache(maxsize=None)
def _languages(lang: str) -> tuple[list[str] | None, ...]:
    """dateparser's codes for a language: 'zh-Hant', then 'zh'; unknown ones let it guess."""
    from dateparser.languages.loader import default_loader

    known = set(default_loader.get_locale_map().keys())
    base = lang.split("-")[0]
    tries = [code for code in dict.fromkeys((lang, base)) if code in known]
    return tuple([code] for code in tries) or (None,)


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    import dateparser

    return dateparser


def _calendar(value: dt.datetime, text: str) -> When:
    """Buddhist-era years to Gregorian; a date without a time shown stays a date."""
    if value.year >= 2400:
        value = value.replace(year=value.year - BUDDHIST_ERA_OFFSET)
    if not _HAS_TIME.search(text):
        return value.date()
    if value.tzinfo is not None:
        offset = value.utcoffset()
        value = value.replace(tzinfo=dt.timezone(offset) if offset is not None else None)
    return value
