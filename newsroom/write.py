"""Every file of the site goes through here: written atomically, then published.

A build writes into a staging folder beside the output, and touches the output only when
every file is written, so a failed or killed build leaves the previous site as it was.
A complete build then replaces the output in one step (an atomic exchange where the OS
has one). Files and folders get the modes `cp` would give them (0644 and 0755 under the
usual umask), not the private ones of temporary files, so any web server user reads them. A partial build (the files that changed) is merged: each file replaces its old
version atomically, after a journal records the merge, so a build killed while merging
(a matter of milliseconds) is finished by the next build before it does anything else.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import SourceError

def _process_umask() -> int:
    """The umask, read without changing it (os.umask would, for a moment, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()
FILE_MODE = 0o666 & ~_UMASK
FOLDER_MODE = 0o777 & ~_UMASK
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
STAGING_PREFIX = ".newsroom-staging-"
MERGE_JOURNAL = ".newsroom-merge.json"


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
            _finish_merge(stale, output.resolve())
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        staging.chmod(FOLDER_MODE)  # it becomes the site
        return staging
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
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def copy_files(files: Mapping[str, Path], root: Path) -> None:
    """Copy files (site path -> source file) through the same writer."""
    for relative, path in files.items():
        write_file(root, relative, path.read_bytes())


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where unsupported."""
    import ctypes  # here: only a complete build publishes this way, and ctypes takes a while to load
    import ctypes.util

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


def merge(staging: Path, output: Path, removed_files: list[str], replaced_folders: list[str],
          removed_folders: list[str]) -> None:
    """Move a partial build into the published site.

    Every file of `staging` replaces its namesake; each of `replaced_folders` (search
    indexes) replaces the old folder whole; `removed_*` are deleted from the site.
    """
    journal = {"removed_files": removed_files, "replaced_folders": replaced_folders, "removed_folders": removed_folders}
    write_file(staging, MERGE_JOURNAL, json.dumps(journal))
    _finish_merge(staging, output.resolve())


def _read_journal(staging: Path) -> dict[str, list[str]] | None:
    """The merge a staging folder was in the middle of; None when it was not merging, or
    its journal is not one (then the build record is gone too, so the next build is whole)."""
    try:
        journal = json.loads((staging / MERGE_JOURNAL).read_text(encoding="utf-8"))
        for path in (*journal["removed_files"], *journal["replaced_folders"], *journal["removed_folders"]):
            safe_join(staging, path)  # raises for anything but a path inside the site
        return journal
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return None


def _finish_merge(staging: Path, output: Path) -> None:
    """Carry out (or finish) a journaled merge; every step can be repeated safely."""
    journal = _read_journal(staging)
    if journal is None:
        return
    trash = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{output.name}-trash-", dir=output.parent))
    for number, relative in enumerate(journal["replaced_folders"] + journal["removed_folders"]):
        new, old = staging / relative, safe_join(output, relative)
        if relative in journal["replaced_folders"] and not new.is_dir():
            continue  # already moved in
        if old.is_dir():
            os.rename(old, trash / str(number))
        if new.is_dir():
            old.parent.mkdir(parents=True, exist_ok=True)
            os.rename(new, old)
    for folder, _, files in os.walk(staging):
        for name in files:
            path = Path(folder) / name
            relative = path.relative_to(staging).as_posix()
            if relative == MERGE_JOURNAL:
                continue
            target = safe_join(output, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    for relative in journal["removed_files"]:
        target = safe_join(output, relative)
        target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, output)
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
