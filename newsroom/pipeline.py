"""The build, in one direction: read every source, index, render every page, publish."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import SiteConfig, load_config
from .errors import BuildFailed, Problem, SourceError
from .feeds import atom_feed
from .grouping import build_index
from .incremental import (
    OUTPUTS_KEY, SEARCH_KEY, Manifest, index_fingerprint, outputs_fingerprint, page_fingerprints, render_salt,
    reuse_tree, split_pages,
)
from .linkcheck import broken_links
from .model import Article
from .pages import PageSpec, site_pages
from .cache import ParseCache, cache_root
from .parallel import read_sources, render_pages
from .search import build_search_index
from .sitemaps import news_sitemap, robots_txt, sitemap
from .sources import discover_sources
from .views import SiteViews, feed_path, output_file
from .write import build_lock, copy_tree, create_staging_dir, discard, publish, write_file


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path
    templates: Path
    config_file: Path | None = None
    keep_going: bool = False
    strict: bool = False  # check every link, and treat every warning as an error
    base_url: str | None = None  # overrides site.toml, e.g. the dev server's address
    use_cache: bool = True
    progress: bool = False  # progress bars on a terminal, for steps over a second


@dataclass(frozen=True)
class BuildReport:
    articles: int
    pages: int
    languages: tuple[str, ...]
    seconds: float
    problems: tuple[Problem, ...] = field(default=())
    rendered: int = 0  # pages rendered this time; the rest were reused unchanged


def build_time() -> dt.datetime:
    """Now, unless SOURCE_DATE_EPOCH pins it (reproducible builds)."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned.isdigit():
        return dt.datetime.fromtimestamp(int(pinned), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def read_all(content: Path, cache: ParseCache | None = None, progress: bool = False) -> tuple[list[Article], list[Problem]]:
    """Parse every source first; a bad file is a problem, not the end of the others."""
    articles, problems, used, bad_entries = [], [], set(), []
    for article, problem, key, cache_warning in read_sources(discover_sources(content), content, cache, progress):
        if article is not None:
            articles.append(article)
        if problem is not None:
            problems.append(problem)
        if key:
            used.add(key)
        if cache_warning:
            bad_entries.append(cache_warning)
    if bad_entries:
        problems.append(Problem(None, f"ignored {len(bad_entries)} unusable cache entries ({bad_entries[0]})",
                                "they were parsed again; delete the cache folder to silence this", warning=True))
    if cache is not None:
        cache.prune(used)
    return articles, problems


def _check_folders(options: BuildOptions) -> None:
    if not options.content.is_dir():
        raise BuildFailed([Problem(options.content, "content folder not found", "create it or pass --content DIR")])
    if not options.templates.is_dir():
        raise BuildFailed([Problem(options.templates, "templates folder not found", "pass --templates DIR")])
    output = options.output.resolve()
    for folder, name in ((options.content, "content"), (options.templates, "templates")):
        folder = folder.resolve()
        if output == folder or output in folder.parents or folder in output.parents:
            raise BuildFailed([Problem(options.output, f"the output folder overlaps the {name} folder, which a build would replace",
                                       "pass a separate --output DIR")])


def _config(options: BuildOptions) -> SiteConfig:
    try:
        config = load_config(options.config_file) if options.config_file else SiteConfig()
    except SourceError as exc:
        raise BuildFailed([exc.problem]) from None
    return replace(config, base_url=options.base_url) if options.base_url else config


def build_site(options: BuildOptions) -> BuildReport:
    """Build the whole site; raises BuildFailed (previous site untouched) on any problem.

    With keep_going, problems in single sources are reported and the rest is built.
    """
    started = time.perf_counter()
    _check_folders(options)
    config = _config(options)
    cache = ParseCache(cache_root(options.output) / "parsed") if options.use_cache else None
    articles, problems = read_all(options.content, cache, options.progress)
    index, found = build_index(articles)
    problems = _triage(problems + found, options)
    if any(not p.warning for p in problems) and not options.keep_going:
        raise BuildFailed([p for p in problems if not p.warning])

    views = SiteViews(index, config)
    try:
        with build_lock(options.output):
            pages, rendered = _write_site(options, config, views, problems)
    except SourceError as exc:
        raise BuildFailed([exc.problem]) from None
    return BuildReport(len(index.articles), len(pages), views.languages, time.perf_counter() - started, tuple(problems),
                       rendered)


def _triage(problems: list[Problem], options: BuildOptions) -> list[Problem]:
    """With --strict, every warning counts as an error."""
    return [p.as_error() if options.strict else p for p in problems]


def _write_site(options: BuildOptions, config: SiteConfig, views: SiteViews,
                problems: list[Problem]) -> tuple[list[PageSpec], int]:
    """Stage every file, check it, then swap it in; on any failure the stage is discarded.

    Returns the pages and how many were rendered; when nothing at all changed since the
    published build, the site is left as it is and nothing is written.
    """
    manifest = Manifest(cache_root(options.output))
    previous = manifest.load() if options.use_cache and options.output.is_dir() else {}
    pages = list(site_pages(views))
    fingerprints = page_fingerprints(pages, render_salt(options.templates, config))
    indexed = index_fingerprint(fingerprints)
    outputs = _feeds_and_sitemaps(views, pages)
    fingerprints[OUTPUTS_KEY] = outputs_fingerprint(outputs)
    if previous == {**fingerprints, SEARCH_KEY: indexed} and _all_present(options.output, fingerprints):
        return pages, 0
    manifest.discard()  # until this build is published, no manifest describes the site
    staging = create_staging_dir(options.output)
    try:
        rendered = _write_pages(options, config, pages, fingerprints, previous, staging)
        for relative, data in outputs.items():
            write_file(staging, relative, data)
        copy_tree(options.templates / "static", staging, "static")
        _write_search(options, fingerprints, indexed, previous, staging, problems)
        if options.strict:
            links = broken_links(staging, config)
            if links:
                raise BuildFailed(links)
        publish(staging, options.output)
    except OSError as exc:
        discard(staging)
        raise BuildFailed([Problem(options.output, f"cannot write the site: {exc.strerror or exc}",
                                   "check the disk space and permissions of the output folder")]) from None
    except BaseException:
        discard(staging)
        raise
    if options.use_cache:
        try:
            manifest.save(fingerprints)
        except OSError:
            pass  # the next build renders every page again, which is only slower
    return pages, rendered


def _all_present(site: Path, fingerprints: dict[str, str]) -> bool:
    """A page deleted from site/ by hand is a change too."""
    return all((site / relative).is_file() for relative in fingerprints if not relative.startswith("#"))


def _write_pages(options: BuildOptions, config: SiteConfig, pages: list[PageSpec], fingerprints: dict[str, str],
                 previous: dict[str, str], staging: Path) -> int:
    """Render the pages whose inputs changed; link the others from the published site."""
    to_render = split_pages(pages, fingerprints, previous, options.output, staging)
    bytecode = cache_root(options.output) / "templates" if options.use_cache else None
    problems = render_pages(staging, to_render, options.templates, config, bytecode, options.progress)
    if problems:
        raise BuildFailed(problems)
    return len(to_render)


def _feeds_and_sitemaps(views: SiteViews, pages: list[PageSpec]) -> dict[str, bytes | str]:
    outputs: dict[str, bytes | str] = {output_file(feed_path(lang)): atom_feed(views, lang) for lang in views.languages}
    outputs["sitemap.xml"] = sitemap(pages)
    recent = news_sitemap(views, build_time())
    if recent:
        outputs["news-sitemap.xml"] = recent
    outputs["robots.txt"] = robots_txt(views, [name for name in ("sitemap.xml", "news-sitemap.xml") if name in outputs])
    return outputs


def _write_search(options: BuildOptions, fingerprints: dict[str, str], indexed: str, previous: dict[str, str],
                  staging: Path, problems: list[Problem]) -> None:
    """Pagefind runs again only when an indexed page changed; else its index is reused."""
    if previous.get(SEARCH_KEY) == indexed and reuse_tree(options.output, staging, "pagefind"):
        fingerprints[SEARCH_KEY] = indexed
        return
    problem = build_search_index(staging)
    if problem is None:
        fingerprints[SEARCH_KEY] = indexed
        return
    (problem,) = _triage([problem], options)
    if not problem.warning and not options.keep_going:
        raise BuildFailed([problem])
    problems.append(problem)
