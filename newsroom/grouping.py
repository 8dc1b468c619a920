"""Groups the language versions of each story and gives every page a unique path."""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from .errors import Problem
from .model import Article, SiteIndex, Story
from .urls import normalise_source_url


def story_key(article: Article) -> str:
    """Explicit translation_key, else the original article's URL, else the file stem."""
    if article.translation_key:
        return f"key:{article.translation_key}"
    if article.source_url:
        return f"url:{normalise_source_url(article.source_url)}"
    return article.stem_key


def build_index(articles: Iterable[Article]) -> tuple[SiteIndex, list[Problem]]:
    """Index articles by (story, language); a second file for one pair is a problem.

    Articles are taken in source-path order, so which file wins a conflict, and which of
    two stories keeps a shared slug, never depends on the file system's listing order.
    """
    problems: list[Problem] = []
    by_pair: dict[tuple[str, str], Article] = {}
    for article in sorted(articles, key=lambda a: str(a.source_path)):
        if article.draft:
            continue
        pair = (story_key(article), article.lang)
        if pair in by_pair:
            first = by_pair[pair].source_path
            problems.append(Problem(
                article.source_path,
                f"a second {article.lang} version of the story already in {first}",
                "give one of them a different lang or translation_key, or delete one",
            ))
            continue
        by_pair[pair] = article

    languages = tuple(sorted({lang for _, lang in by_pair}))
    stories = {}
    for key, lang in by_pair:
        stories.setdefault(key, []).append(lang)
    slugs = _unique_slugs(by_pair, problems)
    return SiteIndex(
        articles=MappingProxyType(by_pair),
        stories=MappingProxyType({key: Story(key, tuple(sorted(langs))) for key, langs in stories.items()}),
        slugs=MappingProxyType(slugs),
        languages=languages,
    ), problems


def _unique_slugs(by_pair: dict[tuple[str, str], Article], problems: list[Problem]) -> dict[tuple[str, str], str]:
    """Two stories whose titles give one slug in one language get '-2', '-3', ... and a warning."""
    taken: dict[tuple[str, str], Article] = {}
    slugs = {}
    for pair, article in by_pair.items():
        lang = pair[1]
        slug, n = article.slug, 1
        while (lang, slug) in taken:
            n += 1
            slug = f"{article.slug}-{n}"
        if n > 1:
            first = taken[(lang, article.slug)].source_path
            problems.append(Problem(article.source_path, f"the {lang} path /{article.slug}/ is taken by {first}; "
                                    f"published at /{slug}/", "set another slug in its front matter", warning=True))
        taken[(lang, slug)] = article
        slugs[pair] = slug
    return slugs
