"""Doing the build that pipeline decided on: the whole site, or only some stories.

Every source is parsed before anything is rendered, and every file is written into a
staging folder before the published site is touched (see write).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .bundles import content_files
from .cache import ParseCache, relocated
from .config import SiteConfig
from .discovery import Scan, discover_sources, file_status
from .errors import BuildFailed, Problem
from .feeds import atom_feed, list_feeds
from .desk_checks import check_pairs, pairs_to_check, unchecked_note
from .desk_history import stale_in_index
from .git_dates import last_commit_dates
from .grouping import Publishing, build_index
from .incremental import changed_stories, deps_key, fingerprint, known_cache_keys, plan_story_update, story_specs
from .linkcheck import broken_links
from .model import Article, SiteIndex
from .pages import PageSpec, body_problems, listing_pages, path_conflicts, story_pages
from .parallel import read_sources, render_pages
from .content_layout import ContentLayout, plain_layout
from .build_options import BuildOptions, BuildReport, content_layout, static_files
from .record import (
    BuildRecord, SourceRecord, cache_root, discard_record, outline_digest, page_is_missing,
)
from .search_build import index_search
from .template_deps import BODY_TEMPLATE, TemplateDeps, template_deps
from .sitemaps import SitemapEntry, news_sitemap, news_sitemap_expiry, robots_txt, sitemap, sitemap_entry
from .views import SiteViews, output_file
from .write import copy_files, merge, publish, write_file
from .site_writes import report_of, staging_folder, static_digests


def parse_cache(options: BuildOptions) -> ParseCache | None:
    return ParseCache(options.parsed_dir or cache_root(options.output) / "parsed") if options.use_cache else None


Parsed = dict[str, tuple[Article, str]]  # source path relative to the content folder -> (article, cache key)


def read_all(content: Path | ContentLayout, cache: ParseCache | None = None,
             progress: bool = False) -> tuple[list[Article], list[Problem]]:
    """Parse every source first; a bad file is a problem, not the end of the others."""
    layout = content if isinstance(content, ContentLayout) else plain_layout(content)
    parsed, problems = _read(layout, [path for path in discover_sources(layout.root)], cache, progress)
    return [article for article, _ in parsed.values()], problems


def _read(layout: ContentLayout, paths: list[Path], cache: ParseCache | None, progress: bool = False,
          known_keys: dict[Path, str] | None = None, prune: bool = True,
          outline_only: bool = False) -> tuple[Parsed, list[Problem]]:
    """Parse `paths`; with `outline_only`, bodies stay in the cache and outlines come back.

    An unchanged source's outline comes from the cache's outline file, when it has it.
    """
    content = layout.root
    parsed: Parsed = {}
    problems, bad_entries = [], []
    if outline_only and known_keys and cache is not None:
        outlines = cache.load_outlines()
        known = {path: known_keys.get(path, "") for path in paths}
        parsed = {path.relative_to(content).as_posix(): (relocated(outlines[key], path), key)
                  for path, key in known.items() if key in outlines}
        paths = [path for path, key in known.items() if key not in outlines]
    results = read_sources(paths, layout, cache, progress, known_keys, outline_only)
    for path, (article, problem, key, cache_warning) in zip(paths, results):
        if article is not None:
            parsed[path.relative_to(content).as_posix()] = (article, key)
        if problem is not None:
            problems.append(problem)
        if cache_warning:
            bad_entries.append(cache_warning)
    if bad_entries:
        problems.append(Problem(None, f"ignored {len(bad_entries)} unusable cache entries ({bad_entries[0]})",
                                "they were parsed again; delete the cache folder to silence this", warning=True))
    if cache is not None and prune:
        cache.prune({key for _, key in parsed.values() if key})
    return parsed, problems


def rebuild_stories(options: BuildOptions, config: SiteConfig, record: BuildRecord, scan: Scan, changed: tuple[str, ...],
                    started: float) -> BuildReport | None:
    """Only bodies changed: render their stories' pages and index them for search."""
    cache = parse_cache(options)
    layout = content_layout(options, config)
    parsed, problems = _read(layout, [options.content / rel for rel in changed], cache, prune=False)
    if problems:
        return None  # the whole build reports them, in their place among the others
    update = plan_story_update(record, scan, parsed, config, cache, layout,
                               cache_root(options.output) if options.use_cache else None)
    if update is None:
        return None
    with staging_folder(options) as staging:
        _render(options, config, update.pages, staging, cache)
        hints = check_pairs(update.pairs, cache, layout)
        search = index_search(options, update.record, record, staging, {output_file(page.path) for page in update.pages})
        discard_record(cache_root(options.output))
        merge(staging, options.output, [], search.replaced, search.removed)
    return report_of(search.record, started, hints + list(search.problems), len(update.pages))


def render_first(options: BuildOptions, config: SiteConfig, record: BuildRecord, pages: set[str]) -> int:
    """Render the article pages among `pages` (output files) with the current templates and
    configuration straight into the site, from the record and the parse cache: the dev
    server shows the page being viewed before a template edit's whole build. Returns how
    many it rendered (0 when that takes the whole site, e.g. a story linking others)."""
    stories = {source.story for source in record.sources.values() if source.story and source.page in pages}
    cache = parse_cache(options)
    history_dir = cache_root(options.output) if options.use_cache else None
    specs = story_specs(record, stories, config, cache, content_layout(options, config), history_dir=history_dir) if stories else None
    specs = [spec for spec in specs or [] if output_file(spec.path) in pages]
    if specs:
        _render(options, config, specs, options.output, cache)
    return len(specs)


def refresh_search(options: BuildOptions, record: BuildRecord, started: float) -> BuildReport:
    """Make the search indexes a build left stale (deferred, or failed) from the published pages;
    when the dev server defers search, one index per build."""
    with staging_folder(options) as staging:
        search = index_search(options, record, record, staging, set(), only_one=options.defer_search)
        discard_record(cache_root(options.output))
        merge(staging, options.output, [], search.replaced, search.removed)
    return report_of(search.record, started, search.problems, 0)


def rebuild_site(options: BuildOptions, config: SiteConfig, settings: str, scan: Scan, record: BuildRecord | None,
                 now: dt.datetime, started: float, files: Scan | None = None, cache: ParseCache | None = None,
                 theme: str = "") -> BuildReport:
    """Read every source (from the cache where it is unchanged), index, and render what changed.

    Without a usable record (first build, --no-cache, --strict, changed settings) every
    file is written into a complete new site that replaces the old one; with one, only
    the changed files are written and merged in.
    """
    cache = cache or parse_cache(options)
    if cache is None:  # --no-cache: bodies still wait in a cache, one of this build only
        with tempfile.TemporaryDirectory(prefix="newsroom-scratch-") as scratch:
            return rebuild_site(options, config, settings, scan, record, now, started, files, ParseCache(Path(scratch)), theme)
    files = files or {}
    layout = content_layout(options, config)
    paths = [options.content / rel for rel in sorted(scan)]
    parsed, problems = _read(layout, paths, cache, options.progress,
                             known_cache_keys(record, scan, options.content),
                             outline_only=True)
    parsed = {rel: parsed[rel] for rel in sorted(parsed)}
    if config.hugo is not None and config.hugo.git_info:
        parsed, git_problems = _with_git_dates(parsed, options.content)
        problems += git_problems
    publishing = Publishing(now, options.drafts, options.future, options.expired, config.hugo is not None)
    history_dir = cache_root(options.output) if options.use_cache else None
    index, views, found = _index(parsed, publishing, config, content_files(layout, files, scan), layout.root,
                                 lambda index: stale_in_index(index, config, layout, history_dir))
    problems = _triage(problems + found + body_problems(views, options.theme), options)
    if any(not p.warning for p in problems) and not options.keep_going:
        raise BuildFailed([p for p in problems if not p.warning])

    sources = _source_records(parsed, scan, index, views)
    complete = record is None or record.settings != settings
    previous = BuildRecord(settings, (), "", {}, {}, {}) if complete else record
    deps = template_deps(options.theme, views.languages)
    plan = _plan_pages(views, settings, deps, sources, None if complete else record,
                       {} if complete else cache.load_page_entries(), options.output)
    fingerprints = plan.fingerprints
    outputs = _feeds_and_sitemaps(views, plan.sitemap, now)
    expiry = min((moment for moment in (news_sitemap_expiry(views, now),
                                         publishing.next_change(article for article, _ in parsed.values())) if moment),
                 default=None)
    static = {site: (path, file_status(path)) for site, path in static_files(options, config).items()}
    digests = static_digests(static, None if complete else record)
    copied = views.published_files()
    new_record = BuildRecord(settings, views.languages, views.default_lang, sources, fingerprints, {},
                             digests, tuple(sorted(outputs)), expiry.isoformat() if expiry else "", files,
                             {site: path.relative_to(options.content).as_posix() for site, path in copied.items()},
                             theme, {site: status for site, (_, status) in static.items()}, plan.deps)
    to_render = [page for page in plan.specs if previous.pages.get(output_file(page.path)) != fingerprints[output_file(page.path)]
                 or page_is_missing(options.output, output_file(page.path))]
    with staging_folder(options) as staging:
        _render(options, config, to_render, staging, cache)
        problems += (check_pairs(pairs_to_check(views, plan.changed), cache, layout) if plan.changed is not None
                     else unchecked_note(views))
        for relative, data in outputs.items():
            if complete or _differs(options.output / relative, data):
                write_file(staging, relative, data)
        copy_files({site: path for site, (path, _) in static.items() if complete or previous.static.get(site) != digests[site]
                    or page_is_missing(options.output, site)}, staging)
        copy_files({site: path for site, path in copied.items()
                    if complete or _copy_is_stale(previous, site, new_record.copied[site], files, options.output)}, staging)
        search = index_search(options, new_record, None if complete else previous, staging,
                              {output_file(page.path) for page in to_render})
        new_record = search.record
        problems += search.problems
        if options.strict:
            links = broken_links(staging, config)
            if links:
                raise BuildFailed(links)
        if options.use_cache:  # keyed by content: safe to keep before the site is published
            _save_cache_files(cache, parsed, plan)
        discard_record(cache_root(options.output))
        if complete:
            publish(staging, options.output)
        else:
            removed = sorted(set(previous.published_files()) - set(new_record.published_files()))
            merge(staging, options.output, removed, search.replaced, search.removed)
    return BuildReport(len(index.articles), len(fingerprints), views.languages, time.perf_counter() - started, tuple(problems),
                       len(to_render), bool(new_record.stale_shards()), new_record if options.use_cache else None)


def _index(parsed: Parsed, publishing: Publishing, config: SiteConfig, files: dict, content_root: Path,
           stale_of: Callable[[SiteIndex], tuple[frozenset[tuple[str, str]], list[Problem]]]
           ) -> tuple[SiteIndex, SiteViews, list[Problem]]:
    """The site's index and views (with the translations `stale_of` finds stale by their
    history). A page that would take another's path (or one newsroom's own pages need) is
    a problem, and, with --keep-going, left out of the site like a source that cannot be
    read: never one page silently written over another."""
    body_keys = {article.source_path: key for article, key in parsed.values()}
    left_out: set[Path | None] = set()
    conflicts: list[Problem] = []
    while True:  # each round leaves out more sources, so it ends
        index, found = build_index((article for article, _ in parsed.values() if article.source_path not in left_out),
                                   publishing, unique_slugs=config.hugo is None)
        stale, notes = stale_of(index)
        views = SiteViews(index, config, body_keys=body_keys, content_files=files, stale_by_history=stale,
                          content_root=content_root)
        more = [problem for problem in path_conflicts(views) if problem.path not in left_out]
        if not more:
            return index, views, found + conflicts + notes
        conflicts += more
        left_out |= {problem.path for problem in more}


@dataclass(frozen=True)
class PagePlan:
    specs: list[PageSpec]  # pages built anew: every list page, and the pages of changed stories
    fingerprints: dict[str, str]  # output file -> fingerprint, of every page
    deps: dict[str, str]  # incremental.deps_key -> the page digest of its templates and catalog
    sitemap: list[SitemapEntry | None]  # of every page, in the site's order
    entries: dict[str, SitemapEntry | None]  # article pages' sitemap entries by fingerprint, for the next build
    changed: set[str] | None  # the stories whose sources changed since the record (None: every story)


def _plan_pages(views: SiteViews, settings: str, deps: TemplateDeps, sources: dict[str, SourceRecord],
                record: BuildRecord | None, known_entries: dict[str, SitemapEntry | None], site: Path) -> PagePlan:
    """Specs of every list page and of the stories that changed since `record`.

    A story's pages read only its own sources, the site's languages and their templates and
    catalog, so a story whose sources are as the record has them, in languages whose article
    template and catalog are as they were, keeps its pages' fingerprints and sitemap entries
    from the last build, and its pages are not even built (15,000 of them take seconds).
    """
    changed = changed_stories(record, sources, views.languages, views.default_lang)
    used: set[tuple[str, str]] = set()  # (template, language) of every page, for the record

    def page_fingerprint(spec: PageSpec) -> str:
        used.add((spec.template, spec.lang))
        return fingerprint(spec, settings, deps.page_digest(spec.template, spec.lang))

    specs = list(listing_pages(views))
    fingerprints = {output_file(spec.path): page_fingerprint(spec) for spec in specs}
    in_order = [sitemap_entry(spec) for spec in specs]
    entries: dict[str, SitemapEntry | None] = {}
    same_deps = {lang: record is not None and record.deps.get(deps_key(BODY_TEMPLATE, lang))
                 == deps.page_digest(BODY_TEMPLATE, lang) for lang in views.languages}
    for key, story in views.index.stories.items():
        files = [output_file(views.paths[(key, lang)]) for lang in story.languages]
        known = [record.pages.get(file, "") for file in files] if record is not None else []
        if (changed is not None and key not in changed and all(same_deps[lang] for lang in story.languages)
                and all(fp in known_entries for fp in known) and not any(page_is_missing(site, file) for file in files)):
            for file, fp in zip(files, known):
                fingerprints[file], entries[fp] = fp, known_entries[fp]
                in_order.append(known_entries[fp])
            used.update((BODY_TEMPLATE, lang) for lang in story.languages)
            continue
        for spec in story_pages(views, key):
            fp = page_fingerprint(spec)
            fingerprints[output_file(spec.path)], entries[fp] = fp, sitemap_entry(spec)
            specs.append(spec)
            in_order.append(entries[fp])
    return PagePlan(specs, fingerprints, {deps_key(*pair): deps.page_digest(*pair) for pair in used}, in_order, entries,
                    changed)


def _save_cache_files(cache: ParseCache, parsed: Parsed, plan: PagePlan) -> None:
    try:
        cache.save_outlines({key: article for article, key in parsed.values() if key})
        cache.save_page_entries(plan.entries)
    except OSError:
        pass  # only slower next time


def _source_records(parsed: Parsed, scan: Scan, index: SiteIndex, views: SiteViews) -> dict[str, SourceRecord]:
    """What each source became: the record lets the next build skip it while it is unchanged."""
    published = {article.source_path: pair for pair, article in index.articles.items()}
    records = {}
    for rel, (article, key) in parsed.items():
        pair = published.get(article.source_path)
        if pair is None:  # a draft, or the second version of a story in one language
            records[rel] = SourceRecord.of(scan[rel], key)
            continue
        records[rel] = SourceRecord.of(scan[rel], key, pair[0], pair[1], index.slugs[pair], output_file(views.paths[pair]),
                                    views.search_shard(pair),
                                    outline_digest(article, views.resolved_links(article)))
    return records


def _render(options: BuildOptions, config: SiteConfig, pages: list[PageSpec], staging: Path,
            cache: ParseCache | None) -> None:
    bytecode = cache_root(options.output) / "templates" if options.use_cache else None
    problems = render_pages(staging, pages, options.theme, config, bytecode, options.progress, cache,
                            content_layout(options, config))
    if problems:
        raise BuildFailed(problems)


def _with_git_dates(parsed: Parsed, content: Path) -> tuple[Parsed, list[Problem]]:
    """Each article's `updated` from its file's last commit (Hugo's enableGitInfo: git first,
    then front matter); a file never committed keeps what its front matter says."""
    dates, problems = last_commit_dates(content)
    return {rel: ((replace(article, updated=dates[rel]), key) if rel in dates else (article, key))
            for rel, (article, key) in parsed.items()}, problems


def _copy_is_stale(previous: BuildRecord, site_file: str, content_file: str, files: Scan, output: Path) -> bool:
    """A content file to copy again: new there, changed since, or gone from the site."""
    return (previous.copied.get(site_file) != content_file or previous.content_files.get(content_file) != files[content_file]
            or page_is_missing(output, site_file))


def _differs(path: Path, data: bytes | str) -> bool:
    try:
        return path.read_bytes() != (data.encode() if isinstance(data, str) else data)
    except OSError:
        return True


def _triage(problems: list[Problem], options: BuildOptions) -> list[Problem]:
    """With --strict, every warning counts as an error."""
    return [p.as_error() if options.strict else p for p in problems]


def _feeds_and_sitemaps(views: SiteViews, entries: list[SitemapEntry | None], now: dt.datetime) -> dict[str, bytes | str]:
    outputs: dict[str, bytes | str] = {output_file(views.site_paths.feed(lang)): atom_feed(views, lang) for lang in views.languages}
    if views.config.hugo is not None:
        outputs.update(list_feeds(views))
    outputs["sitemap.xml"] = sitemap(entries)
    recent = news_sitemap(views, now)
    if recent:
        outputs["news-sitemap.xml"] = recent
    outputs["robots.txt"] = robots_txt(views, [name for name in ("sitemap.xml", "news-sitemap.xml") if name in outputs])
    return outputs
