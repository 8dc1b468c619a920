"""Where every kind of page lives below the site root, decided in one place.

Each language has a root: `/fr/`, or `/` for a Hugo site's default language (unless its
configuration puts it in a subfolder). Its index, tags, authors, search and feed live
below that root; articles follow the site's permalink pattern, or Hugo's rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .config import DEFAULT_PERMALINK, SiteConfig
from .hugo_urls import alias_path, hugo_page_path, language_prefix, urlize
from .languages import url_segment
from .model import Article
from .slugs import make_slug

# Below a language's root, these names belong to newsroom's own pages.
RESERVED_NAMES = ("page", "tags", "authors", "search", "feed.xml", "index.xml")
HUGO_FEED = "index.xml"


def article_path(lang: str, slug: str, pattern: str = DEFAULT_PERMALINK, date: dt.date | None = None,
                 section: str = "") -> str:
    """An article's path from the site's permalink pattern; a segment whose token has no
    value (an undated story's {year}, a story outside any section) is left out."""
    values = {"lang": url_segment(lang), "slug": slug, "section": section,
              "year": f"{date.year:04d}" if date else "", "month": f"{date.month:02d}" if date else "",
              "day": f"{date.day:02d}" if date else ""}
    segments = (segment.format(**values) for segment in pattern.strip("/").split("/"))
    return "/" + "".join(f"{segment}/" for segment in segments if segment)


def author_slug(name: str) -> str:
    return make_slug(name, "author")


@dataclass(frozen=True)
class SitePaths:
    config: SiteConfig
    default_lang: str

    def segment(self, lang: str) -> str:
        """The language's path segment: its key in a Hugo configuration ('zh-tw'), else its code."""
        hugo = self.config.hugo
        return (hugo.url_segments.get(lang, lang) if hugo is not None else lang).lower()

    def root(self, lang: str) -> str:
        """'/fr/'; '/' for a Hugo site's default language at the root."""
        if self.config.hugo is not None:
            return language_prefix(lang, self.default_lang, self.config.hugo) + "/"
        return f"/{url_segment(lang)}/"

    @property
    def multilingual_home(self) -> bool:
        """Whether '/' is newsroom's page of every language (else it is a language's index)."""
        return self.root(self.default_lang) != "/"

    def language(self, lang: str, page: int = 1) -> str:
        return self.root(lang) if page == 1 else f"{self.root(lang)}page/{page}/"

    def tags(self, lang: str, tag_slug: str = "") -> str:
        return f"{self.root(lang)}tags/{tag_slug + '/' if tag_slug else ''}"

    def taxonomy(self, lang: str, plural: str, term_slug: str = "") -> str:
        """A Hugo taxonomy's list of terms ('/fr/categories/'), or one term's page."""
        return f"{self.root(lang)}{urlize(plural)}/{term_slug + '/' if term_slug else ''}"

    def author(self, lang: str, name: str = "") -> str:
        """An author's page in one language ('/fr/authors/marie-dupont/'), or their list."""
        return f"{self.root(lang)}authors/{author_slug(name) + '/' if name else ''}"

    def search(self, lang: str) -> str:
        return f"{self.root(lang)}search/"

    def desk(self) -> str:
        """The translation desk's matrix (desk_pages)."""
        return "/translations/"

    def comparison(self, slug: str, original: str, lang: str) -> str:
        """A story's translation `lang` beside its original: '/translations/<slug>/vi-fr/'."""
        return f"{self.desk()}{slug}/{original}-{lang}/"

    def feed(self, lang: str) -> str:
        """'/fr/feed.xml'; on a Hugo site where Hugo's feed was ('/fr/index.xml'), so its
        subscribers keep getting it."""
        return f"{self.root(lang)}{HUGO_FEED if self.config.hugo is not None else 'feed.xml'}"

    def term_slug(self, term: str) -> str:
        """A tag's path segment: Hugo's urlize on a Hugo site ('météo'), else a slug ('meteo')."""
        hugo = self.config.hugo
        return (urlize(term, hugo.path_to_lower) or "tag") if hugo is not None else make_slug(term, "tag")

    def section(self, lang: str, folders: tuple[str, ...]) -> str:
        """A Hugo site's section list page ('/fr/docs/guide/'), sanitised as Hugo does."""
        return f"{self.root(lang)}{urlize('/'.join(folders), self.config.hugo.path_to_lower)}/"

    def article(self, article: Article, slug: str) -> str:
        if self.config.hugo is not None:
            return hugo_page_path(article, self.default_lang, self.config.hugo)
        return article_path(article.lang, slug, self.config.permalink, article.date, article.section)

    def alias(self, alias: str, page_path: str, lang: str) -> str:
        """The path an alias of the page at `page_path` redirects from (Hugo's rules; on
        other sites an alias is a path from the site root)."""
        if self.config.hugo is not None:
            return alias_path(alias, page_path, lang, self.default_lang, self.config.hugo)
        return "/" + alias.strip("/") + "/"

    def reserved_by(self, path: str, lang: str) -> str:
        """The newsroom page `path` would replace in `lang` ('' when none): an article at
        '/search/' would hide the search page."""
        root = self.root(lang)
        if path in (root, "/"):
            return path if path == root or self.multilingual_home else ""
        first = path.split("/")[1]
        if first in ("pagefind", "static"):
            return f"/{first}/"
        name = path[len(root):].split("/", 1)[0] if path.startswith(root) else ""
        taxonomies = tuple(self.config.hugo.taxonomies.values()) if self.config.hugo is not None else ()
        return f"{root}{name}{'' if '.' in name else '/'}" if name in RESERVED_NAMES + taxonomies else ""
