"""Read-only views of the site index, shaped for templates: URLs, names and dates resolved.

Views know the site's URL scheme and its configuration; templates only print them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property, lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.lists import format_list

from .bundles import BundleMap, ContentFiles, bundle_map
from .config import SiteConfig
from .desk import made_from_older_text, original_language
from .grouping import story_key
from .languages import babel_locale, native_name, text_direction, url_segment
from .hugo_urls import claimed_path, english_plural, page_parts
from .site_paths import SitePaths, author_slug
from .model import Article, SiteIndex
from .view_models import ArticleView, AuthorLink, LanguageLink, OriginalLink, StoryCard, TagLink  # noqa: F401  (views' public face)
from .search_plan import shard_of
from .urls import display_host



# Site paths of the search indexes and the files that serve pages; the pages' own paths
# are site_paths' to decide.
def search_year(lang: str, date: dt.date | None) -> str:
    """The search indexes an article is in: its language's, for its year of publication
    (split by volume, see search_plan.shard_of)."""
    return f"{url_segment(lang)}/{date.year if date else 'undated'}"


def search_bundle_path(shard: str) -> str:
    return f"/pagefind/{shard}/"


def output_file(site_path: str) -> str:
    """The file under site/ that serves a site path ('/fr/x/' -> 'fr/x/index.html')."""
    stripped = site_path.strip("/")
    if not stripped:
        return "index.html"
    return stripped if "." in stripped.rsplit("/", 1)[-1] else f"{stripped}/index.html"


def describe(text: str, limit: int = 160) -> str:
    """A meta description: the text cut at a word boundary near `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:") + "…"


def sortable_date(date: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(date, dt.datetime):
        return date.astimezone(dt.timezone.utc).replace(tzinfo=None) if date.tzinfo else date
    return dt.datetime.combine(date, dt.time.min)


def newest_first(articles: list[tuple[str, Article]]) -> list[tuple[str, Article]]:
    """Dated stories newest first; undated ones after them, in title order."""
    dated = sorted((p for p in articles if p[1].date), key=lambda p: (sortable_date(p[1].date), p[1].title), reverse=True)
    undated = sorted((p for p in articles if not p[1].date), key=lambda p: (p[1].title.casefold(), p[0]))
    return dated + undated


def _teaser(article: Article) -> str:
    """The summary for a story list, without repeating a title taken from its first words."""
    if article.summary.startswith(article.title) and len(article.summary) > len(article.title) + 1:
        return article.summary[len(article.title):].lstrip(" .。!?").strip()
    return article.summary


@lru_cache(maxsize=65536)
def _long_date(day: dt.date, lang: str) -> str:
    return format_date(day, format="long", locale=babel_locale(lang))


@lru_cache(maxsize=256)
def list_separators(count: int, lang: str) -> tuple[str, ...]:
    """What follows each of `count` names in a list, in the language's own pattern
    ('A, B and C'; 'A, B et C'; 'A、B和C'), taken from CLDR through Babel."""
    if count < 2:
        return ("",) * count
    marks = [f"\x00{i}\x00" for i in range(count)]
    joined = format_list(marks, locale=babel_locale(lang))
    return tuple(joined.split(mark, 1)[1].split(marks[i + 1], 1)[0] if i + 1 < count else ""
                 for i, mark in enumerate(marks))


def _updated_fields(article: Article) -> tuple[str, str]:
    """The stated revision, shown only when it is later than the publication."""
    if article.updated is None or article.date is None or sortable_date(article.updated) <= sortable_date(article.date):
        return "", ""
    return _when_fields(article.updated, article.lang)


def _date_fields(article: Article) -> tuple[str, str]:
    return _when_fields(article.date, article.lang) if article.date is not None else ("", "")


def _when_fields(when: dt.date | dt.datetime, lang: str) -> tuple[str, str]:
    day = when.date() if isinstance(when, dt.datetime) else when
    return when.isoformat(), _long_date(day, lang)


class SiteViews:
    """Builds the views of one index; URLs and names are computed once, not per page."""

    def __init__(self, index: SiteIndex, config: SiteConfig, default_lang: str | None = None,
                 body_keys: Mapping[Path, str] | None = None, content_files: ContentFiles | None = None,
                 stale_by_history: frozenset[tuple[str, str]] = frozenset(), content_root: Path | None = None):
        """`default_lang` is given when `index` holds only some stories of the site;
        `body_keys` (source path -> parse cache key) when its articles come without bodies;
        `content_files` the content folder's files that are no sources (a Hugo site's bundles);
        `stale_by_history` the (story, language) of translations git shows older than their
        original's last edit (desk_history.stale_by_git); `content_root` the content folder."""
        self.index = index
        self.config = config
        self.body_keys = body_keys or {}
        self.languages = config.order_languages(index.languages)
        self.default_lang = default_lang or self._default_language()
        self.site_paths = SitePaths(config, self.default_lang)
        self.paths = {pair: self.site_paths.article(index.articles[pair], slug) for pair, slug in index.slugs.items()}
        self.content_files = content_files or ContentFiles()
        self.stale_by_history = stale_by_history
        self.content_root = content_root

    @cached_property
    def bundles(self) -> BundleMap:
        """Where pages and content files are, for resolving links: made when first asked for
        (a site without bundle files or relative links never needs it)."""
        def folder_path(lang: str, folder: str) -> str:
            return self.site_paths.section(lang, tuple(folder.split("/"))) if folder else self.site_paths.root(lang)

        return bundle_map(self.index, self.paths, self._section_paths(), self.content_files, self.languages, folder_path)

    def _section_paths(self) -> dict[tuple[str, str], str]:
        return {(folder, lang): self.site_paths.section(lang, tuple(folder.split("/"))) if folder
                else self.site_paths.root(lang) for folder, lang in self.index.sections if lang in self.languages}

    def resolved_links(self, article: Article) -> tuple[tuple[str, str], ...]:
        """The article's local references that point somewhere on the site, with where."""
        if not article.references:
            return ()
        found = ((target, self.bundles.resolve(target, article)) for target in article.references)
        return tuple((target, path) for target, path in found if path is not None)

    def published_files(self) -> dict[str, Path]:
        """Content files published beside the pages (a bundle's images): site file -> source."""
        return self.bundles.published(self.content_files) if self.content_files.files else {}
    def describe(self, text: str) -> str:
        return describe(text, self.config.description_length)

    def _default_language(self) -> str:
        """Configured, else the language with the most stories; it names x-default."""
        if self.config.default_language in self.languages:
            return self.config.default_language
        if not self.languages:
            return self.config.default_language or "en"
        counts = {lang: 0 for lang in self.languages}
        for _, lang in self.index.articles:
            counts[lang] += 1
        return min(self.languages, key=lambda lang: (-counts[lang], self.languages.index(lang)))

    def link(self, site_path: str) -> str:
        return self.config.link(site_path)

    def source_name(self, article: Article) -> str:
        """An article's source as the editor knows it: its path in the content folder."""
        try:
            return article.source_path.relative_to(self.content_root).as_posix() if self.content_root else article.source_path.name
        except ValueError:
            return article.source_path.name

    def versions(self, key: str) -> dict[str, Article]:
        """A story's versions by language."""
        return {lang: self.index.articles[(key, lang)] for lang in self.index.stories[key].languages}

    def stale_languages(self, key: str) -> frozenset[str]:
        """The languages of a story's translations its history shows stale."""
        return self._stale_by_story.get(key, frozenset())

    @cached_property
    def _stale_by_story(self) -> dict[str, frozenset[str]]:
        by_story: dict[str, set[str]] = {}
        for story, lang in self.stale_by_history:
            by_story.setdefault(story, set()).add(lang)
        return {story: frozenset(langs) for story, langs in by_story.items()}

    def language_links(self, current: str | None = None, page_of: dict[str, str] | None = None) -> tuple[LanguageLink, ...]:
        """Every language of the site; `page_of` maps a language to its version of this page."""
        return tuple(
            LanguageLink(lang, native_name(lang), self.link((page_of or {}).get(lang, self.site_paths.language(lang))),
                         text_direction(lang), lang == current)
            for lang in self.languages
        )

    def card(self, key: str, article: Article) -> StoryCard:
        date_iso, date_text = _date_fields(article)
        return StoryCard(article.lang, text_direction(article.lang), article.title, self.link(self.paths[(key, article.lang)]),
                         _teaser(article), date_iso, date_text, native_name(article.lang))

    def story_languages(self, key: str) -> tuple[str, ...]:
        present = self.index.stories[key].languages
        return tuple(lang for lang in self.languages if lang in present)

    def article(self, article: Article) -> ArticleView:
        key = story_key(article)
        langs = self.story_languages(key)
        translations = tuple(
            LanguageLink(lang, native_name(lang), self.link(self.paths[(key, lang)]), text_direction(lang), lang == article.lang)
            for lang in langs
        )
        x_default_lang = self.default_lang if self.default_lang in langs else langs[0]
        date_iso, date_text = _date_fields(article)
        updated = _updated_fields(article)
        return ArticleView(
            key=key,
            lang=article.lang,
            dir=text_direction(article.lang),
            title=article.title,
            url=self.link(self.paths[(key, article.lang)]),
            summary=article.summary,
            blocks=article.blocks,
            date_iso=date_iso,
            date_text=date_text,
            modified_iso=article.modified.isoformat() if article.modified and not article.date else "",  # a dated page never shows it
            attribution=article.attribution,
            source_url=article.source_url,
            source_host=display_host(article.source_url) if article.source_url else "",
            image=self._image(article),
            tags=tuple(TagLink(tag, self.link(self.term_path(article.lang, "tags", self.site_paths.term_slug(tag)))) for tag in article.tags),
            translations=translations,
            x_default_lang=x_default_lang,
            authors=self.author_links(article),
            canonical=article.canonical,
            updated_iso=updated[0],
            updated_text=updated[1],
            links=self.resolved_links(article),
            params=article.params,
            terms=self._terms(article),
            original=self._original(key, article),
        )

    def _original(self, key: str, article: Article) -> OriginalLink | None:
        """Where the original of a translation is (None on the original itself, or when unknown)."""
        versions = self.versions(key)
        lang = original_language(versions, self.config.sources)
        if not lang or lang == article.lang:
            return None
        source = versions.get(lang)
        here = self.link(self.paths[(key, lang)]) if source is not None else ""
        published = article.source_url or (source.source_url if source is not None else "")
        if not here and not published:
            return None
        site = display_host(published) if published else self.config.title_for(lang)
        stale = source is not None and self.config.stale_notice and (
            made_from_older_text(article, source) or (key, article.lang) in self.stale_by_history)
        compare = (self.link(self.site_paths.comparison(self.index.slugs[(key, lang)], lang, article.lang))
                   if here and self.config.desk_pages else "")
        return OriginalLink(lang, native_name(lang), text_direction(lang), site, published or here, here, stale, compare)

    def taxonomies(self) -> tuple[str, ...]:
        """A Hugo site's taxonomies besides tags ('categories'), as its configuration lists them."""
        hugo = self.config.hugo
        return tuple(plural for plural in hugo.taxonomies.values() if plural != "tags") if hugo is not None else ()

    def section_title(self, folders: tuple[str, ...], own: Article | None) -> str:
        """Its _index page's title, else its folder's name as Hugo titles a list: pluralised
        in English (Hugo's pluralizeListTitles, on by default) and capitalised ('post' -> 'Posts')."""
        if own is not None and own.title:
            return own.title
        return english_plural(folders[-1]).replace("-", " ").title()

    def taxonomy_title(self, plural: str, lang: str) -> str:
        """Its _index page's title in `lang` (content/categories/_index.fr.md), else its name as Hugo titles it."""
        own = self.index.sections.get((plural, lang))
        return own.title if own is not None and own.title else plural.replace("-", " ").title()

    def _terms(self, article: Article) -> tuple[tuple[str, tuple[TagLink, ...]], ...]:
        given = dict(article.taxonomies)
        return tuple((self.taxonomy_title(plural, article.lang),
                      tuple(TagLink(term, self.link(self.term_path(article.lang, plural, self.site_paths.term_slug(term))))
                            for term in given[plural]))
                     for plural in self.taxonomies() if given.get(plural))

    def terms_in(self, lang: str, plural: str) -> dict[str, tuple[str, list[tuple[str, Article]]]]:
        """Term slug -> (the term as first written, or its content file's title; its stories
        newest first), for any taxonomy; a term with a content file but no story yet too."""
        terms: dict[str, tuple[str, list[tuple[str, Article]]]] = {}
        for key, article in self.stories_in(lang):
            for term in (article.tags if plural == "tags" else dict(article.taxonomies).get(plural, ())):
                terms.setdefault(self.site_paths.term_slug(term), (term, []))[1].append((key, article))
        for (_, section_lang), section in self.index.sections.items():  # a section's terms have pages too
            if section_lang == lang and (terms_of := section.tags if plural == "tags" else dict(section.taxonomies).get(plural)):
                for term in terms_of:
                    terms.setdefault(self.site_paths.term_slug(term), (term, []))
        for (file_lang, file_plural, slug), own in self._term_files.items():
            if (file_lang, file_plural) == (lang, plural):
                terms[slug] = (own.title or terms.get(slug, (slug, []))[0], terms.get(slug, ("", []))[1])
        return dict(sorted(terms.items(), key=lambda item: item[1][0].casefold()))

    @cached_property
    def _term_files(self) -> dict[tuple[str, str, str], Article]:
        """A Hugo site's term content files (content/categories/reports/_index.fr.md) by
        (language, taxonomy, term slug): they title a term's page and may move it (`url`, `slug`)."""
        if self.config.hugo is None:
            return {}
        plurals = set(self.config.hugo.taxonomies.values()) | {"tags"}
        return {(lang, parts[0], self.site_paths.term_slug(parts[1])): article
                for (folder, lang), article in self.index.sections.items()
                if len(parts := folder.split("/")) == 2 and parts[0] in plurals}

    def term_path(self, lang: str, plural: str, slug: str) -> str:
        """A term's page: where its content file's `url` or `slug` puts it, else below its taxonomy."""
        own = self._term_files.get((lang, plural, slug))
        if own is not None and own.url:
            return claimed_path(own.url, lang, self.default_lang, self.config.hugo)
        if own is not None and own.slug_given:
            slug = self.site_paths.term_slug(own.slug_given)
        return self.site_paths.taxonomy(lang, plural, slug) if self.config.hugo else self.site_paths.tags(lang, slug)

    def _image(self, article: Article) -> str:
        """The article's image: a bundle's own file as the site path it is published at."""
        if not article.image or "://" in article.image or article.image.startswith("/"):
            return article.image
        return self.bundles.resolve(article.image, article) or article.image

    def author_links(self, article: Article) -> tuple[AuthorLink, ...]:
        separators = list_separators(len(article.authors), article.lang)
        paths = [self.site_paths.author(article.lang, name) for name in article.authors]
        return tuple(AuthorLink(name, self.link(path), path, separator)
                     for name, path, separator in zip(article.authors, paths, separators))

    def authors_in(self, lang: str) -> dict[str, tuple[str, list[tuple[str, Article]]]]:
        """Author slug -> (the name as first written, their stories newest first)."""
        authors: dict[str, tuple[str, list[tuple[str, Article]]]] = {}
        for key, article in self.stories_in(lang):
            for name in article.authors:
                authors.setdefault(author_slug(name), (name, []))[1].append((key, article))
        return dict(sorted(authors.items(), key=lambda item: item[1][0].casefold()))

    @cached_property
    def _year_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for (_, lang), article in self.index.articles.items():
            year = search_year(lang, article.date)
            sizes[year] = sizes.get(year, 0) + 1
        return sizes

    def search_shard(self, pair: tuple[str, str]) -> str:
        """The base search index of a published article (story key, language)."""
        year = search_year(pair[1], self.index.articles[pair].date)
        return shard_of(year, output_file(self.paths[pair]), self._year_sizes[year])

    def search_shards(self, lang: str) -> tuple[str, ...]:
        """The search indexes of a language that hold pages, newest year first, undated last."""
        def newest_first(shard: str) -> tuple[int, int]:
            year, _, part = shard.rsplit("/", 1)[1].partition("-")
            return -int(year) if year.isdigit() else 1, int(part or 0)

        return tuple(sorted({self.search_shard((key, lang)) for key, _ in self.index.in_language(lang)}, key=newest_first))

    def stories_in(self, lang: str) -> list[tuple[str, Article]]:
        """Newest first; on a Hugo site pages with a weight come first, lightest first (Hugo's order)."""
        stories = newest_first(self.index.in_language(lang))
        if self.config.hugo is not None:
            stories.sort(key=lambda pair: (pair[1].weight == 0, pair[1].weight))  # stable: dates order the rest
        return stories

    def untranslated(self, lang: str) -> tuple[StoryCard, ...]:
        """Stories with no version in `lang`, each shown in the site's preferred language it has."""
        cards = []
        for key, story in self.index.stories.items():
            if lang in story.languages:
                continue
            shown = self.default_lang if self.default_lang in story.languages else self.story_languages(key)[0]
            cards.append((key, self.index.article(key, shown)))
        return tuple(self.card(key, article) for key, article in newest_first(cards))

    def sections_in(self, lang: str) -> dict[tuple[str, ...], tuple[Article | None, list[tuple[str, Article]]]]:
        """A Hugo site's sections in `lang` (folder parts -> its _index page, its stories newest
        first, those of sub-sections too): every top-level folder holding a page, and any
        folder with an _index file in the language. Other sites have no section pages."""
        if self.config.hugo is None:
            return {}
        stories = self.stories_in(lang)
        folders = {page_parts(article)[0][:1] for _, article in stories} | {
            tuple(folder.split("/")) for folder, section_lang in self.index.sections if section_lang == lang and folder}
        folders.discard(())
        taxonomies = set(self.config.hugo.taxonomies.values())
        folders = {folder for folder in folders if folder[0] not in taxonomies}  # a taxonomy's _index titles its page
        return {folder: (self.index.sections.get(("/".join(folder), lang)),
                         [(key, a) for key, a in stories if page_parts(a)[0][:len(folder)] == folder])
                for folder in sorted(folders)}

    def tags_in(self, lang: str) -> dict[str, tuple[str, list[tuple[str, Article]]]]:
        """Tag slug -> (the tag as first written, its stories newest first)."""
        return self.terms_in(lang, "tags")
