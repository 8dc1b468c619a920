"""The translation desk: which version of each story is the original, and where its
translations stand (present, missing, stale, orphan).

Pure judgement over parsed articles; what happened to files over time comes in through a
`History` (desk_history: a text store and the content folder's git log), so the rules here
read without any I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from babel.languages import get_official_languages

from .desk_text import changed_paragraphs, paragraphs
from .languages import UnknownLanguage, normalise_language
from .model import Article

STATES = ("present", "missing", "stale", "orphan")


@dataclass(frozen=True)
class Change:
    """The original's latest edit a translation has not followed."""

    since: str  # when: an ISO time, or "uncommitted"
    before: tuple[str, ...] | None  # the original's paragraphs as the translation knew them, when known


@dataclass(frozen=True)
class TextChange:
    """A file's last text change in the git history: where in the log (0 = the newest
    commit, -1 not committed yet), which commit and when (ISO time, or "uncommitted")."""

    position: int
    commit: str
    when: str


class History(Protocol):
    def text(self, text_hash: str, original: Article) -> Sequence[str] | None:
        """The paragraphs of `original` when its text hash was `text_hash`, if that is known."""

    def newer_change(self, original: Article, translation: Article) -> tuple[Change | None, str]:
        """The original's text edit after the translation's last edit (None: none), and a
        note when that cannot be told (no repository, a shallow clone)."""


@dataclass(frozen=True)
class VersionStatus:
    lang: str
    state: str  # one of STATES
    path: str = ""  # the source, relative to the content folder
    translated_from: str = ""
    stale_since: str = ""
    changed_paragraphs: tuple[int, ...] | None = None  # of the original, 1 = its first; None: not known
    basis: str = ""  # how it was judged: original, translated_from, git, minor ("" nothing is claimed)
    note: str = ""
    text_hash: str = ""  # of this version's text as it is now: what its translations' translated_from names


@dataclass(frozen=True)
class StoryStatus:
    key: str
    title: str
    date: str  # ISO date of the earliest version, "" when none is dated
    original: str  # the original's language ("" unknown)
    original_url: str  # where the original was published, when it is not in this site
    versions: Mapping[str, VersionStatus]  # every site language, missing ones included
    checks: tuple[Mapping[str, object], ...] = field(default=())


def original_language(versions: Mapping[str, Article], sources: Mapping[str, str]) -> str:
    """The original's language: the version marked `original: true`; else the language of the
    site the story comes from (site.toml [sources], else the source URL's lang parameter or
    country-code domain); else the earliest version's."""
    flagged = sorted(lang for lang, article in versions.items() if article.original)
    if flagged:
        return flagged[0]
    urls = [article.source_url for article in versions.values() if article.source_url]
    if urls:
        lang = source_language(urls[0], sources, set(versions))
        if lang:
            return lang
    return min(versions, key=lambda lang: (_moment(versions[lang]), lang)) if versions else ""


def source_language(url: str, sources: Mapping[str, str], candidates: set[str]) -> str:
    """The language a news site publishes in: as configured for its host (or a parent
    domain), else the URL's `lang`/`hl` parameter, else its country's official language
    (CLDR, through Babel), preferring one the story has a version in."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    labels = host.split(".")
    for start in range(len(labels)):
        configured = sources.get(".".join(labels[start:]))
        if configured:
            return _language(configured) or configured
    for name in ("lang", "hl", "language"):
        given = parse_qs(parts.query).get(name)
        if given and _language(given[0]):
            return _language(given[0])
    country = labels[-1].upper() if labels and len(labels[-1]) == 2 else ""
    country = {"UK": "GB"}.get(country, country)
    official = [lang.split("_")[0] for lang in get_official_languages(country, de_facto=True)] if country else []
    return next((lang for lang in official if lang in candidates), official[0] if official else "")


def _language(code: str) -> str:
    try:
        return normalise_language(code)
    except UnknownLanguage:
        return ""


def story_status(key: str, versions: Mapping[str, Article], languages: Sequence[str], sources: Mapping[str, str],
                 history: History, relative: Mapping[str, str]) -> StoryStatus:
    """Where each of `languages` stands for one story (`relative`: language -> its source path)."""
    original = original_language(versions, sources)
    source = versions.get(original)
    urls = [article.source_url for article in versions.values() if article.source_url]
    result = {}
    for lang in languages:
        article = versions.get(lang)
        if article is None:
            result[lang] = VersionStatus(lang, "missing")
        elif lang == original:
            result[lang] = VersionStatus(lang, "present", relative[lang], basis="original", text_hash=article.text_hash)
        elif source is None:
            state = "orphan" if article.translated_from else "present"
            result[lang] = VersionStatus(lang, state, relative[lang], article.translated_from,
                                         note=f"its original{f' ({original})' if original else ''} is not in this site")
        else:
            result[lang] = _translation(article, source, history, relative[lang])
    dates = [_moment(article) for article in versions.values() if article.date]
    first = min(versions.values(), key=lambda article: (_moment(article), article.lang))
    return StoryStatus(key, (source or first).title, min(dates).date().isoformat() if dates else "", original,
                       "" if source is not None or not urls else urls[0], result)


def made_from_older_text(translation: Article, original: Article) -> bool:
    """What a build can tell by itself: the translation names the text it was made from
    (translated_from) and the original's text is no longer that, by an edit not marked minor."""
    made_from = translation.translated_from
    return bool(made_from) and not original.minor and not (
        original.text_hash.startswith(made_from) or made_from.startswith(original.text_hash))


def reference_language(versions: Mapping[str, Article], sources: Mapping[str, str]) -> str:
    """The version the others are read against: the original when it is in the site, else the first language."""
    original = original_language(versions, sources)
    return original if original in versions else sorted(versions)[0]


def judged_by_history(versions: Mapping[str, Article], sources: Mapping[str, str]) -> list[str]:
    """The translations only the git history can judge: the original is in the site, its
    latest edit is not minor, and they do not say which text they were made from."""
    original = versions.get(original_language(versions, sources))
    if original is None or original.minor:
        return []
    return sorted(lang for lang, article in versions.items()
                  if article is not original and not article.translated_from)


def edited_after(original: TextChange, translation: TextChange) -> bool:
    """Whether the original's text changed after the translation's (in the log's order; an
    edit not committed yet is the newest; one commit changing both is no sign)."""
    return original.commit != translation.commit and translation.position != -1 and original.position < translation.position


def version_states(versions: Mapping[str, Article], sources: Mapping[str, str],
                   stale_by_history: Collection[str] = ()) -> dict[str, str]:
    """What a build can tell of each version: the reference version ("original": the
    original, else the first language), and each other one present, stale (by
    translated_from, or among `stale_by_history`: languages the git history shows older
    than the original's last edit) or orphan (translated from an original not in the site)."""
    original = original_language(versions, sources)
    reference = reference_language(versions, sources)
    states = {}
    for lang, article in versions.items():
        if lang == reference:
            states[lang] = "original"
        elif article.translated_from and original not in versions:
            states[lang] = "orphan"
        else:
            stale = made_from_older_text(article, versions[reference]) or lang in stale_by_history
            states[lang] = "stale" if stale else "present"
    return states


def _translation(article: Article, original: Article, history: History, path: str) -> VersionStatus:
    lang, made_from = article.lang, article.translated_from
    if original.minor:
        return VersionStatus(lang, "present", path, made_from, basis="minor", note="the original's latest edit is minor")
    if made_from:
        if not made_from_older_text(article, original):
            return VersionStatus(lang, "present", path, made_from, basis="translated_from")
        before = history.text(made_from, original)
        changed = tuple(changed_paragraphs(before, paragraphs(original))) if before is not None else None
        return VersionStatus(lang, "stale", path, made_from, "", changed, "translated_from",
                             "" if before is not None else "the original's text at that hash is not known here")
    change, note = history.newer_change(original, article)
    if change is None:
        return VersionStatus(lang, "present", path, basis="git" if not note else "", note=note)
    changed = tuple(changed_paragraphs(change.before, paragraphs(original))) if change.before is not None else None
    return VersionStatus(lang, "stale", path, "", change.since, changed, "git", note)


def _moment(article: Article) -> dt.datetime:
    """When a version was published, comparable across dates and times ('no date' last)."""
    when = article.date
    if when is None:
        return dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    if not isinstance(when, dt.datetime):
        when = dt.datetime(when.year, when.month, when.day)
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
