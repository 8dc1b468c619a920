"""Slugs: the path segment of a page, shared by readers (articles) and views (tags)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from slugify import slugify

SLUG_MAX_LENGTH = 80
# Names Windows will not create as files or folders, whatever the extension.
WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return latin * 2 >= len(letters)


@lru_cache(maxsize=65536)
def make_slug(text: str, fallback: str = "article") -> str:
    """A path segment that is never empty, a separator or a dot segment.

    Latin-script text becomes ASCII ('Hà Nội' -> 'ha-noi'); other scripts keep their
    letters, since transliteration would misread them (Japanese kanji as Chinese).
    """
    slug = slugify(text, allow_unicode=True, max_length=SLUG_MAX_LENGTH // 2, word_boundary=True)
    if _mostly_latin(slug):  # decided on the slug, so that make_slug(slug) == slug
        slug = slugify(text, max_length=SLUG_MAX_LENGTH, word_boundary=True)
    if not slug:
        return fallback
    return f"{slug}-{fallback}" if slug in WINDOWS_DEVICE_NAMES else slug
