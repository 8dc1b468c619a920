"""What the translation desk knows of the past: texts seen before, and the git history.

Two sources, asked in this order by desk:
- a text store in the build cache (one small JSON file per text hash of an original,
  written each time `status` sees an original), so a translation's `translated_from`
  leads back to the paragraphs it was made from, and the changed ones can be named;
- the content folder's git history, for translations without `translated_from`: the
  last commit that changed each file's text (whitespace and punctuation aside), read with
  the git binary. A folder outside a repository, or a shallow clone that does not reach
  far enough, gives a note instead of a claim.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .content_layout import ContentLayout
from .desk import Change
from .desk_text import paragraphs, text_hash
from .errors import SourceError
from .model import Article
from .sources import read_source
from .write import write_file

_GIT_TIMEOUT = 120  # seconds
_MAX_COMMITS = 200  # of one file's history read back, looking for its last text change


class DeskHistory:
    def __init__(self, store: Path | None, layout: ContentLayout) -> None:
        self.store = store
        self.layout = layout
        self._git: _Git | None | bool = False  # False: not looked for yet

    # -- the text store --------------------------------------------------------------
    def remember(self, article: Article) -> None:
        """Keep an original's paragraphs under its text hash (a cache: failures are ignored)."""
        if self.store is None or not article.text_hash or (self.store / f"{article.text_hash}.json").exists():
            return
        try:
            write_file(self.store, f"{article.text_hash}.json", json.dumps(paragraphs(article), ensure_ascii=False))
        except OSError:
            pass

    def text(self, text_hash: str, original: Article) -> Sequence[str] | None:
        if self.store is not None:
            for path in sorted(self.store.glob(f"{text_hash}*.json"))[:1]:
                try:
                    return json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    pass
        git = self._repository()
        return git.text_with_hash(text_hash, original) if git else None

    # -- git -------------------------------------------------------------------------
    def newer_change(self, original: Article, translation: Article) -> tuple[Change | None, str]:
        git = self._repository()
        if not git:
            return None, "not in a git repository: add translated_from to tell"
        return git.newer_change(original, translation)

    def _repository(self) -> "_Git | None":
        if self._git is False:
            self._git = _Git.open(self.layout)
        return self._git or None


class _Git:
    """One content folder's history: every commit touching each file, newest first."""

    def __init__(self, git: str, layout: ContentLayout, prefix: str, log: dict[str, list[tuple[int, str, str]]],
                 shallow: bool) -> None:
        self.git, self.layout, self.prefix, self.log, self.shallow = git, layout, prefix, log, shallow
        self._texts: dict[tuple[str, str], list[str] | None] = {}

    @classmethod
    def open(cls, layout: ContentLayout) -> "_Git | None":
        git = shutil.which("git")
        if git is None:
            return None
        base = [git, "-c", "core.quotePath=false", "-C", str(layout.root)]
        try:
            prefix = _run(base + ["rev-parse", "--show-prefix"]).strip()
            shallow = _run(base + ["rev-parse", "--is-shallow-repository"]).strip() == "true"
            raw = _run(base + ["log", "--topo-order", "--relative", "--name-only", "--no-renames",
                               "--format=%x00%H %cI", "--", "."])
        except (OSError, subprocess.SubprocessError):
            return None
        log: dict[str, list[tuple[int, str, str]]] = {}
        position, commit, when = -1, "", ""
        for line in raw.splitlines():
            if line.startswith("\x00"):
                position += 1
                commit, when = line[1:].split(" ", 1)
            elif line and commit:
                log.setdefault(line, []).append((position, commit, when))
        return cls(git, layout, prefix, log, shallow)

    def paragraphs_at(self, relative: str, commit: str) -> list[str] | None:
        """The file's text at `commit`, read as the build reads it (None: absent or unreadable)."""
        key = (relative, commit)
        if key not in self._texts:
            self._texts[key] = self._read_at(relative, commit)
        return self._texts[key]

    def _read_at(self, relative: str, commit: str) -> list[str] | None:
        try:
            data = subprocess.run([self.git, "-C", str(self.layout.root), "show", f"{commit}:{self.prefix}{relative}"],
                                  capture_output=True, check=True, timeout=_GIT_TIMEOUT).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        with tempfile.TemporaryDirectory(prefix="newsroom-desk-") as scratch:
            path = Path(scratch) / relative  # the same name: the language suffix, the format
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            try:
                return paragraphs(read_source(path, _relocated(self.layout, Path(scratch))))
            except SourceError:
                return None

    def last_text_change(self, relative: str, now: list[str]) -> tuple[int, str, str] | None:
        """(position in the log, commit, time) of the newest commit that changed the file's text
        (-1 and "uncommitted" for an edit not committed yet); None when the file has none."""
        commits = self.log.get(relative, [])[:_MAX_COMMITS]
        if not commits:
            return None
        texts = [text_hash(now)] + [text_hash(self.paragraphs_at(relative, commit) or []) for _, commit, _ in commits]
        if texts[0] != texts[1]:
            return -1, "", "uncommitted"
        for index, (position, commit, when) in enumerate(commits):
            if index + 1 == len(commits) or texts[index + 1] != texts[index + 2]:
                return position, commit, when
        return None

    def newer_change(self, original: Article, translation: Article) -> tuple[Change | None, str]:
        mine, theirs = self._relative(original), self._relative(translation)
        made = self.last_text_change(theirs, paragraphs(translation))
        edited = self.last_text_change(mine, paragraphs(original))
        if made is None or edited is None:
            return None, "not committed yet"
        if edited[1] == made[1]:  # changed in one commit, or both as old as a shallow clone reaches
            oldest = max(position for history in self.log.values() for position, _, _ in history)
            shallow = self.shallow and made[0] == oldest
            return None, "a shallow clone: its history does not reach far enough to tell (git fetch --unshallow)" if shallow else ""
        if made[0] == -1 or edited[0] > made[0]:
            return None, ""  # the translation was edited last
        known = next((commit for position, commit, _ in self.log[mine] if position >= made[0]), "")
        before = self.paragraphs_at(mine, known) if known else None
        return Change(edited[2], tuple(before) if before is not None else None), ""

    def text_with_hash(self, wanted: str, original: Article) -> list[str] | None:
        """The original's paragraphs at its commit whose text hash starts with `wanted`."""
        for _, commit, _ in self.log.get(self._relative(original), [])[:_MAX_COMMITS]:
            texts = self.paragraphs_at(self._relative(original), commit)
            if texts is not None and text_hash(texts).startswith(wanted):
                return texts
        return None

    def _relative(self, article: Article) -> str:
        return article.source_path.relative_to(self.layout.root).as_posix()


def _relocated(layout: ContentLayout, root: Path) -> ContentLayout:
    return replace(layout, root=root)


def _run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=_GIT_TIMEOUT).stdout
