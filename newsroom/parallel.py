"""Both cores: parsing and rendering fan out over a process pool when the site is large.

Workers come from a fork server (safe beside the dev server's threads); each one builds
its own renderer once, so templates compile once per process, not once per page.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from .cache import ParseCache
from .config import SiteConfig
from .errors import Problem, SourceError
from .model import Article, Block
from .page_spec import BodyRef, PageSpec, with_blocks
from .sources import read_source
from .content_layout import ContentLayout, plain_layout
from .sources.common import MAX_SOURCE_BYTES
from .theme import Theme
from .views import output_file
from .write import write_file

# Below this many items a pool costs more to start than it saves.
MIN_ITEMS_FOR_POOL = 200
CHUNK_SIZE = 32

T = TypeVar("T")
R = TypeVar("R")


def worker_count() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


def with_progress(results: Iterator[R], total: int, label: str, show: bool) -> Iterator[R]:
    """A progress bar on the terminal, shown only when the step lasts over a second."""
    if not show:
        return results
    from tqdm import tqdm

    return iter(tqdm(results, total=total, desc=label, unit=" files", delay=1.0, leave=False, dynamic_ncols=True))


def fan_out(function: Callable[[T], R], items: list[T], initializer: Callable[..., None] | None = None,
            initargs: tuple[Any, ...] = ()) -> Iterator[R]:
    """map(function, items) in order, over a pool when there are enough items and cores."""
    workers = worker_count()
    if workers == 1 or len(items) < MIN_ITEMS_FOR_POOL:
        if initializer:
            initializer(*initargs)
        yield from map(function, items)
        return
    # No preload: the fork server would import the package before it takes the parent's
    # sys.path, and so could run an installed copy instead of the one this build runs.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=initargs) as pool:
        yield from pool.map(function, items, chunksize=CHUNK_SIZE)


# --- parsing -----------------------------------------------------------------------------

ReadResult = tuple[Article | None, Problem | None, str, str]  # article, problem, cache key, cache warning


def read_one(job: tuple[Path, ContentLayout, ParseCache | None, str, bool]) -> ReadResult:
    """Parse one source, or take it from the cache; `known_key` is its cache key when the
    build record shows the file unchanged, which saves reading and hashing it. With
    `outline_only` the body stays in the cache and the article comes back without it."""
    path, layout, cache, known_key, outline_only = job
    article, problem, key, warning = _read_one(path, layout, cache, known_key)
    if outline_only and article is not None and key:
        article = replace(article, blocks=())
    return article, problem, key, warning


def _read_one(path: Path, layout: ContentLayout, cache: ParseCache | None, known_key: str) -> ReadResult:
    key, warning = "", ""
    if cache is not None and known_key:
        cached, warning = cache.get(known_key, path)
        if cached is not None:
            return cached, None, known_key, ""
    if cache is not None:
        try:
            if path.stat().st_size <= MAX_SOURCE_BYTES:
                key = cache.key(path, layout, path.read_bytes())
        except OSError:
            key = ""  # the reader reports why the file cannot be read
        if key:
            cached, warning = cache.get(key, path)
            if cached is not None:
                return cached, None, key, ""
    try:
        article = read_source(path, layout)
    except SourceError as exc:
        return None, exc.problem, "", warning
    if key:
        try:
            cache.put(key, article)
        except OSError as exc:
            warning = warning or f"cannot write the cache: {exc.strerror or exc}"
    return article, None, key, warning


def read_sources(paths: Iterable[Path], layout: ContentLayout, cache: ParseCache | None, progress: bool = False,
                 known_keys: dict[Path, str] | None = None, outline_only: bool = False) -> list[ReadResult]:
    jobs = [(path, layout, cache, (known_keys or {}).get(path, ""), outline_only) for path in paths]
    return list(with_progress(fan_out(read_one, jobs), len(jobs), "reading", progress))


# --- rendering ----------------------------------------------------------------------------

_renderer = None  # one per worker process, built by its initializer
_bodies: tuple[ParseCache | None, ContentLayout] | None = None  # where the worker finds article bodies


def init_renderer(theme: Theme, config: SiteConfig, bytecode_dir: Path | None, cache: ParseCache | None = None,
                  layout: ContentLayout | None = None) -> None:
    global _renderer, _bodies
    from .render import PageRenderer, make_environment

    _renderer = PageRenderer(make_environment(theme, config, bytecode_dir), theme, config)
    _bodies = (cache, layout or plain_layout(Path(".")))


def _with_body(spec: PageSpec) -> PageSpec:
    """An article page's spec with its body (a side-by-side page's with both), from the parse
    cache (or the source again)."""
    if spec.bodies:
        from .desk_pages import with_compared

        return with_compared(spec, *(_blocks(body) for body in spec.bodies))
    return with_blocks(spec, _blocks(spec.body))


def _blocks(body: BodyRef) -> tuple[Block, ...]:
    return load_blocks(body, *_bodies)


def load_blocks(body: BodyRef, cache: ParseCache | None, layout: ContentLayout) -> tuple[Block, ...]:
    """An article's body from the parse cache (or from its source again)."""
    article = cache.get(body.cache_key)[0] if cache is not None and body.cache_key else None
    if article is None:
        article = read_source(body.source, layout)  # a cache entry gone since: parse again
    return article.blocks


def render_one(job: tuple[Path, PageSpec]) -> Problem | None:
    staging, spec = job
    try:
        write_file(staging, output_file(spec.path), _renderer.render(_with_body(spec) if spec.body or spec.bodies else spec))
    except SourceError as exc:
        return exc.problem
    return None


def render_pages(staging: Path, pages: list[PageSpec], theme: Theme, config: SiteConfig, bytecode_dir: Path | None,
                 progress: bool = False, cache: ParseCache | None = None, layout: ContentLayout | None = None) -> list[Problem]:
    results = fan_out(render_one, [(staging, page) for page in pages], init_renderer,
                      (theme, config, bytecode_dir, cache, layout))
    results = with_progress(results, len(pages), "rendering", progress)
    problems = []
    for problem in results:
        if problem is not None and problem not in problems:
            problems.append(problem)
    return problems
