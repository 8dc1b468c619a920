"""Language codes, names and writing direction from CLDR (Babel); detection from py3langid."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

# CLDR names Indonesian and Malay in their own language "Indonesia" and "Melayu", which
# read as the country and the people in a language menu; newsrooms label them as below.
_AUTONYM_OVERRIDES = {"id": "Bahasa Indonesia", "ms": "Bahasa Melayu"}

# Below this probability a detected language is a guess, and the user must say it.
MIN_DETECTION_CONFIDENCE = 0.80


class UnknownLanguage(ValueError):
    """The code is not a language CLDR knows."""


@lru_cache(maxsize=None)
def normalise_language(code: str) -> str:
    """Return the BCP 47 tag for `code` ('FR' -> 'fr', 'pt_br' -> 'pt-BR'), or raise."""
    cleaned = code.strip().replace("_", "-")
    if not cleaned or not all(part.isalnum() and part.isascii() for part in cleaned.split("-")):
        raise UnknownLanguage(code)
    try:
        locale = Locale.parse(cleaned, sep="-")
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise UnknownLanguage(code) from exc
    # Only the subtags the code gives: CLDR adds a likely script ('zh-tw' is zh_Hant_TW), but
    # 'zh-TW' is the tag a site wrote, and the one its URLs and hreflang links carry.
    given = {part.casefold() for part in cleaned.split("-")[1:]}
    return "-".join(part for part in (locale.language, locale.script, locale.territory)
                    if part and (part == locale.language or part.casefold() in given))


def is_language(code: str) -> bool:
    try:
        normalise_language(code)
    except UnknownLanguage:
        return False
    return True


@lru_cache(maxsize=None)
def babel_locale(lang: str) -> Locale:
    return Locale.parse(lang, sep="-")


@lru_cache(maxsize=None)
def native_name(lang: str) -> str:
    """The language named in itself, capitalised for use as a menu label ('Français')."""
    if lang in _AUTONYM_OVERRIDES:
        return _AUTONYM_OVERRIDES[lang]
    locale = babel_locale(lang)
    name = locale.get_display_name(locale) or lang
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=None)
def text_direction(lang: str) -> str:
    """'rtl' for right-to-left scripts (Arabic, Hebrew, Persian, Urdu, ...), else 'ltr'."""
    return "rtl" if babel_locale(lang).character_order == "right-to-left" else "ltr"


@lru_cache(maxsize=None)
def og_locale(lang: str) -> str:
    """Open Graph wants language_TERRITORY ('fr' -> 'fr_FR'); CLDR's likely subtags give it."""
    locale = babel_locale(lang)
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(str(locale), str(locale))
    parts = likely.split("_")
    territory = next((p for p in reversed(parts[1:]) if len(p) == 2 or p.isdigit()), "")
    return f"{locale.language}_{territory}" if territory else locale.language


def url_segment(lang: str) -> str:
    """The path segment of a language: lower case, so URLs are stable ('pt-br')."""
    return lang.lower()


@lru_cache(maxsize=1)
def _identifier():
    # Imported lazily: loading the model costs ~0.5 s, paid only when a file needs it.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """Guess the language of `text` offline; None when the model is not confident."""
    code, confidence = _identifier().classify(text)
    if confidence < MIN_DETECTION_CONFIDENCE or not is_language(code):
        return None
    return normalise_language(code), confidence
