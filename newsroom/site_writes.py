"""Writing into the published site: a staging folder that is merged or discarded, the build
record saved after, the report. Kept apart from the renderer and the readers, so a build
that only copies static files (a stylesheet edited) imports neither.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

from .build_options import BuildOptions, BuildReport
from .discovery import FileStatus
from .errors import BuildFailed, Problem
from .record import BuildRecord, cache_root, discard_record, save_record
from .write import copy_files, create_staging_dir, discard, merge


def refresh_static(options: BuildOptions, record: BuildRecord, static: dict[str, tuple[Path, FileStatus]],
                   started: float) -> BuildReport:
    """Only static files changed (a stylesheet): copy those whose bytes did, remove those gone."""
    digests = static_digests(static, record)
    with staging_folder(options) as staging:
        copy_files({site: path for site, (path, _) in static.items() if digests[site] != record.static.get(site)}, staging)
        discard_record(cache_root(options.output))
        merge(staging, options.output, sorted(set(record.static) - set(static)), [], [])
    new_record = record.keeping_members(static=digests, static_status={site: status for site, (_, status) in static.items()})
    return report_of(new_record, started, [], 0)


def static_digests(static: dict[str, tuple[Path, FileStatus]], record: BuildRecord | None) -> dict[str, str]:
    """Site path -> hash of each static file's bytes; a file whose status the record has is
    not read again (a Hugo site's static/ may hold megabytes of images)."""
    return {site: record.static[site] if record is not None and site in record.static
            and record.static_status.get(site) == status else hashlib.sha256(path.read_bytes()).hexdigest()
            for site, (path, status) in static.items()}


@contextlib.contextmanager
def staging_folder(options: BuildOptions) -> Iterator[Path]:
    """A staging folder for this build's files, discarded when anything fails before it is published."""
    staging = create_staging_dir(options.output)
    try:
        yield staging
    except OSError as exc:
        discard(staging)
        raise cannot_write(options, exc) from None
    except BaseException:
        discard(staging)
        raise


def report_of(record: BuildRecord, started: float, problems: list[Problem], rendered: int) -> BuildReport:
    return BuildReport(sum(1 for s in record.sources.values() if s.story), len(record.pages), record.languages,
                       time.perf_counter() - started, tuple(problems), rendered, bool(record.stale_shards()), record)


def save_quietly(options: BuildOptions, record: BuildRecord) -> None:
    try:
        save_record(cache_root(options.output), record)
    except OSError:
        pass  # the next build reads every source again, which is only slower


def cannot_write(options: BuildOptions, exc: OSError) -> BuildFailed:
    return BuildFailed([Problem(options.output, f"cannot write the site: {exc.strerror or exc}",
                                "check the disk space and permissions of the output folder")])
