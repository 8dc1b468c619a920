"""Readers, one per source format; each turns a path into an Article."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import Article
from .markdown_source import read_markdown
from .raw_text import read_raw_text

Reader = Callable[[Path, Path], Article]

READERS: dict[str, Reader] = {
    ".txt": read_raw_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
}


def is_ignored(name: str) -> bool:
    """Hidden files and the temporary files editors write next to the one being saved."""
    return (
        name.startswith((".", "#", "~", "_index."))  # Hugo's _index.md describes a section
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".bak", ".part", ".crdownload"))
        or name == "4913"  # vim's write test
    )


def discover_sources(content_root: Path) -> Iterator[Path]:
    """Every readable source below `content_root`, in a stable order, links not followed."""
    for folder, dirs, files in os.walk(content_root):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        for name in sorted(files):
            path = Path(folder) / name
            if not is_ignored(name) and path.suffix.lower() in READERS:
                yield path


def read_source(path: Path, content_root: Path) -> Article:
    return READERS[path.suffix.lower()](path, content_root)
