"""The translation desk's pages, for editors: the matrix at /translations/ and a
side-by-side page for each (original, translation) pair of a story.

Built only when the site asks (`desk_pages = true`) and always in the dev server; never
indexed, listed in sitemaps or feeds, or searched. A side-by-side page needs both
bodies: its spec names them (PageSpec.bodies), the renderer loads them and calls
with_compared, which aligns them paragraph by paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from urllib.parse import quote

from .alignment import align
from .consistency import checked_blocks, compare_beads
from .desk import reference_language, version_states
from .languages import native_name, text_direction
from .model import Article, Block
from .page_spec import BodyRef, PageMeta, PageSpec
from .views import SiteViews

DESK_TEMPLATE = "translations.html"
COMPARE_TEMPLATE = "compare.html"


@dataclass(frozen=True)
class Cell:
    lang: str
    state: str  # present, original, missing, stale, orphan
    url: str = ""  # the version's page
    compare_url: str = ""  # its side-by-side page with the original
    path: str = ""  # its source, relative to the content folder
    edit_url: str = ""  # where it is edited (site.toml's edit_url), "" when none is set


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    lang: str  # of the title: the original's (or the first version's)
    dir: str
    date: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Side:
    lang: str
    dir: str
    name: str  # the language in its own name
    kind: str  # paragraph, heading, figure, quote; "" for a gap
    texts: tuple[str, ...]  # its paragraphs (two or more where the other version has one)


def compare_path(views: SiteViews, key: str, reference: str, lang: str) -> str:
    return views.site_paths.comparison(views.index.slugs[(key, reference)], reference, lang)


def desk_page(views: SiteViews) -> PageSpec:
    """The stories x languages matrix, newest first."""
    rows = []
    for key, story in views.index.stories.items():
        versions = views.versions(key)
        reference = reference_language(versions, views.config.sources)
        states = version_states(versions, views.config.sources, views.stale_languages(key))
        cells = tuple(_cell(views, key, lang, versions, states, reference) for lang in views.languages)
        first = versions[reference]
        rows.append(Row(key, first.title, reference, text_direction(reference),
                        first.date.isoformat()[:10] if first.date else "", cells))
    rows.sort(key=lambda row: (row.date, row.key), reverse=True)
    lang = views.default_lang
    path = views.site_paths.desk()
    return PageSpec(path, DESK_TEMPLATE, lang, _meta(views, path),
                    {"rows": tuple(rows), "desk_languages": tuple((code, native_name(code)) for code in views.languages),
                     "languages": views.language_links()})


def _cell(views: SiteViews, key: str, lang: str, versions: dict[str, Article], states: dict[str, str],
          reference: str) -> Cell:
    article = versions.get(lang)
    if article is None:
        return Cell(lang, "missing")
    url = views.link(views.paths[(key, lang)])
    compare = views.link(compare_path(views, key, reference, lang)) if states[lang] != "original" else ""
    path = views.source_name(article)
    edit = views.config.edit_url.replace("{path}", quote(path)) if views.config.edit_url else ""
    return Cell(lang, states[lang], url, compare, path, edit)


def comparison_pages(views: SiteViews, key: str) -> Iterator[PageSpec]:
    """One page per translation of a story, beside the original (or the first version)."""
    versions = views.versions(key)
    if len(versions) < 2:
        return
    reference = reference_language(versions, views.config.sources)
    for lang in sorted(versions):
        if lang == reference:
            continue
        path = compare_path(views, key, reference, lang)
        bodies = tuple(BodyRef(views.body_keys.get(versions[code].source_path, ""), versions[code].source_path)
                       for code in (reference, lang))
        context = {"original": views.article(versions[reference]), "translation": views.article(versions[lang]),
                   "languages": views.language_links(), "checks": dict(views.config.checks)}
        yield PageSpec(path, COMPARE_TEMPLATE, reference, _meta(views, path), context, bodies=bodies)


def with_compared(spec: PageSpec, original: Sequence[Block], translation: Sequence[Block]) -> PageSpec:
    """The side-by-side page's rows: aligned blocks, a gap where one version has none."""
    left_view, right_view = spec.context["original"], spec.context["translation"]
    left, right = checked_blocks(original), checked_blocks(translation)
    beads = align([b.text for b in left], [b.text for b in right], [b.kind for b in left], [b.kind for b in right])
    hints = compare_beads(beads, left, left_view.lang, right, right_view.lang, spec.context["checks"])

    def side(view, blocks, indexes) -> Side:
        kinds = {blocks[i].kind for i in indexes}
        kind = (kinds.pop() if len(kinds) == 1 else "paragraph") if indexes else ""
        return Side(view.lang, view.dir, native_name(view.lang), kind, tuple(blocks[i].text for i in indexes))

    rows = tuple((side(left_view, left, bead.left), side(right_view, right, bead.right),
                  tuple(f"{check.kind}: {check.detail}" for check in found)) for bead, found in zip(beads, hints))
    return replace(spec, context={**spec.context, "rows": rows}, bodies=())


def _meta(views: SiteViews, path: str) -> PageMeta:
    return PageMeta(canonical=views.config.absolute(path), indexable=False, listed=False)

