"""Groups the language versions of each story and gives every page a unique path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
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


@dataclass(frozen=True)
class Publishing:
    """Which articles a build publishes: by default none held back by their front matter
    (drafts, a publishDate to come, an expiryDate gone by, a page never rendered)."""

    now: dt.datetime | None = None  # None: dates hold nothing back
    drafts: bool = False
    future: bool = False
    expired: bool = False
    # Hugo's rule: a page dated in the future waits for its date. Elsewhere only publishDate
    # schedules: a scraped dateline read a few hours ahead must not hide a story.
    date_schedules: bool = False

    def publish_time(self, article: Article) -> dt.date | dt.datetime | None:
        return article.publish_date or (article.date if self.date_schedules else None)

    def holds_back(self, article: Article) -> bool:
        if not article.render or (article.draft and not self.drafts):
            return True
        if self.now is None:
            return False
        publish = self.publish_time(article)
        if publish is not None and not self.future and _utc(publish) > self.now:
            return True
        return article.expiry_date is not None and not self.expired and _utc(article.expiry_date) <= self.now

    def next_change(self, articles: Iterable[Article]) -> dt.datetime | None:
        """The first moment after now when an article comes out or expires: the build
        record expires then, so a scheduled story appears on the first build after it."""
        if self.now is None:
            return None
        moments = [_utc(when) for a in articles for when in (self.publish_time(a), a.expiry_date) if when is not None]
        return min((m for m in moments if m > self.now), default=None)


def _utc(when: dt.date | dt.datetime) -> dt.datetime:
    """A front matter date as a moment: a day starts at midnight, a time without zone is UTC."""
    moment = when if isinstance(when, dt.datetime) else dt.datetime.combine(when, dt.time.min)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def build_index(articles: Iterable[Article], publishing: Publishing = Publishing(),
                unique_slugs: bool = True) -> tuple[SiteIndex, list[Problem]]:
    """Index articles by (story, language); a second file for one pair is a problem.
    With `unique_slugs`, two stories of one slug in a language get '-2' (a Hugo site's URLs
    hold their folders, so there a clash is a path conflict, judged by pages.path_conflicts).

    Articles are taken in source-path order, so which file wins a conflict, and which of
    two stories keeps a shared slug, never depends on the file system's listing order.
    """
    problems: list[Problem] = []
    by_pair: dict[tuple[str, str], Article] = {}
    sections: dict[tuple[str, str], Article] = {}
    for article in sorted(articles, key=lambda a: str(a.source_path)):
        if publishing.holds_back(article):
            continue
        if article.kind == "section":
            sections.setdefault((section_folder(article), article.lang), article)
            continue
        if is_search_page(article):
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

    problems += _syndicated_copies(by_pair)
    languages = tuple(sorted({lang for _, lang in by_pair}))
    stories = {}
    for key, lang in by_pair:
        stories.setdefault(key, []).append(lang)
    slugs = _unique_slugs(by_pair, problems) if unique_slugs else {pair: a.slug for pair, a in by_pair.items()}
    return SiteIndex(
        articles=MappingProxyType(by_pair),
        stories=MappingProxyType({key: Story(key, tuple(sorted(langs))) for key, langs in stories.items()}),
        slugs=MappingProxyType(slugs),
        languages=languages,
        sections=MappingProxyType(sections),
    ), problems


def is_search_page(article: Article) -> bool:
    """A Hugo theme's search page (`layout: search`, or `type: search`): a page with no text of
    its own, for the theme's search script. newsroom's search page stands in for it."""
    params = dict(article.params)
    return "search" in (str(params.get("layout", "")).lower(), str(params.get("type", "")).lower()) and not article.summary


def section_folder(article: Article) -> str:
    """The content folder a section page describes, or holds a page: 'docs/guide' ('' at the top)."""
    folder = PurePosixPath(article.content_path).parent.as_posix()
    return "" if folder == "." else folder


SYNDICATION_MIN_CHARS = 80


def _syndicated_copies(by_pair: dict[tuple[str, str], Article]) -> list[Problem]:
    """Two stories that open with the same text in one language: a copy published under
    another source URL. Both stay, with a warning, unless one names the other canonical.
    Pages that name no source (a Hugo site's placeholder pages) are no copies of anything."""
    seen: dict[tuple[str, str], Article] = {}
    problems = []
    for (key, lang), article in by_pair.items():
        lead = " ".join(article.summary.casefold().split())
        if len(lead) < SYNDICATION_MIN_CHARS or not article.source_url:
            continue
        first = seen.setdefault((lang, lead), article)
        if first is not article and not (article.canonical or first.canonical):
            problems.append(Problem(article.source_path, f"the same text as {first.source_path} under another source URL "
                                    "(a syndicated copy?)", "set canonical: in the copy's front matter to the URL that "
                                    "should rank, or give both one translation_key if they are one story", warning=True))
    return problems


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
