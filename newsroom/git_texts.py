"""The content folder's git history as the translation desk reads it: for each file, the
newest commit that changed its *text* (whitespace, punctuation and typography aside), and
its paragraphs at any commit.

One `git log --raw` per HEAD gives every file's commits with the blob each one left; a
blob's text is read with the build's own reader, once: its text hash is kept in the build
cache by blob id (with the log, under the HEAD it was read at), so the next build, the
dev server's next save and `status` pay a `git rev-parse` and a JSON read. A file whose
bytes are still HEAD's blob takes its text hash from the parsed article, not from git.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import orjson

from .content_layout import ContentLayout
from .desk import TextChange
from .desk_text import paragraphs, text_hash
from .errors import SourceError
from .parallel import fan_out
from .sources import read_source
from .write import write_file

GIT_TIMEOUT = 120  # seconds
MAX_COMMITS = 200  # of one file's history read back, looking for its last text change
CACHE_FILE = "desk-git.json"
_NO_BLOB = "0" * 40


Commit = tuple[int, str, str, str]  # position in the log, commit, time, the file's blob after it


class GitTexts:
    def __init__(self, git: str, layout: ContentLayout, prefix: str, head: str, shallow: bool,
                 log: dict[str, list[Commit]], blob_hashes: dict[str, str]) -> None:
        self.git, self.layout, self.prefix, self.head, self.shallow = git, layout, prefix, head, shallow
        self.log, self.blob_hashes = log, blob_hashes
        self.oldest = max((commits[-1][0] for commits in log.values() if commits), default=0)
        self._paragraphs: dict[str, list[str] | None] = {}
        self._learnt = False  # new blob hashes to keep
        self._batch: subprocess.Popen | None = None  # git cat-file --batch, once a blob is read

    @classmethod
    def open(cls, layout: ContentLayout, cache_dir: Path | None) -> "GitTexts | None":
        """The history of the content folder, or None outside a repository (or without git,
        or before its first commit)."""
        git = shutil.which("git")
        if git is None or not _in_repository(layout.root):
            return None
        base = [git, "-c", "core.quotePath=false", "-C", str(layout.root)]
        try:
            prefix, shallow, head = _run(base + ["rev-parse", "--show-prefix", "--is-shallow-repository", "HEAD"]
                                         ).split("\n")[:3]
        except (OSError, subprocess.SubprocessError, ValueError):
            return None
        cached = _load(cache_dir)
        if cached.get("head") == head and cached.get("prefix") == prefix and cached.get("layout") == layout.digest:
            log = {path: [tuple(commit) for commit in commits] for path, commits in cached["log"].items()}
        else:
            try:
                log = _read_log(_run(base + ["log", "--topo-order", "--relative", "--raw", "--no-abbrev",
                                             "--no-renames", "--format=%x00%H %cI", "--", "."]))
            except (OSError, subprocess.SubprocessError):
                return None
        texts = cls(git, layout, prefix, head, shallow == "true", log, dict(cached.get("blobs", {})))
        texts._learnt = cached.get("head") != head
        return texts

    def text_changes(self, files: Iterable[tuple[str, str]]) -> dict[tuple[str, str], TextChange | None]:
        """last_text_change of each of `files` (relative path, text hash now), reading the
        blobs they need over both cores: a first build reads a version or two of each."""
        pending, found = set(files), {}
        while pending:
            wanted: dict[str, str] = {}
            for relative, now_hash in sorted(pending):
                try:
                    found[(relative, now_hash)] = self.last_text_change(relative, now_hash, parse=False)
                    pending.discard((relative, now_hash))
                except _Unknown as unknown:
                    wanted.setdefault(unknown.blob, relative)
            jobs = [(relative, self._blob_bytes(blob), self.layout) for blob, relative in wanted.items()]
            for blob, text in zip(wanted, fan_out(_blob_text_hash, jobs)):
                self.blob_hashes[blob], self._learnt = text, True
        return found

    def last_text_change(self, relative: str, now_hash: str, parse: bool = True) -> TextChange | None:
        """The newest change of the file's text, committed or not (`now_hash`: its text hash
        as it is now); None when it was never committed. Without `parse`, a blob not read
        yet raises _Unknown."""
        commits = self.log.get(relative, [])[:MAX_COMMITS]
        if not commits:
            return None
        hashes = [self._committed_hash(relative, commits[0][3], now_hash, parse)]
        if hashes[0] != now_hash:
            return TextChange(-1, "", "uncommitted")
        for index, (position, commit, when, _) in enumerate(commits):
            if index + 1 == len(commits):
                return TextChange(position, commit, when)
            hashes.append(self._blob_hash(relative, commits[index + 1][3], parse))
            if hashes[index] != hashes[index + 1]:
                return TextChange(position, commit, when)
        return None

    def paragraphs_at(self, relative: str, commit: str) -> list[str] | None:
        """The file's paragraphs after `commit` (its newest commit at or before it), None when
        absent there or unreadable."""
        found = next(((blob for _, sha, _, blob in self.log.get(relative, []) if sha == commit)), None)
        if found is None:
            try:
                found = _run([self.git, "-C", str(self.layout.root), "rev-parse", f"{commit}:{self.prefix}{relative}"]).strip()
            except (OSError, subprocess.SubprocessError):
                return None
        return self._read_blob(relative, found)

    def text_with_hash(self, relative: str, wanted: str) -> list[str] | None:
        """The file's paragraphs at its newest commit whose text hash starts with `wanted`."""
        for _, _, _, blob in self.log.get(relative, [])[:MAX_COMMITS]:
            if self._blob_hash(relative, blob).startswith(wanted):
                return self._read_blob(relative, blob)
        return None

    def commit_before(self, relative: str, position: int) -> str:
        """The file's newest commit at or older than `position` in the log ("" none)."""
        return next((commit for at, commit, _, _ in self.log.get(relative, []) if at >= position), "")

    def save(self, cache_dir: Path | None) -> None:
        """Keep the log and the blob hashes learnt for the next run (a cache: failures are
        ignored); the history is read no further."""
        self.close()
        if cache_dir is None or not self._learnt:
            return
        data = {"head": self.head, "prefix": self.prefix, "layout": self.layout.digest, "log": self.log,
                "blobs": self.blob_hashes}
        try:
            write_file(cache_dir, CACHE_FILE, orjson.dumps(data))
        except OSError:
            pass

    def _committed_hash(self, relative: str, blob: str, now_hash: str, parse: bool = True) -> str:
        """The text hash of the file at its last commit; from the article when the file's
        bytes are that commit's blob (git's own blob id of them), without reading git."""
        path = self.layout.root / relative
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        if data is not None and len(blob) == 40 and hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == blob:
            if self.blob_hashes.get(blob) != now_hash:
                self.blob_hashes[blob], self._learnt = now_hash, True
            return now_hash
        return self._blob_hash(relative, blob, parse)

    def _blob_hash(self, relative: str, blob: str, parse: bool = True) -> str:
        if blob not in self.blob_hashes and blob != _NO_BLOB and not parse:
            raise _Unknown(blob)
        if blob not in self.blob_hashes:
            read = self._read_blob(relative, blob)
            self.blob_hashes[blob], self._learnt = (text_hash(read) if read is not None else ""), True
        return self.blob_hashes[blob]

    def _read_blob(self, relative: str, blob: str) -> list[str] | None:
        if blob == _NO_BLOB:
            return None
        if blob not in self._paragraphs:
            self._paragraphs[blob] = self._parse_blob(relative, blob)
        return self._paragraphs[blob]

    def _parse_blob(self, relative: str, blob: str) -> list[str] | None:
        return _parse_bytes(relative, self._blob_bytes(blob), self.layout)

    def _blob_bytes(self, blob: str) -> bytes | None:
        """A blob's bytes from one `git cat-file --batch` kept open while this history is read."""
        try:
            if self._batch is None:
                self._batch = subprocess.Popen([self.git, "-C", str(self.layout.root), "cat-file", "--batch"],
                                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self._batch.stdin.write(blob.encode("ascii") + b"\n")
            self._batch.stdin.flush()
            header = self._batch.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                return None
            data = self._batch.stdout.read(int(header[2]) + 1)[:-1]
        except (OSError, ValueError):
            self.close()
            return None
        return data

    def close(self) -> None:
        if self._batch is not None:
            try:
                self._batch.stdin.close()
                self._batch.wait(timeout=GIT_TIMEOUT)
            except (OSError, subprocess.SubprocessError):
                self._batch.kill()
            self._batch = None


class _Unknown(Exception):
    """A blob whose text is not known yet (GitTexts.learn reads them all at once)."""

    def __init__(self, blob: str) -> None:
        super().__init__(blob)
        self.blob = blob


def _parse_bytes(relative: str, data: bytes | None, layout: ContentLayout) -> list[str] | None:
    """A file's paragraphs as the build reads them, from bytes it once held."""
    if data is None:
        return None
    with tempfile.TemporaryDirectory(prefix="newsroom-desk-") as scratch:
        path = Path(scratch) / relative  # the same name: the language suffix, the format
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        try:
            return paragraphs(read_source(path, replace(layout, root=Path(scratch))))
        except SourceError:
            return None


def _blob_text_hash(job: tuple[str, bytes | None, ContentLayout]) -> str:
    found = _parse_bytes(*job)
    return text_hash(found) if found is not None else ""


def _in_repository(folder: Path) -> bool:
    """Whether a folder is in a git work tree, by its `.git` (no process started outside one)."""
    folder = folder.absolute()
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


def _read_log(raw: str) -> dict[str, list[Commit]]:
    """{path: [(position, commit, time, blob), ...] newest first} from `git log --raw`."""
    log: dict[str, list[Commit]] = {}
    position, commit, when = -1, "", ""
    for line in raw.splitlines():
        if line.startswith("\x00"):
            position += 1
            commit, when = line[1:].split(" ", 1)
        elif line.startswith(":") and commit and "\t" in line:
            fields, path = line.split("\t", 1)
            log.setdefault(path, []).append((position, commit, when, fields.split()[3]))
    return log


def _load(cache_dir: Path | None) -> dict:
    if cache_dir is None:
        return {}
    try:
        data = orjson.loads((cache_dir / CACHE_FILE).read_bytes())
    except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("log"), dict) else {}


def _run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=GIT_TIMEOUT).stdout
