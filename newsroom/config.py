"""Site configuration from `site.toml`; every key has a default, so a site needs none."""

from __future__ import annotations

import difflib
import re
import string
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
DEFAULT_PERMALINK = "/{lang}/{slug}/"
PERMALINK_TOKENS = frozenset({"lang", "slug", "year", "month", "day", "section"})
# The theme's policy: only the site's own scripts and styles; images from anywhere secure;
# frames only of the video players its youtube and vimeo shortcodes embed.
# A site adds sources per directive in [csp] (analytics, other embeds).
DEFAULT_CSP: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",), "script-src": ("'self'",), "style-src": ("'self'",), "img-src": ("'self'", "https:", "data:"),
    "frame-src": ("https://www.youtube-nocookie.com", "https://player.vimeo.com"),
    "object-src": ("'none'",), "base-uri": ("'none'",), "form-action": ("'self'",),
}


MARKDOWN_ENGINES = ("python-markdown", "commonmark")


@dataclass(frozen=True)
class MarkdownOptions:
    """Which Markdown engine renders bodies (see markdown_engine), and Goldmark's settings
    as a Hugo configuration gives them to the CommonMark one."""

    engine: str = "python-markdown"
    unsafe: bool = True  # raw HTML kept (and sanitised); Goldmark's default omits it
    typographer: bool = True  # “curly” quotes, – and — from -- and ---
    heading_ids: bool = True  # ids on headings, for in-page links


@dataclass(frozen=True)
class HugoSettings:
    """What a Hugo site's configuration says that newsroom honours (see hugo_config).
    Plain dicts: the configuration travels to worker processes."""

    default_in_subdir: bool = False  # defaultContentLanguageInSubdir: else the default language is at /
    url_segments: Mapping[str, str] = field(default_factory=dict)  # language -> its key in the config ('zh-tw')
    content_dirs: Mapping[str, str] = field(default_factory=dict)  # language -> its folder below content/
    permalinks: Mapping[str, str] = field(default_factory=dict)  # section -> pattern of its pages
    taxonomies: Mapping[str, str] = field(default_factory=dict)  # singular -> plural ('category' -> 'categories')
    path_to_lower: bool = True  # not disablePathToLower
    git_info: bool = False  # enableGitInfo: a page's lastmod is its file's last commit


@dataclass(frozen=True)
class SiteConfig:
    base_url: str = DEFAULT_BASE_URL
    title: str = DEFAULT_TITLE
    titles: Mapping[str, str] = field(default_factory=dict)  # a plain dict: it travels to worker processes
    default_language: str | None = None
    languages: tuple[str, ...] = ()
    page_size: int = 10
    list_untranslated: bool = False
    home_stories: int = 5  # per language, on the home page
    feed_entries: int = 50  # per language feed
    description_length: int = 160  # meta descriptions and feed summaries, cut at a word
    permalink: str = DEFAULT_PERMALINK  # of article pages, see PERMALINK_TOKENS
    csp_sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # added to DEFAULT_CSP
    extra: Mapping[str, Any] = field(default_factory=dict)  # the site's own values, for templates
    hugo: HugoSettings | None = None  # set for a Hugo site: its URLs, languages and content folders
    markdown: MarkdownOptions = MarkdownOptions()
    # news site host -> the language it publishes in: a story from there has its original in it
    sources: Mapping[str, str] = field(default_factory=dict)
    stale_notice: bool = True  # a translation whose original changed since (translated_from, git) says so
    checks: Mapping[str, bool] = field(default_factory=dict)  # consistency checks turned off (name -> False)
    desk_pages: bool = False  # /translations/ and side-by-side pages (noindex); the dev server turns them on
    edit_url: str = ""  # where a source is edited, "{path}" its path in the content folder: the desk links it

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

    @property
    def content_security_policy(self) -> str:
        directives = {name: list(sources) for name, sources in DEFAULT_CSP.items()}
        for name, sources in self.csp_sources.items():
            present = [s for s in directives.get(name, []) if s != "'none'"]  # 'none' allows nothing else
            directives[name] = present + [s for s in dict.fromkeys(sources) if s not in present]
        return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())

    def order_languages(self, present: tuple[str, ...]) -> tuple[str, ...]:
        """Configured order first, then the others alphabetically."""
        listed = [lang for lang in self.languages if lang in present]
        return tuple(listed + sorted(lang for lang in present if lang not in listed))


_KEYS: dict[str, type | tuple[type, ...]] = {
    "base_url": str, "title": (str, dict), "default_language": str, "languages": list,
    "page_size": int, "list_untranslated": bool, "home_stories": int, "feed_entries": int, "description_length": int,
    "permalinks": dict, "csp": dict, "extra": dict, "markdown": str, "sources": dict,
    "stale_notice": bool, "checks": dict, "desk_pages": bool, "edit_url": str,
}
CONSISTENCY_CHECKS = ("numbers", "names", "urls", "quotes", "unmatched", "paragraph_breaks", "length")  # consistency.CHECKS
_RANGES = {"page_size": (1, 1000), "home_stories": (0, 100), "feed_entries": (1, 1000), "description_length": (50, 1000)}
_CSP_DIRECTIVE = re.compile(r"[a-z]+(-[a-z]+)*")
_CSP_SOURCE = re.compile(r"'[a-z0-9+/=-]+'|[A-Za-z0-9*.:/_%+~-]+")  # keywords, schemes, hosts: nothing to escape


def _problem(path: Path, key: str, message: str, hint: str) -> SourceError:
    return SourceError(path, f"{key}: {message}", hint, _line_of(path, key))


def _check_desk_settings(path: Path, values: dict[str, Any]) -> None:
    """[sources] host = language, [checks] name = true/false: the translation desk's settings."""
    if "sources" in values:
        values["sources"] = {str(host).lower().removeprefix("www."): _language(path, "sources", lang)
                             for host, lang in values["sources"].items()}
    for name, on in values.get("checks", {}).items():
        if name not in CONSISTENCY_CHECKS or not isinstance(on, bool):
            close = difflib.get_close_matches(name, CONSISTENCY_CHECKS, n=1)
            hint = f"did you mean {close[0]!r}?" if close and name not in CONSISTENCY_CHECKS else _HINTS["checks"]
            raise SourceError(path, f"checks: {name} = {on!r}: not a check turned on or off", hint,
                              _line_of(path, name) or _line_of(path, "checks"))


def _line_of(path: Path, key: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.split("=", 1)[0].strip() in (key, f"[{key}]"):
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
        if not isinstance(value, _KEYS[key]) or (isinstance(value, bool) and _KEYS[key] is not bool):
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
    for key, (low, high) in _RANGES.items():
        if key in values and not low <= values[key] <= high:
            raise _problem(path, key, f"must be between {low} and {high}", _HINTS[key])
    if "permalinks" in values:
        values["permalink"] = _permalink(path, values.pop("permalinks"))
    if "csp" in values:
        values["csp_sources"] = _csp(path, values.pop("csp"))
    _check_desk_settings(path, values)
    if "edit_url" in values and not _is_edit_url(values["edit_url"]):
        raise _problem(path, "edit_url", f"{values['edit_url']!r} is not a URL with {{path}} in it", _HINTS["edit_url"])
    if "markdown" in values:
        if values["markdown"] not in MARKDOWN_ENGINES:
            raise _problem(path, "markdown", f"unknown engine {values['markdown']!r}", _HINTS["markdown"])
        values["markdown"] = MarkdownOptions(values["markdown"])
    return SiteConfig(**values)


def _is_edit_url(url: str) -> bool:
    """A URL (https://, or an editor's own scheme such as vscode://) with {path} and no other field."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(url) if name is not None}
    except ValueError:
        return False
    return fields == {"path"} and bool(re.match(r"[a-z][a-z0-9+.-]*://", url))


def _permalink(path: Path, table: dict[str, Any]) -> str:
    """[permalinks] article = "/{lang}/{year}/{slug}/": checked here, not at the first page."""
    unknown = sorted(set(table) - {"article"})
    if unknown:
        raise _problem(path, "permalinks", f"unknown page kind {unknown[0]!r}", "only article pages have a permalink: article = \"...\"")
    pattern = table.get("article", DEFAULT_PERMALINK)
    try:
        tokens = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None} if isinstance(pattern, str) else None
    except ValueError:
        tokens = None
    if (tokens is None or not tokens <= PERMALINK_TOKENS or not {"lang", "slug"} <= tokens or not pattern.startswith("/")
            or not pattern.endswith("/") or "//" in pattern or "/./" in pattern or "/../" in pattern):
        raise _problem(path, "permalinks", f"article = {pattern!r} is not a usable path", _HINTS["permalinks"])
    return pattern


def _csp(path: Path, table: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    sources = {}
    for directive, values in table.items():
        values = [values] if isinstance(values, str) else values
        if (not _CSP_DIRECTIVE.fullmatch(directive) or not isinstance(values, list)
                or not all(isinstance(v, str) and _CSP_SOURCE.fullmatch(v) for v in values)):
            raise _problem(path, "csp", f"cannot use {directive} = {values!r}", _HINTS["csp"])
        sources[directive] = tuple(values)
    return sources


_HINTS = {
    "markdown": 'write markdown = "commonmark" (CommonMark as Hugo renders it) or "python-markdown" (the default)',
    "base_url": 'write base_url = "https://news.example.com/"',
    "title": 'write title = "My paper" or a table [title] with en = "…", fr = "…"',
    "default_language": 'write default_language = "en"',
    "languages": 'write languages = ["en", "fr", "ar"]',
    "page_size": "write page_size = 10",
    "home_stories": "write home_stories = 5 (0 lists no stories on the home page)",
    "feed_entries": "write feed_entries = 50",
    "description_length": "write description_length = 160",
    "permalinks": 'write [permalinks] then article = "/{lang}/{year}/{month}/{slug}/" (tokens: ' + ", ".join(
        sorted(PERMALINK_TOKENS)) + "; {lang} and {slug} are required)",
    "csp": 'write [csp] then script-src = ["https://analytics.example.com"] (sources added to the theme\'s policy)',
    "extra": "write [extra] then any keys your templates read as {{ extra.NAME }}",
    "checks": "write [checks] then numbers = false (checks: numbers, names, urls, quotes, unmatched, "
              "paragraph_breaks, length)",
    "edit_url": 'write edit_url = "https://github.com/you/paper/edit/main/content/{path}" (or an editor\'s own URL, '
                'e.g. "vscode://file/home/you/paper/content/{path}")',
    "desk_pages": "write desk_pages = true to publish the translation desk's pages (/translations/; always on in serve)",
    "stale_notice": "write stale_notice = false to show no notice on translations whose original changed",
    "sources": 'write [sources] then "example.vn" = "vi": the language each source site publishes in',
    "list_untranslated": "write list_untranslated = true or false",
}
