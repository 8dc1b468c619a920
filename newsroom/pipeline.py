"""The build, in one direction: read every source, index, render every page, publish."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildFailed, Problem, SourceError
from .grouping import build_index
from .model import Article
from .render import PageRenderer, make_environment
from .sources import discover_sources, read_source
from .write import copy_tree, create_staging_dir, discard, publish, write_file

DEFAULT_SITE_TITLE = "Newsroom"


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path
    templates: Path
    keep_going: bool = False
    site_title: str = DEFAULT_SITE_TITLE


@dataclass(frozen=True)
class BuildReport:
    articles: int
    pages: int
    languages: tuple[str, ...]
    seconds: float
    problems: tuple[Problem, ...] = field(default=())


def read_all(content: Path) -> tuple[list[Article], list[Problem]]:
    """Parse every source first; a bad file is a problem, not the end of the others."""
    articles, problems = [], []
    for path in discover_sources(content):
        try:
            articles.append(read_source(path, content))
        except SourceError as exc:
            problems.append(exc.problem)
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


def build_site(options: BuildOptions) -> BuildReport:
    """Build the whole site; raises BuildFailed (previous site untouched) on any problem.

    With keep_going, problems in single sources are reported and the rest is built.
    """
    started = time.perf_counter()
    _check_folders(options)
    articles, problems = read_all(options.content)
    index, conflicts = build_index(articles)
    problems.extend(conflicts)
    if problems and not options.keep_going:
        raise BuildFailed(problems)

    renderer = PageRenderer(make_environment(options.templates), options.templates, options.site_title)
    staging = create_staging_dir(options.output)
    pages = 0
    try:
        for relative, html in renderer.pages(index):
            write_file(staging, relative, html)
            pages += 1
        copy_tree(options.templates / "static", staging, "static")
        publish(staging, options.output)
    except SourceError as exc:
        discard(staging)
        raise BuildFailed([exc.problem]) from None
    except OSError as exc:
        discard(staging)
        raise BuildFailed([Problem(options.output, f"cannot write the site: {exc.strerror or exc}",
                                   "check the disk space and permissions of the output folder")]) from None
    except BaseException:
        discard(staging)
        raise
    return BuildReport(len(index.articles), pages, index.languages, time.perf_counter() - started, tuple(problems))
