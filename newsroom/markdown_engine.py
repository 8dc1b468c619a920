"""Markdown to sanitised HTML: the one place a body's Markdown is rendered.

Kept apart from the readers (and their HTML and language libraries) so the renderer can
render a shortcode's Markdown argument (a figure's caption) without importing them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3

_SAFE_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _markdown_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def render_markdown(body: str) -> str:
    """Markdown to HTML, then sanitised: raw HTML in a source never carries script."""
    converter = _markdown_converter()
    converter.reset()
    return sanitise_html(converter.convert(body))


def sanitise_html(fragment: str) -> str:
    """HTML from a source, cleaned by nh3: no script, no event handler, no javascript: link."""
    return nh3.clean(fragment, url_schemes=_SAFE_URL_SCHEMES, link_rel="noopener noreferrer").strip()


def render_inline(text: str) -> str:
    """One line of Markdown (a caption) as sanitised inline HTML, without its paragraph."""
    html = render_markdown(text)
    match = re.fullmatch(r"<p>(.*)</p>", html, re.S)
    return match.group(1) if match else html
