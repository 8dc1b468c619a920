"""A Hugo site's configuration, read as the site's configuration when it has no site.toml.

Hugo reads `hugo.toml|yaml|json` (or the older `config.*`) at the site root, then merges
`config/_default/*` over it (a file named after a key, `languages.toml`, holds that key's
value), then `config/production/*` (what `hugo` builds with). Keys are case-insensitive.
Settings newsroom has no use for (menus, outputs, module mounts) belong to Hugo layouts and
are ignored; a setting newsroom understands but cannot honour is a warning.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from .config import DEFAULT_TITLE, HugoSettings, MarkdownOptions, SiteConfig
from .errors import Problem, SourceError
from .hugo_urls import unknown_tokens
from .languages import UnknownLanguage, normalise_language
from .urls import is_web_url

CONFIG_NAMES = ("hugo", "config")
CONFIG_FORMATS = (".toml", ".yaml", ".yml", ".json")
ENVIRONMENT = "production"  # the environment `hugo` builds for
CONTENT_FOLDER = "content"  # the folder newsroom reads (--content); Hugo's contentDir values are below it
DEFAULT_TAXONOMIES = {"tag": "tags", "category": "categories"}
# A `config.*` file (Hugo's older name, and a common one) is a Hugo site's only with one of these.
_HUGO_KEYS = ("baseurl", "defaultcontentlanguage", "languages", "theme", "module", "permalinks", "taxonomies")
# Settings newsroom reads but does not honour: each found is one warning.
_NOT_HONOURED = {
    "uglyurls": "pages are published as folder/index.html, not folder.html",
    "canonifyurls": "links are written root-relative",
    "relativeurls": "links are written root-relative",
    "enableinlineshortcodes": "inline shortcodes are Go templates, which newsroom does not run; they are left out",
}


def find_hugo_config(site_root: Path) -> list[Path]:
    """The files of a Hugo configuration, in the order they are merged; [] for no Hugo site."""
    files = []
    for name in CONFIG_NAMES:
        found = [site_root / f"{name}{ext}" for ext in CONFIG_FORMATS if (site_root / f"{name}{ext}").is_file()]
        if found:
            files.append(found[0])
            break
    for environment in ("_default", ENVIRONMENT):
        folder = site_root / "config" / environment
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.suffix in CONFIG_FORMATS and p.is_file())
    return files


def load_hugo_config(site_root: Path) -> tuple[SiteConfig, list[Problem]] | None:
    """The site's configuration from its Hugo files, and warnings; None when there are none."""
    files = find_hugo_config(site_root)
    if not files:
        return None
    merged: dict[str, Any] = {}
    for path in files:
        values = _lowered(_parse(path))
        key = path.stem.split(".")[0].lower()
        if path.parent.name in ("_default", ENVIRONMENT) and key not in CONFIG_NAMES:
            values = {key: values}  # config/_default/languages.toml holds `languages`
        _merge(merged, values)
    if files[0].stem == "config" and files[0].parent == site_root and not any(key in merged for key in _HUGO_KEYS):
        return None  # another tool's config.yaml, not a Hugo site
    return _site_config(files[0], merged)


def _parse(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            values = tomllib.loads(text)
        elif path.suffix == ".json":
            values = json.loads(text)
        else:
            values = _parse_yaml(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SourceError(path, f"cannot read the Hugo configuration: {exc}".split("\n")[0], "fix its syntax") from None
    if not isinstance(values, dict):
        raise SourceError(path, "the Hugo configuration is not a table of settings", "write key = value lines")
    return values


def _parse_yaml(text: str) -> Any:
    """YAML, its errors as ValueError; yaml is imported only for a YAML configuration, so an
    unchanged TOML site's build loads no parser it does not need."""
    import yaml

    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None


def _lowered(value: Any) -> Any:
    """Hugo's keys are case-insensitive: every table's keys in lower case."""
    if isinstance(value, dict):
        return {str(k).lower(): _lowered(v) for k, v in value.items()}
    return value


def _merge(into: dict[str, Any], values: dict[str, Any]) -> None:
    """Later files win, table by table (Hugo merges nested tables, not whole keys)."""
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _table(path: Path, raw: dict[str, Any], key: str, within: str = "") -> dict[str, Any]:
    """A setting that must be a table ([languages], [params], …): {} when absent."""
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        name = f"{within}.{key}" if within else key
        raise SourceError(path, f"{name} must be a table, not {type(value).__name__}", f"write [{name}] and its keys below it")
    return value


def _whole_number(path: Path, key: str, value: Any, default: int) -> int:
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise SourceError(path, f"{key} must be a whole number, not {value!r}", f"write e.g. {key} = {default or 1}")
    return value


def _site_config(path: Path, raw: dict[str, Any]) -> tuple[SiteConfig, list[Problem]]:
    problems = [Problem(path, f"{key}: {why}", "newsroom ignores it", warning=True)
                for key, why in _NOT_HONOURED.items() if raw.get(key)]
    default_key = str(raw.get("defaultcontentlanguage", "en")).lower()
    languages = _languages(path, raw, default_key)
    if default_key not in languages:
        raise SourceError(path, f"defaultContentLanguage {default_key!r} is not one of the languages",
                          f"set it to one of {', '.join(languages) or 'en'}")
    by_weight = sorted(languages.values(), key=lambda lang: (lang["weight"], lang["key"]))
    base_url = str(raw.get("baseurl") or "")
    titles = {lang["lang"]: lang["title"] for lang in by_weight if lang["title"]}
    content_dir = str(raw.get("contentdir") or CONTENT_FOLDER).strip("/")
    hugo = HugoSettings(
        default_in_subdir=bool(raw.get("defaultcontentlanguageinsubdir", False)),
        url_segments={lang["lang"]: lang["key"] for lang in by_weight},
        content_dirs=_content_dirs(path, by_weight, content_dir, problems),
        permalinks=_permalinks(path, _table(path, raw, "permalinks")),
        taxonomies=_taxonomies(path, raw),
        path_to_lower=not raw.get("disablepathtolower", False),
        git_info=bool(raw.get("enablegitinfo", False)),
    )
    markup = _table(path, raw, "markup")
    config = SiteConfig(
        base_url=base_url.rstrip("/") + "/" if is_web_url(base_url) else SiteConfig.base_url,
        title=str(raw.get("title") or DEFAULT_TITLE),
        titles=titles,
        default_language=languages[default_key]["lang"],
        languages=tuple(lang["lang"] for lang in by_weight),
        page_size=_page_size(path, raw),
        extra=_table(path, raw, "params"),
        hugo=hugo,
        markdown=_goldmark(path, markup),
    )
    return config, problems


def _languages(path: Path, raw: dict[str, Any], default_key: str) -> dict[str, dict[str, Any]]:
    """Hugo language key -> its settings; a site without [languages] has its default only."""
    table = _table(path, raw, "languages") or {default_key: {}}
    disabled = raw.get("disablelanguages") or []
    disabled = {str(key).lower() for key in ([disabled] if isinstance(disabled, str) else disabled)}
    languages = {}
    for key, settings in table.items():
        settings = _table(path, table, key, "languages")
        if key in disabled:
            continue
        code = settings.get("languagecode") or settings.get("locale") or key
        lang = _bcp47(path, key, code)
        weight = _whole_number(path, f"languages.{key}.weight", settings.get("weight"), 0)
        languages[key] = {"key": key, "lang": lang, "weight": weight,
                          "title": str(settings.get("title") or ""),
                          "content_dir": str(settings.get("contentdir") or "").strip("/")}
    return languages


def _bcp47(path: Path, key: str, code: Any) -> str:
    for candidate in (str(code), key):
        try:
            return normalise_language(candidate)
        except UnknownLanguage:
            continue
    raise SourceError(path, f"languages.{key}: {code!r} is not a language code",
                      f"give languages.{key} a languageCode such as fr or pt-BR")


def _content_dirs(path: Path, languages: list[dict[str, Any]], content_dir: str, problems: list[Problem]) -> dict[str, str]:
    """Language -> its folder below content/ ('fr' for contentDir = 'content/fr'). A language
    without a contentDir of its own reads the site's (Docsy's layout: contentDir = 'content/en'
    at the top, 'content/fa' for Persian); two languages in one folder tell theirs by suffix."""
    folders: dict[str, str] = {}
    for lang in languages:  # by weight, so the first language of a shared folder owns it
        folder = lang["content_dir"] or content_dir
        if folder == CONTENT_FOLDER:
            continue
        if not folder.startswith(CONTENT_FOLDER + "/"):
            key = f"languages.{lang['key']}.contentDir" if lang["content_dir"] else "contentDir"
            problems.append(Problem(path, f"{key} {folder!r} is outside {CONTENT_FOLDER}/",
                                    f"move it below {CONTENT_FOLDER}/; its pages are not read", warning=True))
            continue
        if folder[len(CONTENT_FOLDER) + 1:] not in folders.values():
            folders[lang["lang"]] = folder[len(CONTENT_FOLDER) + 1:]
    return folders


def _permalinks(path: Path, table: dict[str, Any]) -> dict[str, str]:
    """Section -> pattern of its pages: `posts = "/:year/:slug/"`, or the same under [permalinks.page]
    (a table; a text `page = …` is the pattern of a section named page, as Hugo reads it);
    a token Hugo does not know is refused here, not at the first page."""
    patterns = {k: v for k, v in table.items() if isinstance(v, str)}  # `page = "/:slug/"`: a section named page
    if isinstance(table.get("page"), dict):  # [permalinks.page]: Hugo's newer spelling, by page kind
        patterns.update({k: v for k, v in table["page"].items() if isinstance(v, str)})
    for section, pattern in patterns.items():
        unknown = unknown_tokens(pattern)
        if unknown:
            raise SourceError(path, f"permalinks.{section}: unknown token :{unknown[0]} in {pattern!r}",
                              "use :year, :month, :day, :section, :sections, :title, :slug, :filename or :slugorfilename")
    return patterns


def _goldmark(path: Path, markup: dict[str, Any]) -> MarkdownOptions:
    """CommonMark as Hugo's Goldmark renders it, with the [markup.goldmark] settings newsroom honours."""
    goldmark = _table(path, markup, "goldmark", "markup")
    within = "markup.goldmark"
    renderer, parser = _table(path, goldmark, "renderer", within), _table(path, goldmark, "parser", within)
    extensions = _table(path, goldmark, "extensions", within)
    typographer = extensions.get("typographer", {})
    if isinstance(typographer, bool):  # Hugo's older spelling: typographer = false
        typographer = {"disable": not typographer}
    typographer = _table(path, {"typographer": typographer}, "typographer", f"{within}.extensions")
    return MarkdownOptions("commonmark", unsafe=bool(renderer.get("unsafe", False)),
                           typographer=not typographer.get("disable", False),
                           heading_ids=bool(parser.get("autoheadingid", True)))


def _taxonomies(path: Path, raw: dict[str, Any]) -> dict[str, str]:
    if "taxonomies" not in raw:
        return dict(DEFAULT_TAXONOMIES)
    return {str(singular): str(plural).lower() for singular, plural in _table(path, raw, "taxonomies").items() if plural}


def _page_size(path: Path, raw: dict[str, Any]) -> int:
    size = _table(path, raw, "pagination").get("pagersize") or raw.get("paginate")
    size = _whole_number(path, "pagination.pagerSize", size, 10)
    if not 1 <= size <= 1000:
        raise SourceError(path, f"pagination.pagerSize {size} is out of range", "write a number from 1 to 1000")
    return size
