"""What one page to render is: its path, template, language, head data and context (a leaf:
pages and desk_pages make PageSpecs, the renderer and the build engine take them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .model import Block


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    prev_url: str = ""
    next_url: str = ""


@dataclass(frozen=True)
class PageMeta:
    canonical: str
    description: str = ""
    alternates: tuple[Alternate, ...] = ()
    feed_url: str = ""
    og_type: str = "website"
    og_locale: str = ""
    og_locale_alternates: tuple[str, ...] = ()
    json_ld: Mapping[str, Any] | None = None
    prev_url: str = ""
    next_url: str = ""
    image: str = ""
    lastmod: str = ""
    search_url: str = ""
    indexable: bool = True
    listed: bool = True  # in the sitemap: not when the canonical copy is elsewhere


@dataclass(frozen=True)
class BodyRef:
    """Where an article page's body is: the renderer loads it, so the build need not hold
    15,000 bodies at once. The cache key names the body's content, so it fingerprints it."""

    cache_key: str
    source: Path


@dataclass(frozen=True)
class PageSpec:
    """One HTML page to render: where it goes, with which template, in which language."""

    path: str
    template: str
    lang: str
    meta: PageMeta
    context: Mapping[str, Any] = field(default_factory=dict)
    body: BodyRef | None = None  # set when context["article"] comes without its blocks
    bodies: tuple[BodyRef, ...] = ()  # a side-by-side page's two versions (see desk_pages.with_compared)


def with_blocks(spec: PageSpec, blocks: tuple[Block, ...]) -> PageSpec:
    return replace(spec, context={**spec.context, "article": replace(spec.context["article"], blocks=blocks)}, body=None)
