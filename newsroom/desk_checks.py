"""Consistency hints as build warnings: each translation of a story the build read anew,
against its original (or the version the others are read against).

They come with the edits, as an editor's linter does: a build reports those of the
stories whose sources changed since the build it starts from. A build that starts over
(the first, `--no-cache`, `--strict`, CI) checks none and says where they all are:
`status` lists every story's. Checking them all would cost each such build ~2.8 ms of
CPU per translation (+28 s on an 80 s build at 5,000 stories x 3), for a list nobody
reads in a build log. They are editorial hints, never errors, `--strict` included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import ParseCache
from .consistency import any_check_on, checked_blocks, compare
from .content_layout import ContentLayout
from .desk import reference_language
from .errors import Problem, SourceError
from .page_spec import BodyRef
from .parallel import fan_out, load_blocks
from .views import SiteViews


@dataclass(frozen=True)
class Pair:
    """One translation and the version it is checked against."""

    reference: BodyRef
    reference_lang: str
    translation: BodyRef
    translation_lang: str
    enabled: tuple[tuple[str, bool], ...]  # [checks] of site.toml


def pairs_to_check(views: SiteViews, stories: Iterable[str] | None) -> list[Pair]:
    """The pairs of `stories` (None: every story), unless every check is turned off."""
    if not any_check_on(views.config.checks):
        return []
    enabled = tuple(sorted(views.config.checks.items()))
    found = []
    for key in sorted(views.index.stories if stories is None else set(stories) & set(views.index.stories)):
        versions = views.versions(key)
        if len(versions) < 2:
            continue
        reference = reference_language(versions, views.config.sources)
        body = {lang: BodyRef(views.body_keys.get(article.source_path, ""), article.source_path)
                for lang, article in versions.items()}
        found += [Pair(body[reference], reference, body[lang], lang, enabled) for lang in sorted(versions) if lang != reference]
    return found


def unchecked_note(views: SiteViews) -> list[Problem]:
    """What a build that starts over says instead of checking every translation."""
    translations = sum(len(story.languages) - 1 for story in views.index.stories.values())
    if not translations or not any_check_on(views.config.checks):
        return []
    return [Problem(None, f"consistency hints: not checked in a build that starts over ({translations} translation(s))",
                    "newsroom status lists every story's; each build from now on reports those of the stories edited",
                    warning=True, editorial=True)]


def check_pairs(pairs: list[Pair], cache: ParseCache | None, layout: ContentLayout) -> list[Problem]:
    """Every hint of `pairs`, as warnings naming the translation, the paragraph and the original."""
    jobs = [(pair, cache, layout) for pair in pairs]
    return [problem for found in fan_out(_check_pair, jobs) for problem in found]


def _check_pair(job: tuple[Pair, ParseCache | None, ContentLayout]) -> list[Problem]:
    pair, cache, layout = job
    try:
        original = checked_blocks(load_blocks(pair.reference, cache, layout))
        translation = checked_blocks(load_blocks(pair.translation, cache, layout))
    except SourceError:
        return []  # gone or broken since it was read: the next build says so
    found = compare(original, pair.reference_lang, translation, pair.translation_lang, dict(pair.enabled))
    where = _shown(pair.reference.source, layout.root)
    return [Problem(pair.translation.source,
                    f"{check.kind}: {check.detail} ({f'paragraph {check.paragraph} of ' if check.paragraph else ''}{where})",
                    f"an editorial hint: [checks] {check.kind} = false in site.toml turns these off",
                    warning=True, editorial=True)
            for check in found]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.name
