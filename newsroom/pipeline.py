"""The build, in one direction: read the sources, index, render the pages that changed, publish.

This module decides how much there is to do, from a stat of every source against the
record of the published build; `rebuild` does it. Only when something changed are the
readers, the renderer and their libraries imported, so an unchanged site costs a scan.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

from .config import SiteConfig, load_config
from .build_options import BuildOptions, BuildReport, static_files  # noqa: F401  (BuildOptions, BuildReport: the build's public face)
from .discovery import Scan, file_status, scan_sources
from .errors import BuildFailed, Problem, SourceError
from .record import BuildRecord, all_present, cache_root, changes_since, load_record, settings_digest
from .site_writes import refresh_static, save_quietly
from .write import build_lock


def build_time() -> dt.datetime:
    """Now, unless SOURCE_DATE_EPOCH pins it (reproducible builds)."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned.isdigit():
        return dt.datetime.fromtimestamp(int(pinned), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def _check_folders(options: BuildOptions) -> None:
    if not options.content.is_dir():
        raise BuildFailed([Problem(options.content, "content folder not found", "create it or pass --content DIR")])
    output = options.output.resolve()
    for folder, name in ((options.content, "content"), (options.templates, "templates"), (options.static, "static"),
                         (options.theme_dir, "theme")):
        if folder is None:
            continue
        folder = folder.resolve()
        if output == folder or output in folder.parents or folder in output.parents:
            raise BuildFailed([Problem(options.output, f"the output folder overlaps the {name} folder, which a build would replace",
                                       "pass a separate --output DIR")])


def load_site_config(options: BuildOptions) -> tuple[SiteConfig, list[Problem]]:
    """site.toml when there is one; else a Hugo site's own configuration (hugo.toml, config/…)
    from the folder that holds the content folder; else the defaults. Raises SourceError."""
    if options.config_file is not None and options.config_file.exists():
        return load_config(options.config_file), []
    from .hugo_config import load_hugo_config

    found = load_hugo_config(options.content.absolute().parent)
    return found if found is not None else (SiteConfig(), [])


def _config(options: BuildOptions) -> tuple[SiteConfig, list[Problem]]:
    try:
        config, warnings = load_site_config(options)
    except SourceError as exc:
        raise BuildFailed([exc.problem]) from None
    if options.desk_pages:
        config = replace(config, desk_pages=True)
    return (replace(config, base_url=options.base_url) if options.base_url else config), warnings


def build_site(options: BuildOptions, known: BuildRecord | None = None,
               touched: Collection[str] | None = None) -> BuildReport:
    """Build the site, redoing only what changed since the published build.

    A caller that keeps the last report's record (the dev server) passes it as `known`,
    and with it, when it knows them, the sources saved since (`touched`, relative to the
    content folder): then neither the record file nor the content folder is read.
    Raises BuildFailed (previous site untouched) on any problem; with keep_going, problems
    in single sources are reported and the rest is built.
    """
    started = time.perf_counter()
    _check_folders(options)
    config, warnings = _config(options)
    try:
        with build_lock(options.output):
            report = _build_locked(options, config, started, known, touched)
    except SourceError as exc:
        raise BuildFailed([exc.problem]) from None
    return replace(report, problems=tuple(warnings) + report.problems) if warnings else report


def render_viewed(options: BuildOptions, known: BuildRecord, pages: Collection[str]) -> int:
    """Before a build that re-renders much (a template or the configuration saved), render
    the article pages among `pages` (output files; the ones open in the dev server's
    browsers) straight into the site; the build then does the rest. Returns how many were
    rendered, 0 when a mistake or the page's kind leaves it to the build."""
    try:
        config, _ = _config(options)
        with build_lock(options.output):
            from . import rebuild

            return rebuild.render_first(options, config, known, set(pages))
    except (BuildFailed, SourceError):
        return 0


def _scan_touched(content: Path, record: BuildRecord, touched: Collection[str]) -> Scan:
    """The scan the record's sources give, with the status of the files saved since (a
    file gone is left out): what scan_sources would find, without walking the folder."""
    scan = {rel: source.status for rel, source in record.sources.items()}
    for rel in touched:
        status = file_status(content / rel)
        if status == (0, 0, 0):
            scan.pop(rel, None)
        else:
            scan[rel] = status
    return dict(sorted(scan.items()))


def _build_locked(options: BuildOptions, config: SiteConfig, started: float, known: BuildRecord | None,
                  touched: Collection[str] | None) -> BuildReport:
    """The build, then its record: the one place the record is written, once the site it
    describes is published (every lane discards the old one before it touches the site).

    A build from a record the caller keeps (`known`: the dev server) that leaves search
    for the next one (defer_search) leaves the record to it too: a page reloads ~40 ms
    sooner at 15,000 pages. Stopped in between, the next start rebuilds the preview."""
    report, published = _build_what_changed(options, config, started, known, touched)
    next_one_saves = known is not None and options.defer_search and report.search_pending
    if published and report.record is not None and not next_one_saves:
        save_quietly(options, report.record)
    return report


def _build_what_changed(options: BuildOptions, config: SiteConfig, started: float, known: BuildRecord | None,
                        touched: Collection[str] | None) -> tuple[BuildReport, bool]:
    """Nothing changed: stop. Only stale search indexes: index them. Only bodies changed:
    rebuild those stories. Anything else: rebuild the site, from the cache where it can.
    Returns the report and whether anything was published."""
    settings = settings_digest(config)
    cache_dir = cache_root(options.output)
    record, unusable = None, ""
    if options.use_cache and not options.strict and options.output.is_dir():
        record, unusable = (known, "") if known is not None else load_record(cache_dir)
    # Only sources saved since a record kept in memory: the templates are as it has them,
    # and only the saved files can differ from it.
    only_touched = (record is not None and known is not None and touched is not None and config.hugo is None
                    and not options.keep_going)
    scan = _scan_touched(options.content, record, touched) if only_touched else scan_sources(options.content)
    theme = record.theme if only_touched else options.theme.digest()
    files = scan_sources(options.content, sources=False) if config.hugo is not None else {}
    now = build_time()
    current = record if record is not None and record.settings == settings and not record.expired(now) else None
    changes = changes_since(current, scan, touched if only_touched else None) if current else None
    same_theme = current is not None and current.theme == theme
    untouched = (same_theme and not changes and current.content_files == files and all_present(options.output, current))
    static = {site: (path, file_status(path)) for site, path in static_files(options, config).items()} if untouched else {}
    same_static = untouched and {site: status for site, (_, status) in static.items()} == current.static_status
    if same_static and not current.stale_shards():
        return BuildReport(sum(1 for s in current.sources.values() if s.story), len(current.pages), current.languages,
                           time.perf_counter() - started, record=current), False

    if untouched and not same_static:  # only static files changed: copy those whose bytes did
        return refresh_static(options, current, static, started), True

    from . import rebuild  # the readers, the renderer and their libraries: only now

    if untouched:
        return rebuild.refresh_search(options, current, started), True
    if same_theme and changes.changed and not changes.removed and current.content_files == files:
        report = rebuild.rebuild_stories(options, config, current, scan, changes.changed, started)
        if report is not None:
            return report, True
    report = rebuild.rebuild_site(options, config, settings, scan, record, now, started, files, theme=theme)
    if unusable:
        ignored = Problem(None, f"ignored the build record: {unusable}", "every source was checked again", warning=True)
        report = replace(report, problems=report.problems + (ignored,))
    return report, True
