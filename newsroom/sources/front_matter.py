"""Front matter: the `---` YAML or `+++` TOML block that opens a Markdown or text source.

What it states about an article (title, date, authors, tags, …) wins over anything a
reader infers from the text. Keys are checked here once for every format; Hugo's spelling
of a key works too, and an unknown key is the site's own unless it looks like a typo.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import SourceError
from ..urls import is_web_url

FRONT_MATTER_KEYS = {
    "title": str, "lang": str, "date": (str, dt.date), "source": str, "translation_key": str,
    "slug": str, "tags": (list, str), "summary": str, "image": str, "draft": bool, "attribution": str, "section": str,
    "authors": (list, str), "updated": (str, dt.date), "canonical": str,
    # Hugo's page fields
    "url": str, "aliases": (list, str), "publish_date": (str, dt.date), "expiry_date": (str, dt.date),
    "build": dict, "headless": bool, "weight": int, "link_title": str, "images": (list, str),
    # the translation desk
    "original": bool, "translated_from": (str, int), "minor": bool,
}
_DATES = ("date", "updated", "publish_date", "expiry_date")
_TEXTS = ("title", "summary", "slug", "translation_key", "attribution", "lang", "image", "source", "canonical", "url",
          "link_title", "section")
_BOOLS = ("draft", "headless", "original", "minor")
# Hugo's spelling of the same fields (its keys are case-insensitive), so a Hugo content
# folder builds as it is.
_HUGO_ALIASES = {
    "translationkey": "translation_key", "description": "summary", "author": "authors", "lastmod": "updated",
    "modified": "updated", "publishdate": "publish_date", "pubdate": "publish_date", "published": "publish_date",
    "expirydate": "expiry_date", "unpublishdate": "expiry_date", "linktitle": "link_title", "_build": "build",
}
# Hugo fields with no bearing on an article here (layout, menus, outputs, …): never typos.
_HUGO_IGNORED = frozenset({
    "resources", "cascade", "layout", "type", "outputs", "markup", "menu", "menus", "sitemap", "params",
    "iscjklanguage", "keywords", "toc", "videos", "audio", "series", "isso", "comments", "math",
})
# A key this close to a known one is a typo ('tittle'); other unknown keys are the site's own
# (Hugo allows any), and are left alone.
_TYPO_CUTOFF = 0.8
_HASH = re.compile(r"[0-9a-f]{7,64}")

_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*\s*[:=]")


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int


def split_front_matter(path: Path, text: str, optional: bool = False) -> FrontMatter:
    """The front matter and the body after it. With `optional` (scraped text, where a page
    may well start with a rule of dashes), an opening line never closed is just text."""
    first = text.split("\n", 1)[0].strip()
    if first not in ("---", "+++"):
        return FrontMatter({}, {}, text, 1)
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == first)
    except StopIteration:
        if optional:
            return FrontMatter({}, {}, text, 1)
        raise SourceError(path, f"front matter opened with '{first}' is never closed", f"add a line '{first}' after it", 1) from None
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    if optional and not _KEY_LINE.match(raw.lstrip("\n")):
        return FrontMatter({}, {}, text, 1)  # dashes around text that is no "key: value" list
    values, key_lines = (_parse_yaml if first == "---" else _parse_toml)(path, raw)
    return FrontMatter(values, key_lines, body, end + 2)


# libyaml when present: front matter parsing is a tenth of the pure-Python cost.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(path: Path, raw: str) -> tuple[dict[str, Any], dict[str, int]]:
    """One pass: the node tree gives each key's line, then the values are built from it."""
    loader = _YamlLoader(raw)
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        last_line = raw.count("\n") + 2  # a mark at the end of the stream names the last line
        line = min(mark.line + 2, last_line) if mark is not None else None
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise SourceError(path, f"invalid front matter: {reason}", "fix the YAML between the --- lines", line) from None
    finally:
        loader.dispose()
    if values is None:
        return {}, {}
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        raise SourceError(path, "front matter must be a list of 'key: value' lines", "write e.g. 'title: My story'", 2)
    key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    return {str(k): v for k, v in values.items()}, key_lines


def _parse_toml(path: Path, raw: str) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        values = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(path, f"invalid front matter: {exc}", "fix the TOML between the +++ lines") from None
    key_lines = {}
    for number, line in enumerate(raw.split("\n"), start=2):
        key = line.split("=", 1)[0].strip()
        if key in values and key not in key_lines:
            key_lines[key] = number
    return values, key_lines


def validated(path: Path, front: FrontMatter, taxonomies: tuple[str, ...] = (), hugo: bool = False) -> dict[str, Any]:
    """The front matter's known keys, checked and in their Python types. `taxonomies` are
    the plural names a Hugo site declares besides tags ('categories'); on a Hugo site
    (`hugo`) an unknown key is a parameter of the site's own, never a typo."""
    meta: dict[str, Any] = {}
    for raw_key, value in front.values.items():
        line = front.lines.get(raw_key)
        folded = raw_key.lower()
        key = _HUGO_ALIASES.get(folded, folded)
        if key in taxonomies and key != "tags":
            meta.setdefault("taxonomies", {})[key] = _parse_names(path, value, line, key) if value is not None else ()
            continue
        if key not in FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1, cutoff=_TYPO_CUTOFF)
            if close and not hugo and folded not in _HUGO_IGNORED:
                raise SourceError(path, f"unknown front matter key {key!r}", f"did you mean {close[0]!r}?", line)
            continue
        if key in meta or value is None:  # 'summary' given and 'description' too: the first wins
            continue
        meta[key] = _typed(path, key, value, line)
    _check_values(path, front, meta)
    return meta


def _typed(path: Path, key: str, value: Any, line: int | None) -> Any:
    """`value` in the type `key` takes; a number where text is expected is that text (Hugo's
    `slug: 2024`), a bool where a number or text is expected is a mistake."""
    expected = FRONT_MATTER_KEYS[key]
    if expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, expected) or isinstance(value, bool) != (key in _BOOLS):
        raise SourceError(path, f"front matter {key!r} has the wrong type ({type(value).__name__})", _type_hint(key), line)
    if key in _DATES:
        return _parse_date(path, value, line, key)
    if key in ("tags", "authors", "aliases", "images"):
        return _parse_names(path, value, line, key)
    if key == "build":
        return _build_options(path, value, line)
    return value.strip() if isinstance(value, str) else value


def _check_values(path: Path, front: FrontMatter, meta: dict[str, Any]) -> None:
    if not meta.get("image") and meta.get("images"):
        meta["image"] = meta["images"][0]
    if meta.get("canonical") and not is_web_url(meta["canonical"]):
        raise SourceError(path, f"canonical {meta['canonical']!r} is not an http(s) URL",
                          "give the address of the copy that should rank", front.lines.get("canonical"))
    if "translated_from" in meta:  # a short hash YAML may read as a number ('1234567') or in capitals
        meta["translated_from"] = str(meta["translated_from"]).strip().lower()
        if not _HASH.fullmatch(meta["translated_from"]):
            raise SourceError(path, f"translated_from {meta['translated_from']!r} is not a text hash",
                              "paste the hash `newsroom status` prints for the original (7 to 64 hex digits)",
                              front.lines.get("translated_from"))
    if meta.get("source") and not is_web_url(meta["source"]):
        raise SourceError(path, f"source {meta['source']!r} is not an http(s) URL", "give the original article's web address", front.lines.get("source"))
    claimed = [("url", meta["url"])] if meta.get("url") else []
    claimed += [("aliases", alias) for alias in meta.get("aliases", ())]
    for key, value in claimed:  # paths a page takes: never outside the site, never a query
        if not _is_site_path("/" + value.lstrip("/")) or _leaves_folder(value) or any(c in value for c in "?#"):
            raise SourceError(path, f"{key} {value!r} is not a path on the site",
                              f"write e.g. {key}: /news/old-title/ (no scheme, host, '..', '?' or '#')", front.lines.get(key))
    image = meta.get("image", "")
    if image and not (is_web_url(image) or _is_site_path(image) or _is_relative_path(image)):
        raise SourceError(path, f"image {image!r} is neither an http(s) URL nor a path on the site",
                          "write e.g. image: /images/photo.jpg", front.lines.get("image") or front.lines.get("images"))


_BUILD_VALUES = {"render": {"always": True, "never": False, "link": False, True: True, False: False},
                 "list": {"always": True, "never": False, "local": True, True: True, False: False}}


def _build_options(path: Path, value: dict, line: int | None) -> dict[str, bool]:
    """Hugo's `build: {render: never, list: never}`: whether a page is rendered and listed."""
    options = {}
    for name, choices in _BUILD_VALUES.items():
        given = value.get(name, "always")
        given = given.lower() if isinstance(given, str) else given
        if given not in choices:
            raise SourceError(path, f"build {name}: {value.get(name)!r} is not one of always, never, "
                              + ("link" if name == "render" else "local"), "see Hugo's build options", line)
        options[name] = choices[given]
    return options


def _is_site_path(value: str) -> bool:
    """A root-relative path such as /images/a.jpg: no scheme, no host, no way out."""
    return value.startswith("/") and not value.startswith("//") and ":" not in value and "\\" not in value


def _leaves_folder(value: str) -> bool:
    return any(part in ("..", ".") for part in value.split("/")) or "\\" in value or "\x00" in value


def _is_relative_path(value: str) -> bool:
    """A page bundle's own file ('ferry.png', 'images/a.jpg'): no scheme, no way out."""
    return bool(value) and not value.startswith("/") and ":" not in value and not _leaves_folder(value)


def _type_hint(key: str) -> str:
    return {
        "tags": "write tags as a list, e.g. tags: [politics, economy]",
        "authors": "write authors as a list, e.g. authors: [Jane Doe, John Roe]",
        "draft": "write draft: true or draft: false",
        "date": "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00",
        "publish_date": "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00",
        "expiry_date": "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00",
        "updated": "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00",
        "aliases": "write aliases as a list of paths, e.g. aliases: [/old/path/]",
        "weight": "write weight as a whole number, e.g. weight: 10",
        "headless": "write headless: true or headless: false",
        "build": "write e.g. build: {render: never, list: always}",
        "original": "write original: true on the version the others translate",
        "minor": "write minor: true when the original's latest edit needs no new translation",
        "translated_from": "write the hash `newsroom status` prints, in quotes",
    }.get(key, f"write {key} as text in quotes")


def _parse_date(path: Path, value: str | dt.date, line: int | None, key: str = "date") -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not value.strip():
        return None  # Hugo's 'date: ""': no date
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise SourceError(path, f"{key} {value!r} is not a date", _type_hint("date"), line) from None
    return parsed.date() if len(value.strip()) <= 10 else parsed


def _parse_names(path: Path, value: list | str, line: int | None, key: str) -> tuple[str, ...]:
    """Tags or authors: one or a list, each a word or phrase, each once."""
    items = [value] if isinstance(value, str) else value
    tags = []
    for item in items:
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise SourceError(path, f"each of {key} must be a word or phrase", _type_hint(key), line)
        tag = str(item).strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


