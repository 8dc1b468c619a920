"""Reader for Markdown with YAML (`---`) or TOML (`+++`) front matter, Hugo-style."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import nh3
import yaml

from ..errors import SourceError
from ..model import Article, SanitisedHtml
from ..urls import is_web_url
from ..slugs import make_slug
from .common import file_modified, language_of, read_text, section_of, stem_key, title_from_lead

FRONT_MATTER_KEYS = {
    "title": str, "lang": str, "date": (str, dt.date), "source": str, "translation_key": str,
    "slug": str, "tags": (list, str), "summary": str, "image": str, "draft": bool, "attribution": str, "section": str,
}
# Hugo's spelling of the same fields, so a Hugo content folder builds as it is.
_HUGO_ALIASES = {"translationKey": "translation_key", "description": "summary"}
# A key this close to a known one is a typo ('tittle'); other unknown keys are the site's own
# (Hugo allows any), and are left alone.
_TYPO_CUTOFF = 0.8
_SAFE_URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int


def read_markdown(path: Path, content_root: Path) -> Article:
    text = read_text(path)
    front = _split_front_matter(path, text)
    meta = _validated(path, front)
    body_html = render_markdown(front.body)
    lead = meta.get("summary") or _first_paragraph_text(body_html)
    if not lead and not meta.get("title"):
        raise SourceError(path, "the article has neither a title nor any text", "add a title in the front matter and the article below it")
    lang = language_of(path, meta.get("lang"), front.lines.get("lang"), lambda: _plain_text(body_html) or meta.get("title", ""))
    title = meta.get("title") or title_from_lead(lead)
    return Article(
        lang=lang,
        title=title,
        slug=make_slug(meta.get("slug") or title),
        blocks=(SanitisedHtml(body_html),) if body_html else (),
        source_path=path,
        summary=lead,
        date=meta.get("date"),
        attribution=meta.get("attribution", ""),
        source_url=meta.get("source", ""),
        translation_key=meta.get("translation_key", ""),
        stem_key=stem_key(path, content_root),
        modified=file_modified(path),
        tags=tuple(meta.get("tags", ())),
        image=meta.get("image", ""),
        draft=bool(meta.get("draft", False)),
        section=make_slug(meta["section"], "section") if meta.get("section") else section_of(path, content_root),
    )


def _split_front_matter(path: Path, text: str) -> FrontMatter:
    first = text.split("\n", 1)[0].strip()
    if first not in ("---", "+++"):
        return FrontMatter({}, {}, text, 1)
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == first)
    except StopIteration:
        raise SourceError(path, f"front matter opened with '{first}' is never closed", f"add a line '{first}' after it", 1) from None
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
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


def _validated(path: Path, front: FrontMatter) -> dict[str, Any]:
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
    if "date" in meta:
        meta["date"] = _parse_date(path, meta["date"], front.lines.get("date"))
    if "tags" in meta:
        meta["tags"] = _parse_tags(path, meta["tags"], front.lines.get("tags"))
    for key in ("title", "summary", "slug", "translation_key", "attribution", "lang", "image", "source"):
        if key in meta:
            meta[key] = meta[key].strip()
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
        "draft": "write draft: true or draft: false",
        "date": "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00",
    }.get(key, f"write {key} as text in quotes")


def _parse_date(path: Path, value: str | dt.date, line: int | None) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise SourceError(path, f"date {value!r} is not a date", _type_hint("date"), line) from None
    return parsed.date() if len(value.strip()) <= 10 else parsed


def _parse_tags(path: Path, value: list | str, line: int | None) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    tags = []
    for item in items:
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise SourceError(path, "each tag must be a word or phrase", _type_hint("tags"), line)
        tag = str(item).strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


@lru_cache(maxsize=1)
def _markdown_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def render_markdown(body: str) -> str:
    """Markdown to HTML, then sanitised: raw HTML in a source never carries script."""
    converter = _markdown_converter()
    converter.reset()
    rendered = converter.convert(body)
    return nh3.clean(rendered, url_schemes=_SAFE_URL_SCHEMES, link_rel="noopener noreferrer").strip()


class _TextCollector(HTMLParser):
    def __init__(self, first_paragraph_only: bool):
        super().__init__()
        self.first_only = first_paragraph_only
        self.depth = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            self.parts.append(" ")
            if self.first_only and self.parts and "".join(self.parts).strip():
                self.done = True

    def handle_data(self, data):
        if not self.done and (self.depth or not self.first_only):
            self.parts.append(data)


def _first_paragraph_text(fragment: str) -> str:
    collector = _TextCollector(first_paragraph_only=True)
    end = fragment.find("</p>")
    collector.feed(fragment if end == -1 else fragment[: end + 4])
    return re.sub(r"\s+", " ", "".join(collector.parts)).strip()


def _plain_text(fragment: str) -> str:
    collector = _TextCollector(first_paragraph_only=False)
    collector.feed(fragment)
    return re.sub(r"\s+", " ", "".join(collector.parts)).strip()
