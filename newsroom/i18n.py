"""Interface strings through gettext catalogs: `.po` files compiled in memory with Babel."""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOG_DOMAIN = "messages"


def catalog_candidates(lang: str) -> list[str]:
    """'pt-BR' -> ['pt_BR', 'pt', 'pt_Latn']: the most specific catalog first, then the
    language; each followed by its likely script (CLDR), so 'zh-TW' finds zh_Hant and
    plain 'zh' finds zh_Hans."""
    parts = lang.split("-")
    candidates = []
    for count in range(len(parts), 0, -1):
        code = "_".join(parts[:count])
        candidates.append(code)
        likely = get_global("likely_subtags").get(code, "").split("_")
        if len(likely) >= 2 and len(likely[1]) == 4:
            candidates.append(f"{likely[0]}_{likely[1]}")
    return list(dict.fromkeys(candidates))


def load_translations(locale_dirs: tuple[Path, ...], lang: str) -> gettext.NullTranslations:
    """The catalogs for `lang`, most specific folder first: a string missing from one (or
    left untranslated there) comes from the next, and at last from the templates (English)."""
    chain = gettext.NullTranslations()
    for locale_dir in reversed(locale_dirs):
        catalog = _catalog(locale_dir, lang)
        if catalog is not None:
            catalog.add_fallback(chain)
            chain = catalog
    return chain


def has_catalog(locale_dirs: tuple[Path, ...], lang: str) -> bool:
    """Whether any folder has interface strings for `lang` (English needs none)."""
    return lang.split("-")[0] == "en" or any(
        (folder / candidate / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po").is_file()
        for folder in locale_dirs for candidate in catalog_candidates(lang))


def _catalog(locale_dir: Path, lang: str) -> gettext.GNUTranslations | None:
    for candidate in catalog_candidates(lang):
        po_path = locale_dir / candidate / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"
        if po_path.is_file():
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=candidate)
            buffer = BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    return None
