"""The local links and images of a sanitised body: found when it is parsed, rewritten per page.

A Hugo page links its bundle's files and other pages by paths in the content folder
(`ferry.png`, `../other.md`, `/posts/a.md`, `/about`); where they end up depends on the whole site,
so the reader lists them and the renderer swaps in the site paths views resolved. The
HTML is nh3's output, whose attributes are always double-quoted and escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_LINK = re.compile(r'(<(?:a|img|source|video|audio)\b[^>]*?\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
SOURCE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt")


def is_local_reference(target: str, hugo: bool = False) -> bool:
    """A path into the content folder: relative ('a.png', '../b.md'), or a site path to a
    source ('/posts/a.md'); on a Hugo site any site path ('/about', which Hugo's link hook
    takes to the page in the linking page's language). Elsewhere a plain site path is a URL
    already. Fragments, queries and other sites are not references."""
    if not target or target.startswith(("#", "?", "//")) or _SCHEME.match(target):
        return False
    path = target.split("#", 1)[0].split("?", 1)[0]
    return bool(path) and (hugo or not path.startswith("/") or path.lower().endswith(SOURCE_SUFFIXES))


def local_references(fragment: str, hugo: bool = False) -> tuple[str, ...]:
    """Every local reference of the body's links and images, once each, in order."""
    found = dict.fromkeys(html.unescape(m.group(2)) for m in _LINK.finditer(fragment))
    return tuple(target for target in found if is_local_reference(target, hugo))


def rewrite_references(fragment: str, resolved: Mapping[str, str]) -> str:
    """The body with each resolved reference replaced by its URL; the rest as written."""
    if not resolved:
        return fragment

    def swap(match: re.Match) -> str:
        target = html.unescape(match.group(2))
        url = resolved.get(target)
        return match.group(0) if url is None else f"{match.group(1)}{html.escape(url)}{match.group(3)}"

    return _LINK.sub(swap, fragment)
