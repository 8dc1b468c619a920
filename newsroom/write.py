"""Every file of the site goes through here: written atomically, then swapped in whole.

A build writes into a staging folder beside the output. Only when every page is written
does the staging folder replace the output (an atomic exchange where the OS has one), so
a failed or killed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .errors import SourceError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
STAGING_PREFIX = ".newsroom-staging-"


@contextlib.contextmanager
def build_lock(output: Path):
    """One build at a time per output folder; a second one stops with a clear message."""
    parent = output.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        handle = open(parent / f".{output.resolve().name}.newsroom-lock", "a+")
    except OSError as exc:
        raise SourceError(parent, f"cannot write the site here: {exc.strerror or exc}", "choose another --output") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SourceError(output, "another build is writing this site right now",
                              "wait for it to finish, or stop it, then build again") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def create_staging_dir(output: Path) -> Path:
    """An empty folder next to `output`, so the final rename stays on one file system.

    Called under the build lock: staging folders left by a killed build are removed first.
    """
    parent = output.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        prefix = f"{STAGING_PREFIX}{output.resolve().name}-"
        for stale in parent.glob(f"{prefix}*"):
            shutil.rmtree(stale, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except OSError as exc:
        raise SourceError(parent, f"cannot write the site here: {exc.strerror or exc}", "choose another --output") from None


def safe_join(root: Path, relative: str) -> Path:
    """`root/relative`, refusing any path that would land outside `root`."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", ".", "") or "\\" in p or "\x00" in p for p in parts):
        raise ValueError(f"refusing to write outside the site: {relative!r}")
    return root.joinpath(*parts)


def write_file(root: Path, relative: str, data: bytes | str) -> Path:
    """Write one file atomically: a temporary file in the same folder, then os.replace."""
    target = safe_join(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp_name = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def copy_tree(source: Path, root: Path, relative: str) -> int:
    """Copy static files through the same writer; returns how many were copied."""
    count = 0
    if not source.is_dir():
        return 0
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            write_file(root, f"{relative}/{path.relative_to(source).as_posix()}", path.read_bytes())
            count += 1
    return count


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def publish(staging: Path, output: Path) -> None:
    """Replace `output` by `staging`; readers see the old site or the new, never a mix."""
    output = output.resolve()
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)
        return
    previous = output.with_name(f"{STAGING_PREFIX}old-{output.name}")
    shutil.rmtree(previous, ignore_errors=True)
    os.rename(output, previous)
    os.rename(staging, output)
    shutil.rmtree(previous, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
