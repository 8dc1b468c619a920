"""Markdown to sanitised HTML: the one place a body's Markdown is rendered.

Two engines: Python-Markdown (`extra`, `sane_lists`), newsroom's default, and `commonmark`,
CommonMark with GitHub's extensions as Hugo's Goldmark renders it (commonmark_engine), which
a Hugo configuration selects. Either output is cleaned by nh3; the CommonMark one keeps what
Goldmark's structure needs (heading ids for in-page links, footnote anchors, code languages).
Kept apart from the readers (and their HTML and language libraries) so the renderer can
render a shortcode's Markdown argument (a figure's caption) without importing them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3

from .config import MarkdownOptions
_SAFE_URL_SCHEMES = {"http", "https", "mailto"}
# Ids the theme's own pages use: a heading of the same name gets a suffix, so neither is lost.
THEME_IDS = frozenset({"main", "search", "switcher-label", "untranslated-heading"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_STRUCTURE = {  # attributes Goldmark's output carries that a page needs (nh3 drops them by default)
    **{tag: {"id"} for tag in _HEADINGS}, "sup": {"id"}, "li": {"id"}, "dt": {"id"},
    "a": {"class"}, "div": {"class"}, "code": {"class"}, "span": {"class"},
}
_TASK_BOX = re.compile(r'<input (?:checked="" )?disabled="" type="checkbox"\s*/?>')


@lru_cache(maxsize=1)
def _markdown_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def render_markdown(body: str, options: MarkdownOptions = MarkdownOptions()) -> str:
    """Markdown to HTML, then sanitised: raw HTML in a source never carries script."""
    if options.engine == "commonmark":
        from .commonmark_engine import render_commonmark  # pyromark, only for sites that use it

        html = render_commonmark(body, unsafe=options.unsafe, typographer=options.typographer,
                                 heading_ids=options.heading_ids)
        return _rename_theme_ids(sanitise_html(_TASK_BOX.sub(_task_mark, html), structure=True))
    converter = _markdown_converter()
    converter.reset()
    return sanitise_html(converter.convert(body))


def sanitise_html(fragment: str, structure: bool = False) -> str:
    """HTML from a source, cleaned by nh3: no script, no event handler, no javascript: link.
    With `structure`, the ids and classes of CommonMark's headings, footnotes and code stay."""
    attributes = None
    if structure:
        attributes = {tag: set(allowed) for tag, allowed in nh3.ALLOWED_ATTRIBUTES.items()}
        for tag, extra in _STRUCTURE.items():
            attributes.setdefault(tag, set()).update(extra)
    return nh3.clean(fragment, url_schemes=_SAFE_URL_SCHEMES, link_rel="noopener noreferrer", attributes=attributes).strip()


def _task_mark(match: re.Match) -> str:
    """A task list's checkbox as the character a screen reader names: a disabled input
    with no label would be a form control nobody can name (axe's `label` rule)."""
    return "☑" if "checked" in match.group(0) else "☐"


def _rename_theme_ids(html: str) -> str:
    if 'id="' not in html:
        return html
    return re.sub(r'\bid="([^"]*)"', lambda m: f'id="{m.group(1)}-1"' if m.group(1) in THEME_IDS else m.group(0), html)


def render_inline(text: str, options: MarkdownOptions = MarkdownOptions()) -> str:
    """One line of Markdown (a caption) as sanitised inline HTML, without its paragraph."""
    html = render_markdown(text, options)
    match = re.fullmatch(r"<p>(.*)</p>", html, re.S)
    return match.group(1) if match else html
