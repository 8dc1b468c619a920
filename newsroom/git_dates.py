"""When each source was last committed: a Hugo site's `lastmod` with `enableGitInfo`.

One `git log` over the content folder gives every file's last commit, newest first, so a
site of 15,000 files costs one process, not 15,000. A folder outside any repository, or a
machine without git, gives no dates and one warning; a shallow clone gives the dates it
has and says that older files are dated by its oldest commit.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from .errors import Problem

_GIT_TIMEOUT = 120  # seconds: a very long history on a slow disk, not a hung process


def last_commit_dates(folder: Path) -> tuple[dict[str, dt.datetime], list[Problem]]:
    """(file path relative to `folder` -> its last commit's time, warnings)."""
    git = shutil.which("git")
    if git is None:
        return {}, [_warning(folder, "git is not installed, so pages have no git lastmod")]
    base = [git, "-c", "core.quotePath=false", "-C", str(folder)]
    try:
        shallow = _run(base + ["rev-parse", "--is-shallow-repository"]).strip() == "true"
        log = _run(base + ["log", "--relative", "--name-only", "--no-renames", "--format=%x00%cI", "--", "."])
    except (OSError, subprocess.SubprocessError):
        return {}, [_warning(folder, "the content folder is not in a git repository, so pages have no git lastmod")]
    dates: dict[str, dt.datetime] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = dt.datetime.fromisoformat(line[1:])
        elif line and when is not None:
            dates.setdefault(line, when)
    problems = [_warning(folder, "a shallow clone: files unchanged since its oldest commit are dated by that commit",
                         "clone with --depth=0 (or fetch --unshallow) for exact dates")] if shallow else []
    return dates, problems


def _run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=_GIT_TIMEOUT).stdout


def _warning(folder: Path, message: str, hint: str = "enableGitInfo reads each file's last commit") -> Problem:
    return Problem(folder, message, hint, warning=True)
