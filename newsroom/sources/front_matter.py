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
}
# Hugo's spelling of the same fields, so a Hugo content folder builds as it is.
_HUGO_ALIASES = {"translationKey": "translation_key", "description": "summary", "author": "authors", "lastmod": "updated"}
# A key this close to a known one is a typo ('tittle'); other unknown keys are the site's own
# (Hugo allows any), and are left alone.
_TYPO_CUTOFF = 0.8

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


def validated(path: Path, front: FrontMatter) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for raw_key, value in front.values.items():
        line = front.lines.get(raw_key)
        key = _HUGO_ALIASES.get(raw_key, raw_key)
        if key not in FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1, cutoff=_TYPO_CUTOFF)
            if close:
                raise SourceError(path, f"unknown front matter key {key!r}", f"did you mean {close[0]!r}?", line)
            continue
        if key in meta:  # 'summary' given and 'description' too: the explicit one wins
            continue
        if value is None:
            continue
        if not isinstance(value, FRONT_MATTER_KEYS[key]) or isinstance(value, bool) != (key == "draft"):
            raise SourceError(path, f"front matter {key!r} has the wrong type ({type(value).__name__})", _type_hint(key), line)
        meta[key] = value
    for key in ("date", "updated"):
        if key in meta:
            meta[key] = _parse_date(path, meta[key], front.lines.get(key) or front.lines.get("lastmod"), key)
    for key in ("tags", "authors"):
        if key in meta:
            meta[key] = _parse_names(path, meta[key], front.lines.get(key) or front.lines.get("author"), key)
    for key in ("title", "summary", "slug", "translation_key", "attribution", "lang", "image", "source", "canonical"):
        if key in meta:
            meta[key] = meta[key].strip()
    if meta.get("canonical") and not is_web_url(meta["canonical"]):
        raise SourceError(path, f"canonical {meta['canonical']!r} is not an http(s) URL",
                          "give the address of the copy that should rank", front.lines.get("canonical"))
    if meta.get("source") and not is_web_url(meta["source"]):
        raise SourceError(path, f"source {meta['source']!r} is not an http(s) URL", "give the original article's web address", front.lines.get("source"))
    if meta.get("image") and not (is_web_url(meta["image"]) or _is_site_path(meta["image"])):
        raise SourceError(path, f"image {meta['image']!r} is neither an http(s) URL nor a path on the site",
                          "write e.g. image: /images/photo.jpg", front.lines.get("image"))
    return meta


def _is_site_path(value: str) -> bool:
    """A root-relative path such as /images/a.jpg: no scheme, no host, no way out."""
    return value.startswith("/") and not value.startswith("//") and ":" not in value and "\\" not in value


def _type_hint(key: str) -> str:
    return {
        "tags": "write tags as a list, e.g. tags: [politics, economy]",
        "authors": "write authors as a list, e.g. authors: [Jane Doe, John Roe]",
        "draft": "write draft: true or draft: false",
        "date": "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00",
    }.get(key, f"write {key} as text in quotes")


def _parse_date(path: Path, value: str | dt.date, line: int | None, key: str = "date") -> dt.date:
    if isinstance(value, dt.date):
        return value
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


