"""What a build is asked to do and what it reports: the leaf that the pipeline, the
rebuild, the CLI and the dev server all share (so none of them imports another for it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import SiteConfig
from .content_layout import ContentLayout, site_layout
from .errors import Problem
from .theme import BUNDLED_THEME, Theme

if TYPE_CHECKING:
    from .record import BuildRecord


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path
    templates: Path  # the site's template overrides (and catalogs): need not exist
    config_file: Path | None = None
    static: Path | None = None  # the site's static files, laid over the theme's
    theme_dir: Path = BUNDLED_THEME
    # Parsed sources are keyed by content, so the dev server's preview shares the site's.
    parsed_dir: Path | None = None  # default: the output's cache (record.cache_root)
    keep_going: bool = False
    strict: bool = False  # check every link, and treat every warning as an error
    base_url: str | None = None  # overrides site.toml, e.g. the dev server's address
    use_cache: bool = True
    progress: bool = False  # progress bars on a terminal, for steps over a second
    # Leave stale search indexes to later builds, which index one each when nothing else
    # changed: the dev server reloads pages first and updates search after.
    defer_search: bool = False
    desk_pages: bool = False  # the translation desk's pages whatever site.toml says (the dev server)
    # Publish what front matter holds back, for previews (Hugo's --buildDrafts, --buildFuture, --buildExpired).
    drafts: bool = False
    future: bool = False
    expired: bool = False

    @property
    def theme(self) -> Theme:
        return Theme(self.templates, self.static, self.theme_dir)


@dataclass(frozen=True)
class BuildReport:
    articles: int
    pages: int
    languages: tuple[str, ...]
    seconds: float
    problems: tuple[Problem, ...] = field(default=())
    rendered: int = 0  # pages rendered this time; the rest were reused unchanged
    search_pending: bool = False  # some search indexes are stale (see BuildOptions.defer_search)
    record: BuildRecord | None = field(default=None, repr=False)  # of the site as built: the dev server keeps it


def static_files(options: BuildOptions, config: SiteConfig) -> dict[str, Path]:
    """Site path -> the static file published there (a Hugo site's own at the site root)."""
    return options.theme.static_files("" if config.hugo is not None else "static/")


def content_layout(options: BuildOptions, config: SiteConfig) -> ContentLayout:
    return site_layout(options.content, config.default_language, config.hugo, config.markdown)
