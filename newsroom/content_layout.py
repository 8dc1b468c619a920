"""Where a source sits in the content folder, and what that says about it.

A source's place can name its language (Hugo's `contentDir` per language: `content/fr/…`),
and it names its story: versions of one page sit at the same path below their language's
folder (`posts/a.md` and `posts/a.fr.md`, or `en/posts/a.md` and `fr/posts/a.md`). A site
with a default language (every Hugo site has one) gives it to the files that say nothing;
a site without one has each such file's language detected from its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .config import HugoSettings, MarkdownOptions
from .languages import is_language, normalise_language


@dataclass(frozen=True)
class ContentLayout:
    root: Path  # the content folder
    default_language: str | None = None  # taken by sources that state no language
    language_dirs: tuple[tuple[str, str], ...] = ()  # (folder below root, language): Hugo's contentDir
    hugo: bool = False  # a Hugo site: any front matter key is the site's own, none is a typo
    # File-name suffixes that name a language ('fr', 'zh-tw'): on a Hugo site only its
    # configured languages do ('v1.2.md' is no language); elsewhere any language code.
    suffixes: tuple[tuple[str, str], ...] = ()
    taxonomies: tuple[str, ...] = ()  # front matter keys that list terms besides tags ('categories')
    markdown: MarkdownOptions = MarkdownOptions()  # how Markdown bodies are rendered

    @property
    def digest(self) -> str:
        """What a parse depends on besides the file: part of the parse cache's key."""
        return repr((str(self.root.absolute()), self.default_language, self.language_dirs, self.hugo, self.suffixes,
                     self.taxonomies, self.markdown))

    def place(self, path: Path) -> tuple[str | None, PurePosixPath]:
        """(the language the source's folder names, or None; its path below that folder)."""
        try:
            relative = PurePosixPath(path.relative_to(self.root).as_posix())
        except ValueError:
            return None, PurePosixPath(path.name)
        for folder, lang in self.language_dirs:
            if relative.is_relative_to(folder):
                return lang, relative.relative_to(folder)
        return None, relative

    def suffix_language(self, suffix: str) -> str | None:
        """The language a file-name suffix names, or None when it names none."""
        if self.suffixes:
            return dict(self.suffixes).get(suffix.lower())
        return normalise_language(suffix) if is_language(suffix) else None


def site_layout(root: Path, default_language: str | None, hugo: HugoSettings | None,
                markdown: MarkdownOptions = MarkdownOptions()) -> ContentLayout:
    """The layout a site's configuration describes: Hugo's rules for a Hugo site."""
    if hugo is None:
        return ContentLayout(root, markdown=markdown)
    folders = sorted(((folder, lang) for lang, folder in hugo.content_dirs.items()), key=lambda item: -len(item[0]))
    return ContentLayout(root, default_language, tuple(folders), True,
                         tuple((segment.lower(), lang) for lang, segment in hugo.url_segments.items()),
                         tuple(plural for plural in hugo.taxonomies.values() if plural != "tags"), markdown)


def plain_layout(root: Path) -> ContentLayout:
    """A content folder with nothing configured: languages by suffix, front matter or text."""
    return ContentLayout(root)
