"""Which files of the content folder are sources, found without reading them.

Kept apart from the readers (and their Markdown, YAML and language libraries) so that a
build that finds nothing changed starts, scans and stops in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")  # the formats sources.READERS reads

FileStatus = tuple[int, int, int]  # mtime_ns, size, inode: what says a file changed
Scan = dict[str, FileStatus]  # source path relative to the content folder -> its status


def file_modified(path: Path) -> dt.datetime:
    """When the source was last saved: the update time of an undated article's feed entry."""
    return dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.timezone.utc)


def is_ignored(name: str) -> bool:
    """Hidden files and the temporary files editors write next to the one being saved."""
    return (
        name.startswith((".", "#", "~"))
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".bak", ".part", ".crdownload"))
        or name == "4913"  # vim's write test
    )


def _walk(content_root: Path, sources: bool = True) -> Iterator[tuple[str, os.DirEntry]]:
    """(relative path, entry) of every source (or, `sources` False, every other file), in a
    stable order, links to folders not followed."""
    stack = [("", str(content_root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if is_ignored(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append((f"{prefix}{entry.name}/", entry.path))
            elif entry.name.lower().endswith(SOURCE_SUFFIXES) == sources:
                yield f"{prefix}{entry.name}", entry
        stack.extend(reversed(folders))


def discover_sources(content_root: Path) -> Iterator[Path]:
    """Every source below `content_root`, in a stable order (files first, then folders)."""
    for relative, _ in _walk(content_root):
        yield content_root / relative


def file_status(path: Path) -> FileStatus:
    try:
        stat = path.stat()
    except OSError:
        return 0, 0, 0
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def scan_sources(content_root: Path, sources: bool = True) -> Scan:
    """The status of every source; with `sources` False, of every other file (a Hugo
    site's bundle images, published as they are)."""
    scan: Scan = {}
    for relative, entry in _walk(content_root, sources):
        try:
            stat = entry.stat()
            scan[relative] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            scan[relative] = (0, 0, 0)  # the reader reports why it cannot be read
    return scan
