"""A Hugo site's other content files, and what a page's relative links point to.

Every file in the content folder that is no source is published, as Hugo does: a leaf
bundle's files (the folder of an `index.md`) beside its page, once, under the first
language that has the page; any other file at its path below its language's root. A
page's relative links and images (`ferry.png`, `../other.md`) and its ref/relref targets
resolve to those files or to other pages of its language, as Hugo's render hooks and
GetPage resolve them: relative to the page's folder, then from the content root, then by
a file name no other page has.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .content_layout import ContentLayout
from .model import Article, SiteIndex

FileKey = tuple[str, str]  # (the language its folder names, or ''; its path below that folder)
_INDEX_NAMES = ("index", "_index")


@dataclass(frozen=True)
class ContentFiles:
    """The content folder's files that are no sources, and the folders that are leaf bundles."""

    files: Mapping[FileKey, Path] = field(default_factory=dict)
    leaf_folders: frozenset[FileKey] = frozenset()


def content_files(layout: ContentLayout, files: Iterable[str], sources: Iterable[str]) -> ContentFiles:
    """From paths relative to the content folder: where each sits, by language folder."""
    def key(relative: str) -> tuple[str, PurePosixPath]:
        lang, below = layout.place(layout.root / relative)
        return lang or "", below

    placed = {(lang, below.as_posix()): layout.root / relative for relative in files for lang, below in [key(relative)]}
    leaves = {(lang, below.parent.as_posix()) for lang, below in map(key, sources) if below.name.split(".")[0] == "index"}
    return ContentFiles(placed, frozenset(leaves))


def _base(content_path: str) -> str:
    """A page's path without extension; a bundle's index is its folder ('posts/a/index.md' -> 'posts/a')."""
    path = PurePosixPath(content_path)
    stem = path.name.split(".")[0] if path.suffix else path.name
    return path.parent.as_posix().strip(".") if stem in _INDEX_NAMES else (path.parent / stem).as_posix().lstrip("./")


@dataclass(frozen=True)
class BundleMap:
    """Site paths of pages by (language, base path) and of published files by FileKey."""

    pages: Mapping[tuple[str, str], str]
    files: Mapping[FileKey, str]
    by_name: Mapping[tuple[str, str], str]  # (language, file name) -> site path, for names only one page has

    def published(self, content: ContentFiles) -> dict[str, Path]:
        """Site path -> the file published there."""
        return {site_path.lstrip("/"): content.files[key] for key, site_path in self.files.items()}

    def resolve(self, target: str, article: Article) -> str | None:
        """The site path a page's link or ref target points to, or None (left as written)."""
        path, hash_mark, fragment = target.partition("#")
        path = unquote(path.split("?", 1)[0])
        if not path:
            return None
        suffix = hash_mark + fragment
        folder = posixpath.dirname(article.content_path)
        candidates = [posixpath.normpath(posixpath.join(folder, path))] if not path.startswith("/") else []
        candidates.append(posixpath.normpath(path.lstrip("/")))
        for candidate in candidates:
            for key in ((article.lang, candidate), ("", candidate)):
                if key in self.files:
                    return self.files[key] + suffix
            page = self.pages.get((article.lang, _base(candidate)))
            if page is not None:
                return page + suffix
        named = self.by_name.get((article.lang, PurePosixPath(path).name.split(".")[0]))
        return named + suffix if named else None


def bundle_map(index: SiteIndex, paths: Mapping[tuple[str, str], str], section_paths: Mapping[tuple[str, str], str],
               content: ContentFiles, languages: tuple[str, ...], folder_path: Callable[[str, str], str]) -> BundleMap:
    """Where every page and content file is published. `section_paths` maps (folder, language)
    to a section page's path; `folder_path(language, folder)` is where a folder's files go
    ('/fr/docs/guide/', sanitised as its section's path is); `languages` is the site's
    order, whose first language having a bundle's page publishes its files."""
    pages: dict[tuple[str, str], str] = {}
    owners: dict[FileKey, list[tuple[str, str]]] = {}  # a leaf folder -> (language, page path) of its pages
    names: dict[tuple[str, str], set[str]] = {}
    for pair, article in index.articles.items():
        base = _base(article.content_path)
        pages[(article.lang, base)] = paths[pair]
        names.setdefault((article.lang, PurePosixPath(base).name), set()).add(paths[pair])
        if PurePosixPath(article.content_path).name.split(".")[0] == "index":
            owners.setdefault(("", base), []).append((article.lang, paths[pair]))
            owners.setdefault((article.lang, base), []).append((article.lang, paths[pair]))
    for (folder, lang), path in section_paths.items():
        pages.setdefault((lang, folder), path)
    order = {lang: number for number, lang in enumerate(languages)}
    files = {}
    for key in content.files:
        site_path = _file_path(key, content.leaf_folders, owners, order, folder_path, languages[0] if languages else "")
        if site_path is not None:
            files[key] = site_path
    by_name = {key: next(iter(found)) for key, found in names.items() if len(found) == 1}
    return BundleMap(pages, files, by_name)


def _file_path(key: FileKey, leaves: frozenset[FileKey], owners: Mapping[FileKey, list[tuple[str, str]]],
               order: Mapping[str, int], folder_path: Callable[[str, str], str], default_lang: str) -> str | None:
    """Beside the page of its leaf bundle (None when that page is not published), else in
    its folder's place below its language's root (Hugo publishes a branch's files at its
    section's path: content/categories/Test/a.jpg at /categories/test/a.jpg)."""
    lang, below = key
    folder = PurePosixPath(below).parent
    while folder.as_posix() != ".":
        leaf = (lang, folder.as_posix())
        if leaf in leaves:
            pages = sorted(owners.get(leaf, ()), key=lambda page: order.get(page[0], len(order)))
            return f"{pages[0][1]}{PurePosixPath(below).relative_to(folder).as_posix()}" if pages else None
        folder = folder.parent
    path = PurePosixPath(below)
    return f"{folder_path(lang or default_lang, path.parent.as_posix().strip('.'))}{path.name}"
