"""Hugo's URL rules, so that a migrated site keeps every address it had.

A page's path is, in order: its front matter `url`; else its section's `permalinks`
pattern (`/:year/:month/:slug/`); else its folders below the content folder and its
`slug` or file name (a leaf bundle's folder name). Every segment is sanitised as Hugo's
`urlize` does (letters and digits of any script kept, spaces to hyphens, lower case), and
a language prefix comes first, except for the default language when it lives at the root.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import PurePosixPath

from .config import HugoSettings
from .model import Article

PERMALINK_TOKENS = frozenset({
    "year", "month", "monthname", "day", "weekday", "weekdayname", "yearday", "section", "sections", "title", "slug",
    "filename", "contentbasename", "slugorfilename", "slugorcontentbasename",
})
_TOKEN = re.compile(r":([a-z]+)(\[[^\]]*\])?")
_KEPT_MARKS = set("./\\_#+~-@")
BUNDLE_INDEX = "index"


def urlize(text: str, lower: bool = True) -> str:
    """A path as Hugo writes it: letters, digits and marks of any script kept, with
    `. / _ # + ~ - @`; a run of spaces and hyphens becomes one hyphen; anything else
    (punctuation, symbols) is dropped."""
    out: list[str] = []
    hyphen_pending = False
    for char in text:
        category = unicodedata.category(char)
        if char in _KEPT_MARKS or category[0] in "LM" or category == "Nd" or char == "%":
            if hyphen_pending and char != "-" and (not out or out[-1] != "-"):
                out.append("-")
            hyphen_pending = False
            out.append(char)
        elif out and (char == "-" or char.isspace()):
            hyphen_pending = True
    path = "".join(out)
    return path.lower() if lower else path


def language_prefix(lang: str, default_lang: str, hugo: HugoSettings) -> str:
    """'' for the default language at the root, else '/' and the language's key."""
    if lang == default_lang and not hugo.default_in_subdir:
        return ""
    return "/" + hugo.url_segments.get(lang, lang).lower()


def page_parts(article: Article) -> tuple[tuple[str, ...], str]:
    """(its sections, its base name): a leaf bundle (`posts/trip/index.md`) is named by its folder."""
    path = PurePosixPath(article.content_path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    folders = path.parent.parts if str(path.parent) != "." else ()
    if stem == BUNDLE_INDEX and folders:
        return folders[:-1], folders[-1]
    return folders, stem


def hugo_page_path(article: Article, default_lang: str, hugo: HugoSettings) -> str:
    """The site path Hugo gives `article`'s page ('/fr/2024/03/premières-lueurs/')."""
    if article.url:
        return claimed_path(article.url, article.lang, default_lang, hugo)
    prefix = language_prefix(article.lang, default_lang, hugo)
    sections, name = page_parts(article)
    pattern = hugo.permalinks.get(sections[0]) if sections else None
    if pattern:
        path = _expand(pattern, article, sections, name, hugo)
    else:
        path = "/".join(("", *sections, article.slug_given or name))
    return prefix + _finished(urlize(path, hugo.path_to_lower), hugo)


def claimed_path(url: str, lang: str, default_lang: str, hugo: HugoSettings) -> str:
    """Where a front matter `url` puts a page: as written, without sanitising (Hugo's rule);
    `/abs/` from the site's root, `rel/` below the page's language root."""
    prefix = "" if url.startswith("/") else language_prefix(lang, default_lang, hugo)
    return prefix + _finished(url, hugo)


def alias_path(alias: str, page_path: str, lang: str, default_lang: str, hugo: HugoSettings) -> str:
    """Where an alias of a page redirects from: '/old/' below the page's language root,
    'old' beside the page."""
    if alias.startswith("/"):
        return _finished(language_prefix(lang, default_lang, hugo) + alias, hugo)
    return _finished(page_path.rstrip("/").rsplit("/", 1)[0] + "/" + alias, hugo)


def _finished(path: str, hugo: HugoSettings) -> str:
    """Pages are folders ('/a/b/'), unless the path names a file ('/a/b.html')."""
    path = re.sub(r"/{2,}", "/", "/" + path.strip("/"))
    last = path.rsplit("/", 1)[-1]
    return path if "." in last else path.rstrip("/") + "/"


def _expand(pattern: str, article: Article, sections: tuple[str, ...], name: str, hugo: HugoSettings) -> str:
    date = article.date or dt.date(1, 1, 1)
    slug = article.slug_given or urlize(article.title, hugo.path_to_lower)
    values = {
        "year": f"{date.year:04d}", "month": f"{date.month:02d}", "monthname": date.strftime("%B").lower(),
        "day": f"{date.day:02d}", "weekday": str(date.isoweekday() % 7), "weekdayname": date.strftime("%A").lower(),
        "yearday": str(date.timetuple().tm_yday), "section": sections[0] if sections else "",
        "title": urlize(article.title, hugo.path_to_lower), "slug": slug, "filename": name, "contentbasename": name,
        "slugorfilename": article.slug_given or name, "slugorcontentbasename": article.slug_given or name,
    }

    def token(match: re.Match[str]) -> str:
        if match.group(1) == "sections":
            chosen = _slice(sections, match.group(2))
            return "/".join(chosen)
        return values.get(match.group(1), match.group(0))

    return _TOKEN.sub(token, pattern)


def _slice(sections: tuple[str, ...], selector: str | None) -> tuple[str, ...]:
    """`:sections[1:]`, `:sections[last]`, `:sections[0]`: Hugo's section selectors."""
    if not selector:
        return sections
    inner = selector[1:-1].strip()
    if inner == "last":
        return sections[-1:]
    if ":" in inner:
        start, _, end = inner.partition(":")
        return sections[int(start) if start else None: int(end) if end else None]
    index = int(inner)
    return sections[index:index + 1]


def unknown_tokens(pattern: str) -> list[str]:
    return [match.group(1) for match in _TOKEN.finditer(pattern) if match.group(1) not in PERMALINK_TOKENS]


_UNCOUNTABLE = frozenset("news information equipment media series species sheep fish data".split())


def english_plural(word: str) -> str:
    """The plural Hugo gives a list's folder name: English rules only, as Hugo's are."""
    lower = word.lower()
    if not lower or lower in _UNCOUNTABLE or (lower.endswith("s") and not lower.endswith(("ss", "us", "is"))):
        return word
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    return word + "s"
