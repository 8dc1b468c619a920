"""What the translation desk knows of the past: texts seen before, and the git history.

Two sources, asked in this order by desk:
- a text store in the build cache (one small JSON file per text hash of an original,
  written each time `status` sees an original), so a translation's `translated_from`
  leads back to the paragraphs it was made from, and the changed ones can be named;
- the content folder's git history (git_texts), for translations without
  `translated_from`: the last commit that changed each file's text. A folder outside a
  repository, or a shallow clone that does not reach far enough, gives a note instead of
  a claim.

`stale_by_git` is the build's side of it: which translations the history shows older than
their original's last edit, for the stale notice and the desk's pages.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path

from .content_layout import ContentLayout
from .desk import Change, TextChange, edited_after, judged_by_history, original_language
from .desk_text import paragraphs
from .git_texts import GitTexts
from .config import SiteConfig
from .errors import Problem
from .model import Article, SiteIndex
from .write import write_file

SHALLOW_NOTE = "a shallow clone: its history does not reach far enough to tell (git fetch --unshallow)"


class DeskHistory:
    def __init__(self, store: Path | None, layout: ContentLayout, cache_dir: Path | None = None) -> None:
        self.store = store
        self.layout = layout
        self.cache_dir = cache_dir
        self._git: GitTexts | None | bool = False  # False: not looked for yet

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
        return git.text_with_hash(self._relative(original), text_hash) if git else None

    # -- git -------------------------------------------------------------------------
    def newer_change(self, original: Article, translation: Article) -> tuple[Change | None, str]:
        git = self._repository()
        if not git:
            return None, "not in a git repository: add translated_from to tell"
        mine = self._relative(original)
        made = git.last_text_change(self._relative(translation), translation.text_hash)
        edited = git.last_text_change(mine, original.text_hash)
        if made is None or edited is None:
            return None, "not committed yet"
        if not edited_after(edited, made):
            return None, SHALLOW_NOTE if _cut_short(git, edited, made) else ""
        known = git.commit_before(mine, made.position)
        before = git.paragraphs_at(mine, known) if known else None
        return Change(edited.when, tuple(before) if before is not None else None), ""

    def close(self) -> None:
        """Keep what was learnt of the history for the next run."""
        if self._git:
            self._git.save(self.cache_dir)

    def _repository(self) -> GitTexts | None:
        if self._git is False:
            self._git = GitTexts.open(self.layout, self.cache_dir)
        return self._git or None

    def _relative(self, article: Article) -> str:
        return article.source_path.relative_to(self.layout.root).as_posix()


def stale_in_index(index: SiteIndex, config: SiteConfig, layout: ContentLayout,
                   cache_dir: Path | None) -> tuple[frozenset[tuple[str, str]], list[Problem]]:
    """stale_by_git for every story of an index, when the site shows staleness at all, and
    a warning when a shallow clone leaves some translations unjudged."""
    if not (config.stale_notice or config.desk_pages):
        return frozenset(), []
    stories = {key: {lang: index.articles[(key, lang)] for lang in story.languages if (key, lang) in index.articles}
               for key, story in index.stories.items()}
    stale, unjudged = stale_by_git(stories, config.sources, layout, cache_dir)
    if not unjudged:
        return stale, []
    return stale, [Problem(layout.root, f"a shallow clone: its history does not reach far enough to tell whether "
                                        f"{unjudged} translation(s) without translated_from are out of date",
                           "fetch the whole history: git fetch --unshallow, or fetch-depth: 0 in GitHub Actions' checkout",
                           warning=True, editorial=True)]


def stale_by_git(stories: Mapping[Hashable, Mapping[str, Article]], sources: Mapping[str, str], layout: ContentLayout,
                 cache_dir: Path | None) -> tuple[frozenset[tuple[Hashable, str]], int]:
    """(story, language) of each translation that names no text it was made from and that
    the git history shows older than its original's last text edit (committed or not), and
    how many such translations a shallow clone leaves unjudged. Starts no process when no
    story needs the history or the folder is in no repository."""
    pairs = []  # (story, translation, original)
    for key, versions in stories.items():
        judged = judged_by_history(versions, sources)
        if judged:
            original = versions[original_language(versions, sources)]
            pairs += [(key, versions[lang], original) for lang in judged]
    git = GitTexts.open(layout, cache_dir) if pairs else None
    if git is None:
        return frozenset(), 0

    def file(article: Article) -> tuple[str, str]:
        return article.source_path.relative_to(layout.root).as_posix(), article.text_hash

    try:
        changes = git.text_changes({file(article) for _, translation, original in pairs for article in (translation, original)})
    finally:
        git.save(cache_dir)
    stale, unjudged = set(), 0
    for key, translation, original in pairs:
        edited, made = changes[file(original)], changes[file(translation)]
        if edited is None or made is None:
            continue
        if edited_after(edited, made):
            stale.add((key, translation.lang))
        unjudged += _cut_short(git, edited, made)
    return frozenset(stale), unjudged


def _cut_short(git: GitTexts, edited: TextChange, made: TextChange) -> bool:
    """Whether both last changes are the oldest commit a shallow clone has (so, unknown)."""
    return git.shallow and edited.commit == made.commit and made.position == git.oldest
