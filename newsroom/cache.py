"""A persistent cache of parsed sources, keyed by what the parse depends on.

The key hashes the file's bytes, its path, modification time and content layout, and the
package's version, so an unchanged source is never parsed twice and any change misses. A
cache is only a cache: deleting it changes nothing but time, and an entry that cannot be
read (corrupt, or written by something else) is ignored with a warning and parsed again.
Entries are JSON checked field by field, never pickle: a foreign file cannot run code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .discovery import file_modified
from .fingerprints import code_digest
from .model import Article, Figure, Heading, Paragraph, Quote, SanitisedHtml, ShortcodeCall
from .content_layout import ContentLayout
from .record import CACHE_FOLDER, cache_root  # noqa: F401  (where the cache lives)
from .write import write_file

_BLOCKS = {cls.kind: cls for cls in (Paragraph, Heading, Figure, Quote, SanitisedHtml)}

_FORMAT = b"newsroom-parse-cache-6\n"
OUTLINES_FILE = "outlines.json"
PAGE_ENTRIES_FILE = "page-entries.json"
PageEntry = tuple[str, str, tuple[tuple[str, str], ...]]  # sitemaps.SitemapEntry: canonical, lastmod, alternates


@dataclass(frozen=True)
class ParseCache:
    folder: Path

    @staticmethod
    def key(path: Path, layout: ContentLayout, data: bytes) -> str:
        digest = hashlib.sha256(_FORMAT)
        parts = (code_digest().encode(), os.fsencode(path.absolute()), layout.digest.encode("utf-8", "surrogatepass"), data)
        for part in parts:
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, path: Path | None = None) -> tuple[Article | None, str]:
        """(article, "") on a hit, (None, "") on a miss, (None, reason) for a bad entry.

        With `path`, the article is the one read from that path (the entry keeps the path
        it was first read by, which may be spelled otherwise, e.g. relative).
        """
        article, reason = self._get(key)
        return (relocated(article, path) if article is not None and path is not None else article), reason

    def _get(self, key: str) -> tuple[Article | None, str]:
        entry = self._entry(key)
        try:
            payload = entry.read_bytes()
        except FileNotFoundError:
            return None, ""
        except OSError as exc:
            return None, f"cannot read {entry}: {exc.strerror or exc}"
        if not payload.startswith(_FORMAT):
            return None, f"{entry} was not written by this version of newsroom"
        try:
            return decode_article(json.loads(payload[len(_FORMAT):])), ""
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            return None, f"{entry} is corrupt ({type(exc).__name__})"

    def put(self, key: str, article: Article) -> None:
        entry = self._entry(key)
        payload = json.dumps(encode_article(article), ensure_ascii=False).encode()
        write_file(entry.parent.parent, f"{entry.parent.name}/{entry.name}", _FORMAT + payload)

    def load_outlines(self) -> dict[str, Article]:
        """Every article's outline (all but its body) by cache key, from one file: reading
        15,000 outlines this way takes a fraction of a second, their entries several."""
        try:
            payload = (self.folder / OUTLINES_FILE).read_bytes()
            if not payload.startswith(_FORMAT):
                return {}
            return {key: decode_article(data) for key, data in json.loads(payload[len(_FORMAT):]).items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # only slower: the entries themselves are read instead

    def save_outlines(self, outlines: dict[str, Article]) -> None:
        payload = json.dumps({key: encode_article(article) for key, article in outlines.items()}, ensure_ascii=False)
        write_file(self.folder, OUTLINES_FILE, _FORMAT + payload.encode())

    def load_page_entries(self) -> dict[str, PageEntry | None]:
        """Sitemap entries of article pages by page fingerprint (see rebuild._plan_pages);
        a file that is not exactly that is ignored, which only makes the build slower."""
        try:
            payload = (self.folder / PAGE_ENTRIES_FILE).read_bytes()
            if not payload.startswith(_FORMAT):
                return {}
            return {fp: _page_entry(raw) for fp, raw in json.loads(payload[len(_FORMAT):]).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}

    def save_page_entries(self, entries: dict[str, Any]) -> None:
        write_file(self.folder, PAGE_ENTRIES_FILE, _FORMAT + json.dumps(entries, ensure_ascii=False).encode())

    def prune(self, keep: set[str]) -> None:
        """Drop entries no source uses any more, so the cache does not grow forever."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.glob("*/*.json"):
            if entry.stem not in keep:
                entry.unlink(missing_ok=True)


def relocated(article: Article, path: Path) -> Article:
    """The article as read from `path`: the path a build was given, not one a cache stored,
    and, for an undated one, the file's own modification time (the key holds the bytes, not
    the time, so a `touch` or a checkout of the same text is no change)."""
    if article.source_path != path:
        article = replace(article, source_path=path)
    if article.date is None:
        try:
            article = replace(article, modified=file_modified(path))
        except OSError:
            pass
    return article


def _page_entry(raw: Any) -> PageEntry | None:
    if raw is None:
        return None
    canonical, lastmod, alternates = raw
    entry = (canonical, lastmod, tuple((hreflang, href) for hreflang, href in alternates))
    if not all(isinstance(text, str) for text in (canonical, lastmod, *(t for pair in entry[2] for t in pair))):
        raise TypeError("not a sitemap entry")
    return entry


def _shortcode_call(raw: dict[str, Any]) -> ShortcodeCall:
    if set(raw) != {f.name for f in fields(ShortcodeCall)}:
        raise KeyError("shortcode fields differ")
    call = ShortcodeCall(**{**raw, "args": tuple(raw["args"]), "named": tuple((k, v) for k, v in raw["named"])})
    texts = (call.token, call.name, call.inner_html, *call.args, *(t for pair in call.named for t in pair))
    if not all(isinstance(t, str) for t in texts) or type(call.line) is not int or not isinstance(call.markdown, bool):
        raise TypeError("shortcode")
    return call


def _date_out(value: dt.date | dt.datetime | None) -> list[str] | None:
    if value is None:
        return None
    return ["datetime" if isinstance(value, dt.datetime) else "date", value.isoformat()]


def _date_in(value: Any) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    kind, text = value
    return {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat}[kind](text)


_DATE_FIELDS = ("date", "modified", "updated", "publish_date", "expiry_date")
_NAME_LIST_FIELDS = ("tags", "authors", "aliases", "references")
_BOOL_FIELDS = ("draft", "render", "listed")


def encode_article(article: Article) -> dict[str, Any]:
    data = {f.name: getattr(article, f.name) for f in fields(Article)}
    data["blocks"] = [{"kind": b.kind, **{f.name: getattr(b, f.name) for f in fields(b)}} for b in article.blocks]
    for block in data["blocks"]:
        if "shortcodes" in block:
            block["shortcodes"] = [{f.name: getattr(call, f.name) for f in fields(call)} for call in block["shortcodes"]]
    data["source_path"] = str(article.source_path)
    for name in _NAME_LIST_FIELDS:
        data[name] = list(data[name])
    data["taxonomies"] = [[plural, list(terms)] for plural, terms in article.taxonomies]
    data["shortcodes"] = [list(pair) for pair in article.shortcodes]
    data["params"] = [list(pair) for pair in article.params]
    for name in _DATE_FIELDS:
        data[name] = _date_out(data[name])
    return data


def decode_article(data: dict[str, Any]) -> Article:
    """Rebuild an Article, refusing anything that is not exactly one."""
    if set(data) != {f.name for f in fields(Article)}:
        raise KeyError("fields differ")
    blocks = []
    for raw in data["blocks"]:
        cls = _BLOCKS[raw.pop("kind")]
        if set(raw) != {f.name for f in fields(cls)}:
            raise KeyError("block fields differ")
        if cls is SanitisedHtml:
            raw["shortcodes"] = tuple(_shortcode_call(call) for call in raw["shortcodes"])
        blocks.append(cls(**raw))
    values = {**data, "blocks": tuple(blocks), "source_path": Path(data["source_path"]),
              "taxonomies": tuple((plural, tuple(terms)) for plural, terms in data["taxonomies"]),
              "shortcodes": tuple((name, line, target) for name, line, target in data["shortcodes"]),
              "params": tuple((key, value) for key, value in data["params"])}
    values.update({name: tuple(data[name]) for name in _NAME_LIST_FIELDS})
    values.update({name: _date_in(data[name]) for name in _DATE_FIELDS})
    article = Article(**values)
    names = (*(n for name in _NAME_LIST_FIELDS for n in getattr(article, name)),
             *(t for plural, terms in article.taxonomies for t in (plural, *terms)))
    if not all(isinstance(name, str) for name in names):
        raise TypeError("names")
    if not all(isinstance(getattr(article, name), bool) for name in _BOOL_FIELDS) or type(article.weight) is not int:
        raise TypeError("flags")
    if not all(isinstance(name, str) and type(line) is int and isinstance(target, str)
               for name, line, target in article.shortcodes) or not all(
            isinstance(text, str) for pair in article.params for text in pair):
        raise TypeError("shortcodes or params")
    for f in fields(Article):
        if f.type == "str" and not isinstance(getattr(article, f.name), str):
            raise TypeError(f.name)
    return article
