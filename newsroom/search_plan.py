"""Which search indexes a build must make: base indexes, and each language's small index of changes.

Pagefind cannot update an index: a page that changes means indexing its whole index again.
So the site has base indexes (per language and year, split by volume: shard_of), made on
a full build, and per language one index of the pages that changed since their base was
made (a "changes" index). The search page searches both and hides the stale copies the
base indexes still hold (by Pagefind's fragment id, listed next to the changes index).
A body edit then indexes only the changed pages; once a language has more than
FOLD_LIMIT changed pages they are folded back into fresh base indexes.

Everything here is planning from fingerprints: no file is read or written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from .fingerprints import digest

FOLD_LIMIT = 100  # changed pages of a language kept in its changes index; beyond, the bases are indexed again
SHARD_PAGES = 2000  # most pages of one base index: Pagefind holds an index's pages in memory (~110 KB each)
CHANGES = "changes"  # the changes index of language segment `en` is the shard `en/changes`


def year_parts(year_pages: int) -> int:
    """How many base indexes a language-year of `year_pages` pages is split into: a power
    of two, so that a page keeps its index while the year grows until the count doubles."""
    parts = 1
    while year_pages > parts * SHARD_PAGES:
        parts *= 2
    return parts


def shard_of(year: str, page: str, year_pages: int) -> str:
    """The base index of `page` (an output file) in `year` ('en/2026') of `year_pages`
    pages: the year itself, or beyond SHARD_PAGES one of its parts ('en/2026-1'...) by a
    hash of the page's path: shard size follows volume, not the calendar."""
    parts = year_parts(year_pages)
    if parts == 1:
        return year
    return f"{year}-{int(hashlib.sha1(page.encode()).hexdigest()[:8], 16) % parts + 1}"


def language_of(shard: str) -> str:
    """'en/2026' -> 'en': the language segment of a shard's name."""
    return shard.rsplit("/", 1)[0]


def changes_shard(language: str) -> str:
    return f"{language}/{CHANGES}"


@dataclass(frozen=True)
class SearchPlan:
    bases: dict[str, list[str]]  # base shard to index now -> its pages (output files)
    shards: dict[str, str]  # every base shard -> the fingerprint of the pages it holds once this plan is done
    changes: dict[str, str]  # changed page -> the base shard holding its stale copy ("" none)
    bundles: dict[str, tuple[list[str], dict[str, list[str]]]]  # language -> (pages, {base: stale pages}) to index now
    bundle_digests: dict[str, str]  # every language -> digest of its changes index once this plan is done


def members_fingerprint(pages: Mapping[str, str], members: list[str]) -> str:
    return digest(sorted((page, pages[page]) for page in members))


def plan_search(members: Mapping[str, list[str]], pages: Mapping[str, str], previous_pages: Mapping[str, str],
                previous_members: Mapping[str, list[str]], previous_shards: Mapping[str, str],
                previous_changes: Mapping[str, str], previous_bundles: Mapping[str, str],
                missing: frozenset[str] = frozenset()) -> SearchPlan:
    """Plan this build's indexing.

    `members`: base shard -> its pages now; `pages`: page -> fingerprint now; the
    `previous_*` come from the record of the published build (all empty for a full
    build); `missing`: shards whose folder is not in the published site.
    """
    base_now = {page: shard for shard, owned in members.items() for page in owned}  # page -> its base now
    base_before = {page: shard for shard, owned in previous_members.items() for page in owned}
    changes = dict(previous_changes)
    for page, fingerprint in pages.items():
        if page in base_now and page not in changes and previous_pages.get(page) != fingerprint:
            old = base_before.get(page, "")
            changes[page] = old if old in previous_shards else ""
    for page, old in base_before.items():
        if page not in base_now and page not in changes and old in previous_shards:
            changes[page] = old
    # a base no page belongs to any more is deleted with its stale copies: nothing left to hide
    changes = {page: old if old in members else "" for page, old in changes.items()}
    changes = {page: old for page, old in changes.items() if page in base_now or old}

    bases = {shard for shard in members if shard not in previous_shards or shard in missing}
    for language in {language_of(shard) for shard in members}:
        mine = [page for page, old in changes.items() if language_of(base_now.get(page) or old) == language]
        if len(mine) > FOLD_LIMIT:
            bases |= {shard for page in mine for shard in (base_now.get(page), changes[page]) if shard}
    bases = _closure(bases, changes, base_now) & set(members)
    changes = {page: old for page, old in changes.items()
               if not ((not old or old in bases) and (page not in base_now or base_now[page] in bases))}

    shards = {shard: previous_shards[shard] for shard in members if shard in previous_shards and shard not in bases}
    shards.update({shard: members_fingerprint(pages, members[shard]) for shard in bases})
    bundles, bundle_digests = {}, {}
    for language in sorted({language_of(shard) for shard in members}):
        shown = sorted(page for page in changes if page in base_now and language_of(base_now[page]) == language)
        hidden: dict[str, list[str]] = {}
        for page, old in sorted(changes.items()):
            if old and language_of(old) == language:
                hidden.setdefault(old, []).append(page)
        bundle_digests[language] = digest([(page, pages[page]) for page in shown], hidden)
        if previous_bundles.get(language) != bundle_digests[language] or changes_shard(language) in missing:
            bundles[language] = (shown, hidden)
    return SearchPlan({shard: sorted(members[shard]) for shard in sorted(bases)}, shards, changes, bundles, bundle_digests)


def _closure(bases: set[str], changes: Mapping[str, str], base_now: Mapping[str, str]) -> set[str]:
    """A changed page whose old or new shard is indexed again has both indexed again: then its
    changes entry can go, with no stale copy left visible and no fresh copy left out."""
    bases = set(bases)
    while True:
        more = {shard for page, old in changes.items() for shard in (old, base_now.get(page, ""))
                if shard and (old in bases or base_now.get(page) in bases)} - bases
        if not more:
            return bases
        bases |= more
