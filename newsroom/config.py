"""Site configuration from `site.toml`; every key has a default, so a site needs none."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import SourceError
from .languages import UnknownLanguage, normalise_language
from .urls import is_web_url

CONFIG_FILE = "site.toml"
DEFAULT_BASE_URL = "http://localhost:8000/"
DEFAULT_TITLE = "Newsroom"


@dataclass(frozen=True)
class SiteConfig:
    base_url: str = DEFAULT_BASE_URL
    title: str = DEFAULT_TITLE
    titles: Mapping[str, str] = field(default_factory=dict)  # a plain dict: it travels to worker processes
    default_language: str | None = None
    languages: tuple[str, ...] = ()
    page_size: int = 10
    list_untranslated: bool = False

    def title_for(self, lang: str) -> str:
        return self.titles.get(lang, self.title)

    @property
    def base_path(self) -> str:
        """The path the site lives under, '/' or e.g. '/news/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def link(self, site_path: str) -> str:
        """A root-relative link to a page of the site, under the base path."""
        return self.base_path.rstrip("/") + site_path

    def absolute(self, site_path: str) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{self.link(site_path)}"

    def order_languages(self, present: tuple[str, ...]) -> tuple[str, ...]:
        """Configured order first, then the others alphabetically."""
        listed = [lang for lang in self.languages if lang in present]
        return tuple(listed + sorted(lang for lang in present if lang not in listed))


_KEYS: dict[str, type | tuple[type, ...]] = {
    "base_url": str, "title": (str, dict), "default_language": str, "languages": list,
    "page_size": int, "list_untranslated": bool,
}


def _problem(path: Path, key: str, message: str, hint: str) -> SourceError:
    return SourceError(path, f"{key}: {message}", hint, _line_of(path, key))


def _line_of(path: Path, key: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.split("=", 1)[0].strip() == key:
                return number
    except OSError:
        pass
    return None


def _language(path: Path, key: str, code: Any) -> str:
    try:
        return normalise_language(str(code))
    except UnknownLanguage:
        raise _problem(path, key, f"unknown language code {code!r}", "use a BCP 47 code such as fr, id, vi or pt-BR") from None


def load_config(path: Path) -> SiteConfig:
    """Read `path` if it exists; an unknown key or a bad value names the key and its line."""
    if not path.exists():
        return SiteConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"cannot read the configuration: {exc}", "save it as UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(path, f"invalid TOML: {exc}", "fix the syntax") from None

    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(sorted(_KEYS))}"
            raise _problem(path, key, "unknown key", hint)
        if not isinstance(value, _KEYS[key]) or (isinstance(value, bool) and key != "list_untranslated"):
            raise _problem(path, key, f"wrong type ({type(value).__name__})", _HINTS[key])
        values[key] = value

    if "base_url" in values:
        if not is_web_url(values["base_url"]):
            raise _problem(path, "base_url", "not an http(s) URL", _HINTS["base_url"])
        values["base_url"] = values["base_url"].rstrip("/") + "/"
    if isinstance(values.get("title"), dict):
        titles = {_language(path, "title", lang): str(text) for lang, text in values.pop("title").items()}
        values["titles"] = titles
    if "default_language" in values:
        values["default_language"] = _language(path, "default_language", values["default_language"])
    if "languages" in values:
        values["languages"] = tuple(_language(path, "languages", code) for code in values["languages"])
    if "page_size" in values and not 1 <= values["page_size"] <= 1000:
        raise _problem(path, "page_size", "must be between 1 and 1000", _HINTS["page_size"])
    return SiteConfig(**values)


_HINTS = {
    "base_url": 'write base_url = "https://news.example.com/"',
    "title": 'write title = "My paper" or a table [title] with en = "…", fr = "…"',
    "default_language": 'write default_language = "en"',
    "languages": 'write languages = ["en", "fr", "ar"]',
    "page_size": "write page_size = 10",
    "list_untranslated": "write list_untranslated = true or false",
}
