"""What the published site was built from, so the next build can do only what changed.

The record lists every source with its file status (mtime, size, inode), where its parsed
article sits in the parse cache, the story and page it became and a digest of its outline
(everything but the body: what lists, feeds, sitemaps and other stories' pages read).
With it a build can tell, from a stat of each file and nothing else, that nothing changed,
or that only some stories' bodies did, without reading the other sources at all.

Like the parse cache it is only a cache: it is discarded before a build starts to publish
and written again once the site is complete, so a killed build leaves no record and the
next one rebuilds from the sources. A record that cannot be read is ignored.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, NamedTuple
from pathlib import Path

import orjson

from .config import SiteConfig
from .discovery import FileStatus, Scan
from .fingerprints import code_digest, digest
from .search_plan import changes_shard, language_of
from .write import write_file

if TYPE_CHECKING:
    from .model import Article

CACHE_FOLDER = ".newsroom-cache"
RECORD_FILE = "build-record.json"
_FORMAT = "newsroom-build-record-6"


class SourceRecord(NamedTuple):
    """One source as the published build saw it (a tuple: 15,000 of them load in milliseconds)."""

    mtime_ns: int
    size: int
    inode: int
    cache_key: str  # the parse cache entry holding the whole article
    story: str = ""  # "" for a source that made no page (a draft, or the loser of a conflict)
    lang: str = ""
    slug: str = ""  # as published, after '-2' suffixes
    page: str = ""  # the output file of its page
    shard: str = ""  # the search index it is part of
    outline: str = ""  # outline_digest() of the article

    @property
    def status(self) -> FileStatus:
        return self[:3]  # (mtime_ns, size, inode), sliced: a scan compares 15,000 of them

    @classmethod
    def of(cls, status: FileStatus, cache_key: str, *published: str) -> "SourceRecord":
        return cls(*status, cache_key, *published)


@dataclass(frozen=True)
class BuildRecord:
    settings: str  # settings_digest(): the generator's code and the configuration
    languages: tuple[str, ...]
    default_lang: str
    sources: dict[str, SourceRecord]  # source path relative to the content folder -> record
    pages: dict[str, str]  # output file -> fingerprint of what it was rendered from
    shards: dict[str, str]  # base search index -> fingerprint of the pages it holds (see search_plan)
    static: dict[str, str] = field(default_factory=dict)  # copied static file, relative to the site -> hash of its bytes
    outputs: tuple[str, ...] = ()  # feeds, sitemaps, robots.txt
    valid_until: str = ""  # ISO time when the news sitemap changes by itself ("" = never)
    # A Hugo site's other content files (bundle images): their status, and where each is published.
    content_files: dict[str, FileStatus] = field(default_factory=dict)
    copied: dict[str, str] = field(default_factory=dict)  # site file -> content file (relative paths)
    theme: str = ""  # Theme.digest(): every template and catalog, to tell that none changed
    static_status: dict[str, FileStatus] = field(default_factory=dict)  # copied static file -> its source's status
    deps: dict[str, str] = field(default_factory=dict)  # "template\0lang" -> TemplateDeps.page_digest of it
    changes: dict[str, str] = field(default_factory=dict)  # page in a changes index -> base holding its stale copy
    change_bundles: dict[str, str] = field(default_factory=dict)  # language segment -> digest of its changes index

    def expired(self, now: dt.datetime) -> bool:
        return bool(self.valid_until) and now >= dt.datetime.fromisoformat(self.valid_until)

    @functools.cached_property
    def shard_pages(self) -> dict[str, list[str]]:
        """Search shard -> the output files of its pages (computed once per record)."""
        return shard_members(self.sources)

    def keeping_members(self, **changes: object) -> "BuildRecord":
        """replace(), for a change that leaves every source's story, page and search shard as
        they are (a body edit, the search fields): the shard membership already computed is
        kept, not grouped again from every source (~20 ms at 15,000 pages)."""
        new = replace(self, **changes)
        if "shard_pages" in self.__dict__:
            new.__dict__["shard_pages"] = self.__dict__["shard_pages"]  # where cached_property keeps it
        return new

    def shard_names(self) -> set[str]:
        """Every search shard the published pages belong to."""
        return set(self.shard_pages)

    def stale_shards(self) -> list[str]:
        """Search indexes not made since their pages changed (deferred, or failed)."""
        names = self.shard_names()
        languages = {language_of(name) for name in names}
        return sorted((names - set(self.shards)) | {changes_shard(lang) for lang in languages - set(self.change_bundles)})

    def published_files(self) -> Iterable[str]:
        yield from self.pages
        yield from self.static
        yield from self.outputs
        yield from self.copied


def shard_members(sources: Mapping[str, SourceRecord]) -> dict[str, list[str]]:
    """Search shard -> the output files of its pages."""
    members: dict[str, list[str]] = {}
    for source in sources.values():
        if source.story:
            members.setdefault(source.shard, []).append(source.page)
    return members


def cache_root(output: Path) -> Path:
    """The build cache of one output folder: next to it, outside what is published.

    It holds parsed/ (sources parsed, see cache), templates/ (Jinja bytecode) and this record.
    """
    return output.resolve().parent / CACHE_FOLDER / output.resolve().name


def settings_digest(config: SiteConfig) -> str:
    """What every page depends on besides its spec and its templates (see template_deps):
    the generator's code and the configuration; a change rebuilds every page."""
    return digest(code_digest(), config)


def outline_digest(article: Article, links: tuple[tuple[str, str], ...] = ()) -> str:
    """A digest of what other pages may read of an article: all but its body; with `links`,
    where its local references pointed (another page's move changes its own page).

    The file's mtime is read (as a feed entry's update time, a sitemap's lastmod) only when
    the article has no date, so only then is it part of the outline. The hash of its text
    goes with the body: only its own story's pages read it (a translation's notice).
    """
    outline = replace(article, blocks=(), text_hash="", modified=None if article.date else article.modified)
    return digest(outline, links)


def load_record(folder: Path) -> tuple[BuildRecord | None, str]:
    """(the record of the published build, "") or (None, why it is unusable; "" when there is none)."""
    path = folder / RECORD_FILE
    try:
        data = orjson.loads(path.read_bytes())
        if data.pop("format") != _FORMAT:
            return None, f"{path} was not written by this version of newsroom"
        sources = {rel: SourceRecord(*raw) for rel, raw in data.pop("sources").items()}
        files = {rel: tuple(status) for rel, status in data.pop("content_files").items()}
        data["static_status"] = {rel: tuple(status) for rel, status in data["static_status"].items()}
        record = BuildRecord(**{**data, "sources": sources, "languages": tuple(data["languages"]),
                                "outputs": tuple(data["outputs"]), "content_files": files})
        record.expired(dt.datetime.now(dt.timezone.utc))
        if not all(isinstance(v, str) for v in (*record.pages.values(), *record.shards.values())) or not all(
                type(r.mtime_ns) is int and type(r.outline) is str for r in sources.values()) or not all(
                isinstance(a, str) and isinstance(b, str) for a, b in (*record.copied.items(), *record.static.items(),
                                                                       *record.deps.items(), *record.changes.items(),
                                                                       *record.change_bundles.items())):
            raise TypeError("fields of the wrong type")
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror or exc}"
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # orjson.JSONDecodeError is a ValueError
        return None, f"{path} is corrupt ({type(exc).__name__})"
    return record, ""


def save_record(folder: Path, record: BuildRecord) -> None:
    data = {"format": _FORMAT, **{f.name: getattr(record, f.name) for f in fields(record)}}
    data["sources"] = {rel: tuple(source) for rel, source in record.sources.items()}  # orjson takes no NamedTuple
    write_file(folder, RECORD_FILE, orjson.dumps(data))


def discard_record(folder: Path) -> None:
    (folder / RECORD_FILE).unlink(missing_ok=True)


def page_is_missing(site: Path, relative: str) -> bool:
    return not os.path.isfile(f"{site}/{relative}")


def all_present(site: Path, record: BuildRecord) -> bool:
    """A file deleted from site/ by hand is a change too."""
    return not any(page_is_missing(site, relative) for relative in record.published_files())


@dataclass(frozen=True)
class Changes:
    changed: tuple[str, ...]  # new sources, and sources whose file status differs
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed)


def changes_since(record: BuildRecord, scan: Scan, candidates: Collection[str] | None = None) -> Changes:
    """The sources that differ between the record and `scan`; with `candidates`, the only
    ones that can (the dev server knows which files were saved)."""
    if candidates is not None:
        changed = tuple(sorted(rel for rel in candidates if rel in scan and (
            rel not in record.sources or record.sources[rel].status != scan[rel])))
        return Changes(changed, tuple(sorted(rel for rel in candidates if rel in record.sources and rel not in scan)))
    changed = tuple(rel for rel, status in scan.items() if rel not in record.sources or record.sources[rel].status != status)
    return Changes(changed, tuple(rel for rel in record.sources if rel not in scan))
