"""What a news site publishes besides pages: feeds, sitemaps, structured data, tags, search pages."""

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import pytest
import xmlschema
from helpers import FIXTURES, REPO, build, html_pages, page_for_url, parse, write_sources

from newsroom.config import load_config
from newsroom.errors import SourceError

SITEMAP_XSD = REPO / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
EXTENSION_XSDS = REPO / "tests" / "schemas"


def articles(site: Path) -> list[Path]:
    return [p for p in html_pages(site) if parse(p).xpath("//article[contains(@class, 'story')]")]


def lang_of(site: Path, page: Path) -> str:
    return page.relative_to(site).parts[0]


# --- configuration -------------------------------------------------------------------

def test_no_config_file_gives_defaults(tmp_path):
    config = load_config(tmp_path / "site.toml")
    assert config.base_url == "http://localhost:8000/" and config.page_size == 10


@pytest.mark.parametrize("text, key, line", [
    ('base_url = "https://x.org/"\npage_sise = 3\n', "page_sise", 2),
    ('page_size = "ten"\n', "page_size", 1),
    ('page_size = 0\n', "page_size", 1),
    ('base_url = "ftp://x.org/"\n', "base_url", 1),
    ('default_language = "klingon"\n', "default_language", 1),
    ('list_untranslated = "yes"\n', "list_untranslated", 1),
    ('home_stories = true\n', "home_stories", 1),
    ('feed_entries = 0\n', "feed_entries", 1),
    ('[permalinks]\narticle = "/{year}/{slug}/"\n', "permalinks", 1),
    ('[permalinks]\narticle = "/{lang}/{author}/{slug}/"\n', "permalinks", 1),
    ('[permalinks]\narticle = "/{lang}/../{slug}/"\n', "permalinks", 1),
    ('[permalinks]\ntag = "/{lang}/t/"\n', "permalinks", 1),
    ('title = "x"\n[csp]\nscript-src = ["https://a.example\\" onload=x"]\n', "csp", 2),
    ('[csp]\n"script src" = ["https://a.example"]\n', "csp", 1),
    ('extra = 3\n', "extra", 1),
])
def test_bad_config_names_the_key_and_line(tmp_path, text, key, line):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_config(path)
    assert caught.value.problem.line == line
    assert str(caught.value.problem).startswith(f"error: {path}:{line}: {key}:")


def test_bad_config_is_one_line_from_the_cli(tmp_path):
    from helpers import SEEDS, run_cli
    import shutil

    shutil.copytree(SEEDS, tmp_path / "content")
    (tmp_path / "site.toml").write_text("titel = 'x'\n", encoding="utf-8")
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == "error: site.toml:1: titel: unknown key (did you mean 'title'?)"


def test_site_titles_per_language(multilingual_site):
    assert parse(multilingual_site / "fr" / "index.html").xpath("//a[@class='site-title']/text()") == ["Le Temps d’Exemple"]
    assert parse(multilingual_site / "ar" / "index.html").xpath("//a[@class='site-title']/text()") == ["صحيفة المثال"]


# --- feeds -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr", "ar", "vi"])
def test_atom_feed_per_language(multilingual_site, lang):
    feed = feedparser.parse((multilingual_site / lang / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    listed = {entry.link for entry in feed.entries}
    pages = {f"https://news.example.org/{p.relative_to(multilingual_site).parent.as_posix()}/"
             for p in articles(multilingual_site) if lang_of(multilingual_site, p) == lang}
    assert listed == pages
    for entry in feed.entries:
        assert entry.title and entry.summary and entry.updated
        related = [link.href for link in entry.links if link.rel == "related"]
        page = parse(page_for_url(multilingual_site, entry.link))
        assert related == page.xpath("//p[@class='source-link']/a[contains(@rel, 'external')]/@href")


def test_feed_autodiscovery_on_that_languages_pages(multilingual_site):
    for page in articles(multilingual_site):
        lang = lang_of(multilingual_site, page)
        feeds = parse(page).xpath("//head/link[@type='application/atom+xml']/@href")
        assert feeds == [f"/{lang}/feed.xml"]
        assert (multilingual_site / lang / "feed.xml").is_file()


# --- sitemaps ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sitemap_schema():
    from helpers import require_tool

    require_tool(SITEMAP_XSD, "npm install (the sitemap package ships sitemaps.org's sitemap.xsd)")
    schema = xmlschema.XMLSchema(SITEMAP_XSD)
    schema.import_schema("http://www.w3.org/1999/xhtml", str(EXTENSION_XSDS / "xhtml-link.xsd"))
    schema.import_schema("http://www.google.com/schemas/sitemap-news/0.9", str(EXTENSION_XSDS / "sitemap-news.xsd"))
    schema.build()
    return schema


@pytest.mark.parametrize("name", ["seed_site", "multilingual_site", "unicode_site"])
def test_sitemaps_are_valid(name, request, sitemap_schema):
    site = request.getfixturevalue(name)
    sitemap_schema.validate(str(site / "sitemap.xml"))
    if (site / "news-sitemap.xml").exists():
        sitemap_schema.validate(str(site / "news-sitemap.xml"))


def test_invalid_sitemap_is_caught_by_the_schema(tmp_path, sitemap_schema):
    bad = tmp_path / "bad.xml"
    bad.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>x</lastmod></url></urlset>')
    assert not sitemap_schema.is_valid(str(bad))


def _sitemap_entries(site: Path) -> dict[str, dict[str, str]]:
    from lxml import etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = etree.parse(str(site / "sitemap.xml"))
    return {
        url.findtext("s:loc", namespaces=ns): {l.get("hreflang"): l.get("href") for l in url.findall("x:link", ns)}
        for url in tree.findall("s:url", ns)
    }


def test_sitemap_lists_every_indexable_page_with_its_hreflang(multilingual_site):
    entries = _sitemap_entries(multilingual_site)
    for page in html_pages(multilingual_site):
        doc = parse(page)
        if doc.xpath("//meta[@name='robots'][@content='noindex']") or "pagefind" in page.parts:
            continue
        canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
        assert canonical in entries, page
        in_page = {l.get("hreflang"): l.get("href") for l in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}
        assert entries[canonical] == in_page
        for lang, href in in_page.items():
            if lang != "x-default":
                assert entries[href] == in_page, f"{canonical} and {href} are not reciprocal"


def test_news_sitemap_keeps_the_last_two_days(tmp_path, monkeypatch):
    content = write_sources(tmp_path / "content", {
        "new.en.md": "---\ntitle: Fresh\ndate: 2026-11-20T08:00:00Z\n---\nFresh news today.\n",
        "old.en.md": "---\ntitle: Stale\ndate: 2026-11-10\n---\nOld news.\n",
    })
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc).timestamp())))
    build(content, tmp_path / "site")
    from lxml import etree

    tree = etree.parse(str(tmp_path / "site" / "news-sitemap.xml"))
    titles = tree.xpath("//n:title/text()", namespaces={"n": "http://www.google.com/schemas/sitemap-news/0.9"})
    assert titles == ["Fresh"]
    assert "news-sitemap.xml" in (tmp_path / "site" / "robots.txt").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 30, tzinfo=dt.timezone.utc).timestamp())))
    build(content, tmp_path / "site")
    assert not (tmp_path / "site" / "news-sitemap.xml").exists()
    assert "news-sitemap.xml" not in (tmp_path / "site" / "robots.txt").read_text()


def test_robots_txt_points_at_the_sitemaps(multilingual_site):
    lines = (multilingual_site / "robots.txt").read_text().splitlines()
    assert "Sitemap: https://news.example.org/sitemap.xml" in lines


# --- structured data and social cards ------------------------------------------------------

def _json_ld(doc) -> dict:
    (block,) = doc.xpath("//script[@type='application/ld+json']/text()")
    return json.loads(block)


def test_news_article_json_ld_links_the_language_versions(multilingual_site):
    pages = {parse(p).xpath("//link[@rel='canonical']/@href")[0]: parse(p) for p in articles(multilingual_site)}
    for url, doc in pages.items():
        data = _json_ld(doc)
        assert data["@type"] == "NewsArticle" and data["@context"] == "https://schema.org"
        assert data["url"] == url and data["inLanguage"] == doc.get("lang")
        assert data["headline"] == doc.xpath("//h1/text()")[0][:110]
        assert data["description"] == doc.xpath("//meta[@name='description']/@content")[0]
        source = doc.xpath("//p[@class='source-link']/a[contains(@rel, 'external')]/@href")
        assert (data["isBasedOn"]["url"] if "isBasedOn" in data else None) == (source[0] if source else None)
        original = doc.xpath("//p[@class='source-link']/a[@hreflang]")
        if original:  # a translation whose original is here: it names it, in its language
            work = data["translationOfWork"]
            assert work["url"].endswith(original[0].get("href")) and work["inLanguage"] == original[0].get("hreflang")
            assert data.get("isBasedOn", work)["inLanguage"] == work["inLanguage"]
        translations = {t["@id"] for t in data.get("workTranslation", [])}
        in_switcher = {l.replace("/", "https://news.example.org/", 1) for l in
                       doc.xpath("//nav[contains(@class,'language-switcher')]//a[not(@aria-current)]/@href")}
        assert translations == in_switcher
        for other in translations:
            back = {t["@id"] for t in _json_ld(pages[other]).get("workTranslation", [])}
            assert url in back
    dated = _json_ld(pages["https://news.example.org/en/parliament-approves-the-new-electoral-law/"])
    assert dated["datePublished"] == "2026-11-18"


def test_open_graph_and_twitter_cards(multilingual_site):
    doc = parse(multilingual_site / "en" / "parliament-approves-the-new-electoral-law" / "index.html")
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert og["og:type"] == "article"
    assert og["og:url"] == "https://news.example.org/en/parliament-approves-the-new-electoral-law/"
    assert og["og:locale"] == "en_US"
    assert sorted(m.get("content") for m in doc.xpath("//meta[@property='og:locale:alternate']")) == ["ar_EG", "fr_FR", "vi_VN"]
    assert og["og:description"] == "Lawmakers passed the reform by a wide margin after a week of debate."
    twitter = {m.get("name"): m.get("content") for m in doc.xpath("//meta[starts-with(@name, 'twitter:')]")}
    assert twitter["twitter:card"] == "summary" and twitter["twitter:title"].startswith("Parliament approves")


def test_json_ld_cannot_be_broken_out_of(tmp_path):
    content = write_sources(tmp_path / "content", {
        "x.en.md": "---\ntitle: \"</script><script>alert(1)</script>\"\nsummary: \"<!-- </script>\"\n---\nText.\n"})
    build(content, tmp_path / "site")
    (page,) = articles(tmp_path / "site")
    raw = page.read_text()
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert _json_ld(parse(page))["headline"] == "</script><script>alert(1)</script>"


# --- tags, pagination, untranslated, 404, favicon -------------------------------------------

def test_tags_per_language(multilingual_site):
    doc = parse(multilingual_site / "en" / "tags" / "politics" / "index.html")
    assert doc.get("lang") == "en"
    assert doc.xpath("//main//h2/a/text()") == ["Parliament approves the new electoral law"]
    fr = parse(multilingual_site / "fr" / "tags" / "elections" / "index.html")
    assert fr.xpath("//h1/text()") == ["Articles avec le mot-clé « élections »"]
    index = parse(multilingual_site / "en" / "tags" / "index.html")
    assert index.xpath("//ul[@class='tag-list']/li/a/text()") == ["economy", "elections", "politics"]
    article = parse(multilingual_site / "en" / "markets-rally-as-inflation-cools" / "index.html")
    assert article.xpath("//ul[@class='tags']//a/@href") == ["/en/tags/economy/"]


def test_language_index_pages_link_prev_and_next(multilingual_site):
    first = parse(multilingual_site / "en" / "index.html")
    second = parse(multilingual_site / "en" / "page" / "2" / "index.html")
    assert first.xpath("//head/link[@rel='next']/@href") == ["/en/page/2/"]
    assert not first.xpath("//head/link[@rel='prev']")
    assert second.xpath("//head/link[@rel='prev']/@href") == ["/en/"]
    assert not second.xpath("//head/link[@rel='next']")
    assert not (multilingual_site / "en" / "page" / "3").exists()


def test_untranslated_stories_are_listed_with_their_true_language(multilingual_site):
    doc = parse(multilingual_site / "vi" / "index.html")
    (block,) = doc.xpath("//section[@class='untranslated']")
    items = block.xpath(".//li")
    assert {li.get("lang") for li in items} == {"en"}
    titles = sorted(li.xpath("a/text()")[0] for li in items)
    assert titles == ["A guide to the city's new bus lines", "Harbour reopens after the storm", "Markets rally as inflation cools"]
    for li in items:
        assert li.xpath("span[@class='only-in']/@lang") == ["vi"]
    hreflang_targets = set(doc.xpath("//head/link[@hreflang]/@href"))
    assert not hreflang_targets & {f"https://news.example.org{h}" for h in block.xpath(".//a/@href")}


def test_untranslated_listing_is_off_by_default(seed_site):
    assert not parse(seed_site / "fr" / "index.html").xpath("//section[@class='untranslated']")


def test_not_found_page_and_favicon(multilingual_site):
    doc = parse(multilingual_site / "404.html")
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert len(doc.xpath("//main//li/a")) == 4
    for page in html_pages(multilingual_site):
        if "pagefind" in page.parts:
            continue
        assert parse(page).xpath("//link[@rel='icon']/@href") == ["/static/favicon.svg"]
    assert (multilingual_site / "static" / "favicon.svg").is_file()


def test_search_page_per_language_reachable_from_every_page(multilingual_site):
    for page in html_pages(multilingual_site):
        if "pagefind" in page.parts:
            continue
        (search,) = parse(page).xpath("//a[@class='search-link']/@href")
        target = page_for_url(multilingual_site, search)
        assert parse(target).get("lang") == search.split("/")[1]
    for lang in ("ar", "en", "fr", "vi"):
        search_page = parse(multilingual_site / lang / "search" / "index.html")
        (bundles,) = search_page.xpath("//form[@role='search']/@data-bundles")
        assert bundles.split(), f"the {lang} search page has no index"
        for bundle in bundles.split():  # one index per year, each holding this language only
            assert re.fullmatch(rf"/pagefind/{lang}/(\d{{4}}|undated)/", bundle)
            entry = json.loads((multilingual_site / bundle.strip("/") / "pagefind-entry.json").read_text())
            assert list(entry["languages"]) == [lang]
        years = [b.split("/")[3] for b in bundles.split()]
        assert years == sorted(years, key=lambda y: (y != "undated", y), reverse=True), "newest first, undated last"


# --- internal link checker (--strict) -----------------------------------------------------

@pytest.mark.parametrize("base_url", [None, "https://paper.example.com/edition/"])
def test_strict_build_passes_on_the_fixture_sites(tmp_path, base_url):
    from helpers import SEEDS

    for content in (SEEDS, FIXTURES / "multilingual" / "content", FIXTURES / "unicode" / "content"):
        build(content, tmp_path / "site", strict=True, base_url=base_url)


def test_strict_build_fails_on_a_broken_link_and_keeps_the_site(tmp_path):
    import shutil

    from helpers import SEEDS, override_template, run_cli, tree_digest

    shutil.copytree(SEEDS, tmp_path / "content")
    assert run_cli("--strict", cwd=tmp_path).returncode == 0
    before = tree_digest(tmp_path / "site")
    footer = override_template(tmp_path / "templates", "base.html")
    original = footer.read_text()
    broken = original.replace("<a href=\"{{ link('/') }}\">", "<a href=\"{{ link('/missing/') }}\">", 1)
    assert broken != original
    footer.write_text(broken)
    result = run_cli("--strict", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors and all("broken link to /missing/" in line for line in errors)
    assert any(line.startswith("error: /fr/index.html:") for line in errors)
    assert tree_digest(tmp_path / "site") == before
    assert run_cli(cwd=tmp_path).returncode == 0, "without --strict the link is not checked"
