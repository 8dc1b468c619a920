"""What a build must redo, judged against the record of the published build.

A page's fingerprint hashes everything its HTML depends on: its PageSpec and the site's
settings (templates, configuration, version); a page whose fingerprint is unchanged is
not rendered again. Sources are compared by file status first, so an unchanged source is
not even read. When every changed source keeps its outline (only a body changed), the
only pages that can change are its story's, and they are rebuilt from the record and
the parse cache without reading, indexing or listing the rest of the site.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .cache import ParseCache
from .config import SiteConfig
from .errors import SourceError
from .fingerprints import digest
from .grouping import story_key
from .model import Article, SiteIndex, Story
from .discovery import Scan
from .pages import PageSpec, story_pages
from .record import BuildRecord, SourceRecord, outline_digest
from .content_layout import ContentLayout
from .desk import version_states
from .desk_checks import Pair, pairs_to_check
from .desk_history import stale_by_git, stale_in_index
from .sources import read_source
from .views import SiteViews, output_file


def fingerprint(spec: PageSpec, settings: str, deps: str) -> str:
    """The page's spec, every field of it (see fingerprints.encode), the site's settings and
    the digest of its templates and catalog (template_deps.TemplateDeps.page_digest)."""
    return digest(settings, deps, spec)


def deps_key(template: str, lang: str) -> str:
    """How the build record names the templates and catalog of a kind of page in a language."""
    return f"{template}\0{lang}"


def changed_stories(record: BuildRecord | None, sources: dict[str, SourceRecord], languages: tuple[str, ...],
                    default_lang: str) -> set[str] | None:
    """Stories whose pages may differ from the published ones (None: every story).

    A story's pages read its sources' outlines, bodies (by cache key) and paths, and the
    site's languages; a story none of whose sources changed in those keeps its pages.
    """
    if record is None or (languages, default_lang) != (record.languages, record.default_lang):
        return None
    changed = set()
    for rel, source in sources.items():
        old = record.sources.get(rel)
        if old is None or old[3:] != source[3:]:  # all but the file status
            changed.update({source.story, old.story if old else ""})
    changed.update(old.story for rel, old in record.sources.items() if rel not in sources)
    changed.discard("")
    return changed


def known_cache_keys(record: BuildRecord | None, scan: Scan, content: Path) -> dict[Path, str]:
    """Parse cache keys of sources whose file status matches the record's."""
    if record is None:
        return {}
    return {content / rel: record.sources[rel].cache_key for rel, status in scan.items()
            if rel in record.sources and record.sources[rel].status == status}


@dataclass(frozen=True)
class StoryUpdate:
    """The pages of the stories whose bodies changed, and the record after them."""

    pages: list[PageSpec]  # the pages to render
    record: BuildRecord  # as it will be, but for its search fields (see search_build)
    pairs: list[Pair]  # the stories' translations to check against their originals (desk_checks)


def plan_story_update(record: BuildRecord, scan: Scan, changed: dict[str, tuple[Article, str]], config: SiteConfig,
                      cache: ParseCache | None, layout: ContentLayout, history_dir: Path | None = None) -> StoryUpdate | None:
    """The story-only rebuild for `changed` (relative path -> parsed article, cache key),
    or None when any change reaches beyond its story (an outline, a story or a language).
    `history_dir` keeps what was read of the git history (desk_history)."""
    for rel, (article, _) in changed.items():
        old = record.sources.get(rel)
        if (old is None or not old.story or article.draft or story_key(article) != old.story or article.lang != old.lang
                or outline_digest(article) != old.outline):
            return None
    stories = {record.sources[rel].story for rel in changed}
    stale = _stale_if_states_hold(record, changed, config, cache, layout, history_dir) if config.desk_pages else None
    if config.desk_pages and stale is None:
        return None
    views = story_views(record, stories, config, cache, layout, changed, history_dir, stale)
    if views is None:
        return None
    specs = [spec for key in sorted(stories) for spec in story_pages(views, key)]
    if any(deps_key(spec.template, spec.lang) not in record.deps for spec in specs):
        return None
    fingerprints = {output_file(spec.path): fingerprint(spec, record.settings, record.deps[deps_key(spec.template, spec.lang)])
                    for spec in specs}
    to_render = [spec for spec in specs if record.pages.get(output_file(spec.path)) != fingerprints[output_file(spec.path)]]
    sources = {**record.sources, **{rel: SourceRecord.of(scan[rel], key, *record.sources[rel][4:])
                                    for rel, (_, key) in changed.items()}}
    return StoryUpdate(to_render, record.keeping_members(sources=sources, pages={**record.pages, **fingerprints}),
                       pairs_to_check(views, stories))


def _stale_if_states_hold(record: BuildRecord, changed: dict[str, tuple[Article, str]], config: SiteConfig,
                          cache: ParseCache | None, layout: ContentLayout,
                          history_dir: Path | None) -> frozenset[tuple[str, str]] | None:
    """The translations of the edited stories stale by their history after the edit; None
    when the edit turns a version stale or up to date: the desk's matrix, a page listing
    every story, then shows it, so the whole site's lane must build. One history read
    answers for before and after."""
    stories: dict[tuple[str, str], dict[str, Article]] = {}
    for story in {record.sources[rel].story for rel in changed}:
        before, after = {}, {}
        for rel, source in record.sources.items():
            if source.story == story:
                old = _cached_article(source, layout.root / rel, cache, layout)
                if old is None:
                    return None
                before[source.lang] = old
                after[source.lang] = changed[rel][0] if rel in changed else old
        stories[("before", story)], stories[("after", story)] = before, after
    by_history, _ = stale_by_git(stories, config.sources, layout, history_dir)

    def states(when: str, story: str) -> dict[str, str]:
        stale = {lang for (moment, key), lang in by_history if (moment, key) == (when, story)}
        return version_states(stories[(when, story)], config.sources, stale)

    if any(states("before", story) != states("after", story) for _, story in stories):
        return None
    return frozenset((story, lang) for (moment, story), lang in by_history if moment == "after")


def story_specs(record: BuildRecord, stories: set[str], config: SiteConfig, cache: ParseCache | None,
                layout: ContentLayout, history_dir: Path | None = None) -> list[PageSpec] | None:
    """The pages of `stories` (see story_views), None when only a whole build can tell them."""
    views = story_views(record, stories, config, cache, layout, history_dir=history_dir)
    return None if views is None else [spec for key in sorted(stories) for spec in story_pages(views, key)]


def story_views(record: BuildRecord, stories: set[str], config: SiteConfig, cache: ParseCache | None,
                layout: ContentLayout, changed: dict[str, tuple[Article, str]] | None = None,
                history_dir: Path | None = None,
                stale_by_history: frozenset[tuple[str, str]] | None = None) -> SiteViews | None:
    """The views of `stories` alone, from the record and the parse cache (with `changed`
    sources as parsed now): no other source is read. None when a story's links resolve
    against the whole site (or a source is gone): then only a whole build can tell its pages.
    `stale_by_history` when the caller has read the history already."""
    changed = changed or {}
    members = {rel: source for rel, source in record.sources.items() if source.story in stories}
    articles, body_keys = {}, {}
    for rel, source in members.items():
        article, key = changed[rel] if rel in changed else (_cached_article(source, layout.root / rel, cache, layout),
                                                             source.cache_key)
        if article is None or article.references:  # its links resolve against the whole site
            return None
        articles[(source.story, source.lang)] = replace(article, blocks=())  # as a whole build holds it
        body_keys[article.source_path] = key
    index = SiteIndex(
        articles=articles,
        stories={key: Story(key, tuple(sorted(lang for k, lang in articles if k == key))) for key in stories},
        slugs={(source.story, source.lang): source.slug for source in members.values()},
        languages=record.languages,
    )
    return SiteViews(index, config, default_lang=record.default_lang, body_keys=body_keys,
                     stale_by_history=(stale_by_history if stale_by_history is not None
                                       else stale_in_index(index, config, layout, history_dir)[0]),
                     content_root=layout.root)


def _cached_article(source: SourceRecord, path: Path, cache: ParseCache | None, layout: ContentLayout) -> Article | None:
    if cache is not None:
        article, _ = cache.get(source.cache_key, path)
        if article is not None:
            return article
    try:
        return read_source(path, layout)
    except SourceError:
        return None
