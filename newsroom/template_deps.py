"""What a page's HTML reads besides its spec: the templates it can load and its language's catalog.

A page is rendered from one template, which extends, includes and imports others by name;
those names are read from the templates themselves (Jinja's own parser), so the templates
a page depends on are known before it is rendered, without rendering it. A site's file
wins a name over the theme's; `theme:NAME` is always the theme's. An article page may also
load any shortcode template its body calls. A page's dependency digest hashes the bytes of
every template it can load and of its language's catalogs: editing a partial re-renders
only the pages whose templates include it, a `.po` string only its language's pages, and a
stylesheet no page at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import meta

from .fingerprints import digest
from .i18n import CATALOG_DOMAIN, catalog_candidates
from .theme import THEME_PREFIX, Theme

BODY_TEMPLATE = "article.html"  # the page kind whose body may call shortcodes
SHORTCODE_PREFIX = "shortcodes/"


@dataclass(frozen=True)
class TemplateDeps:
    """Every template name the site can load -> (the hash of its file, the names it loads;
    None when it loads one named only at run time, which then means every template)."""

    templates: dict[str, tuple[str, frozenset[str] | None]]
    catalogs: dict[str, str]  # language -> hash of its catalog files
    _closures: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def page_digest(self, template: str, lang: str) -> str:
        """The digest of what a page of `template` in `lang` reads besides its spec."""
        key = f"{template}\0{lang}"
        if key not in self._closures:
            self._closures[key] = digest(self._closure(template), self.catalogs.get(lang, ""))
        return self._closures[key]

    def _closure(self, template: str) -> dict[str, str]:
        """Name -> file hash of every template a page of `template` can load."""
        seen: set[str] = set()
        todo = [template] + ([name for name in self.templates if name.startswith(SHORTCODE_PREFIX)]
                             if template == BODY_TEMPLATE else [])
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            loads = self.templates.get(name, ("", frozenset()))[1]
            todo.extend(self.templates if loads is None else loads)
        return {name: self.templates[name][0] for name in sorted(seen) if name in self.templates}


def template_deps(theme: Theme, languages: Iterable[str]) -> TemplateDeps:
    """Read every template of the site and its theme, and the catalogs of `languages`."""
    site, theme_folder = theme.template_dirs
    own = dict(_templates(theme_folder))
    files = {**{f"{THEME_PREFIX}:{name}": path for name, path in own.items()}, **own, **dict(_templates(site))}
    templates = {}
    for name, path in files.items():
        data = path.read_bytes()
        file_hash = hashlib.sha256(data).hexdigest()
        templates[name] = (file_hash, _loads(file_hash, data))
    catalogs = {lang: _catalog_digest(theme, lang) for lang in languages}
    return TemplateDeps(templates, catalogs)


def _templates(folder: Path) -> Iterable[tuple[str, Path]]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder)
        if not any(part.startswith(".") for part in relative.parts):
            yield relative.as_posix(), path


@lru_cache(maxsize=1024)
def _loads(file_hash: str, data: bytes) -> frozenset[str] | None:
    """The template names a template loads (None: one named only at run time). Cached by
    the file's hash, so a long-lived process (the dev server) parses each version once."""
    try:
        names = list(meta.find_referenced_templates(_PARSER.parse(data.decode("utf-8"))))
    except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
        return frozenset()  # the render reports it, with file and line
    return None if None in names else frozenset(names)


def _catalog_digest(theme: Theme, lang: str) -> str:
    hashed = hashlib.sha256()
    for folder in theme.locale_dirs:
        for candidate in catalog_candidates(lang):
            path = folder / candidate / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"
            if path.is_file():
                hashed.update(f"{path}\0".encode())
                hashed.update(path.read_bytes())
    return hashed.hexdigest()


_PARSER = jinja2.Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
