"""Grouping translations into stories, URL normalisation and unique paths."""

from pathlib import Path

import pytest
from helpers import write_sources

from newsroom.grouping import build_index, story_key
from newsroom.model import Article, Paragraph
from newsroom.rebuild import read_all
from newsroom.urls import normalise_source_url


@pytest.mark.parametrize("a, b", [
    ("https://Example.COM/news/a", "https://example.com/news/a/"),
    ("http://example.com/news/a", "https://www.example.com/news/a"),
    ("https://example.com/news/a#comments", "https://example.com/news/a"),
    ("https://example.com/news/a?utm_source=x&utm_medium=y", "https://example.com/news/a"),
    ("https://example.com/news/a?id=3&fbclid=zz&gclid=1", "https://example.com/news/a?id=3"),
    ("https://example.com:443/news/a?b=2&a=1", "https://example.com/news/a?a=1&b=2"),
])
def test_same_article_urls_normalise_alike(a, b):
    assert normalise_source_url(a) == normalise_source_url(b)


@pytest.mark.parametrize("a, b", [
    ("https://example.com/news/a", "https://example.com/news/b"),
    ("https://example.com/News/a", "https://example.com/news/a"),
    ("https://example.com/news?id=1", "https://example.com/news?id=2"),
    ("https://example.com/a", "https://example.org/a"),
])
def test_different_articles_stay_apart(a, b):
    assert normalise_source_url(a) != normalise_source_url(b)


def _article(path: str, lang: str, slug: str = "s", **fields) -> Article:
    return Article(lang=lang, title=slug, slug=slug, blocks=(Paragraph("x"),), source_path=Path(path), **fields)


def test_key_precedence_translation_key_then_url_then_stem():
    assert story_key(_article("a.md", "fr", translation_key="k", source_url="https://e.com/a", stem_key="file:a")) == "key:k"
    assert story_key(_article("a.md", "fr", source_url="https://e.com/a/", stem_key="file:a")) == "url:https://e.com/a"
    assert story_key(_article("a.md", "fr", stem_key="file:a")) == "file:a"


def test_seeds_form_one_story_in_two_languages():
    from helpers import SEEDS

    articles, problems = read_all(SEEDS)
    index, conflicts = build_index(articles)
    assert not problems and not conflicts
    assert len(index.stories) == 1
    (story,) = index.stories.values()
    assert story.languages == ("fr", "id")


def test_same_story_and_language_twice_names_both_files(content):
    write_sources(content, {
        "a.txt": "Le premier texte de l'article est ici.\nSource: https://example.com/x\n",
        "b.txt": "Un autre texte de l'article est là.\nSource: https://EXAMPLE.com/x/?utm_source=y\n",
    })
    articles, _ = read_all(content)
    _, conflicts = build_index(articles)
    (problem,) = conflicts
    assert problem.path.name == "b.txt" and "a.txt" in problem.message


def test_two_stories_with_one_slug_get_distinct_paths():
    index, problems = build_index([
        _article("one.md", "en", "breaking-news", stem_key="file:one"),
        _article("two.md", "en", "breaking-news", stem_key="file:two"),
        _article("three.md", "fr", "breaking-news", stem_key="file:three"),
    ])
    (warning,) = problems
    assert warning.warning and warning.path.name == "two.md" and "one.md" in warning.message
    assert "/breaking-news-2/" in warning.message
    assert sorted(index.slugs.values()) == ["breaking-news", "breaking-news", "breaking-news-2"]
    assert index.slugs[("file:one", "en")] == "breaking-news"
    assert index.slugs[("file:three", "fr")] == "breaking-news"


def test_drafts_are_left_out():
    index, _ = build_index([_article("d.md", "en", draft=True, stem_key="file:d")])
    assert not index.articles


def test_publish_dates_schedule_and_expire_and_only_hugo_sites_schedule_by_date():
    import datetime as dt

    from newsroom.grouping import Publishing

    now = dt.datetime(2026, 6, 1, 12, tzinfo=dt.timezone.utc)
    later, earlier = dt.date(2026, 6, 2), dt.date(2026, 5, 1)
    articles = [_article("dated.md", "en", stem_key="file:dated", date=later),
                _article("scheduled.md", "en", stem_key="file:scheduled", publish_date=later),
                _article("expired.md", "en", stem_key="file:expired", expiry_date=earlier),
                _article("never.md", "en", stem_key="file:never", render=False)]
    native, _ = build_index(articles, Publishing(now))
    assert sorted(a.source_path.name for a in native.articles.values()) == ["dated.md"]  # a dateline ahead stays
    hugo, _ = build_index(articles, Publishing(now, date_schedules=True))
    assert not hugo.articles
    previews, _ = build_index(articles, Publishing(now, future=True, expired=True, date_schedules=True))
    assert sorted(a.source_path.name for a in previews.articles.values()) == ["dated.md", "expired.md", "scheduled.md"]
    assert Publishing(now, date_schedules=True).next_change(articles) == dt.datetime(2026, 6, 2, tzinfo=dt.timezone.utc)


def test_syndicated_copies_stay_apart_with_a_warning_unless_one_names_the_canonical(content):
    from helpers import build, parse, write_sources

    lead = "The regional parliament approved the new budget on Tuesday after a debate that lasted late into the night."
    write_sources(content, {
        "a.en.md": f"---\ntitle: Budget approved\nsource: https://wire.example/a\n---\n{lead}\n",
        "b.en.md": f"---\ntitle: Parliament passes budget\nsource: https://paper.example/b\n---\n{lead}\n",
    })
    report = build(content, content.parent / "site")
    (warning,) = [p for p in report.problems if "syndicated" in p.message]
    assert warning.warning and str(warning.path).endswith("b.en.md") and "a.en.md" in warning.message
    assert report.articles == 2
    (content / "b.en.md").write_text(f"---\ntitle: Parliament passes budget\nsource: https://paper.example/b\n"
                                     f"canonical: https://wire.example/a\n---\n{lead}\n", encoding="utf-8")
    report = build(content, content.parent / "site")
    assert not [p for p in report.problems if "syndicated" in p.message]
    page = parse(content.parent / "site" / "en" / "parliament-passes-budget" / "index.html")
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://wire.example/a"]
    sitemap = (content.parent / "site" / "sitemap.xml").read_text()
    assert "parliament-passes-budget" not in sitemap and "budget-approved" in sitemap
