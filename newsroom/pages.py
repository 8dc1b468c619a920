"""Which pages the site has, and the head data (canonical, hreflang, Open Graph, JSON-LD) of each."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .errors import Problem
from .languages import og_locale
from .search_plan import changes_shard, language_of
from .theme import Theme
from .desk_pages import comparison_pages, desk_page
from .views import ArticleView, SiteViews, TagLink, search_bundle_path
from .page_spec import Alternate, BodyRef, PageMeta, PageSpec, Pagination, with_blocks  # noqa: F401  (pages' public face)

NOT_FOUND_PATH = "/404.html"


def story_pages(views: SiteViews, key: str) -> Iterator[PageSpec]:
    """The language versions of one story: they read that story and nothing else of the site."""
    for lang in views.index.stories[key].languages:
        article = views.index.article(key, lang)
        body_key = views.body_keys.get(article.source_path, "") if not article.blocks else ""
        yield _article(views, views.article(article), BodyRef(body_key, article.source_path) if body_key else None)
    if views.config.desk_pages and views.config.hugo is None:
        yield from comparison_pages(views, key)


def listing_pages(views: SiteViews) -> Iterator[PageSpec]:
    """Every page but the stories': these read the outline of every article."""
    sections = {lang: views.sections_in(lang) for lang in views.languages}
    default_root = views.site_paths.root(views.default_lang)
    if views.config.hugo is None:
        yield _home(views)
    elif default_root == "/":  # a Hugo site's default language at '/': its '/en/' sends readers there
        yield _redirect(views, views.default_lang, "/", f"/{views.site_paths.segment(views.default_lang)}/")
    else:  # every language in its folder: '/' sends readers to the default one's, as Hugo's does
        yield _redirect(views, views.default_lang, default_root, "/")
    yield from _alias_pages(views)
    for lang in views.languages:
        yield from _language_indexes(views, lang)
        yield from _tag_pages(views, lang)
        yield from _taxonomy_pages(views, lang)
        yield from _section_pages(views, lang, sections)
        yield from _author_pages(views, lang)
        yield _search(views, lang)
    if views.config.desk_pages and views.config.hugo is None:
        yield desk_page(views)
    yield PageSpec(NOT_FOUND_PATH, "404.html", views.default_lang,
                   PageMeta(canonical=views.config.absolute(NOT_FOUND_PATH), indexable=False,
                            search_url=_search_url(views, views.default_lang)),
                   {"languages": views.language_links()})


def alias_paths(views: SiteViews) -> Iterator[tuple[str, str, str, Path]]:
    """(alias path, the page it redirects to, language, source) of every article's aliases."""
    for pair, article in views.index.articles.items():
        target = views.paths[pair]
        for alias in article.aliases:
            yield views.site_paths.alias(alias, target, pair[1]), target, pair[1], article.source_path


def _alias_pages(views: SiteViews) -> Iterator[PageSpec]:
    for path, target, lang, _ in alias_paths(views):
        yield _redirect(views, lang, target, path)


def _redirect(views: SiteViews, lang: str, target: str, path: str) -> PageSpec:
    """A page that sends readers and search engines on to `target`: a page's old address."""
    meta = PageMeta(canonical=views.config.absolute(target), indexable=False, listed=False)
    return PageSpec(path, "alias.html", lang, meta, {"target": views.link(target)})


def path_conflicts(views: SiteViews) -> list[Problem]:
    """Two pages at one path, or a page at a path newsroom's own pages need (a language's
    search, tags, feed): an error naming both, never one page silently replacing another."""
    claims = [(path, pair[1], views.index.articles[pair].source_path, "the page") for pair, path in views.paths.items()]
    claims += [(path, lang, source, "an alias") for path, _, lang, source in alias_paths(views)]
    taken: dict[str, str] = {}
    problems = []
    for path, lang, source, what in claims:
        reserved = next((r for r in (views.site_paths.reserved_by(path, other) for other in views.languages) if r), "")
        if reserved:
            problems.append(Problem(source, f"{what} at {path} takes the path newsroom's page {reserved} needs",
                                    "give it another slug, url or alias in its front matter"))
        elif path in taken:
            problems.append(Problem(source, f"{what} at {path} takes the path of {taken[path]}",
                                    "give one of them another slug, url or alias"))
        taken.setdefault(path, f"{what} in {source}")
    return problems


def body_problems(views: SiteViews, theme: Theme) -> list[Problem]:
    """Warnings about what bodies call: a shortcode the theme has no template for (it
    renders its inner content), a ref or relref naming no page of its language."""
    problems = []
    known: dict[str, bool] = {}
    for article in views.index.articles.values():
        links = dict(views.resolved_links(article)) if any(target for _, _, target in article.shortcodes) else {}
        for name, line, target in article.shortcodes:
            if name not in known:
                known[name] = theme.has_template(f"shortcodes/{name}.html")
            if not known[name]:
                problems.append(Problem(article.source_path, f"unknown shortcode {name!r}: its inner content is shown",
                                        f"add templates/shortcodes/{name}.html", line, warning=True))
            elif target and target not in links:
                problems.append(Problem(article.source_path, f"{name} {target!r} names no page in {article.lang}",
                                        "give the path of a page of the site, e.g. posts/a.md", line, warning=True))
    return problems


def _common(views: SiteViews, lang: str, path: str, **meta: Any) -> PageMeta:
    meta.setdefault("canonical", views.config.absolute(path))
    return PageMeta(feed_url=views.link(views.site_paths.feed(lang)),
                    og_locale=og_locale(lang), search_url=_search_url(views, lang), **meta)


def _search_url(views: SiteViews, lang: str) -> str:
    return views.link(views.site_paths.search(lang)) if lang in views.languages else ""


def _home(views: SiteViews) -> PageSpec:
    sections = [
        (link, tuple(views.card(key, a) for key, a in views.stories_in(link.lang)[:views.config.home_stories]))
        for link in views.language_links()
    ]
    alternates = tuple(Alternate(lang, views.config.absolute(views.site_paths.language(lang))) for lang in views.languages)
    if len(alternates) > 1:
        alternates += (Alternate("x-default", views.config.absolute("/")),)
    else:
        alternates = ()
    meta = PageMeta(canonical=views.config.absolute("/"), alternates=alternates, og_locale=og_locale(views.default_lang),
                    search_url=_search_url(views, views.default_lang))
    return PageSpec("/", "home.html", views.default_lang, meta, {"sections": sections, "languages": views.language_links()})


def _language_indexes(views: SiteViews, lang: str) -> Iterator[PageSpec]:
    stories = views.stories_in(lang)
    size = views.config.page_size
    count = max(1, math.ceil(len(stories) / size))
    untranslated = views.untranslated(lang) if views.config.list_untranslated else ()
    for number in range(1, count + 1):
        path = views.site_paths.language(lang, number)
        prev_url = views.link(views.site_paths.language(lang, number - 1)) if number > 1 else ""
        next_url = views.link(views.site_paths.language(lang, number + 1)) if number < count else ""
        alternates = ()
        if number == 1 and len(views.languages) > 1:
            alternates = tuple(Alternate(other, views.config.absolute(views.site_paths.language(other))) for other in views.languages)
            alternates += (Alternate("x-default", views.config.absolute("/")),)
        meta = _common(views, lang, path, alternates=alternates, prev_url=prev_url, next_url=next_url)
        page_of = {other: views.site_paths.language(other) for other in views.languages}
        yield PageSpec(path, "language_index.html", lang, meta, {
            "stories": tuple(views.card(key, a) for key, a in stories[(number - 1) * size: number * size]),
            "pagination": Pagination(number, count, prev_url, next_url),
            "untranslated": untranslated if number == 1 else (),
            "tags_url": views.link(views.site_paths.tags(lang)),
            "search_url": views.link(views.site_paths.search(lang)),
            "languages": views.language_links(current=lang, page_of=page_of),
        })


def _tag_pages(views: SiteViews, lang: str) -> Iterator[PageSpec]:
    tags = views.tags_in(lang)
    links = tuple(TagLink(name, views.link(views.term_path(lang, "tags", slug)), len(stories)) for slug, (name, stories) in tags.items())
    yield PageSpec(views.site_paths.tags(lang), "tags.html", lang, _common(views, lang, views.site_paths.tags(lang)),
                   {"tags": links, "languages": views.language_links()})
    for slug, (name, stories) in tags.items():
        path = views.term_path(lang, "tags", slug)
        yield PageSpec(path, "tag.html", lang, _common(views, lang, path), {
            "tag": name, "stories": tuple(views.card(key, a) for key, a in stories), "languages": views.language_links(),
        })


def _taxonomy_pages(views: SiteViews, lang: str) -> Iterator[PageSpec]:
    """A Hugo site's other taxonomies (categories, …): the list of terms, even when empty
    (as Hugo publishes it), and each term's stories."""
    for plural in views.taxonomies():
        title = views.taxonomy_title(plural, lang)
        terms = views.terms_in(lang, plural)
        path = views.site_paths.taxonomy(lang, plural)
        links = tuple(TagLink(name, views.link(views.term_path(lang, plural, slug)), len(stories))
                      for slug, (name, stories) in terms.items())
        yield PageSpec(path, "taxonomy.html", lang, _common(views, lang, path),
                       {"taxonomy": title, "terms": links, "languages": views.language_links()})
        for slug, (name, stories) in terms.items():
            term_path = views.term_path(lang, plural, slug)
            yield PageSpec(term_path, "term.html", lang, _common(views, lang, term_path), {
                "taxonomy": title, "term": name, "taxonomy_url": views.link(path),
                "stories": tuple(views.card(key, a) for key, a in stories), "languages": views.language_links(),
            })


def _section_pages(views: SiteViews, lang: str, sections: Mapping[str, Mapping[tuple[str, ...], Any]]) -> Iterator[PageSpec]:
    """A Hugo site's section lists ('/docs/'), linked to the same section in other languages
    (`sections`: every language's, from SiteViews.sections_in)."""
    for folders, (own, stories) in sections[lang].items():
        path = views.site_paths.section(lang, folders)
        present = [other for other in views.languages if folders in sections[other]]
        alternates = tuple(Alternate(other, views.config.absolute(views.site_paths.section(other, folders)))
                           for other in present) if len(present) > 1 else ()
        title = views.section_title(folders, own)
        page_of = {other: views.site_paths.section(other, folders) for other in present}
        yield PageSpec(path, "section.html", lang, _common(views, lang, path, alternates=alternates,
                                                            description=views.describe(own.summary) if own else ""), {
            "title": title, "intro": own.summary if own is not None else "",
            "stories": tuple(views.card(key, a) for key, a in stories),
            "languages": views.language_links(current=lang, page_of=page_of),
        })


def _author_pages(views: SiteViews, lang: str) -> Iterator[PageSpec]:
    for name, stories in views.authors_in(lang).values():
        path = views.site_paths.author(lang, name)
        yield PageSpec(path, "author.html", lang, _common(views, lang, path), {
            "author": name, "stories": tuple(views.card(key, a) for key, a in stories), "languages": views.language_links(),
        })


def _search(views: SiteViews, lang: str) -> PageSpec:
    path = views.site_paths.search(lang)
    shards = views.search_shards(lang)
    bundles = tuple(views.link(search_bundle_path(shard)) for shard in shards)
    changes = views.link(search_bundle_path(changes_shard(language_of(shards[0])))) if shards else ""
    return PageSpec(path, "search.html", lang, _common(views, lang, path, indexable=False),
                    {"languages": views.language_links(), "search_bundles": bundles, "search_changes": changes})


def _article(views: SiteViews, article: ArticleView, body: BodyRef | None) -> PageSpec:
    config = views.config
    path = views.paths[(article.key, article.lang)]
    alternates: tuple[Alternate, ...] = ()
    others = tuple(t for t in article.translations if not t.current)
    if others:
        alternates = tuple(Alternate(t.lang, config.absolute(views.paths[(article.key, t.lang)])) for t in article.translations)
        alternates += (Alternate("x-default", config.absolute(views.paths[(article.key, article.x_default_lang)])),)
    meta = _common(
        views, article.lang, path, **({"canonical": article.canonical, "listed": False} if article.canonical else {}),
        description=views.describe(article.summary),
        alternates=alternates,
        og_type="article",
        og_locale_alternates=tuple(og_locale(t.lang) for t in others),
        json_ld=_news_article(views, article, path),
        image=_absolute_image(views, article.image, path),
        lastmod=article.date_iso or article.modified_iso,
    )
    return PageSpec(path, "article.html", article.lang, meta, {"article": article, "languages": views.language_links()},
                    body)


def _absolute_image(views: SiteViews, image: str, page_path: str) -> str:
    """Cards and structured data need absolute image URLs; sources may give site paths, or
    (a Hugo page bundle) a path beside the page."""
    if not image or "://" in image:
        return image
    return views.config.absolute(image if image.startswith("/") else page_path + image)


def _news_article(views: SiteViews, article: ArticleView, path: str) -> dict[str, Any]:
    """schema.org NewsArticle; the language versions point at each other by URL."""
    config = views.config
    url = config.absolute(path)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.title[:110],
        "inLanguage": article.lang,
        "description": views.describe(article.summary),
        "publisher": {"@type": "Organization", "name": config.title_for(article.lang)},
    }
    if article.date_iso:
        data["datePublished"] = article.date_iso
    modified = article.updated_iso or article.date_iso or article.modified_iso
    if modified:
        data["dateModified"] = modified
    if article.authors:
        data["author"] = [{"@type": "Person", "name": author.name,
                           "url": config.absolute(author.path)}
                          for author in article.authors]
    if article.image:
        data["image"] = _absolute_image(views, article.image, path)
    original = article.original
    if article.source_url:  # the page the story was published on
        data["isBasedOn"] = {"@type": "CreativeWork", "@id": article.source_url, "url": article.source_url}
        if original is not None:
            data["isBasedOn"]["inLanguage"] = original.lang
    if original is not None:  # a translation: of its original here, else of the news site's page
        url = config.absolute(views.paths[(article.key, original.lang)]) if original.url else original.site_url
        data["translationOfWork"] = {"@type": "NewsArticle" if original.url else "CreativeWork", "@id": url, "url": url,
                                     "inLanguage": original.lang}
    others = [t for t in article.translations if not t.current]
    if others:
        data["workTranslation"] = [
            {"@type": "NewsArticle", "@id": config.absolute(views.paths[(article.key, t.lang)]), "inLanguage": t.lang}
            for t in others
        ]
    return data
