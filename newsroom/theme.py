"""Where a site's look comes from: its own folders first, then a theme's, file by file.

A theme is a folder laid out like a site without content: `templates/` (Jinja templates,
and gettext catalogs in `templates/locale/<lang>/LC_MESSAGES/messages.po`) and `static/`.
The default theme ships inside the package. A site overrides any one template by putting
a file of the same name in its own `templates/`, any static file in its own `static/`,
and any single interface string in its own catalog; everything else comes from the theme.
A site template can extend the theme's version of itself as `theme:article.html`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BUNDLED_THEME = Path(__file__).resolve().parent / "bundled_theme"
THEME_PREFIX = "theme"  # `{% extends "theme:base.html" %}` names the theme's own template
LOCALE_FOLDER = "locale"


@dataclass(frozen=True)
class Theme:
    site_templates: Path  # may not exist: a site without overrides
    site_static: Path | None
    folder: Path = BUNDLED_THEME

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Searched in this order: the site's overrides win."""
        return (self.site_templates, self.folder / "templates")

    @property
    def locale_dirs(self) -> tuple[Path, ...]:
        """Catalogs, most specific first: a site's string replaces the theme's."""
        return tuple(folder / LOCALE_FOLDER for folder in self.template_dirs)

    @property
    def static_dirs(self) -> tuple[Path, ...]:
        """Copied in this order, so a site's file replaces the theme's of the same name."""
        return (self.folder / "static",) + ((self.site_static,) if self.site_static is not None else ())

    def static_files(self, site_prefix: str = "static/") -> dict[str, Path]:
        """Site path ('static/style.css') -> the file that wins it. A Hugo site's own static
        files are published at the site root, where its pages link them (`site_prefix` '')."""
        files: dict[str, Path] = {}
        for folder in self.static_dirs:
            prefix = "static/" if folder == self.folder / "static" else site_prefix
            for relative, path in _files(folder):
                files[f"{prefix}{relative}"] = path
        return dict(sorted(files.items()))

    def has_template(self, name: str) -> bool:
        """Whether the site or the theme has the template `name` ('shortcodes/figure.html')."""
        return any((folder / name).is_file() for folder in self.template_dirs)

    def digest(self) -> str:
        """A hash of every template and catalog of the theme and the site's overrides (static
        files are compared one by one: a stylesheet edit only copies that file)."""
        digest = hashlib.sha256()
        for number, folder in enumerate(self.template_dirs):
            for relative, path in _files(folder):
                digest.update(f"{number}\0{relative}\0".encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    """(relative path, path) of every file below `folder` but hidden ones; none if it is absent."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield relative.as_posix(), path
