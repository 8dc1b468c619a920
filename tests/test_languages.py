"""Language codes, names and directions from CLDR; offline detection."""

import pytest

from newsroom.i18n import catalog_candidates, load_translations
from newsroom.languages import UnknownLanguage, detect_language, native_name, normalise_language, text_direction
from helpers import THEME


@pytest.mark.parametrize("code, tag", [("fr", "fr"), ("FR", "fr"), ("pt_br", "pt-BR"), ("zh-hant", "zh-Hant"), (" id ", "id"),
                                       ("zh-tw", "zh-TW"), ("zh-cn", "zh-CN"), ("es-419", "es-419"), ("iw", "he")])
def test_codes_are_normalised(code, tag):
    assert normalise_language(code) == tag


@pytest.mark.parametrize("code", ["xx", "klingon", "", "../fr", "fr/../x", "fr-FR-FR-x1"])
def test_unknown_codes_are_refused(code):
    with pytest.raises(UnknownLanguage):
        normalise_language(code)


def test_native_names_and_directions():
    assert [native_name(c) for c in ("fr", "id", "vi", "ar", "ms")] == [
        "Français", "Bahasa Indonesia", "Tiếng Việt", "العربية", "Bahasa Melayu"]
    assert [text_direction(c) for c in ("ar", "he", "fa", "ur", "fr", "id")] == ["rtl"] * 4 + ["ltr"] * 2


def test_detection_is_confident_or_silent():
    assert detect_language("Les députés ont adopté la réforme à une large majorité après une semaine de débats.")[0] == "fr"
    assert detect_language("ok") is None


def test_catalogs_fall_back_from_region_to_language_to_english():
    assert catalog_candidates("pt-BR") == ["pt_BR", "pt", "pt_Latn"]
    assert catalog_candidates("zh-TW")[:2] == ["zh_TW", "zh_Hant"]
    locales = (THEME / "templates" / "locale",)
    assert load_translations(locales, "fr-CA").gettext("Home") == "Accueil"
    assert load_translations(locales, "sv").gettext("Home") == "Home"  # no Swedish catalog
    assert load_translations(locales, "zh").gettext("Home") == load_translations(locales, "zh-Hans").gettext("Home")
    assert load_translations(locales, "zh-TW").gettext("Home") == load_translations(locales, "zh-Hant").gettext("Home")
    assert load_translations(locales, "zh-TW").gettext("Home") != load_translations(locales, "zh").gettext("Home")


INTERNATIONAL_NEWS = ["en", "fr", "id", "vi", "ar", "de", "es", "pt", "ru", "uk", "zh_Hans", "zh_Hant", "ja", "ko", "hi",
                      "bn", "tr", "fa", "he", "th", "pl", "it", "nl", "sw"]


def test_the_theme_speaks_the_languages_of_international_news():
    assert set(INTERNATIONAL_NEWS) <= set(CATALOGS)


LOCALES = THEME / "templates" / "locale"
CATALOGS = sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


@pytest.mark.parametrize("lang", CATALOGS)
def test_every_catalog_translates_every_template_string(lang):
    import re

    from babel.messages.plurals import get_plural
    from babel.messages.pofile import read_po

    wanted = set(re.findall(r'^msgid "(.+)"$', (LOCALES / "messages.pot").read_text(), re.M))
    assert len(wanted) > 15
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    plural = get_plural(lang)
    assert catalog.num_plurals == plural.num_plurals, f"{lang}: Babel says {plural.plural_forms}"
    translated = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple):
            assert len(strings) == plural.num_plurals, (lang, message.id)
        if all(strings):
            translated.add(ids[0])
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", ids[-1])) == set(re.findall(r"%\(\w+\)s", string)), (lang, message.id)
    assert translated == wanted, lang
    from newsroom.i18n import load_translations

    translations = load_translations((LOCALES,), lang.replace("_", "-"))
    for count in (0, 1, 2, 5, 11, 21, 1_000_000) if lang != "en" else ():   # each CLDR category; a missing form falls back to English
        assert translations.ngettext("%(num)s story", "%(num)s stories", count) not in ("%(num)s story", "%(num)s stories"), (lang, count)

